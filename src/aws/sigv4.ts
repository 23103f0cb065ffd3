// SigV4 verification: the claim is read from the Authorization header or a presigned URL's query, and
// the signature recomputed (canonical request, string to sign, HMAC with a cached signing key) over
// exactly the headers the client signed and the body as received. The tests sign with the SDK's own
// signer (@smithy/signature-v4), botocore (the AWS CLI) and presigned URLs, so what we accept is
// what AWS's signers produce.
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Refusal } from './auth.js';
import { isPartitionRegion } from './regions.js';

/** What the client claims: parsed from the Authorization header or from a presigned URL's query. */
export interface SignatureClaim {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** The signing time (x-amz-date), as sent. */
  amzDate: string;
  signingDate: Date;
  presigned: boolean;
  /** Seconds a presigned URL stays valid. */
  expiresIn?: number;
  sessionToken?: string;
}

export interface IncomingSignedRequest {
  method: string;
  /** The path as sent (still percent-encoded). */
  rawPath: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** An event stream operation's input events, each one's signature verified (src/aws/event-stream.ts); `body` is then empty. */
  events?: AsyncIterable<InputEvent>;
}

/** One event of a signed input stream, once its envelope's signature is verified (src/aws/event-stream.ts). */
export interface InputEvent {
  /** `event` (or `exception` / `error`, which a client does not send). */
  messageType: string;
  /** The event's member name in the stream's union (`:event-type`). */
  eventType: string;
  body: Uint8Array;
}

const AUTH_PREFIX = 'AWS4-HMAC-SHA256';

/** No signature: no Authorization header of SigV4's, and no presigned query. */
const MISSING: Refusal = Object.freeze({ refused: 'missing-token' });

export function readSignatureClaim(request: IncomingSignedRequest): SignatureClaim | Refusal {
  const authorization = header(request.headers, 'authorization');
  if (authorization) return parseAuthorizationHeader(authorization, request.headers);
  const query = parseRawQuery(request.rawQuery);
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) return parsePresignedQuery(query);
  return MISSING;
}

/** What separates the Authorization header's components: commas and/or whitespace. */
const COMPONENT_SEPARATOR = /[,\s]+/;

