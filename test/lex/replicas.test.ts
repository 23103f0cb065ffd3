// Lex V2 Global Resiliency: bot replicas in other regions, made through the replication service-linked
// role AWSServiceRoleForLexV2Replication (created by CreateBotReplica on the caller's behalf), the replica
// region serving the bot read-only with its versions and aliases replicated, and the role's deletion
// refused while replicas exist. SDK v3 clients and the AWS CLI against the real server.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBotAliasCommand,
  CreateBotLocaleCommand,
  CreateBotReplicaCommand,
  CreateBotVersionCommand,
  DeleteBotCommand,
  DeleteBotReplicaCommand,
  DescribeBotCommand,
  DescribeBotReplicaCommand,
  LexModelsV2Client,
  ListBotAliasReplicasCommand,
  ListBotReplicasCommand,
  ListBotVersionReplicasCommand,
  ListBotVersionsCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
} from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson, awsCli } from '../support/aws-cli.js';
import { deleteServiceLinkedRole } from '../support/iam.js';
import { waitFor } from '../support/wait.js';
import { ACCOUNT, botInput, createBot, createReadyBot, REGION, rejectsWith, useLexEnv } from './support.js';

const ROLE = 'AWSServiceRoleForLexV2Replication';
const REPLICA = 'eu-west-2';

