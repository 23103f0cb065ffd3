import { Option, type Command } from 'commander';
import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import { AccessLog } from '../server/access-log.js';
import { startServer, type RunningServer } from '../server.js';
import { DEFAULT_ROOT_CREDENTIALS, rootCredentialsProblem, type OtherAccountRoot, type RootCredentials } from '../services/iam/identity.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../audit/retention.js';
import { StoreOpenError } from '../store/database.js';

function fail(message: string): never {
  process.stderr.write(`linkedrole: ${message}\n`);
  process.exit(1);
}

interface ServeOptions {
  port: string;
  host: string;
  dataDir: string;
  store: string;
  databaseUrl?: string;
  quiet?: boolean;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
  allowDefaultCredentials?: boolean;
  otherAccount: string[];
  auditRetentionDays: string;
}

/** `linkedrole serve`: the server, with the fixed defaults (127.0.0.1:4599, ./.linkedrole, root key test/test). */
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
    .option(
      '--audit-retention-days <days>',
      'days the audit trail (CloudTrail LookupEvents, last accessed data, Access Analyzer) keeps events; older ones are pruned in the background; 0 keeps them forever',
      String(DEFAULT_AUDIT_RETENTION_DAYS),
    )
    .addOption(new Option('--root-access-key-id <id>', "the account root's access key id (default: test)").env('LINKEDROLE_ROOT_ACCESS_KEY_ID'))
    .addOption(new Option('--root-secret-access-key <secret>', "the account root's secret access key (default: test)").env('LINKEDROLE_ROOT_SECRET_ACCESS_KEY'))
    .option('--allow-default-credentials', 'listen on a non-loopback --host with the well-known root key test/test anyway')
    .option(
      '--other-account <id:key-id:secret>',
      "another account, by its id and its root's access key (repeatable): callers of other accounts, for cross-account access (Lex resource policies)",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .action(async (opts: ServeOptions) => {
      if (opts.store !== 'sqlite' && opts.store !== 'postgres') fail(`--store must be sqlite or postgres, not ${opts.store}`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number (0-65535), not ${opts.port}`);
      const retentionDays = Number(opts.auditRetentionDays);
      if (!/^\d+$/.test(opts.auditRetentionDays) || !Number.isSafeInteger(retentionDays)) fail(`--audit-retention-days must be a whole number of days (0 keeps events forever), not ${opts.auditRetentionDays}`);
      const rootCredentials = await chooseRootCredentials(opts);
      const otherAccounts = opts.otherAccount.map(parseOtherAccount);
      const keys = [rootCredentials.accessKeyId, ...otherAccounts.map((a) => a.accessKeyId)];
      if (new Set(keys).size !== keys.length) fail('--other-account: every account needs an access key id of its own (not the root\'s, not another account\'s)');
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
          rootCredentials,
          otherAccounts,
          auditRetention: { retentionDays },
        });
      } catch (error) {
        if (error instanceof StoreOpenError) fail(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') fail(`cannot listen on ${opts.host}:${port}: the address is already in use (EADDRINUSE)`);
        if (code === 'EACCES') fail(`cannot listen on ${opts.host}:${port}: permission denied (EACCES)`);
        throw error;
      }
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.close();
        await accessLog?.flush();
        process.exit(0);
      };
      // Before the ready line: a SIGTERM sent as soon as the line is read must find the handler (until
      // process.on installs it, the signal's default action, ending the process at once, applies).
      process.on('SIGTERM', () => void stop());
      process.on('SIGINT', () => void stop());
      process.stdout.write(`linkedrole listening on ${server.url}\n`);
    });
}

/**
 * The root key to serve with. The built-in test/test is a fixed point every local tool relies on, and
 * is fine while only this machine can connect; on any other address it would make whoever reaches the
 * port the account's root, so the server refuses to start unless the operator gives a key of their own
 * or accepts that risk with --allow-default-credentials (then said on stderr).
 */
async function chooseRootCredentials(opts: ServeOptions): Promise<RootCredentials> {
  const given = { accessKeyId: opts.rootAccessKeyId, secretAccessKey: opts.rootSecretAccessKey };
  const problem = rootCredentialsProblem(given);
  if (problem) fail(`${problem} (the root's key is given whole: --root-access-key-id and --root-secret-access-key, or LINKEDROLE_ROOT_ACCESS_KEY_ID and LINKEDROLE_ROOT_SECRET_ACCESS_KEY)`);
  const credentials = given.accessKeyId !== undefined ? (given as RootCredentials) : DEFAULT_ROOT_CREDENTIALS;
  const isDefault = credentials.accessKeyId === DEFAULT_ROOT_CREDENTIALS.accessKeyId && credentials.secretAccessKey === DEFAULT_ROOT_CREDENTIALS.secretAccessKey;
  if (!isDefault || (await isLoopbackHost(opts.host))) return credentials;
  const risk = `--host ${opts.host} is reachable from other machines, and the root key would be the well-known test/test: anyone who can reach the port would be the account's root, in the API and the console`;
  if (!opts.allowDefaultCredentials) {
    fail(
      `${risk}. Give the root a key of its own with --root-access-key-id and --root-secret-access-key ` +
        '(or LINKEDROLE_ROOT_ACCESS_KEY_ID and LINKEDROLE_ROOT_SECRET_ACCESS_KEY), or accept that risk with --allow-default-credentials.',
    );
  }
  process.stderr.write(`linkedrole: warning: ${risk} (--allow-default-credentials).\n`);
  return credentials;
}

/** True when every address `host` names is a loopback address (127.0.0.0/8, ::1, ::ffff:127.x.x.x). */
async function isLoopbackHost(host: string): Promise<boolean> {
  const loopback = (address: string) => ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
  if (ipaddr.isValid(host)) return loopback(host);
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    fail(`cannot listen on ${host}: the name does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return addresses.length > 0 && addresses.every((a) => loopback(a.address));
}

/** `--other-account 210987654321:KEYID:SECRET` (the secret is everything after the second colon). */
function parseOtherAccount(value: string): OtherAccountRoot {
  const [accountId, accessKeyId, ...secret] = value.split(':');
  const account = { accountId: accountId ?? '', accessKeyId: accessKeyId ?? '', secretAccessKey: secret.join(':') };
  if (!/^\d{12}$/.test(account.accountId)) fail(`--other-account ${value}: the account id must be 12 digits (ACCOUNT:ACCESS_KEY_ID:SECRET)`);
  const problem = rootCredentialsProblem(account);
  if (problem) fail(`--other-account ${value}: ${problem} (ACCOUNT:ACCESS_KEY_ID:SECRET)`);
  return account;
}
