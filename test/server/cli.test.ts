// The server's fixed points through its command line: the ready line, /health, one JSON access-log
// line per request on stdout, --quiet, a clean exit on SIGTERM, and state kept across a restart.
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

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
      const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', 'src/cli.ts', 'serve', '--port', port, '--data-dir', dataDir]);
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
