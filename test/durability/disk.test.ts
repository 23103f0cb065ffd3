// A data dir that is read-only or a disk that is full: `linkedrole serve` says so clearly at start and
// exits 1; a disk that fills up while serving refuses the writes it cannot store (and acknowledges
// none of them), keeps answering reads, and keeps everything acknowledged before. SQLite only (the
// PostgreSQL server owns its own disk).
//
// Tests run as root here, where chmod 0555 does not stop writes: the read-only and full data dirs are
// small tmpfs mounts (read-only, or filled up). Where mounting is not allowed, a non-root user gets a
// chmod 0555 dir instead, and the full-disk cases are skipped.
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveFailure, startServeProcess } from '../support/serve-process.js';

const isRoot = process.getuid?.() === 0;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
}

/** Writes zeros to `file` until the disk is full. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // Then the last bytes a smaller write can still take.
  const fd2 = openSync(`${file}.tail`, 'w');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
}

const canMount = (() => {
  if (!isRoot) return false;
  const probe = mkdtempSync(join(tmpdir(), 'linkedrole-mount-probe-'));
  const ok = tryMount(probe, 'size=64k');
  if (ok) unmount(probe);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

// SQLite only: the second CI run (on PostgreSQL) skips it.
describe('a read-only or full data dir', { skip: process.env.LINKEDROLE_TEST_DATABASE_URL ? 'SQLite only' : false }, () => {
  let base: string;
  const mounts: string[] = [];
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'linkedrole-disk-'));
  });
  after(() => {
    for (const dir of mounts.reverse()) unmount(dir);
    rmSync(base, { recursive: true, force: true });
  });

  function readOnlyDir(name: string): string {
    const dir = join(base, name);
    mkdirSync(dir);
    if (canMount) {
      assert.ok(tryMount(dir, 'ro,size=1m'));
      mounts.push(dir);
    } else {
      chmodSync(dir, 0o555);
    }
    return dir;
  }

  it('an empty read-only data dir: a clear error at start, exit code 1', { skip: isRoot && !canMount ? 'root without mount: chmod does not stop root' : false }, async () => {
    const dir = readOnlyDir('empty-ro');
    const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', dir] });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`^linkedrole: cannot open the data dir ${dir}: `));
    assert.match(stderr, /read-only|permission denied|cannot be created/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('a data dir made read-only after use: a clear error at start, and the data is intact', { skip: canMount ? false : 'needs tmpfs mounts (root)' }, async () => {
    const dir = join(base, 'used');
    mkdirSync(dir);
    assert.ok(tryMount(dir, 'size=8m'));
    mounts.push(dir);
    const server = await startServeProcess({ storeFlags: ['--data-dir', dir] });
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: TRUST }));
    iam.destroy();
    assert.equal(await server.stop(), 0);
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', dir] });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`^linkedrole: cannot open the data dir ${dir}: .*read-only`));
    execFileSync('mount', ['-o', 'remount,rw', dir]);
    const again = await startServeProcess({ storeFlags: ['--data-dir', dir] });
    const client = new IAMClient(again.clientConfig());
    assert.equal((await client.send(new GetRoleCommand({ RoleName: 'kept' }))).Role?.RoleName, 'kept');
    client.destroy();
    assert.equal(await again.stop(), 0);
  });

  it('a full disk at start: a clear error, exit code 1', { skip: canMount ? false : 'needs tmpfs mounts (root)' }, async () => {
    const dir = join(base, 'full');
    mkdirSync(dir);
    assert.ok(tryMount(dir, 'size=256k'));
    mounts.push(dir);
    fill(join(dir, 'filler'));
    const { code, stderr } = await serveFailure({ storeFlags: ['--data-dir', dir] });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`^linkedrole: cannot open the data dir ${dir}: .*(disk is full|cannot be created)`));
  });

  it('a disk that fills up while serving: writes are refused (never acknowledged), reads answer, nothing acknowledged is lost', { skip: canMount ? false : 'needs tmpfs mounts (root)' }, async () => {
    const dir = join(base, 'filling');
    mkdirSync(dir);
    assert.ok(tryMount(dir, 'size=16m'));
    mounts.push(dir);
    const server = await startServeProcess({ storeFlags: ['--data-dir', dir] });
    const iam = new IAMClient(server.clientConfig());
    try {
      for (let i = 0; i < 5; i++) await iam.send(new CreateRoleCommand({ RoleName: `before-${i}`, AssumeRolePolicyDocument: TRUST }));
      fill(join(dir, 'filler'));
      const refused: string[] = [];
      for (let i = 0; i < 40; i++) {
        // Big descriptions and tags, so that the writes need new pages.
        const name = `during-${i}`;
        try {
          await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Description: 'x'.repeat(1000), Tags: Array.from({ length: 40 }, (_, t) => ({ Key: `k${t}`, Value: 'v'.repeat(250) })) }));
        } catch (error) {
          const e = error as Error & { $metadata?: { httpStatusCode?: number } };
          assert.equal(e.$metadata?.httpStatusCode, 500, `${e.name}: ${e.message}`);
          assert.equal(e.name, 'ServiceFailureException');
          refused.push(name);
        }
      }
      assert.ok(refused.length > 0, 'the full disk refused some writes');
      // Reads still answer.
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'before-0' }))).Role?.RoleName, 'before-0');
      rmSync(join(dir, 'filler'), { force: true });
      rmSync(join(dir, 'filler.tail'), { force: true });
      assert.equal(await server.stop(), 0, server.stderr());
      // The store is whole; every acknowledged role is there, no refused one is.
      const file = new SQLite(join(dir, 'linkedrole.db'));
      assert.equal(file.pragma('integrity_check', { simple: true }), 'ok');
      file.close();
      const again = await startServeProcess({ storeFlags: ['--data-dir', dir] });
      const client = new IAMClient(again.clientConfig());
      const { Roles } = await client.send(new ListRolesCommand({ MaxItems: 1000 }));
      const names = new Set(Roles?.map((r) => r.RoleName));
      for (let i = 0; i < 5; i++) assert.ok(names.has(`before-${i}`));
      for (const name of refused) assert.ok(!names.has(name), `${name} was refused but is there`);
      client.destroy();
      assert.equal(await again.stop(), 0);
    } finally {
      iam.destroy();
      await server.kill();
    }
  });
});


