// Amazon AppFlow, the part of it that AppIntegrations' flows need a user to reach, over AppFlow's own
// REST-JSON API (botocore's model): see the flows (ListFlows, DescribeFlow, DescribeFlowExecutionRecords),
// the connector profiles (DescribeConnectorProfiles), and tag or untag a flow (TagResource,
// UntagResource, ListTagsForResource). Removing AppIntegrationsManaged from a flow is what stops the
// service-linked role from running it.
import { errors } from '../../aws/generated/appflow.js';
import { loadModel } from '../../aws/model.js';
import type { AuthorizationTarget, OperationImpl, RequestContext, ServiceApi, ServiceOperations } from '../../aws/service.js';
// The registry writes only these values into its text columns (appflow.ts).
import type { ConnectorType, ExecutionStatus, FlowStatus, Operations } from '../../aws/generated/appflow.js';
import type { AppFlowFlowRow } from '../../store/schema.js';
import { authorizationTarget, type RequestFacts } from '../iam/condition-keys.js';
import { flowTags, type AppFlowRegistry } from './appflow.js';
import type { TagMap } from './domain.js';
import { flowArn } from './names.js';
import { resourceDoesNotExist } from '../kit/refusals.js';
import { resourceInScope, scopeOf, type Scope } from '../kit/scope.js';
import { partition } from '../../aws/partitions.js';

const SOURCE_PROPERTY_KEYS = ['Salesforce', 'ServiceNow', 'Zendesk', 'SAPOData', 'Marketo', 'Slack', 'S3', 'Veeva', 'Pardot', 'CustomConnector'];

