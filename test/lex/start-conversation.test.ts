// StartConversation through @aws-sdk/client-lex-runtime-v2: the SDK opens an HTTP/2 stream, signs each event
// with a signature chained to the request's, and reads the server's events while it is still sending. Each
// turn is decided by the same engine as RecognizeText, stored in the session and logged in the turn log.
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateIntentCommand, UpdateBotAliasCommand } from '@aws-sdk/client-lex-models-v2';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { Transform } from 'node:stream';
import {
  GetSessionCommand,
  LexRuntimeV2Client,
  StartConversationCommand,
  type StartConversationRequestEventStream,
  type StartConversationResponseEventStream,
} from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { ACCOUNT, buildLocale, createReadyBot, REGION, rejectsWith, useLexEnv } from './support.js';

const TEXT = 'text/plain; charset=utf-8';
type In = StartConversationRequestEventStream;
type Out = StartConversationResponseEventStream;

/** What each answer event says, in one line: its type and what a turn is judged by. */
function summary(event: Out): string {
  if (event.IntentResultEvent) {
    const r = event.IntentResultEvent;
    return `intent ${r.sessionState?.intent?.name} ${r.sessionState?.intent?.state} (${r.inputMode})`;
  }
  if (event.TextResponseEvent) return `text ${event.TextResponseEvent.messages?.map((m) => m.content).join(' | ')}`;
  if (event.TranscriptEvent) return `transcript '${event.TranscriptEvent.transcript}'`;
  if (event.AudioResponseEvent) return `audio ${event.AudioResponseEvent.contentType} ${event.AudioResponseEvent.audioChunk?.length ?? 0} bytes`;
  return `other ${Object.keys(event).filter((k) => k !== '$unknown').join(',')}`;
}

