// AppIntegrations applications: third-party apps (and MCP servers) for the Amazon Connect agent workspace,
// named uniquely per region by Name and by Namespace, with the permissions to Connect data AWS documents
// (data/agent-workspace-permissions.json), and their associations with Amazon Connect instances, made and
// removed by Connect (its CreateIntegrationAssociation with IntegrationType APPLICATION, served by the
// `linkedrole-connect` extension). An application is deleted only once no instance is associated with it.
// State and rules only, no HTTP.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/appintegrations.js';
import type {
  ApplicationSummary,
  ApplicationType,
  CreateApplicationRequest,
  CreateApplicationResponse,
  GetApplicationResponse,
  ListApplicationAssociationsResponse,
  ListApplicationsRequest,
  UpdateApplicationRequest,
} from '../../aws/generated/appintegrations.js';
import { decodePageToken } from '../../aws/paging.js';
import { dataDir } from '../../paths.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { ApplicationAssociationRow, ApplicationRow } from '../../store/schema.js';
import { nextPageToken } from '../kit/paging.js';
import type { Scope } from '../kit/scope.js';
import type { ClientTokens } from './client-tokens.js';
import { checkTags, DEFAULT_PAGE_SIZE, invalidRequest, json, notFound, parse, type Page, type TagMap } from './domain.js';
import { applicationArn, applicationAssociationArn, parseAppIntegrationsArn } from './names.js';
import { partition } from '../../aws/partitions.js';

const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

interface PermissionsFile {
  permissions: { permission: string; description: string }[];
}

/** The permissions an application may be given, with what each grants (data/agent-workspace-permissions.json). */
export const AGENT_WORKSPACE_PERMISSIONS: readonly { permission: string; description: string }[] = (
  JSON.parse(readFileSync(join(dataDir, 'agent-workspace-permissions.json'), 'utf8')) as PermissionsFile
).permissions;
const PERMISSION_NAMES = new Set(AGENT_WORKSPACE_PERMISSIONS.map((p) => p.permission));

/** An application's association with a Connect instance, as Connect's side of it reads it. */
export interface InstanceAssociation {
  IntegrationAssociationId: string;
  IntegrationAssociationArn: string;
  InstanceId: string;
  IntegrationType: 'APPLICATION';
  IntegrationArn: string;
  ApplicationAssociationArn: string;
  ApplicationName: string;
  CreatedAt: Date;
}

