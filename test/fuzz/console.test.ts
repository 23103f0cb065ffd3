// The web console never answers 5xx, whatever it is sent: random paths (the console's own routes with
// odd segments: inherited names like __proto__, malformed or overlong percent-encoding, traversal),
// methods, query strings, form bodies (URL-encoded and JSON, with the console's field names and odd
// values) and cookies, both anonymous and signed in (then also with the session's CSRF token, so the
// handlers behind the gate run). The server is still up afterwards.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppIntegrationsClient, CreateApplicationCommand } from '@aws-sdk/client-appintegrations';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { createBot } from '../lex/support.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive, fcOptions, seen, send, type RawAnswer, type RawRequest } from './support.js';

/** The console's routes (src/console/*.ts), with `:x` where a path segment goes. */
const ROUTES = [
  '/console',
  '/console/signin',
  '/console/signout',
  '/console/region',
  '/console/static/:x',
  '/console/:x',
  '/console/iam',
  '/console/iam/roles',
  '/console/iam/roles/:x',
  '/console/iam/roles/:x/delete',
  '/console/iam/roles/:x/description',
  '/console/iam/deletion',
  '/console/iam/deletion-status',
  '/console/iam/users',
  '/console/iam/groups',
  '/console/iam/policies',
  '/console/iam/policies/view',
  '/console/iam/create-service-linked-role',
  '/console/appintegrations',
  '/console/appintegrations/data/:x',
  '/console/appintegrations/events/:x',
  '/console/appintegrations/data/:x/delete',
  '/console/appintegrations/events/:x/delete',
  '/console/appintegrations/applications',
  '/console/appintegrations/applications/create',
  '/console/appintegrations/applications/:x',
  '/console/appintegrations/applications/:x/edit',
  '/console/appintegrations/applications/:x/delete',
  '/console/appintegrations/applications/:x/associations',
  '/console/appintegrations/applications/:x/associations/:x/:x/remove',
  '/console/appintegrations/applications/:x/tags',
  '/console/appintegrations/applications/:x/tags/remove',
  '/console/connect',
  '/console/connect/wisdom',
  '/console/connect/wisdom/add',
  '/console/connect/wisdom/:x',
  '/console/connect/wisdom/:x/delete',
  '/console/connect/tasks',
  '/console/connect/tasks/add',
  '/console/connect/tasks/:x',
  '/console/connect/tasks/:x/remove',
  '/console/connect/customer-profiles/:x',
  '/console/connect/customer-profiles/add',
  '/console/lex',
  '/console/lex/bots',
  '/console/lex/bots/create',
  '/console/lex/bots/delete',
  '/console/lex/bots/:x',
  '/console/lex/bots/:x/settings',
  '/console/lex/bots/:x/versions',
  '/console/lex/bots/:x/aliases',
  '/console/lex/bots/:x/aliases/:x',
  '/console/lex/bots/:x/channels',
  '/console/lex/bots/:x/channels/add',
  '/console/lex/bots/:x/channels/:x',
  '/console/lex/bots/:x/channels/:x/delete',
  '/console/insight',
  '/console/insight/audit',
  '/console/insight/simulator',
  '/console/insight/map',
  '/console/no-such-area/:x',
  '/favicon.ico',
];

/** The names that have broken lookups before: inherited property names, malformed percent-encoding. */
const TRAPS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf', '%E0%A4%A', '%', '%Z', '%ZZ', '%C0%AF', '%FF', '%00', '%2e%2e'];

/** Values worth trying where a name goes: the traps, traversal, real-looking ids. */
const ODD = [
  ...TRAPS, '..', '.', '%2F', '%252F', '%u0041',
  'console.css', 'console.js', 'favicon.ico', 'NOSUCHBOT1', 'TSTALIASID', 'AWSServiceRoleForAppIntegrations',
  'DRAFT', 'en_US', 'a'.repeat(300), '%F0%9F%98%80', '%E2%80%AE', 'x;y', 'a,b', '~', '',
];

/** Ids of resources that exist (made in `before`), so that some pages find what they show. */
const existing: string[] = [];
const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~+!$&'()*,;=:@-]{1,24}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%-]{0,12}$/) },
  { weight: 3, arbitrary: fc.nat().map((i) => existing[i % Math.max(1, existing.length)] ?? 'NOSUCHBOT1') },
);

const FIELDS = [
  '_csrf', 'next', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'region', 'description', 'confirm', 'botId', 'botName',
  'role', 'roleArn', 'childDirected', 'idleMinutes', 'localeId', 'confidence', 'channelName', 'platform', 'botAliasId',
  'slack.clientId', 'slack.clientSecret', 'facebook.pageAccessToken', 'twilioSms.accountSid', 'twilioSms.authToken',
  'service', 'suffix', 'customSuffix', 'principal', 'action', 'resource', 'context', 'name', 'target', 'source',
  'objectName', 'kmsKey', 'schedule', 'knowledgeBase', 'eventIntegration', 'task', 'scope', 'arn', 'identity',
  'decision', 'kind', 'from', 'to', 'signedout', '__proto__', 'constructor', 'toString',
  'namespace', 'type', 'accessUrl', 'origins', 'timeout', 'tags', 'permission:User.Details.View', 'permission:*', 'instanceId', 'key', 'value',
];

