// `linkedrole can` / `linkedrole who-can` over a server's data dir: a table of principals and their
// policies (inline, managed, a group's, a permissions boundary) -> the actions allowed, allowed under
// conditions or denied, on which resources and by which statements; every unconditional grant and every
// explicit deny is checked against IAM's SimulatePrincipalPolicy (the same engine, through the API).
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateResourcePolicyCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { linkedrole } from '../support/cli.js';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';
import { createBot } from '../lex/support.js';

const ACCOUNT = '123456789012';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

interface Statement {
  policyId?: string;
  statementIndex: number;
  sid?: string;
  source: string;
}
interface Grant {
  resource: string;
  resourceTypes: string[];
  except: string[];
  conditions: { statement: Statement; condition: Record<string, Record<string, string[]>> }[];
  deniedWhen: { statement: Statement; condition: Record<string, Record<string, string[]>> }[];
  statements: Statement[];
}
interface ActionPermissions {
  action: string;
  decision: string;
  grants: Grant[];
  refusals: { resource: string; reason: string; statements: Statement[] }[];
}
interface Answer {
  principal: string;
  kind: string;
  serviceLinked: boolean;
  actions: ActionPermissions[];
}

/** Each row: a principal, what `can` is asked, and the expected answer for some of its actions. */
interface Row {
  name: string;
  principal: string;
  flags: string[];
  /** Every action the answer must hold, and nothing else (when `only`). */
  only?: boolean;
  /** Not a principal IAM's simulator takes (a role session): no cross-check. */
  unsimulated?: boolean;
  expect: Record<string, { decision: string; grants?: { resource: string; by: string[]; conditions?: string[]; except?: string[]; deniedWhen?: string[] }[]; refusals?: { resource: string; reason: string; by?: string[] }[] }>;
}

