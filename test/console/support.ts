// Browser tests of the console: Debian's chromium driven by playwright-core (headless, a fresh
// profile per test file), against an in-process linkedrole server; screenshots in test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import type { AppOptions } from '../../src/app.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);

/** The chromium executable, or undefined when none is installed (.ci/run installs it). */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
export const skipReason = chromiumPath ? false : 'chromium is not installed (apt-get install -y chromium; .ci/run does it): the browser tests cannot run';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

export interface ConsoleEnv {
  server: TestServer;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/console/<name>.png. */
  shot(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleEnv(options: AppOptions = {}): Promise<ConsoleEnv> {
  const server = await startTestServer(options);
  const profile = mkdtempSync(join(tmpdir(), 'linkedrole-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async stop() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await server.stop();
    },
  };
}

/** Waits until the deletion status on the page is final; returns it. */
export async function finalDeletionStatus(page: Page): Promise<string> {
  await page.locator('#deletion-status[data-status="SUCCEEDED"], #deletion-status[data-status="FAILED"]').waitFor({ timeout: 15_000 });
  return (await page.locator('#deletion-status').getAttribute('data-status'))!;
}

/** Signs in with the one-click default account button (loopback). */
export async function signInDefault(env: ConsoleEnv): Promise<void> {
  await env.page.goto(`${env.server.url}/console`);
  await env.page.getByRole('button', { name: /Sign in as the default account/ }).click();
  await env.page.getByRole('heading', { name: 'Console home' }).waitFor();
}

/** Signs in through the form with the given keys. */
export async function signIn(env: ConsoleEnv, accessKeyId: string, secretAccessKey: string, sessionToken?: string): Promise<void> {
  await env.page.goto(`${env.server.url}/console/signin`);
  await env.page.getByLabel('Access key ID').fill(accessKeyId);
  await env.page.getByLabel('Secret access key').fill(secretAccessKey);
  if (sessionToken) await env.page.getByLabel(/Session token/).fill(sessionToken);
  await env.page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
