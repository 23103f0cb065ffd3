// The web console at /console: sign-in, the session, static files, and the areas (IAM,
// AppIntegrations and the consuming services, Lex V2, Insight), each in its own module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { App } from '../app-types.js';
import { packageRoot } from '../paths.js';
import { applicationRoutes } from './applications.js';
import { appIntegrationsRoutes } from './appintegrations.js';
import { connectCreateRoutes } from './connect-create.js';
import { apiError, awsClients } from './aws.js';
import { html, raw } from './html.js';
import { createRoleRoutes } from './create-role.js';
import { iamRoutes } from './iam.js';
import { insightRoutes } from './insight.js';
import { alert, csrf, layout, panel, REGIONS } from './layout.js';
import { lexChannelRoutes, lexCreateRoutes } from './lex-create.js';
import { lexRoutes } from './lex.js';
import { lexReplicaRoutes } from './lex-replicas.js';
import { lexPartRoutes } from './lex-parts.js';
import { badEncoding, crossOrigin, decodeSegment, dispatch, isLoopback, readForm, redirect, Router, selfEndpoint, send, type Reply } from './router.js';
import { cookieHeldBack, csrfMatches, SessionStore, type ConsoleSession } from './session.js';
import { userSignIn } from './sign-in.js';
import { securityCredentialsRoutes, SECURITY_CREDENTIALS_PATH } from './sign-in-credentials.js';
import type { ConsoleOptions } from './options.js';
import { clientAddress, SignInThrottle } from './throttle.js';

/** The files under static/ and their types: a Map, so that a name like `__proto__` or `constructor` names nothing. */
const STATIC_FILES = new Map<string, string>([
  ['console.css', 'text/css; charset=utf-8'],
  ['console.js', 'text/javascript; charset=utf-8'],
  ['favicon.ico', 'image/x-icon'],
]);

export type ConsoleHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export type { ConsoleOptions };

