// The console over plain HTTP (no browser): pages for resources that do not exist answer 404 with a page,
// names the static files do not have (inherited ones like __proto__) and malformed percent-encoding
// never reach a 5xx, /favicon.ico is served, and the brake on guessing sign-ins (429 with Retry-After,
// a lockout that doubles, a correct sign-in refused too until it passes, per client address).
// The throttle reads the server's clock, which the test moves: no waiting, no timed assertion.
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { clientAddress, SignInThrottle } from '../../src/console/throttle.js';
import { createBot } from '../lex/support.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The session cookie a response sets (name=value), if any. */
function sessionCookie(response: Response): string | undefined {
  const match = /linkedrole_console=([^;]*)/.exec(response.headers.get('set-cookie') ?? '');
  return match && match[1] ? `linkedrole_console=${match[1]}` : undefined;
}

/** An anonymous session's cookie and the sign-in form's CSRF token. */
async function signInForm(url: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${url}/console/signin`);
  return { cookie: sessionCookie(form)!, csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())![1] };
}

function postSignIn(url: string, form: { cookie: string; csrf: string }, secretAccessKey: string): Promise<Response> {
  return fetch(`${url}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ _csrf: form.csrf, accessKeyId: 'test', secretAccessKey, next: '/console' }).toString(),
  });
}

async function signedIn(url: string): Promise<string> {
  const answer = await postSignIn(url, await signInForm(url), 'test');
  assert.equal(answer.status, 303, await answer.text());
  return sessionCookie(answer)!;
}

describe('console over HTTP: 404 pages, no 5xx for odd paths, the favicon', () => {
  let server: TestServer;
  let cookie: string;
  let botId: string;

  before(async () => {
    server = await startTestServer({ lex: { transitionMs: 30 } });
    cookie = await signedIn(server.url);
    const lex = new LexModelsV2Client(server.clientConfig());
    botId = (await createBot(lex, 'Existing')).botId!;
    lex.destroy();
  });
  after(async () => {
    await server?.stop();
  });

  it('a page for a resource that does not exist answers 404 with a page naming AWS\'s refusal', async () => {
    const cases: [string, RegExp][] = [
      ['/console/iam/roles/NoSuchRole', /NoSuchEntity/],
      ['/console/lex/bots/NOSUCHBOT1', /ResourceNotFoundException/],
      ['/console/lex/bots/NOSUCHBOT1/settings', /ResourceNotFoundException/],
      ['/console/lex/bots/NOSUCHBOT1/channels/nochannel', /ResourceNotFoundException/],
      [`/console/lex/bots/${botId}/channels/NOSUCHCHAN`, /ResourceNotFound/],
      [`/console/lex/bots/${botId}/aliases/NOALIAS123`, /ResourceNotFoundException/],
      ['/console/appintegrations/data/no-such-integration', /ResourceNotFoundException/],
      ['/console/appintegrations/events/no-such-integration', /ResourceNotFoundException/],
      ['/console/no/such/page', /Page not found/],
    ];
    for (const [path, refusal] of cases) {
      const answer = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await answer.text();
      assert.equal(answer.status, 404, `${path}: ${body.slice(0, 300)}`);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.match(body, refusal, path);
    }
    // The pages of things that exist still answer 200.
    for (const path of [`/console/lex/bots/${botId}`, '/console/iam/roles']) {
      assert.equal((await fetch(`${server.url}${path}`, { headers: { cookie } })).status, 200, path);
    }
  });

  it('inherited names under /console/static/ and malformed percent-encoding: 404 and 400, signed in or not', async () => {
    const cases: [string, number][] = [
      ['/console/static/__proto__', 404],
      ['/console/static/constructor', 404],
      ['/console/static/toString', 404],
      ['/console/static/hasOwnProperty', 404],
      ['/console/static/..%2fpackage.json', 404],
      ['/console/static/console.css', 200],
      ['/console/%E0%A4%A', 400],
      ['/console/lex/bots/%E0%A4%A', 400],
      ['/console/iam/roles/%FF', 400],
      ['/console/static/%C0%AF', 400],
      ['/console/signin?next=%E0%A4%A', 200],
    ];
    for (const headers of [{}, { cookie }] as Record<string, string>[]) {
      for (const [path, status] of cases) {
        const answer = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
        assert.equal(answer.status, status, `${path} ${JSON.stringify(headers)}: ${(await answer.text()).slice(0, 200)}`);
      }
    }
  });

  it('serves /favicon.ico (an icon, not an AWS error)', async () => {
    for (const path of ['/favicon.ico', '/console/static/favicon.ico']) {
      const answer = await fetch(`${server.url}${path}`);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers.get('content-type'), 'image/x-icon');
      const bytes = Buffer.from(await answer.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], 'the ICO header');
    }
    assert.equal((await fetch(`${server.url}/favicon.ico`, { method: 'POST' })).status, 404);
  });
});

