// IAM's text patterns as Z3 regular expressions over strings: `*` / `?` globs (actions, StringLike),
// ARNs matched segment by segment (Resource, ArnLike: a wildcard in the first five segments never
// crosses their `:`), ASCII letter case folded (Bool's `true` / `false`). Each mirrors the engine's
// matcher in src/policy (glob.ts, arn.ts, arn-text.ts) exactly.
import type { Re, Seq } from 'z3-solver';
import { ONE, STAR, type Atom, type Glob } from '../../../policy/glob.js';
import type { Z3 } from './solver.js';

export type Regex = Re<'main'>;

export class Patterns {
  private readonly sort;
  readonly anyChar: Regex;
  readonly anyText: Regex;
  /** One character other than `:`, what a wildcard in an ARN's first five segments may match. */
  readonly segmentChar: Regex;
  /** One character other than a line terminator: JavaScript's `.` in the engine's principal patterns. */
  readonly dot: Regex;

  constructor(readonly z: Z3) {
    this.sort = z.Re.sort(z.String.sort());
    this.anyChar = z.AllChar(this.sort);
    this.anyText = z.Star(this.anyChar);
    this.segmentChar = z.Diff(this.anyChar, this.literal(':'));
    this.dot = z.Diff(this.anyChar, z.Union(this.literal('\n'), this.literal('\r'), this.literal('\u2028'), this.literal('\u2029')));
  }

  literal(text: string): Regex {
    return this.z.Re.toRe(this.text(text));
  }

  /**
   * The text as a Z3 string of its UTF-16 code units, one Z3 character each, as the engine's JavaScript
   * compares and `?` counts them. Z3's string literals read escapes (`\u{41}` is `A`) and take only
   * printable ASCII as it is: any other text is built code unit by code unit.
   */
  text(text: string): Seq<'main'> {
    if (/^[\x20-\x5b\x5d-\x7e]*$/.test(text)) return this.z.String.val(text);
    let built: Seq<'main'> | undefined;
    for (let i = 0; i < text.length; i++) {
      const unit = this.z.String.fromCode(text.charCodeAt(i));
      built = built ? built.concat(unit) : unit;
    }
    return built!;
  }

  nothing(): Regex {
    return this.z.Empty(this.sort);
  }

  concat(...parts: Regex[]): Regex {
    if (parts.length === 0) return this.literal('');
    return parts.length === 1 ? parts[0] : this.z.ReConcat(...parts);
  }

  union(parts: Regex[]): Regex {
    if (parts.length === 0) return this.nothing();
    return parts.length === 1 ? parts[0] : this.z.Union(...parts);
  }

  /** A glob's atoms, a wildcard matching `char` (any character, or any but `:` in an ARN segment). */
  atoms(atoms: readonly Atom[], char: Regex = this.anyChar): Regex {
    return this.concat(...atoms.map((atom) => (atom === STAR ? this.z.Star(char) : atom === ONE ? char : this.literal(atom))));
  }

  glob(glob: Glob, char: Regex = this.anyChar): Regex {
    return this.atoms(glob.atoms, char);
  }

  /** Six segment globs: `seg0:seg1:seg2:seg3:seg4:seg5`, the first five without `:`, the last with any. */
  arn(segments: readonly Regex[]): Regex {
    const parts: Regex[] = [];
    segments.forEach((segment, i) => {
      if (i > 0) parts.push(this.literal(':'));
      parts.push(segment);
    });
    return this.concat(...parts);
  }

  /** The ARN text of six segment globs, as arnMatches reads a request value that has five colons. */
  arnGlobs(segments: readonly Glob[]): Regex {
    return this.arn(segments.map((g, i) => this.glob(g, i < 5 ? this.segmentChar : this.anyChar)));
  }

  /** `[^:]*`: any text of one ARN segment. */
  segment(): Regex {
    return this.z.Star(this.segmentChar);
  }

  /** The text in any ASCII letter case (`true`, `TRUE`, `tRuE`). */
  caseless(text: string): Regex {
    return this.concat(
      ...[...text].map((c) => {
        const lower = c.toLowerCase();
        const upper = c.toUpperCase();
        return lower === upper ? this.literal(c) : this.z.Union(this.literal(lower), this.literal(upper));
      }),
    );
  }
}
