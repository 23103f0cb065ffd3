// Audit rows as CloudTrail events: the LookupEvents `Event` shape, with the full record in
// `CloudTrailEvent` and our authorization decision under `additionalEventData`.
import { isReadOnly } from '../../audit/trail.js';
import type { AuditEventRow } from '../../store/schema.js';

/** CloudTrail's resource types for the ARNs linkedrole writes, by `service:resource-type`. */
const RESOURCE_TYPES: Record<string, string> = {
  'iam:role': 'AWS::IAM::Role',
  'iam:user': 'AWS::IAM::User',
  'iam:group': 'AWS::IAM::Group',
  'iam:policy': 'AWS::IAM::Policy',
  'app-integrations:data-integration': 'AWS::AppIntegrations::DataIntegration',
  'app-integrations:event-integration': 'AWS::AppIntegrations::EventIntegration',
  'lex:bot': 'AWS::Lex::Bot',
  'lex:bot-alias': 'AWS::Lex::BotAlias',
  'appflow:flow': 'AWS::AppFlow::Flow',
  'appflow:connector-profile': 'AWS::AppFlow::ConnectorProfile',
};

export function resourceType(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const type = parts.slice(5).join(':').split(/[/:]/)[0];
  return RESOURCE_TYPES[`${parts[2]}:${type}`];
}

/** A LIKE pattern for the ARNs of a CloudTrail resource type, or undefined when we never record it. */
export function resourceTypePattern(type: string): string | undefined {
  const entry = Object.entries(RESOURCE_TYPES).find(([, name]) => name === type);
  if (!entry) return undefined;
  const [service, resource] = entry[0].split(':');
  return `arn:aws:${service}:%:%:${resource}/%`;
}

function userIdentity(row: AuditEventRow): Record<string, unknown> {
  const identity: Record<string, unknown> = { arn: row.principal_arn, accountId: row.account_id };
  if (row.access_key_id) identity.accessKeyId = row.access_key_id;
  if (row.principal_arn.endsWith(':root')) identity.type = 'Root';
  else if (row.principal_arn.includes(':assumed-role/')) {
    identity.type = 'AssumedRole';
    if (row.role_arn) identity.sessionContext = { sessionIssuer: { type: 'Role', arn: row.role_arn, accountId: row.account_id } };
    if (row.service_principal) identity.invokedBy = row.service_principal;
  } else if (row.principal_arn.includes(':user/')) {
    identity.type = 'IAMUser';
    identity.userName = row.user_name;
  } else if (row.service_principal) identity.type = 'AWSService';
  return identity;
}

export function toCloudTrailEvent(row: AuditEventRow): Record<string, unknown> {
  const type = resourceType(row.resource);
  const record = {
    eventVersion: '1.08',
    userIdentity: userIdentity(row),
    eventTime: row.event_time.replace(/\.\d{3}Z$/, 'Z'),
    eventSource: row.event_source,
    eventName: row.event_name,
    awsRegion: row.region,
    sourceIPAddress: row.source_ip ?? row.service_principal ?? undefined,
    userAgent: row.user_agent ?? row.service_principal ?? undefined,
    errorCode: row.error_code ?? undefined,
    requestID: row.request_id ?? undefined,
    eventID: row.event_id,
    readOnly: isReadOnly(row.event_name),
    resources: row.resource !== '*' ? [{ ARN: row.resource, accountId: row.account_id, type }] : undefined,
    eventType: row.kind === 'on-behalf' ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: row.account_id,
    additionalEventData: { authorization: { action: row.action, resource: row.resource, decision: row.decision, ...JSON.parse(row.detail) } },
  };
  return {
    EventId: row.event_id,
    EventName: row.event_name,
    ReadOnly: String(isReadOnly(row.event_name)),
    AccessKeyId: row.access_key_id ?? undefined,
    EventTime: new Date(row.event_time),
    EventSource: row.event_source,
    Username: row.user_name ?? undefined,
    Resources: row.resource !== '*' ? [{ ResourceType: type, ResourceName: row.resource }] : [],
    CloudTrailEvent: JSON.stringify(record),
  };
}
