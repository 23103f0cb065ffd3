// What the fuzzers share: raw HTTP requests (any bytes in the path, headers and body), signed with
// SigV4 over exactly those bytes, and the checks every answer to a client's mistake must pass: not a
// 5xx, an AWS-shaped error (code and message in the protocol's format), and the server still up with
// its state unchanged.
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { TestServer } from '../support/server.js';

/** Runs per property: FUZZ_RUNS, or 300 (the suite's budget). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** fast-check settings shared by every property (a fixed seed with FUZZ_SEED replays a failure). */
export const fcOptions = { numRuns: RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}), endOnFailure: true };

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Sent byte for byte (may hold invalid percent-encoding). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Sends a request exactly as given (no normalization of the path), on a fresh connection. */
export function send(server: TestServer, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(server.url);
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

export interface SignOptions {
  service: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  signingDate?: Date;
}

/** SigV4 headers for `req` (host, x-amz-date, authorization), computed over its raw path and body. */
export async function sign(server: TestServer, req: RawRequest, options: SignOptions): Promise<RawRequest> {
  const url = new URL(server.url);
  const q = req.path.indexOf('?');
  const path = q === -1 ? req.path : req.path.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q !== -1) {
    for (const pair of req.path.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? '' : safeDecode(pair.slice(eq + 1));
      const existing = query[key];
      query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  }
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId ?? 'test', secretAccessKey: options.secretAccessKey ?? 'test' },
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: req.method, protocol: 'http:', hostname: url.host, path, query, headers: { host: url.host, ...req.headers }, body: body && body.length > 0 ? body : undefined }),
    { signingDate: options.signingDate ?? new Date() },
  );
  return { ...req, headers: signed.headers as Record<string, string> };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A Query protocol (IAM, STS) error: 4xx, XML ErrorResponse with Code and Message. */
export function assertQueryError(answer: RawAnswer, context: string): string {
  assert.ok(answer.status >= 400 && answer.status < 500, `${context}: status ${answer.status}: ${answer.body.slice(0, 500)}`);
  const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1];
  assert.ok(/<ErrorResponse[\s>]/.test(answer.body), `${context}: not an ErrorResponse: ${answer.body.slice(0, 300)}`);
  assert.ok(code, `${context}: no Code: ${answer.body.slice(0, 300)}`);
  assert.ok(/<Message>[^<]*<\/Message>|<Message\/>/.test(answer.body), `${context}: no Message: ${answer.body.slice(0, 300)}`);
  assert.ok(/<RequestId>[^<]+<\/RequestId>/.test(answer.body), `${context}: no RequestId`);
  return code;
}

/** A REST-JSON / JSON error: 4xx, the error type in x-amzn-errortype or __type, a JSON body with a message. */
export function assertJsonError(answer: RawAnswer, context: string): string {
  assert.ok(answer.status >= 400 && answer.status < 500, `${context}: status ${answer.status}: ${answer.body.slice(0, 500)}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    assert.fail(`${context}: the error body is not JSON: ${answer.body.slice(0, 300)}`);
  }
  const type = String(answer.headers['x-amzn-errortype'] ?? body.__type ?? body.code ?? '');
  assert.ok(type, `${context}: no error type: ${answer.body.slice(0, 300)}`);
  assert.ok(typeof (body.message ?? body.Message) === 'string', `${context}: no message: ${answer.body.slice(0, 300)}`);
  return type.split(':')[0];
}

/** How many answers of each status and error code the fuzzers saw (printed with FUZZ_STATS=1). */
export const seen = new Map<string, number>();
process.on('exit', () => {
  if (process.env.FUZZ_STATS) console.log([...seen].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join('\n'));
});

/** Either protocol's answer: never a 5xx; an error is AWS-shaped. */
export function assertAnswer(answer: RawAnswer, protocol: 'query' | 'json', context: string): void {
  const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? String(answer.headers['x-amzn-errortype'] ?? '').split(':')[0];
  const key = `${answer.status} ${code}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
  assert.ok(answer.status < 500, `${context}: status ${answer.status}: ${answer.body.slice(0, 500)}`);
  if (answer.status >= 300) {
    if (protocol === 'query') assertQueryError(answer, context);
    else assertJsonError(answer, context);
  }
}

/** Everything a refused call must leave as it was: the IAM, AppIntegrations and Lex tables (not the audit trail). */
export async function stateDigest(server: TestServer): Promise<string> {
  const db = server.app.store.db;
  const tables = ['iam_roles', 'iam_role_tags', 'iam_role_inline_policies', 'iam_role_attached_policies', 'appintegrations_data_integrations', 'appintegrations_event_integrations', 'lex_bots', 'lex_bot_aliases'] as const;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.selectFrom(table as never).selectAll().execute();
    parts.push(`${table}:${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

export async function assertAlive(server: TestServer): Promise<void> {
  const health = await send(server, { method: 'GET', path: '/health' });
  assert.equal(health.status, 200);
}
