// IAM users' console sign-in: account (its 12-digit id, or its alias), user name and password; then the code of
// the user's MFA device when the user has one; then a new password when the old one must be changed (reset
// required by an administrator, or expired under the password policy's MaxPasswordAge; under HardExpiry an
// expired password is refused instead). Signed in, the console holds temporary credentials of the user's own
// (STS's console session: they act as the user, MFA ones when a code was verified) and every page is the
// user's API calls, authorized by the engine like any other. Between the steps the console session holds
// only who is signing in and which step is next, never a password; a pending sign-in lasts ten minutes.
// The root's access-key sign-in (index.ts) is unchanged; failures here count in the same throttle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app-types.js';
import { AwsError } from '../aws/errors.js';
import { AccountSettings } from '../services/iam/account.js';
import { html, type Html } from './html.js';
import { alert, csrf, layout } from './layout.js';
import { crossOrigin, readForm, redirect, send } from './router.js';
import { csrfMatches, type ConsoleSession, type PendingSignIn, type SessionStore } from './session.js';
import { clientAddress, type SignInThrottle } from './throttle.js';

const PENDING_MS = 10 * 60_000;
const ACCOUNT_ID = /^\d{12}$/;

/** AWS's console answer to a wrong account, user name or password (one answer for all three). */
export const SIGN_IN_REFUSED = 'Your authentication information is incorrect. Please try again.';
export const MFA_REFUSED = 'The MFA code is not valid. Please try again.';
export const HARD_EXPIRED = 'Your password has expired. Only an administrator can set a new one (the account password policy sets HardExpiry).';

export interface UserSignInOptions {
  app: App;
  sessions: SessionStore;
  throttle: SignInThrottle;
  secure: boolean;
  /** The page to go to once signed in: only a console path (index.ts's rule). */
  safeNext(next: string | undefined): string;
}

type Page = 'user' | 'mfa' | 'password';

