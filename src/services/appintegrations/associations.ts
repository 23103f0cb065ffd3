// Associations between integrations and what consumes them: made through the API or by a consuming
// service (Wisdom, Customer Profiles, Tasks) on its own resource's behalf; changed and removed through
// the routes association-clients.ts names; and what an integration's deletion must wait for.
import { errors } from '../../aws/generated/appintegrations.js';
import { randomUUID } from 'node:crypto';
import type { Db, Store, Tx } from '../../store/database.js';
import type { DataIntegrationRow, EventIntegrationRow, IntegrationAssociationRow } from '../../store/schema.js';
import { CLIENT_NAMES, removedBy, type AssociationClient } from './association-clients.js';
import type { ClientTokens } from './client-tokens.js';
import { checkScheduleExpression, type DataIntegrations } from './data-integrations.js';
import { DEFAULT_PAGE_SIZE, invalidRequest, json, notFound, parse, QUOTAS, type Consumer, type CreateDataIntegrationAssociationInput, type CreateEventIntegrationAssociationInput, type ExecutionConfiguration, type IntegrationHooks, type Page } from './domain.js';
import type { EventIntegrations } from './event-integrations.js';
import { associationRows, type IntegrationKind } from './integration-queries.js';
import { dataIntegrationAssociationArn, eventIntegrationAssociationArn, parseAppIntegrationsArn } from './names.js';
import { decodePageToken } from '../../aws/paging.js';
import { nextPageToken } from '../kit/paging.js';
import type { Scope } from '../kit/scope.js';

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
        // AWS: "You cannot create a DataIntegration association for a DataIntegration that has been
        // previously associated. Use a different DataIntegration, or recreate the DataIntegration".
        if (integration.associated_at !== null) {
          throw invalidRequest(
            `The data integration ${integration.name} has been previously associated and cannot be associated again. ` +
              'Use a different data integration, or recreate it with CreateDataIntegration.',
          );
        }
        checkExecutionConfiguration(input.ExecutionConfiguration);
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
        await tx
          .updateTable('appintegrations_data_integrations')
          .set({ associated_at: row.created_at })
          .where('account_id', '=', scope.accountId)
          .where('region', '=', scope.region)
          .where('id', '=', integration.id)
          .execute();
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
        ExecutionConfiguration: parse<ExecutionConfiguration>(r.execution_configuration),
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

  /**
   * UpdateDataIntegrationAssociation: a new ExecutionConfiguration for the association (its id or ARN)
   * of the data integration (its name, id or ARN).
   */
  async updateDataIntegrationAssociation(scope: Scope, identifier: string, associationIdentifier: string, config: ExecutionConfiguration): Promise<void> {
    checkExecutionConfiguration(config);
    await this.store.transaction(async (tx) => {
      const { row } = await this.dataIntegrationAssociation(scope, identifier, associationIdentifier, tx);
      await tx
        .updateTable('appintegrations_associations')
        .set({ execution_configuration: json(config) })
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('association_id', '=', row.association_id)
        .execute();
    });
  }

  /** Removes one association (its id or ARN) of the data integration (its name, id or ARN), whoever its client is. */
  async deleteDataIntegrationAssociation(
    scope: Scope,
    identifier: string,
    associationIdentifier: string,
  ): Promise<{ integration: DataIntegrationRow; row: IntegrationAssociationRow }> {
    return this.store.transaction(async (tx) => {
      const found = await this.dataIntegrationAssociation(scope, identifier, associationIdentifier, tx);
      await deleteRows(tx, scope, [found.row]);
      return found;
    });
  }

  /** The associations a consuming service removes by its own route (association-clients.ts), oldest first; optionally only one integration's. */
  async clientAssociations(scope: Scope, client: AssociationClient, integrationKey?: string, db: Db | Tx = this.store.db): Promise<IntegrationAssociationRow[]> {
    let query = db
      .selectFrom('appintegrations_associations')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('kind', '=', client === 'wisdom' ? 'data' : 'event');
    if (integrationKey !== undefined) query = query.where('integration_key', '=', integrationKey);
    const rows = await query.orderBy('created_at').orderBy('association_id').execute();
    return rows.filter((r) => removedBy(r, client));
  }

  /**
   * What a consuming service's removal does: reads and deletes, in one transaction, every association
   * of the integration (a data integration's name, id or ARN for Wisdom; an event integration's name
   * for Customer Profiles and Tasks) that the service removes. ResourceNotFound when there is none.
   */
  async removeClientAssociations(
    scope: Scope,
    client: AssociationClient,
    identifier: string,
  ): Promise<{ integration: DataIntegrationRow | EventIntegrationRow; rows: IntegrationAssociationRow[] }> {
    return this.store.transaction(async (tx) => {
      const integration =
        client === 'wisdom' ? await this.dataIntegrations.dataIntegrationRow(scope, identifier, tx) : await this.eventIntegrations.eventIntegrationRow(scope, identifier, tx);
      const rows = await this.clientAssociations(scope, client, 'id' in integration ? integration.id : integration.name, tx);
      if (rows.length === 0) {
        throw notFound(
          client === 'wisdom'
            ? `Wisdom has no integration with the data integration ${integration.name}.`
            : `${CLIENT_NAMES[client]} has no connection to the event integration ${integration.name}.`,
        );
      }
      await deleteRows(tx, scope, rows);
      return { integration, rows };
    });
  }

  /** An association (its id or ARN) of the data integration (its name, id or ARN); ResourceNotFound otherwise. */
  private async dataIntegrationAssociation(scope: Scope, identifier: string, associationIdentifier: string, tx: Tx) {
    const integration = await this.dataIntegrations.dataIntegrationRow(scope, identifier, tx);
    const parsed = associationIdentifier.startsWith('arn:') ? parseAppIntegrationsArn(associationIdentifier) : undefined;
    const id =
      parsed === undefined
        ? associationIdentifier
        : parsed.type === 'data-integration-association' && parsed.accountId === scope.accountId && parsed.region === scope.region && parsed.parent === integration.id
          ? parsed.id
          : undefined;
    const row =
      id === undefined
        ? undefined
        : await tx
            .selectFrom('appintegrations_associations')
            .selectAll()
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('kind', '=', 'data')
            .where('integration_key', '=', integration.id)
            .where('association_id', '=', id)
            .executeTakeFirst();
    if (!row) throw notFound(`The data integration ${integration.name} has no association ${associationIdentifier}.`);
    return { integration, row };
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
    const after = decodePageToken<{ at: string; id: string }>(page.NextToken, invalidRequest);
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
    const { items, nextToken } = nextPageToken(rows, limit, (last) => ({ at: last.created_at, id: last.association_id }));
    return { rows: items, NextToken: nextToken };
  }
}

