// Data integrations: a KMS key and a source (with an AppFlow flow when scheduled), named uniquely per
// region and found by name, id or ARN; one is deleted only once nothing is associated with it.
import { randomUUID } from 'node:crypto';
import type { Db, Store, Tx } from '../../store/database.js';
import type { DataIntegrationRow } from '../../store/schema.js';
import { describeAssociations } from './association-clients.js';
import type { ClientTokens } from './client-tokens.js';
import { checkTags, invalidRequest, json, notFound, parse, type CreateDataIntegrationInput, type DataIntegration, type IntegrationHooks, type Page, type ScheduleConfiguration, type TagMap } from './domain.js';
import { associationRows, checkCanInsert, checkNameFree, integrationPage } from './integration-queries.js';
import { dataIntegrationArn, parseAppIntegrationsArn } from './names.js';
import type { Scope } from '../kit/scope.js';

const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

export class DataIntegrations {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly hooks: IntegrationHooks,
    private readonly clientTokens: ClientTokens,
  ) {}

  async createDataIntegration(scope: Scope, input: CreateDataIntegrationInput): Promise<DataIntegration & { ClientToken?: string }> {
    return this.clientTokens.idempotent(scope, 'CreateDataIntegration', input, async () => {
      if (input.ScheduleConfig) checkScheduleExpression(input.ScheduleConfig.ScheduleExpression);
      checkTags(input.Tags ?? {});
      await checkNameFree(scope, 'data', input.Name, this.store.db);
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
        associated_at: null,
      };
      return {
        run: async (tx) => {
          await checkCanInsert(scope, 'data', input.Name, tx);
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
    const row = await findDataIntegration(scope, identifier, db);
    if (!row) throw notFound(`The data integration ${identifier} was not found.`);
    return row;
  }

  async listDataIntegrations(scope: Scope, page: Page): Promise<{ DataIntegrations: { Arn: string; Name: string; SourceURI?: string }[]; NextToken?: string }> {
    const { items, NextToken } = await integrationPage(scope, 'data', page, this.store.db);
    return { DataIntegrations: items.map((r) => ({ Arn: r.arn, Name: r.name, SourceURI: r.source_uri ?? undefined })), NextToken };
  }

  async updateDataIntegration(scope: Scope, identifier: string, changes: { Name?: string; Description?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.dataIntegrationRow(scope, identifier, tx);
      if (changes.Name !== undefined && changes.Name !== row.name) await checkNameFree(scope, 'data', changes.Name, tx);
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
      const associations = await associationRows(scope, 'data', found.id, tx);
      if (associations.length > 0) {
        throw invalidRequest(
          `The data integration ${found.name} cannot be deleted because it has ${describeAssociations(associations, found.name)}.`,
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
}

/** A data integration by name, id or ARN, as DataIntegrationIdentifier accepts. */
export async function findDataIntegration(scope: Scope, identifier: string, db: Db | Tx): Promise<DataIntegrationRow | undefined> {
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

export function checkScheduleExpression(expression: string): void {
  if (!/^rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)$/.test(expression) && !/^cron\(.+\)$/.test(expression)) {
    throw invalidRequest(`The schedule expression ${expression} is not valid: use rate(N minutes|hours|days) or cron(...).`);
  }
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
