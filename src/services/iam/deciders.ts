// Who decides a caller's request, per kind of caller: the account root is allowed everything (as in
// AWS); an IAM user is decided against its own and its groups' policies (user-decider.ts); a role
// session against its role's policies and its session policy (sts/session-decider.ts). The table is
// built once in the composition root and given to the CallerAuthorizer.
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import { evaluate, explain, parseArn, parsePolicy } from '../../policy/index.js';
import type { AuthorizationRequest, Decision, PolicyInput } from '../../policy/types.js';

/**
 * A decision about a caller's request. For an implicit deny, `refusedBy` names the policy type whose
 * missing allow refused it (AWS names one type in its message); identity-based policies by default.
 */
export interface CallerDecision extends Decision {
  refusedBy?: 'identity-based' | 'permissions boundary' | 'session' | 'resource-based';
}

/** Decides one target for one kind of caller. */
export interface CallerPolicyDecider {
  decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<CallerDecision>;
}

/** One decider per kind of caller: adding a kind to `Caller['type']` needs its entry here. */
export type CallerDeciders = Readonly<Record<Caller['type'], CallerPolicyDecider>>;

/** An implicit deny with nothing matched, explained. */
export function implicitDeny(explanation: string): CallerDecision {
  return { decision: 'implicitDeny', matchedStatements: [], missingContextValues: [], unmatchedStatements: [], explanation };
}

/**
 * The account root user: allowed every action in its own account. On a resource of another account that
 * can have a resource-based policy (AuthorizationTarget.resourcePolicy), only what that policy allows.
 */
export const rootDecider: CallerPolicyDecider = {
  decide: async (caller, target) => {
    const account = parseArn(target.resource)?.account;
    if (target.resourcePolicy === undefined || !account || account === caller.accountId) {
      return { decision: 'allowed', matchedStatements: [], missingContextValues: [], unmatchedStatements: [], explanation: 'The account root user is allowed every action.' };
    }
    if (target.resourcePolicy === null) return { ...implicitDeny(`The resource ${target.resource} is another account's and has no resource-based policy.`), refusedBy: 'resource-based' };
    return decideRequest({ principal: caller.arn, principalAccount: caller.accountId, action: target.action, resource: target.resource, context: target.context, identityPolicies: [ROOT_ALLOWS], resourcePolicy: target.resourcePolicy });
  },
};

/** What the root user's own account allows it: everything (the identity side of a cross-account decision). */
const ROOT_ALLOWS: PolicyInput = (() => {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'identity');
  if (!parsed.ok) throw new Error('the root allow-all policy does not parse');
  return { policy: parsed.policy, id: 'root', type: 'root' };
})();

/** An unsigned request's anonymous caller: allowed nothing (its operations need no permission). */
export const anonymousDecider: CallerPolicyDecider = {
  decide: async () => implicitDeny('An unsigned request is allowed no action.'),
};

/**
 * Decides a caller's request with the engine: the fast path decides, and a refusal is decided again
 * with its explanation (for the audit trail) and the policy type that refused it (for AWS's text).
 */
export function decideRequest(request: AuthorizationRequest, target?: AuthorizationTarget): CallerDecision {
  const fast = evaluate(request);
  if (fast.decision === 'allowed') return fast;
  const explained: CallerDecision = explain(request);
  const refusedBy = refusingPolicyType(explained) ?? missingResourcePolicy(request, explained, target);
  if (refusedBy) explained.refusedBy = refusedBy;
  return explained;
}

/** Another account's resource that could have a resource-based policy and has none: that is the policy missing. */
function missingResourcePolicy(request: AuthorizationRequest, decision: Decision, target?: AuthorizationTarget): CallerDecision['refusedBy'] {
  const account = parseArn(request.resource)?.account;
  const identityAllows = decision.policySetDecisions?.identity === 'allowed';
  return target?.resourcePolicy === null && identityAllows && account && account !== request.principalAccount ? 'resource-based' : undefined;
}

/**
 * The policy type AWS names in an implicit deny: the identity-based policies when they do not allow;
 * else the permissions boundary, then the session policy, when that one does not allow (AWS: "because
 * no session policy allows the X action", the IAM User Guide's access-denied examples).
 */
function refusingPolicyType(decision: Decision): CallerDecision['refusedBy'] {
  const sets = decision.policySetDecisions;
  if (decision.decision !== 'implicitDeny' || sets?.identity !== 'allowed') return undefined;
  if (sets.boundary !== undefined && sets.boundary !== 'allowed') return 'permissions boundary';
  if (sets.session !== undefined && sets.session !== 'allowed') return 'session';
  if (sets.resource !== undefined && sets.resource !== 'allowed') return 'resource-based';
  return undefined;
}
