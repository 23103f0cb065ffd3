// ARNs as IAM matches them: `arn:partition:service:region:account:resource`, each of the first five
// segments matched on its own (a wildcard never crosses their `:`), the resource segment matched as a
// whole (it may contain `:` and `/`).
import { compileGlob, globFromAtoms, globMatches, splitWildcards, type Atom, type Glob } from './glob.js';
import { resolveVariable, type TemplatePart } from './variables.js';
import type { RequestView } from './request.js';

/** Where the first five `:` of an ARN are, found once per request value. */
export class ArnText {
  /** Offsets of the five separating colons, or undefined when the text is not an ARN. */
  readonly colons: readonly number[] | undefined;
  constructor(readonly text: string) {
    this.colons = findArnColons(text);
  }
  segment(index: number): string {
    const colons = this.colons;
    if (!colons) return '';
    const start = index === 0 ? 0 : colons[index - 1] + 1;
    return this.text.slice(start, index === 5 ? this.text.length : colons[index]);
  }
}

function findArnColons(text: string): number[] | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const colons = [3];
  let i = 3;
  while (colons.length < 5) {
    i = text.indexOf(':', i + 1);
    if (i < 0) return undefined;
    colons.push(i);
  }
  return colons;
}

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

/** A compiled ARN pattern: six segment globs, or one glob over the whole text for `*` and non-ARN text. */
export interface ArnPattern {
  readonly source: string;
  readonly whole?: Glob;
  readonly segments?: readonly Glob[];
  /** Segments that hold variables, resolved per request (policy Version 2012-10-17 only). */
  readonly templates?: readonly (readonly TemplatePart[])[];
}

export function compileArnPattern(pattern: string, template?: readonly TemplatePart[]): ArnPattern {
  if (template) return { source: pattern, templates: splitTemplateSegments(template) };
  const segments = splitArnSegments(pattern);
  if (!segments) return { source: pattern, whole: compileGlob(pattern) };
  return { source: pattern, segments: segments.map(compileGlob) };
}

function splitArnSegments(pattern: string): string[] | undefined {
  const arn = new ArnText(pattern);
  if (!arn.colons) return undefined;
  return [0, 1, 2, 3, 4, 5].map((i) => arn.segment(i));
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
  const colons = arn.colons;
  if (!colons) return false;
  if (pattern.templates) {
    const resolved = view && resolveArnPattern(pattern, view);
    return resolved !== undefined && segmentsMatch(resolved.segments!, arn.text, colons);
  }
  return segmentsMatch(pattern.segments!, arn.text, colons);
}

function segmentsMatch(globs: readonly Glob[], text: string, colons: readonly number[]): boolean {
  // The resource segment first: it is the one most likely to differ.
  if (!globMatches(globs[5], text, colons[4] + 1, text.length)) return false;
  let start = 0;
  for (let i = 0; i < 5; i++) {
    if (!globMatches(globs[i], text, start, colons[i])) return false;
    start = colons[i] + 1;
  }
  return true;
}

/** The pattern with this request's variable values in place; undefined when one is unresolved. */
export function resolveArnPattern(pattern: ArnPattern, view: RequestView): ArnPattern | undefined {
  if (!pattern.templates) return pattern;
  if (pattern.templates.length !== 6) return undefined;
  const segments: Glob[] = [];
  for (const template of pattern.templates) {
    const glob = resolveGlobTemplate(template, view);
    if (!glob) return undefined;
    segments.push(glob);
  }
  return { source: pattern.source, segments };
}

/** A glob whose variable values are literal text (a `*` in a user name is not a wildcard). */
export function resolveGlobTemplate(template: readonly TemplatePart[], view: RequestView): Glob | undefined {
  const atoms: Atom[] = [];
  for (const part of template) {
    if (typeof part === 'string') splitWildcards(part, atoms);
    else {
      const value = resolveVariable(part, view);
      if (value === undefined) return undefined;
      atoms.push(value);
    }
  }
  return globFromAtoms(atoms);
}
