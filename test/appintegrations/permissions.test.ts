// "You must configure permissions to allow an IAM entity to create ... a service-linked role": creating
// the first integration creates AWSServiceRoleForAppIntegrations, so the caller needs
// iam:CreateServiceLinkedRole for iam:AWSServiceName app-integrations.amazonaws.com — until the role
// exists. A scheduled AppFlow source also needs appflow:CreateFlow (the flow is created with the
// caller's access). The caller here is a role session from STS, with policies of its own.
import { AppIntegrationsClient, CreateDataIntegrationCommand, CreateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { rejectsWith } from '../support/iam.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const SLR_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations`;

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const appIntegrationsOnly = { Effect: 'Allow', Action: 'app-integrations:*', Resource: '*' };
const createSlr = {
  Effect: 'Allow',
  Action: 'iam:CreateServiceLinkedRole',
  Resource: '*',
  Condition: { StringEquals: { 'iam:AWSServiceName': 'app-integrations.amazonaws.com' } },
};

describe('who may create integrations (and so the service-linked role)', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  /** AppIntegrations as the role `integrator`, whose policy each test sets. */
  let integrator: AppIntegrationsClient;

  const grant = (...statements: object[]) =>
    env.iam.send(new PutRolePolicyCommand({ RoleName: 'integrator', PolicyName: 'integrations', PolicyDocument: policy(...statements) }));

  before(async () => {
    await env.iam.send(
      new CreateRoleCommand({
        RoleName: 'integrator',
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await grant(appIntegrationsOnly);
    const { Credentials } = await env.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/integrator`, RoleSessionName: 'dev' }));
    integrator = env.client(AppIntegrationsClient, {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    });
  });

  it('refuses the first integration to a caller who may not create the service-linked role, and creates nothing', async () => {
    await rejectsWith(
      integrator.send(new CreateEventIntegrationCommand({ Name: 'events', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' })),
      'AccessDeniedException',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/integrator/dev is not authorized to perform: iam:CreateServiceLinkedRole on resource: ${SLR_ARN} because no identity-based policy allows the iam:CreateServiceLinkedRole action`,
      403,
    );
    await assert.rejects(env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' })), { name: 'NoSuchEntityException' });
    const [denied] = await env.server.app.audit.query({ accountId: ACCOUNT, action: 'iam:CreateServiceLinkedRole', decision: 'implicitDeny' });
    assert.equal(denied.event_name, 'CreateEventIntegration');
  });

  it('creates the integration and the role once iam:CreateServiceLinkedRole is allowed for app-integrations.amazonaws.com', async () => {
    await grant(appIntegrationsOnly, createSlr);
    await integrator.send(new CreateEventIntegrationCommand({ Name: 'events', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }));
    const role = (await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }))).Role!;
    assert.equal(role.Arn, SLR_ARN);
  });

  it('needs no IAM permission once the role exists', async () => {
    await grant(appIntegrationsOnly);
    await integrator.send(new CreateDataIntegrationCommand({ Name: 'files', KmsKey: KMS, SourceURI: 's3://bucket/files' }));
  });

  it('needs appflow:CreateFlow for a scheduled AppFlow source', async () => {
    const scheduled = { Name: 'salesforce', KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/sf', ScheduleConfig: { ScheduleExpression: 'rate(1 day)', Object: 'Account' } };
    await rejectsWith(
      integrator.send(new CreateDataIntegrationCommand(scheduled)),
      'AccessDeniedException',
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/integrator/dev is not authorized to perform: appflow:CreateFlow on resource: * because no identity-based policy allows the appflow:CreateFlow action`,
      403,
    );
    await grant(appIntegrationsOnly, { Effect: 'Allow', Action: 'appflow:CreateFlow', Resource: '*' });
    const created = await integrator.send(new CreateDataIntegrationCommand(scheduled));
    const flow = await env.server.app.appIntegrations.appFlow.flow({ accountId: ACCOUNT, region: 'us-east-1' }, `FlowCreatedByAppIntegrations-${created.Id}`);
    assert.equal(flow?.flow_status, 'Active');
  });

  it('honours tag conditions on the caller: aws:RequestTag and aws:TagKeys', async () => {
    await grant({
      Effect: 'Allow',
      Action: 'app-integrations:CreateEventIntegration',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'support' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
    });
    await integrator.send(new CreateEventIntegrationCommand({ Name: 'tagged', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default', Tags: { team: 'support' } }));
    await rejectsWith(
      integrator.send(new CreateEventIntegrationCommand({ Name: 'other', EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default', Tags: { team: 'sales' } })),
      'AccessDeniedException',
      /not authorized to perform: app-integrations:CreateEventIntegration on resource: arn:aws:app-integrations:us-east-1:123456789012:event-integration\/other/,
      403,
    );
  });
});
