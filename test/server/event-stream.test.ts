// The signed input of an event stream operation, checked on frames the SDK itself signs: the AWS SDK's
// event stream payload handler (@aws-sdk/eventstream-handler-node, what StartConversation's client uses) with
// @smithy/signature-v4 signs each event, chaining to a seed signature; a changed byte, a wrong seed or a
// wrong secret must be refused, and the events given out only up to the refusal.
import { eventStreamPayloadHandlerProvider } from '@aws-sdk/eventstream-handler-node';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { signedInputEvents, type InputEvent } from '../../src/aws/event-stream.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const utf8 = { toUtf8: (b: Uint8Array) => Buffer.from(b).toString('utf8'), fromUtf8: (s: string) => Buffer.from(s, 'utf8') };
const codec = new EventStreamCodec(utf8.toUtf8, utf8.fromUtf8);
const SEED = 'a'.repeat(64);

const event = (eventType: string, body: unknown) =>
  codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: Buffer.from(JSON.stringify(body)),
  });

/** The frames the SDK sends for these events, signed as the Lex runtime client signs them. */
async function sdkSignedFrames(events: Uint8Array[]): Promise<Buffer[]> {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'lex', sha256: Sha256 });
  const handler = eventStreamPayloadHandlerProvider({ messageSigner: async () => signer, utf8Encoder: utf8.toUtf8, utf8Decoder: utf8.fromUtf8 } as never);
  const frames: Buffer[] = [];
  await handler.handle(
    (async (args: { request: { body: PassThrough } }) => {
      for await (const chunk of args.request.body) frames.push(Buffer.from(chunk as Uint8Array));
      return { response: {} };
    }) as never,
    { request: { headers: { authorization: `AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=${SEED}` }, body: Readable.from(events) } } as never,
  );
  return frames;
}

async function read(frames: Buffer[], signing = { claim: { region: 'us-east-1', service: 'lex', signature: SEED }, secretAccessKey: credentials.secretAccessKey }) {
  const seen: InputEvent[] = [];
  try {
    for await (const e of signedInputEvents(Readable.from([Buffer.concat(frames)]), signing)) seen.push(e);
    return { seen };
  } catch (error) {
    return { seen, error: error as Error & { code?: string; status?: number } };
  }
}

describe('signed event stream input', () => {
  const inputs = [event('ConfigurationEvent', { responseContentType: 'text/plain; charset=utf-8' }), event('TextInputEvent', { text: 'hello' }), event('DisconnectionEvent', {})];

  it('gives out every event of a stream the SDK signed, in order, with its type and payload', async () => {
    const frames = await sdkSignedFrames(inputs);
    assert.equal(frames.length, 3);
    // Frames may arrive cut anywhere: one byte at a time they still make the same events.
    const bytes = Buffer.concat(frames);
    const seen: InputEvent[] = [];
    const signing = { claim: { region: 'us-east-1', service: 'lex', signature: SEED }, secretAccessKey: credentials.secretAccessKey };
    for await (const e of signedInputEvents(Readable.from([...bytes].map((b) => Buffer.from([b]))), signing)) seen.push(e);
    assert.deepEqual(
      seen.map((e) => [e.messageType, e.eventType, Buffer.from(e.body).toString()]),
      [
        ['event', 'ConfigurationEvent', '{"responseContentType":"text/plain; charset=utf-8"}'],
        ['event', 'TextInputEvent', '{"text":"hello"}'],
        ['event', 'DisconnectionEvent', '{}'],
      ],
    );
  });

  const refusals: { name: string; tamper: (frames: Buffer[]) => Buffer[]; signing?: Parameters<typeof read>[1]; accepted: number; message: RegExp }[] = [
    {
      name: 'a changed payload byte in the second event (its CRC recomputed)',
      tamper: (frames) => {
        // Re-encode the envelope with the same signature over a different inner event.
        const envelope = codec.decode(frames[1]);
        return [frames[0], Buffer.from(codec.encode({ headers: envelope.headers, body: event('TextInputEvent', { text: 'hellO' }) })), frames[2]];
      },
      accepted: 1,
      message: /does not match the signature you provided/,
    },
    {
      name: 'the events reordered (each signature chains to the one before)',
      tamper: (frames) => [frames[0], frames[2], frames[1]],
      accepted: 1,
      message: /does not match/,
    },
    {
      name: 'a flipped byte (the frame CRC no longer matches)',
      tamper: (frames) => {
        const bad = Buffer.from(frames[0]);
        bad[bad.length - 10] ^= 1;
        return [bad, frames[1]];
      },
      accepted: 0,
      message: /could not be read/,
    },
    {
      name: 'an unsigned event',
      tamper: (frames) => [frames[0], Buffer.from(inputs[1])],
      accepted: 1,
      message: /must be signed/,
    },
    {
      name: 'another seed signature',
      tamper: (frames) => frames,
      signing: { claim: { region: 'us-east-1', service: 'lex', signature: 'b'.repeat(64) }, secretAccessKey: credentials.secretAccessKey },
      accepted: 0,
      message: /does not match/,
    },
    {
      name: 'another secret key',
      tamper: (frames) => frames,
      signing: { claim: { region: 'us-east-1', service: 'lex', signature: SEED }, secretAccessKey: 'not-the-secret' },
      accepted: 0,
      message: /does not match/,
    },
    {
      name: 'another region in the scope',
      tamper: (frames) => frames,
      signing: { claim: { region: 'eu-west-1', service: 'lex', signature: SEED }, secretAccessKey: credentials.secretAccessKey },
      accepted: 0,
      message: /does not match/,
    },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name} with InvalidSignatureException, after the events before it`, async () => {
      const frames = await sdkSignedFrames(inputs);
      const { seen, error } = await read(c.tamper(frames), c.signing);
      assert.ok(error, 'refused');
      assert.equal(error.code, 'InvalidSignatureException');
      assert.equal(error.status, 403);
      assert.match(error.message, c.message);
      assert.equal(seen.length, c.accepted);
    });
  }
});
