// The Amazon AppIntegrations domain: data integrations, event integrations, their associations (made by
// the consuming services or the API), tags and ClientToken idempotency. State and rules only, no HTTP;
// values are in AWS's own shapes so the API binding just passes them through.
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/errors.js';
import { decodePageToken, encodePageToken } from '../../aws/paging.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { DataIntegrationRow, EventIntegrationRow, IntegrationAssociationRow } from '../../store/schema.js';
import type { RoleUsageEntry } from '../iam/linked-services.js';
import {
  dataIntegrationArn,
  dataIntegrationAssociationArn,
  eventIntegrationArn,
  eventIntegrationAssociationArn,
  parseAppIntegrationsArn,
} from './names.js';

/** Where a request lands: AppIntegrations resources are regional. */
export interface Scope {
  accountId: string;
  region: string;
}

export type TagMap = Record<string, string>;

export interface ScheduleConfiguration {
  FirstExecutionFrom?: string;
  Object?: string;
  ScheduleExpression: string;
}

export interface DataIntegration {
  Arn: string;
  Id: string;
  Name: string;
  Description?: string;
  KmsKey: string;
  SourceURI?: string;
  ScheduleConfiguration?: ScheduleConfiguration;
  FileConfiguration?: unknown;
  ObjectConfiguration?: unknown;
  Tags: TagMap;
}

export interface CreateDataIntegrationInput {
  Name: string;
  Description?: string;
  KmsKey: string;
  SourceURI?: string;
  ScheduleConfig?: ScheduleConfiguration;
  FileConfiguration?: unknown;
  ObjectConfiguration?: unknown;
  Tags?: TagMap;
  ClientToken?: string;
}

export interface EventIntegration {
  EventIntegrationArn: string;
  Name: string;
  Description?: string;
  EventFilter: { Source: string };
  EventBridgeBus: string;
  Tags: TagMap;
}

export interface CreateEventIntegrationInput {
  Name: string;
  Description?: string;
  EventFilter: { Source: string };
  EventBridgeBus: string;
  Tags?: TagMap;
  ClientToken?: string;
}

/** Who made an association: a consuming service (with its own resource) or a caller of the API. */
export interface Consumer {
  consumer: 'wisdom' | 'customer-profiles' | 'tasks' | 'api';
  resourceArn?: string;
  resourceName?: string;
}

export interface CreateDataIntegrationAssociationInput {
  ClientId?: string;
  ClientAssociationMetadata?: Record<string, string>;
  DestinationURI?: string;
  ObjectConfiguration?: unknown;
  ExecutionConfiguration?: unknown;
  ClientToken?: string;
}

export interface CreateEventIntegrationAssociationInput {
  ClientId: string;
  ClientAssociationMetadata?: Record<string, string>;
}

export interface Page {
  MaxResults?: number;
  NextToken?: string;
}

export interface LastExecutionStatus {
  ExecutionStatus: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  StatusMessage?: string;
}

/** The side effects of creating and deleting integrations, supplied by the composition root. */
export interface IntegrationHooks {
  /** Creates AWSServiceRoleForAppIntegrations when missing (the service does this on every create). */
  ensureServiceLinkedRole(accountId: string): Promise<void>;
  /** A data integration was created: set up its AppFlow flow (when it has a schedule and an AppFlow source). */
  dataIntegrationCreated(scope: Scope, row: DataIntegrationRow): Promise<void>;
  /** A data integration was deleted: stop and delete its flow. */
  dataIntegrationDeleted(scope: Scope, row: DataIntegrationRow): Promise<void>;
  /** The status of the data integration's most recent flow run, if it has a flow. */
  lastExecution(scope: Scope, dataIntegrationId: string): Promise<LastExecutionStatus | undefined>;
}

/** linkedrole's quotas (AWS's default service quotas for the account and Region). */
export const QUOTAS = {
  dataIntegrationsPerRegion: 100,
  eventIntegrationsPerRegion: 50,
  associationsPerIntegration: 50,
  tagsPerResource: 50,
};

const DEFAULT_PAGE_SIZE = 50;

type IntegrationKind = 'data' | 'event';
const INTEGRATION_TABLES = { data: 'appintegrations_data_integrations', event: 'appintegrations_event_integrations' } as const;
interface IntegrationRows {
  data: DataIntegrationRow;
  event: EventIntegrationRow;
}
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

export function notFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message, 404);
}

