// CloudTrail's LookupEvents over the JSON protocol, answered from the audit trail, so that
// `aws cloudtrail lookup-events` shows every decision linkedrole made.
import type { AuditQuery, AuditTrail } from '../../audit/trail.js';
import { AwsError } from '../../aws/errors.js';
import { loadModel } from '../../aws/model.js';
import { decodePageToken, encodePageToken } from '../../aws/paging.js';
import type { ServiceApi } from '../../aws/service.js';
import { resourceTypePattern, toCloudTrailEvent } from './events.js';

interface LookupAttribute {
  AttributeKey: string;
  AttributeValue: string;
}

export function cloudTrailApi(audit: AuditTrail): ServiceApi {
  return {
    signingName: 'cloudtrail',
    protocol: 'json',
    models: [loadModel('cloudtrail')],
    operations: {
      LookupEvents: {
        authorize: () => [{ action: 'cloudtrail:LookupEvents', resource: '*' }],
        handle: async (input: { LookupAttributes?: LookupAttribute[]; StartTime?: Date; EndTime?: Date; MaxResults?: number; NextToken?: string }, ctx) => {
          const maxResults = input.MaxResults ?? 50;
          if (maxResults < 1 || maxResults > 50) throw new AwsError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.', 400);
          if (input.StartTime && input.EndTime && input.StartTime > input.EndTime) {
            throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.', 400);
          }
          const query: AuditQuery = { accountId: ctx.caller.accountId, startTime: input.StartTime, endTime: input.EndTime, limit: maxResults + 1 };
          applyLookupAttributes(query, input.LookupAttributes ?? []);
          const position = decodePageToken<{ time: string; id: string }>(input.NextToken, 'InvalidNextTokenException');
          if (position) query.before = position;
          const rows = await audit.query(query);
          const page = rows.slice(0, maxResults);
          const last = page[page.length - 1];
          return {
            Events: page.map(toCloudTrailEvent),
            NextToken: rows.length > maxResults && last ? encodePageToken({ time: last.event_time, id: last.event_id }) : undefined,
          };
        },
      },
    },
  };
}

function applyLookupAttributes(query: AuditQuery, attributes: LookupAttribute[]): void {
  if (attributes.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.', 400);
  }
  const attribute = attributes[0];
  if (!attribute) return;
  const value = attribute.AttributeValue;
  switch (attribute.AttributeKey) {
    case 'EventId':
      query.eventId = value;
      break;
    case 'EventName':
      query.eventName = value;
      break;
    case 'EventSource':
      query.eventSource = value;
      break;
    case 'Username':
      query.userName = value;
      break;
    case 'AccessKeyId':
      query.accessKeyId = value;
      break;
    case 'ResourceName':
      query.resource = value;
      break;
    case 'ReadOnly':
      if (value !== 'true' && value !== 'false') throw new AwsError('InvalidLookupAttributesException', 'ReadOnly must be true or false.', 400);
      query.readOnly = value === 'true';
      break;
    case 'ResourceType':
      // A type we never record matches nothing.
      query.resourceLike = resourceTypePattern(value) ?? '\u0000';
      break;
  }
}
