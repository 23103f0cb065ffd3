// Validation of the policy documents IAM stores (trust policies, inline policies) with the policy
// engine's validator, answered with AWS's MalformedPolicyDocument error.
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import { parsePolicy, policySize as enginePolicySize } from '../../policy/index.js';
import type { CompiledPolicy, PolicyKind } from '../../policy/types.js';
import { partition } from '../../aws/partitions.js';

export function malformed(message: string): AwsError {
  return errors.MalformedPolicyDocument(message);
}

/** Throws MalformedPolicyDocument with AWS's message when `document` is not a valid policy of `kind`. */
export async function validatePolicyDocument(document: string, kind: PolicyKind): Promise<void> {
  if (kind === 'trust') trustChecks(document);
  const result = parsePolicy(document, kind, { partition: partition() });
  if (!result.ok) throw malformed(result.errors[0]?.message ?? 'Syntax errors in policy.');
}

/**
 * What IAM checks first in a trust policy (CreateRole, UpdateAssumeRolePolicy), with its own texts
 * (recorded against AWS): text that is not JSON, and actions other than STS's role-assuming ones.
 */
function trustChecks(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  const statements = (parsed as { Statement?: unknown } | null)?.Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    if (!statement || typeof statement !== 'object' || 'Resource' in statement) continue;
    const action = (statement as { Action?: unknown }).Action;
    for (const a of Array.isArray(action) ? action : action === undefined ? [] : [action]) {
      if (typeof a === 'string' && !/^(\*|sts:\*|sts:AssumeRole[A-Za-z]*|sts:TagSession|sts:SetSourceIdentity|sts:SetContext)$/i.test(a)) {
        throw malformed('AssumeRole policy may only specify STS AssumeRole actions.');
      }
    }
  }
}

/** The size IAM counts against its quotas: the document without whitespace. */
export function policySize(document: string): number {
  return enginePolicySize(document);
}

/**
 * A stored document as the engine's compiled policy (the engine caches it by kind and text, so the same
 * text always yields the same object); a document that does not parse is MalformedPolicyDocument.
 */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  const result = parsePolicy(text, kind, { partition: partition() });
  if (!result.ok) throw malformed(result.errors.map((e) => e.message).join(' '));
  return result.policy;
}