function duplicate(kind: string, name: string): AwsError {
  return new AwsError('DuplicateResourceException', `${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${kind} with the name ${name} already exists.`, 409);
}

export function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequestException', message, 400);
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

export class AppIntegrations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly hooks: IntegrationHooks,
  ) {}

  // ---- data integrations ----------------------------------------------------------------------

  async createDataIntegration(scope: Scope, input: CreateDataIntegrationInput): Promise<DataIntegration & { ClientToken?: string }> {
    return this.idempotent(scope, 'CreateDataIntegration', input, async () => {
      if (input.ScheduleConfig) checkScheduleExpression(input.ScheduleConfig.ScheduleExpression);
      checkTags(input.Tags ?? {});
      if (await this.findDataIntegrationByName(scope, input.Name, this.store.db)) throw duplicate('data integration', input.Name);
      await this.hooks.ensureServiceLinkedRole(scope.accountId);
      const id = randomUUID();
      const row: DataIntegrationRow = {
        account_id: scope.accountId,
        region: scope.region,
        id,
        name: input.Name,
        arn: dataIntegrationArn(scope.region, scope.accountId, id),
        description: input.Description ?? null,
        kms_key: input.KmsKey,
        source_uri: input.SourceURI ?? null,
        schedule_config: json(input.ScheduleConfig),
        file_configuration: json(input.FileConfiguration),
        object_configuration: json(input.ObjectConfiguration),
        tags: JSON.stringify(input.Tags ?? {}),
        created_at: this.clock().toISOString(),
      };
      return {
        run: async (tx) => {
          if (await this.findDataIntegrationByName(scope, input.Name, tx)) {
            throw duplicate('data integration', input.Name);
          }
          await this.checkIntegrationQuota(scope, 'data', tx);
          await tx.insertInto('appintegrations_data_integrations').values(row).execute();
          return { ...dataIntegrationToWire(row), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
        },
        after: () => this.hooks.dataIntegrationCreated(scope, row),
      };
    });
  }

  async getDataIntegration(scope: Scope, identifier: string): Promise<DataIntegration> {
    return dataIntegrationToWire(await this.dataIntegrationRow(scope, identifier));
  }

  /** The stored row for a name, id or ARN, as DataIntegrationIdentifier accepts; ResourceNotFound otherwise. */
  async dataIntegrationRow(scope: Scope, identifier: string, db: Db | Tx = this.store.db): Promise<DataIntegrationRow> {
    const row = await this.findDataIntegration(scope, identifier, db);
    if (!row) throw notFound(`The data integration ${identifier} was not found.`);
    return row;
  }

  async listDataIntegrations(scope: Scope, page: Page): Promise<{ DataIntegrations: { Arn: string; Name: string; SourceURI?: string }[]; NextToken?: string }> {
    const { items, NextToken } = await this.integrationPage(scope, 'data', page);
    return { DataIntegrations: items.map((r) => ({ Arn: r.arn, Name: r.name, SourceURI: r.source_uri ?? undefined })), NextToken };
  }

  async updateDataIntegration(scope: Scope, identifier: string, changes: { Name?: string; Description?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.dataIntegrationRow(scope, identifier, tx);
      if (changes.Name !== undefined && changes.Name !== row.name && (await this.findDataIntegrationByName(scope, changes.Name, tx))) {
        throw duplicate('data integration', changes.Name);
      }
      await tx
        .updateTable('appintegrations_data_integrations')
        .set({ name: changes.Name ?? row.name, description: changes.Description ?? row.description })
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('id', '=', row.id)
        .execute();
    });
  }

  async deleteDataIntegration(scope: Scope, identifier: string): Promise<void> {
    const row = await this.store.transaction(async (tx) => {
      const found = await this.dataIntegrationRow(scope, identifier, tx);
      const associations = await this.associationRows(scope, 'data', found.id, tx);
      if (associations.length > 0) {
        throw invalidRequest(
          `The data integration ${found.name} cannot be deleted because it has ${describeAssociations(associations)}. ` +
            'Delete its associations first (for example the Wisdom knowledge base integration: linkedrole wisdom delete-association --name ' +
            `${found.name}).`,
        );
      }
      await tx
        .deleteFrom('appintegrations_data_integrations')
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('id', '=', found.id)
        .execute();
      return found;
    });
    await this.hooks.dataIntegrationDeleted(scope, row);
  }

  // ---- data integration associations --------------------------------------------------------

  async createDataIntegrationAssociation(
    scope: Scope,
    identifier: string,
    input: CreateDataIntegrationAssociationInput,
    consumer: Consumer = { consumer: 'api' },
  ): Promise<{ DataIntegrationAssociationId: string; DataIntegrationArn: string; DataIntegrationAssociationArn: string; DataIntegrationName: string }> {
    const request: CreateDataIntegrationAssociationInput & { identifier: string; consumer: Consumer } = { identifier, ...input, consumer };
    return this.idempotent(scope, `CreateDataIntegrationAssociation:${consumer.consumer}`, request, async () => ({
      run: async (tx) => {
        const integration = await this.dataIntegrationRow(scope, identifier, tx);
        await this.checkAssociationQuota(scope, 'data', integration.id, tx);
        const id = randomUUID();
        const row: IntegrationAssociationRow = {
          account_id: scope.accountId,
          region: scope.region,
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
          consumer: consumer.consumer,
          consumer_resource_arn: consumer.resourceArn ?? null,
          consumer_resource_name: consumer.resourceName ?? null,
          created_at: this.clock().toISOString(),
        };
        await tx.insertInto('appintegrations_associations').values(row).execute();
        return { DataIntegrationAssociationId: id, DataIntegrationArn: integration.arn, DataIntegrationAssociationArn: row.arn, DataIntegrationName: integration.name };
      },
    }));
  }

  async listDataIntegrationAssociations(scope: Scope, identifier: string, page: Page) {
    const integration = await this.dataIntegrationRow(scope, identifier);
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

  // ---- event integrations -------------------------------------------------------------------

  async createEventIntegration(scope: Scope, input: CreateEventIntegrationInput): Promise<{ EventIntegrationArn: string }> {
    return this.idempotent(scope, 'CreateEventIntegration', input, async () => {
      checkTags(input.Tags ?? {});
      if (await this.findEventIntegration(scope, input.Name, this.store.db)) throw duplicate('event integration', input.Name);
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
          if (await this.findEventIntegration(scope, input.Name, tx)) {
            throw duplicate('event integration', input.Name);
          }
          await this.checkIntegrationQuota(scope, 'event', tx);
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
    const row = await this.findEventIntegration(scope, name, db);
    if (!row) throw notFound(`The event integration ${name} was not found.`);
    return row;
  }

  async listEventIntegrations(scope: Scope, page: Page): Promise<{ EventIntegrations: EventIntegration[]; NextToken?: string }> {
    const { items, NextToken } = await this.integrationPage(scope, 'event', page);
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
      const associations = await this.associationRows(scope, 'event', row.name, tx);
      if (associations.length > 0) {
        throw invalidRequest(
          `The event integration ${row.name} cannot be deleted because it has ${describeAssociations(associations)}. ` +
            'Remove those connections first (linkedrole customer-profiles remove-connection / linkedrole tasks remove-connection ' +
            `--name ${row.name}).`,
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

  async createEventIntegrationAssociation(
    scope: Scope,
    name: string,
    input: CreateEventIntegrationAssociationInput,
    consumer: Consumer,
  ): Promise<{ EventIntegrationAssociationArn: string; EventIntegrationAssociationId: string; EventIntegrationArn: string }> {
    return this.store.transaction(async (tx) => {
      const integration = await this.eventIntegrationRow(scope, name, tx);
      await this.checkAssociationQuota(scope, 'event', integration.name, tx);
      const id = randomUUID();
      const row: IntegrationAssociationRow = {
        account_id: scope.accountId,
        region: scope.region,
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
        consumer: consumer.consumer,
        consumer_resource_arn: consumer.resourceArn ?? null,
        consumer_resource_name: consumer.resourceName ?? null,
        created_at: this.clock().toISOString(),
      };
      await tx.insertInto('appintegrations_associations').values(row).execute();
      return { EventIntegrationAssociationArn: row.arn, EventIntegrationAssociationId: id, EventIntegrationArn: integration.arn };
    });
  }

  async listEventIntegrationAssociations(scope: Scope, name: string, page: Page) {
    const integration = await this.eventIntegrationRow(scope, name);
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

  // ---- associations as the consuming services see them ---------------------------------------

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

  // ---- tags ---------------------------------------------------------------------------------

  async listTagsForResource(scope: Scope, arn: string): Promise<TagMap> {
    const { tags } = await this.taggable(scope, arn, this.store.db);
    return tags;
  }

  async tagResource(scope: Scope, arn: string, tags: TagMap): Promise<void> {
    checkTags(tags);
    await this.store.transaction(async (tx) => {
      const target = await this.taggable(scope, arn, tx);
      const merged = { ...target.tags, ...tags };
      if (Object.keys(merged).length > QUOTAS.tagsPerResource) {
        throw invalidRequest(`A resource can have at most ${QUOTAS.tagsPerResource} tags.`);
      }
      await target.save(merged, tx);
    });
  }

  async untagResource(scope: Scope, arn: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const target = await this.taggable(scope, arn, tx);
      const remaining = { ...target.tags };
      for (const key of tagKeys) delete remaining[key];
      await target.save(remaining, tx);
    });
  }

  /** The tags of the resource an ARN names (data or event integration), for conditions on aws:ResourceTag. */
  async resourceTags(scope: Scope, arn: string): Promise<TagMap> {
    try {
      return (await this.taggable(scope, arn, this.store.db)).tags;
    } catch {
      return {};
    }
  }

  private async taggable(scope: Scope, arn: string, db: Db | Tx): Promise<{ tags: TagMap; save(tags: TagMap, tx: Tx): Promise<void> }> {
    const parsed = parseAppIntegrationsArn(arn);
    const missing = () => notFound(`The resource ${arn} was not found.`);
    if (!parsed || parsed.accountId !== scope.accountId || parsed.region !== scope.region) throw missing();
    if (parsed.type === 'data-integration') {
      const row = await this.findDataIntegration(scope, parsed.id, db);
      if (!row || row.id !== parsed.id) throw missing();
      return {
        tags: JSON.parse(row.tags) as TagMap,
        save: async (tags, tx) => {
          await tx
            .updateTable('appintegrations_data_integrations')
            .set({ tags: JSON.stringify(tags) })
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('id', '=', row.id)
            .execute();
        },
      };
    }
    if (parsed.type === 'event-integration') {
      const row = await this.findEventIntegration(scope, parsed.name, db);
      if (!row) throw missing();
      return {
        tags: JSON.parse(row.tags) as TagMap,
        save: async (tags, tx) => {
          await tx
            .updateTable('appintegrations_event_integrations')
            .set({ tags: JSON.stringify(tags) })
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('name', '=', row.name)
            .execute();
        },
      };
    }
    throw missing();
  }

  // ---- the service-linked role's usage --------------------------------------------------------

  /** Every data and event integration of the account, by region: what still needs the role. */
  async roleUsage(accountId: string): Promise<RoleUsageEntry[]> {
    const data = await this.store.db
      .selectFrom('appintegrations_data_integrations')
      .select(['region', 'arn'])
      .where('account_id', '=', accountId)
      .execute();
    const events = await this.store.db
      .selectFrom('appintegrations_event_integrations')
      .select(['region', 'arn'])
      .where('account_id', '=', accountId)
      .execute();
    const byRegion = new Map<string, string[]>();
    for (const { region, arn } of [...data, ...events]) byRegion.set(region, [...(byRegion.get(region) ?? []), arn]);
    return [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([Region, Resources]) => ({ Region, Resources: Resources.sort() }));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async findDataIntegration(scope: Scope, identifier: string, db: Db | Tx): Promise<DataIntegrationRow | undefined> {
    const base = () =>
      db.selectFrom('appintegrations_data_integrations').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region);
    if (identifier.startsWith('arn:')) {
      const parsed = parseAppIntegrationsArn(identifier);
      if (parsed?.type !== 'data-integration' || parsed.accountId !== scope.accountId || parsed.region !== scope.region) return undefined;
      return base().where('id', '=', parsed.id).executeTakeFirst();
    }
    if (UUID.test(identifier)) {
      const byId = await base().where('id', '=', identifier).executeTakeFirst();
      if (byId) return byId;
    }
    return base().where('name', '=', identifier).executeTakeFirst();
  }

  private findDataIntegrationByName(scope: Scope, name: string, db: Db | Tx) {
    return db
      .selectFrom('appintegrations_data_integrations')
      .select('id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  private findEventIntegration(scope: Scope, name: string, db: Db | Tx): Promise<EventIntegrationRow | undefined> {
    return db
      .selectFrom('appintegrations_event_integrations')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  /** Refuses one integration more of `kind` than the region's quota allows. */
  private async checkIntegrationQuota(scope: Scope, kind: IntegrationKind, tx: Tx): Promise<void> {
    const { count } = await tx
      .selectFrom(INTEGRATION_TABLES[kind])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .executeTakeFirstOrThrow();
    const quota = kind === 'data' ? QUOTAS.dataIntegrationsPerRegion : QUOTAS.eventIntegrationsPerRegion;
    if (Number(count) >= quota) {
      throw new AwsError('ResourceQuotaExceededException', `You have reached the quota of ${quota} ${kind} integrations in ${scope.region}.`, 429);
    }
  }

  /** One page of the region's integrations of `kind`, by name (the NextToken carries the last name). */
  private async integrationPage<K extends IntegrationKind>(scope: Scope, kind: K, page: Page): Promise<{ items: IntegrationRows[K][]; NextToken?: string }> {
    const after = decodePageToken<{ name: string }>(page.NextToken)?.name;
    const limit = page.MaxResults ?? DEFAULT_PAGE_SIZE;
    let query = this.store.db
      .selectFrom(INTEGRATION_TABLES[kind] as (typeof INTEGRATION_TABLES)[IntegrationKind])
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region);
    if (after !== undefined) query = query.where('name', '>', after);
    const rows = (await query.orderBy('name').limit(limit + 1).execute()) as IntegrationRows[K][];
    const items = rows.slice(0, limit);
    return { items, NextToken: rows.length > limit ? encodePageToken({ name: items[items.length - 1].name }) : undefined };
  }

  private associationRows(scope: Scope, kind: IntegrationKind, key: string, db: Db | Tx): Promise<IntegrationAssociationRow[]> {
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

  private async checkAssociationQuota(scope: Scope, kind: IntegrationKind, key: string, tx: Tx): Promise<void> {
    const existing = await this.associationRows(scope, kind, key, tx);
    if (existing.length >= QUOTAS.associationsPerIntegration) {
      throw new AwsError(
        'ResourceQuotaExceededException',
        `The ${kind} integration already has the maximum of ${QUOTAS.associationsPerIntegration} associations.`,
        429,
      );
    }
  }

  /**
   * ClientToken idempotency: the same token with the same request answers what the first call
   * answered (without creating anything again); the same token with a different request is refused.
   * `prepare` runs outside the transaction (it may create the service-linked role); `run` inside it.
   */
  private async idempotent<T>(
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

function describeAssociations(rows: IntegrationAssociationRow[]): string {
  const names: Record<string, string> = { wisdom: 'Wisdom', 'customer-profiles': 'Customer Profiles', tasks: 'Tasks', api: 'API' };
  const list = rows.map((r) => `${r.arn} (${names[r.consumer] ?? r.consumer}${r.consumer_resource_name ? ` ${r.consumer_resource_name}` : ''})`);
  return `${rows.length} association${rows.length === 1 ? '' : 's'}: ${list.join(', ')}`;
}

export function checkScheduleExpression(expression: string): void {
  if (!/^rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)$/.test(expression) && !/^cron\(.+\)$/.test(expression)) {
    throw invalidRequest(`The schedule expression ${expression} is not valid: use rate(N minutes|hours|days) or cron(...).`);
  }
}

function checkTags(tags: TagMap): void {
  if (Object.keys(tags).length > QUOTAS.tagsPerResource) throw invalidRequest(`A resource can have at most ${QUOTAS.tagsPerResource} tags.`);
}

export function dataIntegrationToWire(row: DataIntegrationRow): DataIntegration {
  return {
    Arn: row.arn,
    Id: row.id,
    Name: row.name,
    Description: row.description ?? undefined,
    KmsKey: row.kms_key,
    SourceURI: row.source_uri ?? undefined,
    ScheduleConfiguration: parse<ScheduleConfiguration>(row.schedule_config),
    FileConfiguration: parse(row.file_configuration),
    ObjectConfiguration: parse(row.object_configuration),
    Tags: JSON.parse(row.tags) as TagMap,
  };
}

function eventIntegrationToWire(row: EventIntegrationRow): EventIntegration {
  return {
    EventIntegrationArn: row.arn,
    Name: row.name,
    Description: row.description ?? undefined,
    EventFilter: JSON.parse(row.event_filter) as { Source: string },
    EventBridgeBus: row.event_bridge_bus,
    Tags: JSON.parse(row.tags) as TagMap,
  };
}