export function createConsole(app: App, options: ConsoleOptions = {}): ConsoleHandler {
  const sessions = new SessionStore(app.store, app.identities.defaultRootKey);
  const clock = options.clock ?? (() => new Date());
  const throttle = new SignInThrottle(options.signInThrottle, () => clock().getTime());
  const iamUserSignIn = userSignIn({ app, sessions, throttle, secure: false, safeNext });
  const router = new Router();
  router.get('/console', home);
  iamRoutes(router);
  securityCredentialsRoutes(router);
  createRoleRoutes(router);
  connectCreateRoutes(router);
  applicationRoutes(router);
  appIntegrationsRoutes(router);
  lexCreateRoutes(router);
  lexChannelRoutes(router);
  lexRoutes(router);
  lexReplicaRoutes(router);
  lexPartRoutes(router);
  insightRoutes(router);
  router.post('/console/region', (ctx) => {
    if (REGIONS.includes(ctx.form.region)) ctx.session.region = ctx.form.region;
    const back = ctx.request.headers.referer;
    let location = '/console';
    if (back) {
      try {
        const u = new URL(back);
        if (u.pathname.startsWith('/console')) location = u.pathname + u.search;
      } catch {
        // keep the default
      }
    }
    return redirect(location);
  });
  const staticCache = new Map<string, Buffer>();

  const staticFile = (response: ServerResponse, name: string, method: string | undefined) => {
    const type = STATIC_FILES.get(name);
    if (!type || method !== 'GET') return send(response, { kind: 'text', status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' });
    let body = staticCache.get(name);
    if (!body) {
      body = readFileSync(join(packageRoot, 'src', 'console', 'static', name));
      staticCache.set(name, body);
    }
    return send(response, { kind: 'text', contentType: type, body });
  };

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://console.local');
    const path = url.pathname;
    const secure = false;
    // Browsers ask for the site's icon at the root.
    if (path === '/favicon.ico') return staticFile(response, 'favicon.ico', request.method);
    if (decodeSegment(path) === undefined) return send(response, badEncoding(await sessions.find(request)));
    if (path.startsWith('/console/static/')) return staticFile(response, path.slice('/console/static/'.length), request.method);
    // IAM users' sign-in with a password (and MFA): src/console/sign-in.ts.
    const userPage = /^\/console\/signin\/(user|mfa|password)$/.exec(path);
    if (userPage) return iamUserSignIn(request, response, userPage[1] as 'user' | 'mfa' | 'password');
    if (path === '/console/signin') {
      if (request.method === 'POST') {
        const address = clientAddress(request);
        const wait = throttle.retryAfterSeconds(address);
        if (wait > 0) return tooManySignIns(request, response, sessions, secure, wait);
        return signIn(request, response, sessions, secure, {
          succeeded: () => throttle.succeeded(address),
          failed: () => throttle.failed(address),
        });
      }
      const found = await sessions.find(request);
      if (!found && cookieHeldBack(request)) return send(response, heldBackCookiePage(safeNext(url.searchParams.get('next') ?? undefined)));
      const session = found ?? (await sessions.create(response, secure));
      return send(response, { kind: 'html', body: signInPage(session, request, url.searchParams.get('next') ?? '/console') });
    }
    if (path === '/console/signout' && request.method === 'POST') {
      const session = await sessions.find(request);
      const form = await readForm(request).catch(() => ({}) as Record<string, string>);
      if (session && csrfMatches(session, form._csrf) && !crossOrigin(request)) await sessions.destroy(session, response, secure);
      return send(response, redirect('/console/signin?signedout=1'));
    }
    try {
      if (await dispatch(app, router, sessions, request, response)) return;
    } catch (error) {
      console.error('linkedrole console:', error);
      if (!response.headersSent) {
        const session = await sessions.find(request).catch(() => undefined);
        send(response, {
          kind: 'html',
          status: 500,
          body: layout(session, { title: 'Error', section: 'home', body: html`<h1>Something went wrong</h1>${alert('error', (error as Error).message)}` }),
        });
      }
      return;
    }
    const session = await sessions.find(request);
    const body = layout(session, { title: 'Not found', section: 'home', body: html`<h1>Page not found</h1><p>There is no console page at <code>${path}</code>. <a href="/console">Go to the console home</a>.</p>` });
    await sessions.save(session);
    send(response, { kind: 'html', status: 404, body });
  };
}

/**
 * The sign-in page's answer to a navigation from another site that came without the session cookie: no
 * new session (its cookie would replace a signed-in one), but a link to the page asked for (`next`), which,
 * followed, is a navigation of the console's own and carries the cookie if the browser has one.
 */
function heldBackCookiePage(next: string): Reply {
  return {
    kind: 'html',
    body: layout(undefined, {
      title: 'Sign in',
      section: 'home',
      body: html`<h1>Sign in to linkedrole</h1><p>You came from another site, so your browser did not send your console session with this request.</p><p><a href="${next}">Continue to the console</a>: signed in if you are, else to the sign-in form.</p>`,
    }),
  };
}

function safeNext(next: string | undefined): string {
  return next && next.startsWith('/console') && !next.startsWith('//') ? next : '/console';
}

function signInPage(session: ConsoleSession, request: IncomingMessage, next: string, error?: string, values: Record<string, string> = {}): ReturnType<typeof layout> {
  // test/test is offered (one click, prefilled) to this machine only, and only while it is the root's key.
  const loopback = isLoopback(request) && session.defaultKeyOffered;
  const signedOut = new URL(request.url ?? '/', 'http://x').searchParams.has('signedout');
  return layout(undefined, {
    title: 'Sign in',
    section: 'signin',
    body: html`<div class="signin">
  <h1>Sign in to linkedrole</h1>
  <p class="lead">Sign in with an access key: every page you see and every change you make is an AWS API call signed with it, authorized exactly as the API authorizes it.</p>
  ${signedOut ? alert('info', 'You are signed out.') : ''}
  ${error ? alert('error', error, 'Sign-in failed') : ''}
  ${loopback
    ? html`<form method="post" action="/console/signin" class="quick-signin">
    ${csrf(session)}
    <input type="hidden" name="next" value="${next}">
    <input type="hidden" name="accessKeyId" value="test"><input type="hidden" name="secretAccessKey" value="test">
    <button type="submit" class="button primary wide">Sign in as the default account (test / test)</button>
  </form>
  <p class="or"><span>or use another access key</span></p>`
    : ''}
  <form method="post" action="/console/signin" class="stack">
    ${csrf(session)}
    <input type="hidden" name="next" value="${next}">
    <label for="accessKeyId">Access key ID</label>
    <input id="accessKeyId" name="accessKeyId" autocomplete="username" required value="${values.accessKeyId ?? (loopback ? 'test' : '')}">
    <label for="secretAccessKey">Secret access key</label>
    <input id="secretAccessKey" name="secretAccessKey" type="password" autocomplete="current-password" required value="${loopback && !values.accessKeyId ? 'test' : ''}">
    <label for="sessionToken">Session token <span class="hint">(only for temporary credentials from STS)</span></label>
    <input id="sessionToken" name="sessionToken" autocomplete="off">
    <button type="submit" class="button primary">Sign in</button>
  </form>
  <p><a href="/console/signin/user?next=${encodeURIComponent(next)}">Sign in as an IAM user with a password</a></p>
</div>`,
  });
}

/** A sign-in during a lockout: refused before the credentials are looked at, a correct one too. */
async function tooManySignIns(request: IncomingMessage, response: ServerResponse, sessions: SessionStore, secure: boolean, retryAfter: number): Promise<void> {
  const form = await readForm(request).catch(() => ({}) as Record<string, string>);
  const session = (await sessions.find(request)) ?? (await sessions.create(response, secure));
  response.setHeader('retry-after', String(retryAfter));
  const message = `Too many failed sign-ins from your address. Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`;
  send(response, { kind: 'html', status: 429, body: signInPage(session, request, safeNext(form.next), message, { accessKeyId: (form.accessKeyId ?? '').trim() }) });
}

interface SignInOutcome {
  succeeded(): void;
  /** Returns the lockout the failure starts, in seconds (0: none). */
  failed(): number;
}

async function signIn(request: IncomingMessage, response: ServerResponse, sessions: SessionStore, secure: boolean, outcome: SignInOutcome): Promise<void> {
  const form = await readForm(request).catch(() => ({}) as Record<string, string>);
  let session = await sessions.find(request);
  if (!session || !csrfMatches(session, form._csrf) || crossOrigin(request)) {
    session = await sessions.create(response, secure);
    return send(response, { kind: 'html', status: 403, body: signInPage(session, request, safeNext(form.next), 'The sign-in form had expired. Please try again.') });
  }
  const credentials = {
    accessKeyId: (form.accessKeyId ?? '').trim(),
    secretAccessKey: form.secretAccessKey ?? '',
    ...(form.sessionToken?.trim() ? { sessionToken: form.sessionToken.trim() } : {}),
  };
  try {
    const clients = awsClients(selfEndpoint(request), credentials, session.region);
    const who = await clients.sts.send(new GetCallerIdentityCommand({})).finally(() => clients.destroy());
    const region = session.region;
    await sessions.destroy(session, response, secure);
    // A new session id on sign-in (no fixation); the credentials stay on the server.
    await sessions.create(response, secure, { credentials, region, identity: { arn: who.Arn!, accountId: who.Account!, userId: who.UserId! } });
    outcome.succeeded();
    send(response, redirect(safeNext(form.next)));
  } catch (error) {
    const e = apiError(error);
    const lockout = outcome.failed();
    const message = `${e.code}: ${e.message}${lockout > 0 ? ` Too many failed sign-ins: the next is possible in ${lockout} second${lockout === 1 ? '' : 's'}.` : ''}`;
    send(response, { kind: 'html', status: 401, body: signInPage(session, request, safeNext(form.next), message, { accessKeyId: credentials.accessKeyId }) });
  }
}

async function home(ctx: import('./router.js').Context) {
  const cards: [string, string, string][] = [
    ['IAM', '/console/iam/roles', 'Roles (service-linked ones marked), their trust and permissions, what uses them, deletion with live status; users, groups and policies.'],
    ['AppIntegrations', '/console/appintegrations', 'Data and event integrations, and the Wisdom, Customer Profiles and Tasks sections that associate with them.'],
    ['Lex V2', '/console/lex/bots', 'Bots, their settings and runtime role, versions, aliases and their capabilities, channel integrations.'],
    ['Audit trail', '/console/insight/audit', 'Every authorization decision, filtered, with its explanation.'],
    ['Policy simulator', '/console/insight/simulator', 'Would this principal be allowed this action on this resource? With the deciding statement highlighted.'],
    ['Service-linked role map', '/console/insight/map', 'A picture of each service-linked role: its service, its grants and the resources they reach.'],
    ['My security credentials', SECURITY_CREDENTIALS_PATH, 'Your console password (change it) and your MFA devices, as an IAM user.'],
  ];
  return ctx.page({
    title: 'Home',
    section: 'home',
    body: html`<h1>Console home</h1>
<p class="lead">Signed in as <code>${ctx.session.identity!.arn}</code> in account <code>${ctx.accountId}</code>, region <code>${ctx.session.region}</code>.</p>
<ul class="cards">${cards.map(([title, href, text]) => html`<li class="card"><h2><a href="${href}">${title}</a></h2><p>${text}</p></li>`)}</ul>
${panel('About this console', raw('<p>Each page calls linkedrole\'s AWS APIs (IAM, STS, AppIntegrations, Lex V2, CloudTrail and linkedrole\'s extensions) with your credentials. A user without permission sees AWS\'s refusal and its reason; every call is in the audit trail.</p>'))}`,
  });
}
