// Conversations through @aws-sdk/client-lex-runtime-v2, and everything Lex does on the customer's
// behalf while conversing: each downstream call assumes the bot's role, is decided by the policy
// engine and is written to the audit trail; take a grant away and the call is refused, and shows why.
import { CreateIntentCommand, UpdateBotAliasCommand } from '@aws-sdk/client-lex-models-v2';
import { DeleteSessionCommand, GetSessionCommand, PutSessionCommand, RecognizeTextCommand, RecognizeUtteranceCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ACCOUNT, buildLocale, createReadyBot, REGION, rejectsWith, roleNameOf, useLexEnv } from './support.js';

const logGroup = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/lex/conversations`;
const bucketArn = 'arn:aws:s3:::conversation-audio';
const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/abcd1234-ab12-cd34-ef56-abcdef123456`;
const kendraIndex = `arn:aws:kendra:${REGION}:${ACCOUNT}:index/help-center`;

const unpack = (header: string | undefined) => JSON.parse(gunzipSync(Buffer.from(header!, 'base64')).toString('utf8'));
const pack = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value))).toString('base64');

describe('Lex V2 conversations on the customer’s behalf', () => {
  const env = useLexEnv();

  const turn = (botId: string, sessionId: string, text: string) => new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text });

  /** On-behalf audit events of a role, oldest first. */
  async function roleEvents(roleArn: string, action?: string) {
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn, kind: 'on-behalf', action, limit: 200 });
    return events.reverse();
  }

  it('answers from the bot’s intents by matching sample utterances, FallbackIntent otherwise, and keeps the session', async () => {
    const bot = await createReadyBot(env.models, 'Talker');
    const botId = bot.botId!;
    const pizza = await env.runtime.send(turn(botId, 'user-1', 'I want to order a pizza'));
    assert.equal(pizza.sessionState?.intent?.name, 'OrderPizza');
    assert.equal(pizza.sessionState?.intent?.state, 'Fulfilled');
    assert.deepEqual(pizza.messages, [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }]);
    assert.equal(pizza.interpretations?.[0].nluConfidence?.score, 1);
    const close = await env.runtime.send(turn(botId, 'user-1', 'order a large pizza'));
    assert.equal(close.sessionState?.intent?.name, 'OrderPizza');
    assert.ok(close.interpretations![0].nluConfidence!.score! < 1);
    const hello = await env.runtime.send(turn(botId, 'user-1', 'Hello!'));
    assert.equal(hello.sessionState?.intent?.name, 'Greeting');
    const unknown = await env.runtime.send(turn(botId, 'user-1', 'what is the capital of peru'));
    assert.equal(unknown.sessionState?.intent?.name, 'FallbackIntent');
    assert.deepEqual(unknown.messages, []);

    const session = await env.runtime.send(new GetSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'user-1' }));
    assert.equal(session.sessionId, 'user-1');
    assert.equal(session.sessionState?.intent?.name, 'FallbackIntent');
    const put = await env.runtime.send(
      new PutSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'user-1', sessionState: { sessionAttributes: { table: '4' }, dialogAction: { type: 'ElicitIntent' } } }),
    );
    assert.equal(put.sessionId, 'user-1');
    assert.deepEqual(unpack(put.sessionState).sessionAttributes, { table: '4' });
    const next = await env.runtime.send(turn(botId, 'user-1', 'hello'));
    assert.deepEqual(next.sessionState?.sessionAttributes, { table: '4' });
    const deleted = await env.runtime.send(new DeleteSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'user-1' }));
    assert.equal(deleted.sessionId, 'user-1');
    await rejectsWith(env.runtime.send(new GetSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'user-1' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.runtime.send(new DeleteSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'user-1' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'NOSUCHALIA', localeId: 'en_US', sessionId: 'ss', text: 'hi' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'de_DE', sessionId: 'ss', text: 'hi' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'ss', text: '' })), 'ValidationException', 400);
    // A changed DRAFT locale must be built again before it converses.
    await env.models.send(new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'Later', sampleUtterances: [{ utterance: 'later' }] }));
    await rejectsWith(env.runtime.send(turn(botId, 'user-2', 'hello')), 'ResourceNotFoundException', 404, /NotBuilt/);
  });

  it('detects sentiment through the bot’s role (comprehend:DetectSentiment), audited', async () => {
    const bot = await createReadyBot(env.models, 'Feelings');
    const botId = bot.botId!;
    await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    const answer = await env.runtime.send(turn(botId, 's1', 'hello, I love this great pizza place'));
    assert.equal(answer.interpretations?.[0].sentimentResponse?.sentiment, 'POSITIVE');
    const events = await roleEvents(bot.roleArn!);
    const assumed = events.find((e) => e.action === 'sts:AssumeRole');
    assert.ok(assumed, 'Lex assumed the bot role');
    assert.equal(assumed.principal_arn, 'lexv2.amazonaws.com');
    assert.equal(assumed.decision, 'allowed');
    const detect = events.find((e) => e.action === 'comprehend:DetectSentiment');
    assert.ok(detect);
    assert.equal(detect.decision, 'allowed');
    assert.equal(detect.event_source, 'comprehend.amazonaws.com');
    assert.equal(detect.service_principal, 'lexv2.amazonaws.com');
    assert.match(detect.principal_arn, new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${roleNameOf(bot.roleArn!)}/`));
  });

  it('writes text logs to the log group through the log grant (CreateLogStream once, PutLogEvents per turn)', async () => {
    const bot = await createReadyBot(env.models, 'Logger');
    const botId = bot.botId!;
    await env.models.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: logGroup, logPrefix: 'chat/' } } }] },
      }),
    );
    await env.runtime.send(turn(botId, 'log-session', 'hello'));
    await env.runtime.send(turn(botId, 'log-session', 'I want to order a pizza'));
    const written = (await env.server.app.lex.models.downstream.events(logGroup)).filter((e) => e.kind === 'log-event');
    assert.deepEqual(written.map((e) => JSON.parse(e.content).inputTranscript), ['hello', 'I want to order a pizza']);
    assert.equal(written[0].location, `chat/${botId}-TSTALIASID-en_US`);
    const registered = await env.server.app.lex.models.downstream.list(ACCOUNT, 'log-group');
    assert.ok(registered.some((r) => r.arn === logGroup));
    const events = await roleEvents(bot.roleArn!);
    assert.equal(events.filter((e) => e.action === 'logs:CreateLogStream' && e.decision === 'allowed').length, 1);
    assert.equal(events.filter((e) => e.action === 'logs:PutLogEvents' && e.decision === 'allowed').length, 2);
  });

  it('speaks through Amazon Polly (polly:SynthesizeSpeech, granted by AmazonLexV2BotPolicy) and writes audio logs with a KMS data key', async () => {
    const bot = await createReadyBot(env.models, 'Speaker');
    const botId = bot.botId!;
    await env.models.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: bucketArn, logPrefix: 'voice/', kmsKeyArn: keyArn } } }] },
      }),
    );
    const put = await env.runtime.send(
      new PutSessionCommand({
        botId,
        botAliasId: 'TSTALIASID',
        localeId: 'en_US',
        sessionId: 'voice-1',
        sessionState: { dialogAction: { type: 'ElicitIntent' } },
        messages: [{ contentType: 'PlainText', content: 'What would you like to order?' }],
        responseContentType: 'audio/pcm',
      }),
    );
    assert.equal(put.contentType, 'audio/pcm');
    assert.deepEqual(unpack(put.messages), [{ contentType: 'PlainText', content: 'What would you like to order?' }]);
    // The speech comes back as the response body: 16 kHz 16-bit PCM, about 0.4 s a word (6 words).
    const audio = await put.audioStream!.transformToByteArray();
    assert.equal(audio.length, 6 * 6_400 * 2);
    const events = await roleEvents(bot.roleArn!);
    // (Events of the same millisecond have no order in the trail.)
    assert.deepEqual(
      events
        .filter((e) => e.action !== 'sts:AssumeRole')
        .map((e) => `${e.action} ${e.decision}`)
        .sort(),
      ['kms:GenerateDataKey allowed', 'polly:SynthesizeSpeech allowed', 's3:PutObject allowed'],
    );
    const objects = (await env.server.app.lex.models.downstream.events(bucketArn)).filter((e) => e.kind === 's3-object');
    assert.equal(objects.length, 1);
    assert.ok(objects[0].location.startsWith(`voice/${botId}/TSTALIASID/en_US/voice-1/`));
    assert.equal(JSON.parse(objects[0].content).encrypted, keyArn);
    assert.equal((await env.server.app.lex.models.downstream.events(keyArn)).length, 1);
  });

  it('recognizes utterances (RecognizeUtterance): text or speech in, text or speech out, headers packed as Lex packs them', async () => {
    const bot = await createReadyBot(env.models, 'Utterer');
    const botId = bot.botId!;
    const utterance = (sessionId: string, requestContentType: string, input: Uint8Array, extra: { responseContentType?: string; sessionState?: string } = {}) =>
      new RecognizeUtteranceCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, requestContentType, inputStream: input, ...extra });

    // Text in, text out; the session state goes in packed (gzip, base64) and comes back packed.
    const text = await env.runtime.send(utterance('u-1', 'text/plain; charset=utf-8', Buffer.from('I want to order a pizza'), { sessionState: pack({ sessionAttributes: { table: '7' } }) }));
    assert.equal(text.inputMode, 'Text');
    assert.equal(text.contentType, 'text/plain; charset=utf-8');
    assert.equal(text.sessionId, 'u-1');
    assert.equal(unpack(text.inputTranscript), 'I want to order a pizza');
    assert.equal(unpack(text.interpretations)[0].intent.name, 'OrderPizza');
    assert.deepEqual(unpack(text.messages), [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }]);
    assert.deepEqual(unpack(text.sessionState).sessionAttributes, { table: '7' });
    assert.equal((await text.audioStream!.transformToByteArray()).length, 0);
    const kept = await env.runtime.send(new GetSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'u-1' }));
    assert.equal(kept.sessionState?.intent?.name, 'OrderPizza');

    // Speech out: synthesized through the bot's role, 16 kHz 16-bit PCM, about 0.4 s a word (6 words).
    const spoken = await env.runtime.send(utterance('u-2', 'text/plain; charset=utf-8', Buffer.from('order a pizza'), { responseContentType: 'audio/pcm' }));
    assert.equal(spoken.contentType, 'audio/pcm');
    assert.equal((await spoken.audioStream!.transformToByteArray()).length, 6 * 6_400 * 2);
    assert.deepEqual((await roleEvents(bot.roleArn!, 'polly:SynthesizeSpeech')).map((e) => e.decision), ['allowed']);

    // Speech in: no speech engine here, so it is heard as silence (the fallback intent answers), and
    // with audio logs on it goes to the bucket through the bot's role.
    await env.models.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: bucketArn, logPrefix: 'heard/' } } }] },
      }),
    );
    const heard = await env.runtime.send(utterance('u-3', 'audio/l16; rate=16000; channels=1', Buffer.alloc(32_000)));
    assert.equal(heard.inputMode, 'Speech');
    assert.equal(unpack(heard.inputTranscript), '');
    assert.equal(unpack(heard.sessionState).intent.name, 'FallbackIntent');
    const objects = (await env.server.app.lex.models.downstream.events(bucketArn)).filter((e) => e.kind === 's3-object' && e.location.startsWith('heard/'));
    assert.equal(objects.length, 1);
    assert.ok(objects[0].location.startsWith(`heard/${botId}/TSTALIASID/en_US/u-3/`));

    // What Lex does not take is refused before anything happens.
    await rejectsWith(env.runtime.send(utterance('u-4', 'video/mp4', Buffer.from('x'))), 'ValidationException', 400, /requestContentType/);
    await rejectsWith(env.runtime.send(utterance('u-4', 'text/plain; charset=utf-8', Buffer.from('hi'), { responseContentType: 'audio/flac' })), 'ValidationException', 400, /responseContentType/);
    await rejectsWith(env.runtime.send(utterance('u-4', 'text/plain; charset=utf-8', Buffer.from('hi'), { sessionState: 'not json' })), 'ValidationException', 400, /sessionState/);
    await rejectsWith(env.runtime.send(new GetSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'u-4' })), 'ResourceNotFoundException', 404);
  });

  it('queries the Kendra index through the bot’s role when no intent matches', async () => {
    const bot = await createReadyBot(env.models, 'Searcher');
    const botId = bot.botId!;
    await env.models.send(
      new CreateIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentName: 'HelpCenter', parentIntentSignature: 'AMAZON.KendraSearchIntent', kendraConfiguration: { kendraIndex } }),
    );
    await buildLocale(env.models, botId);
    const answer = await env.runtime.send(turn(botId, 'k1', 'how do I reset my password'));
    assert.equal(answer.sessionState?.intent?.name, 'HelpCenter');
    const queries = (await env.server.app.lex.models.downstream.events(kendraIndex)).filter((e) => e.kind === 'kendra-query');
    assert.deepEqual(queries.map((q) => q.content), ['how do I reset my password']);
    const query = (await roleEvents(bot.roleArn!, 'kendra:Query'))[0];
    assert.equal(query.decision, 'allowed');
    assert.equal(query.resource, kendraIndex);
    // Matching utterances still win over the search.
    assert.equal((await env.runtime.send(turn(botId, 'k1', 'hello'))).sessionState?.intent?.name, 'Greeting');
  });

  it('refuses a call whose grant was taken away, and the audit trail shows why; removing the capability stops the call', async () => {
    const bot = await createReadyBot(env.models, 'Refused');
    const botId = bot.botId!;
    const roleName = roleNameOf(bot.roleArn!);
    await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    assert.ok((await env.runtime.send(turn(botId, 'r1', 'hello'))).interpretations?.[0].sentimentResponse);
    // Take the grant away (the role is AWS's to modify: Lex's own service-policy path, not IAM's API).
    await env.server.app.slr.deleteServicePolicy(ACCOUNT, roleName, 'AmazonLexV2-ComprehendDetectSentiment');
    await rejectsWith(env.runtime.send(turn(botId, 'r1', 'hello')), 'DependencyFailedException', 424, /comprehend:DetectSentiment/);
    const denied = (await roleEvents(bot.roleArn!, 'comprehend:DetectSentiment')).at(-1)!;
    assert.equal(denied.decision, 'implicitDeny');
    assert.equal(denied.error_code, 'AccessDenied');
    const detail = JSON.parse(denied.detail);
    assert.ok(typeof detail.explanation === 'string' && detail.explanation.length > 0, 'the denial is explained');
    // Turning the capability off removes the call altogether; turning it on grants it again.
    await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: false } }));
    const before = (await roleEvents(bot.roleArn!, 'comprehend:DetectSentiment')).length;
    const plain = await env.runtime.send(turn(botId, 'r1', 'hello'));
    assert.equal(plain.interpretations?.[0].sentimentResponse, undefined);
    assert.equal((await roleEvents(bot.roleArn!, 'comprehend:DetectSentiment')).length, before);
    await env.models.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    assert.ok((await env.runtime.send(turn(botId, 'r1', 'hello'))).interpretations?.[0].sentimentResponse);
  });
});