const ref = (s: Statement) => `${s.policyId ?? s.source}#${s.statementIndex}${s.sid ? `(${s.sid})` : ''}`;
const ROWS: Row[] = [
  {
    name: 'everything on everything, less a deny on part of S3, and a conditional deny of EC2 outside a region',
    principal: roleArn('eff-admin'),
    flags: ['--action', 's3:DeleteObject'],
    only: true,
    expect: {
      's3:DeleteObject': {
        decision: 'allowed',
        grants: [
          { resource: `arn:aws:s3:*:${ACCOUNT}:accesspoint/*/object/*`, by: ['eff-admin/Admin#0(All)'] },
          { resource: 'arn:aws:s3:::*/*', by: ['eff-admin/Admin#0(All)'] },
        ],
        refusals: [{ resource: 'arn:aws:s3:::secret/*', reason: 'explicitDeny', by: ['eff-admin/Admin#1(NoSecretDeletes)'] }],
      },
    },
  },
  {
    name: 'a deny with a condition is reported with the grant it would refuse',
    principal: roleArn('eff-admin'),
    flags: ['--action', 'ec2:TerminateInstances'],
    only: true,
    expect: {
      'ec2:TerminateInstances': {
        decision: 'allowed',
        grants: [{ resource: `arn:aws:ec2:*:${ACCOUNT}:instance/*`, by: ['eff-admin/Admin#0(All)'], deniedWhen: ['StringNotEquals aws:RequestedRegion eu-west-1'] }],
      },
    },
  },
  {
    name: 'PassRole only to Lambda: allowed under the condition, on the roles the statement names',
    principal: roleArn('eff-passer'),
    flags: [],
    only: true,
    expect: {
      'iam:PassRole': { decision: 'conditional', grants: [{ resource: roleArn('app-*'), by: ['eff-passer/Pass#0(PassToLambda)'], conditions: ['StringEquals iam:PassedToService lambda.amazonaws.com'] }] },
      'iam:GetRole': { decision: 'allowed', grants: [{ resource: roleArn('app-*'), by: ['eff-passer/Pass#1(ReadApps)'] }] },
    },
  },
  {
    name: "a user: its own policy, its group's, its boundary and a policy variable",
    principal: userArn('eff-bob'),
    flags: ['--service', 's3'],
    expect: {
      's3:GetObject': { decision: 'allowed', grants: [{ resource: 'arn:aws:s3:::data/*', by: ['eff-readers/Read#0(ReadData)', `arn:aws:iam::${ACCOUNT}:policy/eff-boundary#0(S3Only)`] }] },
      's3:ListBucket': { decision: 'allowed', grants: [{ resource: 'arn:aws:s3:::home-eff-bob', by: ['eff-bob/Own#1(OwnBucket)', `arn:aws:iam::${ACCOUNT}:policy/eff-boundary#0(S3Only)`] }] },
      's3:PutObject': { decision: 'allowed', grants: [{ resource: 'arn:aws:s3:::data/*', by: ['eff-bob/Own#0(WriteData)', `arn:aws:iam::${ACCOUNT}:policy/eff-boundary#0(S3Only)`] }] },
    },
  },
  {
    name: 'what the permissions boundary leaves out is reported as refused by it',
    principal: userArn('eff-bob'),
    flags: ['--action', 'sqs:SendMessage'],
    only: true,
    expect: { 'sqs:SendMessage': { decision: 'denied', refusals: [{ resource: 'arn:aws:sqs:*:*:*', reason: 'boundary' }] } },
  },
  {
    name: 'NotResource: every resource of the type but the ones listed',
    principal: roleArn('eff-not'),
    flags: [],
    only: true,
    expect: { 'iam:DeleteRole': { decision: 'allowed', grants: [{ resource: roleArn('*'), by: ['eff-not/Not#0'], except: [roleArn('keep-*')] }] } },
  },
  {
    name: "a role session: its role's policies within its session policy",
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/eff-session/cli`,
    flags: ['--action', 's3:GetObject'],
    only: true,
    unsimulated: true,
    expect: {
      's3:GetObject': {
        decision: 'allowed',
        grants: [{ resource: 'arn:aws:s3:::data/*', by: ['eff-session/All#0', 'SessionPolicy#0(Data)'] }],
        refusals: [
          { resource: `arn:aws:s3:*:${ACCOUNT}:accesspoint/*/object/*`, reason: 'session' },
          { resource: 'arn:aws:s3:::*/*', reason: 'session' },
        ],
      },
    },
  },
  {
    name: "conditions on what the principal is are decided: its tag met, a tag value it has not, a request key left, a deny on another account",
    principal: roleArn('eff-tagged'),
    flags: ['--service', 'sqs'],
    only: true,
    // SimulatePrincipalPolicy takes no principal tags unless given as context entries.
    unsimulated: true,
    expect: {
      'sqs:SendMessage': { decision: 'allowed', grants: [{ resource: 'arn:aws:sqs:*:*:blue-*', by: ['eff-tagged/Tagged#0(Team)'] }] },
      'sqs:PurgeQueue': { decision: 'conditional', grants: [{ resource: `arn:aws:sqs:*:${ACCOUNT}:*`, by: ['eff-tagged/Tagged#2(Mixed)'], conditions: ['StringEquals aws:RequestedRegion eu-west-1'] }] },
    },
  },
  {
    name: "a session's tags over its role's decide its conditions",
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/eff-tagged/red-session`,
    flags: ['--service', 'sqs'],
    only: true,
    unsimulated: true,
    expect: {
      'sqs:DeleteQueue': { decision: 'allowed', grants: [{ resource: `arn:aws:sqs:*:${ACCOUNT}:*`, by: ['eff-tagged/Tagged#1(Other)'] }] },
      'sqs:PurgeQueue': { decision: 'conditional', grants: [{ resource: `arn:aws:sqs:*:${ACCOUNT}:*`, by: ['eff-tagged/Tagged#3(MixedRed)'], conditions: ['StringEquals aws:RequestedRegion eu-west-1'] }] },
    },
  },
  {
    name: 'an action asked about that nothing allows',
    principal: roleArn('eff-passer'),
    flags: ['--action', 'lex:DeleteBot'],
    only: true,
    expect: { 'lex:DeleteBot': { decision: 'implicitDeny', grants: [] } },
  },
  {
    name: 'one resource decided',
    principal: roleArn('eff-admin'),
    flags: ['--action', 's3:DeleteObject', '--resource', 'arn:aws:s3:::secret/plans'],
    only: true,
    expect: { 's3:DeleteObject': { decision: 'denied', refusals: [{ resource: 'arn:aws:s3:::secret/plans', reason: 'explicitDeny', by: ['eff-admin/Admin#1(NoSecretDeletes)'] }] } },
  },
];

const conditionTexts = (list: { condition: Record<string, Record<string, string[]>> }[]) =>
  list.flatMap((c) => Object.entries(c.condition).flatMap(([op, keys]) => Object.entries(keys).map(([key, values]) => `${op} ${key} ${values.join(',')}`)));

/** A resource a pattern names: each wildcard made a name. */
const concrete = (pattern: string) => pattern.replace(/\*/g, 'x1').replace(/\?/g, 'y');

describe('linkedrole can / who-can', () => {
  const env = useTestServer({ clients: { iam: IAMClient, lex: LexModelsV2Client, sts: STSClient } });
  let botArn = '';

  before(async () => {
    const iam = env.iam;
    const role = async (name: string, policy: string, document: string) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy() }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policy, PolicyDocument: document }));
    };
    await role(
      'eff-admin',
      'Admin',
      doc(
        { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'NoSecretDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::secret/*' },
        { Sid: 'HomeRegion', Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
      ),
    );
    await role(
      'eff-passer',
      'Pass',
      doc(
        { Sid: 'PassToLambda', Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('app-*'), Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
        { Sid: 'ReadApps', Effect: 'Allow', Action: 'iam:GetRole', Resource: roleArn('app-*') },
      ),
    );
    await role('eff-not', 'Not', doc({ Effect: 'Allow', Action: 'iam:DeleteRole', NotResource: roleArn('keep-*') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'eff-lex-reader', AssumeRolePolicyDocument: trustPolicy() }));
    await iam.send(new CreateUserCommand({ UserName: 'eff-bob' }));
    await iam.send(new PutUserPolicyCommand({
      UserName: 'eff-bob',
      PolicyName: 'Own',
      PolicyDocument: doc(
        { Sid: 'WriteData', Effect: 'Allow', Action: ['s3:PutObject', 'sqs:SendMessage'], Resource: ['arn:aws:s3:::data/*', 'arn:aws:sqs:*:*:*'] },
        { Sid: 'OwnBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home-${aws:username}' },
      ),
    }));
    await iam.send(new CreateGroupCommand({ GroupName: 'eff-readers' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'eff-readers', PolicyName: 'Read', PolicyDocument: doc({ Sid: 'ReadData', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }) }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'eff-readers', UserName: 'eff-bob' }));
    const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: 'eff-boundary', PolicyDocument: doc({ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'eff-bob', PermissionsBoundary: boundary.Policy!.Arn! }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
    await iam.send(new CreateRoleCommand({
      RoleName: 'eff-session',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }),
    }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'eff-session', PolicyName: 'All', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    await env.sts.send(new AssumeRoleCommand({
      RoleArn: roleArn('eff-session'),
      RoleSessionName: 'cli',
      Policy: doc({ Sid: 'Data', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }),
    }));
    await iam.send(new CreateRoleCommand({
      RoleName: 'eff-tagged',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
      Tags: [{ Key: 'team', Value: 'blue' }],
    }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'eff-tagged',
      PolicyName: 'Tagged',
      PolicyDocument: doc(
        { Sid: 'Team', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*:*:${aws:PrincipalTag/team}-*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
        { Sid: 'Other', Effect: 'Allow', Action: 'sqs:DeleteQueue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
        { Sid: 'Mixed', Effect: 'Allow', Action: 'sqs:PurgeQueue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'eu-west-1' } } },
        { Sid: 'MixedRed', Effect: 'Allow', Action: 'sqs:PurgeQueue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'eu-west-1' } } },
        { Sid: 'OwnAccount', Effect: 'Deny', Action: 'sqs:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
      ),
    }));
    // A session tagged team=red: its tag replaces the role's.
    await env.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('eff-tagged'), RoleSessionName: 'red-session', Tags: [{ Key: 'team', Value: 'red' }] }));
    const bot = await createBot(env.lex, 'EffectiveBot');
    botArn = `arn:aws:lex:us-east-1:${ACCOUNT}:bot/${bot.botId}`;
    await env.lex.send(new CreateResourcePolicyCommand({
      resourceArn: botArn,
      policy: doc(
        { Sid: 'ReaderRole', Effect: 'Allow', Principal: { AWS: roleArn('eff-lex-reader') }, Action: 'lex:DescribeBot', Resource: botArn },
        { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: ['lex:DescribeBot', 'lex:ListBotLocales'], Resource: botArn },
      ),
    }));
  });

  const can = async (principal: string, flags: string[]): Promise<Answer> => {
    const result = await linkedrole(['can', principal, ...env.server.storeFlags, '--json', ...flags]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Answer;
  };

  /** SimulatePrincipalPolicy's decision and the SourcePolicyIds of its matched statements. */
  const simulate = async (principal: string, action: string, resource: string) => {
    const out = await env.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: [action], ResourceArns: [resource] }));
    return out.EvaluationResults![0].EvalDecision;
  };

  for (const row of ROWS) {
    it(row.name, async () => {
      const answer = await can(row.principal, row.flags);
      assert.equal(answer.principal, row.principal);
      const byAction = new Map(answer.actions.map((a) => [a.action, a]));
      if (row.only) assert.deepEqual([...byAction.keys()].sort(), Object.keys(row.expect).sort());
      for (const [action, expected] of Object.entries(row.expect)) {
        const got = byAction.get(action);
        assert.ok(got, `${action} is in the answer`);
        assert.equal(got.decision, expected.decision, action);
        if (expected.grants) {
          assert.deepEqual(
            got.grants.map((g) => ({ resource: g.resource, by: g.statements.map(ref), conditions: conditionTexts(g.conditions), except: g.except, deniedWhen: conditionTexts(g.deniedWhen) })),
            expected.grants.map((g) => ({ resource: g.resource, by: g.by, conditions: g.conditions ?? [], except: g.except ?? [], deniedWhen: g.deniedWhen ?? [] })),
            action,
          );
        }
        if (expected.refusals) {
          assert.deepEqual(
            got.refusals.map((r) => ({ resource: r.resource, reason: r.reason, by: r.statements.map(ref) })),
            expected.refusals.map((r) => ({ resource: r.resource, reason: r.reason, by: r.by ?? [] })),
            action,
          );
        }
      }
      if (row.unsimulated) return;
      // The engine, through IAM's simulator, agrees with every grant without conditions and every explicit deny.
      for (const a of answer.actions) {
        for (const g of a.grants) {
          if (g.conditions.length > 0 || g.deniedWhen.length > 0 || g.resource.includes('${')) continue;
          const resource = concrete(g.resource);
          if (g.except.some((e) => new RegExp(`^${e.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(resource))) continue;
          assert.equal(await simulate(row.principal, a.action, resource), 'allowed', `${a.action} on ${resource}`);
        }
        for (const r of a.refusals) {
          assert.equal(await simulate(row.principal, a.action, concrete(r.resource)), r.reason === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny', `${a.action} on ${r.resource}`);
        }
      }
    });
  }

  it("a service-linked role's answer is what its service may do in the account: the services its policy names, each grant agreeing with the simulator", async () => {
    const name = 'AWSServiceRoleForAppIntegrations';
    const arn = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/${name}`;
    const answer = await can(arn, []);
    assert.equal(answer.serviceLinked, true);
    const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    const actions = new Set<string>();
    for (const p of attached.AttachedPolicies ?? []) {
      const version = (await env.iam.send(new GetPolicyCommand({ PolicyArn: p.PolicyArn }))).Policy!.DefaultVersionId;
      const document = JSON.parse(decodeURIComponent((await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: p.PolicyArn, VersionId: version }))).PolicyVersion!.Document!));
      for (const s of [document.Statement].flat()) if (s.Effect === 'Allow') for (const a of [s.Action].flat()) actions.add(a.slice(0, a.indexOf(':')));
    }
    assert.deepEqual([...new Set(answer.actions.map((a) => a.action.slice(0, a.action.indexOf(':'))))].sort(), [...actions].sort());
    assert.ok(answer.actions.length > 0);
    for (const a of answer.actions) {
      for (const g of a.grants) {
        if (g.conditions.length > 0 || g.resource.includes('${')) continue;
        assert.equal(await simulate(arn, a.action, concrete(g.resource)), 'allowed', `${a.action} on ${g.resource}`);
      }
    }
    const text = await linkedrole(['can', arn, ...env.server.storeFlags]);
    assert.match(text.stdout, /service-linked role: what its service may do in the account/);
  });

  it("who-can: the account's roles and users its policies allow, and the bot's resource-based policy", async () => {
    const result = await linkedrole(['who-can', 'lex:DescribeBot', botArn, ...env.server.storeFlags, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as {
      action: string;
      resourcePolicy?: string;
      resourcePolicyStatements: { statement: Statement; principal: unknown }[];
      principals: { principal: string; permissions: ActionPermissions }[];
    };
    assert.equal(answer.resourcePolicy, botArn);
    assert.deepEqual(
      answer.resourcePolicyStatements.map((s) => [ref(s.statement), s.principal]),
      [
        [`${botArn}#0(ReaderRole)`, { AWS: [roleArn('eff-lex-reader')] }],
        [`${botArn}#1(Partner)`, { AWS: ['arn:aws:iam::210987654321:root'] }],
      ],
    );
    const who = Object.fromEntries(answer.principals.map((p) => [p.principal, p.permissions.grants.flatMap((g) => g.statements.map(ref))]));
    assert.deepEqual(who, {
      [roleArn('eff-admin')]: ['eff-admin/Admin#0(All)'],
      [roleArn('eff-lex-reader')]: [`${botArn}#0(ReaderRole)`],
    });
    for (const principal of Object.keys(who)) assert.equal(await simulate(principal, 'lex:DescribeBot', botArn), principal.endsWith('eff-admin') ? 'allowed' : 'implicitDeny');
    const text = await linkedrole(['who-can', 'lex:DescribeBot', botArn, ...env.server.storeFlags]);
    assert.match(text.stdout, /Resource-based policy/);
    assert.match(text.stdout, /eff-lex-reader \(role\)/);
  });

  it('refuses a principal that is not a role or user of the account, and an action the reference does not know', async () => {
    const missing = await linkedrole(['can', roleArn('eff-nobody'), ...env.server.storeFlags]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /NoSuchEntity: .*eff-nobody/);
    const other = await linkedrole(['can', 'arn:aws:iam::210987654321:role/x', ...env.server.storeFlags]);
    assert.equal(other.code, 1);
    const noSession = await linkedrole(['can', `arn:aws:sts::${ACCOUNT}:assumed-role/eff-session/nobody`, ...env.server.storeFlags]);
    assert.equal(noSession.code, 1);
    assert.match(noSession.stderr, /NoSuchEntity: .*no unexpired session has it/);
    const unknown = await linkedrole(['who-can', 'lex:NoSuchThing', '*', ...env.server.storeFlags]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /InvalidInput: lex:NoSuchThing is not an action/);
  });
});
