// What data and event integrations share in the store: one table each, a per-region quota, lists paged
// by name, and what of them still needs the service-linked role.
import { errors } from '../../aws/generated/appintegrations.js';
import type { Db, Tx } from '../../store/database.js';
import type { DataIntegrationRow, EventIntegrationRow, IntegrationAssociationRow } from '../../store/schema.js';
import { usageByRegion, type RoleUsageEntry } from '../iam/linked-services.js';
import { DEFAULT_PAGE_SIZE, duplicate, invalidRequest, QUOTAS, type Page } from './domain.js';
import { decodePageToken } from '../../aws/paging.js';
import { nextPageToken } from '../kit/paging.js';
import type { Scope } from '../kit/scope.js';

export type IntegrationKind = 'data' | 'event';
export const INTEGRATION_TABLES = { data: 'appintegrations_data_integrations', event: 'appintegrations_event_integrations' } as const;
export interface IntegrationRows {
  data: DataIntegrationRow;
  event: EventIntegrationRow;
}

/** Refuses a name another integration of `kind` has in the region (names are unique per kind and region). */
export async function checkNameFree(scope: Scope, kind: IntegrationKind, name: string, db: Db | Tx): Promise<void> {
  const taken = await db
    .selectFrom(INTEGRATION_TABLES[kind] as (typeof INTEGRATION_TABLES)[IntegrationKind])
    .select('name')
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken) throw duplicate(`${kind} integration`, name);
}

/**
 * Inside the creating transaction, after the checks made before it: the name is still free (a concurrent
 * create may have taken it) and the region's quota allows one more.
 */
export async function checkCanInsert(scope: Scope, kind: IntegrationKind, name: string, tx: Tx): Promise<void> {
  await checkNameFree(scope, kind, name, tx);
  await checkIntegrationQuota(scope, kind, tx);
}

/** Refuses one integration more of `kind` than the region's quota allows. */
async function checkIntegrationQuota(scope: Scope, kind: IntegrationKind, tx: Tx): Promise<void> {
  const { count } = await tx
    .selectFrom(INTEGRATION_TABLES[kind])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .executeTakeFirstOrThrow();
  const quota = kind === 'data' ? QUOTAS.dataIntegrationsPerRegion : QUOTAS.eventIntegrationsPerRegion;
  if (Number(count) >= quota) {
    throw errors.ResourceQuotaExceededException(`You have reached the quota of ${quota} ${kind} integrations in ${scope.region}.`);
  }
}

/** One page of the region's integrations of `kind`, by name (the NextToken carries the last name). */
export async function integrationPage<K extends IntegrationKind>(scope: Scope, kind: K, page: Page, db: Db): Promise<{ items: IntegrationRows[K][]; NextToken?: string }> {
  const after = decodePageToken<{ name: string }>(page.NextToken, invalidRequest)?.name;
  const limit = page.MaxResults ?? DEFAULT_PAGE_SIZE;
  let query = db
    .selectFrom(INTEGRATION_TABLES[kind] as (typeof INTEGRATION_TABLES)[IntegrationKind])
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
  if (after !== undefined) query = query.where('name', '>', after);
  const rows = (await query.orderBy('name').limit(limit + 1).execute()) as IntegrationRows[K][];
  const { items, nextToken } = nextPageToken(rows, limit, (last) => ({ name: last.name }));
  return { items, NextToken: nextToken };
}

/** Every data and event integration of the account, by region: what still needs AWSServiceRoleForAppIntegrations. */
export async function integrationsByRegion(db: Db, accountId: string): Promise<RoleUsageEntry[]> {
  const data = await db
    .selectFrom('appintegrations_data_integrations')
    .select(['region', 'arn'])
    .where('account_id', '=', accountId)
    .execute();
  const events = await db
    .selectFrom('appintegrations_event_integrations')
    .select(['region', 'arn'])
    .where('account_id', '=', accountId)
    .execute();
  return usageByRegion([...data, ...events]);
}

/** The associations of one integration (its id, or its name for an event integration), oldest first. */
export function associationRows(scope: Scope, kind: IntegrationKind, key: string, db: Db | Tx): Promise<IntegrationAssociationRow[]> {
  return db
    .selectFrom('appintegrations_associations')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('kind', '=', kind)
    .where('integration_key', '=', key)
    .orderBy('created_at')
    .orderBy('association_id')
    .execute();
}
