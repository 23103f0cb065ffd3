// One condition: an operator applied to one context key and its policy values. Values of the key are
// ORed (NORed for negated operators); the statement ANDs its conditions.
import { lookupContext, RequestView } from '../request.js';
import { parseTemplate, resolveTemplate, templateKeys, type TemplatePart } from '../variables.js';
import { parseBool } from './bool.js';
import type { OperatorFamily } from './family.js';
import { SetOperator, type ConditionOperator } from './operators.js';
import { shared } from '../shared.js';

export interface PolicyValue {
  /** As written in the policy. */
  readonly text: string;
  /** Pre-parsed by the operator's family; undefined when it can never match or has variables. */
  readonly parsed: unknown;
  readonly template?: readonly TemplatePart[];
  /** The template compiled by the family, when it compiles templates. */
  readonly compiledTemplate?: unknown;
}

export interface CompiledCondition {
  /** The operator and key as written, for explanations. */
  readonly operatorName: string;
  readonly key: string;
  readonly keyLower: string;
  readonly operator: ConditionOperator;
  readonly values: readonly PolicyValue[];
  /**
   * The verdict for the view with this stamp: a condition is shared by every statement that writes it
   * alike (shared.ts), and decided once per request.
   */
  verdictStamp: number;
  verdict: boolean;
}

/** The condition, shared with every equal one (same operator, key and values as written). */
export function compileCondition(
  operatorName: string,
  operator: ConditionOperator,
  key: string,
  texts: readonly string[],
  variablesEnabled: boolean,
): CompiledCondition {
  const sharedKey = JSON.stringify(['condition', variablesEnabled, operatorName, key, texts]);
  return shared(sharedKey, () => newCondition(operatorName, operator, key, texts, variablesEnabled));
}

function newCondition(
  operatorName: string,
  operator: ConditionOperator,
  key: string,
  texts: readonly string[],
  variablesEnabled: boolean,
): CompiledCondition {
  const family = operator.base.family;
  const values = texts.map((text): PolicyValue => {
    const template = variablesEnabled ? parseTemplate(text) : undefined;
    if (template) return { text, parsed: undefined, template, compiledTemplate: family?.compilePolicyTemplate?.(template) };
    return { text, parsed: family ? family.parsePolicyValue(text) : parseBool(text) };
  });
  return { operatorName, key, keyLower: key.toLowerCase(), operator, values, verdictStamp: 0, verdict: false };
}

/** The context keys the condition reads: its key and the variables in its values. */
export function conditionKeys(condition: CompiledCondition): string[] {
  return [condition.key, ...condition.values.flatMap((v) => templateKeys(v.template))];
}

/**
 * Effective permissions: does the condition read only keys `known` fixes (its key and the variables in its
 * values)? Such a condition is decided by the context alone, whatever the request.
 */
export function conditionIsKnown(condition: CompiledCondition, known: (keyLower: string) => boolean): boolean {
  if (!known(condition.keyLower)) return false;
  for (const value of condition.values) for (const key of templateKeys(value.template)) if (!known(key.toLowerCase())) return false;
  return true;
}

export function conditionMatches(condition: CompiledCondition, view: RequestView): boolean {
  if (condition.verdictStamp !== view.stamp) {
    condition.verdict = decideCondition(condition, view);
    condition.verdictStamp = view.stamp;
  }
  return condition.verdict;
}

function decideCondition(condition: CompiledCondition, view: RequestView): boolean {
  const operator = condition.operator;
  const family = operator.base.family;
  const value = lookupContext(view, condition.keyLower, condition.key);
  if (!family) return nullMatches(condition, value !== undefined);
  if (value === undefined) {
    if (operator.set === SetOperator.ForAllValues) return true;
    return operator.ifExists || (operator.set === SetOperator.None && operator.base.negated);
  }
  if (typeof value === 'string') return valueSatisfies(condition, family, value, view);
  // A key with several values needs a set operator: a plain operator never matches it.
  if (operator.set === SetOperator.None) return false;
  if (operator.set === SetOperator.ForAllValues) {
    for (const item of value) if (!valueSatisfies(condition, family, item, view)) return false;
    return true;
  }
  for (const item of value) if (valueSatisfies(condition, family, item, view)) return true;
  return false;
}

function nullMatches(condition: CompiledCondition, present: boolean): boolean {
  for (const value of condition.values) if (value.parsed === !present) return true;
  return false;
}

/** Does one request value satisfy the operator against the policy values? */
function valueSatisfies(
  condition: CompiledCondition,
  family: OperatorFamily,
  text: string,
  view: RequestView,
): boolean {
  const requestValue = family.parseRequestValue(text);
  if (requestValue === undefined) return false;
  let matched = false;
  for (const value of condition.values) {
    const policyValue = value.template ? resolvePolicyValue(family, value, view) : value.parsed;
    if (policyValue !== undefined && family.matches(requestValue, policyValue)) {
      matched = true;
      break;
    }
  }
  return condition.operator.base.negated ? !matched : matched;
}

function resolvePolicyValue(family: OperatorFamily, value: PolicyValue, view: RequestView): unknown {
  if (family.resolvePolicyTemplate) return family.resolvePolicyTemplate(value.compiledTemplate, view);
  const text = resolveTemplate(value.template!, view);
  return text === undefined ? undefined : family.parsePolicyValue(text);
}

/** Why the condition is false, naming the operator, the key, and the values involved. */
export function explainConditionFailure(condition: CompiledCondition, view: RequestView): string {
  const { operatorName, key, operator } = condition;
  const value = lookupContext(view, condition.keyLower);
  const expected = JSON.stringify(condition.values.map((v) => v.text));
  const head = `${operatorName} ${key}`;
  if (!operator.base.family) {
    return `${head}: the key is ${value === undefined ? 'absent' : 'present'}, expected ${expected}`;
  }
  if (value === undefined) return `${head}: the key is absent from the request context (policy values ${expected})`;
  if (typeof value !== 'string' && operator.set === SetOperator.None) {
    return `${head}: the key has several values ${JSON.stringify(value)}, which a plain operator never matches (use ForAllValues: or ForAnyValue:)`;
  }
  const unresolved = condition.values.flatMap((v) =>
    v.template && resolveTemplate(v.template, view) === undefined ? [v.text] : [],
  );
  const note = unresolved.length > 0 ? `; unresolved policy variables in ${JSON.stringify(unresolved)}` : '';
  const relation = operator.base.negated ? 'matches one of' : 'does not match';
  if (typeof value === 'string') return `${head}: request value "${value}" ${relation} ${expected}${note}`;
  const failing = value.filter((item) => {
    const single = { ...condition, operator: { ...operator, set: SetOperator.None } };
    return !conditionMatches(single, withSingleValue(view, condition.keyLower, item));
  });
  if (operator.set === SetOperator.ForAllValues) {
    return `${head}: request values ${JSON.stringify(failing)} of ${JSON.stringify(value)} fail against ${expected}${note}`;
  }
  return `${head}: none of the request values ${JSON.stringify(value)} satisfies ${expected}${note}`;
}

// A view whose context holds one value for the key: explains a set operator value by value.
function withSingleValue(view: RequestView, keyLower: string, value: string): RequestView {
  const context: Record<string, string | string[]> = { [keyLower]: value };
  for (const [key, v] of Object.entries(view.context ?? {})) if (key.toLowerCase() !== keyLower) context[key] = v;
  return new RequestView({ ...view.request, context });
}
