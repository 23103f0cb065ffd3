// Console sessions: kept server-side in the store (so that every server sharing it knows a signed-in
// user, and a restart signs nobody out), named by a random id in an HttpOnly, SameSite=Strict cookie;
// the store keeps only the id's SHA-256. Each session carries a CSRF token that every change (POST) must
// echo in a hidden form field. Signing in replaces the session (a new id), signing out deletes it. A
// navigation from another site arrives without the cookie even when the browser holds one
// (cookieHeldBack): the console must not answer it with a new session cookie, which would replace the
// signed-in one (docs/console.md).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/database.js';

export const COOKIE_NAME = 'linkedrole_console';
/** An idle session ends after this long. */
const IDLE_MS = 8 * 3600_000;
/** A session's last-seen time is written at most this often (not on every page). */
const TOUCH_MS = 60_000;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What a session holds besides its id and CSRF token (stored as JSON). */
interface SessionState {
  /** Set once signed in. */
  credentials?: Credentials;
  /** Who the credentials belong to (GetCallerIdentity at sign-in). */
  identity?: { arn: string; accountId: string; userId: string };
  region: string;
  /** A message for the next page (after a POST-redirect-GET). */
  flash?: { kind: 'success' | 'error' | 'info'; text: string };
  /**
   * An IAM user's sign-in between its steps (src/console/sign-in.ts): the password was right; the MFA code
   * (`mfa`) and/or a new password (`change`) are still to come. Never a password.
   */
  pendingSignIn?: PendingSignIn;
}

export interface PendingSignIn {
  accountId: string;
  userName: string;
  next: string;
  /** The step the user is at. */
  step: 'mfa' | 'change';
  /** Why a new password is needed, when one is. */
  change?: 'reset-required' | 'expired';
  /** The device whose code was verified, once it was. */
  mfaSerialNumber?: string;
  /** When the password was verified: a pending sign-in lasts ten minutes. */
  since: string;
}

export interface ConsoleSession extends SessionState {
  id: string;
  csrfToken: string;
  /** The sign-in page may offer the built-in test/test key (on loopback): only while it is the root's key. Not stored. */
  defaultKeyOffered: boolean;
}

export class SessionStore {
  /** The state each session had when read or last saved, to write only what changed. */
  private readonly saved = new WeakMap<ConsoleSession, string>();

  constructor(
    private readonly store: Store,
    /** False when the server's root has a key of its own (`--root-access-key-id`): test/test is no key then. */
    private readonly defaultKeyOffered = true,
  ) {}

  /** The request's live session, if any. */
  async find(request: IncomingMessage): Promise<ConsoleSession | undefined> {
    const id = parseCookies(request.headers.cookie)[COOKIE_NAME];
    if (!id) return undefined;
    const row = await this.store.db.selectFrom('console_sessions').selectAll().where('id_hash', '=', hashOf(id)).executeTakeFirst();
    if (!row) return undefined;
    const idle = Date.now() - Date.parse(row.last_seen);
    if (idle > IDLE_MS) {
      await this.store.db.deleteFrom('console_sessions').where('id_hash', '=', row.id_hash).execute();
      return undefined;
    }
    if (idle > TOUCH_MS) await this.store.db.updateTable('console_sessions').set({ last_seen: new Date().toISOString() }).where('id_hash', '=', row.id_hash).execute();
    const session: ConsoleSession = { ...(JSON.parse(row.state) as SessionState), id, csrfToken: row.csrf_token, defaultKeyOffered: this.defaultKeyOffered };
    this.saved.set(session, row.state);
    return session;
  }

  /** A fresh session (anonymous until signed in), its cookie set on the response. */
  async create(response: ServerResponse, secure: boolean, from?: Partial<SessionState>): Promise<ConsoleSession> {
    await this.store.db.deleteFrom('console_sessions').where('last_seen', '<', new Date(Date.now() - IDLE_MS).toISOString()).execute();
    const session: ConsoleSession = {
      region: 'us-east-1',
      ...from,
      id: randomBytes(24).toString('base64url'),
      csrfToken: randomBytes(24).toString('base64url'),
      defaultKeyOffered: this.defaultKeyOffered,
    };
    const state = stateOf(session);
    await this.store.db
      .insertInto('console_sessions')
      .values({ id_hash: hashOf(session.id), csrf_token: session.csrfToken, state, last_seen: new Date().toISOString() })
      .execute();
    this.saved.set(session, state);
    response.setHeader('set-cookie', cookie(session.id, secure));
    return session;
  }

  /** Writes what a request changed in its session (region, flash message); call before answering. */
  async save(session: ConsoleSession | undefined): Promise<void> {
    if (!session) return;
    const state = stateOf(session);
    if (this.saved.get(session) === state) return;
    await this.store.db.updateTable('console_sessions').set({ state }).where('id_hash', '=', hashOf(session.id)).execute();
    this.saved.set(session, state);
  }

  async destroy(session: ConsoleSession, response: ServerResponse, secure: boolean): Promise<void> {
    await this.store.db.deleteFrom('console_sessions').where('id_hash', '=', hashOf(session.id)).execute();
    response.setHeader('set-cookie', cookie('', secure, 0));
  }
}

function stateOf(session: ConsoleSession): string {
  const { credentials, identity, region, flash, pendingSignIn } = session;
  return JSON.stringify({ credentials, identity, region, flash, pendingSignIn } satisfies SessionState);
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function cookie(value: string, secure: boolean, maxAge?: number): string {
  return [
    `${COOKIE_NAME}=${value}`,
    'Path=/console',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
    ...(maxAge !== undefined ? [`Max-Age=${maxAge}`] : []),
  ].join('; ');
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * A request without the session cookie that is a navigation from another site: a browser holding a
 * SameSite=Strict cookie leaves it behind on such a request (a link or a form on another site, and every
 * redirect that follows), so whether the user is signed in cannot be told from it. Known by the browser's
 * Sec-Fetch-Site (Chromium, Firefox and Safari send it to https and loopback origins), else by a Referer
 * of another host.
 */
export function cookieHeldBack(request: IncomingMessage): boolean {
  if (parseCookies(request.headers.cookie)[COOKIE_NAME] !== undefined) return false;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'cross-site';
  const referer = request.headers.referer;
  if (!referer) return false;
  try {
    return new URL(referer).host !== request.headers.host;
  } catch {
    return false;
  }
}

export function csrfMatches(session: ConsoleSession, token: string | undefined): boolean {
  if (!token) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
