// AWS event streams (application/vnd.amazon.eventstream): the binary framing (prelude, headers, CRC32s) through
// the SDK's own codec, the messages a server sends (events, modelled exceptions, unmodelled errors), and the
// signed input stream of a bidirectional operation (Lex's StartConversation): every client message is an
// envelope whose `:chunk-signature` chains to the previous signature, the first to the request's SigV4 seed.
import type { EventStreamCodec } from '@smithy/core/event-streams';
import { onFirstUse } from '../on-first-use.js';
import { jsonErrors } from './generated/common.js';
import { eventSignature, sameSignature, SIGNATURE_MISMATCH_TEXT, type InputEvent, type SignatureClaim } from './sigv4.js';

export type { InputEvent };

/** The SDK's codec, loaded by the first event stream (Lex's StartConversation), not at start. */
const loadCodec = onFirstUse(async () => {
  const { EventStreamCodec } = await import('@smithy/core/event-streams');
  return new EventStreamCodec(
    (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    (text) => Buffer.from(text, 'utf8'),
  );
});

type Message = ReturnType<EventStreamCodec['decode']>;
type MessageHeaders = Message['headers'];

/** The content type of an event stream body. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';


const string = (value: string) => ({ type: 'string' as const, value });

/** An event message (`:message-type` event) with its JSON payload. */
export async function encodeEvent(eventType: string, payload: Uint8Array): Promise<Uint8Array> {
  return (await loadCodec()).encode({
    headers: { ':message-type': string('event'), ':event-type': string(eventType), ':content-type': string('application/json') },
    body: payload,
  });
}

/** A modelled exception of the stream's union (`:message-type` exception), its members as JSON. */
export async function encodeException(exceptionType: string, payload: Uint8Array): Promise<Uint8Array> {
  return (await loadCodec()).encode({
    headers: { ':message-type': string('exception'), ':exception-type': string(exceptionType), ':content-type': string('application/json') },
    body: payload,
  });
}

/** An error the stream's union does not model (`:message-type` error): the SDK raises it by its code. */
export async function encodeError(code: string, message: string): Promise<Uint8Array> {
  return (await loadCodec()).encode({ headers: { ':message-type': string('error'), ':error-code': string(code), ':error-message': string(message) }, body: new Uint8Array() });
}

/** What the client signed its request with: the seed of the events' signature chain. */
export interface EventSigning {
  claim: Pick<SignatureClaim, 'region' | 'service' | 'signature'>;
  secretAccessKey: string;
}

/**
 * The events of a signed input stream, in order, each envelope's chained signature verified before its event
 * is given out. A bad frame (prelude or CRC) or a bad signature ends the stream with InvalidSignatureException,
 * so nothing after it is acted on; an envelope with an empty payload (the SDK's end of input) or the end of the
 * body ends it.
 */
export async function* signedInputEvents(body: AsyncIterable<Uint8Array>, signing: EventSigning): AsyncGenerator<InputEvent> {
  const codec = await loadCodec();
  let prior = signing.claim.signature;
  for await (const frame of frames(body)) {
    const envelope = decodeFrame(codec, frame);
    const date = envelope.headers[':date'];
    const signature = envelope.headers[':chunk-signature'];
    if (date?.type !== 'timestamp' || signature?.type !== 'binary') {
      throw jsonErrors.InvalidSignatureException("Each event must be signed: its ':date' and ':chunk-signature' headers are missing.");
    }
    const claimed = Buffer.from(signature.value).toString('hex');
    const computed = eventSignature(signing.secretAccessKey, signing.claim, date.value, prior, dateHeaderBytes(date.value), envelope.body);
    if (!sameSignature(computed, claimed)) throw jsonErrors.InvalidSignatureException(SIGNATURE_MISMATCH_TEXT);
    prior = claimed;
    if (envelope.body.byteLength === 0) return;
    const inner = decodeFrame(codec, envelope.body);
    const messageType = headerText(inner.headers, ':message-type') ?? 'event';
    const eventType = headerText(inner.headers, ':event-type') ?? '';
    yield { messageType, eventType, body: inner.body };
  }
}

/** The event stream format's largest message (its prelude's total length), 16 MiB. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** How a request stream fails when its client is gone. */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'ABORT_ERR']);

/** The body cut into whole messages by their preludes' total lengths, however its chunks arrive. */
async function* frames(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of body) {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const length = pending.readUInt32BE(0);
        // A length no message can have (smaller than prelude and trailer, or beyond the format's limit) is no frame.
        if (length < 16 || length > MAX_MESSAGE_BYTES) throw jsonErrors.InvalidSignatureException(`The event stream message could not be read: its length ${length} is out of bounds.`);
        if (pending.length < length) break;
        yield pending.subarray(0, length);
        pending = pending.subarray(length);
      }
    }
  } catch (error) {
    // A client that went away (its stream reset or closed early) has ended its input; no one is left to answer.
    if (CLIENT_GONE.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  if (pending.length > 0) throw jsonErrors.InvalidSignatureException('The event stream message could not be read: the stream ended inside a message.');
}

function decodeFrame(codec: EventStreamCodec, frame: Uint8Array): Message {
  try {
    return codec.decode(frame);
  } catch (error) {
    // A frame whose length or checksums do not add up cannot be the one the client signed.
    throw jsonErrors.InvalidSignatureException(`The event stream message could not be read: ${(error as Error).message}`);
  }
}

function headerText(headers: MessageHeaders, name: string): string | undefined {
  const value = headers[name];
  return value?.type === 'string' ? value.value : undefined;
}

/**
 * The signed headers of an envelope as the signer hashed them: only `:date`, in the wire's header encoding
 * (name length, name, type 8 = timestamp, milliseconds since the epoch as a big-endian int64).
 */
function dateHeaderBytes(date: Date): Uint8Array {
  const name = Buffer.from(':date', 'utf8');
  const out = Buffer.alloc(1 + name.length + 1 + 8);
  out.writeUInt8(name.length, 0);
  name.copy(out, 1);
  out.writeUInt8(8, 1 + name.length);
  out.writeBigInt64BE(BigInt(date.getTime()), 2 + name.length);
  return out;
}