export function appFlowApi(flows: AppFlowRegistry): ServiceApi<Operations> {
  const flowNotFound = (name: string) => errors.ResourceNotFoundException(`Flow ${name} does not exist.`);

  const flowByArn = async (scope: Scope, arn: string): Promise<AppFlowFlowRow> => {
    const resource = resourceInScope(arn, 'appflow', scope);
    const flow = resource?.startsWith('flow/') ? await flows.flow(scope, resource.slice('flow/'.length)) : undefined;
    if (!flow) throw errors.ResourceNotFoundException(resourceDoesNotExist(arn));
    return flow;
  };

  const flowTarget = async (action: string, arn: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> => {
    const flow = await flowByArn(scopeOf(ctx), arn).catch(() => undefined);
    return authorizationTarget(action, arn, { ...facts, resourceTags: flow ? (flowTags(flow)) : undefined });
  };

  const flowTargetByName = async (action: string, name: string, ctx: RequestContext): Promise<AuthorizationTarget> => {
    const flow = await flows.flow(scopeOf(ctx), name);
    return authorizationTarget(action, flowArn(ctx.region, ctx.caller.accountId, name), {
      resourceTags: flow ? (flowTags(flow)) : undefined,
    });
  };

  const lastRunDetails = async (scope: Scope, flow: AppFlowFlowRow) => {
    const run = await flows.lastRun(scope, flow.flow_name);
    if (!run) return undefined;
    return {
      mostRecentExecutionStatus: run.status as ExecutionStatus,
      mostRecentExecutionTime: new Date(run.started_at),
      mostRecentExecutionMessage: run.message ?? undefined,
    };
  };

  const operations: ServiceOperations<Operations> = {
    ListFlows: {
      authorize: async () => [await authorizationTarget('appflow:ListFlows', '*')],
      handle: async (_input, ctx) => {
        const scope = scopeOf(ctx);
        const rows = await flows.flows(scope);
        return {
          flows: await Promise.all(
            rows.map(async (flow) => ({
              flowArn: flow.arn,
              flowName: flow.flow_name,
              flowStatus: flow.flow_status as FlowStatus,
              sourceConnectorType: flow.connector_type as ConnectorType,
              destinationConnectorType: 'CustomerProfiles',
              triggerType: 'Scheduled',
              createdAt: new Date(flow.created_at),
              lastUpdatedAt: new Date(flow.updated_at),
              createdBy: `arn:${partition()}:sts::${flow.account_id}:assumed-role/AWSServiceRoleForAppIntegrations/AppIntegrations`,
              tags: flowTags(flow),
              lastRunExecutionDetails: await lastRunDetails(scope, flow),
            })),
          ),
        };
      },
    },
    DescribeFlow: {
      authorize: async (input, ctx) => [await flowTargetByName('appflow:DescribeFlow', input.flowName, ctx)],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const flow = await flows.flow(scope, input.flowName);
        if (!flow) throw flowNotFound(input.flowName);
        const propertyKey = SOURCE_PROPERTY_KEYS.find((k) => k.toLowerCase() === flow.connector_type.toLowerCase()) ?? 'CustomConnector';
        return {
          flowArn: flow.arn,
          flowName: flow.flow_name,
          description: `Created by Amazon AppIntegrations for data integration ${flow.data_integration_id}`,
          flowStatus: flow.flow_status as FlowStatus,
          flowStatusMessage: flow.last_error ?? undefined,
          sourceFlowConfig: {
            connectorType: flow.connector_type as ConnectorType,
            connectorProfileName: flow.connector_profile_name,
            sourceConnectorProperties: { [propertyKey]: { object: flow.source_object ?? undefined } },
          },
          triggerConfig: { triggerType: 'Scheduled', triggerProperties: { Scheduled: { scheduleExpression: flow.schedule_expression } } },
          lastRunExecutionDetails: await lastRunDetails(scope, flow),
          createdAt: new Date(flow.created_at),
          lastUpdatedAt: new Date(flow.updated_at),
          tags: flowTags(flow),
        };
      },
    },
    DescribeFlowExecutionRecords: {
      authorize: async (input, ctx) => [await flowTargetByName('appflow:DescribeFlowExecutionRecords', input.flowName, ctx)],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        if (!(await flows.flow(scope, input.flowName))) throw flowNotFound(input.flowName);
        const runs = await flows.runs(scope, input.flowName);
        return {
          flowExecutions: runs.map((run) => ({
            executionId: run.execution_id,
            executionStatus: run.status as ExecutionStatus,
            startedAt: new Date(run.started_at),
            lastUpdatedAt: new Date(run.completed_at ?? run.started_at),
            executionResult: { recordsProcessed: run.records_processed, errorInfo: run.message ? { executionMessage: run.message } : undefined },
          })),
        };
      },
    },
    DescribeConnectorProfiles: {
      authorize: async () => [await authorizationTarget('appflow:DescribeConnectorProfiles', '*')],
      handle: async (input, ctx) => {
        const names: string[] | undefined = input.connectorProfileNames;
        const rows = (await flows.connectorProfiles(scopeOf(ctx))).filter(
          (p) => (!names || names.includes(p.name)) && (!input.connectorType || p.connector_type === input.connectorType),
        );
        return {
          connectorProfileDetails: rows.map((p) => ({
            connectorProfileArn: p.arn,
            connectorProfileName: p.name,
            connectorType: p.connector_type as ConnectorType,
            connectionMode: 'Public',
            createdAt: new Date(p.created_at),
            lastUpdatedAt: new Date(p.created_at),
          })),
        };
      },
    },
    TagResource: {
      authorize: async (input, ctx) => [await flowTarget('appflow:TagResource', input.resourceArn, ctx, { requestTags: input.tags })],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const flow = await flowByArn(scope, input.resourceArn);
        await flows.setFlowTags(scope, flow.flow_name, { ...(flowTags(flow)), ...input.tags });
        return {};
      },
    },
    UntagResource: {
      authorize: async (input, ctx) => [await flowTarget('appflow:UntagResource', input.resourceArn, ctx, { tagKeys: input.tagKeys })],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const flow = await flowByArn(scope, input.resourceArn);
        const tags = flowTags(flow);
        for (const key of input.tagKeys as string[]) delete tags[key];
        await flows.setFlowTags(scope, flow.flow_name, tags);
        return {};
      },
    },
    ListTagsForResource: {
      authorize: async (input, ctx) => [await flowTarget('appflow:ListTagsForResource', input.resourceArn, ctx)],
      handle: async (input, ctx) => {
        const flow = await flowByArn(scopeOf(ctx), input.resourceArn);
        return { tags: flowTags(flow) };
      },
    },
  };
  return { signingName: 'appflow', protocol: 'rest-json', models: [loadModel('appflow')], operations };
}
