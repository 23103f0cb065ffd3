// ARNs as IAM matches them: `arn:partition:service:region:account:resource`, each of the first five
// segments matched on its own (a wildcard never crosses their `:`), the resource segment matched as a
// whole (it may contain `:` and `/`).
import { atomsMatch, compileGlob, globFromAtoms, globMatches, GlobKind, occursAt, splitWildcards, type Atom, type Glob } from './glob.js';
import { resolveVariable, type TemplatePart, type VariableRef } from './variables.js';
import { ArnText } from './arn-text.js';
import type { RequestView } from './request.js';

/** The parts of an ARN, or undefined when `text` is not one. */
export function parseArn(
  text: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const arn = new ArnText(text);
  if (!arn.colons) return undefined;
  return {
    partition: arn.segment(1),
    service: arn.segment(2),
    region: arn.segment(3),
    account: arn.segment(4),
    resource: arn.segment(5),
  };
}

/**
 * A compiled ARN pattern: six segment globs (or templates), or one glob over the whole text for `*`
 * and other non-ARN text; neither for a malformed ARN, which matches nothing.
 */
export interface ArnPattern {
  readonly source: string;
  readonly whole?: Glob;
  readonly segments?: readonly Glob[];
  /** With policy variables (Version 2012-10-17 only): per segment, a glob or a template resolved per request. */
  readonly templates?: readonly (Glob | GlobTemplate)[];
  /**
   * With segments: the leading segments without wildcards, each followed by its `:` (`arn:aws:s3:::`),
   * which one comparison checks; how many segments that is (0 to 5).
   */
  readonly head?: string;
  readonly headSegments?: number;
}

/** Wildcard atoms and variables; a variable's value is literal text (a `*` in a user name is no wildcard). */
export interface GlobTemplate {
  readonly parts: readonly (Atom | VariableRef)[];
}

/**
 * `shortArns`: for Resource / NotResource, where an ARN cut short by a `*` reaches past the remaining
 * colons; ARN condition operators check all six components (AWS), so a short value there matches nothing.
 */
export function compileArnPattern(pattern: string, template?: readonly TemplatePart[], shortArns = false): ArnPattern {
  if (template) {
    const segments = splitTemplateSegments(template);
    return { source: pattern, templates: (shortArns ? padShortArn(segments) : segments).map(compileGlobTemplate) };
  }
  const segments = splitArnSegments(pattern, shortArns);
  // `*` (or other non-ARN text) is matched as a whole; an ARN cut short matches nothing, unless a `*` ends it.
  if (!segments) return pattern.startsWith('arn:') ? { source: pattern } : { source: pattern, whole: compileGlob(pattern) };
  return withHead(pattern, segments.map(compileGlob));
}

function withHead(source: string, segments: Glob[]): ArnPattern {
  let headSegments = 0;
  while (headSegments < 5 && segments[headSegments].kind === GlobKind.Exact) headSegments++;
  const head = segments.slice(0, headSegments).map((s) => `${s.literal}:`).join('');
  return { source, segments, head, headSegments };
}

function splitArnSegments(pattern: string, shortArns: boolean): string[] | undefined {
  const arn = new ArnText(pattern);
  if (arn.colons) return [0, 1, 2, 3, 4, 5].map((i) => arn.segment(i));
  if (!shortArns || !pattern.startsWith('arn:')) return undefined;
  const padded = padShortArn(pattern.split(':'));
  return padded.length === 6 ? padded : undefined;
}

/**
 * An ARN cut short whose last segment ends with `*` (`arn:aws:sqs:us-east-1:*`, `arn:aws:codebuild:*`):
 * the `*` reaches past the colons, which is the same as `*` for every missing segment. Anything else
 * is returned as it is (and, short, matches nothing).
 */
function padShortArn<T extends string | TemplatePart[]>(segments: T[]): T[] {
  if (segments.length >= 6 || segments.length < 4) return segments;
  const last = segments[segments.length - 1];
  const lastText = typeof last === 'string' ? last : last[last.length - 1];
  if (typeof lastText !== 'string' || !lastText.endsWith('*')) return segments;
  const star = (typeof last === 'string' ? '*' : ['*']) as T;
  return [...segments, ...Array.from({ length: 6 - segments.length }, () => star)];
}