async function checkAssociationQuota(scope: Scope, kind: IntegrationKind, key: string, tx: Tx): Promise<void> {
  const existing = await associationRows(scope, kind, key, tx);
  if (existing.length >= QUOTAS.associationsPerIntegration) {
    throw errors.ResourceQuotaExceededException(`The ${kind} integration already has the maximum of ${QUOTAS.associationsPerIntegration} associations.`);
  }
}

async function deleteRows(tx: Tx, scope: Scope, rows: IntegrationAssociationRow[]): Promise<void> {
  await tx
    .deleteFrom('appintegrations_associations')
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('association_id', 'in', rows.map((r) => r.association_id))
    .execute();
}

/**
 * What the model's shapes cannot say about an ExecutionConfiguration: the configuration its
 * ExecutionMode runs by is there, with times in Unix epoch milliseconds and a valid schedule.
 */
export function checkExecutionConfiguration(config: ExecutionConfiguration | undefined): void {
  if (config === undefined) return;
  if (config.ExecutionMode === 'ON_DEMAND') {
    const onDemand = config.OnDemandConfiguration;
    if (!onDemand) throw invalidRequest('An ExecutionConfiguration with ExecutionMode ON_DEMAND needs an OnDemandConfiguration.');
    for (const [member, value] of [['StartTime', onDemand.StartTime], ['EndTime', onDemand.EndTime]] as const) {
      if (value !== undefined && !/^\d{1,15}$/.test(value)) {
        throw invalidRequest(`OnDemandConfiguration.${member} ${value} is not a Unix epoch time in milliseconds.`);
      }
    }
    if (onDemand.EndTime !== undefined && Number(onDemand.EndTime) < Number(onDemand.StartTime)) {
      throw invalidRequest('OnDemandConfiguration.EndTime is before its StartTime.');
    }
  } else if (config.ExecutionMode === 'SCHEDULED') {
    if (!config.ScheduleConfiguration) throw invalidRequest('An ExecutionConfiguration with ExecutionMode SCHEDULED needs a ScheduleConfiguration.');
    checkScheduleExpression(config.ScheduleConfiguration.ScheduleExpression);
  }
}
