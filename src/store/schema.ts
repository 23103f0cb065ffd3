// The tables, as Kysely types. Booleans are stored as 0/1 and times as ISO 8601 text so that one set
// of queries serves SQLite and PostgreSQL alike.
import type { BotAliasStatus, BotLocaleStatus, BotStatus, CustomVocabularyStatus } from '../aws/generated/lexv2-models.js';
import type { ChannelPlatform, ChannelStatus } from '../aws/generated/lex-channels.js';

export interface RoleRow {
  account_id: string;
  /** Lower-cased name: IAM names are unique regardless of case. */
  name_key: string;
  role_name: string;
  role_id: string;
  path: string;
  arn: string;
  assume_role_policy: string;
  description: string | null;
  max_session_duration: number;
  create_date: string;
  /** 1 for service-linked roles: a stored fact, never inferred from the path. */
  service_linked: number;
  service_principal: string | null;
  permissions_boundary_arn: string | null;
  last_used_date: string | null;
  last_used_region: string | null;
}

export interface RoleTagRow {
  account_id: string;
  role_key: string;
  tag_key: string;
  tag_value: string;
  position: number;
}

export interface RoleInlinePolicyRow {
  account_id: string;
  role_key: string;
  policy_name: string;
  document: string;
}

export interface RoleAttachedPolicyRow {
  account_id: string;
  role_key: string;
  policy_arn: string;
  position: number;
}

export interface DeletionTaskRow {
  task_id: string;
  account_id: string;
  role_key: string;
  role_name: string;
  service_principal: string;
  status: 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  reason: string | null;
  /** JSON: [{ Region, Resources: [arn...] }] */
  role_usage: string | null;
  created_at: string;
  updated_at: string;
  /** Which server claimed the task, and until when (so a crashed server's claim expires). */
  claimed_by: string | null;
  claim_expires_at: string | null;
}

/** A GenerateServiceLastAccessedDetails job (0040_iam_last_accessed). */
export interface IamLastAccessedJobRow {
  job_id: string;
  account_id: string;
  /** Who generated it: only the same user, or the same role session, may read it. */
  owner_arn: string;
  entity_arn: string;
  /** user | group | role | policy */
  entity_kind: string;
  /** SERVICE_LEVEL | ACTION_LEVEL */
  granularity: string;
  /** IN_PROGRESS | COMPLETED | FAILED */
  status: string;
  created_at: string;
  completed_at: string | null;
  /** JSON: the report (src/services/iam/last-accessed.ts LastAccessedReport). */
  report: string | null;
  /** JSON: ErrorDetails when it failed. */
  error: string | null;
}

/** An Access Analyzer policy generation job (0041_accessanalyzer_policy_generations). */
export interface AccessAnalyzerGenerationRow {
  job_id: string;
  account_id: string;
  principal_arn: string;
  client_token: string | null;
  /** IN_PROGRESS | SUCCEEDED | FAILED | CANCELED */
  status: string;
  started_on: string;
  completed_on: string | null;
  /** JSON: { startTime, endTime, trails } as analyzed. */
  cloud_trail: string;
  /** JSON: the (action, resource) pairs the principal was allowed in the period. */
  uses: string;
  /** JSON: JobError when it failed. */
  job_error: string | null;
}

export interface AuditEventRow {
  event_id: string;
  event_time: string;
  account_id: string;
  /** `api` for a caller's request, `on-behalf` for a linked service acting through its role. */
  kind: string;
  event_source: string;
  event_name: string;
  region: string;
  source_ip: string | null;
  user_agent: string | null;
  principal_arn: string;
  /** CloudTrail's Username: the user's name, the role session's name, or `root`. */
  user_name: string | null;
  access_key_id: string | null;
  role_arn: string | null;
  session_name: string | null;
  service_principal: string | null;
  action: string;
  resource: string;
  decision: string;
  error_code: string | null;
  /** JSON: the deciding statements and the explanation. */
  detail: string;
  request_id: string | null;
  /** JSON text of the call's CloudTrail requestParameters, or 'null' (0011_audit_cloudtrail_fields). */
  request_parameters: string | null;
  /** JSON text of the call's CloudTrail responseElements, or 'null'. */
  response_elements: string | null;
  /** The call's error message when it failed (CloudTrail's errorMessage). */
  error_message: string | null;
  /** CloudTrail's readOnly, 1 or 0 (0080_audit_lookup_indexes: stored to be indexed for LookupEvents). */
  read_only: number | null;
  /** CloudTrail's resource type of `resource` (AWS::IAM::Role, ...), null where it has none. */
  resource_type: string | null;
  /** 1 for a management event, 0 for a data event (which LookupEvents never returns). */
  management: number;
}

/**
 * Temporary credentials handed out by STS AssumeRole (kind `role`) and GetSessionToken (kind `user` or
 * `root`, 0007_sts_session_kinds). For GetSessionToken's sessions the role_* columns hold the principal:
 * role_arn and assumed_role_arn its ARN, role_id its UserId (AIDA... or the account id), role_name its
 * name (`root` for the account root); session_name is empty.
 */