export class Applications {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly clientTokens: ClientTokens,
  ) {}

  async createApplication(scope: Scope, input: CreateApplicationRequest): Promise<CreateApplicationResponse> {
    return this.clientTokens.idempotent(scope, 'CreateApplication', input, async () => {
      const type = applicationType(input.ApplicationType, input.IsService);
      checkSettings(input);
      checkTags(input.Tags ?? {});
      await checkNamesFree(scope, { name: input.Name, namespace: input.Namespace }, this.store.db);
      const id = randomUUID();
      const now = this.clock().toISOString();
      const row: ApplicationRow = {
        account_id: scope.accountId,
        region: scope.region,
        id,
        arn: applicationArn(scope.region, scope.accountId, id),
        name: input.Name,
        namespace: input.Namespace,
        description: input.Description ?? null,
        application_type: type,
        source_config: JSON.stringify(input.ApplicationSourceConfig),
        permissions: json(input.Permissions),
        subscriptions: json(input.Subscriptions),
        publications: json(input.Publications),
        initialization_timeout: input.InitializationTimeout ?? null,
        application_config: json(input.ApplicationConfig),
        iframe_config: json(input.IframeConfig),
        tags: JSON.stringify(input.Tags ?? {}),
        created_at: now,
        last_modified_at: now,
      };
      return {
        run: async (tx) => {
          // Again inside the transaction: a concurrent create may have taken the name or namespace.
          await checkNamesFree(scope, { name: input.Name, namespace: input.Namespace }, tx);
          await tx.insertInto('appintegrations_applications').values(row).execute();
          return { Arn: row.arn, Id: row.id };
        },
      };
    });
  }

  async getApplication(scope: Scope, identifier: string): Promise<GetApplicationResponse> {
    return applicationToWire(await this.applicationRow(scope, identifier));
  }

  /** The stored row for an ARN or id, if there is one. */
  find(scope: Scope, identifier: string): Promise<ApplicationRow | undefined> {
    return findApplication(scope, identifier, this.store.db);
  }

  /** The stored row for an ARN or id, as ApplicationIdentifier accepts; ResourceNotFound otherwise. */
  async applicationRow(scope: Scope, identifier: string, db: Db | Tx = this.store.db): Promise<ApplicationRow> {
    const row = await findApplication(scope, identifier, db);
    if (!row) throw notFound(`The application ${identifier} was not found.`);
    return row;
  }

  /** One page of the region's applications by name, optionally of one ApplicationType. */
  async listApplications(scope: Scope, input: ListApplicationsRequest): Promise<{ Applications: ApplicationSummary[]; NextToken?: string }> {
    const after = decodePageToken<{ name: string }>(input.NextToken, invalidRequest)?.name;
    const limit = input.MaxResults ?? DEFAULT_PAGE_SIZE;
    let query = this.store.db.selectFrom('appintegrations_applications').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region);
    if (input.ApplicationType) query = query.where('application_type', '=', input.ApplicationType);
    if (after !== undefined) query = query.where('name', '>', after);
    const rows = await query.orderBy('name').limit(limit + 1).execute();
    const { items, nextToken } = nextPageToken(rows, limit, (last) => ({ name: last.name }));
    return {
      Applications: items.map((r) => ({
        Arn: r.arn,
        Id: r.id,
        Name: r.name,
        Namespace: r.namespace,
        CreatedTime: new Date(r.created_at),
        LastModifiedTime: new Date(r.last_modified_at),
        IsService: r.application_type === 'SERVICE',
        ApplicationType: r.application_type as ApplicationType,
      })),
      NextToken: nextToken,
    };
  }

  /** UpdateApplication: the members given replace the stored ones; the others stay. */
  async updateApplication(scope: Scope, input: UpdateApplicationRequest): Promise<void> {
    checkSettings(input);
    await this.store.transaction(async (tx) => {
      const row = await this.applicationRow(scope, input.Arn, tx);
      if (input.ApplicationType !== undefined) applicationType(input.ApplicationType, input.IsService);
      const current = row.application_type as ApplicationType;
      const requested = input.ApplicationType ?? (input.IsService === undefined ? current : input.IsService ? 'SERVICE' : current === 'SERVICE' ? 'STANDARD' : current);
      // linkedrole's rule (AWS's behaviour is not documented): an application keeps the type it was created with.
      if (requested !== current) {
        throw errors.UnsupportedOperationException(`The ApplicationType of the application ${row.name} is ${current}; it cannot be changed to ${requested}.`);
      }
      if (input.Name !== undefined && input.Name !== row.name) await checkNamesFree(scope, { name: input.Name }, tx, errors.InvalidRequestException);
      await tx
        .updateTable('appintegrations_applications')
        .set({
          name: input.Name ?? row.name,
          description: input.Description ?? row.description,
          source_config: input.ApplicationSourceConfig ? JSON.stringify(input.ApplicationSourceConfig) : row.source_config,
          permissions: input.Permissions ? json(input.Permissions) : row.permissions,
          subscriptions: input.Subscriptions ? json(input.Subscriptions) : row.subscriptions,
          publications: input.Publications ? json(input.Publications) : row.publications,
          initialization_timeout: input.InitializationTimeout ?? row.initialization_timeout,
          application_config: input.ApplicationConfig ? json(input.ApplicationConfig) : row.application_config,
          iframe_config: input.IframeConfig ? json(input.IframeConfig) : row.iframe_config,
          last_modified_at: this.clock().toISOString(),
        })
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('id', '=', row.id)
        .execute();
    });
  }

  /** DeleteApplication: "Only Applications that don't have any Application Associations can be deleted." */
  async deleteApplication(scope: Scope, identifier: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.applicationRow(scope, identifier, tx);
      const associations = await associationsOf(scope, row.id, tx);
      if (associations.length > 0) {
        const list = associations.map((a) => `${a.arn} (Amazon Connect instance ${a.instance_id}; remove it with: linkedrole connect delete-integration-association --instance-id ${a.instance_id} --integration-association-id ${a.integration_association_id})`);
        throw invalidRequest(
          `The application ${row.name} cannot be deleted because it has ${associations.length} application association${associations.length === 1 ? '' : 's'}: ${list.join(', ')}.`,
        );
      }
      await tx.deleteFrom('appintegrations_applications').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('id', '=', row.id).execute();
    });
  }

  async listApplicationAssociations(scope: Scope, identifier: string, page: Page): Promise<ListApplicationAssociationsResponse> {
    const application = await this.applicationRow(scope, identifier);
    const after = decodePageToken<{ at: string; id: string }>(page.NextToken, invalidRequest);
    const limit = page.MaxResults ?? DEFAULT_PAGE_SIZE;
    let query = this.store.db
      .selectFrom('appintegrations_application_associations')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('application_id', '=', application.id);
    if (after) query = query.where((eb) => eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('association_id', '>', after.id)])]));
    const rows = await query.orderBy('created_at').orderBy('association_id').limit(limit + 1).execute();
    const { items, nextToken } = nextPageToken(rows, limit, (last) => ({ at: last.created_at, id: last.association_id }));
    return {
      ApplicationAssociations: items.map((r) => ({ ApplicationAssociationArn: r.arn, ApplicationArn: r.application_arn, ClientId: r.client_id })),
      NextToken: nextToken,
    };
  }

  /**
   * What Connect's CreateIntegrationAssociation (IntegrationType APPLICATION) does here: associates the
   * application (its ARN) with the instance; one association per instance and application.
   */
  async associateInstance(scope: Scope, instanceId: string, integrationArn: string): Promise<InstanceAssociation> {
    return this.store.transaction(async (tx) => {
      const application = await findApplication(scope, integrationArn, tx);
      if (!application || !integrationArn.startsWith('arn:')) throw notFound(`The application ${integrationArn} was not found.`);
      const existing = await tx
        .selectFrom('appintegrations_application_associations')
        .select('arn')
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('instance_id', '=', instanceId)
        .where('application_id', '=', application.id)
        .executeTakeFirst();
      if (existing) throw errors.DuplicateResourceException(`The application ${application.name} is already associated with the instance ${instanceId} (${existing.arn}).`);
      const id = randomUUID();
      const connectId = randomUUID();
      const instanceArn = connectInstanceArn(scope, instanceId);
      const row: ApplicationAssociationRow = {
        account_id: scope.accountId,
        region: scope.region,
        association_id: id,
        arn: applicationAssociationArn(scope.region, scope.accountId, application.id, id),
        application_id: application.id,
        application_arn: application.arn,
        client_id: instanceArn,
        instance_id: instanceId,
        integration_association_id: connectId,
        integration_association_arn: `${instanceArn}/integration-association/${connectId}`,
        created_at: this.clock().toISOString(),
      };
      await tx.insertInto('appintegrations_application_associations').values(row).execute();
      return instanceView(row, application.name);
    });
  }

  /** The application associations of a Connect instance, oldest first. */
  async instanceAssociations(scope: Scope, instanceId: string): Promise<InstanceAssociation[]> {
    const rows = await this.store.db
      .selectFrom('appintegrations_application_associations as a')
      .innerJoin('appintegrations_applications as app', (join) =>
        join.onRef('app.account_id', '=', 'a.account_id').onRef('app.region', '=', 'a.region').onRef('app.id', '=', 'a.application_id'),
      )
      .selectAll('a')
      .select('app.name as application_name')
      .where('a.account_id', '=', scope.accountId)
      .where('a.region', '=', scope.region)
      .where('a.instance_id', '=', instanceId)
      .orderBy('a.created_at')
      .orderBy('a.association_id')
      .execute();
    return rows.map((r) => instanceView(r, r.application_name));
  }

  /** What Connect's DeleteIntegrationAssociation does for an application's: removes it; ResourceNotFound when the instance has no such association. */
  async disassociateInstance(scope: Scope, instanceId: string, integrationAssociationId: string): Promise<InstanceAssociation> {
    return this.store.transaction(async (tx) => {
      const row = await tx
        .selectFrom('appintegrations_application_associations')
        .selectAll()
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('instance_id', '=', instanceId)
        .where('integration_association_id', '=', integrationAssociationId)
        .executeTakeFirst();
      if (!row) throw notFound(`The instance ${instanceId} has no integration association ${integrationAssociationId}.`);
      const application = await this.applicationRow(scope, row.application_id, tx);
      await tx
        .deleteFrom('appintegrations_application_associations')
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('association_id', '=', row.association_id)
        .execute();
      return instanceView(row, application.name);
    });
  }
}

