// Runs the real AWS CLI against a test server. Asynchronously: the server runs in the test's own
// process, so a synchronous child (execFileSync) would block the server and hang.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AwsCliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function awsCli(endpoint: string, args: string[], env: Record<string, string> = {}): Promise<AwsCliResult> {
  try {
    const { stdout, stderr } = await run('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', ...env },
      encoding: 'utf8',
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: typeof failed.code === 'number' ? failed.code : 1 };
  }
}

/** Runs the CLI and parses its JSON output; throws with the CLI's stderr when it fails. */
export async function awsCliJson<T = any>(endpoint: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const result = await awsCli(endpoint, args, env);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
}

/** Runs the CLI expecting it to fail: its stderr, trimmed. */
export async function awsCliFails(endpoint: string, args: string[]): Promise<string> {
  const result = await awsCli(endpoint, args);
  assert.notEqual(result.code, 0, `aws ${args.join(' ')} should fail`);
  return result.stderr.trim();
}
