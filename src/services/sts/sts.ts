// The STS domain: caller identity, AssumeRole for callers over the wire, and the trust-policy check
// and RoleLastUsed bookkeeping shared with the on-behalf path. No HTTP here.
import { callerFields, type AuditTrail } from '../../audit/trail.js';
import type { AwsError } from '../../aws/errors.js';
import { commonErrors } from '../../aws/generated/sts.js';
import type { Caller } from '../../aws/service.js';
import type { ContextValues, Decision } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import type { Iam } from '../iam/iam.js';
import { compilePolicy } from '../iam/policy-documents.js';
import { timeContext } from '../iam/request-context.js';
import type { Role } from '../iam/roles.js';
import { explainTrust } from './engine.js';
import { sessionTagsFor, type SessionTagSet } from './session-tags.js';
import { temporaryCredentials, usesTemporaryCredentials, type PrincipalSessionRecord, type RoleSessionRecord, type SessionStore } from './sessions.js';
import { partition } from '../../aws/partitions.js';

export interface AssumeRoleInput {
  RoleArn: string;
  SerialNumber?: string;
  TokenCode?: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  Policy?: string;
  ExternalId?: string;
  SourceIdentity?: string;
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
}

export interface GetSessionTokenInput {
  DurationSeconds?: number;
  /** The calling user's MFA device, whose current code is TokenCode (verified, used once). */
  SerialNumber?: string;
  TokenCode?: string;
}

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface AssumeRoleOutput {
  Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

/** Role chaining (a role session assuming a role) is limited to one hour. */
const CHAINED_SESSION_LIMIT_SECONDS = 3600;
/** GetSessionToken: IAM users get 12 hours unless they ask otherwise (900..129600, the model's range). */
const USER_SESSION_DEFAULT_SECONDS = 43200;
/** GetSessionToken for the account root: at most (and by default) one hour; a longer request gets one hour. */
const ROOT_SESSION_LIMIT_SECONDS = 3600;
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role(\/(?:[\u0021-\u007e]*\/)?)?([\w+=,.@-]+)$/;

/** Any ARN, as STS parses one: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (region and account may be empty). */
const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

/**
 * AssumeRole's RoleArn: a string that does not parse as an ARN answers AWS's `<RoleArn> is invalid`; an ARN
 * that is not a role's, `Request ARN is invalid` (ValidationError 400 both, as recorded from AWS).
 */
export function checkRoleArn(arn: string): { accountId: string; path: string; roleName: string } {
  if (!ANY_ARN.test(arn)) throw commonErrors.ValidationError(`${arn} is invalid`);
  const target = parseRoleArn(arn);
  if (!target) throw commonErrors.ValidationError('Request ARN is invalid');
  return target;
}

export function parseRoleArn(arn: string): { accountId: string; path: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { accountId: m[1], path: m[2] ?? '/', roleName: m[3] } : undefined;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:${partition()}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** AWS's refusal of a session longer than the role allows (every way of assuming a role asks it). */
export function checkRoleDuration(role: Role, duration: number): void {
  if (duration > role.maxSessionDuration) {
    throw commonErrors.ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
}

/** A new role session's credentials and identity: the role's, under the session name given. */
export function roleSessionIdentity(role: Role, sessionName: string) {
  return {
    kind: 'role' as const,
    ...temporaryCredentials(),
    accountId: role.accountId,
    roleArn: role.arn,
    roleId: role.roleId,
    roleName: role.roleName,
    sessionName,
    assumedRoleArn: assumedRoleArn(role.accountId, role.roleName, sessionName),
  };
}

/** AWS's refusal of an assumption: the trust policy does not allow the principal (or the role does not exist). */
export function assumeRoleDenied(principal: string, roleArn: string, action = 'sts:AssumeRole'): AwsError {
  return commonErrors.AccessDenied(`User: ${principal} is not authorized to perform: ${action} on resource: ${roleArn}`);
}

/** Checks a code of a user's MFA device and uses it up (IAM's MfaDevices). */
export interface MfaCodeVerifier {
  verify(accountId: string, userName: string, serialNumber: string, code: string): Promise<'ok' | 'no-device' | 'invalid'>;
}

/** AWS's refusals of MFA information, as AccessDenied. */
export const MFA_NO_DEVICE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
export const MFA_INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

export class Sts {
  constructor(
    /** Read by STS's API too (the role's tags and boundary, for AssumeRole's condition keys). */
    readonly store: Store,
    /** Read by the federation operations too (saml.ts, federation-token.ts). */
    readonly iam: Iam,
    readonly sessions: SessionStore,
    readonly audit: AuditTrail,
    private readonly clock: () => Date = () => new Date(),
    /** The MFA devices codes are checked against (none: every code is refused as of an unknown device). */
    private readonly mfa?: MfaCodeVerifier,
  ) {}

  /**
   * MFA information given to GetSessionToken or AssumeRole: undefined when none was given; else the device's
   * serial number once its code is verified (the device must be one enabled for the calling IAM user), or the
   * refusal (AccessDenied, AWS's texts).
   */
  async checkMfa(caller: Caller, input: { SerialNumber?: string; TokenCode?: string }): Promise<{ serialNumber: string } | { refusal: AwsError } | undefined> {
    if (input.SerialNumber === undefined && input.TokenCode === undefined) return undefined;
    if (input.SerialNumber === undefined || input.TokenCode === undefined) {
      return { refusal: commonErrors.ValidationError('SerialNumber and TokenCode must both be given to use MFA.') };
    }
    // The device of the calling IAM user, whatever credentials it signs with (a role session has none).
    const userName = caller.type === 'user' ? caller.name : undefined;
    const outcome = userName && this.mfa ? await this.mfa.verify(caller.accountId, userName, input.SerialNumber, input.TokenCode) : 'no-device';
    if (outcome === 'ok') return { serialNumber: input.SerialNumber };
    return { refusal: commonErrors.AccessDenied(outcome === 'invalid' ? MFA_INVALID_CODE : MFA_NO_DEVICE) };
  }

  getCallerIdentity(caller: Caller): { Account: string; Arn: string; UserId: string } {
    return { Account: caller.accountId, Arn: caller.arn, UserId: caller.userId };
  }

  /** Decides whether `principal` may assume `role` by its trust policy, with the engine. */
  async checkTrust(role: Role, principal: string, context: ContextValues, action = 'sts:AssumeRole'): Promise<Decision> {
    return explainTrust(compilePolicy(role.assumeRolePolicyDocument, 'trust'), principal, action, context);
  }

  /** RoleLastUsed: when and in which region the role was last assumed. */
  async markRoleUsed(role: Role, region: string, when: Date): Promise<void> {
    await this.iam.roles.update(role.accountId, role.roleName, { last_used_date: when.toISOString(), last_used_region: region });
  }

  /**
   * Checks AssumeRole's parameters as AWS does before anything is authorized (the RoleArn's syntax, the
   * session tag rules) and answers the role ARN's parts and the new session's tags.
   */
  async checkAssumeRole(caller: Caller, input: AssumeRoleInput): Promise<{ target: { accountId: string; path: string; roleName: string }; tags?: SessionTagSet }> {
    const target = checkRoleArn(input.RoleArn);
    return { target, tags: sessionTagsFor(input, await this.callingSessionTags(caller)) };
  }

  /** The transitive tags of the role session a caller signs with (role chaining), if any. */
  private async callingSessionTags(caller: Caller): Promise<SessionTagSet | undefined> {
    if (caller.type !== 'assumed-role') return undefined;
    const session = await this.sessions.get(caller.accessKeyId);
    if (session?.kind !== 'role' || !session.sessionTags || !session.transitiveTagKeys) return undefined;
    return { tags: session.sessionTags, transitiveKeys: session.transitiveTagKeys };
  }

  /** sts:AssumeRole by a caller over the wire. */
  async assumeRole(caller: Caller, input: AssumeRoleInput, region: string, meta: { requestId?: string; sourceIp?: string; userAgent?: string } = {}): Promise<AssumeRoleOutput> {
    const now = this.clock();
    const { target, tags } = await this.checkAssumeRole(caller, input);
    const chained = caller.type === 'assumed-role';
    const duration = input.DurationSeconds ?? 3600;
    if (chained && duration > CHAINED_SESSION_LIMIT_SECONDS) {
      throw commonErrors.ValidationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    const role = target.accountId === caller.accountId ? await this.iam.roles.find(target.accountId, target.roleName) : undefined;
    // An unknown role, or an ARN whose path is not the role's, is refused exactly as a distrusted caller is.
    if (!role || role.arn !== input.RoleArn) throw assumeRoleDenied(caller.arn, input.RoleArn);

    const mfa = await this.checkMfa(caller, input);
    if (mfa && 'refusal' in mfa) throw mfa.refusal;
    const principalArn = caller.type === 'assumed-role' ? await this.sessionRoleArn(caller) : caller.arn;
    const context: ContextValues = {
      ...timeContext(now),
      'aws:PrincipalArn': principalArn,
      'aws:PrincipalAccount': caller.accountId,
      'aws:PrincipalType': caller.type === 'root' ? 'Account' : caller.type === 'user' ? 'User' : 'AssumedRole',
      'aws:userid': caller.userId,
      'aws:RequestedRegion': region,
      'sts:RoleSessionName': input.RoleSessionName,
    };
    // The trust policy sees the MFA of this call, or of the calling session (temporary credentials only).
    const mfaAt = mfa ? now : caller.mfaAuthenticatedAt;
    if (mfaAt) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = String(Math.floor((now.getTime() - mfaAt.getTime()) / 1000));
    } else if (caller.type === 'assumed-role' || caller.getSessionToken !== undefined || caller.consoleSession) {
      context['aws:MultiFactorAuthPresent'] = 'false';
    }
    if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = input.SourceIdentity;
    if (input.Tags && input.Tags.length > 0) {
      for (const tag of input.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
      context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
    }
    // Passing session tags or a source identity needs sts:TagSession / sts:SetSourceIdentity from the
    // trust policy as well, each decided and refused on its own, as AWS does.
    const actions = ['sts:AssumeRole'];
    if ((input.Tags?.length ?? 0) > 0) actions.push('sts:TagSession');
    if (input.SourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    for (const action of actions) {
      const decision = await this.checkTrust(role, caller.arn, context, action);
      this.audit.record({
        time: now,
        ...callerFields(caller),
        kind: 'api',
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        region,
        sourceIp: meta.sourceIp,
        userAgent: meta.userAgent,
        roleArn: role.arn,
        action,
        resource: role.arn,
        decision: decision.decision,
        errorCode: decision.decision === 'allowed' ? undefined : 'AccessDenied',
        detail: { policyType: 'trust', matchedStatements: decision.matchedStatements, explanation: decision.explanation },
        requestId: meta.requestId,
      });
      if (decision.decision !== 'allowed') throw assumeRoleDenied(caller.arn, role.arn, action);
    }
    checkRoleDuration(role, duration);
    if (input.Policy !== undefined) compilePolicy(input.Policy, 'session');

    const session: RoleSessionRecord = {
      ...roleSessionIdentity(role, input.RoleSessionName),
      sourceArn: caller.arn,
      region,
      createdAt: now,
      expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000),
      sessionPolicy: input.Policy,
      sessionTags: tags?.tags,
      transitiveTagKeys: tags && tags.transitiveKeys.length > 0 ? tags.transitiveKeys : undefined,
      mfaSerialNumber: mfa?.serialNumber,
    };
    await this.sessions.insert(session);
    await this.markRoleUsed(role, region, now);
    const packed = input.Policy !== undefined || (input.Tags?.length ?? 0) > 0;
    return {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: session.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${session.sessionName}`, Arn: session.assumedRoleArn },
      PackedPolicySize: packed ? packedPolicySize(input) : undefined,
      SourceIdentity: input.SourceIdentity,
    };
  }

  /**
   * sts:GetSessionToken: temporary credentials that act as the calling IAM user (or the account root)
   * itself. Needs no permission (AWS: it is an authentication operation, which policies do not control),
   * but only long-term credentials may ask: a role session or another session token is refused.
   */
  async getSessionToken(caller: Caller, input: GetSessionTokenInput, region: string, meta: { requestId?: string; sourceIp?: string; userAgent?: string } = {}): Promise<{ Credentials: Credentials }> {
    const now = this.clock();
    const temporary = usesTemporaryCredentials(caller);
    const mfa = temporary ? undefined : await this.checkMfa(caller, input);
    const mfaRefusal = mfa && 'refusal' in mfa ? mfa.refusal : undefined;
    const refused = temporary || mfaRefusal !== undefined;
    this.audit.record({
      time: now,
      ...callerFields(caller),
      kind: 'api',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetSessionToken',
      region,
      sourceIp: meta.sourceIp,
      userAgent: meta.userAgent,
      action: 'sts:GetSessionToken',
      resource: '*',
      decision: refused ? 'implicitDeny' : 'allowed',
      errorCode: refused ? (mfaRefusal?.code ?? 'AccessDenied') : undefined,
      detail: {
        explanation: temporary
          ? 'GetSessionToken needs long-term credentials; the request was signed with session credentials.'
          : mfaRefusal
            ? `The MFA information was refused: ${mfaRefusal.message}`
            : 'GetSessionToken needs no permission.',
        ...(input.SerialNumber !== undefined ? { serialNumber: input.SerialNumber, mfa: mfa && !('refusal' in mfa) ? 'verified' : 'refused' } : {}),
      },
      requestId: meta.requestId,
    });
    if (temporary) throw commonErrors.AccessDenied('Cannot call GetSessionToken with session credentials');
    if (mfaRefusal) throw mfaRefusal;
    const duration = caller.type === 'root' ? Math.min(input.DurationSeconds ?? ROOT_SESSION_LIMIT_SECONDS, ROOT_SESSION_LIMIT_SECONDS) : (input.DurationSeconds ?? USER_SESSION_DEFAULT_SECONDS);
    const session: PrincipalSessionRecord = {
      kind: caller.type === 'root' ? 'root' : 'user',
      ...temporaryCredentials(),
      accountId: caller.accountId,
      principalArn: caller.arn,
      userId: caller.userId,
      userName: caller.type === 'root' ? 'root' : (caller.name ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1)),
      sourceArn: caller.arn,
      region,
      createdAt: now,
      expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000),
      mfaSerialNumber: mfa && !('refusal' in mfa) ? mfa.serialNumber : undefined,
    };
    await this.sessions.insert(session);
    return {
      Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
    };
  }

  /**
   * The temporary credentials of an IAM user's console sign-in (the console signs its API calls with them):
   * they act as the user, IAM accepts them without MFA, and a sign-in that verified an MFA code makes them
   * MFA credentials (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge). Twelve hours, as AWS's console.
   */
  async consoleSignIn(user: { accountId: string; arn: string; userId: string; userName: string }, region: string, mfaSerialNumber?: string): Promise<Credentials> {
    const now = this.clock();
    const session: PrincipalSessionRecord = {
      kind: 'console',
      ...temporaryCredentials(),
      accountId: user.accountId,
      principalArn: user.arn,
      userId: user.userId,
      userName: user.userName,
      sourceArn: user.arn,
      region,
      createdAt: now,
      expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + USER_SESSION_DEFAULT_SECONDS * 1000),
      mfaSerialNumber,
    };
    await this.sessions.insert(session);
    return { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration };
  }

  private async sessionRoleArn(caller: Caller): Promise<string> {
    const session = await this.sessions.get(caller.accessKeyId);
    return session?.kind === 'role' ? session.roleArn : caller.arn;
  }
}

/** The session policy and tags as a percentage of the packed size AWS allows. */
function packedPolicySize(input: AssumeRoleInput): number {
  let size = 0;
  if (input.Policy !== undefined) size += JSON.stringify(JSON.parse(input.Policy)).length;
  for (const tag of input.Tags ?? []) size += tag.Key.length + tag.Value.length;
  return Math.max(1, Math.ceil((size * 100) / 2048));
}
