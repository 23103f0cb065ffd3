import type { Command } from 'commander';
import { AccessLog } from '../server/access-log.js';
import { startServer, type RunningServer } from '../server.js';
import { StoreOpenError } from '../store/database.js';

function fail(message: string): never {
  process.stderr.write(`linkedrole: ${message}\n`);
  process.exit(1);
}

/** `linkedrole serve`: the server, with the fixed defaults (127.0.0.1:4599, ./.linkedrole). */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the AWS-compatible server (IAM, STS, AppIntegrations, Lex V2) and the web console')
    .option('--port <port>', 'port to listen on', '4599')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where the SQLite store keeps its file', './.linkedrole')
    .option('--store <kind>', 'sqlite or postgres', 'sqlite')
    .option('--database-url <url>', 'PostgreSQL connection URL (or LINKEDROLE_DATABASE_URL)')
    .option('--quiet', 'no access log on stdout')
    .action(async (opts: { port: string; host: string; dataDir: string; store: string; databaseUrl?: string; quiet?: boolean }) => {
      if (opts.store !== 'sqlite' && opts.store !== 'postgres') fail(`--store must be sqlite or postgres, not ${opts.store}`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number (0-65535), not ${opts.port}`);
      const accessLog = opts.quiet ? undefined : new AccessLog();
      let server: RunningServer;
      try {
        server = await startServer({
          port,
          host: opts.host,
          dataDir: opts.dataDir,
          store: opts.store as 'sqlite' | 'postgres',
          databaseUrl: opts.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL,
          accessLog: accessLog?.write,
        });
      } catch (error) {
        if (error instanceof StoreOpenError) fail(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') fail(`cannot listen on ${opts.host}:${port}: the address is already in use (EADDRINUSE)`);
        if (code === 'EACCES') fail(`cannot listen on ${opts.host}:${port}: permission denied (EACCES)`);
        throw error;
      }
      process.stdout.write(`linkedrole listening on ${server.url}\n`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close();
        await accessLog?.flush();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
    });
}
