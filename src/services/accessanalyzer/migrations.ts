// IAM Access Analyzer's tables: its migrations, applied by the store with every other module's in name
// order (src/services/kit/module.ts).
import type { Kysely, Migration } from 'kysely';

export const ACCESS_ANALYZER_MIGRATIONS: Record<string, Migration> = {
  // Analyzers (by name in an account and region), their archive rules, their findings and the resources
  // they analyzed (row types in tables.ts).
  '0030_accessanalyzer_analyzers': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accessanalyzer_analyzers')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('configuration', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_resource_analyzed', 'text')
        .addColumn('last_resource_analyzed_at', 'text')
        .addPrimaryKeyConstraint('accessanalyzer_analyzers_pk', ['account_id', 'region', 'name'])
        .execute();
      await db.schema.createIndex('accessanalyzer_analyzers_by_arn').on('accessanalyzer_analyzers').column('arn').unique().execute();
      await db.schema
        .createTable('accessanalyzer_archive_rules')
        .addColumn('analyzer_arn', 'text', (c) => c.notNull())
        .addColumn('rule_name', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('accessanalyzer_archive_rules_pk', ['analyzer_arn', 'rule_name'])
        .execute();
      await db.schema
        .createTable('accessanalyzer_findings')
        .addColumn('analyzer_arn', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('finding_key', 'text', (c) => c.notNull())
        .addColumn('finding_type', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_owner_account', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('analyzed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('accessanalyzer_findings_pk', ['analyzer_arn', 'id'])
        .execute();
      await db.schema.createIndex('accessanalyzer_findings_by_key').on('accessanalyzer_findings').columns(['analyzer_arn', 'finding_key']).unique().execute();
      await db.schema
        .createTable('accessanalyzer_analyzed_resources')
        .addColumn('analyzer_arn', 'text', (c) => c.notNull())
        .addColumn('resource_arn', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_owner_account', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('analyzed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('accessanalyzer_analyzed_resources_pk', ['analyzer_arn', 'resource_arn'])
        .execute();
    },
  },
  // The recommendations made for unused-permission findings (GenerateFindingRecommendation), one per finding.
  '0031_accessanalyzer_recommendations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accessanalyzer_recommendations')
        .addColumn('analyzer_arn', 'text', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.notNull())
        .addColumn('resource_arn', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('accessanalyzer_recommendations_pk', ['analyzer_arn', 'finding_id'])
        .execute();
    },
  },
  // Access previews: a proposed role trust policy and the findings it would have, against the analyzer's.
  '0032_accessanalyzer_access_previews': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accessanalyzer_access_previews')
        .addColumn('id', 'text', (c) => c.notNull().primaryKey())
        .addColumn('analyzer_arn', 'text', (c) => c.notNull())
        .addColumn('configurations', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accessanalyzer_access_previews_by_analyzer').on('accessanalyzer_access_previews').columns(['analyzer_arn', 'created_at']).execute();
    },
  },
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
  // What each analyzer's stored findings were derived from (findings.ts): the analysis' version of its
  // sources when they were last brought up to date (for external access, the account's iam_role_versions).
  '0086_accessanalyzer_analysis_versions': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accessanalyzer_analysis_versions')
        .addColumn('analyzer_arn', 'text', (c) => c.primaryKey())
        .addColumn('source_version', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
