// ValidatePolicy's checks: the grammar first (which reads the policy), then each family of checks over
// what it read. Findings are in document order (by where their first location starts), so that a page
// of them is always the same part of the list.
import type { PolicyType, ValidatePolicyFinding, ValidatePolicyResourceType } from '../../../aws/generated/accessanalyzer.js';
import { checkActions } from './actions.js';
import { checkConditions } from './conditions.js';
import { CheckContext } from './context.js';
import { readPolicy } from './grammar.js';
import { SourceText } from './locations.js';
import { checkPermissiveStatements } from './permissive.js';
import { checkPrincipalGrants } from './principals.js';
import { checkRedundancy } from './redundancy.js';
import { checkResources } from './resources.js';
import { checkVariables } from './variables.js';

export async function validatePolicyDocument(
  text: string,
  policyType: PolicyType,
  resourceType?: ValidatePolicyResourceType,
): Promise<ValidatePolicyFinding[]> {
  const ctx = new CheckContext(new SourceText(text), policyType, resourceType);
  const policy = readPolicy(ctx);
  if (policy) {
    await checkActions(ctx, policy);
    await checkResources(ctx, policy);
    await checkConditions(ctx, policy);
    checkVariables(ctx, policy);
    checkPrincipalGrants(ctx, policy);
    checkPermissiveStatements(ctx, policy);
    await checkRedundancy(ctx, policy);
  }
  const start = (finding: ValidatePolicyFinding) => finding.locations[0]?.span.start.offset ?? 0;
  return ctx.findings.map((finding, i) => ({ finding, i })).sort((a, b) => start(a.finding) - start(b.finding) || a.i - b.i).map(({ finding }) => finding);
}