export interface StsSessionRow {
  access_key_id: string;
  /** `role`, `user` or `root`. */
  kind: string;
  secret_access_key: string;
  session_token: string;
  account_id: string;
  role_arn: string;
  role_id: string;
  role_name: string;
  session_name: string;
  /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
  assumed_role_arn: string;
  /** The principal that called AssumeRole. */
  source_arn: string;
  region: string;
  created_at: string;
  expiration: string;
  session_policy: string | null;
  /** A role session's tags, JSON `[{Key, Value, Transitive?}]` (older rows: an object, key to value), or null. */
  session_tags: string | null;
  /** GetSessionToken's SerialNumber, when it came with a TokenCode (0008_sts_session_mfa); else null. */
  mfa_serial_number: string | null;
  /** AssumeRoleWithWebIdentity's sessions: JSON, aws:FederatedProvider and the provider's keys (0015_oidc_federation); else null. */
  web_identity: string | null;
}

// Amazon AppIntegrations (0004_appintegrations). Structured values (tags, configurations) are JSON text.

export interface DataIntegrationRow {
  account_id: string;
  region: string;
  /** A UUID, AWS's Id. */
  id: string;
  name: string;
  arn: string;
  description: string | null;
  kms_key: string;
  source_uri: string | null;
  /** JSON ScheduleConfiguration, or null. */
  schedule_config: string | null;
  file_configuration: string | null;
  object_configuration: string | null;
  /** JSON TagMap. */
  tags: string;
  created_at: string;
  /** When it was first associated (0010_appintegrations_associated_at): it cannot be associated again. */
  associated_at: string | null;
}

export interface EventIntegrationRow {
  account_id: string;
  region: string;
  name: string;
  arn: string;
  description: string | null;
  event_bridge_bus: string;
  /** JSON EventFilter. */
  event_filter: string;
  tags: string;
  created_at: string;
}

/** Associations of both kinds: made by the consuming services (Wisdom, Customer Profiles, Tasks) or the API. */
export interface IntegrationAssociationRow {
  account_id: string;
  region: string;
  association_id: string;
  kind: 'data' | 'event';
  arn: string;
  /** The data integration's id or the event integration's name. */
  integration_key: string;
  integration_arn: string;
  client_id: string | null;
  client_association_metadata: string | null;
  destination_uri: string | null;
  execution_configuration: string | null;
  object_configuration: string | null;
  event_bridge_rule_name: string | null;
  /** wisdom, customer-profiles, tasks, or api (CreateDataIntegrationAssociation). */
  consumer: string;
  /** The consumer's resource: knowledge base, Customer Profiles domain, Connect instance. */
  consumer_resource_arn: string | null;
  consumer_resource_name: string | null;
  created_at: string;
}

/** ClientToken idempotency: the first answer to a token, and a hash of the request it answered. */
export interface ClientTokenRow {
  account_id: string;
  region: string;
  operation: string;
  client_token: string;
  request_hash: string;
  response: string;
  created_at: string;
}

/** AppIntegrations applications (0018_appintegrations_applications): third-party apps for the Connect agent workspace. */
export interface ApplicationRow {
  account_id: string;
  region: string;
  /** A UUID, AWS's Id. */
  id: string;
  arn: string;
  name: string;
  namespace: string;
  description: string | null;
  /** STANDARD | SERVICE | MCP_SERVER (IsService is true exactly for SERVICE). */
  application_type: string;
  /** JSON ApplicationSourceConfig. */
  source_config: string;
  /** JSON lists (Permissions, the deprecated Subscriptions and Publications), or null when not given. */
  permissions: string | null;
  subscriptions: string | null;
  publications: string | null;
  initialization_timeout: number | null;
  /** JSON ApplicationConfig / IframeConfig, or null. */
  application_config: string | null;
  iframe_config: string | null;
  /** JSON TagMap. */
  tags: string;
  created_at: string;
  last_modified_at: string;
}

/** An application's association with an Amazon Connect instance (Connect's CreateIntegrationAssociation, IntegrationType APPLICATION). */
export interface ApplicationAssociationRow {
  account_id: string;
  region: string;
  association_id: string;
  arn: string;
  application_id: string;
  application_arn: string;
  /** The Connect instance's ARN (the association's ClientId). */
  client_id: string;
  instance_id: string;
  /** Connect's side of it: the integration association's id and ARN. */
  integration_association_id: string;
  integration_association_arn: string;
  created_at: string;
}

/** AppFlow connector profiles the service uses (registered when a data integration names one). */
export interface AppFlowConnectorProfileRow {
  account_id: string;
  region: string;
  name: string;
  arn: string;
  connector_type: string;
  created_at: string;
}

