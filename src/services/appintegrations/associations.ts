// Associations between integrations and what consumes them: made through the API or by a consuming
// service (Wisdom, Customer Profiles, Tasks) on its own resource's behalf, and what an integration's
// deletion must wait for.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/errors.js';
import { decodePageToken, encodePageToken } from '../../aws/paging.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { IntegrationAssociationRow } from '../../store/schema.js';
import type { ClientTokens } from './client-tokens.js';
import type { DataIntegrations } from './data-integrations.js';
import {
  DEFAULT_PAGE_SIZE,
  json,
  parse,
  QUOTAS,
  type Consumer,
  type CreateDataIntegrationAssociationInput,
  type CreateEventIntegrationAssociationInput,
  type IntegrationHooks,
  type Page,
  type Scope,
} from './domain.js';
import type { EventIntegrations } from './event-integrations.js';
import type { IntegrationKind } from './integration-queries.js';
import { dataIntegrationAssociationArn, eventIntegrationAssociationArn } from './names.js';

/** The columns of an association that depend on its integration's kind; the rest come from the scope and the consumer. */
type AssociationFields = Omit<IntegrationAssociationRow, 'account_id' | 'region' | 'consumer' | 'consumer_resource_arn' | 'consumer_resource_name' | 'created_at'>;