describe('Lex V2 bot replicas', () => {
  // Transitions of 600 ms: the test reads transitional statuses (Creating, Updating) right after each change,
  // which a loaded machine can take longer than the fixture's default 30 ms to do.
  const env = useLexEnv({ lex: { transitionMs: 600 } });
  const replicaModels = () => env.client(LexModelsV2Client, { region: REPLICA });
  const enabled = (models: LexModelsV2Client, botId: string, replicaRegion = REPLICA) =>
    waitFor(() => models.send(new DescribeBotReplicaCommand({ botId, replicaRegion })), (r) => r.botReplicaStatus !== 'Enabling');

  it('CreateBotReplica creates AWSServiceRoleForLexV2Replication (trusting replication.lexv2.amazonaws.com, AmazonLexReplicationPolicy) and the replica moves Enabling -> Enabled', async () => {
    const { botId } = await createReadyBot(env.models, 'Replicated');
    const created = await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA }));
    assert.equal(created.botReplicaStatus, 'Enabling');
    assert.equal(created.sourceRegion, REGION);
    assert.equal(created.replicaRegion, REPLICA);
    const role = (await env.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/replication.lexv2.amazonaws.com/${ROLE}`);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal, { Service: 'replication.lexv2.amazonaws.com' });
    const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['AmazonLexReplicationPolicy']);
    const described = await enabled(env.models, botId!);
    assert.equal(described.botReplicaStatus, 'Enabled');
    assert.equal(described.failureReasons, undefined);
    const listed = await env.models.send(new ListBotReplicasCommand({ botId }));
    assert.equal(listed.sourceRegion, REGION);
    assert.deepEqual(listed.botReplicaSummaries?.map((r) => [r.replicaRegion, r.botReplicaStatus]), [[REPLICA, 'Enabled']]);

    // The replica region serves the bot, read-only.
    const replica = replicaModels();
    assert.equal((await replica.send(new DescribeBotCommand({ botId }))).botName, 'Replicated');
    await rejectsWith(replica.send(new UpdateBotCommand({ ...botInput('Renamed'), botId } as never)), 'ValidationException', 400, /read-only.*source region us-east-1/);
    await rejectsWith(replica.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR', nluIntentConfidenceThreshold: 0.4 })), 'ValidationException', 400, /read-only/);
    // Conversations run in the replica region, through the replicated bot.
    const runtime = env.client(LexRuntimeV2Client, { region: REPLICA });
    const turn = await runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'replica-1', text: 'hello' }));
    assert.equal(turn.sessionState?.intent?.name, 'Greeting');
    // The bot is not in a third region.
    await rejectsWith(env.client(LexModelsV2Client, { region: 'eu-west-1' }).send(new DescribeBotCommand({ botId })), 'ResourceNotFoundException', 404);

    // Versions and aliases made in the source region replicate: Creating, then Available; an alias moved: Updating.
    await env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    await waitFor(() => env.models.send(new ListBotVersionsCommand({ botId })), (v) => v.botVersionSummaries?.find((s) => s.botVersion === '1')?.botStatus === 'Available');
    await env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }));
    const versions = await env.models.send(new ListBotVersionReplicasCommand({ botId, replicaRegion: REPLICA }));
    assert.deepEqual(versions.botVersionReplicaSummaries?.map((v) => v.botVersion), ['1', '2']);
    assert.equal(versions.botVersionReplicaSummaries?.[1].botVersionReplicationStatus, 'Creating');
    const settledVersions = await waitFor(
      () => env.models.send(new ListBotVersionReplicasCommand({ botId, replicaRegion: REPLICA, sortBy: { attribute: 'BotVersion', order: 'Descending' } })),
      (v) => v.botVersionReplicaSummaries?.every((s) => s.botVersionReplicationStatus === 'Available') === true,
    );
    assert.deepEqual(settledVersions.botVersionReplicaSummaries?.map((v) => v.botVersion), ['2', '1']);
    const firstPage = await env.models.send(new ListBotVersionReplicasCommand({ botId, replicaRegion: REPLICA, maxResults: 1 }));
    assert.deepEqual(firstPage.botVersionReplicaSummaries?.map((v) => v.botVersion), ['1']);
    const secondPage = await env.models.send(new ListBotVersionReplicasCommand({ botId, replicaRegion: REPLICA, maxResults: 1, nextToken: firstPage.nextToken }));
    assert.deepEqual(secondPage.botVersionReplicaSummaries?.map((v) => v.botVersion), ['2']);
    assert.equal(secondPage.nextToken, undefined);
    assert.deepEqual((await replica.send(new ListBotVersionsCommand({ botId }))).botVersionSummaries?.map((v) => v.botVersion).sort(), ['1', '2', 'DRAFT']);

    const alias = await env.models.send(new CreateBotAliasCommand({ botId, botAliasName: 'prod', botVersion: '1' }));
    const aliasStatus = async () => (await env.models.send(new ListBotAliasReplicasCommand({ botId, replicaRegion: REPLICA }))).botAliasReplicaSummaries!;
    const justMade = await aliasStatus();
    assert.deepEqual(justMade.map((a) => [a.botAliasId, a.botVersion, a.botAliasReplicationStatus]), [[alias.botAliasId, '1', 'Creating']]);
    await waitFor(aliasStatus, (a) => a[0].botAliasReplicationStatus === 'Available');
    await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: alias.botAliasId, botAliasName: 'prod', botVersion: '2' }));
    const moved = await aliasStatus();
    assert.deepEqual(moved.map((a) => [a.botVersion, a.botAliasReplicationStatus]), [['2', 'Updating']]);
    await waitFor(aliasStatus, (a) => a[0].botAliasReplicationStatus === 'Available');
  });

  it('answers each bad request with AWS-shaped errors and changes nothing', async () => {
    const { botId } = await createBot(env.models, 'Errors');
    await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'eu-west-1' }));
    await enabled(env.models, botId!, 'eu-west-1');
    const cases: [string, () => Promise<unknown>, string, number, RegExp?][] = [
      ['the bot region itself', () => env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: REGION })), 'ValidationException', 400, /own region/],
      ['a region without Lex', () => env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'us-west-1' })), 'ValidationException', 400, /not a region Amazon Lex V2/],
      ['a replica already there', () => env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'eu-west-1' })), 'ConflictException', 409],
      ['a missing bot', () => env.models.send(new CreateBotReplicaCommand({ botId: 'NOSUCHBOT1', replicaRegion: REPLICA })), 'PreconditionFailedException', 412],
      ['describing a missing replica', () => env.models.send(new DescribeBotReplicaCommand({ botId, replicaRegion: REPLICA })), 'ResourceNotFoundException', 404],
      ['deleting a missing replica', () => env.models.send(new DeleteBotReplicaCommand({ botId, replicaRegion: REPLICA })), 'PreconditionFailedException', 412],
      ['listing versions of a missing replica', () => env.models.send(new ListBotVersionReplicasCommand({ botId, replicaRegion: REPLICA })), 'ResourceNotFoundException', 404],
      ['listing aliases of a missing replica', () => env.models.send(new ListBotAliasReplicasCommand({ botId, replicaRegion: REPLICA })), 'ResourceNotFoundException', 404],
      ['listing replicas of a missing bot', () => env.models.send(new ListBotReplicasCommand({ botId: 'NOSUCHBOT1' })), 'ResourceNotFoundException', 404],
      ['deleting the source bot while it has replicas', () => env.models.send(new DeleteBotCommand({ botId })), 'PreconditionFailedException', 412, /replicas/],
      ['replicating from the replica region', () => env.client(LexModelsV2Client, { region: 'eu-west-1' }).send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA })), 'PreconditionFailedException', 412],
    ];
    for (const [name, call, code, status, message] of cases) {
      await rejectsWith(call(), code, status, message).catch((error: Error) => assert.fail(`${name}: ${error.message}`));
    }
    const listed = await env.models.send(new ListBotReplicasCommand({ botId }));
    assert.deepEqual(listed.botReplicaSummaries?.map((r) => r.replicaRegion), ['eu-west-1']);
    assert.equal((await env.models.send(new DescribeBotCommand({ botId }))).botName, 'Errors');
  });

  it('a replica region with a bot of the same name: the replica Fails with its failureReasons', async () => {
    const { botId } = await createBot(env.models, 'Twin');
    await createBot(env.client(LexModelsV2Client, { region: 'ap-southeast-2' }), 'Twin');
    await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'ap-southeast-2' }));
    const failed = await enabled(env.models, botId!, 'ap-southeast-2');
    assert.equal(failed.botReplicaStatus, 'Failed');
    assert.deepEqual(failed.failureReasons, ["A bot with the name 'Twin' already exists in ap-southeast-2."]);
    const listed = await env.models.send(new ListBotReplicasCommand({ botId }));
    assert.deepEqual(listed.botReplicaSummaries?.map((r) => [r.botReplicaStatus, r.failureReasons]), [['Failed', failed.failureReasons]]);
    await env.models.send(new DeleteBotReplicaCommand({ botId, replicaRegion: 'ap-southeast-2' }));
  });

});

describe('CreateBotReplica authorization', () => {
  const env = useLexEnv();
  it("the caller needs iam:CreateServiceLinkedRole for replication.lexv2.amazonaws.com while the role is missing, decided by the engine", async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'replicator' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'replicator', PolicyName: 'lex', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lex:*', Resource: '*' }] }) }));
    const key = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'replicator' }))).AccessKey!;
    const user = env.client(LexModelsV2Client, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
    const { botId } = await createBot(env.models, 'NeedsRole');
    await rejectsWith(user.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA })), 'AccessDeniedException', 403, /iam:CreateServiceLinkedRole/);
    await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: ROLE })), 'NoSuchEntityException', 404);
    // Both decisions are in the audit trail, with the call's event name and the user.
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/replication.lexv2.amazonaws.com/${ROLE}`;
    const decisions = await env.server.app.audit.query({ accountId: ACCOUNT, eventName: 'CreateBotReplica', userName: 'replicator' });
    assert.deepEqual(
      decisions.map((d) => [d.action, d.resource, d.decision]).sort(),
      [
        ['iam:CreateServiceLinkedRole', roleArn, 'implicitDeny'],
        ['lex:CreateBotReplica', `arn:aws:lex:${REGION}:${ACCOUNT}:bot/${botId}`, 'allowed'],
      ],
    );
    // Allowed for another service only: still refused.
    const slr = (service: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': service } } }] });
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'replicator', PolicyName: 'slr', PolicyDocument: slr('lexv2.amazonaws.com') }));
    await rejectsWith(user.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA })), 'AccessDeniedException', 403);
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'replicator', PolicyName: 'slr', PolicyDocument: slr('replication.lexv2.amazonaws.com') }));
    assert.equal((await user.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA }))).botReplicaStatus, 'Enabling');
    await env.iam.send(new GetRoleCommand({ RoleName: ROLE }));
    // With the role there, lex:CreateBotReplica alone suffices.
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'replicator', PolicyName: 'slr', PolicyDocument: slr('none.amazonaws.com') }));
    assert.equal((await user.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'eu-west-1' }))).botReplicaStatus, 'Enabling');
  });
});