export const connectInstanceArn = (scope: Scope, instanceId: string): string => `arn:${partition()}:connect:${scope.region}:${scope.accountId}:instance/${instanceId}`;

function instanceView(row: ApplicationAssociationRow, applicationName: string): InstanceAssociation {
  return {
    IntegrationAssociationId: row.integration_association_id,
    IntegrationAssociationArn: row.integration_association_arn,
    InstanceId: row.instance_id,
    IntegrationType: 'APPLICATION',
    IntegrationArn: row.application_arn,
    ApplicationAssociationArn: row.arn,
    ApplicationName: applicationName,
    CreatedAt: new Date(row.created_at),
  };
}

/** An application by ARN or id, as ApplicationIdentifier accepts. */
export async function findApplication(scope: Scope, identifier: string, db: Db | Tx): Promise<ApplicationRow | undefined> {
  let id = identifier;
  if (identifier.startsWith('arn:')) {
    const parsed = parseAppIntegrationsArn(identifier);
    if (parsed?.type !== 'application' || parsed.accountId !== scope.accountId || parsed.region !== scope.region) return undefined;
    id = parsed.id;
  }
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('appintegrations_applications').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('id', '=', id).executeTakeFirst();
}

function associationsOf(scope: Scope, applicationId: string, db: Db | Tx): Promise<ApplicationAssociationRow[]> {
  return db
    .selectFrom('appintegrations_application_associations')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .execute();
}

