// Authorization of requests signed with role session credentials: the engine decides each permission
// against the assumed role's policies (and the session policy passed to AssumeRole, if any), with the
// role's tags and the session tags as aws:PrincipalTag/*. Callers of other kinds (GetSessionToken's
// credentials act as their user or root) go to the decider that was there before.
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import type { AuthorizationRequest, Decision } from '../../policy/types.js';
import type { CallerPolicyDecider } from '../iam/authorizer.js';
import type { Iam } from '../iam/iam.js';
import { baseRequestContext, targetRequestContext } from '../iam/request-context.js';
import { evaluate, explain } from './engine.js';
import { compilePolicy, type RolePolicyLoader } from './policies.js';
import type { SessionStore } from './sessions.js';

const NO_DECIDER: Decision = {
  decision: 'implicitDeny',
  matchedStatements: [],
  missingContextValues: [],
  unmatchedStatements: [],
  explanation: 'No identity-based policy allows the action.',
};

export class SessionPolicyDecider implements CallerPolicyDecider {
  constructor(
    private readonly iam: Iam,
    private readonly sessions: SessionStore,
    private readonly policies: RolePolicyLoader,
    private readonly fallback: CallerPolicyDecider | undefined,
  ) {}

  async decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<Decision> {
    if (caller.type !== 'assumed-role') return this.fallback ? this.fallback.decide(caller, target, ctx) : NO_DECIDER;
    const found = await this.sessions.get(caller.accessKeyId);
    const session = found?.kind === 'role' ? found : undefined;
    const role = session ? await this.iam.roles.find(session.accountId, session.roleName) : undefined;
    // A session whose role was deleted (or recreated with a new id) has no permissions left.
    if (!session || !role || role.roleId !== session.roleId) return { ...NO_DECIDER, explanation: 'The role of this session no longer exists.' };
    const [policies, roleTags] = await Promise.all([this.policies.load(role), this.iam.roles.tags(role.accountId, role.roleName)]);
    const tags = principalTags(roleTags, session.sessionTags);
    const context = targetRequestContext(baseRequestContext(ctx, { arn: role.arn, accountId: role.accountId, type: 'AssumedRole', userId: caller.userId, tags }), target);
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
    };
    // The fast path decides; a refusal is decided again with its explanation, for the caller's audit trail.
    const decision = evaluate(request);
    return decision.decision === 'allowed' ? decision : explain(request);
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
