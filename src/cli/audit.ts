import type { Command } from 'commander';
import { AuditTrail, type AuditQuery } from '../audit/trail.js';
import { Store, StoreOpenError } from '../store/database.js';
import type { AuditEventRow } from '../store/schema.js';
import { DEFAULT_ACCOUNT_ID } from '../services/iam/accounts.js';
import { encodeAuthorizationMessage } from '../services/sts/authorization-message.js';

interface AuditOptions {
  dataDir: string;
  store: 'sqlite' | 'postgres';
  databaseUrl?: string;
  account: string;
  identity?: string;
  role?: string;
  action?: string;
  decision?: string;
  since?: string;
  until?: string;
  limit: string;
  json?: boolean;
  explain?: boolean;
}

/** `linkedrole audit`: the audit trail from the command line, read straight from the store (opened read-only). */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('Show authorization decisions from the audit trail (callers and linked services acting through their roles)')
    .option('--data-dir <dir>', 'the SQLite store of the server', './.linkedrole')
    .option('--store <kind>', 'sqlite or postgres', 'sqlite')
    .option('--database-url <url>', 'PostgreSQL connection URL (or LINKEDROLE_DATABASE_URL)')
    .option('--account <id>', 'account id', DEFAULT_ACCOUNT_ID)
    .option('--identity <arn>', 'only calls by this principal ARN (a user, a role session, root)')
    .option('--role <name>', 'only calls made through this role (on-behalf) or by its sessions')
    .option('--action <action>', 'only this IAM action, e.g. appflow:StartFlow')
    .option('--decision <decision>', 'allowed, denied, explicitDeny or implicitDeny')
    .option('--since <time>', 'ISO 8601 time, or a duration ago such as 30m, 2h, 1d')
    .option('--until <time>', 'ISO 8601 time, or a duration ago')
    .option('--limit <n>', 'most events to show, newest first', '50')
    .option('--json', 'print JSON')
    .option('--explain', 'print each decision\'s explanation')
    .action(async (opts: AuditOptions) => {
      // Read-only: nothing is migrated or written, and a running server (holding the data dir's lock) is no obstacle.
      let store: Store;
      try {
        store = await Store.openReadOnly({ kind: opts.store, dataDir: opts.dataDir, databaseUrl: opts.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL });
      } catch (error) {
        if (!(error instanceof StoreOpenError)) throw error;
        process.stderr.write(`linkedrole audit: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const query: AuditQuery = {
          accountId: opts.account,
          principalArn: opts.identity,
          roleName: opts.role,
          action: opts.action,
          decision: opts.decision,
          startTime: opts.since ? parseTime(opts.since) : undefined,
          endTime: opts.until ? parseTime(opts.until) : undefined,
          limit: Number(opts.limit),
        };
        const rows = await new AuditTrail(store).query(query);
        if (opts.json) process.stdout.write(`${JSON.stringify(rows.map(toJson), null, 2)}\n`);
        else for (const row of rows) process.stdout.write(formatRow(row, opts.explain ?? false));
      } finally {
        await store.close();
      }
    });
}

/** An ISO 8601 time, or `<n>s|m|h|d` meaning that long ago. */
export function parseTime(text: string, now = new Date()): Date {
  const ago = /^(\d+)([smhd])$/.exec(text);
  if (ago) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(ago[1]) * unit);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${text} (use ISO 8601 or e.g. 30m, 2h, 1d)`);
  return date;
}

function toJson(row: AuditEventRow): Record<string, unknown> {
  return {
    eventId: row.event_id,
    time: row.event_time,
    kind: row.kind,
    eventSource: row.event_source,
    eventName: row.event_name,
    region: row.region,
    principal: row.principal_arn,
    role: row.role_arn ?? undefined,
    service: row.service_principal ?? undefined,
    action: row.action,
    resource: row.resource,
    decision: row.decision,
    ...(JSON.parse(row.detail) as Record<string, unknown>),
    // A refusal's message for STS DecodeAuthorizationMessage (src/services/sts/authorization-message.ts).
    ...(row.decision !== 'allowed' ? { encodedAuthorizationMessage: encodeAuthorizationMessage(row.account_id, row.event_id) } : {}),
  };
}

function formatRow(row: AuditEventRow, explain: boolean): string {
  const who = row.service_principal ? `${row.service_principal} as ${row.role_arn}` : row.principal_arn;
  const line = `${row.event_time}  ${row.decision.padEnd(12)}  ${row.action}  ${row.resource}  ${who}\n`;
  if (!explain) return line;
  const detail = JSON.parse(row.detail) as { explanation?: string };
  return detail.explanation ? `${line}${detail.explanation.replace(/^/gm, '    ')}\n` : line;
}