export class Associations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly hooks: IntegrationHooks,
    private readonly clientTokens: ClientTokens,
    private readonly dataIntegrations: DataIntegrations,
    private readonly eventIntegrations: EventIntegrations,
  ) {}

  async createDataIntegrationAssociation(
    scope: Scope,
    identifier: string,
    input: CreateDataIntegrationAssociationInput,
    consumer: Consumer = { consumer: 'api' },
  ): Promise<{ DataIntegrationAssociationId: string; DataIntegrationArn: string; DataIntegrationAssociationArn: string; DataIntegrationName: string }> {
    const request: CreateDataIntegrationAssociationInput & { identifier: string; consumer: Consumer } = { identifier, ...input, consumer };
    return this.clientTokens.idempotent(scope, `CreateDataIntegrationAssociation:${consumer.consumer}`, request, async () => ({
      run: async (tx) => {
        const integration = await this.dataIntegrations.dataIntegrationRow(scope, identifier, tx);
        const id = randomUUID();
        const row = await this.insert(tx, scope, consumer, {
          association_id: id,
          kind: 'data',
          arn: dataIntegrationAssociationArn(scope.region, scope.accountId, integration.id, id),
          integration_key: integration.id,
          integration_arn: integration.arn,
          client_id: input.ClientId ?? null,
          client_association_metadata: json(input.ClientAssociationMetadata),
          destination_uri: input.DestinationURI ?? null,
          execution_configuration: json(input.ExecutionConfiguration),
          object_configuration: json(input.ObjectConfiguration),
          event_bridge_rule_name: null,
        });
        return { DataIntegrationAssociationId: id, DataIntegrationArn: integration.arn, DataIntegrationAssociationArn: row.arn, DataIntegrationName: integration.name };
      },
    }));
  }

  async listDataIntegrationAssociations(scope: Scope, identifier: string, page: Page) {
    const integration = await this.dataIntegrations.dataIntegrationRow(scope, identifier);
    const { rows, NextToken } = await this.associationPage(scope, 'data', integration.id, page);
    const lastExecution = await this.hooks.lastExecution(scope, integration.id);
    return {
      DataIntegrationAssociations: rows.map((r) => ({
        DataIntegrationAssociationArn: r.arn,
        DataIntegrationArn: r.integration_arn,
        ClientId: r.client_id ?? undefined,
        DestinationURI: r.destination_uri ?? undefined,
        ExecutionConfiguration: parse(r.execution_configuration),
        LastExecutionStatus: lastExecution,
      })),
      NextToken,
    };
  }

  async createEventIntegrationAssociation(
    scope: Scope,
    name: string,
    input: CreateEventIntegrationAssociationInput,
    consumer: Consumer,
  ): Promise<{ EventIntegrationAssociationArn: string; EventIntegrationAssociationId: string; EventIntegrationArn: string }> {
    return this.store.transaction(async (tx) => {
      const integration = await this.eventIntegrations.eventIntegrationRow(scope, name, tx);
      const id = randomUUID();
      const row = await this.insert(tx, scope, consumer, {
        association_id: id,
        kind: 'event',
        arn: eventIntegrationAssociationArn(scope.region, scope.accountId, integration.name, id),
        integration_key: integration.name,
        integration_arn: integration.arn,
        client_id: input.ClientId,
        client_association_metadata: json(input.ClientAssociationMetadata),
        destination_uri: null,
        execution_configuration: null,
        object_configuration: null,
        // The rule the association's events arrive through on the integration's EventBridge bus.
        event_bridge_rule_name: `AppIntegrations-${integration.name}-${id.slice(0, 8)}`.slice(0, 64),
      });
      return { EventIntegrationAssociationArn: row.arn, EventIntegrationAssociationId: id, EventIntegrationArn: integration.arn };
    });
  }

  async listEventIntegrationAssociations(scope: Scope, name: string, page: Page) {
    const integration = await this.eventIntegrations.eventIntegrationRow(scope, name);
    const { rows, NextToken } = await this.associationPage(scope, 'event', integration.name, page);
    return {
      EventIntegrationAssociations: rows.map((r) => ({
        EventIntegrationAssociationArn: r.arn,
        EventIntegrationAssociationId: r.association_id,
        EventIntegrationName: integration.name,
        ClientId: r.client_id ?? undefined,
        EventBridgeRuleName: r.event_bridge_rule_name ?? undefined,
        ClientAssociationMetadata: parse<Record<string, string>>(r.client_association_metadata),
      })),
      NextToken,
    };
  }

  /** Associations a consuming service made, newest last; optionally only those of one integration. */
  async consumerAssociations(scope: Scope, consumer: Consumer['consumer'], integrationKey?: string): Promise<IntegrationAssociationRow[]> {
    let query = this.store.db
      .selectFrom('appintegrations_associations')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('consumer', '=', consumer);
    if (integrationKey !== undefined) query = query.where('integration_key', '=', integrationKey);
    return query.orderBy('created_at').orderBy('association_id').execute();
  }

  async deleteAssociations(scope: Scope, associationIds: string[]): Promise<void> {
    if (associationIds.length === 0) return;
    await this.store.db
      .deleteFrom('appintegrations_associations')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('association_id', 'in', associationIds)
      .execute();
  }

  /** Stores a new association of the integration `fields` names, within its quota. */
  private async insert(tx: Tx, scope: Scope, consumer: Consumer, fields: AssociationFields): Promise<IntegrationAssociationRow> {
    await checkAssociationQuota(scope, fields.kind, fields.integration_key, tx);
    const row: IntegrationAssociationRow = {
      account_id: scope.accountId,
      region: scope.region,
      ...fields,
      consumer: consumer.consumer,
      consumer_resource_arn: consumer.resourceArn ?? null,
      consumer_resource_name: consumer.resourceName ?? null,
      created_at: this.clock().toISOString(),
    };
    await tx.insertInto('appintegrations_associations').values(row).execute();
    return row;
  }

  private async associationPage(scope: Scope, kind: IntegrationKind, key: string, page: Page) {
    const after = decodePageToken<{ at: string; id: string }>(page.NextToken);
    const limit = page.MaxResults ?? DEFAULT_PAGE_SIZE;
    let query = this.store.db
      .selectFrom('appintegrations_associations')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('kind', '=', kind)
      .where('integration_key', '=', key);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('association_id', '>', after.id)])]),
      );
    }
    const rows = await query.orderBy('created_at').orderBy('association_id').limit(limit + 1).execute();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { rows: items, NextToken: rows.length > limit ? encodePageToken({ at: last.created_at, id: last.association_id }) : undefined };
  }
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

async function checkAssociationQuota(scope: Scope, kind: IntegrationKind, key: string, tx: Tx): Promise<void> {
  const existing = await associationRows(scope, kind, key, tx);
  if (existing.length >= QUOTAS.associationsPerIntegration) {
    throw new AwsError(
      'ResourceQuotaExceededException',
      `The ${kind} integration already has the maximum of ${QUOTAS.associationsPerIntegration} associations.`,
      429,
    );
  }
}

/** The associations an integration still has, for the message refusing its deletion. */
export function describeAssociations(rows: IntegrationAssociationRow[]): string {
  const names: Record<string, string> = { wisdom: 'Wisdom', 'customer-profiles': 'Customer Profiles', tasks: 'Tasks', api: 'API' };
  const list = rows.map((r) => `${r.arn} (${names[r.consumer] ?? r.consumer}${r.consumer_resource_name ? ` ${r.consumer_resource_name}` : ''})`);
  return `${rows.length} association${rows.length === 1 ? '' : 's'}: ${list.join(', ')}`;
}