/** AppFlow flows AppIntegrations created (FlowCreatedByAppIntegrations-<id>) and their run state. */
export interface AppFlowFlowRow {
  account_id: string;
  region: string;
  flow_name: string;
  arn: string;
  data_integration_id: string;
  connector_type: string;
  connector_profile_name: string;
  source_object: string | null;
  schedule_expression: string;
  first_execution_from: string | null;
  /** Draft, Active, Suspended, Errored */
  flow_status: string;
  tags: string;
  created_at: string;
  updated_at: string;
  /** The service's last problem with this flow (e.g. a denied StartFlow), null when the last step worked. */
  last_error: string | null;
  next_run_at: string | null;
  /** 1 once its data integration is deleted: the service deletes the flow when no run is in progress. */
  teardown: number;
  claimed_by: string | null;
  claim_expires_at: string | null;
}

export interface AppFlowRunRow {
  execution_id: string;
  account_id: string;
  region: string;
  flow_name: string;
  /** InProgress, Successful, Error */
  status: string;
  started_at: string;
  /** When an InProgress run finishes. */
  ends_at: string;
  completed_at: string | null;
  records_processed: number;
  message: string | null;
}

/** Metric data the service published (cloudwatch:PutMetricData through its role). */
export interface MetricDatumRow {
  id: string;
  account_id: string;
  region: string;
  namespace: string;
  metric_name: string;
  /** JSON [{ Name, Value }] */
  dimensions: string;
  value: number;
  unit: string;
  timestamp: string;
}

// Amazon Lex V2 (src/services/lex). Settings that AWS returns as nested structures are kept as JSON text.

export interface LexBotRow {
  bot_id: string;
  account_id: string;
  region: string;
  bot_name: string;
  role_arn: string;
  /** The role's name, lower-cased: what the role-usage and grant queries look up. */
  role_key: string;
  status: BotStatus;
  /** When `status` gives way to `next_status` (transitions are fast but real). */
  status_until: string | null;
  next_status: BotStatus | null;
  /** JSON: description, dataPrivacy, idleSessionTTLInSeconds, botType, botMembers, errorLogSettings */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface LexBotLocaleRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  status: BotLocaleStatus;
  status_until: string | null;
  next_status: BotLocaleStatus | null;
  /** JSON: description, nluIntentConfidenceThreshold, voiceSettings, ... */
  settings: string;
  created_at: string;
  updated_at: string;
  last_build_at: string | null;
}

export interface LexIntentRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  intent_id: string;
  intent_name: string;
  /** JSON: the intent's definition (sampleUtterances, kendraConfiguration, parentIntentSignature, ...) */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface LexBotVersionRow {
  bot_id: string;
  bot_version: string;
  /** The version number as an integer, for ordering (0 for DRAFT). */
  version_number: number;
  description: string | null;
  status: BotStatus;
  status_until: string | null;
  next_status: BotStatus | null;
  /** JSON: botVersionLocaleSpecification */
  locale_specification: string;
  created_at: string;
  /** JSON: the bot as this version snapshotted it (botName, roleArn and the bot's settings); null before migration 0017. */
  bot_settings: string | null;
}

export interface LexBotAliasRow {
  bot_id: string;
  bot_alias_id: string;
  bot_alias_name: string;
  bot_version: string | null;
  status: BotAliasStatus;
  status_until: string | null;
  next_status: BotAliasStatus | null;
  /** JSON: description, botAliasLocaleSettings, conversationLogSettings, sentimentAnalysisSettings */
  settings: string;
  /** JSON: [{ botVersion, startDate, endDate }] */
  history: string;
  created_at: string;
  updated_at: string;
}

