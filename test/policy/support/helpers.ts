// Small helpers for the policy tests: compile a document or fail loudly, and decide one condition.
import assert from 'node:assert/strict';
import { evaluate, parsePolicy, type CompiledPolicy, type ContextValues, type PolicyKind } from '../../../src/policy/index.js';

export const USER = 'arn:aws:iam::123456789012:user/alice';

export function compiled(document: string | object, kind: PolicyKind = 'identity'): CompiledPolicy {
  const result = parsePolicy(document, kind);
  if (!result.ok) assert.fail(`unexpected validation errors: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

/** Does a statement with this Condition block allow a request with this context? */
export function conditionHolds(
  condition: Record<string, Record<string, unknown>>,
  context: ContextValues | undefined,
  version: '2012-10-17' | '2008-10-17' = '2012-10-17',
): boolean {
  const policy = compiled({ Version: version, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }] });
  const decision = evaluate({ principal: USER, action: 's3:GetObject', resource: '*', context, identityPolicies: [{ policy }] });
  return decision.decision === 'allowed';
}

/** One row of a condition table: operator, key, policy value(s), request value (undefined: absent), expected. */
export type ConditionCase = [string, string, unknown, string | string[] | undefined, boolean];

export function checkConditionTable(t: { test: (name: string, fn: () => void) => unknown }, cases: ConditionCase[]): void {
  for (const [operator, key, policyValue, requestValue, expected] of cases) {
    const name = `${operator} ${key} ${JSON.stringify(policyValue)} vs ${JSON.stringify(requestValue)} -> ${expected}`;
    t.test(name, () => {
      const context = requestValue === undefined ? {} : { [key]: requestValue };
      assert.equal(conditionHolds({ [operator]: { [key]: policyValue } }, context), expected);
    });
  }
}