const VALUES = [
  '', ' ', 'test', 'wrong', 'new', 'existing', 'yes', 'no', 'Slack', 'Facebook', 'TwilioSms', '__proto__', 'constructor',
  'en_US', 'xx_XX', 'NaN', '-1', '0', '1e309', '99999999999', '0.4', '2', 'TSTALIASID', 'us-east-1', 'eu-west-2', 'mars-1',
  'arn:aws:iam::123456789012:role/x', 'arn:', '*', 'iam:*', 'lexv2.amazonaws.com', 'app-integrations.amazonaws.com',
  '//evil.example', '/console/../x', 'https://evil.example/', '%E0%A4%A', 'a=b\nc=d,e', '{"a":1}', '<script>x</script>',
  'AWSServiceRoleForAppIntegrations', 'delete', 'remove', 'a'.repeat(2000),
];

const field = fc.constantFrom(...FIELDS);
const value = fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }));

const queryString = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(field, value), { maxLength: 4 }).map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  fc.array(segment, { maxLength: 3 }).map((parts) => `?${parts.join('&')}`),
);

/** The routes that take a POST (the others, GET). */
const POSTS = new Set([
  '/console/signin', '/console/signout', '/console/region', '/console/iam/roles/:x/delete', '/console/iam/roles/:x/description',
  '/console/iam/create-service-linked-role', '/console/appintegrations/data/:x/delete', '/console/appintegrations/events/:x/delete',
  '/console/connect/wisdom/add', '/console/connect/wisdom/:x/delete', '/console/connect/tasks/add', '/console/connect/tasks/:x/remove',
  '/console/connect/customer-profiles/add', '/console/lex/bots/create', '/console/lex/bots/delete', '/console/lex/bots/:x/channels/add',
  '/console/lex/bots/:x/channels/:x/delete',
]);

/** 'route': the route's own method (POST where it takes one, else GET). */
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('route') },
  { weight: 2, arbitrary: fc.constant('GET') },
  { weight: 2, arbitrary: fc.constant('POST') },
  { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,8}$/) },
);

interface FormSpec {
  pairs: [string, string][];
  encoding: 'form' | 'json' | 'json-raw' | 'none' | 'bytes';
  raw: string;
  withCsrf: boolean;
  origin: 'same' | 'other' | 'none' | 'null';
}

const formSpec: fc.Arbitrary<FormSpec> = fc.record({
  pairs: fc.array(fc.tuple(field, value), { maxLength: 8 }),
  encoding: fc.constantFrom('form', 'form', 'json', 'json-raw', 'none', 'bytes'),
  raw: fc.oneof(fc.constantFrom('null', '[]', '[1,2]', '"x"', '{', '{"a":{"b":1}}', '%E0%A4%A=1', '=&=&', '&&&'), fc.string({ maxLength: 60 })),
  withCsrf: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  origin: fc.constantFrom('same', 'same', 'other', 'none', 'null'),
});

const cookieSpec = fc.oneof(
  { weight: 6, arbitrary: fc.constant<'session'>('session') },
  { weight: 1, arbitrary: fc.constant<'none'>('none') },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom('linkedrole_console', 'other', '__proto__', ''), value: fc.oneof(fc.constantFrom('', '=', ';', 'forged', '%E0'), fc.stringMatching(/^[A-Za-z0-9_%=-]{0,40}$/)) }) },
);

const requestSpec = fc.record({
  route: fc.constantFrom(...ROUTES),
  segments: fc.array(segment, { minLength: 2, maxLength: 2 }),
  query: queryString,
  method,
  form: formSpec,
  cookie: cookieSpec,
  trailingSlash: fc.boolean(),
});

type Spec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

interface Session {
  cookie: string;
  csrf: string;
}