export interface LexTagRow {
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

/** The inline policies Lex wrote into a role for the capabilities of the bots using it. */
export interface LexRoleGrantRow {
  account_id: string;
  role_key: string;
  policy_name: string;
  document: string;
}

export interface LexChannelRow {
  channel_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_alias_id: string;
  locale_id: string;
  channel_name: string;
  platform: ChannelPlatform;
  role_arn: string;
  role_key: string;
  status: ChannelStatus;
  /** JSON: description, sessionTimeoutInMinutes, platform configuration (secrets included) */
  settings: string;
  created_at: string;
}

export interface LexSessionRow {
  bot_id: string;
  bot_alias_id: string;
  locale_id: string;
  session_id: string;
  account_id: string;
  region: string;
  /** The bot role and (for a channel's conversation) the channel role the conversation uses. */
  bot_role_key: string;
  channel_role_key: string | null;
  /** JSON: { sessionState, interpretations, messages, requestAttributes } */
  state: string;
  last_activity_at: string;
}

/**
 * One runtime turn a Lex bot answered (turn-log.ts): what was said, how it was understood and what the
 * dialog did, kept for analytics, test-set generation and bot recommendations.
 */
export interface LexConversationTurnRow {
  turn_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_version: string;
  bot_alias_id: string;
  locale_id: string;
  session_id: string;
  /** When the conversation this turn belongs to started (its first turn); with session_id it names the conversation. */
  session_started_at: string;
  /** The turn's position in its conversation, from 1. */
  turn_index: number;
  operation: 'RecognizeText' | 'RecognizeUtterance' | 'PutSession' | 'StartConversation';
  /** The channel integration's platform the turn came through (Slack, Facebook, TwilioSms); null for a direct call. */
  channel: string | null;
  input_mode: 'Text' | 'Speech' | 'DTMF';
  occurred_at: string;
  /** What the user said (null for PutSession, which says nothing). */
  input_transcript: string | null;
  intent_name: string | null;
  nlu_confidence: number | null;
  /** JSON: the intent's slots after the turn */
  slots: string;
  dialog_action: string | null;
  intent_state: string | null;
  /** 1 when no intent matched (the fallback intent answered): a missed utterance */
  missed: number;
  /** 1 when the turn closed the conversation (dialog action Close) */
  conversation_ended: number;
  request_id: string | null;
  /** The slot the bot asked for next (dialog action ElicitSlot) */
  slot_to_elicit: string | null;
  /** JSON: the messages the bot answered with */
  messages: string | null;
  /** The request's and the response's content types (RecognizeUtterance; text/plain for RecognizeText) */
  input_type: string | null;
  output_type: string | null;
}

/** The downstream resources Lex writes to or reads through its roles: S3 buckets, log groups, KMS keys, Kendra indexes. */
export interface LexDownstreamResourceRow {
  arn: string;
  account_id: string;
  kind: string;
  created_at: string;
}

/** What Lex did to them: log events, S3 objects, data keys, Kendra queries. */
export interface LexDownstreamEventRow {
  event_id: string;
  resource_arn: string;
  account_id: string;
  kind: string;
  /** The log stream, the object key, ... */
  location: string;
  content: string;
  event_time: string;
}

/** A custom slot type of a bot locale (per version); its settings (values, selection, grammar, composition) as JSON. */
export interface LexSlotTypeRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  slot_type_id: string;
  slot_type_name: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

/** A slot of an intent (per version); slot_type_id is a custom type's id or a built-in's name (AMAZON.Number). */
export interface LexSlotRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  intent_id: string;
  slot_id: string;
  slot_name: string;
  slot_type_id: string | null;
  definition: string;
  created_at: string;
  updated_at: string;
}

/** The custom vocabulary of a bot locale (per version) and its status. */
export interface LexCustomVocabularyRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  status: CustomVocabularyStatus;
  status_until: string | null;
  next_status: CustomVocabularyStatus | null;
  created_at: string;
  updated_at: string;
}

export interface LexCustomVocabularyItemRow {
  bot_id: string;
  bot_version: string;
  locale_id: string;
  item_id: string;
  phrase: string;
  weight: number | null;
  display_as: string | null;
  created_at: string;
}

/** The resource-based policy of a bot or bot alias; revision counts its changes (revisionId). */
export interface LexResourcePolicyRow {
  resource_arn: string;
  account_id: string;
  bot_id: string;
  policy: string;
  revision: number;
  updated_at: string;
}

/** A Lex V2 export (CreateExport): the archive built at creation, downloaded through its signed URL. */
export interface LexExportRow {
  export_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_version: string;
  locale_id: string | null;
  /** Bot | BotLocale | CustomVocabulary (ListExports' ExportResourceType filter). */
  resource_type: string;
  resource_specification: string;
  file_format: string;
  status: 'InProgress' | 'Completed' | 'Failed' | 'Deleting';
  status_until: string | null;
  next_status: 'InProgress' | 'Completed' | 'Failed' | 'Deleting' | null;
  failure_reasons: string;
  /** The zip, base64; the file name it downloads as. */
  archive: string | null;
  file_name: string;
  /** The HMAC key of this export's download URLs (hex). */
  url_key: string;
  /** A test set export's test set (its bot_id and bot_version are then ''). */
  test_set_id?: string | null;
  created_at: string;
  updated_at: string;
}

/** A Lex V2 import: made by CreateUploadUrl (the upload), started by StartImport. */
export interface LexImportRow {
  import_id: string;
  account_id: string;
  region: string;
  /** The HMAC key of this import's upload URL (hex), and until when the URL takes a PUT. */
  url_key: string;
  upload_expires_at: string;
  archive: string | null;
  /** Null until StartImport. */
  status: 'InProgress' | 'Completed' | 'Failed' | 'Deleting' | null;
  status_until: string | null;
  next_status: 'InProgress' | 'Completed' | 'Failed' | 'Deleting' | null;
  merge_strategy: string | null;
  resource_type: string | null;
  resource_specification: string | null;
  bot_id: string | null;
  bot_version: string | null;
  locale_id: string | null;
  imported_resource_id: string | null;
  imported_resource_name: string | null;
  failure_reasons: string;
  created_at: string;
  updated_at: string;
}

