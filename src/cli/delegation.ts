import type { Command } from 'commander';
import { delegationNotifications } from '../services/iam/delegation.js';
import { Store, StoreOpenError } from '../store/database.js';

interface NotificationOptions {
  channel: string;
  dataDir: string;
  store: 'sqlite' | 'postgres';
  databaseUrl?: string;
}

/**
 * `linkedrole delegation-notifications`: what IAM published to a delegation request's notification channel
 * (SendDelegationToken's message with the trade-in token, which AWS sends to the partner's SNS topic), read
 * straight from the store, opened read-only as `linkedrole audit` does.
 */
export function registerDelegationCommands(program: Command): void {
  program
    .command('delegation-notifications')
    .description("Print the messages IAM published to a delegation request's notification channel (AWS: an SNS topic), with their trade-in tokens, as JSON")
    .requiredOption('--channel <arn>', 'the NotificationChannel the delegation request was created with')
    .option('--data-dir <dir>', 'the SQLite store of the server', './.linkedrole')
    .option('--store <kind>', 'sqlite or postgres', 'sqlite')
    .option('--database-url <url>', 'PostgreSQL connection URL (or LINKEDROLE_DATABASE_URL)')
    .action(async (opts: NotificationOptions) => {
      let store: Store;
      try {
        store = await Store.openReadOnly({ kind: opts.store, dataDir: opts.dataDir, databaseUrl: opts.databaseUrl ?? process.env.LINKEDROLE_DATABASE_URL });
      } catch (error) {
        if (!(error instanceof StoreOpenError)) throw error;
        process.stderr.write(`linkedrole delegation-notifications: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const messages = await delegationNotifications(store.db, opts.channel);
        const printed = messages.map((m) => ({ DelegationRequestId: m.delegationRequestId, Date: m.date.toISOString(), Message: m.message }));
        process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
      } finally {
        await store.close();
      }
    });
}
