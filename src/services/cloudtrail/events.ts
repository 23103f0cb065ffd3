// Audit rows as CloudTrail events: the LookupEvents `Event` shape, with the full record in
// `CloudTrailEvent` (the call's requestParameters / responseElements as stored, see
// audit/cloudtrail-record.ts) and our authorization decision under `additionalEventData`.
import { eventCategory, isCloudTrailReadOnly, resourceType } from '../../audit/cloudtrail-record.js';
import type { Event } from '../../aws/generated/cloudtrail.js';
import type { AuditEventRow } from '../../store/schema.js';

function userIdentity(row: AuditEventRow): Record<string, unknown> {
  // A linked service acting as itself (assuming its role): CloudTrail names the service, no ARN.
  if (row.kind === 'on-behalf' && row.principal_arn === row.service_principal) return { type: 'AWSService', invokedBy: row.service_principal };
  const identity: Record<string, unknown> = { arn: row.principal_arn, accountId: row.account_id };
  if (row.access_key_id) identity.accessKeyId = row.access_key_id;
  if (row.principal_arn.endsWith(':root')) identity.type = 'Root';
  else if (row.principal_arn.includes(':assumed-role/')) {
    identity.type = 'AssumedRole';
    if (row.role_arn) identity.sessionContext = { sessionIssuer: { type: 'Role', arn: row.role_arn, accountId: row.account_id } };
    if (row.service_principal) identity.invokedBy = row.service_principal;
  } else if (row.principal_arn.includes(':federated-user/')) {
    identity.type = 'FederatedUser';
  } else if (row.principal_arn.includes(':saml-provider/')) {
    // AssumeRoleWithSAML: the IdP's subject, through the SAML provider.
    identity.type = 'SAMLUser';
    identity.userName = row.user_name;
    identity.identityProvider = row.principal_arn;
  } else if (row.principal_arn.includes(':oidc-provider/')) {
    // AssumeRoleWithWebIdentity: the token's subject, through the OIDC provider.
    identity.type = 'WebIdentityUser';
    identity.userName = row.user_name;
    identity.identityProvider = row.principal_arn;
  } else if (row.principal_arn.includes(':user/')) {
    identity.type = 'IAMUser';
    identity.userName = row.user_name;
  }
  return identity;
}

/** The stored JSON text of a field, or null for an event written before it was kept. */
function storedJson(text: string | null): string {
  return text ?? 'null';
}

/** An audit row as LookupEvents' `Event`. */
export function toCloudTrailEvent(row: AuditEventRow): Event {
  const type = resourceType(row.resource);
  const readOnly = isCloudTrailReadOnly(row.event_name);
  const category = eventCategory(row.event_source, row.event_name);
  const record = {
    eventVersion: '1.09',
    userIdentity: userIdentity(row),
    eventTime: row.event_time.replace(/\.\d{3}Z$/, 'Z'),
    eventSource: row.event_source,
    eventName: row.event_name,
    awsRegion: row.region,
    sourceIPAddress: row.source_ip ?? row.service_principal ?? undefined,
    userAgent: row.user_agent ?? row.service_principal ?? undefined,
    errorCode: row.error_code ?? undefined,
    errorMessage: row.error_message ?? undefined,
  };
  const rest = {
    requestID: row.request_id ?? undefined,
    eventID: row.event_id,
    readOnly,
    resources: row.resource !== '*' ? [{ ARN: row.resource, accountId: row.account_id, type }] : undefined,
    // A linked service's calls through its role are API calls too (AwsServiceEvent is for what a
    // service does without one).
    eventType: 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: row.account_id,
    eventCategory: category,
  };
  // The stored texts go in as they are (no parse and stringify again per lookup).
  const head = JSON.stringify(record);
  const tail = JSON.stringify(rest);
  const decision = JSON.stringify({ action: row.action, resource: row.resource, decision: row.decision });
  // The decision, then the stored detail's members (deciding statements, explanation) in the same object.
  const authorization = row.detail === '{}' ? decision : `${decision.slice(0, -1)},${row.detail.slice(1)}`;
  const cloudTrailEvent =
    `${head.slice(0, -1)},"requestParameters":${storedJson(row.request_parameters)},"responseElements":${storedJson(row.response_elements)},` +
    `${tail.slice(1, -1)},"additionalEventData":{"authorization":${authorization}}}`;
  return {
    EventId: row.event_id,
    EventName: row.event_name,
    ReadOnly: String(readOnly),
    AccessKeyId: row.access_key_id ?? undefined,
    EventTime: new Date(row.event_time),
    EventSource: row.event_source,
    Username: row.user_name ?? undefined,
    Resources: row.resource !== '*' ? [{ ResourceType: type, ResourceName: row.resource }] : [],
    CloudTrailEvent: cloudTrailEvent,
  };
}
