// Runs the `linkedrole` command (from source, through tsx) as a child process, asynchronously:
// test servers run in the test's own process and must keep serving while the command runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function linkedrole(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: typeof failed.code === 'number' ? failed.code : 1 };
  }
}

/** The environment that points `linkedrole` commands at a test server, with the default test keys. */
export function cliEnv(endpoint: string): Record<string, string> {
  return { LINKEDROLE_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
}

/** Runs `linkedrole` against the server at `endpoint`, expecting success: its JSON output. */
export async function linkedroleJson(endpoint: string, args: string[]): Promise<any> {
  const result = await linkedrole(args, cliEnv(endpoint));
  assert.equal(result.code, 0, `linkedrole ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Runs `linkedrole` against the server at `endpoint`, expecting failure: its stderr, trimmed. */
export async function linkedroleFails(endpoint: string, args: string[]): Promise<string> {
  const result = await linkedrole(args, cliEnv(endpoint));
  assert.notEqual(result.code, 0, `linkedrole ${args.join(' ')} should fail`);
  return result.stderr.trim();
}
