// STS sessions as stored: the temporary credentials AssumeRole (role sessions) and GetSessionToken (a
// user's or the account root's own sessions) hand out, looked up by access key id when a request signed
// with them arrives. Sessions never change once written, so lookups are cached in memory; an expired
// session answers `expired` (AWS's ExpiredToken) until it is purged.
import { accessKeyId, secretAccessKey } from '../iam/ids.js';
import { randomBytes } from 'node:crypto';
import type { Caller } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import type { StsSessionRow } from '../../store/schema.js';
import type { CredentialSource } from '../iam/identity.js';
import { rootCaller } from '../iam/identity.js';

interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  /** Who called AssumeRole / GetSessionToken. */
  sourceArn: string;
  region: string;
  createdAt: Date;
  expiration: Date;
}

export interface RoleSessionRecord extends SessionCredentials {
  kind: 'role';
  roleArn: string;
  roleId: string;
  roleName: string;
  sessionName: string;
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
  assumedRoleArn: string;
  /** An inline session policy passed to AssumeRole, if any. */
  sessionPolicy?: string;
  /**
   * The session tags, if any (aws:PrincipalTag/<key>, over the role's tags): those passed to AssumeRole
   * and, for a chained session, the calling session's transitive tags.
   */
  sessionTags?: Record<string, string>;
  /** The keys of `sessionTags` that are transitive: a session this one assumes inherits them. */
  transitiveTagKeys?: string[];
  /**
   * AssumeRoleWithWebIdentity's sessions: aws:FederatedProvider and the provider's keys (URL:sub, URL:aud, ...),
   * offered to the conditions of every request the session makes.
   */
  webIdentity?: Record<string, string | string[]>;
  /** The MFA device whose code AssumeRole verified (SerialNumber and TokenCode), if any. */
  mfaSerialNumber?: string;
}

/**
 * GetSessionToken's credentials: they act as the IAM user (or the account root) that asked for them; and
 * (`console`) those of an IAM user's console sign-in, which IAM accepts without MFA.
 */
export interface PrincipalSessionRecord extends SessionCredentials {
  kind: 'user' | 'root' | 'console';
  /** The user's ARN, or arn:aws:iam::ACCOUNT:root. */
  principalArn: string;
  /** The user's UserId (AIDA...), or the account id for root. */
  userId: string;
  /** The user's name; `root` for the account root. */
  userName: string;
  /** The MFA device whose code GetSessionToken (or the console sign-in) verified, if any. */
  mfaSerialNumber?: string;
}

/**
 * GetFederationToken's credentials: a federated user (arn:aws:sts::ACCOUNT:federated-user/NAME) whose requests
 * are allowed only where both its IAM user's (or the root's) policies and its session policies allow them.
 */
export interface FederatedSessionRecord extends SessionCredentials {
  kind: 'federated';
  /** The IAM user (or the account root) that called GetFederationToken: its ARN, UserId and name. */
  principalArn: string;
  userId: string;
  userName: string;
  /** The Name passed to GetFederationToken. */
  federatedName: string;
  /** arn:aws:sts::ACCOUNT:federated-user/NAME */
  federatedArn: string;
  /** The session policies (inline and managed, as one document: session-policies.ts); none means no permissions. */
  sessionPolicy?: string;
  sessionTags?: Record<string, string>;
  /** GetFederationToken takes no MFA information. */
  mfaSerialNumber?: undefined;
}

export type SessionRecord = RoleSessionRecord | PrincipalSessionRecord | FederatedSessionRecord;

/** An opaque session token, shaped like AWS's (base64, several hundred characters). */
export function sessionToken(): string {
  return `IQoJb3JpZ2luX2VjE${randomBytes(320).toString('base64')}`;
}

/** New temporary credentials: an ASIA access key id, its secret and a session token. */
export function temporaryCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  return { accessKeyId: accessKeyId('ASIA'), secretAccessKey: secretAccessKey(), sessionToken: sessionToken() };
}

export function assumedRoleCaller(session: RoleSessionRecord): Caller {
  return {
    ...mfaOf(session),
    accountId: session.accountId,
    arn: session.assumedRoleArn,
    userId: `${session.roleId}:${session.sessionName}`,
    type: 'assumed-role',
    accessKeyId: session.accessKeyId,
    name: session.roleName,
    sessionName: session.sessionName,
  };
}