/** A bot's replica in another region (CreateBotReplica): Enabling -> Enabled, or Failed; Deleting -> gone. */
export interface LexBotReplicaRow {
  bot_id: string;
  account_id: string;
  source_region: string;
  replica_region: string;
  status: 'Enabling' | 'Enabled' | 'Deleting' | 'Failed';
  status_until: string | null;
  next_status: 'Enabling' | 'Enabled' | 'Deleting' | 'Failed' | null;
  /** JSON array of strings. */
  failure_reasons: string;
  created_at: string;
}

/** A run of the bot analyzer on a DRAFT bot locale (StartBotAnalyzer): Processing -> Available, or Stopping -> Stopped. */
export interface LexBotAnalysisRow {
  request_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_version: string;
  locale_id: string;
  status: 'Processing' | 'Available' | 'Failed' | 'Stopping' | 'Stopped';
  status_until: string | null;
  next_status: 'Processing' | 'Available' | 'Failed' | 'Stopping' | 'Stopped' | null;
  /** JSON array of BotAnalyzerRecommendation, made when the run started. */
  recommendations: string;
  created_at: string;
}

/** A resource generation of a DRAFT bot locale (StartBotResourceGeneration): InProgress -> Failed (no model runs here). */
export interface LexBotGenerationRow {
  generation_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_version: string;
  locale_id: string;
  prompt: string;
  model_arn: string;
  status: 'InProgress' | 'Complete' | 'Failed';
  status_until: string | null;
  next_status: 'InProgress' | 'Complete' | 'Failed' | null;
  /** JSON array of strings: why it failed. */
  failure_reasons: string;
  created_at: string;
  updated_at: string;
}

/** A bot recommendation of a DRAFT locale (StartBotRecommendation), read from the turn log. */
export interface LexBotRecommendationRow {
  recommendation_id: string;
  account_id: string;
  region: string;
  bot_id: string;
  bot_version: string;
  locale_id: string;
  status: 'Processing' | 'Deleting' | 'Deleted' | 'Downloading' | 'Updating' | 'Available' | 'Failed' | 'Stopping' | 'Stopped';
  status_until: string | null;
  next_status: 'Processing' | 'Deleting' | 'Deleted' | 'Downloading' | 'Updating' | 'Available' | 'Failed' | 'Stopping' | 'Stopped' | null;
  /** JSON: the TranscriptSourceSetting as given. */
  transcript_source: string;
  /** JSON: the EncryptionSetting as given, or null. */
  encryption_setting: string | null;
  /** JSON: the recommended intents with their sample utterances and associated transcripts. */
  results: string;
  /** JSON array of strings. */
  failure_reasons: string;
  created_at: string;
  updated_at: string;
}

/** A Lex V2 test set (Test Workbench): imported from Lex's CSV test-set format; Importing -> Ready or ValidationError. */
export interface LexTestSetRow {
  test_set_id: string;
  account_id: string;
  region: string;
  test_set_name: string;
  description: string | null;
  modality: 'Text' | 'Audio';
  role_arn: string;
  /** JSON TestSetStorageLocation (recorded; the records are kept here, not in S3). */
  storage_location: string;
  status: 'Importing' | 'PendingAnnotation' | 'Deleting' | 'ValidationError' | 'Ready';
  status_until: string | null;
  next_status: 'Importing' | 'PendingAnnotation' | 'Deleting' | 'ValidationError' | 'Ready' | null;
  num_turns: number;
  created_at: string;
  updated_at: string;
}

/** One row of a test set: the turn as ListTestSetRecords answers it (JSON TurnSpecification). */
export interface LexTestSetRecordRow {
  test_set_id: string;
  record_number: number;
  conversation_id: string | null;
  turn_number: number | null;
  turn: string;
}

/** A test execution: Pending until pending_until, then the status columns (InProgress -> Completed or Failed). */
export interface LexTestExecutionRow {
  test_execution_id: string;
  account_id: string;
  region: string;
  test_set_id: string;
  test_set_name: string;
  api_mode: 'Streaming' | 'NonStreaming';
  modality: 'Text' | 'Audio';
  /** JSON TestExecutionTarget. */
  target: string;
  pending_until: string;
  status: 'Pending' | 'Waiting' | 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  status_until: string | null;
  next_status: 'Pending' | 'Waiting' | 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped' | null;
  failure_reasons: string;
  /** JSON: each record's scored turn (test-executions.ts TurnResult). */
  results: string;
  /** The HMAC key of its artifacts URL (hex). */
  url_key: string;
  created_at: string;
  updated_at: string;
}

/** A test set generation (StartTestSetGeneration): Generating -> Ready (its test set made) or Failed. */
export interface LexTestSetGenerationRow {
  generation_id: string;
  account_id: string;
  region: string;
  /** The test set it makes (its id chosen when the generation starts). */
  test_set_id: string;
  test_set_name: string;
  description: string | null;
  role_arn: string;
  storage_location: string;
  data_source: string;
  status: 'Generating' | 'Ready' | 'Failed' | 'Pending';
  status_until: string | null;
  next_status: 'Generating' | 'Ready' | 'Failed' | 'Pending' | null;
  failure_reasons: string;
  created_at: string;
  updated_at: string;
}

