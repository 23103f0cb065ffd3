// What RecognizeUtterance carries outside a JSON body: the content types that say whether a turn is
// text or speech, and the structures Lex passes in HTTP headers as base64 of gzipped JSON.
import { errors } from '../../aws/generated/lexv2-runtime.js';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Base64 of gzip of JSON: how Lex runtime puts structures into response headers. */
export function packHeader(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

/**
 * A structure a client put into a request header: base64 of gzipped JSON, as Lex asks, or of plain
 * JSON, which Lex also reads. Anything else is a ValidationException naming the field.
 */
export function unpackHeader<T>(field: string, value: string): T {
  try {
    const bytes = Buffer.from(value, 'base64');
    const json = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    const parsed = JSON.parse(json.toString('utf8')) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as T;
  } catch {
    // Reported below.
  }
  throw errors.ValidationException(`Invalid ${field}: it must be a JSON object, compressed with gzip and base64 encoded.`);
}

/** The request content types Lex V2 accepts, by prefix (audio is 16 kHz PCM, 8 kHz telephony PCM or Opus). */
const SPEECH_INPUT_TYPES = ['audio/l16', 'audio/x-l16', 'audio/lpcm', 'audio/x-cbr-opus-with-preamble'];
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Whether a turn is text or speech, from its Content-Type; a ValidationException for any other type. */
export function utteranceInputMode(contentType: string): 'Text' | 'Speech' {
  const type = normalized(contentType);
  if (type === normalized(TEXT_TYPE)) return 'Text';
  if (SPEECH_INPUT_TYPES.some((prefix) => type === prefix || type.startsWith(`${prefix};`))) return 'Speech';
  throw errors.ValidationException(`Invalid requestContentType: ${contentType}. It must start with one of: ${[...SPEECH_INPUT_TYPES, TEXT_TYPE].join(', ')}.`);
}

const RESPONSE_TYPES = ['audio/mpeg', 'audio/ogg', 'audio/pcm', 'audio/*'];

/** The answer's content type (text unless asked otherwise); a ValidationException for one Lex does not offer. */
export function utteranceResponseType(contentType: string | undefined): string {
  if (contentType === undefined) return TEXT_TYPE;
  const type = normalized(contentType);
  if (type === normalized(TEXT_TYPE)) return contentType;
  // audio/* is MPEG.
  if (type === 'audio/*') return 'audio/mpeg';
  if (RESPONSE_TYPES.includes(type)) return contentType;
  throw errors.ValidationException(`Invalid responseContentType: ${contentType}. It must be one of: ${[...RESPONSE_TYPES, TEXT_TYPE].join(', ')}.`);
}

/** A content type in lower case without spaces around its parameters. */
function normalized(contentType: string): string {
  return contentType.toLowerCase().replace(/\s*;\s*/g, ';').trim();
}
