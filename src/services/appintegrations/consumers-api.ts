// linkedrole's extension API (signing name `linkedrole-connect`, model data/extension-models/
// connect-consumers.json): what the services that consume AppIntegrations do in AWS's console, so the
// seed's deletion procedure can be followed without it. Wisdom (Amazon Q in Connect) knowledge bases
// make data integration associations; Customer Profiles domains and Amazon Connect Tasks make event
// integration associations. Each removes the associations whose ClientId names it (association-clients.ts);
// DeleteDataIntegrationAssociation removes any data integration association, whoever its client is (AWS
// has no public API for it). Also: a data integration's AppFlow flow as the service runs it, and a way
// to run it now. Each operation asks for the permissions the consuming service would need; the removals
// decide on what the request names, before anything is read.
import { errors as appIntegrationsErrors } from '../../aws/generated/appintegrations.js';
import { randomUUID } from 'node:crypto';
import { loadModel } from '../../aws/model.js';
import type { OperationImpl, RequestContext, ServiceApi, ServiceOperations } from '../../aws/service.js';
import type {
  CreateConnectionResponse,
  CreateCustomerProfilesConnectionRequest,
  CreateTasksConnectionRequest,
  ListConnectionsRequest,
  ListConnectionsResponse,
  Operations,
  RemoveConnectionRequest,
  RemoveConnectionResponse,
} from '../../aws/generated/connect-consumers.js';
import type { IntegrationAssociationRow } from '../../store/schema.js';
import { authorizationTargets } from '../iam/condition-keys.js';
import type { FlowRunner } from './flow-runner.js';
import { invalidRequest, notFound, parse, type Consumer } from './domain.js';
import { integrationTarget } from './api.js';
import { connectApplicationOperations } from './applications-api.js';
import type { AppIntegrations } from './integrations.js';
import { dataIntegrationAssociationResource } from './names.js';
import { scopeOf, type Scope } from '../kit/scope.js';
import { partition } from '../../aws/partitions.js';

type EventConsumer = 'customer-profiles' | 'tasks';

/** One consuming service's connection operations (CreateTasksConnection, ListTasksConnections, RemoveTasksConnection, ...). */
interface EventConsumerOperations<CreateInput> {
  create: OperationImpl<CreateInput, CreateConnectionResponse>;
  list: OperationImpl<ListConnectionsRequest, ListConnectionsResponse>;
  remove: OperationImpl<RemoveConnectionRequest, RemoveConnectionResponse>;
}

