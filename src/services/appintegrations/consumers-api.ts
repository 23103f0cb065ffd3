// linkedrole's extension API (signing name `linkedrole-connect`, model data/extension-models/
// connect-consumers.json): what the services that consume AppIntegrations do in AWS's console, so the
// seed's deletion procedure can be followed without it. Wisdom (Amazon Q in Connect) knowledge bases
// make data integration associations; Customer Profiles domains and Amazon Connect Tasks make event
// integration associations. Also: a data integration's AppFlow flow as the service runs it, and a way
// to run it now. Each operation asks for the permissions the consuming service would need.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/errors.js';
import { loadModel } from '../../aws/model.js';
import type { AuthorizationTarget, OperationImpl, RequestContext, ServiceApi } from '../../aws/service.js';
import type { IntegrationAssociationRow } from '../../store/schema.js';
import { scopeOf } from './api.js';
import type { FlowService } from './flows.js';
import { invalidRequest, notFound, type Consumer, type Scope } from './domain.js';
import type { AppIntegrations } from './integrations.js';
import { dataIntegrationArn } from './names.js';

type EventConsumer = 'customer-profiles' | 'tasks';

const CONSUMER_NAMES: Record<EventConsumer, string> = { 'customer-profiles': 'Customer Profiles', tasks: 'Tasks' };

