// IAM Access Analyzer's tables: its migrations, applied by the store with every other module's in name
// order (src/services/kit/module.ts).
import type { Kysely, Migration } from 'kysely';

export const ACCESS_ANALYZER_MIGRATIONS: Record<string, Migration> = {
  '0041_accessanalyzer_policy_generations': {
    async up(db: Kysely<any>) {
      // StartPolicyGeneration's jobs: the period and trails asked for, and what the principal was allowed
      // to do in it ((action, resource) pairs as JSON), from which GetGeneratedPolicy writes the policy.
      await db.schema
        .createTable('accessanalyzer_policy_generations')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('principal_arn', 'text', (c) => c.notNull())
        .addColumn('client_token', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_on', 'text', (c) => c.notNull())
        .addColumn('completed_on', 'text')
        .addColumn('cloud_trail', 'text', (c) => c.notNull())
        .addColumn('uses', 'text', (c) => c.notNull())
        .addColumn('job_error', 'text')
        .execute();
      // ListPolicyGenerations: the account's recent jobs; StartPolicyGeneration's clientToken.
      await db.schema.createIndex('accessanalyzer_policy_generations_by_start').on('accessanalyzer_policy_generations').columns(['account_id', 'started_on']).execute();
      await db.schema.createIndex('accessanalyzer_policy_generations_by_token').on('accessanalyzer_policy_generations').columns(['account_id', 'client_token']).execute();
    },
  },
};
