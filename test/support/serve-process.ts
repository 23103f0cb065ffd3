// `linkedrole serve` as a child process (from source, through tsx), for the tests that need real
// processes: several servers on one database, SIGKILL in the middle of a write load, a server that
// runs as another user. The server listens on a free port (--port 0) and reports it in its ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM (a clean stop: pending audit events are written), resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to write anything more. */
  kill(): Promise<void>;
  /** The client configuration for the AWS SDK v3, with the default test/test credentials. */
  clientConfig(region?: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };
}

export interface ServeOptions {
  /** Store flags: ['--data-dir', dir] or ['--store', 'postgres', '--database-url', url]. */
  storeFlags: string[];
  /** Run the command through this prefix (e.g. ['runuser', '-u', 'nobody', '--']). */
  prefix?: string[];
  env?: Record<string, string>;
  /** How long to wait for the ready line. */
  timeoutMs?: number;
}

const NODE_ARGS = ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', 'src/cli.ts', 'serve', '--port', '0', '--quiet'];

/** Starts `linkedrole serve` and waits for its ready line; rejects with its stderr when it exits first. */
export async function startServeProcess(options: ServeOptions): Promise<ServeProcess> {
  const command = [...(options.prefix ?? []), process.execPath, ...NODE_ARGS, ...options.storeFlags];
  const child = spawn(command[0], command.slice(1), { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`linkedrole serve did not start in time; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /linkedrole listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(([code, signal]) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`linkedrole serve exited (${code ?? signal}) before it was ready: ${stderr}`), { code, stderr }));
    });
  });
  return {
    child,
    pid: child.pid!,
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    clientConfig(region = 'us-east-1') {
      return { endpoint: url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
    },
  };
}

/** Runs `linkedrole serve` expecting it to fail at start: its exit code and stderr. */
export async function serveFailure(options: ServeOptions): Promise<{ code: number | null; stderr: string }> {
  try {
    const server = await startServeProcess(options);
    await server.kill();
    return { code: 0, stderr: 'it started' };
  } catch (error) {
    const failed = error as { code?: number | null; stderr?: string; message: string };
    return { code: failed.code ?? null, stderr: failed.stderr ?? failed.message };
  }
}
