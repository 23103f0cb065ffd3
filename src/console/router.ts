// The console's request handling: routes (method + path pattern), the session and CSRF gate, form
// bodies, security headers, and the replies a handler can give (a page, a redirect, JSON).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app-types.js';
import { apiError, awsClients, type AwsClients } from './aws.js';
import { Html, html } from './html.js';
import { alert, errorBox, layout, type PageOptions } from './layout.js';
import { csrfMatches, type ConsoleSession, type SessionStore } from './session.js';

export interface Context {
  app: App;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  params: Record<string, string>;
  session: ConsoleSession;
  /** POST form fields. */
  form: Record<string, string>;
  /** The server's own URL, which the console's AWS clients call. */
  endpoint: string;
  /** AWS clients signing with the session's credentials, in the session's region. */
  aws: AwsClients;
  /** The signed-in account. */
  accountId: string;
  /** Sets the message shown on the next page. */
  flash(kind: 'success' | 'error' | 'info', text: string): void;
  page(options: PageOptions): Reply;
  /**
   * The API's refusal to read the page's own subject (a bot, role or integration that does not exist,
   * one the user may not read), shown as errorBox shows it; the page then answers with the refusal's
   * status (404, 403, 400) instead of 200.
   */
  refusal(error: unknown, doing: string): Html;
}

export type Reply =
  | { kind: 'html'; status?: number; body: Html }
  | { kind: 'redirect'; location: string }
  | { kind: 'json'; status?: number; body: unknown }
  | { kind: 'text'; status?: number; contentType: string; body: string | Buffer };

export const redirect = (location: string): Reply => ({ kind: 'redirect', location });
export const json = (body: unknown, status = 200): Reply => ({ kind: 'json', body, status });

/** A form page: shown again with the API's refusal when there is one, then answered 400. */
export const formReply = (page: Reply, error: unknown): Reply => (error ? ({ ...page, status: 400 } as Reply) : page);

export type Handler = (ctx: Context) => Promise<Reply> | Reply;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  /** Reachable without signing in. */
  public?: boolean;
}

export interface AnonymousRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (request: IncomingMessage, response: ServerResponse, session: ConsoleSession | undefined, form: Record<string, string>) => Promise<void> | void;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): void {
    this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): void {
    this.add('POST', path, handler);
  }

  private add(method: 'GET' | 'POST', path: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, key: string) => {
        keys.push(key);
        return '([^/]+)';
      })}/?$`,
    );
    this.routes.push({ method, pattern, keys, handler });
  }

  /** The route for a request; 'bad-encoding' when a path segment is not valid percent-encoded UTF-8. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'wrong-method' | 'bad-encoding' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      for (const [i, key] of route.keys.entries()) {
        const value = decodeSegment(m[i + 1]);
        if (value === undefined) return 'bad-encoding';
        params[key] = value;
      }
      return { route, params };
    }
    return pathMatched ? 'wrong-method' : undefined;
  }
}

/** A path segment decoded, or undefined when its percent-encoding is malformed (`%E0%A4%A`). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function send(response: ServerResponse, reply: Reply): void {
  if (reply.kind === 'redirect') {
    response.writeHead(303, { ...SECURITY_HEADERS, location: reply.location }).end();
  } else if (reply.kind === 'json') {
    response.writeHead(reply.status ?? 200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
  } else if (reply.kind === 'text') {
    response.writeHead(reply.status ?? 200, { ...SECURITY_HEADERS, 'content-type': reply.contentType, 'cache-control': 'no-cache' }).end(reply.body);
  } else {
    response.writeHead(reply.status ?? 200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(reply.body.value);
  }
}

const MAX_FORM_BYTES = 256 * 1024;

export async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error('The form is too large.');
    chunks.push(chunk as Buffer);
  }
  const type = request.headers['content-type'] ?? '';
  const text = Buffer.concat(chunks).toString('utf8');
  if (type.startsWith('application/json')) {
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** The address the server listens on, as the console's clients reach it. */
export function selfEndpoint(request: IncomingMessage): string {
  const socket = request.socket;
  const address = socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') ? (address.startsWith('::ffff:') ? address.slice(7) : `[${address}]`) : address;
  return `http://${host}:${socket.localPort}`;
}

export function isLoopback(request: IncomingMessage): boolean {
  const remote = request.socket.remoteAddress ?? '';
  return remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1' || remote.startsWith('127.');
}

/** A POST from another site: refused even before the CSRF token is checked. */
export function crossOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** The answer to a path whose percent-encoding is malformed: 400, a page saying so. */
export function badEncoding(session: ConsoleSession | undefined): Reply {
  return {
    kind: 'html',
    status: 400,
    body: layout(session, { title: 'Bad request', section: 'home', body: html`<h1>Bad request</h1>${alert('error', 'The address is not valid: it holds a malformed percent-encoded character (a % not followed by the UTF-8 bytes of a character).')}<p><a href="/console">Go to the console home</a>.</p>` }),
  };
}

export async function dispatch(
  app: App,
  router: Router,
  sessions: SessionStore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://console.local');
  const found = router.match(request.method ?? 'GET', url.pathname);
  if (found === undefined) return false;
  const session = await sessions.find(request);
  if (found === 'wrong-method') {
    send(response, { kind: 'text', status: 405, contentType: 'text/plain; charset=utf-8', body: 'Method not allowed' });
    return true;
  }
  if (found === 'bad-encoding') {
    send(response, badEncoding(session));
    return true;
  }
  if (!session?.credentials || !session.identity) {
    const back = request.method === 'GET' ? url.pathname + url.search : '/console';
    send(response, redirect(`/console/signin?next=${encodeURIComponent(back)}`));
    return true;
  }
  let form: Record<string, string> = {};
  if (request.method === 'POST') {
    try {
      form = await readForm(request);
    } catch (error) {
      send(response, { kind: 'text', status: 400, contentType: 'text/plain; charset=utf-8', body: (error as Error).message });
      return true;
    }
    const token = form._csrf ?? (request.headers['x-csrf-token'] as string | undefined);
    if (crossOrigin(request) || !csrfMatches(session, token)) {
      const body = layout(session, {
        title: 'Request refused',
        section: 'home',
        body: html`<h1>Request refused</h1>${alert('error', 'This change did not carry the form token of your session (a cross-site request, or a form from an older session). Nothing was changed; go back, reload the page and try again.')}`,
      });
      await sessions.save(session);
      send(response, { kind: 'html', status: 403, body });
      return true;
    }
  }
  const endpoint = selfEndpoint(request);
  let refusedStatus: number | undefined;
  const ctx: Context = {
    app,
    request,
    response,
    url,
    params: found.params,
    session,
    form,
    endpoint,
    aws: awsClients(endpoint, session.credentials, session.region),
    accountId: session.identity.accountId,
    flash(kind, text) {
      session.flash = { kind, text };
    },
    page(options) {
      return { kind: 'html', status: refusedStatus, body: layout(session, options) };
    },
    refusal(error, doing) {
      const status = apiError(error).status;
      // Only a client error: a failure of the server's own API is not the page's subject missing.
      if (status >= 400 && status < 500) refusedStatus = status;
      return errorBox(error, doing);
    },
  };
  try {
    const answer = await found.route.handler(ctx);
    // Before answering: the next request (after a redirect, say) must see the new region or message.
    await sessions.save(session);
    send(response, answer);
  } finally {
    ctx.aws.destroy();
  }
  return true;
}
