// Session policies as the federation operations take them (AssumeRoleWithSAML, GetFederationToken): an
// inline Policy and managed PolicyArns. AWS evaluates them together as the session's policies (a request
// is allowed when any of them allows it, and the session's principal policies allow it too), so they are
// kept as one document: the statements of the inline policy and of each managed policy's default version,
// read when the session is made (a later new default version does not change an existing session here).
import { commonErrors, errors } from '../../aws/generated/sts.js';
import type { Iam } from '../iam/iam.js';
import { compilePolicy } from '../iam/policy-documents.js';

/** AWS's limit on managed session policies per request. */
const POLICY_ARNS_LIMIT = 10;

function statements(text: string): unknown[] {
  const parsed = JSON.parse(text) as { Statement?: unknown };
  const s = parsed.Statement;
  return Array.isArray(s) ? s : s === undefined ? [] : [s];
}

/**
 * The session's policies as one document, or undefined when none was passed. A malformed inline policy is
 * MalformedPolicyDocument; a managed policy that does not exist is refused before anything is made.
 */
export async function sessionPolicyDocument(iam: Iam, input: { Policy?: string; PolicyArns?: { arn?: string }[] }): Promise<string | undefined> {
  const arns = (input.PolicyArns ?? []).map((p) => p.arn).filter((arn): arn is string => arn !== undefined);
  if (arns.length > POLICY_ARNS_LIMIT) {
    throw commonErrors.ValidationError(`1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${POLICY_ARNS_LIMIT}`);
  }
  if (input.Policy === undefined && arns.length === 0) return undefined;
  const all: unknown[] = [];
  if (input.Policy !== undefined) {
    compilePolicy(input.Policy, 'session');
    all.push(...statements(input.Policy));
  }
  for (const arn of arns) {
    const document = await iam.policies.document(arn);
    if (document === undefined) throw commonErrors.InvalidParameterValue(`Policy ${arn} does not exist or is not attachable.`);
    all.push(...statements(document));
  }
  const merged = JSON.stringify({ Version: '2012-10-17', Statement: all });
  // The merged document is what the engine evaluates; it compiles as each part did.
  if (all.length > 0) compilePolicy(merged, 'session');
  return merged;
}

/**
 * PackedPolicySize: the inline session policy (minified), the managed policies' ARNs and the session tags as a
 * percentage of the 2048 characters AWS allows, as AssumeRole counts them here (AWS packs them in a binary form
 * it does not document, so the figure is linkedrole's, not AWS's); over 100 is PackedPolicyTooLarge.
 */
export function packedPolicyPercent(input: { Policy?: string; PolicyArns?: { arn?: string }[] }, tags: Record<string, string> | undefined): number {
  let size = input.Policy !== undefined ? JSON.stringify(JSON.parse(input.Policy)).length : 0;
  for (const p of input.PolicyArns ?? []) size += p.arn?.length ?? 0;
  for (const [key, value] of Object.entries(tags ?? {})) size += key.length + value.length;
  const percent = Math.max(1, Math.ceil((size * 100) / 2048));
  if (percent > 100) throw errors.PackedPolicyTooLarge(`Packed size of consumed sessionPolicies and sessionTags exceeds ${percent}% of limit.`);
  return percent;
}