/** The IAM user sign-in's pages under /console/signin/: answers the request when it is one of them. */
export function userSignIn(options: UserSignInOptions) {
  const { app, sessions, throttle, secure, safeNext } = options;
  const passwords = app.iamIdentities.passwords;
  const accounts = new AccountSettings(app.store);

  const reply = (response: ServerResponse, status: number, body: Html) => send(response, { kind: 'html', status, body });

  const frame = (title: string, body: Html) => layout(undefined, { title, section: 'signin', body: html`<div class="signin"><h1>${title}</h1>${body}</div>` });

  function userForm(session: ConsoleSession, next: string, error?: string, values: Record<string, string> = {}): Html {
    return frame(
      'Sign in as an IAM user',
      html`<p class="lead">Your account's id (or its alias), your IAM user name and your password. Signed in, every page is an API call made as your user, allowed or refused by your user's policies.</p>
  ${error ? alert('error', error, 'Sign-in failed') : ''}
  <form method="post" action="/console/signin/user" class="stack">
    ${csrf(session)}
    <input type="hidden" name="next" value="${next}">
    <label for="account">Account ID or alias</label>
    <input id="account" name="account" autocomplete="organization" required value="${values.account ?? ''}">
    <label for="userName">IAM user name</label>
    <input id="userName" name="userName" autocomplete="username" required value="${values.userName ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="button primary">Sign in</button>
  </form>
  <p><a href="/console/signin?next=${encodeURIComponent(next)}">Sign in with an access key instead</a></p>`,
    );
  }

  function mfaForm(session: ConsoleSession, pending: PendingSignIn, error?: string): Html {
    return frame(
      'Multi-factor authentication',
      html`<p class="lead">Enter the code your MFA device shows for <code>${pending.userName}</code>.</p>
  ${error ? alert('error', error, 'Sign-in failed') : ''}
  <form method="post" action="/console/signin/mfa" class="stack">
    ${csrf(session)}
    <label for="mfaCode">MFA code</label>
    <input id="mfaCode" name="mfaCode" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
    <button type="submit" class="button primary">Submit</button>
  </form>`,
    );
  }

  function passwordForm(session: ConsoleSession, pending: PendingSignIn, error?: string): Html {
    const why = pending.change === 'expired' ? 'Your password has expired.' : 'Your administrator requires you to choose a new password.';
    return frame(
      'Change your password',
      html`<p class="lead">${why} Choose a new one to continue, as the account's password policy asks.</p>
  ${error ? alert('error', error, 'The password was not changed') : ''}
  <form method="post" action="/console/signin/password" class="stack">
    ${csrf(session)}
    <label for="oldPassword">Old password</label>
    <input id="oldPassword" name="oldPassword" type="password" autocomplete="current-password" required>
    <label for="newPassword">New password</label>
    <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
    <label for="confirmPassword">Retype new password</label>
    <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
    <button type="submit" class="button primary">Change password and sign in</button>
  </form>`,
    );
  }

  /** A pending sign-in still valid at the page asked for, else undefined (the user starts again). */
  function pendingAt(session: ConsoleSession | undefined, step: PendingSignIn['step']): PendingSignIn | undefined {
    const pending = session?.pendingSignIn;
    if (!pending || pending.step !== step || Date.now() - Date.parse(pending.since) > PENDING_MS) return undefined;
    return pending;
  }

  function recordSignIn(request: IncomingMessage, accountId: string, userArn: string, userName: string, outcome: 'Success' | 'Failure', detail: Record<string, unknown>) {
    app.audit.record({
      time: new Date(),
      accountId,
      kind: 'api',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      region: 'us-east-1',
      sourceIp: clientAddress(request),
      userAgent: request.headers['user-agent'],
      principalArn: userArn,
      userName,
      action: 'signin:ConsoleLogin',
      resource: userArn,
      decision: outcome === 'Success' ? 'allowed' : 'implicitDeny',
      errorCode: outcome === 'Success' ? undefined : 'Failed authentication',
      detail: { ConsoleLogin: outcome, ...detail },
    });
  }

  /** The last step: the user's console credentials in a new session (a new id: no fixation). */
  async function complete(request: IncomingMessage, response: ServerResponse, session: ConsoleSession, pending: PendingSignIn): Promise<void> {
    const user = await app.iamIdentities.users.get(pending.accountId, pending.userName);
    const credentials = await app.sts.consoleSignIn({ accountId: user.accountId, arn: user.arn, userId: user.userId, userName: user.userName }, session.region, pending.mfaSerialNumber);
    await passwords.markUsed(user.accountId, user.userName);
    recordSignIn(request, user.accountId, user.arn, user.userName, 'Success', { MFAUsed: pending.mfaSerialNumber ? 'Yes' : 'No' });
    throttle.succeeded(clientAddress(request));
    const region = session.region;
    await sessions.destroy(session, response, secure);
    await sessions.create(response, secure, {
      credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken },
      region,
      identity: { arn: user.arn, accountId: user.accountId, userId: user.userId },
    });
    send(response, redirect(safeNext(pending.next)));
  }

  /** After the password (and the MFA code): a new password first if one is needed, else signed in. */
  async function nextStep(request: IncomingMessage, response: ServerResponse, session: ConsoleSession, pending: PendingSignIn): Promise<void> {
    if (pending.change) {
      session.pendingSignIn = { ...pending, step: 'change' };
      await sessions.save(session);
      return send(response, redirect('/console/signin/password'));
    }
    return complete(request, response, session, pending);
  }

  /** A failed step: counted by the throttle; its lockout, if it starts one, said. */
  function failed(request: IncomingMessage, message: string): string {
    const lockout = throttle.failed(clientAddress(request));
    return `${message}${lockout > 0 ? ` Too many failed sign-ins: the next is possible in ${lockout} second${lockout === 1 ? '' : 's'}.` : ''}`;
  }

  return async (request: IncomingMessage, response: ServerResponse, page: Page): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://console.local');
    const post = request.method === 'POST';
    if (!post && request.method !== 'GET') return send(response, { kind: 'text', status: 405, contentType: 'text/plain; charset=utf-8', body: 'Method not allowed' });
    const form = post ? await readForm(request).catch(() => ({}) as Record<string, string>) : {};
    let session = await sessions.find(request);
    if (post && (!session || !csrfMatches(session, form._csrf) || crossOrigin(request))) {
      session = await sessions.create(response, secure);
      return reply(response, 403, userForm(session, safeNext(form.next), 'The sign-in form had expired. Please try again.'));
    }
    session ??= await sessions.create(response, secure);

    if (page === 'user' && !post) return reply(response, 200, userForm(session, safeNext(url.searchParams.get('next') ?? undefined)));
    if (post) {
      const wait = throttle.retryAfterSeconds(clientAddress(request));
      if (wait > 0) {
        response.setHeader('retry-after', String(wait));
        return reply(response, 429, userForm(session, safeNext(form.next ?? session.pendingSignIn?.next), `Too many failed sign-ins from your address. Try again in ${wait} second${wait === 1 ? '' : 's'}.`));
      }
    }

    if (page === 'user') {
      const next = safeNext(form.next);
      const given = (form.account ?? '').trim();
      const userName = (form.userName ?? '').trim();
      const accountId = ACCOUNT_ID.test(given) ? given : await accounts.accountOfAlias(given.toLowerCase());
      const check = accountId && userName ? await passwords.signIn(accountId, userName, form.password ?? '') : ({ outcome: 'refused' } as const);
      const values = { account: given, userName };
      if (check.outcome === 'refused') {
        if (accountId) recordSignIn(request, accountId, `arn:aws:iam::${accountId}:user/${userName}`, userName, 'Failure', { reason: 'authentication' });
        return reply(response, 401, userForm(session, next, failed(request, SIGN_IN_REFUSED), values));
      }
      if (check.outcome === 'hard-expired') return reply(response, 401, userForm(session, next, HARD_EXPIRED, values));
      const pending: PendingSignIn = {
        accountId: check.user.accountId,
        userName: check.user.userName,
        next,
        step: 'mfa',
        ...(check.outcome === 'change-required' ? { change: check.reason } : {}),
        since: new Date().toISOString(),
      };
      const devices = await app.iamIdentities.mfa.ofUser(pending.accountId, pending.userName);
      if (devices.length > 0) {
        session.pendingSignIn = pending;
        await sessions.save(session);
        return send(response, redirect('/console/signin/mfa'));
      }
      return nextStep(request, response, session, pending);
    }

    if (page === 'mfa') {
      const pending = pendingAt(session, 'mfa');
      if (!pending) return send(response, redirect('/console/signin/user'));
      if (!post) return reply(response, 200, mfaForm(session, pending));
      const code = (form.mfaCode ?? '').trim();
      let verified: string | undefined;
      if (/^\d{6}$/.test(code)) {
        for (const device of await app.iamIdentities.mfa.ofUser(pending.accountId, pending.userName)) {
          if ((await app.iamIdentities.mfa.verify(pending.accountId, pending.userName, device.serialNumber, code)) === 'ok') {
            verified = device.serialNumber;
            break;
          }
        }
      }
      if (!verified) return reply(response, 401, mfaForm(session, pending, failed(request, MFA_REFUSED)));
      return nextStep(request, response, session, { ...pending, mfaSerialNumber: verified });
    }

    const pending = pendingAt(session, 'change');
    if (!pending) return send(response, redirect('/console/signin/user'));
    if (!post) return reply(response, 200, passwordForm(session, pending));
    if ((form.newPassword ?? '') !== (form.confirmPassword ?? '')) return reply(response, 400, passwordForm(session, pending, 'The new passwords do not match.'));
    try {
      await passwords.change(pending.accountId, pending.userName, form.oldPassword ?? '', form.newPassword ?? '');
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      return reply(response, error.status, passwordForm(session, pending, `${error.code}: ${error.message}`));
    }
    return complete(request, response, session, { ...pending, change: undefined });
  };
}
