// Schema migrations of the core (IAM, STS, the audit trail, the console), in order; each service module
// brings its own (AppIntegrations', Lex's). Each is applied once: Kysely's migrator records them in
// kysely_migration. On PostgreSQL several servers may start at once: they take turns under a row
// lock on linkedrole_migration_lock (SELECT ... FOR UPDATE), not Kysely's advisory lock, so the same
// code runs on CockroachDB and YugabyteDB (see docs/operations.md).
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_iam_roles': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('iam_roles')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('role_name', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('assume_role_policy', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('max_session_duration', 'integer', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('service_linked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('service_principal', 'text')
        .addColumn('permissions_boundary_arn', 'text')
        .addColumn('last_used_date', 'text')
        .addColumn('last_used_region', 'text')
        .addPrimaryKeyConstraint('iam_roles_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema.createIndex('iam_roles_by_id').on('iam_roles').columns(['role_id']).unique().execute();
      // PermissionsBoundaryUsageCount of a managed policy.
      await db.schema.createIndex('iam_roles_by_boundary').on('iam_roles').columns(['account_id', 'permissions_boundary_arn']).execute();
      await db.schema
        .createTable('iam_role_tags')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', (c) => c.notNull())
        .addColumn('tag_value', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_role_tags_pk', ['account_id', 'role_key', 'tag_key'])
        .execute();
      await db.schema
        .createTable('iam_role_inline_policies')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('policy_name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_role_inline_policies_pk', ['account_id', 'role_key', 'policy_name'])
        .execute();
      await db.schema
        .createTable('iam_role_attached_policies')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('policy_arn', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_role_attached_policies_pk', ['account_id', 'role_key', 'policy_arn'])
        .execute();
      // AttachmentCount of a managed policy: the roles it is attached to in the account.
      await db.schema.createIndex('iam_role_attached_policies_by_policy').on('iam_role_attached_policies').columns(['account_id', 'policy_arn']).execute();
      await db.schema
        .createTable('iam_slr_deletion_tasks')
        .addColumn('task_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text', (c) => c.notNull())
        .addColumn('role_name', 'text', (c) => c.notNull())
        .addColumn('service_principal', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('role_usage', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claim_expires_at', 'text')
        .execute();
      await db.schema.createIndex('iam_slr_deletion_tasks_by_status').on('iam_slr_deletion_tasks').columns(['status']).execute();
      await db.schema.createIndex('iam_slr_deletion_tasks_by_role').on('iam_slr_deletion_tasks').columns(['account_id', 'role_key']).execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('event_time', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('event_source', 'text', (c) => c.notNull())
        .addColumn('event_name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('source_ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('principal_arn', 'text', (c) => c.notNull())
        .addColumn('access_key_id', 'text')
        .addColumn('role_arn', 'text')
        .addColumn('session_name', 'text')
        .addColumn('service_principal', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['account_id', 'event_time']).execute();
    },
  },
  '0002_audit_user_name': {
    async up(db: Kysely<any>) {
      // CloudTrail's Username lookup: the user's name, the role session's name, or `root`.
      await db.schema.alterTable('audit_events').addColumn('user_name', 'text').execute();
      await db.schema.createIndex('audit_events_by_principal').on('audit_events').columns(['account_id', 'principal_arn']).execute();
    },
  },
  '0003_sts_sessions': {
    async up(db: Kysely<any>) {
      // Temporary credentials from STS AssumeRole, found by access key id on every signed request.
      await db.schema
        .createTable('sts_sessions')
        .addColumn('access_key_id', 'text', (c) => c.primaryKey())
        .addColumn('secret_access_key', 'text', (c) => c.notNull())
        .addColumn('session_token', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('role_arn', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull())
        .addColumn('role_name', 'text', (c) => c.notNull())
        .addColumn('session_name', 'text', (c) => c.notNull())
        .addColumn('assumed_role_arn', 'text', (c) => c.notNull())
        .addColumn('source_arn', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expiration', 'text', (c) => c.notNull())
        .addColumn('session_policy', 'text')
        .execute();
      await db.schema.createIndex('sts_sessions_by_expiration').on('sts_sessions').columns(['expiration']).execute();
    },
  },
  '0006_iam_identities': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('iam_users')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('permissions_boundary_arn', 'text')
        .addPrimaryKeyConstraint('iam_users_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema.createIndex('iam_users_by_id').on('iam_users').columns(['user_id']).unique().execute();
      await db.schema.createIndex('iam_users_by_boundary').on('iam_users').columns(['account_id', 'permissions_boundary_arn']).execute();
      await db.schema
        .createTable('iam_groups')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('group_name', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_groups_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema
        .createTable('iam_group_members')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('group_key', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_group_members_pk', ['account_id', 'group_key', 'user_key'])
        .execute();
      await db.schema.createIndex('iam_group_members_by_user').on('iam_group_members').columns(['account_id', 'user_key']).execute();
      await db.schema
        .createTable('iam_access_keys')
        .addColumn('access_key_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('secret_access_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_access_keys_by_user').on('iam_access_keys').columns(['account_id', 'user_key']).execute();
      await db.schema
        .createTable('iam_identity_tags')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('entity_kind', 'text', (c) => c.notNull())
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('tag_key', 'text', (c) => c.notNull())
        .addColumn('tag_value', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_identity_tags_pk', ['account_id', 'entity_kind', 'entity_key', 'tag_key'])
        .execute();
      await db.schema
        .createTable('iam_principal_inline_policies')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('principal_kind', 'text', (c) => c.notNull())
        .addColumn('principal_key', 'text', (c) => c.notNull())
        .addColumn('policy_name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_principal_inline_policies_pk', ['account_id', 'principal_kind', 'principal_key', 'policy_name'])
        .execute();
      await db.schema
        .createTable('iam_principal_attached_policies')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('principal_kind', 'text', (c) => c.notNull())
        .addColumn('principal_key', 'text', (c) => c.notNull())
        .addColumn('policy_arn', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_principal_attached_policies_pk', ['account_id', 'principal_kind', 'principal_key', 'policy_arn'])
        .execute();
      // AttachmentCount and ListEntitiesForPolicy.
      await db.schema
        .createIndex('iam_principal_attached_policies_by_policy')
        .on('iam_principal_attached_policies')
        .columns(['account_id', 'policy_arn'])
        .execute();
      await db.schema
        .createTable('iam_customer_policies')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('policy_name', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('default_version_id', 'text', (c) => c.notNull())
        .addColumn('next_version', 'integer', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('update_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_customer_policies_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema.createIndex('iam_customer_policies_by_arn').on('iam_customer_policies').columns(['arn']).unique().execute();
      await db.schema
        .createTable('iam_customer_policy_versions')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('policy_key', 'text', (c) => c.notNull())
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_customer_policy_versions_pk', ['account_id', 'policy_key', 'version_id'])
        .execute();
    },
  },
  '0007_sts_session_kinds': {
    async up(db: Kysely<any>) {
      // GetSessionToken's sessions share sts_sessions with AssumeRole's: `kind` says which ('role', or
      // 'user' / 'root' for GetSessionToken, whose rows keep the principal's ARN, id and name in the
      // role_* columns); `session_tags` holds AssumeRole's session tags as JSON (aws:PrincipalTag/*).
      await db.schema.alterTable('sts_sessions').addColumn('kind', 'text', (c) => c.notNull().defaultTo('role')).execute();
      await db.schema.alterTable('sts_sessions').addColumn('session_tags', 'text').execute();
    },
  },
  '0008_sts_session_mfa': {
    async up(db: Kysely<any>) {
      // The MFA device GetSessionToken was given (with a token code), or null: without it, AWS refuses
      // the credentials to IAM.
      await db.schema.alterTable('sts_sessions').addColumn('mfa_serial_number', 'text').execute();
    },
  },
  '0009_console_sessions': {
    async up(db: Kysely<any>) {
      // Web console sessions, in the store so that any server sharing it serves a signed-in user. Keyed
      // by the SHA-256 of the cookie's id: reading the table does not give a session away.
      await db.schema
        .createTable('console_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('console_sessions_by_last_seen').on('console_sessions').columns(['last_seen']).execute();
    },
  },
  '0011_audit_cloudtrail_fields': {
    async up(db: Kysely<any>) {
      // What CloudTrail writes of each event's call: requestParameters and responseElements as JSON text
      // (built once when the call is answered), and the error message. Older events have none: null.
      await db.schema.alterTable('audit_events').addColumn('request_parameters', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('response_elements', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('error_message', 'text').execute();
    },
  },
  '0013_iam_credentials': {
    async up(db: Kysely<any>) {
      // IAM users' console passwords (a salted scrypt hash, never the password), the hashes of their
      // earlier passwords (PasswordReusePrevention), the account password policy (JSON), virtual MFA
      // devices (their TOTP seed, the user they are enabled for, the last time step a code was used at:
      // a code is not accepted twice) and the account's credential report.
      await db.schema
        .createTable('iam_login_profiles')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('password_changed', 'text', (c) => c.notNull())
        .addColumn('reset_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_last_used', 'text')
        .addPrimaryKeyConstraint('iam_login_profiles_pk', ['account_id', 'user_key'])
        .execute();
      await db.schema
        .createTable('iam_password_history')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_password_history_pk', ['account_id', 'user_key', 'position'])
        .execute();
      await db.schema
        .createTable('iam_password_policies')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('policy', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('iam_mfa_devices')
        .addColumn('serial_number', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('seed', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text')
        .addColumn('enable_date', 'text')
        .addColumn('last_used_step', 'integer')
        .addColumn('last_used_date', 'text')
        .execute();
      await db.schema.createIndex('iam_mfa_devices_by_user').on('iam_mfa_devices').columns(['account_id', 'user_key']).execute();
      await db.schema
        .createTable('iam_credential_reports')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0012_iam_instance_profiles': {
    async up(db: Kysely<any>) {
      // Instance profiles; role_key is the profile's one role (AWS allows one per profile), indexed for
      // ListInstanceProfilesForRole and DeleteRole's check. Their tags are in iam_identity_tags ('instance-profile').
      await db.schema
        .createTable('iam_instance_profiles')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('instance_profile_name', 'text', (c) => c.notNull())
        .addColumn('instance_profile_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('role_key', 'text')
        .addPrimaryKeyConstraint('iam_instance_profiles_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema.createIndex('iam_instance_profiles_by_role').on('iam_instance_profiles').columns(['account_id', 'role_key']).execute();
    },
  },
  '0012b_iam_account': {
    async up(db: Kysely<any>) {
      // Account aliases (unique across accounts: the primary key; one per account: the unique index) and
      // account-wide settings.
      await db.schema
        .createTable('iam_account_aliases')
        .addColumn('account_alias', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_account_aliases_by_account').on('iam_account_aliases').columns(['account_id']).unique().execute();
      await db.schema
        .createTable('iam_account_settings')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('global_endpoint_token_version', 'text', (c) => c.notNull())
        .execute();
      // GenerateOrganizationsAccessReport's jobs, for GetOrganizationsAccessReport.
      await db.schema
        .createTable('iam_organizations_access_reports')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('entity_path', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0012c_iam_delegation_requests': {
    async up(db: Kysely<any>) {
      // Delegation requests; a requestor's workflow ids are unique; the token is looked up by its hash.
      await db.schema
        .createTable('iam_delegation_requests')
        .addColumn('delegation_request_id', 'text', (c) => c.primaryKey())
        .addColumn('requestor_account_id', 'text', (c) => c.notNull())
        .addColumn('owner_account_id', 'text')
        .addColumn('owner_id', 'text')
        .addColumn('approver', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('request_message', 'text')
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('permission_policy', 'text', (c) => c.notNull())
        .addColumn('redirect_url', 'text')
        .addColumn('notification_channel', 'text', (c) => c.notNull())
        .addColumn('session_duration', 'integer', (c) => c.notNull())
        .addColumn('only_send_by_owner', 'integer', (c) => c.notNull())
        .addColumn('requestor_workflow_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('rejection_reason', 'text')
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('updated_time', 'text', (c) => c.notNull())
        .addColumn('expiration_time', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text')
        .addColumn('token_expiration', 'text')
        .addColumn('token_redeemed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('iam_delegation_requests_by_workflow').on('iam_delegation_requests').columns(['requestor_account_id', 'requestor_workflow_id']).unique().execute();
      await db.schema.createIndex('iam_delegation_requests_by_owner').on('iam_delegation_requests').columns(['owner_account_id', 'delegation_request_id']).execute();
      await db.schema.createIndex('iam_delegation_requests_by_token').on('iam_delegation_requests').columns(['token_hash']).execute();
      await db.schema
        .createTable('iam_delegation_notifications')
        .addColumn('delegation_request_id', 'text', (c) => c.notNull())
        .addColumn('notification_channel', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_delegation_notifications_by_channel').on('iam_delegation_notifications').columns(['notification_channel', 'create_date']).execute();
    },
  },
  '0015_oidc_federation': {
    async up(db: Kysely<any>) {
      // IAM OpenID Connect providers (their tags are in iam_identity_tags, kind 'oidc-provider'), and each
      // account's outbound web identity federation: its issuer and the keys GetWebIdentityToken signs with.
      await db.schema
        .createTable('iam_oidc_providers')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('url_key', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('client_ids', 'text', (c) => c.notNull())
        .addColumn('thumbprints', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_oidc_providers_pk', ['account_id', 'url_key'])
        .execute();
      await db.schema
        .createTable('sts_outbound_federation')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_identifier', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('signing_keys', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // AssumeRoleWithWebIdentity's sessions keep the token's condition keys for their later requests.
      await db.schema.alterTable('sts_sessions').addColumn('web_identity', 'text').execute();
    },
  },
  '0016_iam_saml_providers': {
    async up(db: Kysely<any>) {
      // IAM SAML providers: the metadata as given with what AssumeRoleWithSAML reads of it (entityID,
      // signing certificates, validUntil), the encryption mode and private keys; tags in iam_identity_tags.
      await db.schema
        .createTable('iam_saml_providers')
        .addColumn('arn', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('metadata_document', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('certificates', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('uuid', 'text', (c) => c.notNull())
        .addColumn('assertion_encryption_mode', 'text')
        .addColumn('private_keys', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_saml_providers_by_account').on('iam_saml_providers').columns(['account_id']).execute();
    },
  },
  '0014_iam_service_credentials': {
    async up(db: Kysely<any>) {
      // IAM users' service-specific credentials, SSH public keys and signing certificates (keyed by the
      // user's lower-cased name, as access keys are), and the account's server certificates (their tags
      // in iam_identity_tags as 'server-certificate'; the private key is checked, never kept).
      await db.schema
        .createTable('iam_service_specific_credentials')
        .addColumn('credential_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('service_name', 'text', (c) => c.notNull())
        .addColumn('service_user_name', 'text')
        .addColumn('service_credential_alias', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('create_date', 'text', (c) => c.notNull())
        .addColumn('expiration_date', 'text')
        .execute();
      await db.schema.createIndex('iam_service_specific_credentials_by_user').on('iam_service_specific_credentials').columns(['account_id', 'user_key']).execute();
      await db.schema
        .createTable('iam_ssh_public_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('upload_date', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_ssh_public_keys_by_user').on('iam_ssh_public_keys').columns(['account_id', 'user_key']).execute();
      await db.schema
        .createTable('iam_server_certificates')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('certificate_name', 'text', (c) => c.notNull())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('chain', 'text')
        .addColumn('expiration', 'text', (c) => c.notNull())
        .addColumn('upload_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('iam_server_certificates_pk', ['account_id', 'name_key'])
        .execute();
      await db.schema
        .createTable('iam_signing_certificates')
        .addColumn('certificate_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('upload_date', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('iam_signing_certificates_by_user').on('iam_signing_certificates').columns(['account_id', 'user_key']).execute();
      // GetAccessKeyLastUsed: the latest event signed with a key.
      await db.schema.createIndex('audit_events_by_access_key').on('audit_events').columns(['access_key_id', 'event_time']).execute();
    },
  },
  '0040_iam_last_accessed': {
    async up(db: Kysely<any>) {
      // GenerateServiceLastAccessedDetails' jobs: the report is computed when the job is created and kept
      // as JSON (the services the entity's policies allow with their last access, and per service the
      // entities that used it), for the caller that generated it.
      await db.schema
        .createTable('iam_last_accessed_jobs')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('owner_arn', 'text', (c) => c.notNull())
        .addColumn('entity_arn', 'text', (c) => c.notNull())
        .addColumn('entity_kind', 'text', (c) => c.notNull())
        .addColumn('granularity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('report', 'text')
        .addColumn('error', 'text')
        .execute();
      // Last accessed data and policy generation read a principal's events in a period.
      await db.schema.createIndex('audit_events_by_principal_time').on('audit_events').columns(['account_id', 'principal_arn', 'event_time']).execute();
    },
  },
  '0080_audit_lookup_indexes': {
    async up(db: Kysely<any>) {
      // LookupEvents' attributes as index range scans in time order at any size of the trail: one index per
      // attribute, (account, attribute, event_time, event_id), walked backwards from the page's position.
      // They are partial, over management events only (LookupEvents never returns data events: a Lex
      // runtime call does not pay for them, and a lookup never passes over them). ReadOnly, ResourceType and
      // the event's category are derived from the event name, source and resource ARN, so they are stored as
      // columns (computed when an event is recorded, audit/trail.ts) to be indexed. Existing events get them
      // here, by the rules of this release (audit/cloudtrail-record.ts; a migration is frozen in time).
      await db.schema.alterTable('audit_events').addColumn('read_only', 'integer').execute();
      await db.schema.alterTable('audit_events').addColumn('resource_type', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('management', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      const reads = ['Get', 'List', 'Describe', 'Lookup', 'Simulate'].map((p) => `substr(event_name, 1, ${p.length}) = '${p}'`).join(' OR ');
      await sql`UPDATE audit_events SET read_only = CASE WHEN event_name = 'AssumeRole' THEN 1 WHEN event_name = 'GetFederationToken' THEN 0 WHEN ${sql.raw(reads)} THEN 1 ELSE 0 END`.execute(db);
      await sql`UPDATE audit_events SET management = 0 WHERE (event_source = 's3.amazonaws.com' AND event_name IN ('GetObject', 'PutObject'))
        OR (event_source = 'lex.amazonaws.com' AND event_name IN ('RecognizeText', 'RecognizeUtterance', 'StartConversation', 'PutSession', 'GetSession', 'DeleteSession'))`.execute(db);
      const types: [string, string, string][] = [
        ['iam', 'role', 'AWS::IAM::Role'],
        ['iam', 'user', 'AWS::IAM::User'],
        ['iam', 'group', 'AWS::IAM::Group'],
        ['iam', 'policy', 'AWS::IAM::Policy'],
        ['app-integrations', 'data-integration', 'AWS::AppIntegrations::DataIntegration'],
        ['app-integrations', 'event-integration', 'AWS::AppIntegrations::EventIntegration'],
        ['lex', 'bot', 'AWS::Lex::Bot'],
        ['lex', 'bot-alias', 'AWS::Lex::BotAlias'],
        ['appflow', 'flow', 'AWS::AppFlow::Flow'],
        ['appflow', 'connector-profile', 'AWS::AppFlow::ConnectorProfile'],
      ];
      for (const [service, resource, type] of types) {
        await sql`UPDATE audit_events SET resource_type = ${type} WHERE resource LIKE ${`arn:%:${service}:%:%:${resource}/%`}`.execute(db);
      }
      // The time index gains event_id (the page position's tie-break), GetAccessKeyLastUsed's too; the
      // principal index is a prefix of audit_events_by_principal_time and goes (one index less to write).
      await db.schema.dropIndex('audit_events_by_time').execute();
      await db.schema.dropIndex('audit_events_by_principal').execute();
      await db.schema.dropIndex('audit_events_by_access_key').execute();
      await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['account_id', 'event_time', 'event_id']).execute();
      await db.schema.createIndex('audit_events_by_access_key').on('audit_events').columns(['access_key_id', 'event_time', 'event_id']).execute();
      // A query uses these only when it says `management = 1` in these very words (a literal, not a parameter).
      // A lookup without an attribute walks audit_events_by_time (a partial time index beside it would be
      // chosen by SQLite's planner for an attribute's lookup within a time window, over the attribute's index).
      for (const column of ['event_name', 'user_name', 'resource', 'event_source', 'access_key_id', 'read_only', 'resource_type']) {
        await db.schema
          .createIndex(`audit_events_lookup_by_${column}`)
          .on('audit_events')
          .columns(['account_id', column, 'event_time', 'event_id'])
          .where(sql.ref('management'), '=', 1)
          .execute();
      }
    },
  },
  '0081_iam_roles_by_path': {
    async up(db: Kysely<any>) {
      // ListRoles' PathPrefix: the roles of each path in name order (iam/roles.ts listInPaths).
      await db.schema.createIndex('iam_roles_by_path').on('iam_roles').columns(['account_id', 'path', 'name_key']).execute();
    },
  },
  '0085_iam_role_versions': {
    async up(db: Kysely<any>) {
      // Each account's count of role changes (schema.ts IamRoleVersionRow); no row: none since this table came.
      await db.schema
        .createTable('iam_role_versions')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};

/**
 * Brings the schema up to date: the core's migrations (above) and those each service module brings
 * (src/services/kit/module.ts), applied in name order. A name is a global sequence number and never
 * changes once released. A store opened without some module's migrations (a tool that needs only the
 * core's tables) gets them when a server opens it later: pending migrations run even when a later one
 * has already run.
 *
 * A store that has recorded every migration (every start but the first) is left alone after one
 * SELECT: Kysely's migrator (which introspects the schema and sorts the records) is not run. On SQLite
 * the pending migrations run in one transaction, so a fresh data dir is one commit (one fsync) rather
 * than one per DDL statement; they are the same migrations, run by the same migrator, so the schema is
 * exactly what they produce.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: 'sqlite' | 'postgres' = 'sqlite', modules: Record<string, Migration>[] = []): Promise<void> {
  const all: Record<string, Migration> = { ...migrations };
  for (const own of modules) {
    for (const [name, migration] of Object.entries(own)) {
      if (name in all) throw new Error(`linkedrole: two schema migrations are named ${name}`);
      all[name] = migration;
    }
  }
  if ((await unapplied(db, Object.keys(all))).length === 0) return;
  const provider: MigrationProvider = { getMigrations: async () => all };
  if (dialect === 'postgres') await withMigrationLock(db, () => runMigrations(db, provider));
  else await inOneSqliteTransaction(db, (connection) => runMigrations(connection, provider));
}

/** The core migrations a store has not applied (all of them for a database no server has opened). */
export async function missingCoreMigrations(db: Kysely<any>): Promise<string[]> {
  return unapplied(db, Object.keys(migrations));
}

/** Which of `names` the store has not recorded as applied (all of them when it has no record table yet). */
async function unapplied(db: Kysely<any>, names: string[]): Promise<string[]> {
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db).then(
    (result) => new Set(result.rows.map((row) => row.name)),
    () => new Set<string>(),
  );
  return names.filter((name) => !applied.has(name));
}

/**
 * Runs `work` on SQLite's one connection inside BEGIN IMMEDIATE ... COMMIT (rolled back if it fails).
 * Kysely's migrator runs SQLite migrations outside any transaction (its adapter declares no
 * transactional DDL, which SQLite in fact has) and opens its own connection scope, which a Kysely
 * transaction cannot give it: the connection's scope can, with the transaction begun by hand.
 */
async function inOneSqliteTransaction(db: Kysely<any>, work: (connection: Kysely<any>) => Promise<void>): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      await work(connection);
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => {});
      throw error;
    }
    await sql`COMMIT`.execute(connection);
  });
}

async function runMigrations(db: Kysely<any>, provider: MigrationProvider): Promise<void> {
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`linkedrole: schema migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

/** The table whose one row serializes migrations between servers sharing a PostgreSQL database. */
export const MIGRATION_LOCK_TABLE = 'linkedrole_migration_lock';

/**
 * Runs `work` while holding the migration lock: a row of linkedrole_migration_lock locked with
 * SELECT ... FOR UPDATE in a transaction of its own (on its own connection), so a second server
 * waits there until the first has committed its migrations, then finds nothing left to do. A server
 * that dies while holding it loses its connection, and with it the lock. Plain SQL only: no
 * advisory locks, which CockroachDB does not have.
 */
async function withMigrationLock(db: Kysely<any>, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`CREATE TABLE IF NOT EXISTS ${sql.table(MIGRATION_LOCK_TABLE)} (id text PRIMARY KEY)`.execute(db);
      await sql`INSERT INTO ${sql.table(MIGRATION_LOCK_TABLE)} (id) VALUES ('schema') ON CONFLICT (id) DO NOTHING`.execute(db);
      break;
    } catch (error) {
      // Two servers creating the table at once: PostgreSQL may answer a unique violation on its
      // catalog (23505), "relation already exists" (42P07) or "type already exists" (42710, the
      // table's row type, seen in CI) to the loser, CockroachDB a retryable 40001.
      const code = (error as { code?: string }).code;
      if (attempt >= 10 || !['23505', '42P07', '42710', '40001'].includes(code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
  await db.transaction().execute(async (tx) => {
    await sql`SELECT id FROM ${sql.table(MIGRATION_LOCK_TABLE)} WHERE id = 'schema' FOR UPDATE`.execute(tx);
    await work();
  });
}
