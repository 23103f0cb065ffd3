// The tables, as Kysely types. Booleans are stored as 0/1 and times as ISO 8601 text so that one set
// of queries serves SQLite and PostgreSQL alike.

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
}

/** Temporary credentials handed out by STS AssumeRole. */
export interface StsSessionRow {
  access_key_id: string;
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
}

export interface Schema {
  iam_roles: RoleRow;
  iam_role_tags: RoleTagRow;
  iam_role_inline_policies: RoleInlinePolicyRow;
  iam_role_attached_policies: RoleAttachedPolicyRow;
  iam_slr_deletion_tasks: DeletionTaskRow;
  audit_events: AuditEventRow;
  sts_sessions: StsSessionRow;
}
