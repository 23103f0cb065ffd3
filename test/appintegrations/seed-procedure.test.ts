// The seed page, step by step, with its own commands: the AWS CLI (v1) for AppIntegrations and IAM,
// and `linkedrole` for what the page does in the Amazon Connect console (Wisdom's Delete, Customer
// Profiles' and Tasks' Remove connection, and removing an association made with the public API). From creating integrations (the role appears) to deleting
// the role (FAILED with a RoleUsageList while integrations remain, SUCCEEDED after the procedure),
// and the page's note: while the service uses the role, deletion fails; wait and try again.
import { AppIntegrationsClient, CreateDataIntegrationCommand, DeleteDataIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { signedJsonRequest } from '../../src/cli/client.js';
import { linkedroleJson } from '../support/cli.js';
import { deleteServiceLinkedRole, deletionEnded } from '../support/iam.js';
import { waitFor } from '../support/wait.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const ROLE = 'AWSServiceRoleForAppIntegrations';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SCHEDULE = JSON.stringify({ ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav' });

describe('the seed procedure: deleting AWSServiceRoleForAppIntegrations (AWS CLI + linkedrole)', () => {
  const env = useTestServer();
  const aws = (...args: string[]) => awsCliJson(env.server.url, args);
  const awsFails = (...args: string[]) => awsCliFails(env.server.url, args);
  const lr = (...args: string[]) => linkedroleJson(env.server.url, args);

  /** delete-service-linked-role, then get-service-linked-role-deletion-status until it ends. */
  const deleteRole = async (): Promise<{ Status: string; Reason?: { Reason: string; RoleUsageList?: { Region: string; Resources: string[] }[] } }> => {
    const { DeletionTaskId } = await aws('iam', 'delete-service-linked-role', '--role-name', ROLE);
    assert.match(DeletionTaskId, new RegExp(`^task/aws-service-role/app-integrations.amazonaws.com/${ROLE}/[0-9a-f-]{36}$`));
    return waitFor(() => aws('iam', 'get-service-linked-role-deletion-status', '--deletion-task-id', DeletionTaskId), deletionEnded, 60_000);
  };

  const target = () => ({ endpoint: env.server.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' });


  let dataArn: string;
  let eventArn: string;
  let sydneyArn: string;
  let apiAssociationId: string;

  it('creates the role when the first integration is created', async () => {
    assert.match(await awsFails('iam', 'get-role', '--role-name', ROLE), /NoSuchEntity/);
    const data = await aws(
      'appintegrations', 'create-data-integration', '--name', 'salesforce-articles', '--kms-key', KMS,
      '--source-uri', 'Salesforce://AppFlow/salesforce-prod', '--schedule-config', SCHEDULE,
    );
    dataArn = data.Arn;
    const role = (await aws('iam', 'get-role', '--role-name', ROLE)).Role;
    assert.equal(role.Path, '/aws-service-role/app-integrations.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/${ROLE}`);
    const attached = await aws('iam', 'list-attached-role-policies', '--role-name', ROLE);
    assert.deepEqual(attached.AttachedPolicies.map((p: { PolicyName: string }) => p.PolicyName), ['AppIntegrationsServiceLinkedRolePolicy']);
    eventArn = (await aws('appintegrations', 'create-event-integration', '--name', 'cases-events', '--event-filter', 'Source=aws.cases', '--event-bridge-bus', 'default'))
      .EventIntegrationArn;
    sydneyArn = (await aws('appintegrations', 'create-data-integration', '--region', 'ap-southeast-2', '--name', 'sydney-files', '--kms-key', KMS, '--source-uri', 's3://sydney-bucket/docs'))
      .Arn;
  });

  it('lets the consuming services associate the integrations (Wisdom, Tasks, Customer Profiles)', async () => {
    const kb = await lr('wisdom', 'create-association', '--data-integration-identifier', 'salesforce-articles', '--knowledge-base-name', 'support-kb');
    assert.equal(kb.Association.DataIntegrationName, 'salesforce-articles');
    assert.match(kb.Association.KnowledgeBaseArn, /^arn:aws:wisdom:us-east-1:123456789012:knowledge-base\/[0-9a-f-]{36}$/);
    await lr('tasks', 'create-connection', '--event-integration-name', 'cases-events', '--instance-id', 'a1b2c3d4-instance');
    await lr('customer-profiles', 'create-connection', '--event-integration-name', 'cases-events', '--domain-name', 'acme-profiles');
    // And one made with AppIntegrations' public API, whose ClientId names no consuming service.
    apiAssociationId = (
      await aws('appintegrations', 'create-data-integration-association', '--region', 'ap-southeast-2', '--data-integration-identifier', 'sydney-files', '--client-id', 'reporting-app')
    ).DataIntegrationAssociationId;
    const data = await aws('appintegrations', 'list-data-integration-associations', '--data-integration-identifier', 'salesforce-articles');
    assert.equal(data.DataIntegrationAssociations.length, 1);
    assert.equal(data.DataIntegrationAssociations[0].ClientId, kb.Association.KnowledgeBaseArn);
    const events = await aws('appintegrations', 'list-event-integration-associations', '--event-integration-name', 'cases-events');
    assert.deepEqual(events.EventIntegrationAssociations.map((a: { ClientId: string }) => a.ClientId).sort(), [
      'arn:aws:connect:us-east-1:123456789012:instance/a1b2c3d4-instance',
      'arn:aws:profile:us-east-1:123456789012:domains/acme-profiles',
    ]);
  });

  it('fails to delete the role while integrations exist, with their ARNs by region', async () => {
    const status = await deleteRole();
    assert.equal(status.Status, 'FAILED');
    assert.deepEqual(status.Reason?.RoleUsageList, [
      { Region: 'ap-southeast-2', Resources: [sydneyArn] },
      { Region: 'us-east-1', Resources: [dataArn, eventArn].sort() },
    ]);
    assert.ok((await aws('iam', 'get-role', '--role-name', ROLE)).Role);
  });

  it('refuses to delete integrations that still have associations, naming them', async () => {
    const data = await awsFails('appintegrations', 'delete-data-integration', '--data-integration-identifier', 'salesforce-articles');
    assert.match(data, /An error occurred \(InvalidRequestException\) when calling the DeleteDataIntegration operation: The data integration salesforce-articles cannot be deleted because it has 1 association: arn:aws:app-integrations:us-east-1:123456789012:data-integration-association\/[0-9a-f-]{36}\/[0-9a-f-]{36} \(Wisdom support-kb; remove it with: linkedrole wisdom delete-association --name salesforce-articles\)\.$/);
    const events = await awsFails('appintegrations', 'delete-event-integration', '--name', 'cases-events');
    assert.match(
      events,
      /InvalidRequestException.*The event integration cases-events cannot be deleted because it has 2 associations: .*\(Tasks a1b2c3d4-instance; remove it with: linkedrole tasks remove-connection --name cases-events\).*\(Customer Profiles acme-profiles; remove it with: linkedrole customer-profiles remove-connection --name cases-events\)\.$/,
    );
    const sydney = await awsFails('appintegrations', 'delete-data-integration', '--region', 'ap-southeast-2', '--data-integration-identifier', 'sydney-files');
    assert.equal(
      sydney,
      'An error occurred (InvalidRequestException) when calling the DeleteDataIntegration operation: The data integration sydney-files cannot be deleted because it has 1 association: ' +
        `arn:aws:app-integrations:ap-southeast-2:${ACCOUNT}:data-integration-association/${sydneyArn.split('/').pop()}/${apiAssociationId} (API, ClientId reporting-app; remove it with: ` +
        `linkedrole appintegrations delete-data-integration-association --data-integration-identifier sydney-files --data-integration-association-identifier ${apiAssociationId}).`,
    );
  });

  it('follows the page: delete the associations, then the data and event integrations, with its commands', async () => {
    // To delete data integration associations (Wisdom: Delete, confirmed with the integration's name).
    const deleted = await lr('wisdom', 'delete-association', '--name', 'salesforce-articles');
    assert.equal(deleted.Deleted.length, 1);
    // The association made with the API: the command its refusal named (AWS has no API for it).
    await lr(
      'appintegrations', 'delete-data-integration-association', '--region', 'ap-southeast-2',
      '--data-integration-identifier', 'sydney-files', '--data-integration-association-identifier', apiAssociationId,
    );
    // To delete data integrations: list them, then delete each by name.
    const listed = await aws('appintegrations', 'list-data-integrations');
    assert.deepEqual(listed.DataIntegrations.map((d: { Name: string }) => d.Name), ['salesforce-articles']);
    for (const { Name } of listed.DataIntegrations) {
      await aws('appintegrations', 'delete-data-integration', '--data-integration-identifier', Name);
    }
    await aws('appintegrations', 'delete-data-integration', '--region', 'ap-southeast-2', '--data-integration-identifier', 'sydney-files');
    // To delete event integration associations (Tasks / Customer Profiles: Remove connection).
    await lr('tasks', 'remove-connection', '--name', 'cases-events');
    await lr('customer-profiles', 'remove-connection', '--name', 'cases-events');
    // To delete event integrations: list them, then delete each by name.
    const events = await aws('appintegrations', 'list-event-integrations');
    assert.deepEqual(events.EventIntegrations.map((e: { Name: string }) => e.Name), ['cases-events']);
    for (const { Name } of events.EventIntegrations) await aws('appintegrations', 'delete-event-integration', '--name', Name);
    assert.deepEqual((await aws('appintegrations', 'list-data-integrations')).DataIntegrations, []);
    assert.deepEqual((await aws('appintegrations', 'list-event-integrations')).EventIntegrations, []);
  });

  it('then deletes the role: SUCCEEDED, and the role is gone', async () => {
    const status = await deleteRole();
    assert.equal(status.Status, 'SUCCEEDED', JSON.stringify(status));
    assert.match(await awsFails('iam', 'get-role', '--role-name', ROLE), /NoSuchEntity/);
  });

  it('shows in the audit trail every call the service made as the role, through to DeleteFlow', async () => {
    const events = (await env.server.app.audit.query({ accountId: ACCOUNT, kind: 'on-behalf', limit: 500 })).reverse();
    // (Events of the same millisecond have no order in the trail: compare them as a set.)
    const names = events.filter((e) => e.action !== 'sts:AssumeRole').map((e) => `${e.action} ${e.decision}`);
    assert.deepEqual(names.sort(), [
      'appflow:UseConnectorProfile allowed',
      'appflow:DescribeConnectorEntity allowed',
      'appflow:TagResource allowed',
      'appflow:StartFlow allowed',
      'appflow:DescribeFlow allowed',
      'cloudwatch:PutMetricData allowed',
      'appflow:StopFlow allowed',
      'appflow:DeleteFlow allowed',
    ].sort());
    assert.ok(events.some((e) => e.action === 'sts:AssumeRole' && e.decision === 'allowed'));
    for (const event of events) {
      assert.equal(event.role_arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/${ROLE}`);
      assert.equal(event.service_principal, 'app-integrations.amazonaws.com');
    }
  });

  it('creates the role again when an integration is created after the role was deleted', async () => {
    await aws('appintegrations', 'create-event-integration', '--name', 'again', '--event-filter', 'Source=aws.cases', '--event-bridge-bus', 'default');
    assert.equal((await aws('iam', 'get-role', '--role-name', ROLE)).Role.RoleName, ROLE);
    await aws('appintegrations', 'delete-event-integration', '--name', 'again');
  });

  it('fails while the service is using the role (a flow run in progress) and succeeds once the run is over', async () => {
    // SDK clients here: the run lasts seconds, and each AWS CLI start takes about as long.
    const appIntegrations = env.client(AppIntegrationsClient);
    const iam = env.client(IAMClient);
    await appIntegrations.send(
      new CreateDataIntegrationCommand({
        Name: 'busy',
        KmsKey: KMS,
        SourceURI: 'Salesforce://AppFlow/salesforce-prod',
        ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Knowledge__kav' },
      }),
    );
    const run = await signedJsonRequest(target(), 'linkedrole-connect', 'POST', '/app-integrations/dataIntegrations/busy/flow/runs', { DurationSeconds: 3 });
    assert.equal((run.body as { Run: { ExecutionStatus: string } }).Run.ExecutionStatus, 'InProgress');
    const started = Date.now();
    // The integration can be deleted; its flow is stopped now, and deleted when the run is over.
    await appIntegrations.send(new DeleteDataIntegrationCommand({ DataIntegrationIdentifier: 'busy' }));
    const busy = await deleteServiceLinkedRole(iam, ROLE);
    assert.ok(Date.now() - started < 3000, 'the run was still in progress');
    assert.equal(busy.Status, 'FAILED');
    assert.equal(busy.Reason?.Reason, 'The linked service is using the service-linked role right now. Wait a few minutes and try again.');
    assert.equal(busy.Reason?.RoleUsageList, undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000 - (Date.now() - started) + 500));
    const later = await deleteServiceLinkedRole(iam, ROLE);
    assert.equal(later.Status, 'SUCCEEDED', JSON.stringify(later.Reason));
    assert.deepEqual(await env.server.app.appIntegrations.appFlow.flows({ accountId: ACCOUNT, region: 'us-east-1' }), []);
    // The flow was deleted through the role once the run was over (the first DeleteFlow is the procedure's).
    const deletes = await env.server.app.audit.query({ accountId: ACCOUNT, kind: 'on-behalf', action: 'appflow:DeleteFlow' });
    assert.equal(deletes.length, 2);
    assert.ok(deletes.every((e) => e.decision === 'allowed'));
  });
});