/** A session made with a verified MFA code was authenticated with MFA when it was made. */
function mfaOf(session: SessionRecord): Pick<Caller, 'mfaAuthenticatedAt'> {
  return session.mfaSerialNumber !== undefined ? { mfaAuthenticatedAt: session.createdAt } : {};
}

/** Who a request signed with the session's credentials acts as. */
export function sessionCaller(session: SessionRecord): Caller {
  if (session.kind === 'role') return assumedRoleCaller(session);
  if (session.kind === 'federated') {
    return { accountId: session.accountId, arn: session.federatedArn, userId: `${session.accountId}:${session.federatedName}`, type: 'federated-user', accessKeyId: session.accessKeyId, name: session.federatedName };
  }
  const user = { accountId: session.accountId, arn: session.principalArn, userId: session.userId, type: 'user' as const, accessKeyId: session.accessKeyId, name: session.userName, ...mfaOf(session) };
  if (session.kind === 'console') return { ...user, consoleSession: true };
  const getSessionToken = { mfa: session.mfaSerialNumber !== undefined };
  if (session.kind === 'root') return { ...rootCaller(session.accountId, session.accessKeyId), getSessionToken, ...mfaOf(session) };
  return { ...user, getSessionToken };
}

/** Whether the caller signed with temporary credentials (a role session, GetSessionToken's, a console sign-in's). */
export function usesTemporaryCredentials(caller: Caller): boolean {
  return caller.type === 'assumed-role' || caller.type === 'federated-user' || caller.getSessionToken !== undefined || caller.consoleSession === true;
}

function toRow(s: SessionRecord): StsSessionRow {
  const common = {
    access_key_id: s.accessKeyId,
    kind: s.kind,
    secret_access_key: s.secretAccessKey,
    session_token: s.sessionToken,
    account_id: s.accountId,
    source_arn: s.sourceArn,
    region: s.region,
    created_at: s.createdAt.toISOString(),
    expiration: s.expiration.toISOString(),
    web_identity: s.kind === 'role' && s.webIdentity ? JSON.stringify(s.webIdentity) : null,
  };
  if (s.kind === 'federated') {
    return {
      ...common,
      role_arn: s.principalArn,
      role_id: s.userId,
      role_name: s.userName,
      session_name: s.federatedName,
      assumed_role_arn: s.federatedArn,
      session_policy: s.sessionPolicy ?? null,
      session_tags: encodeSessionTags(s),
      mfa_serial_number: null,
    };
  }
  if (s.kind !== 'role') {
    return {
      ...common,
      role_arn: s.principalArn,
      role_id: s.userId,
      role_name: s.userName,
      session_name: '',
      assumed_role_arn: s.principalArn,
      session_policy: null,
      session_tags: null,
      mfa_serial_number: s.mfaSerialNumber ?? null,
    };
  }
  return {
    ...common,
    role_arn: s.roleArn,
    role_id: s.roleId,
    role_name: s.roleName,
    session_name: s.sessionName,
    assumed_role_arn: s.assumedRoleArn,
    session_policy: s.sessionPolicy ?? null,
    session_tags: encodeSessionTags(s),
    mfa_serial_number: s.mfaSerialNumber ?? null,
  };
}

function fromRow(r: StsSessionRow): SessionRecord {
  const common = {
    accessKeyId: r.access_key_id,
    secretAccessKey: r.secret_access_key,
    sessionToken: r.session_token,
    accountId: r.account_id,
    sourceArn: r.source_arn,
    region: r.region,
    createdAt: new Date(r.created_at),
    expiration: new Date(r.expiration),
  };
  if (r.kind === 'federated') {
    return {
      ...common,
      kind: 'federated',
      principalArn: r.role_arn,
      userId: r.role_id,
      userName: r.role_name,
      federatedName: r.session_name,
      federatedArn: r.assumed_role_arn,
      sessionPolicy: r.session_policy ?? undefined,
      sessionTags: decodeSessionTags(r.session_tags).sessionTags,
    };
  }
  if (r.kind === 'user' || r.kind === 'root' || r.kind === 'console') {
    return { ...common, kind: r.kind, principalArn: r.role_arn, userId: r.role_id, userName: r.role_name, mfaSerialNumber: r.mfa_serial_number ?? undefined };
  }
  return {
    ...common,
    kind: 'role',
    roleArn: r.role_arn,
    roleId: r.role_id,
    roleName: r.role_name,
    sessionName: r.session_name,
    assumedRoleArn: r.assumed_role_arn,
    sessionPolicy: r.session_policy ?? undefined,
    ...(r.web_identity ? { webIdentity: JSON.parse(r.web_identity) as Record<string, string | string[]> } : {}),
    mfaSerialNumber: r.mfa_serial_number ?? undefined,
    ...decodeSessionTags(r.session_tags),
  };
}

