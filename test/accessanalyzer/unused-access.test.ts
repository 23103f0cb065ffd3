// IAM Access Analyzer's unused-access analyzer (ACCOUNT_UNUSED_ACCESS) on a server whose clock is moved
// forward: roles, access keys, passwords and permissions unused over the tracking period (unusedAccessAge),
// read from IAM and the audit trail; the period and the exclusions changed by UpdateAnalyzer; GetFindingV2's
// details and GetFindingsStatistics. The SDK clients sign on the server's clock (systemClockOffset).
import { AccessAnalyzerClient, CreateAnalyzerCommand, GenerateFindingRecommendationCommand, GetFindingRecommendationCommand, GetFindingsStatisticsCommand, GetFindingV2Command, ListFindingsV2Command, UpdateAnalyzerCommand, type FindingSummaryV2 } from '@aws-sdk/client-accessanalyzer';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';
const DAY = 24 * 60 * 60 * 1000;
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const allow = (...Action: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });

describe('Access Analyzer unused access', () => {
  let offset = 0;
  const env = useTestServer({ app: { clock: () => new Date(Date.now() + offset) } });
  const made: { destroy(): void }[] = [];
  /** A client signing on the server's clock as it is now. */
  const client = <C extends new (config: never) => { destroy(): void }>(Client: C, keys: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string } = {}): InstanceType<C> => {
    const c = new Client({ ...env.server.clientConfig(keys), systemClockOffset: offset } as never) as InstanceType<C>;
    made.push(c);
    return c;
  };
  after(() => made.forEach((c) => c.destroy()));
  let analyzerArn = '';
  let oldKey = '';
  const findings = async () => (await client(AccessAnalyzerClient).send(new ListFindingsV2Command({ analyzerArn, sort: { attributeName: 'resource' } }))).findings!;
  const described = async (list: FindingSummaryV2[]) =>
    Promise.all(list.map(async (f) => ({ type: f.findingType, status: f.status, resource: f.resource!.split('/').pop(), details: (await client(AccessAnalyzerClient).send(new GetFindingV2Command({ analyzerArn, id: f.id }))).findingDetails![0] })));

  before(async () => {
    const iam = client(IAMClient);
    // Three days before the analysis: the principals and their credentials.
    await iam.send(new CreateRoleCommand({ RoleName: 'idle-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateRoleCommand({ RoleName: 'busy-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'busy-role', PolicyName: 'work', PolicyDocument: allow('iam:ListRoles', 'iam:GetRole', 's3:GetObject', 's3:Put*') }));
    await iam.send(new CreateUserCommand({ UserName: 'old-user' }));
    oldKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'old-user' }))).AccessKey!.AccessKeyId!;
    await iam.send(new CreateLoginProfileCommand({ UserName: 'old-user', Password: 'Known-Pass-1!' }));
    await iam.send(new CreateUserCommand({ UserName: 'active-user' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'active-user', PolicyName: 'self', PolicyDocument: allow('iam:GetUser') }));
    const activeKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'active-user' }))).AccessKey!;
    // Now, three days later: busy-role's session lists roles, active-user reads itself.
    offset = 3 * DAY;
    const session = (await client(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/busy-role`, RoleSessionName: 'work' }))).Credentials!;
    await client(IAMClient, { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken }).send(new ListRolesCommand({}));
    await client(IAMClient, { accessKeyId: activeKey.AccessKeyId, secretAccessKey: activeKey.SecretAccessKey }).send(new GetUserCommand({}));
    analyzerArn = (await client(AccessAnalyzerClient).send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 1 } } }))).arn!;
  });

  it('over one day: the idle role, the old key and password, the permissions the busy role did not use; nothing of what was used', async () => {
    const found = await described(await findings());
    assert.deepEqual(
      found.map((f) => [f.resource, f.type, f.status]),
      [
        ['busy-role', 'UnusedPermission', 'ACTIVE'],
        ['busy-role', 'UnusedPermission', 'ACTIVE'],
        ['idle-role', 'UnusedIAMRole', 'ACTIVE'],
        ['old-user', 'UnusedIAMUserAccessKey', 'ACTIVE'],
        ['old-user', 'UnusedIAMUserPassword', 'ACTIVE'],
      ],
    );
    const permissions = found.filter((f) => f.type === 'UnusedPermission').map((f) => f.details.unusedPermissionDetails!);
    const iamUnused = permissions.find((p) => p.serviceNamespace === 'iam')!;
    assert.deepEqual(iamUnused.actions, [{ action: 'iam:GetRole' }], 'iam:ListRoles was used, iam:GetRole was not');
    assert.ok(iamUnused.lastAccessed instanceof Date, 'the service was used');
    const s3Unused = permissions.find((p) => p.serviceNamespace === 's3')!;
    assert.deepEqual(s3Unused.actions, [{ action: 's3:GetObject' }], 'the service unused: its named actions (s3:Put* names none)');
    assert.equal(s3Unused.lastAccessed, undefined);
    assert.deepEqual(found.find((f) => f.type === 'UnusedIAMRole')!.details, { unusedIamRoleDetails: {} });
    assert.deepEqual(found.find((f) => f.type === 'UnusedIAMUserAccessKey')!.details, { unusedIamUserAccessKeyDetails: { accessKeyId: oldKey } });
    assert.deepEqual(found.find((f) => f.type === 'UnusedIAMUserPassword')!.details, { unusedIamUserPasswordDetails: {} });
    const stats = (await client(AccessAnalyzerClient).send(new GetFindingsStatisticsCommand({ analyzerArn }))).findingsStatistics![0].unusedAccessFindingsStatistics!;
    assert.equal(stats.totalActiveFindings, 5);
    assert.deepEqual(stats.unusedAccessTypeStatistics, [
      { unusedAccessType: 'UnusedIAMRole', total: 1 },
      { unusedAccessType: 'UnusedIAMUserAccessKey', total: 1 },
      { unusedAccessType: 'UnusedIAMUserPassword', total: 1 },
      { unusedAccessType: 'UnusedPermission', total: 2 },
    ]);
  });

  it("GenerateFindingRecommendation: the busy role's policy without the unused actions; GetFindingRecommendation answers it", async () => {
    // A fresh client per call: the SDK moves a client's clock to the Date header it gets back (the process's clock).
    const aa = { send: ((command: never) => client(AccessAnalyzerClient).send(command)) as AccessAnalyzerClient['send'] };
    const found = await findings();
    const permission = async (service: string) => {
      for (const f of found.filter((x) => x.findingType === 'UnusedPermission')) {
        const details = (await aa.send(new GetFindingV2Command({ analyzerArn, id: f.id }))).findingDetails![0];
        if (details.unusedPermissionDetails!.serviceNamespace === service) return f.id!;
      }
      return assert.fail(`no ${service} finding`);
    };
    const s3 = await permission('s3');
    await rejectsWith(aa.send(new GetFindingRecommendationCommand({ analyzerArn, id: s3 })), 'ResourceNotFoundException', `Finding ${s3} (no recommendation generated: call GenerateFindingRecommendation first) not found.`, 404);
    const cases: [string, string[]][] = [
      // s3 was not used at all: every s3 action goes, its wildcard too.
      [s3, ['iam:ListRoles', 'iam:GetRole']],
      // iam was used: only the unused iam:GetRole goes.
      [await permission('iam'), ['iam:ListRoles', 's3:GetObject', 's3:Put*']],
    ];
    for (const [id, remaining] of cases) {
      await aa.send(new GenerateFindingRecommendationCommand({ analyzerArn, id }));
      const recommendation = await aa.send(new GetFindingRecommendationCommand({ analyzerArn, id }));
      assert.equal(recommendation.status, 'SUCCEEDED');
      assert.equal(recommendation.recommendationType, 'UnusedPermissionRecommendation');
      assert.equal(recommendation.resourceArn, `arn:aws:iam::${ACCOUNT}:role/busy-role`);
      assert.ok(recommendation.completedAt! >= recommendation.startedAt!);
      const [step] = recommendation.recommendedSteps!.map((s) => s.unusedPermissionsRecommendedStep!);
      assert.equal(recommendation.recommendedSteps!.length, 1);
      assert.equal(step.existingPolicyId, 'work');
      assert.equal(step.recommendedAction, 'CREATE_POLICY');
      assert.deepEqual(JSON.parse(step.recommendedPolicy!).Statement, [{ Effect: 'Allow', Action: remaining, Resource: '*' }]);
    }
    const unknown = '00000000-0000-0000-0000-000000000000';
    await rejectsWith(aa.send(new GenerateFindingRecommendationCommand({ analyzerArn, id: unknown })), 'ResourceNotFoundException', `Finding ${unknown} not found.`, 404);
    const role = found.find((f) => f.findingType === 'UnusedIAMRole')!;
    await rejectsWith(aa.send(new GenerateFindingRecommendationCommand({ analyzerArn, id: role.id })), 'ValidationException', 'Recommendations are only available for findings of type UnusedPermission, not UnusedIAMRole.', 400);
  });

  it('an exclusion by resource tag removes the tagged role from the analysis (its finding RESOLVED)', async () => {
    await client(IAMClient).send(new TagRoleCommand({ RoleName: 'idle-role', Tags: [{ Key: 'team', Value: 'ops' }] }));
    await client(AccessAnalyzerClient).send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 1, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } } } }));
    const idle = (await findings()).filter((f) => f.resource!.endsWith('/idle-role'));
    assert.deepEqual(idle.map((f) => [f.findingType, f.status]), [['UnusedIAMRole', 'RESOLVED']]);
  });

  it('a tracking period longer than the principals have existed: the role, key and password findings RESOLVED, the unused permissions stay', async () => {
    await client(AccessAnalyzerClient).send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 30 } } }));
    const all = await findings();
    assert.deepEqual(
      all.filter((f) => f.status !== 'RESOLVED').map((f) => [f.resource, f.findingType]),
      // Only busy-role's unused permissions remain: a permission is unused whatever the principal's age.
      all.filter((f) => f.findingType === 'UnusedPermission').map((f) => [f.resource, f.findingType]),
    );
  });
});
