// Console sessions live in the store: a second server on the same store serves a user signed in on the
// first (no sticky sessions behind a load balancer), and the store keeps only a hash of the cookie's id.
// Plain HTTP (no browser): the sign-in form, its CSRF token and the session cookie, as a browser sends them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/server.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The session cookie a response sets (name=value), if any. */
function sessionCookie(response: Response): string | undefined {
  const header = response.headers.get('set-cookie') ?? '';
  const match = /linkedrole_console=([^;]*)/.exec(header);
  return match && match[1] ? `linkedrole_console=${match[1]}` : undefined;
}

async function signIn(url: string): Promise<string> {
  const form = await fetch(`${url}/console/signin`);
  const anonymous = sessionCookie(form)!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const answer = await fetch(`${url}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ _csrf: csrf, accessKeyId: 'test', secretAccessKey: 'test', next: '/console/iam/roles' }).toString(),
  });
  assert.equal(answer.status, 303, await answer.text());
  const signedIn = sessionCookie(answer);
  assert.ok(signedIn && signedIn !== anonymous, 'signing in gives a new session id');
  return signedIn;
}

// Two servers share a store only on PostgreSQL: a second server on a SQLite data dir is refused (src/store/data-dir-lock.ts).
describe('console sessions in the store', { skip: process.env.LINKEDROLE_TEST_DATABASE_URL ? false : 'two servers share a store only on PostgreSQL (LINKEDROLE_TEST_DATABASE_URL)' }, () => {
  let first: TestServer;
  let second: RunningServer;

  before(async () => {
    first = await startTestServer();
    second = await startServer({ port: 0, dataDir: first.dataDir, ...(first.databaseUrl ? { store: 'postgres' as const, databaseUrl: first.databaseUrl } : {}) });
  });
  after(async () => {
    await second?.close();
    await first?.stop();
  });

  it('are served by every server on the store, and the store keeps only the hash of their id', async () => {
    const cookie = await signIn(first.url);
    for (const url of [first.url, second.url]) {
      const page = await fetch(`${url}/console/iam/roles`, { headers: { cookie }, redirect: 'manual' });
      assert.equal(page.status, 200, `${url} serves the session`);
      assert.match(await page.text(), /arn:aws:iam::123456789012:root/);
    }
    const id = cookie.split('=')[1];
    const rows = await first.app.store.db.selectFrom('console_sessions').select(['id_hash', 'state']).execute();
    assert.ok(rows.some((r) => r.id_hash === createHash('sha256').update(id).digest('hex')));
    assert.ok(rows.every((r) => r.id_hash !== id && !r.state.includes(id)), 'the raw id is not stored');
    // A cookie that names no stored session is sent to sign in.
    const forged = await fetch(`${second.url}/console/iam/roles`, { headers: { cookie: 'linkedrole_console=forged' }, redirect: 'manual' });
    assert.equal(forged.status, 303);
    assert.match(forged.headers.get('location') ?? '', /^\/console\/signin/);
  });

  it('carry what one request changes to the next, on another server (the region)', async () => {
    const cookie = await signIn(first.url);
    const home = await fetch(`${first.url}/console`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1];
    const switched = await fetch(`${first.url}/console/region`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: first.url },
      body: new URLSearchParams({ _csrf: csrf, region: 'eu-west-2' }).toString(),
    });
    assert.equal(switched.status, 303);
    const elsewhere = await (await fetch(`${second.url}/console`, { headers: { cookie } })).text();
    assert.match(elsewhere, /<option value="eu-west-2" selected/);
  });

  it('end with sign-out on every server', async () => {
    const cookie = await signIn(first.url);
    const home = await fetch(`${second.url}/console`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())![1];
    const out = await fetch(`${second.url}/console/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: second.url },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.status, 303);
    const after = await fetch(`${first.url}/console/iam/roles`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(after.status, 303);
  });
});
