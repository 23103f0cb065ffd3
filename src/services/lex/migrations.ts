// Amazon Lex V2's tables: its migrations, applied by the store with every other module's in name order
// (src/services/kit/module.ts).
import type { Kysely, Migration } from 'kysely';

export const LEX_MIGRATIONS: Record<string, Migration> = {
  '0005_lex': {
    async up(db: Kysely<any>) {
      // Amazon Lex V2: bots and their parts, tags, the grants Lex writes into roles, channels,
      // conversations, and the downstream resources Lex uses through its roles.
      await db.schema
        .createTable('lex_bots')
        .addColumn('bot_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_name', 'text', (c) => c.notNull())
        .addColumn('role_arn', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_bots_by_account').on('lex_bots').columns(['account_id', 'region', 'bot_name']).unique().execute();
      await db.schema.createIndex('lex_bots_by_role').on('lex_bots').columns(['account_id', 'role_key']).execute();
      await db.schema
        .createTable('lex_bot_locales')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_build_at', 'text')
        .addPrimaryKeyConstraint('lex_bot_locales_pk', ['bot_id', 'bot_version', 'locale_id'])
        .execute();
      await db.schema
        .createTable('lex_intents')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('intent_id', 'text', (c) => c.notNull())
        .addColumn('intent_name', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_intents_pk', ['bot_id', 'bot_version', 'locale_id', 'intent_id'])
        .execute();
      await db.schema.createIndex('lex_intents_by_name').on('lex_intents').columns(['bot_id', 'bot_version', 'locale_id', 'intent_name']).unique().execute();
      await db.schema
        .createTable('lex_bot_versions')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('locale_specification', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_bot_versions_pk', ['bot_id', 'bot_version'])
        .execute();
      await db.schema
        .createTable('lex_bot_aliases')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_alias_id', 'text', (c) => c.notNull())
        .addColumn('bot_alias_name', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('history', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_bot_aliases_pk', ['bot_id', 'bot_alias_id'])
        .execute();
      await db.schema.createIndex('lex_bot_aliases_by_name').on('lex_bot_aliases').columns(['bot_id', 'bot_alias_name']).unique().execute();
      await db.schema
        .createTable('lex_tags')
        .addColumn('resource_arn', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', (c) => c.notNull())
        .addColumn('tag_value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_tags_pk', ['resource_arn', 'tag_key'])
        .execute();
      await db.schema
        .createTable('lex_role_grants')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('policy_name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_role_grants_pk', ['account_id', 'role_key', 'policy_name'])
        .execute();
      await db.schema
        .createTable('lex_channels')
        .addColumn('channel_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_alias_id', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('channel_name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('role_arn', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_channels_by_name').on('lex_channels').columns(['bot_id', 'channel_name']).unique().execute();
      await db.schema.createIndex('lex_channels_by_role').on('lex_channels').columns(['account_id', 'role_key']).execute();
      await db.schema
        .createTable('lex_sessions')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_alias_id', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_role_key', 'text', (c) => c.notNull())
        .addColumn('channel_role_key', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('last_activity_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_sessions_pk', ['bot_id', 'bot_alias_id', 'locale_id', 'session_id'])
        .execute();
      await db.schema.createIndex('lex_sessions_by_bot_role').on('lex_sessions').columns(['account_id', 'bot_role_key', 'last_activity_at']).execute();
      await db.schema.createIndex('lex_sessions_by_channel_role').on('lex_sessions').columns(['account_id', 'channel_role_key', 'last_activity_at']).execute();
      await db.schema
        .createTable('lex_downstream_resources')
        .addColumn('arn', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('lex_downstream_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('resource_arn', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('event_time', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_downstream_events_by_resource').on('lex_downstream_events').columns(['resource_arn', 'event_time']).execute();
    },
  },
  '0017_lex_slots_vocabularies_policies': {
    async up(db: Kysely<any>) {
      // Slot types and slots of a bot locale (per version: a version snapshots them), custom vocabularies
      // and their items, and the resource-based policies of bots and bot aliases.
      await db.schema
        .createTable('lex_slot_types')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('slot_type_id', 'text', (c) => c.notNull())
        .addColumn('slot_type_name', 'text', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_slot_types_pk', ['bot_id', 'bot_version', 'locale_id', 'slot_type_id'])
        .execute();
      await db.schema.createIndex('lex_slot_types_by_name').on('lex_slot_types').columns(['bot_id', 'bot_version', 'locale_id', 'slot_type_name']).unique().execute();
      await db.schema
        .createTable('lex_slots')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('intent_id', 'text', (c) => c.notNull())
        .addColumn('slot_id', 'text', (c) => c.notNull())
        .addColumn('slot_name', 'text', (c) => c.notNull())
        .addColumn('slot_type_id', 'text')
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_slots_pk', ['bot_id', 'bot_version', 'locale_id', 'intent_id', 'slot_id'])
        .execute();
      await db.schema.createIndex('lex_slots_by_name').on('lex_slots').columns(['bot_id', 'bot_version', 'locale_id', 'intent_id', 'slot_name']).unique().execute();
      await db.schema.createIndex('lex_slots_by_type').on('lex_slots').columns(['bot_id', 'bot_version', 'locale_id', 'slot_type_id']).execute();
      await db.schema
        .createTable('lex_custom_vocabularies')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_custom_vocabularies_pk', ['bot_id', 'bot_version', 'locale_id'])
        .execute();
      await db.schema
        .createTable('lex_custom_vocabulary_items')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('phrase', 'text', (c) => c.notNull())
        .addColumn('weight', 'integer')
        .addColumn('display_as', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_custom_vocabulary_items_pk', ['bot_id', 'bot_version', 'locale_id', 'item_id'])
        .execute();
      await db.schema
        .createTable('lex_resource_policies')
        .addColumn('resource_arn', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_resource_policies_by_bot').on('lex_resource_policies').columns(['bot_id']).execute();
      // A version's snapshot of the bot's own settings (name, role, data privacy, session TTL, ...), as JSON.
      await db.schema.alterTable('lex_bot_versions').addColumn('bot_settings', 'text').execute();
    },
  },
  '0020_lex_exports_imports': {
    async up(db: Kysely<any>) {
      // Exports (the archive built at creation, base64) and imports (the upload, then the import's status).
      await db.schema
        .createTable('lex_exports')
        .addColumn('export_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text')
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_specification', 'text', (c) => c.notNull())
        .addColumn('file_format', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('archive', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('url_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_exports_by_account').on('lex_exports').columns(['account_id', 'region', 'bot_id']).execute();
      await db.schema
        .createTable('lex_imports')
        .addColumn('import_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('url_key', 'text', (c) => c.notNull())
        .addColumn('upload_expires_at', 'text', (c) => c.notNull())
        .addColumn('archive', 'text')
        .addColumn('status', 'text')
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('merge_strategy', 'text')
        .addColumn('resource_type', 'text')
        .addColumn('resource_specification', 'text')
        .addColumn('bot_id', 'text')
        .addColumn('bot_version', 'text')
        .addColumn('locale_id', 'text')
        .addColumn('imported_resource_id', 'text')
        .addColumn('imported_resource_name', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_imports_by_account').on('lex_imports').columns(['account_id', 'region']).execute();
    },
  },
  '0021_lex_bot_replicas': {
    async up(db: Kysely<any>) {
      // A bot's replicas in other regions (Global Resiliency, replicas.ts).
      await db.schema
        .createTable('lex_bot_replicas')
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('source_region', 'text', (c) => c.notNull())
        .addColumn('replica_region', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_bot_replicas_pk', ['bot_id', 'replica_region'])
        .execute();
      await db.schema.createIndex('lex_bot_replicas_by_account').on('lex_bot_replicas').columns(['account_id', 'replica_region']).execute();
    },
  },
  '0050_lex_test_sets': {
    async up(db: Kysely<any>) {
      // The Test Workbench (test-sets.ts, test-executions.ts): test sets and their records (one per CSV row, the
      // turn as ListTestSetRecords answers it, JSON), executions with each turn's result (JSON), discrepancy
      // reports; and the test set a CSV export reads (lex_exports.test_set_id; its bot_id is '' then).
      await db.schema
        .createTable('lex_test_sets')
        .addColumn('test_set_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('test_set_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('modality', 'text', (c) => c.notNull())
        .addColumn('role_arn', 'text', (c) => c.notNull())
        .addColumn('storage_location', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('num_turns', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_test_sets_by_name').on('lex_test_sets').columns(['account_id', 'region', 'test_set_name']).unique().execute();
      await db.schema
        .createTable('lex_test_set_records')
        .addColumn('test_set_id', 'text', (c) => c.notNull())
        .addColumn('record_number', 'integer', (c) => c.notNull())
        .addColumn('conversation_id', 'text')
        .addColumn('turn_number', 'integer')
        .addColumn('turn', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lex_test_set_records_pk', ['test_set_id', 'record_number'])
        .execute();
      await db.schema
        .createTable('lex_test_executions')
        .addColumn('test_execution_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('test_set_id', 'text', (c) => c.notNull())
        .addColumn('test_set_name', 'text', (c) => c.notNull())
        .addColumn('api_mode', 'text', (c) => c.notNull())
        .addColumn('modality', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('pending_until', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull())
        .addColumn('url_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_test_executions_by_account').on('lex_test_executions').columns(['account_id', 'region']).execute();
      await db.schema
        .createTable('lex_test_set_discrepancy_reports')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('test_set_id', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('top_errors', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('lex_exports').addColumn('test_set_id', 'text').execute();
    },
  },
  '0051_lex_test_set_generations': {
    async up(db: Kysely<any>) {
      // Test set generations from the turn log (test-set-generations.ts): each with the test set it makes.
      await db.schema
        .createTable('lex_test_set_generations')
        .addColumn('generation_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('test_set_id', 'text', (c) => c.notNull())
        .addColumn('test_set_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('role_arn', 'text', (c) => c.notNull())
        .addColumn('storage_location', 'text', (c) => c.notNull())
        .addColumn('data_source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0060_lex_conversation_turns': {
    async up(db: Kysely<any>) {
      // The turn log: every runtime turn a bot answered (turn-log.ts), read by the analytics operations,
      // test-set generation and bot recommendations by bot, locale and time.
      await db.schema
        .createTable('lex_conversation_turns')
        .addColumn('turn_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('bot_alias_id', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('session_started_at', 'text', (c) => c.notNull())
        .addColumn('turn_index', 'integer', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('channel', 'text')
        .addColumn('input_mode', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('input_transcript', 'text')
        .addColumn('intent_name', 'text')
        .addColumn('nlu_confidence', 'double precision')
        .addColumn('slots', 'text', (c) => c.notNull())
        .addColumn('dialog_action', 'text')
        .addColumn('intent_state', 'text')
        .addColumn('missed', 'integer', (c) => c.notNull())
        .addColumn('conversation_ended', 'integer', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema.createIndex('lex_conversation_turns_by_time').on('lex_conversation_turns').columns(['bot_id', 'locale_id', 'occurred_at']).execute();
      await db.schema.createIndex('lex_conversation_turns_by_session').on('lex_conversation_turns').columns(['bot_id', 'session_id', 'session_started_at']).execute();
    },
  },
  '0061_lex_conversation_turns_dialog': {
    async up(db: Kysely<any>) {
      // What the analytics of utterances and intent stages also need of a turn: the slot the bot asked for
      // next, its messages, and the turn's request and response content types.
      await db.schema.alterTable('lex_conversation_turns').addColumn('slot_to_elicit', 'text').execute();
      await db.schema.alterTable('lex_conversation_turns').addColumn('messages', 'text').execute();
      await db.schema.alterTable('lex_conversation_turns').addColumn('input_type', 'text').execute();
      await db.schema.alterTable('lex_conversation_turns').addColumn('output_type', 'text').execute();
    },
  },
  '0070_lex_bot_analyses': {
    async up(db: Kysely<any>) {
      // The bot analyzer's runs (StartBotAnalyzer): a bot locale's findings, kept with the run (analyzer.ts).
      await db.schema
        .createTable('lex_bot_analyses')
        .addColumn('request_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('recommendations', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_bot_analyses_by_bot').on('lex_bot_analyses').columns(['account_id', 'region', 'bot_id']).execute();
    },
  },
  '0071_lex_bot_generations': {
    async up(db: Kysely<any>) {
      // StartBotResourceGeneration's generations of a DRAFT locale, their prompt, model and outcome (generation.ts).
      await db.schema
        .createTable('lex_bot_generations')
        .addColumn('generation_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('model_arn', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_bot_generations_by_locale').on('lex_bot_generations').columns(['bot_id', 'bot_version', 'locale_id']).execute();
    },
  },
  '0072_lex_bot_recommendations': {
    async up(db: Kysely<any>) {
      // Bot recommendations of a DRAFT locale: the transcript source as given, the recommended intents found in
      // the turn log, with their associated transcripts (recommendations.ts).
      await db.schema
        .createTable('lex_bot_recommendations')
        .addColumn('recommendation_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('bot_version', 'text', (c) => c.notNull())
        .addColumn('locale_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_until', 'text')
        .addColumn('next_status', 'text')
        .addColumn('transcript_source', 'text', (c) => c.notNull())
        .addColumn('encryption_setting', 'text')
        .addColumn('results', 'text', (c) => c.notNull())
        .addColumn('failure_reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lex_bot_recommendations_by_locale').on('lex_bot_recommendations').columns(['bot_id', 'bot_version', 'locale_id']).execute();
    },
  },
};
