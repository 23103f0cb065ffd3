// STS GetFederationToken and the federated users it makes. Only long-term credentials may ask (an IAM user's
// access key, or the root's): session credentials are refused, as in AWS. The federated user
// arn:aws:sts::ACCOUNT:federated-user/NAME acts within the intersection of the calling user's policies (its
// boundary too) and the session policies passed (Policy, PolicyArns); passing none leaves it no permissions,
// as AWS documents. Its session tags (and the user's tags) are its aws:PrincipalTag/*. As in AWS it may call
// no IAM operation and, of STS, only GetCallerIdentity (which needs no permission).
import type { Caller, RequestContext, ServiceOperations, AuthorizationTarget } from '../../aws/service.js';
import type { GetFederationTokenRequest, GetFederationTokenResponse, Operations } from '../../aws/generated/sts.js';
import { commonErrors } from '../../aws/generated/sts.js';
import type { AuthorizationRequest, PolicyInput } from '../../policy/types.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { decideRequest, implicitDeny, type CallerDecision, type CallerPolicyDecider } from '../iam/deciders.js';
import type { Identities } from '../iam/identities.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { baseRequestContext, targetRequestContext } from '../iam/request-context.js';
import { principalTags } from './session-decider.js';
import { packedPolicyPercent, sessionPolicyDocument } from './session-policies.js';
import { sessionTagsFor } from './session-tags.js';
import { temporaryCredentials, usesTemporaryCredentials, type FederatedSessionRecord, type SessionStore } from './sessions.js';
import type { Sts } from './sts.js';

/** An IAM user's federation token lasts 12 hours unless asked otherwise (900..129600, the model's range). */
const USER_DEFAULT_SECONDS = 43200;
/** The root's: at most (and by default) one hour. */
const ROOT_LIMIT_SECONDS = 3600;

export function federatedUserArn(accountId: string, name: string): string {
  return `arn:aws:sts::${accountId}:federated-user/${name}`;
}

export function federationTokenOperations(sts: Sts): ServiceOperations<Operations> {
  return {
    GetFederationToken: {
      summary: 'Long-term credentials only: a federated user limited to its IAM user\'s policies and the session policies passed (none: no permissions)',
      authorize: async (input, ctx) => {
        // Session credentials are refused before any permission is looked at.
        if (usesTemporaryCredentials(ctx.caller)) throw commonErrors.AccessDenied('Cannot call GetFederationToken with session credentials');
        sessionTagsFor({ Tags: input.Tags });
        return [await authorizationTarget('sts:GetFederationToken', federatedUserArn(ctx.caller.accountId, input.Name), { requestTags: input.Tags })];
      },
      handle: (input, ctx) => getFederationToken(sts, input, ctx),
    },
  };
}

async function getFederationToken(sts: Sts, input: GetFederationTokenRequest, ctx: RequestContext): Promise<GetFederationTokenResponse> {
  const caller = ctx.caller;
  const tags = sessionTagsFor({ Tags: input.Tags });
  const duration = caller.type === 'root' ? Math.min(input.DurationSeconds ?? ROOT_LIMIT_SECONDS, ROOT_LIMIT_SECONDS) : (input.DurationSeconds ?? USER_DEFAULT_SECONDS);
  const sessionPolicy = await sessionPolicyDocument(sts.iam, input);
  const packed = input.Policy !== undefined || (input.PolicyArns?.length ?? 0) > 0 || tags !== undefined ? packedPolicyPercent(input, tags?.tags) : undefined;
  const now = ctx.receivedAt;
  const session: FederatedSessionRecord = {
    kind: 'federated',
    ...temporaryCredentials(),
    accountId: caller.accountId,
    principalArn: caller.arn,
    userId: caller.userId,
    userName: caller.type === 'root' ? 'root' : (caller.name ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1)),
    federatedName: input.Name,
    federatedArn: federatedUserArn(caller.accountId, input.Name),
    sourceArn: caller.arn,
    region: ctx.region,
    createdAt: now,
    expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000),
    sessionPolicy,
    sessionTags: tags?.tags,
  };
  await sts.sessions.insert(session);
  return {
    Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
    FederatedUser: { FederatedUserId: `${caller.accountId}:${input.Name}`, Arn: session.federatedArn },
    PackedPolicySize: packed,
  };
}

/** The account root's permissions, as the identity side of a root-made federated user's requests. */
const ROOT_IDENTITY: PolicyInput = {
  policy: compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), 'identity'),
  id: 'root',
  type: 'user',
};

/** Decides the requests of GetFederationToken's federated users (the decider table's 'federated-user'). */
export class FederatedUserDecider implements CallerPolicyDecider {
  constructor(
    private readonly identities: Identities,
    private readonly sessions: SessionStore,
  ) {}

  async decide(caller: Caller, target: AuthorizationTarget, ctx: RequestContext): Promise<CallerDecision> {
    const found = await this.sessions.get(caller.accessKeyId);
    const session = found?.kind === 'federated' ? found : undefined;
    if (!session) return implicitDeny('The federated user session no longer exists.');
    if (target.action.toLowerCase().startsWith('iam:')) return implicitDeny('A federated user (GetFederationToken) may call no IAM operation.');
    if (target.action.toLowerCase().startsWith('sts:')) return implicitDeny('A federated user (GetFederationToken) may call no STS operation but GetCallerIdentity.');
    if (!session.sessionPolicy) {
      return { ...implicitDeny('GetFederationToken was passed no session policy, so the federated user has no permissions.'), refusedBy: 'session' };
    }
    let identity: PolicyInput[];
    let boundary: PolicyInput | undefined;
    let tags: Record<string, string> = {};
    if (session.principalArn.endsWith(':root')) identity = [ROOT_IDENTITY];
    else {
      const user = await this.identities.userAuthorization(session.userId);
      if (!user) return implicitDeny('The IAM user of this federated user no longer exists.');
      identity = user.identity;
      boundary = user.boundary;
      tags = user.tags;
    }
    const base = baseRequestContext(ctx, {
      arn: session.federatedArn,
      accountId: session.accountId,
      type: 'FederatedUser',
      userId: caller.userId,
      tags: principalTags(Object.entries(tags).map(([Key, Value]) => ({ Key, Value })), session.sessionTags),
    });
    const request: AuthorizationRequest = {
      principal: session.federatedArn,
      principalAccount: session.accountId,
      action: target.action,
      resource: target.resource,
      context: targetRequestContext(base, target),
      identityPolicies: identity,
      permissionsBoundaries: boundary ? [boundary] : undefined,
      sessionPolicy: { policy: compilePolicy(session.sessionPolicy, 'session'), id: 'SessionPolicy', type: 'session' },
    };
    return decideRequest(request);
  }
}