describe('Lex V2 StartConversation (an HTTP/2 event stream)', () => {
  const env = useLexEnv();
  let botId: string;

  async function ready(): Promise<string> {
    if (botId) return botId;
    const bot = await createReadyBot(env.models, 'Streamer');
    botId = bot.botId!;
    await env.models.send(
      new CreateIntentCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        intentName: 'Extension',
        sampleUtterances: [{ utterance: '42' }],
        intentClosingSetting: { closingResponse: { messageGroups: [{ message: { plainTextMessage: { value: 'Connecting you.' } } }] } },
      }),
    );
    await buildLocale(env.models, botId);
    return botId;
  }

  /** Sends the events (then ends its stream) and reads every answer until the server ends the stream. */
  async function converse(sessionId: string, events: In[], client: LexRuntimeV2Client = env.runtime, botAliasId = 'TSTALIASID') {
    async function* input() {
      for (const event of events) yield event;
    }
    const response = await client.send(new StartConversationCommand({ botId: await ready(), botAliasId, localeId: 'en_US', sessionId, requestEventStream: input() }));
    const out: Out[] = [];
    for await (const event of response.responseEventStream!) out.push(event);
    return out;
  }

  const config = (responseContentType = TEXT, extra: Partial<NonNullable<In['ConfigurationEvent']>> = {}): In => ({ ConfigurationEvent: { responseContentType, ...extra } });
  const text = (t: string): In => ({ TextInputEvent: { text: t } });
  const dtmf = (c: string): In => ({ DTMFInputEvent: { inputCharacter: c } });
  const audio = (bytes: number): In => ({ AudioInputEvent: { contentType: 'audio/l16; rate=16000; channels=1', audioChunk: new Uint8Array(bytes) } });

  const table: { name: string; events: In[]; answers: string[] }[] = [
    {
      name: 'text turns: each matched intent, then its closing message; FallbackIntent without messages',
      events: [config(), text('I want to order a pizza'), text('hello'), text('what is the capital of peru')],
      answers: [
        'intent OrderPizza Fulfilled (Text)',
        'text Your pizza is on its way.',
        'intent Greeting Fulfilled (Text)',
        'text Hello! How can I help?',
        'intent FallbackIntent Fulfilled (Text)',
      ],
    },
    {
      name: 'welcome messages first, then the turns',
      events: [config(TEXT, { welcomeMessages: [{ contentType: 'PlainText', content: 'Welcome to pizza.' }] }), text('good morning')],
      answers: ['text Welcome to pizza.', 'intent Greeting Fulfilled (Text)', 'text Hello! How can I help?'],
    },
    {
      name: 'DTMF digits are one turn up to #, * clears what was entered',
      events: [config(), dtmf('9'), dtmf('*'), dtmf('4'), dtmf('2'), dtmf('#'), dtmf('#')],
      answers: ['intent Extension Fulfilled (DTMF)', 'text Connecting you.'],
    },
    {
      name: 'audio is heard as silence (no recognizer): an empty transcript, FallbackIntent, once the utterance ends',
      events: [config(), audio(3200), audio(3200), text('hello')],
      answers: ["transcript ''", 'intent FallbackIntent Fulfilled (Speech)', 'intent Greeting Fulfilled (Text)', 'text Hello! How can I help?'],
    },
    {
      name: 'asked for PCM audio: the answer spoken too (silence as long as its words), ended by an empty chunk',
      events: [config('audio/pcm'), text('hello')],
      // Five words at 0.4 s each of 16 kHz 16-bit audio: 64 000 bytes, in chunks of 16 000.
      answers: [
        'intent Greeting Fulfilled (Text)',
        'text Hello! How can I help?',
        'audio audio/pcm 16000 bytes',
        'audio audio/pcm 16000 bytes',
        'audio audio/pcm 16000 bytes',
        'audio audio/pcm 16000 bytes',
        'audio audio/pcm 0 bytes',
      ],
    },
    {
      name: 'asked for MPEG audio: no encoder here, so only the empty chunk that ends the answer',
      events: [config('audio/mpeg'), text('I want to order a pizza')],
      answers: ['intent OrderPizza Fulfilled (Text)', 'text Your pizza is on its way.', 'audio audio/mpeg 0 bytes'],
    },
    {
      name: 'a DisconnectionEvent ends the conversation: nothing after it is answered',
      events: [config(), text('hello'), { DisconnectionEvent: {} }, text('I want to order a pizza')],
      answers: ['intent Greeting Fulfilled (Text)', 'text Hello! How can I help?'],
    },
  ];
  for (const [i, c] of table.entries()) {
    it(c.name, async () => {
      const out = await converse(`table-${i}`, c.events);
      assert.deepEqual(out.map(summary), c.answers);
      for (const event of out) {
        const id = Object.values(event)[0] as { eventId?: string };
        assert.match(id.eventId ?? '', /^RESPONSE-\d+$/);
      }
    });
  }

  it('logs speech heard and spoken to the audio-log bucket and speaks through Polly, through the bot’s role (audited)', async () => {
    const bot = await createReadyBot(env.models, 'StreamVoice');
    const voiceBot = bot.botId!;
    const bucketArn = 'arn:aws:s3:::stream-audio';
    await env.models.send(
      new UpdateBotAliasCommand({
        botId: voiceBot,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: bucketArn, logPrefix: 'stream/' } } }] },
      }),
    );
    async function* input(): AsyncGenerator<In> {
      yield config('audio/pcm');
      yield audio(3200);
      yield text('hello');
    }
    const response = await env.runtime.send(new StartConversationCommand({ botId: voiceBot, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'voice-s', requestEventStream: input() }));
    const out: Out[] = [];
    for await (const event of response.responseEventStream!) out.push(event);
    assert.deepEqual(out.map(summary), [
      "transcript ''",
      'intent FallbackIntent Fulfilled (Speech)',
      // FallbackIntent says nothing: its audio answer is only the empty chunk that ends it.
      'audio audio/pcm 0 bytes',
      'intent Greeting Fulfilled (Text)',
      'text Hello! How can I help?',
      'audio audio/pcm 16000 bytes',
      'audio audio/pcm 16000 bytes',
      'audio audio/pcm 16000 bytes',
      'audio audio/pcm 16000 bytes',
      'audio audio/pcm 0 bytes',
    ]);
    // One object for the speech heard, one for the answer spoken.
    const objects = (await env.server.app.lex.models.downstream.events(bucketArn)).filter((e) => e.kind === 's3-object');
    assert.equal(objects.length, 2);
    for (const o of objects) assert.ok(o.location.startsWith(`stream/${voiceBot}/TSTALIASID/en_US/voice-s/`), o.location);
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: bot.roleArn!, kind: 'on-behalf', limit: 50 });
    assert.deepEqual(
      [...new Set(events.filter((e) => e.action !== 'sts:AssumeRole').map((e) => `${e.action} ${e.decision}`))].sort(),
      ['polly:SynthesizeSpeech allowed', 's3:PutObject allowed'],
    );
  });

  it('answers each turn while the client is still sending, and keeps the session for GetSession', async () => {
    await ready();
    let answered: () => void = () => {};
    const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
    let sentSecond = false;
    async function* input(): AsyncGenerator<In> {
      yield config(TEXT, { sessionState: { sessionAttributes: { table: '4' } } });
      yield text('I want to order a pizza');
      // The second turn is sent only once the first is answered: the answer must flow before the input ends.
      await firstAnswer;
      sentSecond = true;
      yield text('hello');
    }
    const response = await env.runtime.send(new StartConversationCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'live-1', requestEventStream: input() }));
    const out: Out[] = [];
    for await (const event of response.responseEventStream!) {
      if (event.IntentResultEvent && out.length === 0) assert.equal(sentSecond, false, 'the first turn was answered before the second was sent');
      out.push(event);
      if (event.TextResponseEvent && out.length === 2) answered();
    }
    assert.deepEqual(out.map(summary), ['intent OrderPizza Fulfilled (Text)', 'text Your pizza is on its way.', 'intent Greeting Fulfilled (Text)', 'text Hello! How can I help?']);
    assert.deepEqual(out[0].IntentResultEvent?.sessionState?.sessionAttributes, { table: '4' });
    assert.equal(out[0].IntentResultEvent?.sessionId, 'live-1');

    const session = await env.runtime.send(new GetSessionCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'live-1' }));
    assert.equal(session.sessionState?.intent?.name, 'Greeting');
    assert.deepEqual(session.sessionState?.sessionAttributes, { table: '4' });
    assert.deepEqual(session.messages, [{ contentType: 'PlainText', content: 'Hello! How can I help?' }]);

    // The turn log has both turns, as StartConversation's, in order.
    const turns = await env.server.app.lex.turnLog.turns({ accountId: ACCOUNT, region: REGION }, { botId, from: new Date(0) });
    const mine = turns.filter((t) => t.sessionId === 'live-1');
    assert.deepEqual(
      mine.map((t) => [t.operation, t.inputMode, t.inputTranscript, t.intentName, t.turnIndex]),
      [
        ['StartConversation', 'Text', 'I want to order a pizza', 'OrderPizza', 1],
        ['StartConversation', 'Text', 'hello', 'Greeting', 2],
      ],
    );
  });

  it('ends the conversation quietly when the client goes away mid-stream (no failure of ours), acting on nothing after', async () => {
    await ready();
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    try {
      const controller = new AbortController();
      async function* input(): AsyncGenerator<In> {
        yield config();
        yield text('hello');
        await new Promise((resolve) => setTimeout(resolve, 300));
        yield text('I want to order a pizza');
      }
      const response = await env.runtime.send(
        new StartConversationCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'gone-1', requestEventStream: input() }),
        { abortSignal: controller.signal },
      );
      // The SDK ends or fails its reading once aborted; either way the client is gone.
      try {
        for await (const event of response.responseEventStream!) if (event.IntentResultEvent) controller.abort();
      } catch {
        // aborted
      }
      await new Promise((resolve) => setTimeout(resolve, 600));
    } finally {
      console.error = original;
    }
    assert.deepEqual(logged.filter((line) => line.startsWith('linkedrole:')), []);
    const turns = await env.server.app.lex.turnLog.turns({ accountId: ACCOUNT, region: REGION }, { botId, from: new Date(0) });
    assert.deepEqual(turns.filter((t) => t.sessionId === 'gone-1').map((t) => t.inputTranscript), ['hello']);
  });

  it('drops an HTTP/1.1 connection whose body of events was refused unread (RecognizeText takes no event stream)', async () => {
    const id = await ready();
    const keepAlive = new Agent({ keepAlive: true });
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const answer = await new Promise<{ status?: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(`${env.server.url}/bots/${id}/botAliases/TSTALIASID/botLocales/en_US/sessions/raw-1/text`, {
        method: 'POST',
        agent: keepAlive,
        headers: {
          'content-type': 'application/json',
          'x-amz-date': amzDate,
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-EVENTS',
          authorization: `AWS4-HMAC-SHA256 Credential=test/${amzDate.slice(0, 8)}/${REGION}/lex/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      });
      req.on('error', reject);
      // The body is still being sent when the answer comes.
      req.write('{"text":');
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers['x-amzn-errortype'], 'InvalidSignatureException');
    assert.equal(answer.headers.connection, 'close');
    keepAlive.destroy();
  });

  it('refuses a request signed with another secret (InvalidSignatureException, 403) before any event', async () => {
    const wrong = env.client(LexRuntimeV2Client, { secretAccessKey: 'not-the-secret' }) as LexRuntimeV2Client;
    await rejectsWith(converse('bad-sig', [config(), text('hello')], wrong), 'InvalidSignatureException', 403);
  });

  it('refuses a bot alias that does not exist with ResourceNotFoundException in the stream, as a bad event with ValidationException', async () => {
    await assert.rejects(converse('no-alias', [config(), text('hello')], env.runtime, 'NOSUCHALIA'), (error: Error) => {
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.match(error.message, /Bot alias NOSUCHALIA of bot \w+ does not exist/);
      return true;
    });
    await assert.rejects(converse('bad-type', [config('video/mp4'), text('hello')]), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /Invalid responseContentType: video\/mp4/);
      return true;
    });
    await assert.rejects(converse('bad-text', [config(), text('')]), (error: Error) => {
      assert.equal(error.name, 'ValidationException');
      return true;
    });
  });

  it('is authorized as lex:StartConversation on the alias ARN: a user allowed only RecognizeText is refused (AccessDeniedException, 403)', async () => {
    await ready();
    const aliasArn = `arn:aws:lex:${REGION}:${ACCOUNT}:bot-alias/${botId}/TSTALIASID`;
    await env.iam.send(new CreateUserCommand({ UserName: 'texter' }));
    await env.iam.send(
      new PutUserPolicyCommand({ UserName: 'texter', PolicyName: 'lex', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lex:RecognizeText', Resource: aliasArn }] }) }),
    );
    const key = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'texter' }))).AccessKey!;
    const user = env.client(LexRuntimeV2Client, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }) as LexRuntimeV2Client;
    await rejectsWith(converse('denied', [config(), text('hello')], user), 'AccessDeniedException', 403, /lex:StartConversation/);
    const decisions = await env.server.app.audit.query({ accountId: ACCOUNT, action: 'lex:StartConversation', userName: 'texter', limit: 5 });
    assert.deepEqual(decisions.map((d) => [d.resource, d.decision]), [[aliasArn, 'implicitDeny']]);
  });

  it('refuses an event whose chained signature does not match (InvalidSignatureException) and acts on nothing after it', async () => {
    await ready();
    // The SDK signs each event; this client then swaps the second signed event's inner message for another one,
    // keeping its signature (its frame's checksums recomputed), as a tampering proxy would.
    const utf8 = { to: (b: Uint8Array) => Buffer.from(b).toString('utf8'), from: (t: string) => Buffer.from(t, 'utf8') };
    const codec = new EventStreamCodec(utf8.to, utf8.from);
    const tampering = env.client(LexRuntimeV2Client) as LexRuntimeV2Client;
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: NodeJS.ReadableStream };
        let n = 0;
        const swap = new Transform({
          objectMode: true,
          transform(frame: Uint8Array, _encoding, done) {
            n += 1;
            if (n !== 3) return done(null, frame);
            const envelope = codec.decode(frame);
            const inner = codec.decode(envelope.body);
            const changed = codec.encode({ headers: inner.headers, body: utf8.from(JSON.stringify({ text: 'I want to order a pizza' })) });
            done(null, codec.encode({ headers: envelope.headers, body: changed }));
          },
        });
        request.body = request.body.pipe(swap);
        return next(args);
      },
      { step: 'deserialize', name: 'tamperSecondTurn' },
    );
    await assert.rejects(converse('tampered', [config(), text('hello'), text('good morning'), text('hello')], tampering), (error: Error) => {
      assert.equal(error.name, 'InvalidSignatureException');
      assert.match(error.message, /does not match the signature you provided/);
      return true;
    });
    // Only the turn before the tampered event happened.
    const turns = await env.server.app.lex.turnLog.turns({ accountId: ACCOUNT, region: REGION }, { botId, from: new Date(0) });
    assert.deepEqual(
      turns.filter((t) => t.sessionId === 'tampered').map((t) => t.inputTranscript),
      ['hello'],
    );
  });
});