describe("the replication role's deletion (DeleteServiceLinkedRole on AWSServiceRoleForLexV2Replication)", () => {
  const env = useLexEnv({ lex: { transitionMs: 0 } });
  let botId: string;
  before(async () => {
    botId = (await createBot(env.models, 'Kept')).botId!;
    await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA }));
    await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: 'ap-northeast-1' }));
  });
  // The sentences of AWS's page on the role, each checked in order.
  const sentences: [string, () => Promise<void>][] = [
    [
      'You can delete a service-linked role only after first deleting their related resources: the deletion fails naming every replica',
      async () => {
        const status = await deleteServiceLinkedRole(env.iam, ROLE);
        assert.equal(status.Status, 'FAILED');
        assert.deepEqual(
          status.Reason?.RoleUsageList?.map((u) => [u.Region, u.Resources]),
          [
            ['ap-northeast-1', [`arn:aws:lex:ap-northeast-1:${ACCOUNT}:bot/${botId}`]],
            [REPLICA, [`arn:aws:lex:${REPLICA}:${ACCOUNT}:bot/${botId}`]],
          ],
        );
      },
    ],
    [
      'deleting one replica leaves the other in use',
      async () => {
        await env.models.send(new DeleteBotReplicaCommand({ botId, replicaRegion: 'ap-northeast-1' }));
        const status = await deleteServiceLinkedRole(env.iam, ROLE);
        assert.deepEqual(status.Reason?.RoleUsageList?.map((u) => u.Region), [REPLICA]);
      },
    ],
    [
      'after the last replica is deleted, the role is deleted',
      async () => {
        await env.models.send(new DeleteBotReplicaCommand({ botId, replicaRegion: REPLICA }));
        assert.equal((await deleteServiceLinkedRole(env.iam, ROLE)).Status, 'SUCCEEDED');
        await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: ROLE })), 'NoSuchEntityException', 404);
      },
    ],
    [
      'If you delete this service-linked role, and then need to create one again, the same process creates it',
      async () => {
        await env.models.send(new CreateBotReplicaCommand({ botId, replicaRegion: REPLICA }));
        assert.equal((await env.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.RoleName, ROLE);
      },
    ],
  ];
  for (const [sentence, check] of sentences) it(sentence, check);

  it('the AWS CLI lists, describes and deletes replicas', async () => {
    const listed = await awsCliJson(env.server.url, ['lexv2-models', 'list-bot-replicas', '--bot-id', botId]);
    assert.deepEqual(listed.botReplicaSummaries.map((r: { replicaRegion: string }) => r.replicaRegion), [REPLICA]);
    const described = await awsCliJson(env.server.url, ['lexv2-models', 'describe-bot-replica', '--bot-id', botId, '--replica-region', REPLICA]);
    assert.equal(described.botReplicaStatus, 'Enabled');
    const made = await awsCliJson(env.server.url, ['lexv2-models', 'create-bot-replica', '--bot-id', botId, '--replica-region', 'ca-central-1']);
    assert.equal(made.sourceRegion, REGION);
    const deleted = await awsCliJson(env.server.url, ['lexv2-models', 'delete-bot-replica', '--bot-id', botId, '--replica-region', 'ca-central-1']);
    assert.equal(deleted.botReplicaStatus, 'Deleting');
    const refused = await awsCli(env.server.url, ['lexv2-models', 'create-bot-replica', '--bot-id', botId, '--replica-region', REGION]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ValidationException/);
  });
});
