// The context keys a document refers to (condition keys and the variables in condition values), as
// IAM's GetContextKeysFor*Policy report them.
import type { Policy } from './compile.js';
import { conditionKeys } from './conditions/condition.js';
import type { CompiledPolicy } from './types.js';

/** Distinct keys, first spelling kept, in document order. */
export function contextKeys(policies: readonly CompiledPolicy[]): string[] {
  const seen = new Map<string, string>();
  for (const policy of policies) {
    for (const statement of (policy as Policy).statements) {
      for (const condition of statement.conditions) {
        for (const key of conditionKeys(condition)) if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
      }
    }
  }
  return [...seen.values()];
}
