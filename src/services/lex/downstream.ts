// The small registries of what Lex touches through its roles: S3 buckets (and the audio log objects
// written to them), CloudWatch Logs log groups (and their events), KMS keys (data keys generated) and
// Kendra indexes (queries). A resource is registered when a bot is configured to use it.
import { randomUUID } from 'node:crypto';
import type { LexDownstreamEventRow, LexDownstreamResourceRow } from '../../store/schema.js';
import { insertOrReread } from '../kit/race.js';
import type { LexContext } from './context.js';

export type DownstreamKind = 's3-bucket' | 'log-group' | 'kms-key' | 'kendra-index';

export class DownstreamResources {
  constructor(private readonly ctx: LexContext) {}

  async register(accountId: string, arn: string, kind: DownstreamKind): Promise<void> {
    const db = this.ctx.store.db;
    await insertOrReread(
      () => db.selectFrom('lex_downstream_resources').select('arn').where('arn', '=', arn).executeTakeFirst(),
      () => db.insertInto('lex_downstream_resources').values({ arn, account_id: accountId, kind, created_at: this.ctx.clock().toISOString() }).execute().then(() => ({ arn })),
    );
  }

  async record(accountId: string, resourceArn: string, kind: string, location: string, content: string): Promise<void> {
    await this.ctx.store.db
      .insertInto('lex_downstream_events')
      .values({ event_id: randomUUID(), resource_arn: resourceArn, account_id: accountId, kind, location, content, event_time: this.ctx.clock().toISOString() })
      .execute();
  }

  async list(accountId: string, kind?: DownstreamKind): Promise<LexDownstreamResourceRow[]> {
    let query = this.ctx.store.db.selectFrom('lex_downstream_resources').selectAll().where('account_id', '=', accountId);
    if (kind) query = query.where('kind', '=', kind);
    return query.orderBy('arn').execute();
  }

  async events(resourceArn: string): Promise<LexDownstreamEventRow[]> {
    return this.ctx.store.db
      .selectFrom('lex_downstream_events')
      .selectAll()
      .where('resource_arn', '=', resourceArn)
      .orderBy('event_time')
      .orderBy('event_id')
      .execute();
  }

  async hasLocation(resourceArn: string, kind: string, location: string): Promise<boolean> {
    const row = await this.ctx.store.db
      .selectFrom('lex_downstream_events')
      .select('event_id')
      .where('resource_arn', '=', resourceArn)
      .where('kind', '=', kind)
      .where('location', '=', location)
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** A log group ARN without the `:*` some forms carry. */
export function logGroupBaseArn(arn: string): string {
  return arn.endsWith(':*') ? arn.slice(0, -2) : arn;
}
