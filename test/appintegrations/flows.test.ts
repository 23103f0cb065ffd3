// AppIntegrations working through its role: a scheduled data integration gets an AppFlow flow,
// tagged AppIntegrationsManaged=true and run on its schedule, every call decided by the engine against
// AppIntegrationsServiceLinkedRolePolicy and recorded in the audit trail. Removing the tag from the
// flow (aws appflow untag-resource) takes the flow out of the role's reach: the next run is denied,
// the integration shows the failure, and the trail shows the denied call and the condition that failed.
import {
  AppIntegrationsClient,
  CreateDataIntegrationCommand,
  DeleteDataIntegrationCommand,
  ListDataIntegrationAssociationsCommand,
} from '@aws-sdk/client-appintegrations';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { linkedroleJson } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { waitFor } from '../support/wait.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations`;
const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };

/** LastExecutionStatus is newer than the installed SDK's types (its deserializer keeps it). */
const lastExecution = (summary: object | undefined) =>
  (summary as { LastExecutionStatus?: { ExecutionStatus?: string; StatusMessage?: string } } | undefined)?.LastExecutionStatus;

describe('AppFlow flows run through AWSServiceRoleForAppIntegrations', () => {
  /** The server's clock runs ahead of real time by this much (schedules are tested by moving it). */
  let ahead = 0;
  const env = useTestServer({ clients: { appIntegrations: AppIntegrationsClient }, app: { clock: () => new Date(Date.now() + ahead) } });
  let integration: { Id: string; Arn: string; flowName: string; flowArn: string };
  const lr = (...args: string[]) => linkedroleJson(env.server.url, args);
  const runs = () => env.server.app.appIntegrations.appFlow.runs(SCOPE, integration.flowName);

  it('creates, tags, starts and runs the flow through the role, each call allowed by the seed policy and audited', async () => {
    const created = await env.appIntegrations.send(
      new CreateDataIntegrationCommand({
        Name: 'salesforce-cases',
        KmsKey: KMS,
        SourceURI: 'Salesforce://AppFlow/salesforce-prod',
        ScheduleConfig: { ScheduleExpression: 'rate(5 minutes)', Object: 'Case' },
      }),
    );
    const flowName = `FlowCreatedByAppIntegrations-${created.Id}`;
    integration = { Id: created.Id!, Arn: created.Arn!, flowName, flowArn: `arn:aws:appflow:us-east-1:${ACCOUNT}:flow/${flowName}` };
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: ROLE_ARN, kind: 'on-behalf' });
    const byAction = new Map(events.map((e) => [e.action, e]));
    for (const action of ['appflow:UseConnectorProfile', 'appflow:DescribeConnectorEntity', 'appflow:TagResource', 'appflow:StartFlow', 'appflow:DescribeFlow', 'cloudwatch:PutMetricData']) {
      assert.equal(byAction.get(action)?.decision, 'allowed', action);
    }
    assert.equal(byAction.get('appflow:UseConnectorProfile')?.resource, `arn:aws:appflow:us-east-1:${ACCOUNT}:connector-profile/salesforce-prod`);
    assert.equal(byAction.get('appflow:StartFlow')?.resource, integration.flowArn);
    assert.deepEqual(JSON.parse(byAction.get('appflow:StartFlow')!.detail).resourceTags, { AppIntegrationsManaged: 'true' });
    // The run published its metrics in the service's namespace.
    const metrics = await env.server.app.appIntegrations.metrics.data(ACCOUNT);
    assert.deepEqual(metrics.map((m) => `${m.namespace} ${m.metric_name} ${m.value}`).sort(), ['AWS/AppIntegrations FlowRunSucceeded 1', 'AWS/AppIntegrations RecordsProcessed 100']);
  });

  it("shows the flow through AppFlow's own API (aws appflow)", async () => {
    const flow = await awsCliJson(env.server.url, ['appflow', 'describe-flow', '--flow-name', integration.flowName]);
    assert.equal(flow.flowArn, integration.flowArn);
    assert.equal(flow.flowStatus, 'Active');
    assert.deepEqual(flow.tags, { AppIntegrationsManaged: 'true' });
    assert.equal(flow.sourceFlowConfig.connectorProfileName, 'salesforce-prod');
    assert.equal(flow.sourceFlowConfig.sourceConnectorProperties.Salesforce.object, 'Case');
    assert.equal(flow.triggerConfig.triggerProperties.Scheduled.scheduleExpression, 'rate(5 minutes)');
    assert.equal(flow.lastRunExecutionDetails.mostRecentExecutionStatus, 'Successful');
    const profiles = await awsCliJson(env.server.url, ['appflow', 'describe-connector-profiles']);
    assert.deepEqual(profiles.connectorProfileDetails.map((p: { connectorProfileName: string; connectorType: string }) => `${p.connectorProfileName} ${p.connectorType}`), [
      'salesforce-prod Salesforce',
    ]);
  });

  it('runs the flow again when its schedule comes round (the background worker)', async () => {
    assert.equal((await runs()).length, 1);
    ahead += 5 * 60_000 + 1000;
    await waitFor(runs, (all) => all.length === 2 && all[0].status !== 'InProgress');
    const [latest] = await runs();
    assert.equal(latest.status, 'Successful');
  });

  it('can no longer start the flow once a user removes its AppIntegrationsManaged tag: the integration shows why', async () => {
    await awsCliJson(env.server.url, ['appintegrations', 'create-data-integration-association', '--data-integration-identifier', 'salesforce-cases', '--client-id', 'reporting']);
    const untagged = await awsCliJson(env.server.url, ['appflow', 'untag-resource', '--resource-arn', integration.flowArn, '--tag-keys', 'AppIntegrationsManaged']);
    assert.deepEqual(untagged, {});
    assert.deepEqual((await awsCliJson(env.server.url, ['appflow', 'list-tags-for-resource', '--resource-arn', integration.flowArn])).tags, {});

    const run = await lr('appintegrations', 'start-flow-run', '--data-integration-identifier', 'salesforce-cases');
    assert.equal(run.Run.ExecutionStatus, 'Error');
    const denial = `User: arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForAppIntegrations/`;
    assert.ok(run.Run.StatusMessage.startsWith(denial), run.Run.StatusMessage);
    assert.match(run.Run.StatusMessage, new RegExp(`is not authorized to perform: appflow:StartFlow on resource: ${integration.flowArn} because no identity-based policy allows the appflow:StartFlow action`));

    // AWS's own shape: the association's LastExecutionStatus.
    const associations = await env.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: 'salesforce-cases' }));
    assert.equal(lastExecution(associations.DataIntegrationAssociations?.[0])?.ExecutionStatus, 'FAILED');
    assert.equal(lastExecution(associations.DataIntegrationAssociations?.[0])?.StatusMessage, run.Run.StatusMessage);
    // linkedrole's view of the flow.
    const flow = await lr('appintegrations', 'describe-flow', '--data-integration-identifier', 'salesforce-cases');
    assert.deepEqual(flow.Tags, {});
    assert.equal(flow.LastRun.ExecutionStatus, 'Error');
    assert.equal(flow.LastError, run.Run.StatusMessage);

    // The trail: the denied StartFlow, and the condition of the seed policy's statement that failed.
    const [denied] = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: ROLE_ARN, action: 'appflow:StartFlow', decision: 'implicitDeny' });
    assert.ok(denied, 'a denied appflow:StartFlow in the audit trail');
    assert.equal(denied.resource, integration.flowArn);
    assert.equal(denied.error_code, 'AccessDenied');
    const detail = JSON.parse(denied.detail);
    assert.deepEqual(detail.resourceTags, {});
    assert.equal(detail.failedConditions.length, 1);
    assert.equal(detail.failedConditions[0].policyId, 'arn:aws:iam::aws:policy/aws-service-role/AppIntegrationsServiceLinkedRolePolicy');
    assert.match(detail.failedConditions[0].detail, /aws:ResourceTag\/AppIntegrationsManaged/);
  });

  it('is denied on schedule too, and works again once the tag is back', async () => {
    const before = (await runs()).length;
    ahead += 5 * 60_000 + 1000;
    await waitFor(runs, (all) => all.length === before + 1 && all[0].status !== 'InProgress');
    assert.equal((await runs())[0].status, 'Error');
    await awsCliJson(env.server.url, ['appflow', 'tag-resource', '--resource-arn', integration.flowArn, '--tags', 'AppIntegrationsManaged=true']);
    const run = await lr('appintegrations', 'start-flow-run', '--data-integration-identifier', 'salesforce-cases');
    assert.equal(run.Run.ExecutionStatus, 'Successful');
    const associations = await env.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: 'salesforce-cases' }));
    assert.equal(lastExecution(associations.DataIntegrationAssociations?.[0])?.ExecutionStatus, 'COMPLETED');
  });

  it('cannot delete an untagged flow either: the flow stays in the account, the refusal on it', async () => {
    await awsCliJson(env.server.url, ['appflow', 'untag-resource', '--resource-arn', integration.flowArn, '--tag-keys', 'AppIntegrationsManaged']);
    const [association] = (await env.appIntegrations.send(new ListDataIntegrationAssociationsCommand({ DataIntegrationIdentifier: 'salesforce-cases' }))).DataIntegrationAssociations!;
    await lr('appintegrations', 'delete-data-integration-association', '--data-integration-identifier', 'salesforce-cases', '--data-integration-association-identifier', association.DataIntegrationAssociationArn!);
    await env.appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: 'salesforce-cases' }));
    const flow = await env.server.app.appIntegrations.appFlow.flow(SCOPE, integration.flowName);
    assert.ok(flow, 'the flow is still there');
    assert.match(flow.last_error ?? '', /not authorized to perform: appflow:StopFlow/);
    const denied = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: ROLE_ARN, action: 'appflow:StopFlow', decision: 'implicitDeny' });
    assert.equal(denied.length, 1);
    // No longer the service's: it does not keep the role in use.
    assert.equal(await env.server.app.appIntegrations.flowRunner.inUseNow(ACCOUNT), false);
  });
});
