// The audit trail: every authorization decision, for callers' requests and for linked services acting
// through their roles. Events are buffered briefly (50 ms) and written in batches so that auditing a
// read does not cost a synchronous disk write per request; close() and flush() write what is pending.
// Durability: the dispatcher flushes before it answers any call that is not a read, so the events of
// an acknowledged write (and of the service's calls on its behalf) are stored when the client hears
// back; only the events of reads answered in the last 50 ms can be lost if the process is killed
// (SIGKILL, power loss). A clean stop (SIGTERM) writes everything.
// Each event also carries what CloudTrail writes of its call (cloudtrail-record.ts): the dispatcher opens
// a request before authorizing it, its decisions wait with it, and once it is answered they are given
// the call's requestParameters, responseElements and error and queued for writing.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Caller } from '../aws/service.js';
import type { Store } from '../store/database.js';
import type { AuditEventRow } from '../store/schema.js';
import { callFields, eventCategory, isCloudTrailReadOnly, resourceType, type AnsweredCall } from './cloudtrail-record.js';

export { isReadOnly, READ_PREFIXES, type AnsweredCall } from './cloudtrail-record.js';

export interface AuditEvent {
  time: Date;
  accountId: string;
  kind: 'api' | 'on-behalf';
  /** e.g. iam.amazonaws.com, appflow.amazonaws.com */
  eventSource: string;
  /** The operation, e.g. CreateServiceLinkedRole, StartFlow */
  eventName: string;
  region: string;
  sourceIp?: string;
  userAgent?: string;
  principalArn: string;
  /** The user's name, the role session's name, or `root` (CloudTrail's Username). */
  userName?: string;
  accessKeyId?: string;
  roleArn?: string;
  sessionName?: string;
  servicePrincipal?: string;
  action: string;
  resource: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  errorCode?: string;
  /** The deciding statements, the explanation and anything else worth keeping. */
  detail: Record<string, unknown>;
  requestId?: string;
  /**
   * CloudTrail's requestParameters / responseElements, already in CloudTrail's form, for an event not
   * recorded within a caller's request (the on-behalf path); a request's own come from its call.
   */
  requestParameters?: unknown;
  responseElements?: unknown;
}

export interface AuditQuery {
  accountId: string;
  eventId?: string;
  eventSource?: string;
  userName?: string;
  accessKeyId?: string;
  resource?: string;
  /** CloudTrail's resource type of the event's resource (AWS::IAM::Role, ...). */
  resourceType?: string;
  /** Only reads (CloudTrail's readOnly) when true, only writes when false. */
  readOnly?: boolean;
  /** Leave out data events (CloudTrail's LookupEvents returns management events only). */
  managementOnly?: boolean;
  principalArn?: string;
  roleArn?: string;
  /** Events of a role, by name: acted through it on-behalf, or called by one of its sessions. */
  roleName?: string;
  action?: string;
  eventName?: string;
  decision?: string;
  kind?: string;
  startTime?: Date;
  endTime?: Date;
  limit?: number;
  /** Events strictly older than this (event_time, event_id) position, for paging newest first. */
  before?: { time: string; id: string };
}

/** Whose use of which actions: the principals' events, grouped (last accessed data, policy generation). */
export interface UsageQuery {
  accountId: string;
  /** Principals by exact ARN (users). */
  principalArns?: readonly string[];
  /** Principals by ARN prefix (a role's sessions: `arn:aws:sts::<account>:assumed-role/<name>/`). */
  principalPrefixes?: readonly string[];
  startTime?: Date;
  endTime?: Date;
  /** Only the decisions that allowed (what the principal's permissions had to allow). */
  allowedOnly?: boolean;
  /** Group by resource too (policy generation); else by principal, action and region only. */
  byResource?: boolean;
}

export interface Usage {
  principalArn: string;
  action: string;
  region: string;
  /** Only when the query grouped by resource. */
  resource?: string;
  /** The latest event's time (ISO 8601). */
  lastTime: string;
  count: number;
}

/** A LIKE pattern matching text that starts with `prefix` (its `%`, `_` and `\` escaped with `\`). */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A row any store accepts: PostgreSQL text cannot hold NUL, and a request can carry one (a %00 in a
 * URI label, say) into the resource it names. The audit trail keeps such text with U+FFFD instead.
 */
function storable(row: AuditEventRow): AuditEventRow {
  const fields = row as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string' && value.includes('\u0000')) fields[key] = value.replaceAll('\u0000', '\uFFFD');
  }
  return row;
}

/**
 * An event id: a UUID version 7 (RFC 9562), the millisecond in its first 48 bits and random bits after.
 * Ids in time order keep the audit trail's primary-key index appending at its end instead of writing
 * to random pages of it: about a fifth less CPU per stored event. Built on randomUUID's pooled entropy
 * (0.5 us an id; the uuid package's v7 draws fresh random bytes for each, 2 us).
 */
