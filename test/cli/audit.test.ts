import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parseTime } from '../../src/cli/audit.js';
import { acquireDataDirLock, DataDirLockedError } from '../../src/store/data-dir-lock.js';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';

describe('linkedrole audit', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  before(async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'cli-audited', AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new GetRoleCommand({ RoleName: 'cli-audited' }));
    await env.server.app.audit.flush();
  });

  it('lists decisions newest first, filtered by action, as JSON', async () => {
    const result = await linkedrole(['audit', ...env.server.storeFlags, '--action', 'iam:GetRole', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const events = JSON.parse(result.stdout) as { action: string; decision: string; resource: string; principal: string }[];
    assert.equal(events.length, 1);
    assert.deepEqual(
      { action: events[0].action, decision: events[0].decision, resource: events[0].resource, principal: events[0].principal },
      { action: 'iam:GetRole', decision: 'allowed', resource: 'arn:aws:iam::123456789012:role/cli-audited', principal: 'arn:aws:iam::123456789012:root' },
    );
  });

  it('filters by decision and time, and prints readable lines', async () => {
    const denied = await linkedrole(['audit', ...env.server.storeFlags, '--decision', 'denied']);
    assert.equal(denied.code, 0, denied.stderr);
    assert.equal(denied.stdout, '');
    const recent = await linkedrole(['audit', ...env.server.storeFlags, '--since', '1h']);
    assert.match(recent.stdout, /allowed\s+iam:CreateRole\s+arn:aws:iam::123456789012:role\/cli-audited/);
    const future = await linkedrole(['audit', ...env.server.storeFlags, '--since', new Date(Date.now() + 3600_000).toISOString()]);
    assert.equal(future.stdout, '');
  });

  it('opens the store read-only, beside the server that holds the data dir\'s lock: the store is not written', async () => {
    const flags = env.server.storeFlags;
    const sqlite = flags[0] === '--data-dir';
    if (sqlite) assert.throws(() => acquireDataDirLock(flags[1]), DataDirLockedError, 'the server holds the lock');
    // What opening a store for serving writes: the migrations it records and, on SQLite, its writability check.
    const writes = async () => ({
      migrations: (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(env.server.app.store.db)).rows,
      checked: sqlite ? (await sql<{ checked_at: string }>`SELECT checked_at FROM linkedrole_store_check`.execute(env.server.app.store.db)).rows : [],
    });
    const before = await writes();
    const result = await linkedrole(['audit', ...flags, '--action', 'iam:CreateRole', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
    assert.deepEqual(await writes(), before);
  });

  it('refuses a data dir that holds no store, and creates nothing there', async () => {
    const base = mkdtempSync(join(tmpdir(), 'linkedrole-audit-'));
    try {
      const missing = join(base, 'no-store-here');
      const result = await linkedrole(['audit', '--data-dir', missing]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /cannot open the data dir .*no-store-here: it holds no store/);
      assert.equal(existsSync(missing), false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('reads relative and absolute times', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    assert.equal(parseTime('30m', now).toISOString(), '2026-01-01T11:30:00.000Z');
    assert.equal(parseTime('2d', now).toISOString(), '2025-12-30T12:00:00.000Z');
    assert.equal(parseTime('2025-05-01T00:00:00Z').toISOString(), '2025-05-01T00:00:00.000Z');
    assert.throws(() => parseTime('yesterday'), /not a time/);
  });
});
