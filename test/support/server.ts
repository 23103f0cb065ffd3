// Starts a real linkedrole server for a test file (in-process, on a free port, with a fresh store)
// and hands out AWS SDK clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** The PostgreSQL database of this server, when the tests run on PostgreSQL. */
  databaseUrl?: string;
  /** `linkedrole` CLI flags that open this server's store. */
  storeFlags: string[];
  /** Client configuration for the AWS SDK v3 (endpoint, region, the default test/test credentials). */
  clientConfig(overrides?: { region?: string; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    maxAttempts: number;
  };
  stop(): Promise<void>;
}

/**
 * The store under test: SQLite in a temp dir by default; PostgreSQL when LINKEDROLE_TEST_DATABASE_URL
 * is set (CI runs the store-dependent tests a second time that way).
 */
export async function startTestServer(options: Omit<ServerOptions, 'port' | 'host' | 'accessLog'> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkedrole-test-'));
  const database = process.env.LINKEDROLE_TEST_DATABASE_URL ? await createTestDatabase(process.env.LINKEDROLE_TEST_DATABASE_URL) : undefined;
  const databaseUrl = database?.url;
  const server = await startServer({
    port: 0,
    dataDir,
    ...(databaseUrl ? { store: 'postgres', databaseUrl } : {}),
    ...options,
  });
  return {
    ...server,
    dataDir,
    databaseUrl,
    storeFlags: databaseUrl ? ['--store', 'postgres', '--database-url', databaseUrl] : ['--data-dir', dataDir],
    clientConfig(overrides = {}) {
      return {
        endpoint: server.url,
        region: overrides.region ?? 'us-east-1',
        credentials: {
          accessKeyId: overrides.accessKeyId ?? 'test',
          secretAccessKey: overrides.secretAccessKey ?? 'test',
          ...(overrides.sessionToken ? { sessionToken: overrides.sessionToken } : {}),
        },
        maxAttempts: 1,
      };
    },
    async stop() {
      await server.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own for each test server, so test files running in parallel never share state. */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `linkedrole_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
