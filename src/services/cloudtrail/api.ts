// CloudTrail's LookupEvents over the JSON protocol, answered from the audit trail, so that
// `aws cloudtrail lookup-events` shows every decision linkedrole made (management events; docs/cloudtrail.md).
import type { AuditQuery, AuditTrail } from '../../audit/trail.js';
import { errors, type LookupAttribute, type Operations } from '../../aws/generated/cloudtrail.js';
import { loadModel } from '../../aws/model.js';
import { decodePageToken, encodePageToken } from '../../aws/paging.js';
import type { ServiceApi } from '../../aws/service.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { toCloudTrailEvent } from './events.js';

export function cloudTrailApi(audit: AuditTrail): ServiceApi<Operations> {
  return {
    signingName: 'cloudtrail',
    protocol: 'json',
    models: [loadModel('cloudtrail')],
    operations: {
      LookupEvents: {
        authorize: async () => [await authorizationTarget('cloudtrail:LookupEvents', '*')],
        handle: async (input, ctx) => {
          const maxResults = input.MaxResults ?? 50;
          if (maxResults < 1 || maxResults > 50) throw errors.InvalidMaxResultsException('Value for MaxResults must be between 1 and 50.');
          const startTime = timeBound(input.StartTime);
          const endTime = timeBound(input.EndTime);
          if (startTime && endTime && startTime > endTime) {
            throw errors.InvalidTimeRangeException('Start time must be earlier than end time.');
          }
          const query: AuditQuery = { accountId: ctx.caller.accountId, startTime, endTime, managementOnly: true, limit: maxResults + 1 };
          const position = pagePosition(input.NextToken);
          if (position) query.before = position;
          // Insights events (the only category the model names) are not modelled: there are none.
          if (input.EventCategory === 'insight') return { Events: [] };
          if (!applyLookupAttributes(query, input.LookupAttributes ?? [])) return { Events: [] };
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

// The stored times' range (ISO 8601 text compares as time only between years 0 and 9999): a bound
// outside it is moved to its edge, which selects the same events.
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A StartTime or EndTime as a bound in the trail's range. A time no date can hold (beyond about the
 * year 275760 either way, which JavaScript's dates end at) is refused as CloudTrail's model documents
 * InvalidTimeRangeException: "the time range is outside the range of possible values".
 */
function timeBound(time: Date | undefined): Date | undefined {
  if (time === undefined) return undefined;
  const ms = time.getTime();
  if (Number.isNaN(ms)) throw errors.InvalidTimeRangeException('The time range is outside the range of possible values.');
  return new Date(Math.min(Math.max(ms, EARLIEST), LATEST));
}

/** The (time, id) position a NextToken holds; anything else in a token is refused as a bad token. */
function pagePosition(token: string | undefined): { time: string; id: string } | undefined {
  const position = decodePageToken<{ time: string; id: string }>(token, errors.InvalidNextTokenException);
  if (position === undefined) return undefined;
  if (typeof position.time !== 'string' || typeof position.id !== 'string' || position.time.includes('\u0000') || position.id.includes('\u0000')) {
    throw errors.InvalidNextTokenException('The nextToken is not valid.');
  }
  return position;
}

/** Narrows the query by the one lookup attribute; false when the attribute can match no event. */
function applyLookupAttributes(query: AuditQuery, attributes: LookupAttribute[]): boolean {
  if (attributes.length > 1) {
    throw errors.InvalidLookupAttributesException('You cannot specify more than one lookup attribute.');
  }
  const attribute = attributes[0];
  if (!attribute) return true;
  // The trail stores NUL as U+FFFD (PostgreSQL text cannot hold it); a value is compared the same way.
  const value = attribute.AttributeValue.replaceAll('\u0000', '\uFFFD');
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
      if (value !== 'true' && value !== 'false') throw errors.InvalidLookupAttributesException('ReadOnly must be true or false.');
      query.readOnly = value === 'true';
      break;
    case 'ResourceType':
      query.resourceType = value;
      break;
  }
  return true;
}