// Splits literal parts at the first five colons; a variable's value stays within its segment.
function splitTemplateSegments(template: readonly TemplatePart[]): TemplatePart[][] {
  const segments: TemplatePart[][] = [[]];
  for (const part of template) {
    if (typeof part !== 'string') {
      segments[segments.length - 1].push(part);
      continue;
    }
    let rest = part;
    let colon = rest.indexOf(':');
    while (colon >= 0 && segments.length < 6) {
      segments[segments.length - 1].push(rest.slice(0, colon));
      segments.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    segments[segments.length - 1].push(rest);
  }
  return segments;
}

/** Does the ARN (or `*`, or other text) match the pattern? */
export function arnMatches(pattern: ArnPattern, arn: ArnText, view?: RequestView): boolean {
  if (pattern.whole) return globMatches(pattern.whole, arn.text);
  const text = arn.text;
  const segments = pattern.segments;
  if (segments) {
    // The head's segments hold no `:`, so a text starting with it has its first colons where the head has.
    const head = pattern.head!;
    if (text.length < head.length || !occursAt(text, head, 0)) return false;
    const headSegments = pattern.headSegments!;
    if (headSegments === 5) return globMatches(segments[5], text, head.length, text.length);
    const colons = arn.colons;
    if (!colons) return false;
    // The resource segment first: it is the one most likely to differ.
    if (!globMatches(segments[5], text, colons[4] + 1, text.length)) return false;
    let start = head.length;
    for (let i = headSegments; i < 5; i++) {
      if (!globMatches(segments[i], text, start, colons[i])) return false;
      start = colons[i] + 1;
    }
    return true;
  }
  const colons = arn.colons;
  if (!colons) return false;
  const templates = pattern.templates;
  if (!templates || templates.length !== 6 || !segmentMatches(templates[5], text, colons[4] + 1, text.length, view)) return false;
  let start = 0;
  for (let i = 0; i < 5; i++) {
    if (!segmentMatches(templates[i], text, start, colons[i], view)) return false;
    start = colons[i] + 1;
  }
  return true;
}

function segmentMatches(
  segment: Glob | GlobTemplate,
  text: string,
  start: number,
  end: number,
  view: RequestView | undefined,
): boolean {
  if ('kind' in segment) return globMatches(segment, text, start, end);
  // Resolved into one reused array: matching does not keep it, and adjacent literal atoms match as
  // their concatenation would.
  const atoms = view && resolveGlobTemplate(segment, view, scratchAtoms);
  return atoms !== undefined && atomsMatch(atoms, text, start, end);
}

const scratchAtoms: Atom[] = [];

export function compileGlobTemplate(template: readonly TemplatePart[]): Glob | GlobTemplate {
  const parts: (Atom | VariableRef)[] = [];
  for (const part of template) {
    if (typeof part === 'string') splitWildcards(part, parts as Atom[]);
    else parts.push(part);
  }
  if (parts.every((p) => typeof p !== 'object')) return compileGlob(template.join(''));
  return { parts };
}

/** The template's atoms for this request; undefined when a variable is unresolved. */
export function resolveGlobTemplate(template: GlobTemplate, view: RequestView, into?: Atom[]): Atom[] | undefined {
  const atoms: Atom[] = into ?? [];
  atoms.length = 0;
  for (const part of template.parts) {
    if (typeof part !== 'object') atoms.push(part);
    else {
      const value = resolveVariable(part, view);
      if (value === undefined) return undefined;
      if (value !== '') atoms.push(value);
    }
  }
  return atoms;
}

/** The pattern with this request's variable values in place; undefined when one is unresolved. */
export function resolveArnPattern(pattern: ArnPattern, view: RequestView): ArnPattern | undefined {
  if (!pattern.templates) return pattern;
  if (pattern.templates.length !== 6) return undefined;
  const segments: Glob[] = [];
  for (const segment of pattern.templates) {
    if ('kind' in segment) segments.push(segment);
    else {
      const atoms = resolveGlobTemplate(segment, view);
      if (!atoms) return undefined;
      segments.push(globFromAtoms(atoms));
    }
  }
  return withHead(pattern.source, segments);
}