export function timeOrderedId(now = Date.now()): string {
  const random = randomUUID();
  // 48 bits hold every millisecond from 1970 to the year 10889.
  const millis = Math.min(Math.max(Math.trunc(now), 0), 0xffffffffffff).toString(16).padStart(12, '0');
  return `${millis.slice(0, 8)}-${millis.slice(8, 12)}-7${random.slice(15)}`;
}

/** Who made a call, as an event records it: the account, the ARN, CloudTrail's Username, the access key. */
export function callerFields(caller: Caller): Pick<AuditEvent, 'accountId' | 'principalArn' | 'userName' | 'accessKeyId'> {
  return {
    accountId: caller.accountId,
    principalArn: caller.arn,
    userName: caller.type === 'root' ? 'root' : (caller.sessionName ?? caller.name),
    accessKeyId: caller.accessKeyId,
  };
}

export class AuditTrail {
  private pending: AuditEventRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** The events of requests being answered, by request id: written once their call is known. */
  private readonly open = new Map<string, AuditEventRow[]>();

  constructor(
    private readonly store: Store,
    private readonly flushDelayMs = 50,
  ) {}

  /** A request is being answered: its events wait for complete(). */
  begin(requestId: string): void {
    this.open.set(requestId, []);
  }

  /** The request was answered: its events get the call's CloudTrail fields and are queued for writing. */
  complete(requestId: string, call: AnsweredCall): void {
    const rows = this.open.get(requestId);
    this.open.delete(requestId);
    if (!rows || rows.length === 0) return;
    // Built once for all of the request's events, and stored as text.
    const fields = callFields(call);
    // A call the authorizer refused failed with AccessDenied, whatever its protocol calls the refusal.
    const errorCode = rows.find((row) => row.decision !== 'allowed')?.error_code ?? fields.errorCode;
    for (const row of rows) {
      row.request_parameters = fields.requestParameters;
      row.response_elements = fields.responseElements;
      if (errorCode) {
        row.error_code ??= errorCode;
        row.error_message = fields.errorMessage ?? null;
      }
      this.enqueue(storable(row));
    }
  }

  record(event: AuditEvent): string {
    const id = timeOrderedId(event.time.getTime());
    const row: AuditEventRow = {
      event_id: id,
      event_time: event.time.toISOString(),
      account_id: event.accountId,
      kind: event.kind,
      event_source: event.eventSource,
      event_name: event.eventName,
      region: event.region,
      source_ip: event.sourceIp ?? null,
      user_agent: event.userAgent ?? null,
      principal_arn: event.principalArn,
      user_name: event.userName ?? null,
      access_key_id: event.accessKeyId ?? null,
      role_arn: event.roleArn ?? null,
      session_name: event.sessionName ?? null,
      service_principal: event.servicePrincipal ?? null,
      action: event.action,
      resource: event.resource,
      decision: event.decision,
      error_code: event.errorCode ?? null,
      detail: JSON.stringify(event.detail),
      // A linked service's own calls are requests too, each with its id.
      request_id: event.requestId ?? (event.kind === 'on-behalf' ? randomUUID() : null),
      request_parameters: event.requestParameters === undefined ? 'null' : JSON.stringify(event.requestParameters),
      response_elements: event.responseElements === undefined ? 'null' : JSON.stringify(event.responseElements),
      error_message: null,
      read_only: isCloudTrailReadOnly(event.eventName) ? 1 : 0,
      resource_type: resourceType(event.resource) ?? null,
      management: eventCategory(event.eventSource, event.eventName) === 'Management' ? 1 : 0,
    };
    const held = event.requestId === undefined ? undefined : this.open.get(event.requestId);
    if (held) held.push(row);
    else this.enqueue(storable(row));
    return id;
  }

  private enqueue(row: AuditEventRow): void {
    this.pending.push(row);
    if (this.pending.length >= 500) this.flushInBackground();
    else this.timer ??= setTimeout(() => this.flushInBackground(), this.flushDelayMs);
  }

