// AppIntegrations' tables (and the AppFlow and CloudWatch registries its flows live in): its migrations,
// applied by the store with every other module's in name order (src/services/kit/module.ts).
import { sql, type Kysely, type Migration } from 'kysely';

export const APPINTEGRATIONS_MIGRATIONS: Record<string, Migration> = {
  '0004_appintegrations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('appintegrations_data_integrations')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('kms_key', 'text', (c) => c.notNull())
        .addColumn('source_uri', 'text')
        .addColumn('schedule_config', 'text')
        .addColumn('file_configuration', 'text')
        .addColumn('object_configuration', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_data_integrations_pk', ['account_id', 'region', 'id'])
        .execute();
      await db.schema
        .createIndex('appintegrations_data_integrations_by_name')
        .on('appintegrations_data_integrations')
        .columns(['account_id', 'region', 'name'])
        .unique()
        .execute();
      await db.schema
        .createTable('appintegrations_event_integrations')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('event_bridge_bus', 'text', (c) => c.notNull())
        .addColumn('event_filter', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_event_integrations_pk', ['account_id', 'region', 'name'])
        .execute();
      await db.schema
        .createTable('appintegrations_associations')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('association_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('integration_key', 'text', (c) => c.notNull())
        .addColumn('integration_arn', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text')
        .addColumn('client_association_metadata', 'text')
        .addColumn('destination_uri', 'text')
        .addColumn('execution_configuration', 'text')
        .addColumn('object_configuration', 'text')
        .addColumn('event_bridge_rule_name', 'text')
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('consumer_resource_arn', 'text')
        .addColumn('consumer_resource_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_associations_pk', ['account_id', 'region', 'association_id'])
        .execute();
      await db.schema
        .createIndex('appintegrations_associations_by_integration')
        .on('appintegrations_associations')
        .columns(['account_id', 'region', 'kind', 'integration_key'])
        .execute();
      await db.schema
        .createTable('appintegrations_client_tokens')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('client_token', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_client_tokens_pk', ['account_id', 'region', 'operation', 'client_token'])
        .execute();
      await db.schema
        .createTable('appflow_connector_profiles')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('connector_type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appflow_connector_profiles_pk', ['account_id', 'region', 'name'])
        .execute();
      await db.schema
        .createTable('appflow_flows')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('flow_name', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('data_integration_id', 'text', (c) => c.notNull())
        .addColumn('connector_type', 'text', (c) => c.notNull())
        .addColumn('connector_profile_name', 'text', (c) => c.notNull())
        .addColumn('source_object', 'text')
        .addColumn('schedule_expression', 'text', (c) => c.notNull())
        .addColumn('first_execution_from', 'text')
        .addColumn('flow_status', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('next_run_at', 'text')
        .addColumn('teardown', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claimed_by', 'text')
        .addColumn('claim_expires_at', 'text')
        .addPrimaryKeyConstraint('appflow_flows_pk', ['account_id', 'region', 'flow_name'])
        .execute();
      await db.schema.createIndex('appflow_flows_by_next_run').on('appflow_flows').columns(['next_run_at']).execute();
      await db.schema
        .createTable('appflow_flow_runs')
        .addColumn('execution_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('flow_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('records_processed', 'integer', (c) => c.notNull())
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('appflow_flow_runs_by_flow').on('appflow_flow_runs').columns(['account_id', 'region', 'flow_name']).execute();
      await db.schema.createIndex('appflow_flow_runs_by_status').on('appflow_flow_runs').columns(['status']).execute();
      await db.schema
        .createTable('cloudwatch_metric_data')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('metric_name', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0010_appintegrations_associated_at': {
    async up(db: Kysely<any>) {
      // When a data integration was first associated (AWS: one that has been associated cannot be
      // associated again, even once the association is gone); those associated already count from then.
      await db.schema.alterTable('appintegrations_data_integrations').addColumn('associated_at', 'text').execute();
      await sql`UPDATE appintegrations_data_integrations SET associated_at = (
        SELECT MIN(a.created_at) FROM appintegrations_associations a
        WHERE a.account_id = appintegrations_data_integrations.account_id AND a.region = appintegrations_data_integrations.region
          AND a.kind = 'data' AND a.integration_key = appintegrations_data_integrations.id)`.execute(db);
    },
  },
  '0018_appintegrations_applications': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('appintegrations_applications')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('application_type', 'text', (c) => c.notNull())
        .addColumn('source_config', 'text', (c) => c.notNull())
        .addColumn('permissions', 'text')
        .addColumn('subscriptions', 'text')
        .addColumn('publications', 'text')
        .addColumn('initialization_timeout', 'integer')
        .addColumn('application_config', 'text')
        .addColumn('iframe_config', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_modified_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_applications_pk', ['account_id', 'region', 'id'])
        .execute();
      await db.schema.createIndex('appintegrations_applications_by_name').on('appintegrations_applications').columns(['account_id', 'region', 'name']).unique().execute();
      await db.schema
        .createIndex('appintegrations_applications_by_namespace')
        .on('appintegrations_applications')
        .columns(['account_id', 'region', 'namespace'])
        .unique()
        .execute();
      await db.schema
        .createTable('appintegrations_application_associations')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('association_id', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('application_arn', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('integration_association_id', 'text', (c) => c.notNull())
        .addColumn('integration_association_arn', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('appintegrations_application_associations_pk', ['account_id', 'region', 'association_id'])
        .execute();
      await db.schema
        .createIndex('appintegrations_application_associations_by_application')
        .on('appintegrations_application_associations')
        .columns(['account_id', 'region', 'application_id'])
        .execute();
      // One association per application and instance (Connect answers DuplicateResourceException for a second).
      await db.schema
        .createIndex('appintegrations_application_associations_by_instance')
        .on('appintegrations_application_associations')
        .columns(['account_id', 'region', 'instance_id', 'application_id'])
        .unique()
        .execute();
    },
  },
};
