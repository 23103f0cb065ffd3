// Authorization of IAM users' requests: the engine decides each permission against the user's policies
// (its inline and attached policies and those of its groups), limited by its permissions boundary, in
// the request context AWS provides. Refusals are explained (for the audit trail) and attributed to the
// policy type that refused, for AWS's AccessDenied text. Callers of other kinds go to the fallback.
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import { evaluate, explain } from '../../policy/index.js';
import type { AuthorizationRequest, Decision } from '../../policy/types.js';
import type { CallerDecision, CallerPolicyDecider } from './authorizer.js';
import type { Identities, UserAuthorization } from './identities.js';
import { baseRequestContext, targetRequestContext } from './request-context.js';

const NOBODY: Decision = {
  decision: 'implicitDeny',
  matchedStatements: [],
  missingContextValues: [],
  unmatchedStatements: [],
  explanation: 'No identity-based policy allows the action.',
};

/** A request's targets are decided one after the other: the user's policies are loaded once per request. */
const CACHE_LIMIT = 64;

export class UserPolicyDecider implements CallerPolicyDecider {
  private readonly loaded = new Map<string, Promise<UserAuthorization | undefined>>();

  constructor(
    private readonly identities: Identities,
    private readonly fallback: CallerPolicyDecider | undefined,
  ) {}

  async decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<CallerDecision> {
    if (caller.type !== 'user') return this.fallback ? this.fallback.decide(caller, target, ctx) : NOBODY;
    const found = await this.load(caller.userId, ctx.requestId);
    if (!found) return { ...NOBODY, explanation: 'The user no longer exists.' };
    const base = baseRequestContext(ctx, {
      arn: found.user.arn,
      accountId: found.user.accountId,
      type: 'User',
      userId: found.user.userId,
      userName: found.user.userName,
      tags: found.tags,
    });
    const request: AuthorizationRequest = {
      principal: found.user.arn,
      principalAccount: found.user.accountId,
      action: target.action,
      resource: target.resource,
      context: targetRequestContext(base, target),
      identityPolicies: found.identity,
      permissionsBoundaries: found.boundary ? [found.boundary] : undefined,
    };
    const fast = evaluate(request);
    if (fast.decision === 'allowed') return fast;
    const explained: CallerDecision = explain(request);
    if (explained.decision === 'implicitDeny' && found.boundary && explained.boundaryAllowed === false) {
      // Refused by the boundary only if the identity policies alone would allow.
      if (evaluate({ ...request, permissionsBoundaries: undefined }).decision === 'allowed') explained.refusedBy = 'permissions boundary';
    }
    return explained;
  }

  private load(userId: string, requestId: string): Promise<UserAuthorization | undefined> {
    const key = `${requestId}\u0000${userId}`;
    let found = this.loaded.get(key);
    if (!found) {
      found = this.identities.userAuthorization(userId);
      if (this.loaded.size >= CACHE_LIMIT) this.loaded.delete(this.loaded.keys().next().value!);
      this.loaded.set(key, found);
      found.catch(() => this.loaded.delete(key));
    }
    return found;
  }
}
