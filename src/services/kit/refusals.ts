// AWS's texts for what a linked service refuses or cannot find: one place for each, so that every service
// words them alike. (The implicit-deny decision itself is IAM's: implicitDeny in services/iam/deciders.ts.)
import type { Decision } from '../../policy/types.js';

/**
 * AWS's AccessDenied text for a call made through a role: "User: PRINCIPAL is not authorized to perform:
 * ACTION on resource: RESOURCE because no identity-based policy allows the ACTION action" (or "with an
 * explicit deny in an identity-based policy"), and the engine's explanation in parentheses when it has one.
 */
export function notAuthorizedMessage(principalArn: string, action: string, resource: string, decision: Decision): string {
  const because =
    decision.decision === 'explicitDeny' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`;
  const explanation = decision.explanation ? ` (${decision.explanation})` : '';
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${because}${explanation}`;
}

/** AWS's text for an ARN (in a tagging call, say) that names nothing of the caller's account and region. */
export const resourceDoesNotExist = (arn: string): string => `The resource ${arn} does not exist.`;
