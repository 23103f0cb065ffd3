// Authorization of requests signed with STS session credentials: the engine decides each permission
// against the assumed role's policies (and the session policy passed to AssumeRole, if any). Callers
// of other kinds go to the decider that was there before.
import type { AuthorizationTarget, Caller, RequestContext } from '../../aws/service.js';
import type { Decision } from '../../policy/types.js';
import type { CallerPolicyDecider } from '../iam/authorizer.js';
import type { Iam } from '../iam/iam.js';
import { baseRequestContext, targetRequestContext } from '../iam/request-context.js';
import { evaluate } from './engine.js';
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
    const session = await this.sessions.get(caller.accessKeyId);
    const role = session ? await this.iam.roles.find(session.accountId, session.roleName) : undefined;
    // A session whose role was deleted (or recreated with a new id) has no permissions left.
    if (!session || !role || role.roleId !== session.roleId) return { ...NO_DECIDER, explanation: 'The role of this session no longer exists.' };
    const policies = await this.policies.load(role);
    const context = targetRequestContext(baseRequestContext(ctx, { arn: role.arn, accountId: role.accountId, type: 'AssumedRole', userId: caller.userId }), target);
    return evaluate({
      principal: caller.arn,
      principalAccount: caller.accountId,
      action: target.action,
      resource: target.resource,
      context,
      identityPolicies: policies.identity,
      permissionsBoundaries: policies.boundary ? [policies.boundary] : undefined,
      sessionPolicy: session.sessionPolicy ? { policy: compilePolicy(session.sessionPolicy, 'session'), id: 'SessionPolicy', type: 'session' } : undefined,
      isServiceLinkedRole: role.serviceLinked,
    });
  }
}
