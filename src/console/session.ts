// Console sessions: kept server-side (in this process), named by a random id in an HttpOnly,
// SameSite=Strict cookie. Each session carries a CSRF token that every change (POST) must echo in a
// hidden form field. Signing in replaces the session (a new id), signing out deletes it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const COOKIE_NAME = 'linkedrole_console';
/** An idle session ends after this long. */
const IDLE_MS = 8 * 3600_000;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ConsoleSession {
  id: string;
  csrfToken: string;
  lastSeen: number;
  /** Set once signed in. */
  credentials?: Credentials;
  /** Who the credentials belong to (GetCallerIdentity at sign-in). */
  identity?: { arn: string; accountId: string; userId: string };
  region: string;
  /** A message for the next page (after a POST-redirect-GET). */
  flash?: { kind: 'success' | 'error' | 'info'; text: string };
}

export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();

  private newId(): string {
    return randomBytes(24).toString('base64url');
  }

  /** The request's live session, if any. */
  find(request: IncomingMessage): ConsoleSession | undefined {
    const id = parseCookies(request.headers.cookie)[COOKIE_NAME];
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (Date.now() - session.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = Date.now();
    return session;
  }

  /** A fresh session (anonymous until signed in), its cookie set on the response. */
  create(response: ServerResponse, secure: boolean, from?: Partial<ConsoleSession>): ConsoleSession {
    this.purge();
    const session: ConsoleSession = { region: 'us-east-1', ...from, id: this.newId(), csrfToken: randomBytes(24).toString('base64url'), lastSeen: Date.now() };
    this.sessions.set(session.id, session);
    response.setHeader('set-cookie', cookie(session.id, secure));
    return session;
  }

  destroy(session: ConsoleSession, response: ServerResponse, secure: boolean): void {
    this.sessions.delete(session.id);
    response.setHeader('set-cookie', cookie('', secure, 0));
  }

  private purge(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (now - s.lastSeen > IDLE_MS) this.sessions.delete(id);
  }
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

export function csrfMatches(session: ConsoleSession, token: string | undefined): boolean {
  if (!token) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
