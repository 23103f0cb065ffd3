// The shape every condition operator family implements. Policy values are parsed when the policy is
// compiled; request values once per evaluation; `matches` then only compares.
import type { RequestView } from '../request.js';
import type { TemplatePart } from '../variables.js';

export interface OperatorFamily<RequestValue = unknown, PolicyValue = unknown> {
  /** undefined when the text can never match (e.g. `abc` for a numeric operator). */
  parsePolicyValue(text: string): PolicyValue | undefined;
  /**
   * For families where a variable's value must stay literal text (wildcard families): compile a value
   * with variables once, then resolve it per request. Other families substitute, then parse.
   */
  compilePolicyTemplate?(template: readonly TemplatePart[]): unknown;
  resolvePolicyTemplate?(compiled: any, view: RequestView): PolicyValue | undefined;
  /** undefined when the request value is not of the family's type: the condition is then false. */
  parseRequestValue(text: string): RequestValue | undefined;
  matches(requestValue: RequestValue, policyValue: PolicyValue): boolean;
}

/** A family whose request values are plain strings. */
export const asString = (text: string): string => text;
