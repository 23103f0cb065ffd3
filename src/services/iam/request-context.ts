// The request context AWS gives the policy engine for a caller's request: the global condition keys
// about the principal and the request (aws:PrincipalArn, aws:PrincipalTag/*, aws:username, aws:userid,
// aws:RequestedRegion, aws:CurrentTime, aws:SourceIp, ...), then each target's own keys (aws:ResourceTag/*
// from the target's tags, and the action's documented keys that condition-keys.ts put in the target).
// One implementation for users and role sessions alike.
import type { AuthorizationTarget, RequestContext } from '../../aws/service.js';
import type { ContextValues } from '../../policy/types.js';

export interface ContextPrincipal {
  /** aws:PrincipalArn: a user's ARN, or for a role session the role's ARN (not the session's). */
  arn: string;
  accountId: string;
  /** aws:PrincipalType */
  type: 'User' | 'AssumedRole' | 'Account' | 'FederatedUser';
  /** aws:userid: AIDA... for a user, AROA...:session for a role session. */
  userId: string;
  /** aws:username: users only. */
  userName?: string;
  /** aws:PrincipalTag/<key>: the user's (or role's) tags. */
  tags?: Record<string, string>;
}

/** The context AWS gives time-based conditions. */
export function timeContext(now: Date): ContextValues {
  return { 'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'), 'aws:EpochTime': String(Math.floor(now.getTime() / 1000)) };
}

/** The keys every request of `principal` carries, whatever the action. */
export function baseRequestContext(ctx: RequestContext, principal: ContextPrincipal): ContextValues {
  const context: ContextValues = {
    ...timeContext(ctx.receivedAt),
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.type,
    'aws:userid': principal.userId,
    'aws:RequestedRegion': ctx.region,
    'aws:SourceIp': ctx.sourceIp,
    'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
    'aws:ViaAWSService': 'false',
    'aws:PrincipalIsAWSService': 'false',
  };
  // AWS: aws:MultiFactorAuthPresent is in the context of requests signed with temporary credentials only
  // (true when they were made with a verified MFA code); aws:MultiFactorAuthAge only for those made with one.
  const caller = ctx.caller;
  if (caller.type === 'assumed-role' || caller.getSessionToken !== undefined || caller.consoleSession) {
    context['aws:MultiFactorAuthPresent'] = caller.mfaAuthenticatedAt ? 'true' : 'false';
  }
  if (caller.mfaAuthenticatedAt) {
    context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((ctx.receivedAt.getTime() - caller.mfaAuthenticatedAt.getTime()) / 1000)));
  }
  if (principal.userName !== undefined) context['aws:username'] = principal.userName;
  if (ctx.userAgent) context['aws:UserAgent'] = ctx.userAgent;
  for (const [key, value] of Object.entries(principal.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
  return context;
}

/** The base context with one target's keys: aws:ResourceTag/* from its tags, then its own context keys. */
export function targetRequestContext(base: ContextValues, target: AuthorizationTarget): ContextValues {
  if (!target.resourceTags && !target.context) return base;
  const context: ContextValues = { ...base };
  for (const [key, value] of Object.entries(target.resourceTags ?? {})) context[`aws:ResourceTag/${key}`] = value;
  return Object.assign(context, target.context);
}
