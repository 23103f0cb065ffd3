// The unmodified AWS CLI against Lex V2: the console's two steps (a service-linked role with a custom
// suffix, then create-bot with it), listing, describing, and an AWS-shaped error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';

describe('Lex V2 through the AWS CLI', () => {
  const env = useTestServer({ app: { lex: { transitionMs: 0 } } });

  it('creates a bot with a Lex service-linked role, lists and describes it, and reports a missing bot as AWS does', async () => {
    const role = await awsCliJson(env.server.url, ['iam', 'create-service-linked-role', '--aws-service-name', 'lexv2.amazonaws.com', '--custom-suffix', 'CliBot']);
    assert.equal(role.Role.RoleName, 'AWSServiceRoleForLexV2Bots_CliBot');
    const bot = await awsCliJson(env.server.url, [
      'lexv2-models', 'create-bot', '--bot-name', 'CliBot', '--role-arn', role.Role.Arn,
      '--data-privacy', 'childDirected=false', '--idle-session-ttl-in-seconds', '300',
    ]);
    assert.match(bot.botId, /^[0-9A-Z]{10}$/);
    assert.equal(bot.roleArn, role.Role.Arn);
    const listed = await awsCliJson(env.server.url, ['lexv2-models', 'list-bots']);
    assert.deepEqual(listed.botSummaries.map((b: { botName: string }) => b.botName), ['CliBot']);
    const described = await awsCliJson(env.server.url, ['lexv2-models', 'describe-bot', '--bot-id', bot.botId]);
    assert.equal(described.botStatus, 'Available');
    const aliases = await awsCliJson(env.server.url, ['lexv2-models', 'list-bot-aliases', '--bot-id', bot.botId]);
    assert.equal(aliases.botAliasSummaries[0].botAliasId, 'TSTALIASID');
    const missing = await awsCli(env.server.url, ['lexv2-models', 'describe-bot', '--bot-id', 'NOSUCHBOT0']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /An error occurred \(ResourceNotFoundException\) when calling the DescribeBot operation/);
  });
});
