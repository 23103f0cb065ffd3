// Role trust policies on their own: the role's resource policy for sts:AssumeRole (and the other
// sts:AssumeRole* actions). Whether a cross-account caller's own identity policies allow the call is
// the caller's side and not decided here.
import { ALLOW, DENY, Matches, NO_UNMATCHED, type Outcome, type Reason } from './evaluate.js';
import { RequestView } from './request.js';
import type { AuthorizationRequest, CompiledPolicy, ContextValues, Decision, EvalDecision } from './types.js';

/**
 * A role's trust policy on its own: may `principal` (a service principal such as `lexv2.amazonaws.com`,
 * matched exactly against Principal.Service; an AWS principal ARN; an account id) perform `action` on
 * the role?
 */
export function evaluateTrust(
  trustPolicy: CompiledPolicy,
  principal: string,
  action = 'sts:AssumeRole',
  context?: ContextValues,
): Decision {
  const outcome = decideTrust(trustPolicy, principal, action, context);
  return {
    decision: outcome.decision,
    matchedStatements: outcome.matchedStatements,
    missingContextValues: [],
    unmatchedStatements: NO_UNMATCHED,
    explanation: '',
  };
}

export function trustRequest(
  trustPolicy: CompiledPolicy,
  principal: string,
  action: string,
  context?: ContextValues,
): AuthorizationRequest {
  const account = /^\d{12}$/.test(principal) ? principal : undefined;
  return {
    principal: account ? `arn:aws:iam::${account}:root` : principal,
    action,
    resource: '*',
    context,
    resourcePolicy: { policy: trustPolicy, type: 'resource', id: 'TrustPolicy' },
  };
}

export function decideTrust(
  trustPolicy: CompiledPolicy,
  principal: string,
  action: string,
  context?: ContextValues,
): Outcome {
  const request = trustRequest(trustPolicy, principal, action, context);
  const view = new RequestView(request);
  const matches = new Matches();
  const flags = matches.scan(request.resourcePolicy!, 'resource', view, false);
  const [decision, reason]: [EvalDecision, Reason] =
    flags & DENY ? ['explicitDeny', 'explicitDeny'] : flags & ALLOW ? ['allowed', 'allowedByTrust'] : ['implicitDeny', 'noAllow'];
  const effect = decision === 'explicitDeny' ? 'Deny' : 'Allow';
  return { decision, reason, matchedStatements: decision === 'implicitDeny' ? [] : matches.select(effect, ~0), view };
}