/** A test set discrepancy report: the test set's intents and slots the target locale lacks. */
export interface LexTestSetDiscrepancyReportRow {
  report_id: string;
  account_id: string;
  region: string;
  test_set_id: string;
  target: string;
  status: 'InProgress' | 'Completed' | 'Failed';
  status_until: string | null;
  next_status: 'InProgress' | 'Completed' | 'Failed' | null;
  failure_reasons: string;
  /** JSON TestSetDiscrepancyErrors. */
  top_errors: string;
  created_at: string;
  updated_at: string;
}

// --- IAM identities: users, groups, access keys, customer managed policies ---------------------------

export interface UserRow {
  account_id: string;
  /** Lower-cased name: IAM names are unique regardless of case. */
  name_key: string;
  user_name: string;
  user_id: string;
  path: string;
  arn: string;
  create_date: string;
  permissions_boundary_arn: string | null;
}

export interface GroupRow {
  account_id: string;
  name_key: string;
  group_name: string;
  group_id: string;
  path: string;
  arn: string;
  create_date: string;
}

export interface GroupMemberRow {
  account_id: string;
  group_key: string;
  user_key: string;
}

export interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  user_key: string;
  secret_access_key: string;
  /** Active | Inactive */
  status: string;
  create_date: string;
}

/** Tags of users ('user') and customer managed policies ('policy'), keyed by the entity's lower-cased name. */
export interface IdentityTagRow {
  account_id: string;
  entity_kind: string;
  entity_key: string;
  tag_key: string;
  tag_value: string;
  position: number;
}

/** Inline policies of users ('user') and groups ('group'). */
export interface PrincipalInlinePolicyRow {
  account_id: string;
  principal_kind: string;
  principal_key: string;
  policy_name: string;
  document: string;
}

/** Managed policies (AWS or customer) attached to users ('user') and groups ('group'). */
export interface PrincipalAttachedPolicyRow {
  account_id: string;
  principal_kind: string;
  principal_key: string;
  policy_arn: string;
  position: number;
}

export interface CustomerPolicyRow {
  account_id: string;
  /** Lower-cased name: policy names are unique in an account regardless of case and path. */
  name_key: string;
  policy_name: string;
  policy_id: string;
  path: string;
  arn: string;
  description: string | null;
  default_version_id: string;
  /** The number of the next version (versions are never renumbered). */
  next_version: number;
  create_date: string;
  update_date: string;
}

export interface CustomerPolicyVersionRow {
  account_id: string;
  policy_key: string;
  version_id: string;
  /** The version's number, for ordering (v10 after v9). */
  version_number: number;
  document: string;
  create_date: string;
}

/** A web console session: what it holds (region, credentials, identity, flash message) as JSON. */
export interface ConsoleSessionRow {
  id_hash: string;
  csrf_token: string;
  state: string;
  /** ISO time of its last request. */
  last_seen: string;
}

// --- IAM instance profiles, the account's alias and settings (migrations 0012, 0012b) ----------------

export interface InstanceProfileRow {
  account_id: string;
  /** Lower-cased name: instance profile names are unique in an account regardless of case. */
  name_key: string;
  instance_profile_name: string;
  instance_profile_id: string;
  path: string;
  arn: string;
  create_date: string;
  /** The lower-cased name of the profile's one role, or null (a profile holds at most one role). */
  role_key: string | null;
}

/** An account's alias; aliases are unique across every account (the primary key), one per account. */
export interface AccountAliasRow {
  account_alias: string;
  account_id: string;
}

/** Account-wide IAM settings: SetSecurityTokenServicePreferences' GlobalEndpointTokenVersion. */
export interface AccountSettingsRow {
  account_id: string;
  global_endpoint_token_version: string;
}

/** GenerateOrganizationsAccessReport's jobs (each fails: the account is in no organization). */
export interface OrganizationsAccessReportRow {
  job_id: string;
  account_id: string;
  entity_path: string;
  create_date: string;
}

/** IAM delegation requests (migration 0012c): their lifecycle state, owner, approver and trade-in token (hashed). */
export interface DelegationRequestRow {
  delegation_request_id: string;
  requestor_account_id: string;
  owner_account_id: string | null;
  owner_id: string | null;
  /** JSON: the identity that accepted the request (src/services/iam/delegation.ts's Approver). */
  approver: string | null;
  description: string;
  request_message: string | null;
  /** JSON: the request's Permissions (PolicyTemplateArn, Parameters). */
  permissions: string;
  permission_policy: string;
  redirect_url: string | null;
  notification_channel: string;
  session_duration: number;
  only_send_by_owner: number;
  requestor_workflow_id: string;
  state: string;
  notes: string | null;
  rejection_reason: string | null;
  create_date: string;
  updated_time: string;
  expiration_time: string;
  /** SHA-256 of the trade-in token SendDelegationToken published; never the token. */
  token_hash: string | null;
  token_expiration: string | null;
  token_redeemed: number;
}

