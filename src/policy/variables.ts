// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`...), honored only in
// documents of Version 2012-10-17. A text with variables is compiled into parts once; evaluation only
// looks values up.
import { lookupContext, type RequestView } from './request.js';

/** A variable reference. `fixed` is set for `${*}`, `${?}` and `${$}`, which stand for that character. */
export interface VariableRef {
  /** The name as written, e.g. `aws:PrincipalTag/team`. */
  readonly name: string;
  readonly nameLower: string;
  readonly fallback?: string;
  readonly fixed?: string;
}

/** Literal policy text (wildcards active where the consumer supports them) or a variable. */
export type TemplatePart = string | VariableRef;

/** Splits text into parts; returns undefined when the text has no variable (the common case). */
export function parseTemplate(text: string): TemplatePart[] | undefined {
  if (!text.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let literalStart = 0;
  let i = text.indexOf('${');
  while (i >= 0) {
    const close = text.indexOf('}', i + 2);
    if (close < 0) break;
    const variable = parseVariable(text.slice(i + 2, close));
    if (variable) {
      if (i > literalStart) parts.push(text.slice(literalStart, i));
      parts.push(variable);
      literalStart = close + 1;
      i = text.indexOf('${', literalStart);
    } else {
      i = text.indexOf('${', i + 2);
    }
  }
  if (literalStart === 0) return undefined;
  if (literalStart < text.length) parts.push(text.slice(literalStart));
  return parts;
}

const FIXED = new Set(['*', '?', '$']);

// `name` or `name, 'default'` (IAM's syntax for a default value).
function parseVariable(body: string): VariableRef | undefined {
  const trimmed = body.trim();
  if (FIXED.has(trimmed)) return { name: trimmed, nameLower: trimmed, fixed: trimmed };
  const comma = trimmed.indexOf(',');
  const name = (comma < 0 ? trimmed : trimmed.slice(0, comma)).trim();
  if (!/^[A-Za-z0-9_.-]+:[^\s,{}$]+$/.test(name)) return undefined;
  if (comma < 0) return { name, nameLower: name.toLowerCase() };
  const fallback = /^'([^']*)'$/.exec(trimmed.slice(comma + 1).trim());
  if (!fallback) return undefined;
  return { name, nameLower: name.toLowerCase(), fallback: fallback[1] };
}

/**
 * The value a variable takes for this request, or undefined when the request has no (single) value
 * for it and there is no default: a value using it then never matches.
 */
export function resolveVariable(variable: VariableRef, view: RequestView): string | undefined {
  if (variable.fixed !== undefined) return variable.fixed;
  const value = lookupContext(view, variable.nameLower);
  if (typeof value === 'string') return value;
  return variable.fallback;
}

/** Substitutes every variable; undefined when one is unresolved. */
export function resolveTemplate(parts: readonly TemplatePart[], view: RequestView): string | undefined {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = resolveVariable(part, view);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

/** The context keys a template refers to (for MissingContextValues). */
export function templateKeys(parts: readonly TemplatePart[] | undefined): string[] {
  if (!parts) return [];
  return parts.flatMap((p) => (typeof p === 'string' || p.fixed !== undefined ? [] : [p.name]));
}