function parseAuthorizationHeader(value: string, headers: IncomingSignedRequest['headers']): SignatureClaim | Refusal {
  // Another scheme (Basic, Bearer, ...) is no SigV4 token at all.
  if (!value.startsWith('AWS4-')) return MISSING;
  const space = value.indexOf(' ');
  const algorithm = space === -1 ? value : value.slice(0, space);
  if (algorithm !== AUTH_PREFIX) return { refused: 'incomplete-signature', message: `Unsupported AWS 'algorithm': '${algorithm}'.` };
  const fields = new Map<string, string>();
  const rest = space === -1 ? '' : value.slice(space + 1);
  // Components are separated by commas and/or spaces; a stray space inside one splits it in two.
  for (const part of rest.split(COMPONENT_SEPARATOR)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { refused: 'incomplete-signature', message: `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.` };
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const amzDate = header(headers, 'x-amz-date');
  const problems = ['Credential', 'Signature', 'SignedHeaders']
    .filter((k) => !fields.get(k))
    .map((k) => `Authorization header requires '${k}' parameter.`);
  if (!amzDate) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (problems.length > 0) return { refused: 'incomplete-signature', message: `${problems.join(' ')} Authorization=${value}` };
  return buildClaim(fields.get('Credential')!, fields.get('SignedHeaders')!, fields.get('Signature')!, amzDate!, false, undefined, header(headers, 'x-amz-security-token'));
}

function parsePresignedQuery(query: Map<string, string>): SignatureClaim | Refusal {
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
  const missing = required.filter((k) => !query.get(k));
  if (missing.length > 0) {
    return { refused: 'incomplete-signature', message: `${missing.map((k) => `AWS query-string parameters must include '${k}'. `).join('')}Re-examine the query-string parameters.` };
  }
  const algorithm = query.get('X-Amz-Algorithm')!;
  if (algorithm !== AUTH_PREFIX) return { refused: 'incomplete-signature', message: `Unsupported AWS 'algorithm': '${algorithm}'.` };
  const expires = query.has('X-Amz-Expires') ? Number(query.get('X-Amz-Expires')) : undefined;
  if (expires !== undefined && (!Number.isInteger(expires) || expires < 0)) {
    return { refused: 'incomplete-signature', message: 'X-Amz-Expires must be non-negative' };
  }
  if (expires !== undefined && expires > 604800) {
    return { refused: 'incomplete-signature', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800' };
  }
  return buildClaim(query.get('X-Amz-Credential')!, query.get('X-Amz-SignedHeaders')!, query.get('X-Amz-Signature')!, query.get('X-Amz-Date')!, true, expires, query.get('X-Amz-Security-Token'));
}

function buildClaim(credential: string, signedHeaders: string, signature: string, amzDate: string, presigned: boolean, expiresIn: number | undefined, sessionToken: string | undefined): SignatureClaim | Refusal {
  const scope = credential.split('/');
  if (scope.length !== 5) {
    return { refused: 'incomplete-signature', message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'` };
  }
  if (scope[4] !== 'aws4_request') {
    return { refused: 'incomplete-signature', message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${scope[4]}'.` };
  }
  if (!/^\d{8}$/.test(scope[1]) || scope[2] === '' || scope[3] === '') {
    return { refused: 'incomplete-signature', message: 'Credential should be scoped to a valid region. ' };
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) {
    return { refused: 'incomplete-signature', message: `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601` };
  }
  return {
    accessKeyId: scope[0],
    scopeDate: scope[1],
    region: scope[2],
    service: scope[3],
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter(Boolean),
    signature,
    amzDate,
    signingDate,
    presigned,
    expiresIn,
    sessionToken,
  };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Signing keys by secret, date, region and service: four HMACs saved on every request but the first of a
 * day. An LRU bounded by bytes (each key text, twice, and the 32-byte key with its bookkeeping): the
 * scope's date, region and service come from the request before its signature is checked.
 */
const signingKeys = new LRUCache<string, Buffer>({ maxSize: 4 << 20, sizeCalculation: (_key, cacheKey) => 2 * cacheKey.length + 200 });

function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secretAccessKey}\u0000${date}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = hmac(`AWS4${secretAccessKey}`, date);
    for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What x-amz-content-sha256 says when the body is not signed. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * What x-amz-content-sha256 says when the body is an event stream whose every message is signed, each
 * signature chained to the one before it, the first to the request's own (src/aws/event-stream.ts).
 */
export const STREAMING_EVENTS = 'STREAMING-AWS4-HMAC-SHA256-EVENTS';

/** True when the request declares a body of signed events (an event stream operation's input). */
export function declaresSignedEvents(headers: IncomingSignedRequest['headers']): boolean {
  return header(headers, 'x-amz-content-sha256') === STREAMING_EVENTS;
}

/**
 * The signature of one event message of a signed event stream (AWS4-HMAC-SHA256-PAYLOAD): over the event's
 * signing time, the credential scope of that day, the previous signature, the hash of the message's signed
 * headers (its `:date`) and the hash of its payload (the inner message), with the signing key of that day.
 */
export function eventSignature(
  secretAccessKey: string,
  claim: Pick<SignatureClaim, 'region' | 'service'>,
  signedAt: Date,
  priorSignature: string,
  signedHeaders: Uint8Array,
  payload: Uint8Array,
): string {
  const longDate = basicFormat(signedAt);
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${claim.region}/${claim.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, priorSignature, hash('sha256', signedHeaders, 'hex'), hash('sha256', payload, 'hex')].join('\n');
  return createHmac('sha256', signingKey(secretAccessKey, shortDate, claim.region, claim.service)).update(stringToSign, 'utf8').digest('hex');
}

/** AWS's words for a signature that does not match, for the request's own and for each signed event's. */
export const SIGNATURE_MISMATCH_TEXT =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Two hex signatures compared in constant time. */
export function sameSignature(computed: string, claimed: string): boolean {
  const a = Buffer.from(computed);
  const b = Buffer.from(claimed);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A header value needs trimming or folding only when it has line breaks, tabs, runs of spaces or edge spaces. */
const NEEDS_TRIM = /[\r\n\t]| {2}|^ | $/;

function trimHeaderValue(text: string): string {
  if (!NEEDS_TRIM.test(text)) return text;
  return text.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

/** RFC 3986 percent-encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path with dot segments resolved and encoded once more (every service but S3 double-encodes). */
function canonicalPath(rawPath: string): string {
  if (rawPath === '/') return rawPath;
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

/** Every query parameter but the signature itself, encoded and sorted by key, then by value. */
function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return rawQuery;
  const pairs: [string, string][] = [];
  for (const [key, value] of parseRawQueryPairs(rawQuery)) {
    if (key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([escapeUri(key), escapeUri(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Recomputes the signature with the given secret (the SigV4 algorithm, over exactly the headers the
 * client signed and the body as received); true when it equals the client's.
 */
export async function signatureMatches(
  request: IncomingSignedRequest,
  claim: SignatureClaim,
  secretAccessKey: string,
  /** The operation leaves its body out of the signature (see `unsignedPayload`). */
  unsignedPayloadAllowed = false,
  /** The operation's input is an event stream: its body is signed event by event, not here. */
  signedEventsAllowed = false,
): Promise<boolean> {
  // The credential scope's date must be the signing time's.
  if (claim.scopeDate !== claim.amzDate.slice(0, 8)) return false;
  // A signed x-amz-content-sha256 header stands for the payload's hash; the body must match it, unless
  // the operation takes its body unsigned and the client says UNSIGNED-PAYLOAD.
  const declaredHash = header(request.headers, 'x-amz-content-sha256');
  let bodyHash: string;
  if (declaredHash === UNSIGNED_PAYLOAD && unsignedPayloadAllowed) bodyHash = UNSIGNED_PAYLOAD;
  else if (declaredHash === STREAMING_EVENTS && signedEventsAllowed) bodyHash = STREAMING_EVENTS;
  else {
    bodyHash = request.body.length === 0 ? EMPTY_SHA256 : hash('sha256', request.body, 'hex');
    if (declaredHash !== undefined && declaredHash !== bodyHash) return false;
  }
  const names = [...claim.signedHeaders].sort();
  let canonicalHeaders = '';
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) return false;
    const text = Array.isArray(value) ? value.join(',') : value;
    canonicalHeaders += `${name}:${trimHeaderValue(text)}\n`;
  }
  const canonicalRequest = `${request.method}\n${canonicalPath(request.rawPath)}\n${canonicalQuery(request.rawQuery)}\n${canonicalHeaders}\n${names.join(';')}\n${bodyHash}`;
  const scope = `${claim.scopeDate}/${claim.region}/${claim.service}/aws4_request`;
  const stringToSign = `${AUTH_PREFIX}\n${claim.amzDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
  const computed = createHmac('sha256', signingKey(secretAccessKey, claim.scopeDate, claim.region, claim.service)).update(stringToSign, 'utf8').digest('hex');
  return sameSignature(computed, claim.signature);
}

function header(headers: IncomingSignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseRawQueryPairs(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    return [safeDecode(key), safeDecode(value)];
  });
}

function parseRawQuery(raw: string): Map<string, string> {
  return new Map(parseRawQueryPairs(raw));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What AWS refuses in a readable claim before it looks at the key, in AWS's order: a credential scope naming
 * no region of the partition (for every service), a signing time too far from now, a signature that leaves
 * the host out. Undefined when none applies.
 */
export function scopeRefusal(claim: SignatureClaim, now: Date): Refusal | undefined {
  if (!isPartitionRegion(claim.region)) return { refused: 'bad-region', message: invalidRegionMessage(claim.region) };
  const skew = clockSkewMessage(claim, now);
  if (skew) return { refused: 'skew', message: skew };
  const unsignedHost = unsignedHostMessage(claim);
  if (unsignedHost) return { refused: 'bad-signature', message: unsignedHost };
  return undefined;
}

/**
 * AWS's text for a credential scope whose region is no region (IAM and STS answer it as SignatureDoesNotMatch,
 * the JSON services as InvalidSignatureException), trailing space included.
 */
function invalidRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}

/**
 * AWS's refusal of a signature that leaves the host out (undefined when `host` or `:authority` is signed):
 * without it, one signature would stand for the same request sent to any other endpoint. AWS checks this
 * after the signing time and before the key (dynalite's recorded order), and answers it as a signature
 * mismatch (SignatureDoesNotMatch / InvalidSignatureException, 403) in these words.
 */
function unsignedHostMessage(claim: SignatureClaim): string | undefined {
  if (claim.signedHeaders.includes('host') || claim.signedHeaders.includes(':authority')) return undefined;
  return "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
}

/** AWS allows 15 minutes between the signing time and its own clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * The AWS text for a request signed too far from now, or undefined when the time is acceptable.
 * Presigned URLs get the same window: outside S3, AWS ignores X-Amz-Expires and accepts a presigned
 * request for 15 minutes either side of its X-Amz-Date (STS presigned URLs "expire after 15 minutes").
 */
function clockSkewMessage(claim: SignatureClaim, now: Date): string | undefined {
  if (claim.signingDate.getTime() < now.getTime() - MAX_CLOCK_SKEW_MS) {
    return `Signature expired: ${claim.amzDate} is now earlier than ${basicFormat(new Date(now.getTime() - MAX_CLOCK_SKEW_MS))} (${basicFormat(now)} - 15 min.)`;
  }
  if (claim.signingDate.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    return `Signature not yet current: ${claim.amzDate} is still later than ${basicFormat(new Date(now.getTime() + MAX_CLOCK_SKEW_MS))} (${basicFormat(now)} + 15 min.)`;
  }
  return undefined;
}

/** A time as SigV4 writes it: 20250313T102144Z. */
function basicFormat(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