/**
 * Refuses a Name or Namespace another application of the region has: DuplicateResourceException on create;
 * on update, whose model lists no DuplicateResourceException, InvalidRequestException.
 */
async function checkNamesFree(scope: Scope, names: { name?: string; namespace?: string }, db: Db | Tx, refusal: (message: string) => AwsError = errors.DuplicateResourceException): Promise<void> {
  for (const [column, value, what] of [['name', names.name, 'name'], ['namespace', names.namespace, 'namespace']] as const) {
    if (value === undefined) continue;
    const taken = await db
      .selectFrom('appintegrations_applications')
      .select('id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where(column, '=', value)
      .executeTakeFirst();
    if (taken) throw refusal(`An application with the ${what} ${value} already exists.`);
  }
}

/** The type an application is created with: ApplicationType, or the deprecated IsService (true: SERVICE); they must agree. */
function applicationType(type: ApplicationType | undefined, isService: boolean | undefined): ApplicationType {
  if (type !== undefined && isService !== undefined && (type === 'SERVICE') !== isService) {
    throw invalidRequest(`IsService ${isService} contradicts ApplicationType ${type}: IsService is deprecated; give ApplicationType alone.`);
  }
  return type ?? (isService ? 'SERVICE' : 'STANDARD');
}

/** What the model's shapes cannot say about an application's settings. */
function checkSettings(input: Pick<CreateApplicationRequest, 'ApplicationSourceConfig' | 'Permissions'> | Pick<UpdateApplicationRequest, 'ApplicationSourceConfig' | 'Permissions'>): void {
  const external = input.ApplicationSourceConfig?.ExternalUrlConfig;
  if (input.ApplicationSourceConfig && !external) throw invalidRequest('ApplicationSourceConfig needs an ExternalUrlConfig.');
  if (external) {
    checkAccessUrl(external.AccessUrl);
    for (const origin of external.ApprovedOrigins ?? []) checkOrigin(origin);
  }
  const unknown = (input.Permissions ?? []).filter((p) => !PERMISSION_NAMES.has(p));
  if (unknown.length > 0) {
    throw invalidRequest(
      `The permission${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not valid. Valid permissions: ${[...PERMISSION_NAMES].join(', ')}.`,
    );
  }
}

const isLocal = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/** The application's URL: an absolute https URL (http only for localhost, for local development). */
function checkAccessUrl(value: string): void {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLocal(url.hostname)))) {
    throw invalidRequest(`The AccessUrl ${value} is not valid: it must be an https URL (http only for localhost).`);
  }
}

/** An approved origin: scheme, host and optional port, nothing more (https://example.com, https://app.example.com:8443). */
function checkOrigin(value: string): void {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const origin = url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined;
  if (!origin || (value !== origin && value !== `${origin}/`)) {
    throw invalidRequest(`The approved origin ${value} is not an origin: give the scheme, host and optional port only (for example https://example.com).`);
  }
}

export function applicationToWire(row: ApplicationRow): GetApplicationResponse {
  return {
    Arn: row.arn,
    Id: row.id,
    Name: row.name,
    Namespace: row.namespace,
    Description: row.description ?? undefined,
    ApplicationSourceConfig: JSON.parse(row.source_config),
    Subscriptions: parse(row.subscriptions),
    Publications: parse(row.publications),
    Permissions: parse(row.permissions),
    IsService: row.application_type === 'SERVICE',
    ApplicationType: row.application_type as ApplicationType,
    InitializationTimeout: row.initialization_timeout ?? undefined,
    ApplicationConfig: parse(row.application_config),
    IframeConfig: parse(row.iframe_config),
    CreatedTime: new Date(row.created_at),
    LastModifiedTime: new Date(row.last_modified_at),
    Tags: JSON.parse(row.tags) as TagMap,
  };
}
