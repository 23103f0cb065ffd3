// One role per bot: a bot without a roleArn gets its own AWSServiceRoleForLexV2Bots_<suffix> role; a
// given one is used; each capability adds its grant to the bot's role as an inline policy, and removing
// the capability removes it (seen through IAM's ListRolePolicies / GetRolePolicy).
import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBotAliasCommand,
  CreateBotLocaleCommand,
  CreateIntentCommand,
  DeleteBotAliasCommand,
  DeleteBotCommand,
  DeleteIntentCommand,
  DescribeBotCommand,
  ListIntentsCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT, createBot, REGION, roleNameOf, useLexEnv } from './support.js';

const logGroupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/lex/pizza-bot`;
const bucketArn = 'arn:aws:s3:::pizza-audio-logs';
const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const kendraIndex = `arn:aws:kendra:${REGION}:${ACCOUNT}:index/faq-index`;

describe('Lex V2 bot roles and capability grants', () => {
  const env = useLexEnv();

  async function inlinePolicies(roleName: string): Promise<Record<string, { Action: string[]; Resource: string | string[] }[]>> {
    const names = (await env.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const out: Record<string, { Action: string[]; Resource: string | string[] }[]> = {};
    for (const name of names) {
      const got = await env.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      out[name] = JSON.parse(decodeURIComponent(got.PolicyDocument!)).Statement;
    }
    return out;
  }

  /** The single inline policy granting `action`, or undefined. */
  async function grantOf(roleName: string, action: string) {
    const policies = await inlinePolicies(roleName);
    const found = Object.entries(policies).filter(([, statements]) => statements.some((s) => s.Action.includes(action)));
    assert.ok(found.length <= 1, `at most one policy grants ${action}`);
    return found[0] ? { name: found[0][0], statement: found[0][1].find((s) => s.Action.includes(action))! } : undefined;
  }

  it('creates a new AWSServiceRoleForLexV2Bots_<suffix> role for each bot created without one', async () => {
    const a = await createBot(env.models, 'RoleA');
    const b = await createBot(env.models, 'RoleB');
    assert.notEqual(a.roleArn, b.roleArn);
    for (const bot of [a, b]) {
      const role = (await env.iam.send(new GetRoleCommand({ RoleName: roleNameOf(bot.roleArn!) }))).Role!;
      assert.match(role.RoleName!, /^AWSServiceRoleForLexV2Bots_[0-9A-Z]{10}$/);
      assert.equal(role.Path, '/aws-service-role/lexv2.amazonaws.com/');
      const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
      assert.deepEqual(trust.Statement[0].Principal, { Service: 'lexv2.amazonaws.com' });
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['AmazonLexV2BotPolicy']);
    }
  });

  it('uses the given role of an existing AWSServiceRoleForLexV2Bots_ role; the name never changes, the description may be edited through IAM', async () => {
    const made = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'Given1' }));
    const roleArn = made.Role!.Arn!;
    const bot = await createBot(env.models, 'GivenRole', { roleArn });
    assert.equal(bot.roleArn, roleArn);
    await env.iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForLexV2Bots_Given1', Description: 'Role of the GivenRole bot' }));
    const role = (await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForLexV2Bots_Given1' }))).Role!;
    assert.equal(role.Description, 'Role of the GivenRole bot');
    assert.equal((await env.models.send(new DescribeBotCommand({ botId: bot.botId }))).roleArn, roleArn);
    // Updating the bot keeps the role (and its name).
    await env.models.send(new UpdateBotCommand({ botId: bot.botId, botName: 'GivenRole', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as never));
    assert.equal((await env.models.send(new DescribeBotCommand({ botId: bot.botId }))).roleArn, roleArn);
    // Only Lex edits the role's permissions.
    await assert.rejects(env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'AWSServiceRoleForLexV2Bots_Given1', PolicyName: 'x' })), { name: 'UnmodifiableEntityException' });
  });

  it('adds and removes the Comprehend sentiment grant (comprehend:DetectSentiment) with an alias setting', async () => {
    const bot = await createBot(env.models, 'Sentiment');
    const roleName = roleNameOf(bot.roleArn!);
    assert.equal(await grantOf(roleName, 'comprehend:DetectSentiment'), undefined);
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    const grant = await grantOf(roleName, 'comprehend:DetectSentiment');
    assert.ok(grant, 'the sentiment grant is in the role');
    assert.deepEqual(grant.statement.Action, ['comprehend:DetectSentiment']);
    assert.equal(grant.statement.Resource, '*');
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: false } }));
    assert.equal(await grantOf(roleName, 'comprehend:DetectSentiment'), undefined);
  });

  it('adds and removes the CloudWatch Logs text log grant on exactly that log group', async () => {
    const bot = await createBot(env.models, 'TextLogs');
    const roleName = roleNameOf(bot.roleArn!);
    const alias = await env.models.send(
      new CreateBotAliasCommand({
        botId: bot.botId,
        botAliasName: 'logged',
        conversationLogSettings: { textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: logGroupArn, logPrefix: 'pizza/' } } }] },
      }),
    );
    const grant = await grantOf(roleName, 'logs:PutLogEvents');
    assert.ok(grant);
    assert.deepEqual(grant.statement.Action, ['logs:CreateLogStream', 'logs:PutLogEvents']);
    assert.deepEqual(grant.statement.Resource, [logGroupArn, `${logGroupArn}:*`]);
    await env.models.send(new DeleteBotAliasCommand({ botId: bot.botId, botAliasId: alias.botAliasId }));
    assert.equal(await grantOf(roleName, 'logs:PutLogEvents'), undefined);
  });

  it('adds and removes the S3 audio log grant (bucket and prefix) and the KMS key grant separately', async () => {
    const bot = await createBot(env.models, 'AudioLogs');
    const roleName = roleNameOf(bot.roleArn!);
    const audio = (kmsKeyArn?: string) => ({
      audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: bucketArn, logPrefix: 'audio/', ...(kmsKeyArn ? { kmsKeyArn } : {}) } } }],
    });
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', conversationLogSettings: audio(keyArn) }));
    const s3 = await grantOf(roleName, 's3:PutObject');
    assert.ok(s3);
    assert.equal(s3.statement.Resource, `${bucketArn}/audio/*`);
    const kms = await grantOf(roleName, 'kms:GenerateDataKey');
    assert.ok(kms);
    assert.equal(kms.statement.Resource, keyArn);
    // Without the key, the KMS grant goes and the S3 grant stays.
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', conversationLogSettings: audio() }));
    assert.equal(await grantOf(roleName, 'kms:GenerateDataKey'), undefined);
    assert.ok(await grantOf(roleName, 's3:PutObject'));
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias' }));
    assert.equal(await grantOf(roleName, 's3:PutObject'), undefined);
    assert.deepEqual(await inlinePolicies(roleName), {});
  });

  it('adds and removes the Kendra grant (kendra:Query on that index) with the KendraSearchIntent', async () => {
    const bot = await createBot(env.models, 'Kendra');
    const roleName = roleNameOf(bot.roleArn!);
    const botId = bot.botId!;
    await env.models.send(new CreateBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
    const { intentId } = await env.models.send(
      new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Faq', parentIntentSignature: 'AMAZON.KendraSearchIntent', kendraConfiguration: { kendraIndex } }),
    );
    const grant = await grantOf(roleName, 'kendra:Query');
    assert.ok(grant);
    assert.equal(grant.statement.Resource, kendraIndex);
    const { intentSummaries } = await env.models.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    assert.equal(intentSummaries!.find((i) => i.intentName === 'Faq')?.intentId, intentId);
    await env.models.send(new DeleteIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId }));
    assert.equal(await grantOf(roleName, 'kendra:Query'), undefined);
  });

  it('removes the grants of a deleted bot, and never writes into a customer-managed role', async () => {
    const bot = await createBot(env.models, 'Goner');
    const roleName = roleNameOf(bot.roleArn!);
    await env.models.send(new UpdateBotAliasCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    assert.ok(await grantOf(roleName, 'comprehend:DetectSentiment'));
    await env.models.send(new DeleteBotCommand({ botId: bot.botId }));
    assert.deepEqual(await inlinePolicies(roleName), {});

    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const custom = await env.iam.send(new CreateRoleCommand({ RoleName: 'my-lex-role', AssumeRolePolicyDocument: trust }));
    const customBot = await createBot(env.models, 'CustomRole', { roleArn: custom.Role!.Arn });
    await env.models.send(new UpdateBotAliasCommand({ botId: customBot.botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    assert.deepEqual(await inlinePolicies('my-lex-role'), {});
  });
});
