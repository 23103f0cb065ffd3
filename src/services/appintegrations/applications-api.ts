// AppIntegrations' Application operations, as AWS names them, each with the permission the Service
// Authorization Reference gives it (the `application` resource type: aws:ResourceTag/<key>; the creates:
// aws:RequestTag/<key> and aws:TagKeys). Spread into the service's operations by api.ts.
import type { Operations } from '../../aws/generated/appintegrations.js';
import type { Operations as ConnectOperations } from '../../aws/generated/connect-consumers.js';
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import { authorizationTarget, authorizationTargets, type RequestFacts } from '../iam/condition-keys.js';
import { scopeOf } from '../kit/scope.js';
import { connectInstanceArn, type Applications } from './applications.js';
import { invalidRequest, type TagMap } from './domain.js';
import { applicationArn } from './names.js';
import { partition } from '../../aws/partitions.js';

type ApplicationOperations = Pick<
  ServiceOperations<Operations>,
  'CreateApplication' | 'GetApplication' | 'ListApplications' | 'UpdateApplication' | 'DeleteApplication' | 'ListApplicationAssociations'
>;

/**
 * The application an identifier (ARN or id) names, as a target with its tags; when it does not exist, the
 * ARN the request names (or derives from the id), so that the refusal does not tell whether it exists.
 */
export async function applicationTarget(applications: Applications, action: string, identifier: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> {
  const scope = scopeOf(ctx);
  const row = await applications.find(scope, identifier);
  if (!row) return authorizationTarget(action, identifier.startsWith('arn:') ? identifier : applicationArn(scope.region, scope.accountId, identifier), facts);
  return authorizationTarget(action, row.arn, { ...facts, resourceTags: JSON.parse(row.tags) as TagMap });
}

export function applicationOperations(applications: Applications): ApplicationOperations {
  const target = (action: string, identifier: string, ctx: RequestContext) => applicationTarget(applications, action, identifier, ctx);
  return {
    CreateApplication: {
      authorize: async (input, ctx) => {
        const scope = scopeOf(ctx);
        return [await authorizationTarget('app-integrations:CreateApplication', applicationArn(scope.region, scope.accountId, '*'), { requestTags: input.Tags })];
      },
      handle: (input, ctx) => applications.createApplication(scopeOf(ctx), input),
    },
    GetApplication: {
      authorize: async (input, ctx) => [await target('app-integrations:GetApplication', input.Arn, ctx)],
      handle: (input, ctx) => applications.getApplication(scopeOf(ctx), input.Arn),
    },
    ListApplications: {
      authorize: async () => [await authorizationTarget('app-integrations:ListApplications', '*')],
      handle: (input, ctx) => applications.listApplications(scopeOf(ctx), input),
    },
    UpdateApplication: {
      authorize: async (input, ctx) => [await target('app-integrations:UpdateApplication', input.Arn, ctx)],
      handle: async (input, ctx) => {
        await applications.updateApplication(scopeOf(ctx), input);
        return {};
      },
    },
    DeleteApplication: {
      authorize: async (input, ctx) => [await target('app-integrations:DeleteApplication', input.Arn, ctx)],
      handle: async (input, ctx) => {
        await applications.deleteApplication(scopeOf(ctx), input.Arn);
        return {};
      },
    },
    ListApplicationAssociations: {
      authorize: async () => [await authorizationTarget('app-integrations:ListApplicationAssociations', '*')],
      handle: (input, ctx) => applications.listApplicationAssociations(scopeOf(ctx), input.ApplicationId, input),
    },
  };
}

type ConnectApplicationOperations = Pick<
  ServiceOperations<ConnectOperations>,
  'CreateConnectIntegrationAssociation' | 'ListConnectIntegrationAssociations' | 'DeleteConnectIntegrationAssociation'
>;

/**
 * Amazon Connect's integration associations of applications (the `linkedrole-connect` extension: Connect's
 * CreateIntegrationAssociation, ListIntegrationAssociations and DeleteIntegrationAssociation with IntegrationType
 * APPLICATION). Each asks what Connect asks: its own permission on the instance, and AppIntegrations' on the
 * application (creating) or on its associations (removing: decided before anything is read, on
 * `application-association/*`, since the request names only Connect's association).
 */
export function connectApplicationOperations(applications: Applications): ConnectApplicationOperations {
  return {
    CreateConnectIntegrationAssociation: {
      authorize: async (input, ctx) => [
        await authorizationTarget('connect:CreateIntegrationAssociation', connectInstanceArn(scopeOf(ctx), input.InstanceId)),
        await applicationTarget(applications, 'app-integrations:CreateApplicationAssociation', input.IntegrationArn, ctx),
      ],
      handle: async (input, ctx) => {
        if (input.IntegrationType !== 'APPLICATION') {
          throw invalidRequest(
            `linkedrole makes Connect integration associations of IntegrationType APPLICATION only; ${input.IntegrationType} is not modelled (event integrations: linkedrole tasks create-connection).`,
          );
        }
        const made = await applications.associateInstance(scopeOf(ctx), input.InstanceId, input.IntegrationArn);
        return { IntegrationAssociationId: made.IntegrationAssociationId, IntegrationAssociationArn: made.IntegrationAssociationArn };
      },
    },
    ListConnectIntegrationAssociations: {
      authorize: async (input, ctx) => [await authorizationTarget('connect:ListIntegrationAssociations', connectInstanceArn(scopeOf(ctx), input.InstanceId))],
      handle: async (input, ctx) => ({
        IntegrationAssociationSummaryList:
          input.IntegrationType === undefined || input.IntegrationType === 'APPLICATION' ? await applications.instanceAssociations(scopeOf(ctx), input.InstanceId) : [],
      }),
    },
    DeleteConnectIntegrationAssociation: {
      authorize: (input, ctx) => {
        const scope = scopeOf(ctx);
        return authorizationTargets(
          ['connect:DeleteIntegrationAssociation', connectInstanceArn(scope, input.InstanceId)],
          ['app-integrations:DeleteApplicationAssociation', `arn:${partition()}:app-integrations:${scope.region}:${scope.accountId}:application-association/*`],
        );
      },
      handle: async (input, ctx) => ({ Removed: await applications.disassociateInstance(scopeOf(ctx), input.InstanceId, input.IntegrationAssociationId) }),
    },
  };
}
