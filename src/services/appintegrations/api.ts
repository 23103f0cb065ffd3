// Amazon AppIntegrations' operations, named as AWS names them. Each declares the permissions it needs
// (with the tag context keys IAM's service authorization reference lists) and calls the domain.
import { loadModel } from '../../aws/model.js';
import type { AuthorizationTarget, RequestContext, ServiceApi, ServiceOperations } from '../../aws/service.js';
import type { Operations } from '../../aws/generated/appintegrations.js';
import { authorizationTarget, type RequestFacts } from '../iam/condition-keys.js';
import type { TagMap } from './domain.js';
import { applicationOperations } from './applications-api.js';
import type { AppIntegrations } from './integrations.js';
import { appFlowSource, dataIntegrationArn, dataIntegrationAssociationResource, eventIntegrationArn, serviceRoleArn, SERVICE_PRINCIPAL } from './names.js';
import { scopeOf } from '../kit/scope.js';

export interface AppIntegrationsApiDeps {
  integrations: AppIntegrations;
  /** Whether AWSServiceRoleForAppIntegrations exists in the account (if not, creating an integration creates it). */
  serviceLinkedRoleExists(accountId: string): Promise<boolean>;
}

/** The data integration an identifier names, as a target (its ARN and tags); a guessed ARN when it does not exist. */
export async function integrationTarget(
  integrations: AppIntegrations,
  action: string,
  identifier: string,
  ctx: RequestContext,
  facts: RequestFacts = {},
): Promise<AuthorizationTarget> {
  const scope = scopeOf(ctx);
  const row = await integrations.dataIntegrations.dataIntegrationRow(scope, identifier).catch(() => undefined);
  if (!row) {
    const resource = identifier.startsWith('arn:') ? identifier : dataIntegrationArn(scope.region, scope.accountId, identifier);
    return authorizationTarget(action, resource, facts);
  }
  return authorizationTarget(action, row.arn, { ...facts, resourceTags: JSON.parse(row.tags) as TagMap });
}

