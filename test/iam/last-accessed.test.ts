// Service last accessed data through the SDK and the AWS CLI: the services an entity's permissions policies
// allow, each with the latest attempt (allowed or denied) the audit trail saw by the user, the role's sessions,
// a group's members or a policy's users and roles; the actions at ACTION_LEVEL; the entities of a group's or
// policy's report; the policies granting each service; the job read only by whoever generated it; every bad
// input refused with IAM's error.
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  IAMClient,
  ListPoliciesGrantingServiceAccessCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeBotCommand, LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*') => doc([{ Effect: 'Allow', Action: action, Resource: resource }]);
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });

describe('Service last accessed data', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });

  async function user(name: string, policy?: string) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    if (policy) await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'own', PolicyDocument: policy }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    return { arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, iam: env.client(IAMClient, credentials), lex: (region = 'us-east-1') => env.client(LexModelsV2Client, { ...credentials, region }) };
  }

  async function report(arn: string, granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL' = 'SERVICE_LEVEL', client = env.iam) {
    const { JobId } = await client.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: granularity }));
    assert.equal(JobId?.length, 36);
    return { JobId: JobId!, ...(await client.send(new GetServiceLastAccessedDetailsCommand({ JobId }))) };
  }

  it("a user: every service its policies allow, each with the latest attempt, allowed or denied; actions at ACTION_LEVEL", async () => {
    const lena = await user('lena', allow(['iam:ListUsers', 'lex:ListBots']));
    const before = await report(lena.arn);
    assert.equal(before.JobStatus, 'COMPLETED');
    assert.equal(before.JobType, 'SERVICE_LEVEL');
    assert.ok(before.JobCompletionDate!.getTime() >= before.JobCreationDate!.getTime());
    // Never used: the services are listed without an attempt.
    assert.deepEqual(before.ServicesLastAccessed, [
      { ServiceName: 'AWS Identity and Access Management (IAM)', ServiceNamespace: 'iam' },
      { ServiceName: 'Amazon Lex V2', ServiceNamespace: 'lex' },
    ]);

    const start = Date.now() - 1000;
    await lena.iam.send(new ListUsersCommand({}));
    await lena.lex('us-west-2').send(new ListBotsCommand({}));
    // A denied attempt is an attempt too (the newest on lex), as AWS counts them.
    await rejectsWith(lena.lex('eu-west-2').send(new DescribeBotCommand({ botId: 'ABCDEFGHIJ' })), 'AccessDeniedException', /lex:DescribeBot/, 403);
    const end = Date.now() + 1000;

    const after = await report(lena.arn, 'ACTION_LEVEL');
    assert.equal(after.JobType, 'ACTION_LEVEL');
    const [iam, lex] = after.ServicesLastAccessed!;
    for (const s of [iam, lex]) {
      assert.equal(s.LastAuthenticatedEntity, lena.arn);
      assert.equal(s.TotalAuthenticatedEntities, 1);
      assert.ok(s.LastAuthenticated!.getTime() >= start && s.LastAuthenticated!.getTime() <= end, `${s.LastAuthenticated?.toISOString()}`);
    }
    assert.equal(iam.LastAuthenticatedRegion, 'us-east-1');
    assert.equal(lex.LastAuthenticatedRegion, 'eu-west-2');
    assert.deepEqual(
      iam.TrackedActionsLastAccessed!.map((a) => [a.ActionName, a.LastAccessedEntity, a.LastAccessedRegion]),
      [['ListUsers', lena.arn, 'us-east-1']],
    );
    assert.deepEqual(
      lex.TrackedActionsLastAccessed!.map((a) => [a.ActionName, a.LastAccessedRegion]),
      [['DescribeBot', 'eu-west-2'], ['ListBots', 'us-west-2']],
    );
    // SERVICE_LEVEL gives no actions.
    assert.equal((await report(lena.arn)).ServicesLastAccessed![0].TrackedActionsLastAccessed, undefined);
  });

  it("a role: its sessions' attempts, reported as the role", async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/reader`;
    await env.iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'bots', PolicyDocument: allow(['lex:List*', 'iam:ListRoles']) }));
    // Another role whose name starts alike is not this role.
    await env.iam.send(new CreateRoleCommand({ RoleName: 'reader2', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'reader2', PolicyName: 'all', PolicyDocument: allow('*') }));
    const session = async (role: string) => {
      const { Credentials } = await env.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'night' }));
      return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    };
    await env.client(LexModelsV2Client, await session('reader')).send(new ListBotsCommand({}));
    await env.client(IAMClient, await session('reader2')).send(new ListRolesCommand({}));

    const { ServicesLastAccessed } = await report(roleArn, 'ACTION_LEVEL');
    assert.deepEqual(
      ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s.LastAuthenticatedEntity, s.TotalAuthenticatedEntities, s.TrackedActionsLastAccessed?.map((a) => a.ActionName)]),
      [
        ['iam', undefined, undefined, undefined],
        ['lex', roleArn, 1, ['ListBots']],
      ],
    );
  });

  it("a group: its members' attempts, and the members with theirs (GetServiceLastAccessedDetailsWithEntities)", async () => {
    await env.iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'auditors', PolicyName: 'list', PolicyDocument: allow('iam:ListUsers') }));
    const ana = await user('ana');
    const bo = await user('bo');
    for (const name of ['ana', 'bo']) await env.iam.send(new AddUserToGroupCommand({ GroupName: 'auditors', UserName: name }));
    await ana.iam.send(new ListUsersCommand({}));

    const group = await report(`arn:aws:iam::${ACCOUNT}:group/auditors`);
    assert.deepEqual(
      group.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s.LastAuthenticatedEntity, s.TotalAuthenticatedEntities]),
      [['iam', ana.arn, 1]],
    );
    const entities = await env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: group.JobId, ServiceNamespace: 'iam' }));
    assert.equal(entities.JobStatus, 'COMPLETED');
    // The latest attempt first; a member who never tried, last, without a date.
    assert.deepEqual(
      entities.EntityDetailsList!.map((e) => [e.EntityInfo!.Type, e.EntityInfo!.Name, e.EntityInfo!.Arn, e.EntityInfo!.Path, e.LastAuthenticated instanceof Date]),
      [
        ['USER', 'ana', ana.arn, '/', true],
        ['USER', 'bo', bo.arn, '/', false],
      ],
    );
    const paged = await env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: group.JobId, ServiceNamespace: 'iam', MaxItems: 1 }));
    assert.equal(paged.IsTruncated, true);
    const rest = await env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: group.JobId, ServiceNamespace: 'iam', Marker: paged.Marker }));
    assert.deepEqual(rest.EntityDetailsList!.map((e) => e.EntityInfo!.Name), ['bo']);
    // A service the group's policies do not allow has no entities.
    assert.deepEqual((await env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: group.JobId, ServiceNamespace: 'lex' }))).EntityDetailsList, []);
  });

  it("a managed policy: the users and roles it is attached to; paging of the services", async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'bots-and-users', PolicyDocument: allow(['lex:ListBots', 'iam:ListUsers', 's3:GetObject']) }));
    const cy = await user('cy');
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'cy', PolicyArn: Policy!.Arn }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'bot-runner', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'bot-runner', PolicyArn: Policy!.Arn }));
    await cy.lex().send(new ListBotsCommand({}));

    const first = await env.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: (await report(Policy!.Arn!)).JobId, MaxItems: 2 }));
    assert.deepEqual(first.ServicesLastAccessed!.map((s) => s.ServiceNamespace), ['iam', 'lex']);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.ServicesLastAccessed![1].LastAuthenticatedEntity, cy.arn);
    const { JobId } = await env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: Policy!.Arn }));
    const next = await env.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(next.ServicesLastAccessed!.map((s) => s.ServiceNamespace), ['s3']);
    assert.equal(next.IsTruncated, false);
    const lexUsers = await env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'lex' }));
    assert.deepEqual(lexUsers.EntityDetailsList!.map((e) => [e.EntityInfo!.Type, e.EntityInfo!.Name]), [['USER', 'cy'], ['ROLE', 'bot-runner']]);
  });

  it('ListPoliciesGrantingServiceAccess: the policies of the user and its groups that grant each namespace', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'iam-reader', PolicyDocument: allow('iam:Get*') }));
    await user('dee', allow('lex:*'));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'dee', PolicyArn: Policy!.Arn }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'ops-iam', PolicyDocument: doc([{ Effect: 'Allow', NotAction: 'lex:*', Resource: '*' }]) }));
    // A Deny statement grants nothing.
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'no-s3', PolicyDocument: doc([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]) }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'dee' }));

    const names = (arn: string, namespaces: string[]) =>
      env.iam
        .send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn, ServiceNamespaces: namespaces }))
        .then((r) => r.PoliciesGrantingServiceAccess!.map((e) => [e.ServiceNamespace, e.Policies!.map((p) => [p.PolicyName, p.PolicyType, p.PolicyArn, p.EntityType, p.EntityName])]));
    assert.deepEqual(await names(`arn:aws:iam::${ACCOUNT}:user/dee`, ['iam', 'lex', 's3']), [
      ['iam', [['iam-reader', 'MANAGED', Policy!.Arn, undefined, undefined], ['ops-iam', 'INLINE', undefined, 'GROUP', 'ops']]],
      ['lex', [['own', 'INLINE', undefined, 'USER', 'dee']]],
      ['s3', [['ops-iam', 'INLINE', undefined, 'GROUP', 'ops']]],
    ]);
    // A group's list is its own policies only.
    assert.deepEqual(await names(`arn:aws:iam::${ACCOUNT}:group/ops`, ['lex', 'iam']), [
      ['lex', []],
      ['iam', [['ops-iam', 'INLINE', undefined, 'GROUP', 'ops']]],
    ]);
  });

  it('the job is read only by the caller that generated it; permissions on the entity; bad input refused', async () => {
    const eve = await user('eve', doc([
      { Effect: 'Allow', Action: 'iam:GenerateServiceLastAccessedDetails', Resource: `arn:aws:iam::${ACCOUNT}:user/eve` },
      { Effect: 'Allow', Action: ['iam:GetServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetailsWithEntities', 'iam:ListPoliciesGrantingServiceAccess'], Resource: '*' },
    ]));
    const { JobId } = await eve.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: eve.arn }));
    assert.equal((await eve.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }))).JobStatus, 'COMPLETED');
    // Root did not generate it.
    await rejectsWith(env.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId })), 'NoSuchEntity', `No such job: ${JobId}. A job is read by the user or role session that generated it.`, 404);
    await rejectsWith(
      eve.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/lena` })),
      'AccessDenied',
      `User: ${eve.arn} is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: arn:aws:iam::${ACCOUNT}:user/lena because no identity-based policy allows the iam:GenerateServiceLastAccessedDetails action`,
      403,
    );

    const cases: [string, () => Promise<unknown>, string, string | RegExp, number][] = [
      ['no such user', () => env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/nobody` })), 'NoSuchEntity', `The user with ARN arn:aws:iam::${ACCOUNT}:user/nobody cannot be found.`, 404],
      ['a user ARN with the wrong path', () => env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/team/eve` })), 'NoSuchEntity', /cannot be found/, 404],
      ['another account', () => env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::210987654321:user/eve` })), 'NoSuchEntity', /cannot be found/, 404],
      ['no such policy', () => env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:policy/none` })), 'NoSuchEntity', /policy with ARN .* cannot be found/, 404],
      ['not an IAM entity', () => env.iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:s3:::bucket-name' })), 'InvalidInput', 'The ARN arn:aws:s3:::bucket-name is not the ARN of an IAM user, group, role or policy.', 400],
      ['a policy has no policies granting', () => env.iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::aws:policy/ReadOnlyAccess`, ServiceNamespaces: ['iam'] })), 'InvalidInput', /not the ARN of an IAM user, group or role/, 400],
      ['no such job', () => env.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' })), 'NoSuchEntity', /No such job/, 404],
      ['no such job (entities)', () => env.iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: '00000000-0000-4000-8000-000000000000', ServiceNamespace: 'iam' })), 'NoSuchEntity', /No such job/, 404],
      ['a marker not ours', () => eve.iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: 'nonsense!' })), 'InvalidInput', 'Invalid Marker.', 400],
    ];
    for (const [what, call, code, message, status] of cases) await rejectsWith(call(), code, message, status).catch((e) => assert.fail(`${what}: ${e.message}`));
  });

  it('the AWS CLI generates and reads a report', async () => {
    await user('cli-user', allow('iam:ListUsers'));
    const { JobId } = await awsCliJson(env.server.url, ['iam', 'generate-service-last-accessed-details', '--arn', `arn:aws:iam::${ACCOUNT}:user/cli-user`, '--granularity', 'ACTION_LEVEL']);
    const got = await awsCliJson(env.server.url, ['iam', 'get-service-last-accessed-details', '--job-id', JobId]);
    assert.equal(got.JobStatus, 'COMPLETED');
    assert.deepEqual(got.ServicesLastAccessed, [{ ServiceName: 'AWS Identity and Access Management (IAM)', ServiceNamespace: 'iam' }]);
    const granting = await awsCliJson(env.server.url, ['iam', 'list-policies-granting-service-access', '--arn', `arn:aws:iam::${ACCOUNT}:user/cli-user`, '--service-namespaces', 'iam']);
    assert.deepEqual(granting.PoliciesGrantingServiceAccess, [{ ServiceNamespace: 'iam', Policies: [{ PolicyName: 'own', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'cli-user' }] }]);
  });
});
