// The on-behalf path through the App of a running server: a linked service assumes its
// service-linked role (only its own service principal may), and each downstream call is decided by
// the engine against the role's policies and the target's tags, and recorded in the audit trail.
import { CreateServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RoleSession } from '../../src/services/sts/on-behalf.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ACCOUNT = '123456789012';
const PRINCIPAL = 'app-integrations.amazonaws.com';
const ROLE = 'AWSServiceRoleForAppIntegrations';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${PRINCIPAL}/${ROLE}`;
const FLOW = `arn:aws:appflow:us-west-2:${ACCOUNT}:flow/FlowCreatedByAppIntegrations-5f1c`;

describe('on-behalf sessions (app.onBehalf)', () => {
  let server: TestServer;
  let iam: IAMClient;
  let session: RoleSession;
  before(async () => {
    server = await startTestServer();
    iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: PRINCIPAL }));
  });
  after(async () => {
    iam.destroy();
    await server.stop();
  });

  it('lets the service assume its own role, and records RoleLastUsed', async () => {
    session = await server.app.onBehalf.assume(ACCOUNT, PRINCIPAL, ROLE, 'us-west-2');
    assert.equal(session.roleArn, ROLE_ARN);
    assert.equal(session.servicePrincipal, PRINCIPAL);
    assert.match(session.sessionName, /^[\w+=,.@-]{2,64}$/);
    const role = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    assert.equal(role.RoleLastUsed?.Region, 'us-west-2');
    assert.ok(role.RoleLastUsed?.LastUsedDate);
  });

  it('refuses another service principal, and a role that does not exist', async () => {
    await assert.rejects(server.app.onBehalf.assume(ACCOUNT, 'lexv2.amazonaws.com', ROLE, 'us-east-1'), {
      name: 'AccessDenied',
      message: `User: lexv2.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    });
    await assert.rejects(server.app.onBehalf.assume(ACCOUNT, PRINCIPAL, 'AWSServiceRoleForNothing', 'us-east-1'), { name: 'AccessDenied' });
    const denied = await server.app.audit.query({ accountId: ACCOUNT, kind: 'on-behalf', action: 'sts:AssumeRole', decision: 'implicitDeny' });
    assert.equal(denied.length, 2);
    assert.ok(denied.some((e) => e.service_principal === 'lexv2.amazonaws.com' && e.role_arn === ROLE_ARN));
  });

  it('allows what the seed policy allows: tagged flows, connector profiles, its CloudWatch namespace', async () => {
    const allowed = [
      await session.authorize({ action: 'appflow:StartFlow', resource: FLOW, resourceTags: { AppIntegrationsManaged: 'true' }, eventName: 'StartFlow' }),
      await session.authorize({ action: 'appflow:UseConnectorProfile', resource: `arn:aws:appflow:us-west-2:${ACCOUNT}:connector-profile/salesforce` }),
      await session.authorize({ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'AWS/AppIntegrations' } }),
      await session.authorize({ action: 'appflow:TagResource', resource: FLOW, context: { 'aws:TagKeys': ['AppIntegrationsManaged'] } }),
    ];
    for (const decision of allowed) assert.equal(decision.decision, 'allowed', decision.explanation);
    assert.equal(allowed[0].matchedStatements[0].policyId, 'arn:aws:iam::aws:policy/aws-service-role/AppIntegrationsServiceLinkedRolePolicy');
  });

  it('denies what it does not allow, and says which condition failed', async () => {
    const untagged = await session.authorize({ action: 'appflow:StartFlow', resource: FLOW, resourceTags: { AppIntegrationsManaged: 'false' } });
    assert.equal(untagged.decision, 'implicitDeny');
    const foreignFlow = await session.authorize({ action: 'appflow:StartFlow', resource: `arn:aws:appflow:us-west-2:${ACCOUNT}:flow/someone-elses-flow`, resourceTags: { AppIntegrationsManaged: 'true' } });
    assert.equal(foreignFlow.decision, 'implicitDeny');
    const otherNamespace = await session.authorize({ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'Custom' } });
    assert.equal(otherNamespace.decision, 'implicitDeny');
    const unrelated = await session.authorize({ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' });
    assert.equal(unrelated.decision, 'implicitDeny');

    const events = await server.app.audit.query({ accountId: ACCOUNT, kind: 'on-behalf', action: 'appflow:StartFlow' });
    const denial = events.find((e) => e.decision === 'implicitDeny' && e.resource === FLOW)!;
    assert.ok(denial, 'the denial is in the audit trail');
    assert.equal(denial.role_arn, ROLE_ARN);
    assert.equal(denial.session_name, session.sessionName);
    assert.equal(denial.service_principal, PRINCIPAL);
    assert.equal(denial.principal_arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${session.sessionName}`);
    assert.equal(denial.event_source, 'appflow.amazonaws.com');
    assert.equal(denial.error_code, 'AccessDenied');
    const detail = JSON.parse(denial.detail) as { explanation: string; failedConditions: { detail: string }[] };
    assert.ok(detail.explanation.length > 0);
    assert.equal(detail.failedConditions.length, 1);
    assert.match(detail.failedConditions[0].detail, /aws:ResourceTag\/AppIntegrationsManaged/);

    const allowed = events.find((e) => e.decision === 'allowed' && e.event_name === 'StartFlow')!;
    assert.ok(allowed);
    const allowedDetail = JSON.parse(allowed.detail) as { matchedStatements: { policyId: string; statementIndex: number }[] };
    assert.equal(allowedDetail.matchedStatements[0].statementIndex, 3);
  });

  it('sees the role policies as they are now, not as they were at assumption', async () => {
    const lexRole = await server.app.slr.ensure(ACCOUNT, 'lexv2.amazonaws.com');
    const lex = await server.app.onBehalf.assume(ACCOUNT, 'lexv2.amazonaws.com', lexRole.roleName, 'us-east-1');
    const call = { action: 'polly:SynthesizeSpeech', resource: '*' };
    assert.equal((await lex.authorize(call)).decision, 'allowed', 'AmazonLexV2BotPolicy allows speech synthesis');
    const logs = { action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:bot-logs:*` };
    assert.equal((await lex.authorize(logs)).decision, 'implicitDeny');
    await server.app.slr.putServicePolicy(
      ACCOUNT,
      lexRole.roleName,
      'TextLogs',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:bot-logs:*` }] }),
    );
    assert.equal((await lex.authorize(logs)).decision, 'allowed');
  });
});
