// The seed's deletion procedures, end to end: a bot's AWSServiceRoleForLexV2Bots_ role cannot be
// deleted while its bot exists (FAILED, with a RoleUsageList naming the bot), and can after DeleteBot;
// likewise a channel's AWSServiceRoleForLexV2Channels_ role and its channel. While a conversation is
// using a role right now, deletion fails with a reason that says to retry, and succeeds after.
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DeleteBotCommand, DescribeBotCommand } from '@aws-sdk/client-lex-models-v2';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverTarget, signedJsonRequest } from '../../src/cli/client.js';
import { ACCOUNT, createReadyBot, REGION, rejectsWith, roleNameOf, useLexEnv } from './support.js';
import { deleteServiceLinkedRole } from '../support/iam.js';

const slack = { clientId: 'c', clientSecret: 's', verificationToken: 'verify', signingSecret: 'sig' };

describe('deleting Lex V2 service-linked roles, as the seed describes', () => {
  const env = useLexEnv();

  const call = (method: string, path: string, body?: unknown) => signedJsonRequest(serverTarget({ endpoint: env.server.url, region: REGION }), 'lex', method, path, body);

  const deleteRole = (roleName: string) => deleteServiceLinkedRole(env.iam, roleName);

  it('AWSServiceRoleForLexV2Bots_: FAILED naming the bot while it exists; SUCCEEDED after DeleteBot', async () => {
    const bot = await createReadyBot(env.models, 'SeedBot');
    // Settings > IAM permissions: record the Runtime role.
    const runtimeRole = (await env.models.send(new DescribeBotCommand({ botId: bot.botId }))).roleArn!;
    const roleName = roleNameOf(runtimeRole);
    const refused = await deleteRole(roleName);
    assert.equal(refused.Status, 'FAILED');
    assert.deepEqual(refused.Reason?.RoleUsageList, [{ Region: REGION, Resources: [`arn:aws:lex:${REGION}:${ACCOUNT}:bot/${bot.botId}`] }]);
    assert.ok(refused.Reason?.Reason);
    assert.ok((await env.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role, 'the role is still there');
    // Bots > the bot > Action > Delete.
    await env.models.send(new DeleteBotCommand({ botId: bot.botId }));
    const done = await deleteRole(roleName);
    assert.equal(done.Status, 'SUCCEEDED');
    await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: roleName })), 'NoSuchEntityException', 404);
  });

  it('AWSServiceRoleForLexV2Channels_: FAILED naming the channel while it exists; SUCCEEDED after the channel is deleted', async () => {
    const bot = await createReadyBot(env.models, 'SeedChannels');
    const created = await call('PUT', `/bots/${bot.botId}/channels/`, { channelName: 'team-slack', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'Slack', platformConfiguration: { slack } });
    const channelId = (created.body as { channelId: string }).channelId;
    // Channel integrations > the channel > General configuration: the role name.
    const roleName = ((await call('GET', `/bots/${bot.botId}/channels/${channelId}/`)).body as { roleName: string }).roleName;
    const refused = await deleteRole(roleName);
    assert.equal(refused.Status, 'FAILED');
    assert.deepEqual(refused.Reason?.RoleUsageList, [{ Region: REGION, Resources: [`arn:aws:lex:${REGION}:${ACCOUNT}:bot-channel:SeedChannels:TestBotAlias:team-slack`] }]);
    // Delete, then Delete again, in Lex; then delete the role in IAM.
    assert.equal((await call('DELETE', `/bots/${bot.botId}/channels/${channelId}/`)).status, 202);
    const done = await deleteRole(roleName);
    assert.equal(done.Status, 'SUCCEEDED');
    await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: roleName })), 'NoSuchEntityException', 404);
    // The bot's own role is untouched by the channel's.
    assert.ok((await env.iam.send(new GetRoleCommand({ RoleName: roleNameOf(bot.roleArn!) }))).Role);
  });

  it('while a conversation is using the bot role right now, deletion fails with a reason to retry, and succeeds after', async () => {
    const bot = await createReadyBot(env.models, 'BusyBot');
    const roleName = roleNameOf(bot.roleArn!);
    await env.runtime.send(new RecognizeTextCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'busy-1', text: 'hello' }));
    // The bot is deleted mid-conversation; the conversation still holds the role.
    await env.models.send(new DeleteBotCommand({ botId: bot.botId }));
    const busy = await deleteRole(roleName);
    assert.equal(busy.Status, 'FAILED');
    assert.match(busy.Reason?.Reason ?? '', /try again/i);
    assert.equal(busy.Reason?.RoleUsageList, undefined);
    // A minute without a turn: the conversation is over.
    env.advance(61_000);
    const done = await deleteRole(roleName);
    assert.equal(done.Status, 'SUCCEEDED');
  });

  it('while a channel conversation is using the channel role right now, deletion fails with a reason to retry, and succeeds after', async () => {
    const bot = await createReadyBot(env.models, 'BusyChannel');
    const created = await call('PUT', `/bots/${bot.botId}/channels/`, { channelName: 'busy-slack', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'Slack', platformConfiguration: { slack } });
    const { channelId, roleName } = created.body as { channelId: string; roleName: string };
    const answered = await call('POST', `/lex/channels/${channelId}/webhook`, { token: 'verify', userId: 'U1', text: 'hello' });
    assert.equal(answered.status, 200);
    await call('DELETE', `/bots/${bot.botId}/channels/${channelId}/`);
    const busy = await deleteRole(roleName);
    assert.equal(busy.Status, 'FAILED');
    assert.match(busy.Reason?.Reason ?? '', /try again/i);
    env.advance(61_000);
    assert.equal((await deleteRole(roleName)).Status, 'SUCCEEDED');
  });
});