describe('console sign-in: the brake on guessing', () => {
  let server: TestServer;
  let offset = 0;
  const advance = (ms: number) => (offset += ms);

  before(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offset), console: { signInThrottle: { freeFailures: 3, baseLockMs: 2_000 } } });
  });
  after(async () => {
    await server?.stop();
  });

  /** A sign-in's status and Retry-After (null when none). */
  const attemptSignIn = async (form: { cookie: string; csrf: string }, secret: string) => {
    const answer = await postSignIn(server.url, form, secret);
    const body = await answer.text();
    return { status: answer.status, retryAfter: answer.headers.get('retry-after'), body, cookie: sessionCookie(answer) };
  };

  it('locks an address out after the free failures, doubling; a correct sign-in is refused too until Retry-After passes', async () => {
    const form = await signInForm(server.url);
    // [secret, the answer's status, its Retry-After, then move the clock by ms]
    const steps: [string, number, string | null, number][] = [
      ['wrong', 401, null, 0],
      ['wrong', 401, null, 0],
      ['wrong', 401, null, 0], // the third failure starts a 2 s lockout
      ['test', 429, '2', 1_000], // correct, refused
      ['test', 429, '1', 1_000],
      ['wrong', 401, null, 0], // the lockout is over; a fourth failure locks for 4 s
      ['test', 429, '4', 3_000],
      ['wrong', 429, '1', 1_000], // refused without counting
    ];
    for (const [i, [secret, status, retryAfter, move]] of steps.entries()) {
      const answer = await attemptSignIn(form, secret);
      assert.equal(answer.status, status, `step ${i}: ${answer.body.slice(0, 300)}`);
      assert.equal(answer.retryAfter, retryAfter, `step ${i}`);
      if (status === 429) {
        assert.match(answer.body, /Too many failed sign-ins from your address\. Try again in \d+ seconds?\./);
        assert.equal(answer.cookie, undefined, `step ${i}: no new session`);
      }
      advance(move);
    }
    // Retry-After has passed: the correct sign-in succeeds and forgets the failures.
    const success = await attemptSignIn(form, 'test');
    assert.equal(success.status, 303, success.body.slice(0, 300));
    const home = await fetch(`${server.url}/console`, { headers: { cookie: success.cookie! } });
    assert.equal(home.status, 200);
    const again = await signInForm(server.url);
    for (const expected of [401, 401, 401, 429]) assert.equal((await attemptSignIn(again, 'wrong')).status, expected);
    advance(2_000);
    assert.equal((await attemptSignIn(again, 'test')).status, 303);
  });

  it('counts per client address: another address is not locked out', async () => {
    const form = await signInForm(server.url);
    for (let i = 0; i < 3; i++) assert.equal((await attemptSignIn(form, 'wrong')).status, 401);
    assert.equal((await attemptSignIn(form, 'test')).status, 429);
    // The same request from 127.0.0.2 (loopback too, a different address).
    const url = new URL(server.url);
    const body = new URLSearchParams({ _csrf: form.csrf, accessKeyId: 'test', secretAccessKey: 'test', next: '/console' }).toString();
    const status = await new Promise<number>((resolve, reject) => {
      const r = httpRequest(
        { host: url.hostname, port: url.port, method: 'POST', path: '/console/signin', localAddress: '127.0.0.2', headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      r.on('error', reject);
      r.end(body);
    });
    assert.equal(status, 303);
    advance(2_000);
  });

  it('keys IPv4 (also mapped into IPv6) by address and IPv6 by its /64', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', '127.0.0.1'],
      ['::ffff:10.1.2.3', '10.1.2.3'],
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
      ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
      ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
      ['2001:db8::1', '2001:db8:0:0::/64'],
      ['::1', '0:0:0:0::/64'],
      ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ];
    for (const [remote, key] of cases) assert.equal(clientAddress({ socket: { remoteAddress: remote } }), key, remote);
  });

  it('keeps its memory bounded: by entries (least recently failed dropped first) and by time', () => {
    let now = 0;
    const throttle = new SignInThrottle({ freeFailures: 2, baseLockMs: 1_000, maxLockMs: 8_000, forgetMs: 60_000, maxEntries: 3 }, () => now);
    for (const address of ['a', 'b', 'c', 'd']) throttle.failed(address);
    assert.equal(throttle.size, 3);
    // 'a' was dropped: it starts again from zero (its next failure is its first, no lockout).
    assert.equal(throttle.failed('a'), 0);
    assert.equal(throttle.failed('a'), 1, 'the second failure starts the 1 s lockout');
    assert.equal(throttle.retryAfterSeconds('a'), 1);
    // The lockout doubles up to maxLockMs.
    const locks: number[] = [];
    for (let i = 0; i < 6; i++) {
      now += 10_000;
      locks.push(throttle.failed('a'));
    }
    assert.deepEqual(locks, [2, 4, 8, 8, 8, 8]);
    // forgetMs after its last failure, once the lockout is over, an address is forgotten.
    now += 60_000;
    assert.equal(throttle.retryAfterSeconds('a'), 0);
    assert.equal(throttle.failed('a'), 0, 'forgotten: a first failure again');
    throttle.succeeded('a');
    assert.equal(throttle.failed('a'), 0);
  });
});
