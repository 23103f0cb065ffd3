// The server's fixed points through its command line: the ready line, /health, one JSON access-log
// line per request on stdout, --quiet, a clean exit on SIGTERM, and state kept across a restart; and
// the root's key: test/test by default on loopback, refused on any other --host unless the operator
// gives a key of their own (flags or environment) or accepts the risk (--allow-default-credentials).
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rejectsWith } from '../support/iam.js';
import { serveFailure, startServeProcess, type ServeProcess as ServeChild } from '../support/serve-process.js';

interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  lines: string[];
  exit: Promise<number | null>;
}

const READY = /^linkedrole listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

async function serve(dataDir: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', 'src/cli.ts', 'serve', '--port', '0', '--data-dir', dataDir, ...extra], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' comes after stdout is drained, so every line is in `lines` by then.
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const ready = READY.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before the ready line; stderr: ${stderr}`)));
  });
  return { child, url, lines, exit };
}

function clients(url: string) {
  const config = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  return { iam: new IAMClient(config), sts: new STSClient(config) };
}

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('linkedrole serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkedrole-serve-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints exactly the ready line, answers /health, logs each request as one JSON line, and exits 0 on SIGTERM', async () => {
    const server = await serve(dataDir);
    try {
      assert.equal(server.lines.filter((l) => READY.test(l)).length, 1);
      assert.equal(server.lines[0], `linkedrole listening on ${server.url}`);
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'ok');

      const { iam, sts } = clients(server.url);
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, 'arn:aws:iam::123456789012:root');
      await iam.send(new CreateRoleCommand({ RoleName: 'kept-across-restarts', AssumeRolePolicyDocument: trust }));
      await assert.rejects(iam.send(new GetRoleCommand({ RoleName: 'missing-role' })), { name: 'NoSuchEntityException' });
      iam.destroy();
      sts.destroy();

      await new Promise((resolve) => setTimeout(resolve, 100));
      const entries = server.lines.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(entries.length, 3, `one access-log line per AWS request: ${server.lines.join('\n')}`);
      const [caller, created, missing] = entries;
      assert.equal(caller.service, 'sts');
      assert.equal(caller.operation, 'GetCallerIdentity');
      assert.equal(caller.status, 200);
      assert.equal(caller.caller, 'arn:aws:iam::123456789012:root');
      assert.match(String(caller.requestId), /^[0-9a-f-]{36}$/);
      assert.equal(typeof caller.durationMs, 'number');
      assert.equal(created.operation, 'CreateRole');
      assert.equal(missing.status, 404);
      assert.equal(missing.errorCode, 'NoSuchEntity');
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exit, 0);
  });

  it('logs every request of a burst as one whole JSON line, all written before it exits', async () => {
    const server = await serve(dataDir);
    const { sts } = clients(server.url);
    await Promise.all(Array.from({ length: 300 }, () => sts.send(new GetCallerIdentityCommand({}))));
    sts.destroy();
    server.child.kill('SIGTERM');
    assert.equal(await server.exit, 0);
    const entries = server.lines.slice(1).filter((line) => line !== '').map((line) => JSON.parse(line) as { operation: string; status: number });
    assert.equal(entries.length, 300);
    assert.ok(entries.every((e) => e.operation === 'GetCallerIdentity' && e.status === 200));
  });

  it('keeps everything across a restart on the same data dir, and --quiet writes nothing but the ready line', async () => {
    const server = await serve(dataDir, ['--quiet']);
    try {
      const { iam } = clients(server.url);
      const role = await iam.send(new GetRoleCommand({ RoleName: 'kept-across-restarts' }));
      assert.equal(role.Role?.Arn, 'arn:aws:iam::123456789012:role/kept-across-restarts');
      iam.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(server.lines, [`linkedrole listening on ${server.url}`]);
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exit, 0);
  });

  it('refuses a port already in use with an error, not a ready line', async () => {
    const first = await serve(dataDir);
    try {
      const port = new URL(first.url).port;
      // Another data dir: this one is the first server's (a second server on it is refused for that).
      const otherDir = mkdtempSync(join(tmpdir(), 'linkedrole-serve-other-'));
      after(() => rmSync(otherDir, { recursive: true, force: true }));
      const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', 'src/cli.ts', 'serve', '--port', port, '--data-dir', otherDir]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.notEqual(code, 0);
      assert.equal(stdout, '');
      assert.match(stderr, /EADDRINUSE|already in use/);
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.equal(await first.exit, 0);
  });
});

describe("linkedrole serve: the root's key", () => {
  const base = mkdtempSync(join(tmpdir(), 'linkedrole-root-key-'));
  let count = 0;
  const freshDir = () => join(base, `dir-${++count}`);
  const running: ServeChild[] = [];
  after(async () => {
    for (const server of running) await server.kill();
    rmSync(base, { recursive: true, force: true });
  });

  const ROOT = { accessKeyId: 'AKIALINKEDROLEROOT01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLINKEDROOT' };
  const askForAKey = (host: string) =>
    `linkedrole: --host ${host} is reachable from other machines, and the root key would be the well-known test/test: anyone who can reach the port would be the account's root, in the API and the console. ` +
    'Give the root a key of its own with --root-access-key-id and --root-secret-access-key (or LINKEDROLE_ROOT_ACCESS_KEY_ID and LINKEDROLE_ROOT_SECRET_ACCESS_KEY), or accept that risk with --allow-default-credentials.\n';
  const wholeKey = (problem: string) =>
    `linkedrole: ${problem} (the root's key is given whole: --root-access-key-id and --root-secret-access-key, or LINKEDROLE_ROOT_ACCESS_KEY_ID and LINKEDROLE_ROOT_SECRET_ACCESS_KEY)\n`;

  /** Starts that must be refused: flags, environment, and the whole of stderr. */
  const refusals: { name: string; flags: string[]; env?: Record<string, string>; stderr: string }[] = [
    { name: 'every IPv4 address with the default key', flags: ['--host', '0.0.0.0'], stderr: askForAKey('0.0.0.0') },
    { name: 'every IPv6 address with the default key', flags: ['--host', '::'], stderr: askForAKey('::') },
    { name: 'test/test given explicitly is still the default key', flags: ['--host', '0.0.0.0', '--root-access-key-id', 'test', '--root-secret-access-key', 'test'], stderr: askForAKey('0.0.0.0') },
    { name: 'test/test from the environment is still the default key', flags: ['--host', '0.0.0.0'], env: { LINKEDROLE_ROOT_ACCESS_KEY_ID: 'test', LINKEDROLE_ROOT_SECRET_ACCESS_KEY: 'test' }, stderr: askForAKey('0.0.0.0') },
    { name: 'an access key id without its secret', flags: ['--root-access-key-id', ROOT.accessKeyId], stderr: wholeKey('the root secret access key is missing or empty') },
    { name: 'a secret without its access key id (environment)', flags: [], env: { LINKEDROLE_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey }, stderr: wholeKey('the root access key id is missing or empty') },
    {
      name: 'an access key id that cannot stand in a credential scope',
      flags: ['--root-access-key-id', 'ROOT/KEY', '--root-secret-access-key', ROOT.secretAccessKey],
      stderr: wholeKey("the root access key id may hold only letters, digits and underscores (IAM's [\\w]+), not 'ROOT/KEY'"),
    },
  ];
  for (const refusal of refusals) {
    it(`refuses to start: ${refusal.name}`, async () => {
      const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', freshDir(), ...refusal.flags], env: refusal.env });
      assert.equal(code, 1, stderr);
      assert.equal(stderr, refusal.stderr);
    });
  }

  it('--allow-default-credentials on every address: starts, says the risk on stderr, and test/test is the root', async () => {
    const server = await startServeProcess({ storeFlags: ['--data-dir', freshDir(), '--host', '0.0.0.0', '--allow-default-credentials'] });
    running.push(server);
    assert.match(server.url, /^http:\/\/0\.0\.0\.0:\d+$/);
    assert.equal(
      server.stderr().split('\n').filter((line) => line.startsWith('linkedrole:')).join('\n'),
      "linkedrole: warning: --host 0.0.0.0 is reachable from other machines, and the root key would be the well-known test/test: anyone who can reach the port would be the account's root, in the API and the console (--allow-default-credentials).",
    );
    const sts = new STSClient({ ...server.clientConfig(), endpoint: server.url.replace('0.0.0.0', '127.0.0.1') });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::123456789012:root');
    sts.destroy();
    assert.equal(await server.stop(), 0);
  });

  // The same key given by flags on loopback, and by the environment on every address (no warning then).
  const keyed: { name: string; flags: string[]; env?: Record<string, string> }[] = [
    { name: 'flags, loopback', flags: ['--root-access-key-id', ROOT.accessKeyId, '--root-secret-access-key', ROOT.secretAccessKey] },
    { name: 'environment, every address', flags: ['--host', '0.0.0.0'], env: { LINKEDROLE_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, LINKEDROLE_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey } },
  ];
  for (const variant of keyed) {
    it(`a root key of its own (${variant.name}): the API and the console take it, and refuse test/test as AWS refuses an unknown key`, async () => {
      const server = await startServeProcess({ storeFlags: ['--data-dir', freshDir(), ...variant.flags], env: variant.env });
      running.push(server);
      assert.doesNotMatch(server.stderr(), /^linkedrole:/m, 'no warning');
      const endpoint = server.url.replace('0.0.0.0', '127.0.0.1');
      const config = (credentials: { accessKeyId: string; secretAccessKey: string }) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      const sts = new STSClient(config(ROOT));
      const iam = new IAMClient(config(ROOT));
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([identity.Arn, identity.Account], ['arn:aws:iam::123456789012:root', '123456789012']);
      await iam.send(new CreateRoleCommand({ RoleName: 'made-by-the-custom-root', AssumeRolePolicyDocument: trust }));
      const oldSts = new STSClient(config({ accessKeyId: 'test', secretAccessKey: 'test' }));
      const oldIam = new IAMClient(config({ accessKeyId: 'test', secretAccessKey: 'test' }));
      const invalid = 'The security token included in the request is invalid.';
      await rejectsWith(oldSts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', invalid, 403);
      await rejectsWith(oldIam.send(new GetRoleCommand({ RoleName: 'made-by-the-custom-root' })), 'InvalidClientTokenId', invalid, 403);
      for (const client of [sts, iam, oldSts, oldIam]) client.destroy();
      // The console signs in with the same keys (its sign-in is GetCallerIdentity with them).
      assert.equal(await consoleSignIn(endpoint, 'test', 'test'), 401);
      assert.equal(await consoleSignIn(endpoint, ROOT.accessKeyId, ROOT.secretAccessKey), 303);
      assert.equal(await server.stop(), 0);
    });
  }

  it('the console offers its one-click test/test sign-in only while test/test is the root key', async () => {
    const custom = await startServeProcess({ storeFlags: ['--data-dir', freshDir(), '--root-access-key-id', ROOT.accessKeyId, '--root-secret-access-key', ROOT.secretAccessKey] });
    running.push(custom);
    const builtIn = await startServeProcess({ storeFlags: ['--data-dir', freshDir()] });
    running.push(builtIn);
    const page = async (url: string) => (await fetch(`${url}/console/signin`)).text();
    assert.match(await page(builtIn.url), /Sign in as the default account \(test \/ test\)/);
    const customPage = await page(custom.url);
    assert.doesNotMatch(customPage, /test \/ test|value="test"/);
    assert.doesNotMatch(customPage, new RegExp(ROOT.secretAccessKey), 'the secret is never in a page');
    assert.deepEqual([await custom.stop(), await builtIn.stop()], [0, 0]);
  });
});

/** Signs in to the console over plain HTTP as a browser would (form, CSRF token, cookie): the HTTP status. */
async function consoleSignIn(url: string, accessKeyId: string, secretAccessKey: string): Promise<number> {
  const form = await fetch(`${url}/console/signin`);
  const cookie = /linkedrole_console=[^;]+/.exec(form.headers.get('set-cookie') ?? '')![0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const answer = await fetch(`${url}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ _csrf: csrf, accessKeyId, secretAccessKey, next: '/console' }).toString(),
  });
  return answer.status;
}
