// Amazon AppFlow, the part of it that AppIntegrations' flows need a user to reach, over AppFlow's own
// REST-JSON API (botocore's model): see the flows (ListFlows, DescribeFlow, DescribeFlowExecutionRecords),
// the connector profiles (DescribeConnectorProfiles), and tag or untag a flow (TagResource,
// UntagResource, ListTagsForResource). Removing AppIntegrationsManaged from a flow is what stops the
// service-linked role from running it.
import { AwsError } from '../../aws/errors.js';
import { loadModel } from '../../aws/model.js';
import type { AuthorizationTarget, OperationImpl, RequestContext, ServiceApi } from '../../aws/service.js';
import type { AppFlowFlowRow } from '../../store/schema.js';
import { authorizationTarget, type RequestFacts } from '../iam/condition-keys.js';
import { scopeOf } from './api.js';
import type { FlowService } from './flows.js';
import type { Scope, TagMap } from './domain.js';

const SOURCE_PROPERTY_KEYS = ['Salesforce', 'ServiceNow', 'Zendesk', 'SAPOData', 'Marketo', 'Slack', 'S3', 'Veeva', 'Pardot', 'CustomConnector'];

export function appFlowApi(flows: FlowService): ServiceApi {
  const flowNotFound = (name: string) => new AwsError('ResourceNotFoundException', `Flow ${name} does not exist.`, 404);

  const flowByArn = async (scope: Scope, arn: string): Promise<AppFlowFlowRow> => {
    const match = /^arn:aws:appflow:([a-z0-9-]+):(\d{12}):flow\/(.+)$/.exec(arn);
    if (!match) throw new AwsError('ResourceNotFoundException', `The resource ${arn} does not exist.`, 404);
    const [, region, accountId, name] = match;
    const flow = region === scope.region && accountId === scope.accountId ? await flows.flow(scope, name) : undefined;
    if (!flow) throw new AwsError('ResourceNotFoundException', `The resource ${arn} does not exist.`, 404);
    return flow;
  };

  const flowTarget = async (action: string, arn: string, ctx: RequestContext, facts: RequestFacts = {}): Promise<AuthorizationTarget> => {
    const flow = await flowByArn(scopeOf(ctx), arn).catch(() => undefined);
    return authorizationTarget(action, arn, { ...facts, resourceTags: flow ? (JSON.parse(flow.tags) as TagMap) : undefined });
  };

  const flowTargetByName = async (action: string, name: string, ctx: RequestContext): Promise<AuthorizationTarget> => {
    const flow = await flows.flow(scopeOf(ctx), name);
    return authorizationTarget(action, `arn:aws:appflow:${ctx.region}:${ctx.caller.accountId}:flow/${name}`, {
      resourceTags: flow ? (JSON.parse(flow.tags) as TagMap) : undefined,
    });
  };

  const lastRunDetails = async (scope: Scope, flow: AppFlowFlowRow) => {
    const run = await flows.lastRun(scope, flow.flow_name);
    if (!run) return undefined;
    return {
      mostRecentExecutionStatus: run.status,
      mostRecentExecutionTime: new Date(run.started_at),
      mostRecentExecutionMessage: run.message ?? undefined,
    };
  };

  const operations: Record<string, OperationImpl> = {
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
              flowStatus: flow.flow_status,
              sourceConnectorType: flow.connector_type,
              destinationConnectorType: 'CustomerProfiles',
              triggerType: 'Scheduled',
              createdAt: new Date(flow.created_at),
              lastUpdatedAt: new Date(flow.updated_at),
              createdBy: `arn:aws:sts::${flow.account_id}:assumed-role/AWSServiceRoleForAppIntegrations/AppIntegrations`,
              tags: JSON.parse(flow.tags) as TagMap,
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
          flowStatus: flow.flow_status,
          flowStatusMessage: flow.last_error ?? undefined,
          sourceFlowConfig: {
            connectorType: flow.connector_type,
            connectorProfileName: flow.connector_profile_name,
            sourceConnectorProperties: { [propertyKey]: { object: flow.source_object ?? undefined } },
          },
          triggerConfig: { triggerType: 'Scheduled', triggerProperties: { Scheduled: { scheduleExpression: flow.schedule_expression } } },
          lastRunExecutionDetails: await lastRunDetails(scope, flow),
          createdAt: new Date(flow.created_at),
          lastUpdatedAt: new Date(flow.updated_at),
          tags: JSON.parse(flow.tags) as TagMap,
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
            executionStatus: run.status,
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
            connectorType: p.connector_type,
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
        await flows.setFlowTags(scope, flow.flow_name, { ...(JSON.parse(flow.tags) as TagMap), ...input.tags });
        return {};
      },
    },
    UntagResource: {
      authorize: async (input, ctx) => [await flowTarget('appflow:UntagResource', input.resourceArn, ctx, { tagKeys: input.tagKeys })],
      handle: async (input, ctx) => {
        const scope = scopeOf(ctx);
        const flow = await flowByArn(scope, input.resourceArn);
        const tags = JSON.parse(flow.tags) as TagMap;
        for (const key of input.tagKeys as string[]) delete tags[key];
        await flows.setFlowTags(scope, flow.flow_name, tags);
        return {};
      },
    },
    ListTagsForResource: {
      authorize: async (input, ctx) => [await flowTarget('appflow:ListTagsForResource', input.resourceArn, ctx)],
      handle: async (input, ctx) => {
        const flow = await flowByArn(scopeOf(ctx), input.resourceArn);
        return { tags: JSON.parse(flow.tags) as TagMap };
      },
    },
  };
  return { signingName: 'appflow', protocol: 'rest-json', models: [loadModel('appflow')], operations };
}
