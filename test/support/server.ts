// Starts a real linkedrole server for a test file (in-process, on a free port, with a fresh store)
// and hands out AWS SDK clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/server.js';
import type { AppOptions } from '../../src/app.js';

export interface TestServer extends RunningServer {
  dataDir: string;
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
export async function startTestServer(options: AppOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'linkedrole-test-'));
  const databaseUrl = process.env.LINKEDROLE_TEST_DATABASE_URL;
  const server = await startServer({
    port: 0,
    dataDir,
    ...(databaseUrl ? { store: 'postgres', databaseUrl } : {}),
    ...options,
  });
  return {
    ...server,
    dataDir,
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