export function connectConsumersApi(integrations: AppIntegrations, flows: FlowService): ServiceApi {
  const dataIntegrationTarget = async (action: string, identifier: string, ctx: RequestContext): Promise<AuthorizationTarget> => {
    const scope = scopeOf(ctx);
    const row = await integrations.dataIntegrationRow(scope, identifier).catch(() => undefined);
    if (!row) return { action, resource: identifier.startsWith('arn:') ? identifier : dataIntegrationArn(scope.region, scope.accountId, identifier) };
    return { action, resource: row.arn, resourceTags: JSON.parse(row.tags) as Record<string, string> };
  };

  const wisdomView = async (scope: Scope, row: IntegrationAssociationRow) => {
    const integration = await integrations.dataIntegrationRow(scope, row.integration_key).catch(() => undefined);
    return {
      KnowledgeBaseName: row.consumer_resource_name ?? undefined,
      KnowledgeBaseArn: row.consumer_resource_arn ?? undefined,
      DataIntegrationName: integration?.name,
      DataIntegrationArn: row.integration_arn,
      DataIntegrationAssociationArn: row.arn,
      DataIntegrationAssociationId: row.association_id,
      CreatedAt: new Date(row.created_at),
    };
  };

  const connectionView = (consumer: EventConsumer, row: IntegrationAssociationRow) => ({
    EventIntegrationName: row.integration_key,
    EventIntegrationArn: row.integration_arn,
    EventIntegrationAssociationArn: row.arn,
    EventIntegrationAssociationId: row.association_id,
    ClientId: row.client_id ?? undefined,
    ...(consumer === 'customer-profiles' ? { DomainName: row.consumer_resource_name ?? undefined } : { InstanceId: row.consumer_resource_name ?? undefined }),
    CreatedAt: new Date(row.created_at),
  });

  /** The Wisdom associations of the data integration a name (or id, or ARN) names. */
  const wisdomAssociationsOf = async (scope: Scope, identifier: string) => {
    const integration = await integrations.dataIntegrationRow(scope, identifier);
    return { integration, rows: await integrations.consumerAssociations(scope, 'wisdom', integration.id) };
  };

  const eventConsumerOperations = (consumer: EventConsumer, prefix: string, resourceOf: (scope: Scope, name: string) => string) => {
    const label = CONSUMER_NAMES[consumer];
    const ops: Record<string, OperationImpl> = {
      [`Create${prefix}Connection`]: {
        authorize: async (input, ctx) => {
          const scope = scopeOf(ctx);
          const resourceName = consumer === 'tasks' ? input.InstanceId : input.DomainName;
          const eventIntegration = `arn:aws:app-integrations:${scope.region}:${scope.accountId}:event-integration/${input.EventIntegrationName}`;
          return [
            consumer === 'tasks'
              ? { action: 'connect:CreateIntegrationAssociation', resource: resourceOf(scope, resourceName) }
              : { action: 'profile:PutIntegration', resource: resourceOf(scope, resourceName) },
            {
              action: 'app-integrations:CreateEventIntegrationAssociation',
              resource: eventIntegration,
              resourceTags: await integrations.resourceTags(scope, eventIntegration),
            },
          ];
        },
        handle: async (input, ctx) => {
          const scope = scopeOf(ctx);
          const resourceName: string = consumer === 'tasks' ? input.InstanceId : input.DomainName;
          const owner: Consumer = { consumer, resourceArn: resourceOf(scope, resourceName), resourceName };
          const created = await integrations.createEventIntegrationAssociation(
            scope,
            input.EventIntegrationName,
            { ClientId: owner.resourceArn!, ClientAssociationMetadata: consumer === 'tasks' ? { InstanceId: resourceName } : { DomainName: resourceName } },
            owner,
          );
          const rows = await integrations.consumerAssociations(scope, consumer, input.EventIntegrationName);
          const row = rows.find((r) => r.association_id === created.EventIntegrationAssociationId)!;
          return { Connection: connectionView(consumer, row) };
        },
      },
      [`List${prefix}Connections`]: {
        authorize: (_input, ctx) => [
          consumer === 'tasks'
            ? { action: 'connect:ListIntegrationAssociations', resource: `arn:aws:connect:${ctx.region}:${ctx.caller.accountId}:instance/*` }
            : { action: 'profile:ListIntegrations', resource: `arn:aws:profile:${ctx.region}:${ctx.caller.accountId}:domains/*` },
        ],
        handle: async (_input, ctx) => ({
          Connections: (await integrations.consumerAssociations(scopeOf(ctx), consumer)).map((r) => connectionView(consumer, r)),
        }),
      },
      [`Remove${prefix}Connection`]: {
        authorize: async (input, ctx) => {
          const rows = await integrations.consumerAssociations(scopeOf(ctx), consumer, input.Name);
          return rows.flatMap((r) => [
            consumer === 'tasks'
              ? { action: 'connect:DeleteIntegrationAssociation', resource: r.consumer_resource_arn ?? '*' }
              : { action: 'profile:DeleteIntegration', resource: r.consumer_resource_arn ?? '*' },
            { action: 'app-integrations:DeleteEventIntegrationAssociation', resource: r.arn },
          ]);
        },
        handle: async (input, ctx) => {
          const scope = scopeOf(ctx);
          await integrations.eventIntegrationRow(scope, input.Name);
          const rows = await integrations.consumerAssociations(scope, consumer, input.Name);
          if (rows.length === 0) throw notFound(`${label} has no connection to the event integration ${input.Name}.`);
          await integrations.deleteAssociations(scope, rows.map((r) => r.association_id));
          return { Removed: rows.map((r) => connectionView(consumer, r)) };
        },
      },
    };
    return ops;
  };

  const operations: Record<string, OperationImpl> = {
    CreateWisdomAssociation: {
      authorize: async (input, ctx) => [
        { action: 'wisdom:CreateKnowledgeBase', resource: `arn:aws:wisdom:${ctx.region}:${ctx.caller.accountId}:knowledge-base/*` },
        await dataIntegrationTarget('app-integrations:CreateDataIntegrationAssociation', input.DataIntegrationIdentifier, ctx),
        await dataIntegrationTarget('app-integrations:GetDataIntegration', input.DataIntegrationIdentifier, ctx),
      ],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const knowledgeBaseArn = `arn:aws:wisdom:${scope.region}:${scope.accountId}:knowledge-base/${randomUUID()}`;
        const created = await integrations.createDataIntegrationAssociation(
          scope,
          input.DataIntegrationIdentifier,
          { ClientId: knowledgeBaseArn, ClientAssociationMetadata: { KnowledgeBaseName: input.KnowledgeBaseName } },
          { consumer: 'wisdom', resourceArn: knowledgeBaseArn, resourceName: input.KnowledgeBaseName },
        );
        const rows = await integrations.consumerAssociations(scope, 'wisdom');
        return { Association: await wisdomView(scope, rows.find((r) => r.association_id === created.DataIntegrationAssociationId)!) };
      },
    },
    ListWisdomAssociations: {
      authorize: (_input, ctx) => [{ action: 'wisdom:ListKnowledgeBases', resource: `arn:aws:wisdom:${ctx.region}:${ctx.caller.accountId}:knowledge-base/*` }],
      handle: async (_input, ctx) => {
        const scope = scopeOf(ctx);
        const rows = await integrations.consumerAssociations(scope, 'wisdom');
        return { Associations: await Promise.all(rows.map((r) => wisdomView(scope, r))) };
      },
    },
    DeleteWisdomAssociation: {
      authorize: async (input, ctx) => {
        const found = await wisdomAssociationsOf(scopeOf(ctx), input.Name).catch(() => undefined);
        return (found?.rows ?? []).flatMap((r) => [
          { action: 'wisdom:DeleteKnowledgeBase', resource: r.consumer_resource_arn ?? '*' },
          { action: 'app-integrations:DeleteDataIntegrationAssociation', resource: r.arn },
        ]);
      },
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const { integration, rows } = await wisdomAssociationsOf(scope, input.Name);
        if (rows.length === 0) throw notFound(`Wisdom has no integration with the data integration ${integration.name}.`);
        const deleted = await Promise.all(rows.map((r) => wisdomView(scope, r)));
        await integrations.deleteAssociations(scope, rows.map((r) => r.association_id));
        return { Deleted: deleted };
      },
    },
    ...eventConsumerOperations('customer-profiles', 'CustomerProfiles', (s, domain) => `arn:aws:profile:${s.region}:${s.accountId}:domains/${domain}`),
    ...eventConsumerOperations('tasks', 'Tasks', (s, instance) => `arn:aws:connect:${s.region}:${s.accountId}:instance/${instance}`),
    DescribeDataIntegrationFlow: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:GetDataIntegration', input.Identifier, ctx)],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const integration = await integrations.dataIntegrationRow(scope, input.Identifier);
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
        const integration = await integrations.dataIntegrationRow(scope, input.Identifier);
        const view = await flows.describeDataIntegrationFlow(scope, integration.id);
        if (!view) throw notFound(`The data integration ${integration.name} has no AppFlow flow.`);
        if (view.FlowStatus !== 'Active') throw invalidRequest(`The flow ${view.FlowName} is ${view.FlowStatus}, not Active: ${view.LastError ?? ''}`.trim());
        if (view.LastRun?.ExecutionStatus === 'InProgress') throw invalidRequest(`The flow ${view.FlowName} already has a run in progress.`);
        const run = await flows.startRun(scope, integration.id, input.DurationSeconds ?? 0);
        if (!run) throw new AwsError('ThrottlingException', `The flow ${view.FlowName} is busy; retry in a moment.`, 429);
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
