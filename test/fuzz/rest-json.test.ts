// Property-based fuzzing of the REST-JSON services (AppIntegrations, Lex V2 models) and the JSON 1.1
// protocol (CloudTrail) through the running server: every operation's method and URI template with
// random labels (invalid percent-encoding, huge, unicode, dots), random JSON bodies, wrong types for
// the operation's own members, deep nesting, bodies that are no JSON or no UTF-8. Never a 5xx, always
// an AWS-shaped error for what is refused, and a refused call changes nothing.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive, assertAnswer, fcOptions, send, sign, stateDigest } from './support.js';

interface ModelOperation {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
}
interface Model {
  metadata: { signingName: string };
  operations: Record<string, ModelOperation>;
  shapes: Record<string, { members?: Record<string, { shape: string; location?: string; locationName?: string }> }>;
}

const load = (file: string) => JSON.parse(readFileSync(new URL(`../../data/aws-models/${file}`, import.meta.url), 'utf8')) as Model;
const SERVICES = [load('appintegrations.json'), load('lexv2-models.json')];

const label = fc.oneof(
  fc.constantFrom('x', 'DRAFT', 'TSTALIASID', 'en_US', '%', '%Z', '%ZZ', '%E0%A4', '%C3%28', '%FF', '%00', '..', '.', '%2F', '%2e%2e', 'a'.repeat(3000), '12345678-1234-1234-1234-123456789012', 'arn%3Aaws%3Aapp-integrations%3Aus-east-1%3A123456789012%3Adata-integration%2Fx', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
);

/** A JSON value of any shape, sometimes deeply nested. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 100, max: 3000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  fc.integer({ min: 100, max: 3000 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown),
);

/** A body for `op`: its own members with random (often wrong-typed) values, or anything at all. */
function bodyFor(model: Model, op: ModelOperation): fc.Arbitrary<Buffer> {
  const members = Object.entries(model.shapes[op.input?.shape ?? '']?.members ?? {}).filter(([, m]) => !m.location);
  const names = members.map(([name, m]) => m.locationName ?? name);
  const structured = names.length
    ? fc.dictionary(fc.constantFrom(...names), anyJson, { maxKeys: 6 }).map((o) => Buffer.from(JSON.stringify(o)))
    : fc.constant(Buffer.from('{}'));
  return fc.oneof(
    { weight: 4, arbitrary: structured },
    { weight: 2, arbitrary: anyJson.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1e999999', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '\u0000', '{"a":1,"a":2}').map((t) => Buffer.from(t)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constant(Buffer.from([0x7b, 0x22, 0x4e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])) },
  );
}

const OPERATIONS = SERVICES.flatMap((model) => Object.values(model.operations).map((op) => ({ model, op })));

/** A request for one of `operations`. */
const requestFor = (operations: typeof OPERATIONS) => fc
  .constantFrom(...operations)
  .chain(({ model, op }) => {
    const [pathTemplate, queryTemplate] = op.http.requestUri.split('?');
    const labels = [...pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    return fc.record({
      service: fc.constant(model.metadata.signingName),
      method: fc.oneof({ weight: 5, arbitrary: fc.constant(op.http.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }),
      labels: fc.tuple(...labels.map(() => label)),
      query: fc.oneof(fc.constant(queryTemplate ? `?${queryTemplate.replace(/\{[^}]+\}/g, 'x')}` : ''), fc.constantFrom('?maxResults=0', '?maxResults=99999999999', '?nextToken=%ZZ', '?tagKeys=&tagKeys=a', '?maxResults=abc', '?x')),
      body: bodyFor(model, op),
      pathTemplate: fc.constant(pathTemplate),
      labelNames: fc.constant(labels),
    });
  })
  .map(({ service, method, labels, query, body, pathTemplate, labelNames }) => {
    let path = pathTemplate;
    labelNames.forEach((name, i) => (path = path.replace(`{${name}}`, labels[i])));
    return { service, method, path: path + query, body };
  });

describe('fuzzing REST-JSON and JSON (AppIntegrations, Lex V2, CloudTrail)', () => {
  let server: TestServer;
  /** The operations the server implements (the others answer UnknownOperationException at once). */
  let served: typeof OPERATIONS;
  before(async () => {
    server = await startTestServer();
    served = [];
    for (const entry of OPERATIONS) {
      const path = entry.op.http.requestUri.split('?')[0].replace(/\{[^}]+\}/g, 'x');
      const answer = await send(server, await sign(server, { method: entry.op.http.method, path, headers: { 'content-type': 'application/json' }, body: '{}' }, { service: entry.model.metadata.signingName }));
      if (!String(answer.headers['x-amzn-errortype'] ?? '').startsWith('UnknownOperationException')) served.push(entry);
    }
  });
  after(async () => {
    await server.stop();
  });

  async function check(req: { service: string; method: string; path: string; body: Buffer; headers?: Record<string, string> }): Promise<void> {
    const before = await stateDigest(server);
    const signed = await sign(server, { method: req.method, path: req.path, headers: { 'content-type': 'application/json', ...req.headers }, body: req.body.length ? req.body : undefined }, { service: req.service });
    const answer = await send(server, signed);
    const context = `${req.service} ${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(req.body.toString('latin1').slice(0, 200))}`;
    assertAnswer(answer, 'json', context);
    if (answer.status >= 400 && (await stateDigest(server)) !== before) throw new Error(`${context}: refused (${answer.status}) but the state changed`);
  }

  it('a NUL in a URI label (found by this fuzzer on PostgreSQL, whose text cannot hold NUL): a 404, audited', async () => {
    for (const method of ['GET', 'DELETE']) {
      await check({ service: 'app-integrations', method, path: '/dataIntegrations/a%00b', body: Buffer.alloc(0) });
    }
    const events = await server.app.audit.query({ accountId: '123456789012', eventName: 'DeleteDataIntegration' });
    assert.ok(events.some((e) => e.resource.includes('a\uFFFDb')), 'the refused call is in the audit trail');
  });

  it('every operation with random labels, query strings and bodies: success or an AWS-shaped 4xx', async () => {
    assert.ok(served.length > 20, `only ${served.length} operations served`);
    await fc.assert(fc.asyncProperty(requestFor(served), (req) => check(req)), { ...fcOptions, numRuns: fcOptions.numRuns * 2 });
    await assertAlive(server);
  });

  it('random paths and methods: UnknownOperationException or another AWS-shaped 4xx', async () => {
    const path = fc.array(label, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('app-integrations', 'lex'), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), path, (service, method, p) =>
        method === 'HEAD' ? Promise.resolve() : check({ service, method, path: p, body: Buffer.alloc(0) }),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('CloudTrail (JSON 1.1): random targets and bodies', async () => {
    const target = fc.oneof(fc.constantFrom('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', 'CloudTrail_20131101.toString', 'x.__proto__', '', '.', 'LookupEvents'), fc.string({ maxLength: 60 }));
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? '')),
      fc.record({ MaxResults: anyJson, NextToken: anyJson, StartTime: anyJson, LookupAttributes: anyJson }, { requiredKeys: [] }).map((v) => Buffer.from(JSON.stringify(v))),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(target, body, (t, b) =>
        check({ service: 'cloudtrail', method: 'POST', path: '/', body: b, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': t.replace(/[^\x20-\x7e]/g, '') } }),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });
});