export function appIntegrationsApi(deps: AppIntegrationsApiDeps): ServiceApi<Operations> {
  const { integrations } = deps;

  /** The side effect every create has: the service-linked role, when the account does not have it yet. */
  const roleCreation = async (ctx: RequestContext): Promise<AuthorizationTarget[]> =>
    (await deps.serviceLinkedRoleExists(ctx.caller.accountId))
      ? []
      : [await authorizationTarget('iam:CreateServiceLinkedRole', serviceRoleArn(ctx.caller.accountId), { keys: { 'iam:AWSServiceName': SERVICE_PRINCIPAL } })];

  const dataIntegrationTarget = (action: string, identifier: string, ctx: RequestContext, facts: RequestFacts = {}) =>
    integrationTarget(integrations, action, identifier, ctx, facts);

  const eventIntegrationTarget = async (action: string, name: string, ctx: RequestContext): Promise<AuthorizationTarget> => {
    const scope = scopeOf(ctx);
    const resource = eventIntegrationArn(scope.region, scope.accountId, name);
    return authorizationTarget(action, resource, { resourceTags: () => integrations.tags.resourceTags(scope, resource) });
  };

  /** A permission on a resource named by ARN in the request (tagging), with its tags. */
  const arnTarget = async (action: string, arn: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> =>
    authorizationTarget(action, arn, { ...facts, resourceTags: () => integrations.tags.resourceTags(scopeOf(ctx), arn) });
  const onAll = (action: string) => async () => [await authorizationTarget(action, '*')];

  const operations: ServiceOperations<Operations> = {
    ...applicationOperations(integrations.applications),
    CreateDataIntegration: {
      authorize: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const targets: AuthorizationTarget[] = [
          await authorizationTarget('app-integrations:CreateDataIntegration', dataIntegrationArn(scope.region, scope.accountId, '*'), { requestTags: input.Tags }),
        ];
        // The flow of a scheduled AppFlow source is created with the caller's forward access.
        if (input.ScheduleConfig && appFlowSource(input.SourceURI)) targets.push(await authorizationTarget('appflow:CreateFlow', '*'));
        return [...targets, ...(await roleCreation(ctx))];
      },
      handle: (input, ctx) => integrations.dataIntegrations.createDataIntegration(scopeOf(ctx), input),
    },
    GetDataIntegration: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:GetDataIntegration', input.Identifier, ctx)],
      handle: (input, ctx) => integrations.dataIntegrations.getDataIntegration(scopeOf(ctx), input.Identifier),
    },
    ListDataIntegrations: {
      authorize: onAll('app-integrations:ListDataIntegrations'),
      handle: (input, ctx) => integrations.dataIntegrations.listDataIntegrations(scopeOf(ctx), input),
    },
    UpdateDataIntegration: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:UpdateDataIntegration', input.Identifier, ctx)],
      handle: async (input, ctx) => {
        await integrations.dataIntegrations.updateDataIntegration(scopeOf(ctx), input.Identifier, { Name: input.Name, Description: input.Description });
        return {};
      },
    },
    DeleteDataIntegration: {
      authorize: async (input, ctx) => [await dataIntegrationTarget('app-integrations:DeleteDataIntegration', input.DataIntegrationIdentifier, ctx)],
      handle: async (input, ctx) => {
        await integrations.dataIntegrations.deleteDataIntegration(scopeOf(ctx), input.DataIntegrationIdentifier);
        return {};
      },
    },
    CreateDataIntegrationAssociation: {
      authorize: async (input, ctx) => [
        await dataIntegrationTarget('app-integrations:CreateDataIntegrationAssociation', input.DataIntegrationIdentifier, ctx),
      ],
      handle: async (input, ctx) => {
        const created = await integrations.associations.createDataIntegrationAssociation(scopeOf(ctx), input.DataIntegrationIdentifier, input);
        return { DataIntegrationAssociationId: created.DataIntegrationAssociationId, DataIntegrationArn: created.DataIntegrationArn };
      },
    },
    UpdateDataIntegrationAssociation: {
      // Decided on the association the request names, before anything is read (names.ts).
      authorize: async (input, ctx) => [
        await authorizationTarget(
          'app-integrations:UpdateDataIntegrationAssociation',
          dataIntegrationAssociationResource(ctx.region, ctx.caller.accountId, input.DataIntegrationIdentifier, input.DataIntegrationAssociationIdentifier),
        ),
      ],
      handle: async (input, ctx) => {
        await integrations.associations.updateDataIntegrationAssociation(
          scopeOf(ctx),
          input.DataIntegrationIdentifier,
          input.DataIntegrationAssociationIdentifier,
          input.ExecutionConfiguration,
        );
        return {};
      },
    },
    ListDataIntegrationAssociations: {
      authorize: onAll('app-integrations:ListDataIntegrationAssociations'),
      handle: (input, ctx) => integrations.associations.listDataIntegrationAssociations(scopeOf(ctx), input.DataIntegrationIdentifier, input),
    },
    CreateEventIntegration: {
      authorize: async (input, ctx) => {
        const scope = scopeOf(ctx);
        return [
          await authorizationTarget('app-integrations:CreateEventIntegration', eventIntegrationArn(scope.region, scope.accountId, input.Name), { requestTags: input.Tags }),
          ...(await roleCreation(ctx)),
        ];
      },
      handle: (input, ctx) => integrations.eventIntegrations.createEventIntegration(scopeOf(ctx), input),
    },
    GetEventIntegration: {
      authorize: async (input, ctx) => [await eventIntegrationTarget('app-integrations:GetEventIntegration', input.Name, ctx)],
      handle: (input, ctx) => integrations.eventIntegrations.getEventIntegration(scopeOf(ctx), input.Name),
    },
    ListEventIntegrations: {
      authorize: onAll('app-integrations:ListEventIntegrations'),
      handle: (input, ctx) => integrations.eventIntegrations.listEventIntegrations(scopeOf(ctx), input),
    },
    UpdateEventIntegration: {
      authorize: async (input, ctx) => [await eventIntegrationTarget('app-integrations:UpdateEventIntegration', input.Name, ctx)],
      handle: async (input, ctx) => {
        await integrations.eventIntegrations.updateEventIntegration(scopeOf(ctx), input.Name, { Description: input.Description });
        return {};
      },
    },
    DeleteEventIntegration: {
      authorize: async (input, ctx) => [await eventIntegrationTarget('app-integrations:DeleteEventIntegration', input.Name, ctx)],
      handle: async (input, ctx) => {
        await integrations.eventIntegrations.deleteEventIntegration(scopeOf(ctx), input.Name);
        return {};
      },
    },
    ListEventIntegrationAssociations: {
      authorize: onAll('app-integrations:ListEventIntegrationAssociations'),
      handle: (input, ctx) => integrations.associations.listEventIntegrationAssociations(scopeOf(ctx), input.EventIntegrationName, input),
    },
    TagResource: {
      authorize: async (input, ctx) => [await arnTarget('app-integrations:TagResource', input.resourceArn, ctx, { requestTags: input.tags })],
      handle: async (input, ctx) => {
        await integrations.tags.tagResource(scopeOf(ctx), input.resourceArn, input.tags);
        return {};
      },
    },
    UntagResource: {
      authorize: async (input, ctx) => [await arnTarget('app-integrations:UntagResource', input.resourceArn, ctx, { tagKeys: input.tagKeys })],
      handle: async (input, ctx) => {
        await integrations.tags.untagResource(scopeOf(ctx), input.resourceArn, input.tagKeys);
        return {};
      },
    },
    ListTagsForResource: {
      authorize: async (input, ctx) => [await arnTarget('app-integrations:ListTagsForResource', input.resourceArn, ctx)],
      handle: async (input, ctx) => ({ tags: await integrations.tags.listTagsForResource(scopeOf(ctx), input.resourceArn) }),
    },
  };
  return { signingName: 'app-integrations', protocol: 'rest-json', models: [loadModel('appintegrations')], operations };
}
