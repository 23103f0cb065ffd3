// One server per SQLite data dir: a second `linkedrole serve` on the same dir is refused at start (exit 1,
// naming the dir and the first server's pid) while the first keeps serving; the lock dies with its
// process, so a server killed with SIGKILL never blocks the next start; a clean stop lets the next start
// too; servers on different dirs run side by side; in one process, a second server on the dir is refused
// the same way; readers of the store (`linkedrole audit`) are not locked out. PostgreSQL takes no lock
// (test/store/multi-server.test.ts runs several servers on one database).
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer } from '../../src/server.js';
import { DataDirLockedError, PID_FILE } from '../../src/store/data-dir-lock.js';
import { linkedrole } from '../support/cli.js';
import { serveFailure, startServeProcess, type ServeProcess } from '../support/serve-process.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('one server per SQLite data dir', () => {
  const base = mkdtempSync(join(tmpdir(), 'linkedrole-lock-'));
  const running: ServeProcess[] = [];
  after(async () => {
    for (const server of running) await server.kill();
    rmSync(base, { recursive: true, force: true });
  });

  async function serve(dataDir: string): Promise<ServeProcess> {
    const server = await startServeProcess({ storeFlags: ['--data-dir', dataDir] });
    running.push(server);
    return server;
  }

  async function callerAccount(server: ServeProcess): Promise<string | undefined> {
    const sts = new STSClient(server.clientConfig());
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Account;
    } finally {
      sts.destroy();
    }
  }

  it('refuses a second server on the dir, naming the dir and the first server\'s pid; the first keeps serving', async () => {
    const dataDir = join(base, 'shared');
    const first = await serve(dataDir);
    const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', dataDir] });
    assert.equal(code, 1, stderr);
    assert.equal(
      stderr.trim(),
      `linkedrole: cannot open the data dir ${dataDir}: another linkedrole server (pid ${first.pid}) is using it. ` +
        'Stop that server, or give this one another --data-dir; several servers can share one store only on PostgreSQL (--store postgres).',
    );
    assert.equal(await callerAccount(first), '123456789012');
    assert.equal(await first.stop(), 0);
  });

  it('a server killed with SIGKILL leaves no lock behind: the next starts at once, with every acknowledged write', async () => {
    const dataDir = join(base, 'killed');
    const first = await serve(dataDir);
    const iam = new IAMClient(first.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'before-the-kill', AssumeRolePolicyDocument: TRUST }));
    iam.destroy();
    await first.kill();
    assert.ok(existsSync(join(dataDir, PID_FILE)), 'SIGKILL left the pid file (it names the holder only while the lock is held)');
    const second = await serve(dataDir);
    const client = new IAMClient(second.clientConfig());
    assert.equal((await client.send(new GetRoleCommand({ RoleName: 'before-the-kill' }))).Role?.RoleName, 'before-the-kill');
    client.destroy();
    // And the new server holds the lock in turn.
    const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', dataDir] });
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`another linkedrole server \\(pid ${second.pid}\\) is using it`));
    assert.equal(await second.stop(), 0);
  });

  it('a clean stop (SIGTERM) releases the lock and removes the pid file', async () => {
    const dataDir = join(base, 'stopped');
    const first = await serve(dataDir);
    assert.equal(await first.stop(), 0, `ended by ${first.child.signalCode ?? 'no signal'}; stderr: ${first.stderr()}`);
    assert.equal(existsSync(join(dataDir, PID_FILE)), false);
    const second = await serve(dataDir);
    assert.equal(await callerAccount(second), '123456789012');
    assert.equal(await second.stop(), 0);
  });

  it('servers on different data dirs run side by side', async () => {
    const [a, b] = await Promise.all([serve(join(base, 'a')), serve(join(base, 'b'))]);
    assert.deepEqual([await callerAccount(a), await callerAccount(b)], ['123456789012', '123456789012']);
    assert.deepEqual([await a.stop(), await b.stop()], [0, 0]);
  });

  it('readers of the store are not locked out: linkedrole audit reads the dir of a running server', async () => {
    const dataDir = join(base, 'audited');
    const server = await serve(dataDir);
    assert.equal(await callerAccount(server), '123456789012');
    const audit = await linkedrole(['audit', '--data-dir', dataDir, '--json']);
    assert.equal(audit.code, 0, audit.stderr);
    assert.ok(Array.isArray(JSON.parse(audit.stdout)));
    assert.equal(await server.stop(), 0);
  });

  it('in one process too: a second startServer on the dir is refused with DataDirLockedError, and may start once the first is closed', async () => {
    const dataDir = join(base, 'in-process');
    const first = await startServer({ port: 0, dataDir });
    try {
      await assert.rejects(startServer({ port: 0, dataDir }), (error: unknown) => {
        assert.ok(error instanceof DataDirLockedError, String(error));
        assert.equal(error.dataDir, dataDir);
        assert.equal(error.holderPid, process.pid);
        return true;
      });
    } finally {
      await first.close();
    }
    const again = await startServer({ port: 0, dataDir });
    await again.close();
  });
});
