// The unmodified AWS CLI against Lex V2: the console's two steps (a service-linked role with a custom
// suffix, then create-bot with it), listing, describing, and an AWS-shaped error; a conversation turn
// through `aws lexv2-runtime recognize-utterance`.
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { createReadyBot } from './support.js';

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

  it('recognizes an utterance: text from a file in, the speech written to a file, the answer headers gzip + base64 JSON', async () => {
    const models = new LexModelsV2Client(env.server.clientConfig());
    const bot = await createReadyBot(models, 'CliTalker');
    models.destroy();
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-cli-utterance-'));
    try {
      writeFileSync(join(dir, 'said.txt'), 'I want to order a pizza');
      const answer = await awsCliJson(env.server.url, [
        'lexv2-runtime', 'recognize-utterance', '--bot-id', bot.botId!, '--bot-alias-id', 'TSTALIASID', '--locale-id', 'en_US',
        '--session-id', 'cli-1', '--request-content-type', 'text/plain; charset=utf-8', '--response-content-type', 'audio/pcm',
        '--input-stream', join(dir, 'said.txt'), join(dir, 'answer.pcm'),
      ]);
      const unpack = (header: string) => JSON.parse(gunzipSync(Buffer.from(header, 'base64')).toString('utf8'));
      assert.equal(answer.inputMode, 'Text');
      assert.equal(answer.contentType, 'audio/pcm');
      assert.equal(unpack(answer.inputTranscript), 'I want to order a pizza');
      assert.equal(unpack(answer.sessionState).intent.name, 'OrderPizza');
      assert.deepEqual(unpack(answer.messages), [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }]);
      // Six words of 16 kHz 16-bit PCM, about 0.4 s each.
      assert.equal(readFileSync(join(dir, 'answer.pcm')).length, 6 * 6_400 * 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
