// The turn log (src/services/lex/turn-log.ts): every runtime turn the server answered, as the analytics
// operations, test-set generation and bot recommendations read it. Conversations go through the runtime SDK.
import { PutSessionCommand, RecognizeTextCommand, RecognizeUtteranceCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT, createReadyBot, REGION, rejectsWith, useLexEnv } from './support.js';

const scope = { accountId: ACCOUNT, region: REGION };

describe('Lex turn log', () => {
  const env = useLexEnv();
  const log = () => env.server.app.lex.turnLog;

  it('records each answered turn: what was said, the intent, its confidence, the dialog, the conversation it belongs to', async () => {
    const { botId } = await createReadyBot(env.models, 'Logged');
    const text = (sessionId: string, said: string) => env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text: said }));
    const before = new Date(Date.now() - 1);
    await text('s-a', 'I want to order a pizza');
    await text('s-a', 'what is the capital of peru');
    await env.runtime.send(
      new RecognizeUtteranceCommand({ botId: botId!, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's-b', requestContentType: 'audio/l16; rate=16000; channels=1', inputStream: Buffer.alloc(320) }),
    );
    await env.runtime.send(new PutSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's-a', sessionState: { dialogAction: { type: 'ElicitIntent' } } }));
    // A refused turn is not logged.
    await rejectsWith(env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 's-a', text: '' })), 'ValidationException', 400);

    const turns = await log().turns(scope, { botId: botId! });
    const seen = turns.map((t) => [t.sessionId, t.turnIndex, t.operation, t.inputMode, t.inputTranscript, t.intentName, t.missed, t.dialogAction, t.intentState, t.conversationEnded]);
    assert.deepEqual(seen, [
      ['s-a', 1, 'RecognizeText', 'Text', 'I want to order a pizza', 'OrderPizza', false, 'Close', 'Fulfilled', true],
      ['s-a', 2, 'RecognizeText', 'Text', 'what is the capital of peru', 'FallbackIntent', true, 'Close', 'Fulfilled', true],
      ['s-b', 1, 'RecognizeUtterance', 'Speech', '', 'FallbackIntent', true, 'Close', 'Fulfilled', true],
      ['s-a', 3, 'PutSession', 'Text', undefined, undefined, false, 'ElicitIntent', undefined, false],
    ]);
    assert.equal(turns[0].nluConfidence, 1);
    assert.deepEqual(turns[0].messages, [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }]);
    assert.deepEqual(turns.map((t) => [t.inputType, t.outputType]), [
      ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
      ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
      ['audio/l16; rate=16000; channels=1', 'text/plain; charset=utf-8'],
      [undefined, 'text/plain; charset=utf-8'],
    ]);
    assert.equal(turns[1].nluConfidence, undefined);
    for (const t of turns) {
      assert.equal(t.botVersion, 'DRAFT');
      assert.equal(t.botAliasId, 'TSTALIASID');
      assert.equal(t.localeId, 'en_US');
      assert.equal(t.channel, undefined);
      assert.ok(t.requestId, 'the request id is kept');
      assert.ok(t.occurredAt >= before);
    }
    // The conversation's start is its first turn's time, on every turn of it.
    assert.equal(turns[1].sessionStartedAt.getTime(), turns[0].occurredAt.getTime());
    assert.equal(turns[3].sessionStartedAt.getTime(), turns[0].occurredAt.getTime());

    // Reads by session, by time window and only what was said.
    assert.equal((await log().turns(scope, { botId: botId!, sessionId: 's-b' })).length, 1);
    assert.equal((await log().turns(scope, { botId: botId!, utterancesOnly: true })).length, 3);
    assert.equal((await log().turns(scope, { botId: botId!, localeId: 'fr_FR' })).length, 0);
    assert.equal((await log().turns(scope, { botId: botId!, from: new Date(turns[1].occurredAt.getTime() + 1) })).length, turns.filter((t) => t.occurredAt > turns[1].occurredAt).length);
    assert.equal((await log().turns({ accountId: '210987654321', region: REGION }, { botId: botId! })).length, 0, 'another account sees none');
    assert.equal((await log().turns({ accountId: ACCOUNT, region: 'us-west-2' }, { botId: botId! })).length, 0, 'another region sees none');

    // A session idle longer than the bot's TTL (300 s) is over: the same session id starts a new conversation.
    env.advance(301_000);
    await text('s-a', 'hello');
    const conversations = await log().conversations(scope, { botId: botId! });
    assert.deepEqual(
      conversations.map((c) => [c.sessionId, c.turns.map((t) => t.turnIndex)]),
      [
        ['s-a', [1, 2, 3]],
        ['s-b', [1]],
        ['s-a', [1]],
      ],
    );
    assert.equal(conversations[2].startedAt.getTime(), conversations[2].lastTurnAt.getTime());

    assert.equal(await log().deleteTurns(scope, { botId: botId!, sessionId: 's-b' }), 1);
    assert.equal(await log().deleteTurns(scope, { botId: botId!, localeId: 'en_US' }), 4);
    assert.equal((await log().turns(scope, { botId: botId! })).length, 0);
  });
});
