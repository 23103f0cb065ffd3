// The unmodified AWS CLI against Lex V2: the console's two steps (a service-linked role with a custom
// suffix, then create-bot with it), listing, describing, and an AWS-shaped error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('Lex V2 through the AWS CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ lex: { transitionMs: 0 } });
  });
  after(async () => {
    await server.stop();
  });

  it('creates a bot with a Lex service-linked role, lists and describes it, and reports a missing bot as AWS does', async () => {
    const role = await awsCliJson(server.url, ['iam', 'create-service-linked-role', '--aws-service-name', 'lexv2.amazonaws.com', '--custom-suffix', 'CliBot']);
    assert.equal(role.Role.RoleName, 'AWSServiceRoleForLexV2Bots_CliBot');
    const bot = await awsCliJson(server.url, [
      'lexv2-models', 'create-bot', '--bot-name', 'CliBot', '--role-arn', role.Role.Arn,
      '--data-privacy', 'childDirected=false', '--idle-session-ttl-in-seconds', '300',
    ]);
    assert.match(bot.botId, /^[0-9A-Z]{10}$/);
    assert.equal(bot.roleArn, role.Role.Arn);
    const listed = await awsCliJson(server.url, ['lexv2-models', 'list-bots']);
    assert.deepEqual(listed.botSummaries.map((b: { botName: string }) => b.botName), ['CliBot']);
    const described = await awsCliJson(server.url, ['lexv2-models', 'describe-bot', '--bot-id', bot.botId]);
    assert.equal(described.botStatus, 'Available');
    const aliases = await awsCliJson(server.url, ['lexv2-models', 'list-bot-aliases', '--bot-id', bot.botId]);
    assert.equal(aliases.botAliasSummaries[0].botAliasId, 'TSTALIASID');
    const missing = await awsCli(server.url, ['lexv2-models', 'describe-bot', '--bot-id', 'NOSUCHBOT0']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeBot operation/);
  });
});
