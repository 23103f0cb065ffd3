// Wildcard matching for IAM's `*` (any run of characters, possibly empty) and `?` (one character).
// A pattern is compiled once into atoms; the common shapes (no wildcard, a trailing `*`, a lone `*`)
// get their own cheap tests so that evaluation does no regular-expression work and no allocation.

/** An atom is literal text, or one of the two wildcards. */
export type Atom = string | typeof STAR | typeof ONE;
export const STAR = 0;
export const ONE = 1;

export const enum GlobKind {
  Any,
  Exact,
  Prefix,
  Atoms,
}

export interface Glob {
  readonly kind: GlobKind;
  /** For Exact, the whole text; for Prefix, the text before the final `*`. */
  readonly literal: string;
  readonly atoms: readonly Atom[];
}

/** Compiles a pattern in which `*` and `?` are wildcards. */
export function compileGlob(pattern: string): Glob {
  return globFromAtoms(splitWildcards(pattern, []));
}

/** Appends the atoms of `text` (wildcards active) to `atoms`. */
export function splitWildcards(text: string, atoms: Atom[]): Atom[] {
  let literalStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '*' && c !== '?') continue;
    if (i > literalStart) atoms.push(text.slice(literalStart, i));
    // Consecutive stars are one star; keeping one makes backtracking cheaper.
    if (c === '?' || atoms[atoms.length - 1] !== STAR) atoms.push(c === '*' ? STAR : ONE);
    literalStart = i + 1;
  }
  if (literalStart < text.length) atoms.push(text.slice(literalStart));
  return atoms;
}

/** Builds a glob from atoms, where literal atoms are matched as they are (wildcard characters included). */
export function globFromAtoms(atoms: Atom[]): Glob {
  const merged = mergeLiterals(atoms);
  if (merged.length === 1 && merged[0] === STAR) return { kind: GlobKind.Any, literal: '', atoms: merged };
  if (merged.length === 0) return { kind: GlobKind.Exact, literal: '', atoms: merged };
  if (merged.length === 1 && typeof merged[0] === 'string') {
    return { kind: GlobKind.Exact, literal: merged[0], atoms: merged };
  }
  if (merged.length === 2 && typeof merged[0] === 'string' && merged[1] === STAR) {
    return { kind: GlobKind.Prefix, literal: merged[0], atoms: merged };
  }
  return { kind: GlobKind.Atoms, literal: '', atoms: merged };
}

function mergeLiterals(atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (const atom of atoms) {
    const last = out[out.length - 1];
    if (typeof atom === 'string' && typeof last === 'string') out[out.length - 1] = last + atom;
    else if (atom === STAR && last === STAR) continue;
    else if (atom !== '') out.push(atom);
  }
  return out;
}

/**
 * Does `literal` occur in `text` at `start` (which leaves room for it)? A loop the JIT inlines: the
 * startsWith builtin is a call that first checks whether its argument is a regular expression.
 */
export function occursAt(text: string, literal: string, start: number): boolean {
  for (let i = 0; i < literal.length; i++) if (text.charCodeAt(start + i) !== literal.charCodeAt(i)) return false;
  return true;
}

/** Does `text[start, end)` match the glob? */
export function globMatches(glob: Glob, text: string, start = 0, end = text.length): boolean {
  switch (glob.kind) {
    case GlobKind.Any:
      return true;
    case GlobKind.Exact:
      return end - start === glob.literal.length && occursAt(text, glob.literal, start);
    case GlobKind.Prefix:
      return end - start >= glob.literal.length && occursAt(text, glob.literal, start);
    default:
      return atomsMatch(glob.atoms, text, start, end);
  }
}

// Greedy matching that backtracks only to the last star: complete for patterns made of literals,
// `?` and `*`, and linear in practice. Literal atoms must not be empty.
export function atomsMatch(atoms: readonly Atom[], text: string, start: number, end: number): boolean {
  let a = 0;
  let t = start;
  let starAtom = -1;
  let starText = 0;
  while (t < end || a < atoms.length) {
    if (a < atoms.length) {
      const atom = atoms[a];
      if (atom === STAR) {
        starAtom = a++;
        starText = t;
        continue;
      }
      if (atom === ONE) {
        if (t < end) {
          a++;
          t++;
          continue;
        }
      } else if (end - t >= atom.length && occursAt(text, atom, t)) {
        a++;
        t += atom.length;
        continue;
      }
    }
    if (starAtom < 0 || starText >= end) return false;
    a = starAtom + 1;
    t = ++starText;
  }
  return true;
}