type StoredTag = { Key: string; Value: string; Transitive?: true };

/**
 * `session_tags` holds a role session's tags as JSON: a list of {Key, Value, Transitive?}. Rows written
 * before transitive tags were kept hold an object (key to value) instead, read as tags none of which is
 * transitive.
 */
function encodeSessionTags(s: Pick<RoleSessionRecord, 'sessionTags' | 'transitiveTagKeys'>): string | null {
  if (!s.sessionTags) return null;
  const transitive = new Set(s.transitiveTagKeys ?? []);
  const list: StoredTag[] = Object.entries(s.sessionTags).map(([Key, Value]) => (transitive.has(Key) ? { Key, Value, Transitive: true } : { Key, Value }));
  return JSON.stringify(list);
}

function decodeSessionTags(text: string | null): Pick<RoleSessionRecord, 'sessionTags' | 'transitiveTagKeys'> {
  if (!text) return {};
  const stored = JSON.parse(text) as StoredTag[] | Record<string, string>;
  if (!Array.isArray(stored)) return { sessionTags: stored };
  const transitive = stored.filter((t) => t.Transitive).map((t) => t.Key);
  return { sessionTags: Object.fromEntries(stored.map((t) => [t.Key, t.Value])), ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}) };
}

/** Sessions are kept this long past their expiry (answering ExpiredToken), then purged. */
const RETAIN_EXPIRED_MS = 24 * 3600 * 1000;
const CACHE_LIMIT = 10_000;

export class SessionStore implements CredentialSource {
  private readonly cache = new Map<string, SessionRecord>();

  constructor(private readonly store: Store) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.store.db.insertInto('sts_sessions').values(toRow(session)).execute();
    this.remember(session);
  }

  async find(accessKeyId: string, now: Date): Promise<{ secretAccessKey: string; sessionToken: string; caller: Caller } | 'expired' | undefined> {
    if (!accessKeyId.startsWith('ASIA')) return undefined;
    const session = await this.get(accessKeyId);
    if (!session) return undefined;
    if (session.expiration.getTime() <= now.getTime()) return 'expired';
    return { secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, caller: sessionCaller(session) };
  }

  async get(accessKeyId: string): Promise<SessionRecord | undefined> {
    const cached = this.cache.get(accessKeyId);
    if (cached) return cached;
    const row = await this.store.db.selectFrom('sts_sessions').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    if (!row) return undefined;
    const session = fromRow(row);
    this.remember(session);
    return session;
  }

  /**
   * The newest unexpired role session of this ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), for
   * effective permissions: several sessions may share an ARN, each with its own session policy.
   */
  async latestRoleSession(accountId: string, assumedRoleArn: string, now: Date): Promise<RoleSessionRecord | undefined> {
    const row = await this.store.db
      .selectFrom('sts_sessions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('assumed_role_arn', '=', assumedRoleArn)
      .where('expiration', '>', now.toISOString())
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const session = row && fromRow(row);
    return session?.kind === 'role' ? session : undefined;
  }

  /** Removes sessions that expired more than a day ago. */
  async purgeExpired(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - RETAIN_EXPIRED_MS).toISOString();
    await this.store.db.deleteFrom('sts_sessions').where('expiration', '<', cutoff).execute();
    for (const [key, session] of this.cache) if (session.expiration.toISOString() < cutoff) this.cache.delete(key);
  }

  private remember(session: SessionRecord): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(session.accessKeyId, session);
  }
}
