// Event integrations: an EventBridge bus and an event source filter, named uniquely per region; one is
// deleted only once no consuming service is connected to it.
import type { Db, Store, Tx } from '../../store/database.js';
import type { EventIntegrationRow } from '../../store/schema.js';
import { describeAssociations } from './association-clients.js';
import type { ClientTokens } from './client-tokens.js';
import { checkTags, invalidRequest, notFound, type CreateEventIntegrationInput, type EventIntegration, type IntegrationHooks, type Page, type TagMap } from './domain.js';
import { associationRows, checkCanInsert, checkNameFree, integrationPage } from './integration-queries.js';
import { eventIntegrationArn } from './names.js';
import type { Scope } from '../kit/scope.js';

export class EventIntegrations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly hooks: IntegrationHooks,
    private readonly clientTokens: ClientTokens,
  ) {}

  async createEventIntegration(scope: Scope, input: CreateEventIntegrationInput): Promise<{ EventIntegrationArn: string }> {
    return this.clientTokens.idempotent(scope, 'CreateEventIntegration', input, async () => {
      checkTags(input.Tags ?? {});
      await checkNameFree(scope, 'event', input.Name, this.store.db);
      await this.hooks.ensureServiceLinkedRole(scope.accountId);
      const row: EventIntegrationRow = {
        account_id: scope.accountId,
        region: scope.region,
        name: input.Name,
        arn: eventIntegrationArn(scope.region, scope.accountId, input.Name),
        description: input.Description ?? null,
        event_bridge_bus: input.EventBridgeBus,
        event_filter: JSON.stringify(input.EventFilter),
        tags: JSON.stringify(input.Tags ?? {}),
        created_at: this.clock().toISOString(),
      };
      return {
        run: async (tx) => {
          await checkCanInsert(scope, 'event', input.Name, tx);
          await tx.insertInto('appintegrations_event_integrations').values(row).execute();
          return { EventIntegrationArn: row.arn };
        },
      };
    });
  }

  async getEventIntegration(scope: Scope, name: string): Promise<EventIntegration> {
    return eventIntegrationToWire(await this.eventIntegrationRow(scope, name));
  }

  async eventIntegrationRow(scope: Scope, name: string, db: Db | Tx = this.store.db): Promise<EventIntegrationRow> {
    const row = await findEventIntegration(scope, name, db);
    if (!row) throw notFound(`The event integration ${name} was not found.`);
    return row;
  }

  async listEventIntegrations(scope: Scope, page: Page): Promise<{ EventIntegrations: EventIntegration[]; NextToken?: string }> {
    const { items, NextToken } = await integrationPage(scope, 'event', page, this.store.db);
    return { EventIntegrations: items.map(eventIntegrationToWire), NextToken };
  }

  async updateEventIntegration(scope: Scope, name: string, changes: { Description?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.eventIntegrationRow(scope, name, tx);
      await tx
        .updateTable('appintegrations_event_integrations')
        .set({ description: changes.Description ?? row.description })
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('name', '=', row.name)
        .execute();
    });
  }

  async deleteEventIntegration(scope: Scope, name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.eventIntegrationRow(scope, name, tx);
      const associations = await associationRows(scope, 'event', row.name, tx);
      if (associations.length > 0) {
        throw invalidRequest(
          `The event integration ${row.name} cannot be deleted because it has ${describeAssociations(associations, row.name)}.`,
        );
      }
      await tx
        .deleteFrom('appintegrations_event_integrations')
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('name', '=', row.name)
        .execute();
    });
  }
}

export function findEventIntegration(scope: Scope, name: string, db: Db | Tx): Promise<EventIntegrationRow | undefined> {
  return db
    .selectFrom('appintegrations_event_integrations')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function eventIntegrationToWire(row: EventIntegrationRow): EventIntegration {
  return {
    EventIntegrationArn: row.arn,
    Name: row.name,
    Description: row.description ?? undefined,
    EventFilter: JSON.parse(row.event_filter) as { Source: string },
    EventBridgeBus: row.event_bridge_bus,
    Tags: JSON.parse(row.tags) as TagMap,
  };
}
