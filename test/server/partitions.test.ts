// Partitions: the partition follows the region a request is signed for (cn-* -> aws-cn, us-gov-* -> aws-us-gov), and
// every ARN the server makes for it carries that partition: IAM's roles, users and (AWS managed) policies, the
// service-linked roles' attached policies, STS's callers and assumed roles, Lex V2's bots and their roles; what a
// partition does not offer (AppIntegrations outside `aws`, Lex V2 in China) is refused as in any region without it.
// IAM is global per partition: a request signed for any region of aws-cn is served in cn-north-1.
import { AppIntegrationsClient, CreateEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBotCommand, LexModelsV2Client, ListTagsForResourceCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { botInput } from '../lex/support.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';

const ACCOUNT = '123456789012';

/** region -> the partition AWS puts it in, and whether Lex V2 / AppIntegrations are offered there (botocore; the seed). */
const CASES: { region: string; partition: string; lex: boolean; appIntegrations: boolean }[] = [
  { region: 'us-east-1', partition: 'aws', lex: true, appIntegrations: true },
  { region: 'eu-west-2', partition: 'aws', lex: true, appIntegrations: true },
  { region: 'cn-north-1', partition: 'aws-cn', lex: false, appIntegrations: false },
  { region: 'cn-northwest-1', partition: 'aws-cn', lex: false, appIntegrations: false },
  { region: 'us-gov-west-1', partition: 'aws-us-gov', lex: true, appIntegrations: false },
  { region: 'us-gov-east-1', partition: 'aws-us-gov', lex: false, appIntegrations: false },
];

const LEX_REGIONS = 'af-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, us-east-1, us-west-2, us-gov-west-1';
const APPINTEGRATIONS_REGIONS =
  'us-east-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ap-northeast-1, ca-central-1, eu-central-1, eu-west-2, af-south-1';

describe('partitions', () => {
  const env = useTestServer();

  for (const { region, partition, lex, appIntegrations } of CASES) {
    it(`${region} -> ${partition}`, async () => {
      const iam = env.client(IAMClient, { region });
      const sts = env.client(STSClient, { region });
      const tag = region.replaceAll('-', '');

      // IAM: a role, a user, an AWS managed policy, a service-linked role and the policy it carries.
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
      const role = await iam.send(new CreateRoleCommand({ RoleName: `p-${tag}`, AssumeRolePolicyDocument: trust }));
      assert.equal(role.Role?.Arn, `arn:${partition}:iam::${ACCOUNT}:role/p-${tag}`);
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: `p-${tag}` }))).Role?.Arn, `arn:${partition}:iam::${ACCOUNT}:role/p-${tag}`);
      const user = await iam.send(new CreateUserCommand({ UserName: `u-${tag}`, Path: '/team/' }));
      assert.equal(user.User?.Arn, `arn:${partition}:iam::${ACCOUNT}:user/team/u-${tag}`);
      const readOnly = `arn:${partition}:iam::aws:policy/ReadOnlyAccess`;
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: readOnly }))).Policy?.Arn, readOnly);
      const otherPartition = partition === 'aws' ? 'aws-cn' : 'aws';
      await rejectsWith(
        iam.send(new GetPolicyCommand({ PolicyArn: `arn:${otherPartition}:iam::aws:policy/ReadOnlyAccess` })),
        'NoSuchEntity',
        `Policy arn:${otherPartition}:iam::aws:policy/ReadOnlyAccess was not found.`,
        404,
      );
      // An AWS managed policy's document names its partition's ARNs (AWS publishes one set per partition).
      const trustPolicy = `arn:${partition}:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy`;
      const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: trustPolicy, VersionId: 'v3' }));
      const resources = JSON.stringify(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? '')).Statement.map((st: { Resource: unknown }) => st.Resource));
      assert.ok(resources.includes(`arn:${partition}:iam::*:role/aws-service-role/organizations.amazonaws.com/*`), resources);
      assert.equal(resources.includes(`arn:${otherPartition}:`), false, resources);
      // A policy names resources of its partition; another partition's are refused as IAM refuses them.
      const inline = (arn: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: arn }] });
      await iam.send(new PutRolePolicyCommand({ RoleName: `p-${tag}`, PolicyName: 'own', PolicyDocument: inline(`arn:${partition}:s3:::bucket/*`) }));
      await rejectsWith(
        iam.send(new PutRolePolicyCommand({ RoleName: `p-${tag}`, PolicyName: 'other', PolicyDocument: inline(`arn:${otherPartition}:s3:::bucket/*`) })),
        'MalformedPolicyDocument',
        `Partition "${otherPartition}" is not valid for resource "arn:${otherPartition}:s3:::bucket/*".`,
        400,
      );
      const slr = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: tag }));
      assert.equal(slr.Role?.Arn, `arn:${partition}:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_${tag}`);
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: `AWSServiceRoleForAutoScaling_${tag}` }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), [`arn:${partition}:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy`]);

      // STS: the caller, and a session of the role.
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:${partition}:iam::${ACCOUNT}:root`);
      const session = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 's1' }));
      assert.equal(session.AssumedRoleUser?.Arn, `arn:${partition}:sts::${ACCOUNT}:assumed-role/p-${tag}/s1`);

      // Lex V2: a bot (its own service-linked role) and the bot's ARN, where the partition offers Lex V2.
      const models = env.client(LexModelsV2Client, { region });
      const bot = models.send(new CreateBotCommand(botInput(`Bot${tag}`)));
      if (lex) {
        const created = await bot;
        assert.match(created.roleArn ?? '', new RegExp(`^arn:${partition}:iam::${ACCOUNT}:role/aws-service-role/lexv2\\.amazonaws\\.com/AWSServiceRoleForLexV2Bots_\\w+$`));
        const botArn = `arn:${partition}:lex:${region}:${ACCOUNT}:bot/${created.botId}`;
        assert.deepEqual((await models.send(new ListTagsForResourceCommand({ resourceARN: botArn }))).tags ?? {}, {});
      } else {
        await rejectsWith(bot, 'UnsupportedRegionException', `Lex Models V2 is not offered in the region '${region}'. It is offered in: ${LEX_REGIONS}.`, 400);
      }

      // AppIntegrations: only the seed's regions, all in `aws`.
      const integrations = env.client(AppIntegrationsClient, { region });
      const integration = integrations.send(
        new CreateEventIntegrationCommand({ Name: `events-${tag}`, EventFilter: { Source: 'aws.cases' }, EventBridgeBus: 'default' }),
      );
      if (appIntegrations) {
        assert.equal((await integration).EventIntegrationArn, `arn:${partition}:app-integrations:${region}:${ACCOUNT}:event-integration/events-${tag}`);
      } else {
        await rejectsWith(integration, 'UnsupportedRegionException', `AppIntegrations is not offered in the region '${region}'. It is offered in: ${APPINTEGRATIONS_REGIONS}.`, 400);
      }
    });
  }

  it("IAM is global per partition: a call signed for any region of a partition is served in that partition's IAM region (aws:RequestedRegion)", async () => {
    const iam = env.client(IAMClient, { region: 'us-east-1' });
    await iam.send(new CreateUserCommand({ UserName: 'regional' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['cn-north-1', 'us-gov-west-1'] } } }],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'regional', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'regional' }));
    const served: [string, boolean][] = [
      ['cn-north-1', true],
      ['cn-northwest-1', true],
      ['us-gov-west-1', true],
      ['us-gov-east-1', true],
      ['us-east-1', false],
      ['eu-west-1', false],
    ];
    for (const [region, allowed] of served) {
      const user = env.client(IAMClient, { region, accessKeyId: AccessKey!.AccessKeyId, secretAccessKey: AccessKey!.SecretAccessKey });
      const call = user.send(new ListRolesCommand({}));
      if (allowed) await call;
      else await rejectsWith(call, 'AccessDenied', /is not authorized to perform: iam:ListRoles/, 403);
    }
  });
  // Requests of different partitions in flight at once each keep their own: an \`aws\` request runs outside the
  // partition storage (src/aws/partitions.ts inRequestPartition), so one of aws-cn answered meanwhile must not leak
  // into it, nor an \`aws\` one into it.
  it('requests of several partitions in flight together each answer in their own partition', async () => {
    const regions = ['us-east-1', 'cn-north-1', 'us-gov-west-1', 'eu-west-2'];
    const expected: Record<string, string> = { 'us-east-1': 'aws', 'cn-north-1': 'aws-cn', 'us-gov-west-1': 'aws-us-gov', 'eu-west-2': 'aws' };
    const clients = regions.map((region) => ({ region, sts: env.client(STSClient, { region }) }));
    const calls = Array.from({ length: 40 }, (_, i) => clients[i % clients.length]).map(async ({ region, sts }) => ({ region, arn: (await sts.send(new GetCallerIdentityCommand({}))).Arn }));
    for (const { region, arn } of await Promise.all(calls)) assert.equal(arn, `arn:${expected[region]}:iam::${ACCOUNT}:root`, region);
  });
});