/** The messages IAM publishes to a delegation request's notification channel (an SNS topic in AWS). */
export interface DelegationNotificationRow {
  delegation_request_id: string;
  notification_channel: string;
  message: string;
  create_date: string;
}

// IAM users' passwords, MFA devices and the credential report (0013_iam_credentials).

export interface LoginProfileRow {
  account_id: string;
  user_key: string;
  /** `scrypt$N$r$p$salt$hash` (src/services/iam/passwords.ts); never the password. */
  password_hash: string;
  create_date: string;
  password_changed: string;
  /** 1 when the user must choose a new password at the next sign-in. */
  reset_required: number;
  password_last_used: string | null;
}

/** The hashes of a user's earlier passwords, newest at the highest position (PasswordReusePrevention). */
export interface PasswordHistoryRow {
  account_id: string;
  user_key: string;
  position: number;
  password_hash: string;
}

export interface PasswordPolicyRow {
  account_id: string;
  /** The policy as GetAccountPasswordPolicy answers it, JSON. */
  policy: string;
}

/** A virtual MFA device: arn:aws:iam::ACCOUNT:mfa/PATH/NAME, its Base32 TOTP seed, the user it is enabled for. */
export interface MfaDeviceRow {
  serial_number: string;
  account_id: string;
  name_key: string;
  path: string;
  seed: string;
  create_date: string;
  user_key: string | null;
  enable_date: string | null;
  /** The TOTP time step of the last code accepted: a code at that step or before is refused. */
  last_used_step: number | null;
  last_used_date: string | null;
}

export interface CredentialReportRow {
  account_id: string;
  generated_at: string;
  /** The CSV text. */
  content: string;
}

/** IAM OpenID Connect providers (0015_oidc_federation). */
export interface OidcProviderRow {
  account_id: string;
  /** The URL without its scheme (host and path, as given), lower-cased: one provider per URL in an account. */
  url_key: string;
  /** The URL without its scheme, as given (GetOpenIDConnectProvider's Url). */
  url: string;
  /** arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH */
  arn: string;
  /** JSON: the client IDs (audiences), in the order added. */
  client_ids: string;
  /** JSON: the thumbprints, lower-cased. */
  thumbprints: string;
  create_date: string;
}

/** An account's outbound web identity federation (0015_oidc_federation): its issuer and signing keys. */
export interface OutboundFederationRow {
  account_id: string;
  /** https://<uuid>.tokens.sts.global.api.aws, made when the feature is first enabled and kept. */
  issuer_identifier: string;
  /** 1 while GetWebIdentityToken may be called. */
  enabled: number;
  /** JSON: the private signing keys as JWKs, one per algorithm (RS256, ES384), each with its kid. */
  signing_keys: string;
  updated_at: string;
}

/** IAM users' service-specific credentials (0014_iam_credentials): CodeCommit / Keyspaces passwords, Bedrock API keys. */
export interface ServiceSpecificCredentialRow {
  credential_id: string;
  account_id: string;
  user_key: string;
  service_name: string;
  /** The generated user name (CodeCommit, Keyspaces), or null. */
  service_user_name: string | null;
  /** Bedrock API keys' public part, or null. */
  service_credential_alias: string | null;
  /** The password or the API key's secret. */
  secret: string;
  /** Active | Inactive (Expired is read from expiration_date). */
  status: string;
  create_date: string;
  expiration_date: string | null;
}

/** IAM users' SSH public keys (0014_iam_credentials), the body in OpenSSH format. */
export interface SshPublicKeyRow {
  key_id: string;
  account_id: string;
  user_key: string;
  body: string;
  fingerprint: string;
  status: string;
  upload_date: string;
}

/** Server certificates (0014_iam_credentials); tags in iam_identity_tags ('server-certificate'). The private key is not kept. */
export interface ServerCertificateRow {
  account_id: string;
  name_key: string;
  certificate_name: string;
  certificate_id: string;
  path: string;
  arn: string;
  body: string;
  chain: string | null;
  expiration: string;
  upload_date: string;
}

/** IAM users' X.509 signing certificates (0014_iam_credentials). */
export interface SigningCertificateRow {
  certificate_id: string;
  account_id: string;
  user_key: string;
  body: string;
  status: string;
  upload_date: string;
}

// --- IAM SAML providers (migration 0016) ------------------------------------------------------------
export interface SamlProviderRow {
  account_id: string;
  name: string;
  /** arn:aws:iam::ACCOUNT:saml-provider/NAME (the primary key). */
  arn: string;
  metadata_document: string;
  /** The metadata's entityID: the Issuer an assertion must name. */
  entity_id: string;
  /** The metadata's signing certificates, a JSON list of PEM strings. */
  certificates: string;
  /** The metadata's validUntil, ISO; null when it has none. */
  valid_until: string | null;
  create_date: string;
  /** SAMLProviderUUID. */
  uuid: string;
  /** `Required`, `Allowed`, or null when never set. */
  assertion_encryption_mode: string | null;
  /** JSON `[{keyId, timestamp, pem}]`: the private keys added for assertion decryption. */
  private_keys: string;
}