export function connectConsumersApi(integrations: AppIntegrations, flows: FlowRunner): ServiceApi<Operations> {
  const dataIntegrationTarget = (action: string, identifier: string, ctx: RequestContext) => integrationTarget(integrations, action, identifier, ctx);

  /** A Wisdom association: made by Wisdom, or through the API with a knowledge base's ARN as its ClientId. */
  const wisdomView = (row: IntegrationAssociationRow, integrationName: string | undefined) => ({
      KnowledgeBaseName: row.consumer_resource_name ?? parse<Record<string, string>>(row.client_association_metadata)?.KnowledgeBaseName,
      KnowledgeBaseArn: row.consumer_resource_arn ?? row.client_id ?? undefined,
      DataIntegrationName: integrationName,
      DataIntegrationArn: row.integration_arn,
      DataIntegrationAssociationArn: row.arn,
      DataIntegrationAssociationId: row.association_id,
      CreatedAt: new Date(row.created_at),
  });

  const connectionView = (consumer: EventConsumer, row: IntegrationAssociationRow) => ({
    EventIntegrationName: row.integration_key,
    EventIntegrationArn: row.integration_arn,
    EventIntegrationAssociationArn: row.arn,
    EventIntegrationAssociationId: row.association_id,
    ClientId: row.client_id ?? undefined,
    ...(consumer === 'customer-profiles' ? { DomainName: row.consumer_resource_name ?? undefined } : { InstanceId: row.consumer_resource_name ?? undefined }),
    CreatedAt: new Date(row.created_at),
  });

  const wisdomViews = async (scope: Scope, rows: IntegrationAssociationRow[]) => {
    const names = new Map<string, string | undefined>();
    for (const key of new Set(rows.map((r) => r.integration_key))) {
      names.set(key, (await integrations.dataIntegrations.dataIntegrationRow(scope, key).catch(() => undefined))?.name);
    }
    return rows.map((r) => wisdomView(r, names.get(r.integration_key)));
  };

  /** Create, List and Remove of one consuming service's connections; `resourceNameOf` reads its domain or instance from a create. */
  const eventConsumerOperations = <CreateInput extends { EventIntegrationName: string }>(
    consumer: EventConsumer,
    resourceNameOf: (input: CreateInput) => string,
    resourceOf: (scope: Scope, name: string) => string,
  ): EventConsumerOperations<CreateInput> => {
    return {
      create: {
        authorize: async (input, ctx) => {
          const scope = scopeOf(ctx);
          const resourceName = resourceNameOf(input);
          const eventIntegration = `arn:${partition()}:app-integrations:${scope.region}:${scope.accountId}:event-integration/${input.EventIntegrationName}`;
          return [
            consumer === 'tasks'
              ? { action: 'connect:CreateIntegrationAssociation', resource: resourceOf(scope, resourceName) }
              : { action: 'profile:PutIntegration', resource: resourceOf(scope, resourceName) },
            {
              action: 'app-integrations:CreateEventIntegrationAssociation',
              resource: eventIntegration,
              resourceTags: await integrations.tags.resourceTags(scope, eventIntegration),
            },
          ];
        },
        handle: async (input, ctx) => {
          const scope = scopeOf(ctx);
          const resourceName = resourceNameOf(input);
          const owner: Consumer = { consumer, resourceArn: resourceOf(scope, resourceName), resourceName };
          const created = await integrations.associations.createEventIntegrationAssociation(
            scope,
            input.EventIntegrationName,
            { ClientId: owner.resourceArn!, ClientAssociationMetadata: consumer === 'tasks' ? { InstanceId: resourceName } : { DomainName: resourceName } },
            owner,
          );
          const rows = await integrations.associations.clientAssociations(scope, consumer, input.EventIntegrationName);
          const row = rows.find((r) => r.association_id === created.EventIntegrationAssociationId)!;
          return { Connection: connectionView(consumer, row) };
        },
      },
      list: {
        authorize: (_input, ctx) => [
          consumer === 'tasks'
            ? { action: 'connect:ListIntegrationAssociations', resource: `arn:${partition()}:connect:${ctx.region}:${ctx.caller.accountId}:instance/*` }
            : { action: 'profile:ListIntegrations', resource: `arn:${partition()}:profile:${ctx.region}:${ctx.caller.accountId}:domains/*` },
        ],
        handle: async (_input, ctx) => ({
          Connections: (await integrations.associations.clientAssociations(scopeOf(ctx), consumer)).map((r) => connectionView(consumer, r)),
        }),
      },
      remove: {
        // Decided on what the request names, before anything is read: every connection of the
        // service to the event integration (of any of its instances or domains).
        authorize: (input, ctx) => {
          const scope = scopeOf(ctx);
          return authorizationTargets(
            [consumer === 'tasks' ? 'connect:DeleteIntegrationAssociation' : 'profile:DeleteIntegration', resourceOf(scope, '*')],
            ['app-integrations:DeleteEventIntegrationAssociation', `arn:${partition()}:app-integrations:${scope.region}:${scope.accountId}:event-integration-association/${input.Name}/*`],
          );
        },
        handle: async (input, ctx) => {
          const { rows } = await integrations.associations.removeClientAssociations(scopeOf(ctx), consumer, input.Name);
          return { Removed: rows.map((r) => connectionView(consumer, r)) };
        },
      },
    };
  };
  const customerProfiles = eventConsumerOperations(
    'customer-profiles',
    (input: CreateCustomerProfilesConnectionRequest) => input.DomainName,
    (s, domain) => `arn:${partition()}:profile:${s.region}:${s.accountId}:domains/${domain}`,
  );
  const tasks = eventConsumerOperations(
    'tasks',
    (input: CreateTasksConnectionRequest) => input.InstanceId,
    (s, instance) => `arn:${partition()}:connect:${s.region}:${s.accountId}:instance/${instance}`,
  );

  const operations: ServiceOperations<Operations> = {
    ...connectApplicationOperations(integrations.applications),
    CreateWisdomAssociation: {
      authorize: async (input, ctx) => [
        { action: 'wisdom:CreateKnowledgeBase', resource: `arn:${partition()}:wisdom:${ctx.region}:${ctx.caller.accountId}:knowledge-base/*` },
        await dataIntegrationTarget('app-integrations:CreateDataIntegrationAssociation', input.DataIntegrationIdentifier, ctx),
        await dataIntegrationTarget('app-integrations:GetDataIntegration', input.DataIntegrationIdentifier, ctx),
      ],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const knowledgeBaseArn = `arn:${partition()}:wisdom:${scope.region}:${scope.accountId}:knowledge-base/${randomUUID()}`;
        const created = await integrations.associations.createDataIntegrationAssociation(
          scope,
          input.DataIntegrationIdentifier,
          { ClientId: knowledgeBaseArn, ClientAssociationMetadata: { KnowledgeBaseName: input.KnowledgeBaseName } },
          { consumer: 'wisdom', resourceArn: knowledgeBaseArn, resourceName: input.KnowledgeBaseName },
        );
        const rows = await integrations.associations.clientAssociations(scope, 'wisdom', created.DataIntegrationArn.split('/').pop());
        return { Association: wisdomView(rows.find((r) => r.association_id === created.DataIntegrationAssociationId)!, created.DataIntegrationName) };
      },
    },
    ListWisdomAssociations: {
      authorize: (_input, ctx) => [{ action: 'wisdom:ListKnowledgeBases', resource: `arn:${partition()}:wisdom:${ctx.region}:${ctx.caller.accountId}:knowledge-base/*` }],
      handle: async (_input, ctx) => {
        const scope = scopeOf(ctx);
        return { Associations: await wisdomViews(scope, await integrations.associations.clientAssociations(scope, 'wisdom')) };
      },
    },
    DeleteWisdomAssociation: {
      // Decided on what the request names, before anything is read: Wisdom deletes the knowledge bases
      // that use the data integration, and with them their associations.
      authorize: (input, ctx) => {
        const scope = scopeOf(ctx);
        return authorizationTargets(
          ['wisdom:DeleteKnowledgeBase', `arn:${partition()}:wisdom:${scope.region}:${scope.accountId}:knowledge-base/*`],
          ['app-integrations:DeleteDataIntegrationAssociation', dataIntegrationAssociationResource(scope.region, scope.accountId, input.Name)],
        );
      },
      handle: async (input, ctx) => {
        const { integration, rows } = await integrations.associations.removeClientAssociations(scopeOf(ctx), 'wisdom', input.Name);
        return { Deleted: rows.map((r) => wisdomView(r, integration.name)) };
      },
    },
    DeleteDataIntegrationAssociation: {
      authorize: (input, ctx) =>
        authorizationTargets([
          'app-integrations:DeleteDataIntegrationAssociation',
          dataIntegrationAssociationResource(ctx.region, ctx.caller.accountId, input.DataIntegrationIdentifier, input.DataIntegrationAssociationIdentifier),
        ]),
      handle: async (input, ctx) => {
        const { integration, row } = await integrations.associations.deleteDataIntegrationAssociation(
          scopeOf(ctx),
          input.DataIntegrationIdentifier,
          input.DataIntegrationAssociationIdentifier,
        );
        return {
          DataIntegrationAssociationArn: row.arn,
          DataIntegrationAssociationId: row.association_id,
          DataIntegrationArn: integration.arn,
          DataIntegrationName: integration.name,
          ClientId: row.client_id ?? undefined,
        };
      },
    },
    CreateCustomerProfilesConnection: customerProfiles.create,
    ListCustomerProfilesConnections: customerProfiles.list,
    RemoveCustomerProfilesConnection: customerProfiles.remove,
    CreateTasksConnection: tasks.create,
    ListTasksConnections: tasks.list,
    RemoveTasksConnection: tasks.remove,
    DescribeDataIntegrationFlow: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:GetDataIntegration', input.Identifier, ctx)],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const integration = await integrations.dataIntegrations.dataIntegrationRow(scope, input.Identifier);
        const view = await flows.describeDataIntegrationFlow(scope, integration.id);
        if (!view) {
          throw notFound(`The data integration ${integration.name} has no AppFlow flow (a flow needs an AppFlow SourceURI and a ScheduleConfig).`);
        }
        return { DataIntegrationArn: integration.arn, ...view };
      },
    },
    StartDataIntegrationFlowRun: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:StartDataIntegrationExecution', input.Identifier, ctx)],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const integration = await integrations.dataIntegrations.dataIntegrationRow(scope, input.Identifier);
        const view = await flows.describeDataIntegrationFlow(scope, integration.id);
        if (!view) throw notFound(`The data integration ${integration.name} has no AppFlow flow.`);
        if (view.FlowStatus !== 'Active') throw invalidRequest(`The flow ${view.FlowName} is ${view.FlowStatus}, not Active: ${view.LastError ?? ''}`.trim());
        if (view.LastRun?.ExecutionStatus === 'InProgress') throw invalidRequest(`The flow ${view.FlowName} already has a run in progress.`);
        const run = await flows.startRun(scope, integration.id, input.DurationSeconds ?? 0);
        if (!run) throw appIntegrationsErrors.ThrottlingException(`The flow ${view.FlowName} is busy; retry in a moment.`);
        return { FlowName: view.FlowName, Run: run };
      },
    },
  };
  return {
    signingName: 'linkedrole-connect',
    protocol: 'rest-json',
    models: [loadModel('connect-consumers')],
    operations,
  };
}
