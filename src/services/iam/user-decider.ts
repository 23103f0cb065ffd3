// Authorization of IAM users' requests: the engine decides each permission against the user's policies
// (its inline and attached policies and those of its groups), limited by its permissions boundary, in
// the request context AWS provides. The composition root's decider table sends the 'user' callers here.
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import type { AuthorizationRequest } from '../../policy/types.js';
import { decideRequest, implicitDeny, type CallerDecision, type CallerPolicyDecider } from './deciders.js';
import type { Identities, UserAuthorization } from './identities.js';
import { baseRequestContext, targetRequestContext } from './request-context.js';

/** A request's targets are decided one after the other: the user's policies are loaded once per request. */
const CACHE_LIMIT = 64;

export class UserPolicyDecider implements CallerPolicyDecider {
  private readonly loaded = new Map<string, Promise<UserAuthorization | undefined>>();

  constructor(private readonly identities: Identities) {}

  async decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<CallerDecision> {
    const found = await this.load(caller.userId, ctx.requestId);
    if (!found) return implicitDeny('The user no longer exists.');
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
      resourcePolicy: target.resourcePolicy ?? undefined,
    };
    return decideRequest(request, target);
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