/**
 * A per-account counter of changes to its roles (0085_iam_role_versions): every write of a role, its trust
 * policy or its tags adds one in the same transaction, so that a reader of another server can tell cheaply
 * whether anything it derived from the roles (Access Analyzer's findings) is out of date.
 */
export interface IamRoleVersionRow {
  account_id: string;
  version: number;
}

export interface Schema {
  iam_roles: RoleRow;
  iam_role_versions: IamRoleVersionRow;
  iam_role_tags: RoleTagRow;
  iam_role_inline_policies: RoleInlinePolicyRow;
  iam_role_attached_policies: RoleAttachedPolicyRow;
  iam_slr_deletion_tasks: DeletionTaskRow;
  audit_events: AuditEventRow;
  iam_last_accessed_jobs: IamLastAccessedJobRow;
  accessanalyzer_policy_generations: AccessAnalyzerGenerationRow;
  sts_sessions: StsSessionRow;
  appintegrations_data_integrations: DataIntegrationRow;
  appintegrations_event_integrations: EventIntegrationRow;
  appintegrations_associations: IntegrationAssociationRow;
  appintegrations_client_tokens: ClientTokenRow;
  appintegrations_applications: ApplicationRow;
  appintegrations_application_associations: ApplicationAssociationRow;
  appflow_connector_profiles: AppFlowConnectorProfileRow;
  appflow_flows: AppFlowFlowRow;
  appflow_flow_runs: AppFlowRunRow;
  cloudwatch_metric_data: MetricDatumRow;
  lex_bots: LexBotRow;
  lex_bot_locales: LexBotLocaleRow;
  lex_intents: LexIntentRow;
  lex_bot_versions: LexBotVersionRow;
  lex_bot_aliases: LexBotAliasRow;
  lex_tags: LexTagRow;
  lex_role_grants: LexRoleGrantRow;
  lex_channels: LexChannelRow;
  lex_sessions: LexSessionRow;
  lex_conversation_turns: LexConversationTurnRow;
  lex_downstream_resources: LexDownstreamResourceRow;
  lex_downstream_events: LexDownstreamEventRow;
  lex_slot_types: LexSlotTypeRow;
  lex_slots: LexSlotRow;
  lex_custom_vocabularies: LexCustomVocabularyRow;
  lex_custom_vocabulary_items: LexCustomVocabularyItemRow;
  lex_resource_policies: LexResourcePolicyRow;
  lex_exports: LexExportRow;
  lex_imports: LexImportRow;
  lex_bot_replicas: LexBotReplicaRow;
  lex_test_sets: LexTestSetRow;
  lex_test_set_records: LexTestSetRecordRow;
  lex_test_executions: LexTestExecutionRow;
  lex_test_set_discrepancy_reports: LexTestSetDiscrepancyReportRow;
  lex_test_set_generations: LexTestSetGenerationRow;
  lex_bot_analyses: LexBotAnalysisRow;
  lex_bot_generations: LexBotGenerationRow;
  lex_bot_recommendations: LexBotRecommendationRow;
  iam_users: UserRow;
  iam_groups: GroupRow;
  iam_group_members: GroupMemberRow;
  iam_access_keys: AccessKeyRow;
  iam_identity_tags: IdentityTagRow;
  iam_principal_inline_policies: PrincipalInlinePolicyRow;
  iam_principal_attached_policies: PrincipalAttachedPolicyRow;
  iam_customer_policies: CustomerPolicyRow;
  iam_customer_policy_versions: CustomerPolicyVersionRow;
  console_sessions: ConsoleSessionRow;
  iam_service_specific_credentials: ServiceSpecificCredentialRow;
  iam_ssh_public_keys: SshPublicKeyRow;
  iam_server_certificates: ServerCertificateRow;
  iam_signing_certificates: SigningCertificateRow;
  iam_instance_profiles: InstanceProfileRow;
  iam_account_aliases: AccountAliasRow;
  iam_account_settings: AccountSettingsRow;
  iam_organizations_access_reports: OrganizationsAccessReportRow;
  iam_delegation_requests: DelegationRequestRow;
  iam_delegation_notifications: DelegationNotificationRow;
  iam_login_profiles: LoginProfileRow;
  iam_password_history: PasswordHistoryRow;
  iam_password_policies: PasswordPolicyRow;
  iam_mfa_devices: MfaDeviceRow;
  iam_credential_reports: CredentialReportRow;
  iam_oidc_providers: OidcProviderRow;
  sts_outbound_federation: OutboundFederationRow;
  iam_saml_providers: SamlProviderRow;
}
