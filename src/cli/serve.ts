import type { Command } from 'commander';
import { startServer } from '../server.js';

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
      if (opts.store !== 'sqlite' && opts.store !== 'postgres') throw new Error(`--store must be sqlite or postgres, not ${opts.store}`);
      const server = await startServer({
        port: Number(opts.port),
        host: opts.host,
        dataDir: opts.dataDir,
        store: opts.store,
        databaseUrl: opts.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL,
        accessLog: opts.quiet ? undefined : (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
      });
      process.stdout.write(`linkedrole listening on ${server.url}\n`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
    });
}
