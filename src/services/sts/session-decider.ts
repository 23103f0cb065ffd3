// Authorization of requests signed with role session credentials: the engine decides each permission
// against the assumed role's policies (and the session policy passed to AssumeRole, if any), with the
// role's tags and the session tags as aws:PrincipalTag/*. The composition root's decider table sends
// the 'assumed-role' callers here (GetSessionToken's credentials act as their user or root).
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import type { AuthorizationRequest } from '../../policy/types.js';
import { decideRequest, implicitDeny, type CallerDecision, type CallerPolicyDecider } from '../iam/deciders.js';
import type { Iam } from '../iam/iam.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { baseRequestContext, targetRequestContext } from '../iam/request-context.js';
import type { SessionStore } from './sessions.js';

export class SessionPolicyDecider implements CallerPolicyDecider {
  constructor(
    private readonly iam: Iam,
    private readonly sessions: SessionStore,
  ) {}

  async decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<CallerDecision> {
    const found = await this.sessions.get(caller.accessKeyId);
    const session = found?.kind === 'role' ? found : undefined;
    const role = session ? await this.iam.roles.find(session.accountId, session.roleName) : undefined;
    // A session whose role was deleted (or recreated with a new id) has no permissions left.
    if (!session || !role || role.roleId !== session.roleId) return implicitDeny('The role of this session no longer exists.');
    const [policies, roleTags] = await Promise.all([this.iam.rolePolicies.load(role), this.iam.roles.tags(role.accountId, role.roleName)]);
    const tags = principalTags(roleTags, session.sessionTags);
    const base = baseRequestContext(ctx, { arn: role.arn, accountId: role.accountId, type: 'AssumedRole', userId: caller.userId, tags });
    // A web identity session's keys (aws:FederatedProvider, URL:sub, ...) are in every request's context.
    const context = targetRequestContext(session.webIdentity ? { ...base, ...session.webIdentity } : base, target);
    const request: AuthorizationRequest = {
      principal: caller.arn,
      principalAccount: caller.accountId,
      action: target.action,
      resource: target.resource,
      context,
      identityPolicies: policies.identity,
      permissionsBoundaries: policies.boundary ? [policies.boundary] : undefined,
      sessionPolicy: session.sessionPolicy ? { policy: compilePolicy(session.sessionPolicy, 'session'), id: 'SessionPolicy', type: 'session' } : undefined,
      isServiceLinkedRole: role.serviceLinked,
      resourcePolicy: target.resourcePolicy ?? undefined,
    };
    return decideRequest(request, target);
  }
}

/**
 * A role session's aws:PrincipalTag values: the role's tags, then the session tags passed to AssumeRole,
 * which replace a role tag with the same key (keys compare case-insensitively, as IAM's tag keys do).
 */
export function principalTags(roleTags: { Key: string; Value: string }[], sessionTags: Record<string, string> | undefined): Record<string, string> {
  const tags = new Map<string, [string, string]>();
  for (const tag of roleTags) tags.set(tag.Key.toLowerCase(), [tag.Key, tag.Value]);
  for (const [key, value] of Object.entries(sessionTags ?? {})) tags.set(key.toLowerCase(), [key, value]);
  return Object.fromEntries(tags.values());
}
