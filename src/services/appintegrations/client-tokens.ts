// ClientToken idempotency for AppIntegrations' create operations: the first answer is kept by token,
// operation and a hash of the request, in the same transaction as what the operation creates.
import { createHash } from 'node:crypto';
import type { Db, Store, Tx } from '../../store/database.js';
import { invalidRequest } from './domain.js';
import type { Scope } from '../kit/scope.js';

export class ClientTokens {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /**
   * ClientToken idempotency: the same token with the same request answers what the first call
   * answered (without creating anything again); the same token with a different request is refused.
   * `prepare` runs outside the transaction (it may create the service-linked role); `run` inside it.
   */
  async idempotent<T>(
    scope: Scope,
    operation: string,
    request: object & { ClientToken?: string },
    prepare: () => Promise<{ run: (tx: Tx) => Promise<T>; after?: () => Promise<void> }>,
  ): Promise<T> {
    const token = request.ClientToken;
    const hash = requestHash(request);
    const previous = async (db: Db | Tx): Promise<T | undefined> => {
      if (!token) return undefined;
      const row = await db
        .selectFrom('appintegrations_client_tokens')
        .select(['request_hash', 'response'])
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('operation', '=', operation)
        .where('client_token', '=', token)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.request_hash !== hash) {
        throw invalidRequest(`The ClientToken ${token} was already used with different request parameters.`);
      }
      return JSON.parse(row.response) as T;
    };
    const earlier = await previous(this.store.db);
    if (earlier !== undefined) return earlier;
    const { run, after } = await prepare();
    const { result, replayed } = await this.store.transaction(async (tx) => {
      const raced = await previous(tx);
      if (raced !== undefined) return { result: raced, replayed: true };
      const created = await run(tx);
      if (token) {
        await tx
          .insertInto('appintegrations_client_tokens')
          .values({
            account_id: scope.accountId,
            region: scope.region,
            operation,
            client_token: token,
            request_hash: hash,
            response: JSON.stringify(created),
            created_at: this.clock().toISOString(),
          })
          .execute();
      }
      return { result: created, replayed: false };
    });
    if (!replayed && after) await after();
    return result;
  }
}

function requestHash(request: object): string {
  const { ClientToken: _token, ...rest } = request as Record<string, unknown>;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