/** A session's cookie and CSRF token, from the sign-in form (and signed in, when asked). */
async function openSession(server: TestServer, signIn: boolean): Promise<Session> {
  const form = await fetch(`${server.url}/console/signin`);
  const cookie = /linkedrole_console=([^;]*)/.exec(form.headers.get('set-cookie') ?? '')![0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  if (!signIn) return { cookie, csrf };
  const answer = await fetch(`${server.url}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ _csrf: csrf, accessKeyId: 'test', secretAccessKey: 'test' }).toString(),
  });
  assert.equal(answer.status, 303, await answer.text());
  const signedIn = /linkedrole_console=([^;]*)/.exec(answer.headers.get('set-cookie') ?? '')![0];
  const home = await fetch(`${server.url}/console`, { headers: { cookie: signedIn } });
  return { cookie: signedIn, csrf: /name="_csrf" value="([^"]+)"/.exec(await home.text())![1] };
}

function buildRequest(server: TestServer, spec: Spec, session: Session): RawRequest {
  let n = 0;
  let path = spec.route.replace(/:x/g, () => spec.segments[n++ % spec.segments.length]);
  if (spec.trailingSlash) path += '/';
  const headers: Record<string, string> = {};
  if (spec.cookie === 'session') headers.cookie = session.cookie;
  else if (spec.cookie !== 'none') headers.cookie = `${spec.cookie.name}=${spec.cookie.value}`;
  if (spec.form.origin === 'same') headers.origin = server.url;
  else if (spec.form.origin === 'other') headers.origin = 'https://evil.example';
  else if (spec.form.origin === 'null') headers.origin = 'null';
  const pairs: [string, string][] = spec.form.withCsrf ? [['_csrf', session.csrf], ...spec.form.pairs] : spec.form.pairs;
  let body: string | undefined;
  switch (spec.form.encoding) {
    case 'form':
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(pairs).toString();
      break;
    case 'json':
      headers['content-type'] = 'application/json';
      body = JSON.stringify(Object.fromEntries(pairs));
      break;
    case 'json-raw':
      headers['content-type'] = 'application/json';
      body = spec.form.raw;
      break;
    case 'bytes':
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = spec.form.raw;
      break;
    case 'none':
      break;
  }
  const verb = spec.method === 'route' ? (POSTS.has(spec.route) ? 'POST' : 'GET') : spec.method;
  return { method: verb, path: `${path}${spec.query}`, headers, body };
}

describe('fuzzing the console: no 5xx for any input', () => {
  let server: TestServer;
  let anonymous: Session;
  let signedIn: Session;

  before(async () => {
    server = await startTestServer({ lex: { transitionMs: 10 } });
    // Something for the pages to show: a bot (its role, TSTALIASID).
    const lex = new LexModelsV2Client(server.clientConfig());
    existing.push((await createBot(lex, 'FuzzBot')).botId!);
    lex.destroy();
    // An application (its id), for the application pages.
    const ai = new AppIntegrationsClient(server.clientConfig());
    existing.push((await ai.send(new CreateApplicationCommand({ Name: 'Fuzz app', Namespace: 'fuzz-app', ApplicationSourceConfig: { ExternalUrlConfig: { AccessUrl: 'https://fuzz.example.com' } } }))).Id!);
    ai.destroy();
    anonymous = await openSession(server, false);
    signedIn = await openSession(server, true);
  });
  after(async () => {
    await server?.stop();
  });

  const check = (answer: RawAnswer, req: RawRequest) => {
    seen.set(`console ${answer.status}`, (seen.get(`console ${answer.status}`) ?? 0) + 1);
    assert.ok(answer.status < 500, `${req.method} ${req.path} ${JSON.stringify(req.headers)} ${String(req.body ?? '').slice(0, 200)}: status ${answer.status}: ${answer.body.slice(0, 600)}`);
  };

  it('every route with each trap in each of its segments, anonymous and signed in (a sweep, not random)', async () => {
    for (const session of [anonymous, signedIn]) {
      for (const route of ROUTES.filter((r) => r.includes(':x'))) {
        for (const trap of TRAPS) {
          const spec: Spec = { route, segments: [trap, trap], query: '', method: 'route', form: { pairs: [], encoding: 'form', raw: '', withCsrf: true, origin: 'same' }, cookie: 'session', trailingSlash: false };
          const req = buildRequest(server, spec, session);
          check(await send(server, req), req);
        }
      }
    }
  });

  it('anonymous: random paths, methods, queries, bodies, cookies', async () => {
    await fc.assert(
      fc.asyncProperty(requestSpec, async (spec) => {
        const req = buildRequest(server, spec, anonymous);
        check(await send(server, req), req);
      }),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('signed in: the same, the session\'s CSRF token in some forms (the handlers behind the gate run)', async () => {
    // Signing out or in again would end the session under test: those two are fuzzed anonymously above.
    const ownSession = requestSpec.filter((spec) => !(['POST', 'route'].includes(spec.method) && /^\/console\/sign(in|out)$/.test(spec.route)));
    await fc.assert(
      fc.asyncProperty(ownSession, async (spec) => {
        const req = buildRequest(server, spec, signedIn);
        check(await send(server, req), req);
      }),
      fcOptions,
    );
    await assertAlive(server);
    // Still signed in: the fuzz ran behind the gate, not against the sign-in page.
    const home = await fetch(`${server.url}/console`, { headers: { cookie: signedIn.cookie }, redirect: 'manual' });
    assert.equal(home.status, 200);
  });
});