  /**
   * Writes every pending event; resolves once they are stored, rejects when they could not be (the
   * store is full or gone). One failed batch never stops later ones from being written.
   */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    // Store.append commits off the request path (SQLite: a worker thread), so a flush never blocks.
    const written = this.flushing.then(() => this.store.append('audit_events', batch));
    this.flushing = written.catch(() => {});
    return written;
  }

  private flushInBackground(): void {
    const count = this.pending.length;
    this.flush().catch((error) => console.error(`linkedrole: writing ${count} audit events failed:`, error));
  }

  /**
   * The principals' events grouped by principal, action and region (and resource): how often and when
   * last. One grouped scan of the principals' rows (audit_events_by_principal_time), not of their events.
   */
  async usage(q: UsageQuery): Promise<Usage[]> {
    const exact = q.principalArns ?? [];
    const prefixes = q.principalPrefixes ?? [];
    if (exact.length === 0 && prefixes.length === 0) return [];
    await this.flush();
    const columns = q.byResource ? (['principal_arn', 'action', 'region', 'resource'] as const) : (['principal_arn', 'action', 'region'] as const);
    let query = this.store.db
      .selectFrom('audit_events')
      .select(columns)
      .select((eb) => [eb.fn.max('event_time').as('last_time'), eb.fn.countAll().as('count')])
      .where('account_id', '=', q.accountId)
      .where((eb) =>
        eb.or([
          ...exact.map((arn) => eb('principal_arn', '=', arn)),
          ...prefixes.map((prefix) => sql<boolean>`principal_arn like ${prefixPattern(prefix)} escape '\\'`),
        ]),
      );
    if (q.allowedOnly) query = query.where('decision', '=', 'allowed');
    if (q.startTime) query = query.where('event_time', '>=', q.startTime.toISOString());
    if (q.endTime) query = query.where('event_time', '<=', q.endTime.toISOString());
    const rows = await query.groupBy([...columns]).execute();
    return rows.map((row) => {
      const r = row as typeof row & { resource?: string };
      return { principalArn: r.principal_arn, action: r.action, region: r.region, resource: r.resource, lastTime: String(r.last_time), count: Number(r.count) };
    });
  }

  /**
   * Deletes up to `limit` events older than `before` (retention.ts), oldest first, in one statement per
   * account the trail holds (each an index range scan of audit_events_by_time); the number deleted.
   * Events still pending in this server's buffer are newer than any cutoff a retention gives.
   */
  async prune(before: Date, limit: number): Promise<number> {
    const cutoff = before.toISOString();
    let deleted = 0;
    // The accounts, one index seek each (no scan of the trail to list them).
    for (let account = await this.nextAccount(undefined); account !== undefined && deleted < limit; account = await this.nextAccount(account)) {
      const expired = this.store.db
        .selectFrom('audit_events')
        .select('event_id')
        .where('account_id', '=', account)
        .where('event_time', '<', cutoff)
        .orderBy('event_time')
        .limit(limit - deleted);
      // On SQLite on the background writer's connection: a batch's time is not the event loop's.
      deleted += await this.store.changeInBackground(this.store.db.deleteFrom('audit_events').where('event_id', 'in', expired));
    }
    return deleted;
  }

  private async nextAccount(after: string | undefined): Promise<string | undefined> {
    let query = this.store.db.selectFrom('audit_events').select((eb) => eb.fn.min('account_id').as('account'));
    if (after !== undefined) query = query.where('account_id', '>', after);
    const row = await query.executeTakeFirst();
    return (row?.account as string | null | undefined) ?? undefined;
  }

  async query(q: AuditQuery): Promise<AuditEventRow[]> {
    await this.flush();
    let query = this.store.db.selectFrom('audit_events').selectAll().where('account_id', '=', q.accountId);
    if (q.eventId) query = query.where('event_id', '=', q.eventId);
    if (q.eventSource) query = query.where('event_source', '=', q.eventSource);
    if (q.userName) query = query.where('user_name', '=', q.userName);
    if (q.accessKeyId) query = query.where('access_key_id', '=', q.accessKeyId);
    if (q.resource) query = query.where('resource', '=', q.resource);
    if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
    if (q.readOnly !== undefined) query = query.where('read_only', '=', q.readOnly ? 1 : 0);
    // In these words, a literal: the lookup indexes are partial over `management = 1` (0080_audit_lookup_indexes).
    if (q.managementOnly) query = query.where(sql<boolean>`management = 1`);
    if (q.principalArn) query = query.where('principal_arn', '=', q.principalArn);
    if (q.roleArn) query = query.where('role_arn', '=', q.roleArn);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.eventName) query = query.where('event_name', '=', q.eventName);
    if (q.roleName) {
      const name = q.roleName;
      query = query.where((eb) => eb.or([eb('role_arn', 'like', `%:role/%${name}`), eb('principal_arn', 'like', `%:assumed-role/${name}/%`)]));
    }
    if (q.decision === 'denied') query = query.where('decision', '!=', 'allowed');
    else if (q.decision) query = query.where('decision', '=', q.decision);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.startTime) query = query.where('event_time', '>=', q.startTime.toISOString());
    if (q.endTime) query = query.where('event_time', '<=', q.endTime.toISOString());
    if (q.before) {
      const { time, id } = q.before;
      // A row value, which both stores seek to in an index ending (event_time, event_id); the same
      // condition spelled with OR is a filter over every newer row instead.
      query = query.where((eb) => eb(eb.refTuple('event_time', 'event_id'), '<', eb.tuple(time, id)));
    }
    return query.orderBy('event_time', 'desc').orderBy('event_id', 'desc').limit(q.limit ?? 50).execute();
  }
}
