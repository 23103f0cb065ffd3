// Schema migrations on start: servers starting at once on a fresh PostgreSQL database take turns
// under a row lock (no advisory lock), each migration is applied exactly once; on SQLite, reopening
// a store applies nothing twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { Store } from '../../src/store/database.js';
import { createTestDatabase } from '../support/server.js';
import { startServeProcess } from '../support/serve-process.js';

const adminUrl = process.env.LINKEDROLE_TEST_DATABASE_URL;
/** Kysely's PostgreSQL migration lock id (kysely/dist/esm/dialect/postgres/postgres-adapter.js). */
const KYSELY_ADVISORY_LOCK_ID = '3853314791062309107';

async function migrationNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('schema migrations on SQLite', () => {
  it('are applied once: reopening a store finds nothing to do and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-migrate-'));
    try {
      const first = await Store.open({ kind: 'sqlite', dataDir: dir });
      const applied = (await first.db.selectFrom('kysely_migration' as never).select('name' as never).execute()).length;
      await first.close();
      const again = await Store.open({ kind: 'sqlite', dataDir: dir });
      assert.equal((await again.db.selectFrom('kysely_migration' as never).select('name' as never).execute()).length, applied);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema migrations on SQLite, in one transaction', () => {
  it('a migration that fails leaves the fresh store without any table or record, and the next open applies them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-migrate-'));
    try {
      const failing = { '9999_test_fails': { up: async () => { throw new Error('no such thing'); } } };
      await assert.rejects(Store.open({ kind: 'sqlite', dataDir: dir, migrations: [failing] }), /9999_test_fails failed: no such thing/);
      const file = new SQLite(join(dir, 'linkedrole.db'), { readonly: true });
      assert.deepEqual(file.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all(), []);
      file.close();
      const store = await Store.open({ kind: 'sqlite', dataDir: dir });
      const names = (await store.db.selectFrom('kysely_migration' as never).select('name' as never).execute()) as { name: string }[];
      assert.ok(names.some((row) => row.name === '0001_iam_roles'));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema migrations on PostgreSQL', { skip: adminUrl ? false : 'needs LINKEDROLE_TEST_DATABASE_URL (scripts/with-postgres.sh)' }, () => {
  const drops: (() => Promise<void>)[] = [];
  after(async () => {
    for (const drop of drops) await drop();
  });

  it('three `linkedrole serve` processes started at once on a fresh database all come up; each migration is applied once', async () => {
    const database = await createTestDatabase(adminUrl!);
    drops.push(database.drop);
    const servers = await Promise.all([0, 1, 2].map(() => startServeProcess({ storeFlags: ['--store', 'postgres', '--database-url', database.url] })));
    try {
      for (const server of servers) {
        const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string; store: string };
        assert.deepEqual(health, { status: 'ok', store: 'postgres' });
      }
      const names = await migrationNames(database.url);
      assert.equal(new Set(names).size, names.length);
      assert.ok(names.length >= 1);
    } finally {
      for (const server of servers) assert.equal(await server.stop(), 0, server.stderr());
    }
  });

  it('never takes an advisory lock: migrations run while another session holds Kysely\'s advisory lock', async () => {
    const database = await createTestDatabase(adminUrl!);
    drops.push(database.drop);
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${KYSELY_ADVISORY_LOCK_ID})`);
    try {
      // Kysely's own adapter would wait here for up to an hour; ours never asks for that lock.
      const opening = Promise.all([0, 1, 2, 3].map(() => Store.open({ kind: 'postgres', databaseUrl: database.url })));
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('migrations waited for the advisory lock')), 20_000).unref());
      const stores = await Promise.race([opening, timeout]);
      const locks = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`);
      assert.equal(locks.rows[0].n, 0);
      for (const store of stores) await store.close();
      const names = await migrationNames(database.url);
      assert.equal(new Set(names).size, names.length);
    } finally {
      await holder.end();
    }
  });

  it('a server with migrations to apply waits for the one migrating, then applies only its own; one with none pending does not wait', async () => {
    const database = await createTestDatabase(adminUrl!);
    drops.push(database.drop);
    const first = await Store.open({ kind: 'postgres', databaseUrl: database.url });
    // Hold the migration lock row as a migrating server would.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM linkedrole_migration_lock WHERE id = 'schema' FOR UPDATE`);
    // Every migration it knows is recorded: one SELECT, no lock.
    const upToDate = await Store.open({ kind: 'postgres', databaseUrl: database.url });
    await upToDate.close();
    // A newer server, with a migration the store has not recorded, takes the lock first.
    const newer = { '9999_test_newer': { up: (db: Kysely<any>) => db.schema.createTable('test_newer').addColumn('id', 'text').execute() } };
    let opened = false;
    const second = Store.open({ kind: 'postgres', databaseUrl: database.url, migrations: [newer] }).then((store) => {
      opened = true;
      return store;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(opened, false, 'the second server did not wait for the lock');
    await holder.query('COMMIT');
    await holder.end();
    const store = await second;
    assert.equal(opened, true);
    await store.close();
    await first.close();
    const names = await migrationNames(database.url);
    assert.equal(names.filter((name) => name === '9999_test_newer').length, 1);
    assert.equal(new Set(names).size, names.length);
  });
});
