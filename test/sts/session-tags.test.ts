// AssumeRole's parameter rules, with AWS's recorded answers: RoleArn syntax, session tags that differ only
// in case, transitive tag keys that are not among the tags, and a chained session that tries to override
// a transitive tag of the session it is called from. Every refusal changes nothing (the role stays unused)
// and comes before any permission is decided. Transitive tags pass down the chain as session tags.
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput, type Credentials } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trustAccountWithTags = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
});
const allow = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) });

const DUPLICATE = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';
const NOT_IN_TAGS = 'The specified transitive tag key must be included in the requested tags.';
const CONFLICT = "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.";

describe('STS AssumeRole: parameter rules and transitive session tags', () => {
  const env = useTestServer({ clients: { iam: IAMClient, sts: STSClient } });
  const stsAs = (credentials: Credentials | undefined) =>
    env.client(STSClient, { accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! });
  const iamAs = (credentials: Credentials | undefined) =>
    env.client(IAMClient, { accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! });
  const lastUsed = async (role: string) => (await env.iam.send(new GetRoleCommand({ RoleName: role }))).Role?.RoleLastUsed?.LastUsedDate;

  before(async () => {
    for (const name of ['untouched', 'first', 'second']) await env.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccountWithTags }));
    // Each role of the chain may assume the others (with tags); the second one's permissions depend on its principal tags.
    for (const name of ['first', 'second']) {
      await env.iam.send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName: 'chain', PolicyDocument: allow([{ Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: `arn:aws:iam::${ACCOUNT}:role/*` }]) }),
      );
    }
    await env.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'second',
        PolicyName: 'by-tags',
        PolicyDocument: allow([
          { Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Project': 'blue' } } },
          { Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'red' } } },
        ]),
      }),
    );
  });

  it('refuses a RoleArn that is not an ARN with AWS\'s "<arn> is invalid" (ValidationError 400), as recorded', async () => {
    for (const arn of ['nothing-valid-in-here', 'arn::b:::something/test-role', 'arn:a::::something/test-role', 'arn:a:::something/test-role', 'arn:a:a::aaaaaaaaaa:']) {
      await rejectsWith(env.sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'Session1' })), 'ValidationError', `${arn} is invalid`, 400);
    }
    // An ARN, but not a role's.
    await rejectsWith(env.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:user/someone`, RoleSessionName: 'Session1' })), 'ValidationError', 'Request ARN is invalid', 400);
  });

  const refusals: { name: string; input: Partial<AssumeRoleCommandInput>; message: string }[] = [
    { name: 'a transitive key that is not among the tags', input: { Tags: [{ Key: 'SessionTag1', Value: 'v' }], TransitiveTagKeys: ['InvalidKey'] }, message: NOT_IN_TAGS },
    { name: 'a transitive key without tags', input: { TransitiveTagKeys: ['Project'] }, message: NOT_IN_TAGS },
    { name: 'one of several transitive keys missing', input: { Tags: [{ Key: 'A', Value: '1' }], TransitiveTagKeys: ['a', 'B'] }, message: NOT_IN_TAGS },
    {
      name: 'two keys that differ only in case',
      input: { Tags: [{ Key: 'SessionTag1', Value: 'SessionValue1' }, { Key: 'sessiontag1', Value: 'SessionValue2' }], TransitiveTagKeys: ['sessiontag1'] },
      message: DUPLICATE,
    },
    { name: 'the same key twice', input: { Tags: [{ Key: 'Project', Value: 'a' }, { Key: 'Project', Value: 'b' }] }, message: DUPLICATE },
  ];

  for (const { name, input, message } of refusals) {
    it(`refuses ${name}: InvalidParameterValue (400), and the role stays unused`, async () => {
      await rejectsWith(env.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('untouched'), RoleSessionName: 'refused', ...input })), 'InvalidParameterValue', message, 400);
      assert.equal(await lastUsed('untouched'), undefined);
    });
  }

  it('decides these before any permission: a user allowed nothing is told the parameter error, not AccessDenied', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
    const nobody = env.client(STSClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await rejectsWith(nobody.send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'nobody' })), 'ValidationError', 'nothing-valid-in-here is invalid', 400);
    await rejectsWith(nobody.send(new AssumeRoleCommand({ RoleArn: roleArn('untouched'), RoleSessionName: 'nobody', ...refusals[0].input })), 'InvalidParameterValue', NOT_IN_TAGS, 400);
    await rejectsWith(
      nobody.send(new AssumeRoleCommand({ RoleArn: roleArn('untouched'), RoleSessionName: 'nobody' })),
      'AccessDenied',
      /is not authorized to perform: sts:AssumeRole/,
      403,
    );
  });

  it('transitive keys match their tags case-insensitively', async () => {
    const { Credentials } = await env.sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn('untouched'), RoleSessionName: 'casing', Tags: [{ Key: 'SessionTag1', Value: 'SessionValue1' }], TransitiveTagKeys: ['sessiontag1'] }),
    );
    assert.match(Credentials?.AccessKeyId ?? '', /^ASIA/);
  });

  it('a chained session inherits the transitive tags, may not override them (any case), and passes them on', async () => {
    const first = await env.sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn('first'),
        RoleSessionName: 'Session1',
        Tags: [{ Key: 'Project', Value: 'blue' }, { Key: 'Team', Value: 'red' }],
        TransitiveTagKeys: ['Project'],
      }),
    );
    const fromFirst = stsAs(first.Credentials);
    for (const key of ['Project', 'project', 'PROJECT']) {
      await rejectsWith(
        fromFirst.send(new AssumeRoleCommand({ RoleArn: roleArn('second'), RoleSessionName: 'override', Tags: [{ Key: key, Value: 'green' }] })),
        'InvalidParameterValue',
        CONFLICT,
        400,
      );
    }
    assert.equal(await lastUsed('second'), undefined, 'the refused assumptions changed nothing');

    // Without the transitive key the chained session is made; it holds Project=blue, not Team (not transitive).
    const second = await fromFirst.send(new AssumeRoleCommand({ RoleArn: roleArn('second'), RoleSessionName: 'Session2', Tags: [{ Key: 'Stage', Value: 'test' }] }));
    const asSecond = iamAs(second.Credentials);
    assert.equal((await asSecond.send(new GetRoleCommand({ RoleName: 'second' }))).Role?.RoleName, 'second');
    await rejectsWith(asSecond.send(new ListRolesCommand({})), 'AccessDenied', /is not authorized to perform: iam:ListRoles/, 403);

    // Further down the chain the tag is still transitive: still not to be overridden.
    const fromSecond = stsAs(second.Credentials);
    await rejectsWith(
      fromSecond.send(new AssumeRoleCommand({ RoleArn: roleArn('first'), RoleSessionName: 'Session3', Tags: [{ Key: 'project', Value: 'green' }] })),
      'InvalidParameterValue',
      CONFLICT,
      400,
    );
    // A tag that was not transitive may be set again.
    await fromSecond.send(new AssumeRoleCommand({ RoleArn: roleArn('first'), RoleSessionName: 'Session3', Tags: [{ Key: 'Team', Value: 'blue' }] }));
  });
});
