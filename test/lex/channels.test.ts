// Channel integrations: the REST extension (signed as `lex`) and the `linkedrole lexv2-channels`
// commands. Each channel gets a new AWSServiceRoleForLexV2Channels_<suffix> role with
// AmazonLexChannelsAccess and an inline grant on exactly its alias; a message on its webhook is
// answered through that role.
import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { serverTarget, signedJsonRequest } from '../../src/cli/client.js';
import { linkedrole } from '../support/cli.js';
import { ACCOUNT, createReadyBot, REGION, useLexEnv } from './support.js';

const slack = { clientId: 'client-1', clientSecret: 'secret-1', verificationToken: 'verify-me', signingSecret: 'sign-1' };

describe('Lex V2 channel integrations', () => {
  const env = useLexEnv();
  let botId: string;
  const call = (method: string, path: string, body?: unknown) =>
    signedJsonRequest(serverTarget({ endpoint: env.server.url, region: REGION }), 'lex', method, path, body);
  before(async () => {
    botId = (await createReadyBot(env.models, 'Chatty')).botId!;
  });

  it('creates a channel with its own role allowed to converse with exactly its alias, describes, lists and deletes it', async () => {
    const created = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'support-slack', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'Slack', platformConfiguration: { slack } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const channel = created.body as Record<string, string>;
    assert.match(channel.channelId, /^[0-9A-Z]{10}$/);
    assert.match(channel.roleName, /^AWSServiceRoleForLexV2Channels_[0-9A-Z]{10}$/);
    assert.equal(channel.roleArn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/channels.lexv2.amazonaws.com/${channel.roleName}`);
    assert.equal(channel.callbackPath, `/lex/channels/${channel.channelId}/webhook`);
    assert.equal(JSON.stringify(created.body).includes('verify-me'), false, 'secrets are never returned');

    const role = (await env.iam.send(new GetRoleCommand({ RoleName: channel.roleName }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal, { Service: 'channels.lexv2.amazonaws.com' });
    const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: channel.roleName }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['AmazonLexChannelsAccess']);
    const inline = await env.iam.send(new ListRolePoliciesCommand({ RoleName: channel.roleName }));
    assert.equal(inline.PolicyNames?.length, 1);
    const grant = await env.iam.send(new GetRolePolicyCommand({ RoleName: channel.roleName, PolicyName: inline.PolicyNames![0] }));
    const statement = JSON.parse(decodeURIComponent(grant.PolicyDocument!)).Statement[0];
    assert.deepEqual(statement.Action, ['lex:RecognizeText', 'lex:GetSession', 'lex:PutSession']);
    assert.equal(statement.Resource, `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/TSTALIASID`);

    // A second channel gets a second role.
    const second = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'sms', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'TwilioSms', platformConfiguration: { twilioSms: { accountSid: 'AC1', authToken: 'tok' } } });
    assert.notEqual((second.body as Record<string, string>).roleName, channel.roleName);

    const described = await call('GET', `/bots/${botId}/channels/${channel.channelId}/`);
    assert.equal((described.body as Record<string, string>).roleName, channel.roleName);
    const listed = await call('POST', `/bots/${botId}/channels/`, {});
    assert.deepEqual((listed.body as { channelSummaries: { channelName: string }[] }).channelSummaries.map((c) => c.channelName), ['sms', 'support-slack']);

    const duplicate = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'sms', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'TwilioSms', platformConfiguration: { twilioSms: { accountSid: 'AC1', authToken: 'tok' } } });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.errorType, 'ConflictException');
    const mismatched = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'fb', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'Facebook', platformConfiguration: { slack } });
    assert.equal(mismatched.errorType, 'ValidationException');
    const missingAlias = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'x', botAliasId: 'NOSUCHALIA', localeId: 'en_US', platform: 'Slack', platformConfiguration: { slack } });
    assert.equal(missingAlias.errorType, 'ResourceNotFoundException');

    const deleted = await call('DELETE', `/bots/${botId}/channels/${(second.body as Record<string, string>).channelId}/`);
    assert.equal(deleted.status, 202);
    const gone = await call('GET', `/bots/${botId}/channels/${(second.body as Record<string, string>).channelId}/`);
    assert.equal(gone.errorType, 'ResourceNotFoundException');
    // The channel's role stays until deleted in IAM.
    assert.ok((await env.iam.send(new GetRoleCommand({ RoleName: (second.body as Record<string, string>).roleName }))).Role);
  });

  it('answers a webhook message through the channel’s role, audited; a wrong platform token or a removed grant is refused', async () => {
    const created = await call('PUT', `/bots/${botId}/channels/`, { channelName: 'webhook-slack', botAliasId: 'TSTALIASID', localeId: 'en_US', platform: 'Slack', platformConfiguration: { slack } });
    const channel = created.body as Record<string, string>;
    const answer = await call('POST', `/lex/channels/${channel.channelId}/webhook`, { token: 'verify-me', userId: 'U123', text: 'I want to order a pizza' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      channelId: channel.channelId,
      sessionId: `slack-${channel.channelId}-U123`,
      intentName: 'OrderPizza',
      messages: [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }],
    });
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: channel.roleArn, kind: 'on-behalf' });
    const recognize = events.find((e) => e.action === 'lex:RecognizeText');
    assert.ok(recognize);
    assert.equal(recognize.decision, 'allowed');
    assert.equal(recognize.service_principal, 'channels.lexv2.amazonaws.com');
    assert.equal(recognize.resource, `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/TSTALIASID`);
    // The turn log (analytics' source) knows the turn came through Slack.
    const logged = await env.server.app.lex.turnLog.turns({ accountId: ACCOUNT, region: REGION }, { botId, sessionId: `slack-${channel.channelId}-U123` });
    assert.deepEqual(logged.map((t) => [t.channel, t.inputTranscript, t.intentName]), [['Slack', 'I want to order a pizza', 'OrderPizza']]);

    const wrongToken = await call('POST', `/lex/channels/${channel.channelId}/webhook`, { token: 'nope', userId: 'U123', text: 'hello' });
    assert.equal(wrongToken.status, 403);
    assert.equal(wrongToken.errorType, 'AccessDeniedException');

    await env.server.app.slr.deleteServicePolicy(ACCOUNT, channel.roleName, 'AmazonLexV2-ChannelBotAliasAccess');
    const refused = await call('POST', `/lex/channels/${channel.channelId}/webhook`, { token: 'verify-me', userId: 'U123', text: 'hello' });
    assert.equal(refused.status, 403);
    assert.match((refused.body as { message: string }).message, /not authorized to perform: lex:RecognizeText/);
    const denied = (await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: channel.roleArn, action: 'lex:RecognizeText' }))[0];
    assert.equal(denied.decision, 'implicitDeny');
  });

  it('works from the linkedrole CLI: create, list, describe (showing the role name), post-message, delete', async () => {
    const cliEnv = { LINKEDROLE_ENDPOINT: env.server.url, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const created = await linkedrole(
      ['lexv2-channels', 'create', '--bot-id', botId, '--channel-name', 'cli-fb', '--bot-alias-id', 'TSTALIASID', '--locale-id', 'en_US', '--platform', 'Facebook', '--page-access-token', 'p', '--app-secret-key', 'k', '--verify-token', 'fb-token'],
      cliEnv,
    );
    assert.equal(created.code, 0, created.stderr);
    const channel = JSON.parse(created.stdout) as Record<string, string>;
    assert.match(channel.roleName, /^AWSServiceRoleForLexV2Channels_/);
    const described = await linkedrole(['lexv2-channels', 'describe', '--bot-id', botId, '--channel-id', channel.channelId], cliEnv);
    assert.equal(JSON.parse(described.stdout).roleName, channel.roleName);
    const listed = await linkedrole(['lexv2-channels', 'list', '--bot-id', botId], cliEnv);
    assert.ok(JSON.parse(listed.stdout).channelSummaries.some((c: { channelName: string }) => c.channelName === 'cli-fb'));
    const posted = await linkedrole(['lexv2-channels', 'post-message', '--channel-id', channel.channelId, '--token', 'fb-token', '--user-id', 'fb-user', '--text', 'hello'], cliEnv);
    assert.equal(JSON.parse(posted.stdout).intentName, 'Greeting');
    const deleted = await linkedrole(['lexv2-channels', 'delete', '--bot-id', botId, '--channel-id', channel.channelId], cliEnv);
    assert.equal(deleted.code, 0, deleted.stderr);
    const again = await linkedrole(['lexv2-channels', 'describe', '--bot-id', botId, '--channel-id', channel.channelId], cliEnv);
    assert.equal(again.code, 254);
    assert.match(again.stderr, /ResourceNotFoundException/);
  });
});
