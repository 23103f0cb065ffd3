// Property-based fuzzing of SigV4 (garbled Authorization headers, missing pieces, wrong scopes and
// dates, presigned query parameters) and of policy documents (PutRolePolicy, CreateRole's trust
// policy, SimulateCustomPolicy) through the running server. Never a 5xx; refusals are AWS-shaped and
// change nothing.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive, assertAnswer, assertJsonError, assertQueryError, fcOptions, send, sign, stateDigest } from './support.js';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

describe('fuzzing SigV4 and policy documents', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const create = await sign(server, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=CreateRole&Version=2010-05-08&RoleName=fuzzed&AssumeRolePolicyDocument=${encodeURIComponent(JSON.stringify(TRUST))}` }, { service: 'iam' });
    assert.equal((await send(server, create)).status, 200);
  });
  after(async () => {
    await server.stop();
  });

  const IAM_BODY = 'Action=TagRole&Version=2010-05-08&RoleName=fuzzed&Tags.member.1.Key=k&Tags.member.1.Value=v';

  /** Sends a well-signed TagRole, with its signature's pieces garbled by `mutate`: refused, AWS-shaped, nothing changed. */
  async function refused(mutate: (headers: Record<string, string>) => Record<string, string>, path = '/', protocol: 'query' | 'json' = 'query', service = 'iam'): Promise<void> {
    const before = await stateDigest(server);
    const body = protocol === 'query' ? IAM_BODY : '{"Name":"fuzz","KmsKey":"k","SourceURI":"s3://b/x"}';
    const signed = await sign(server, { method: 'POST', path: protocol === 'query' ? path : '/dataIntegrations', headers: { 'content-type': protocol === 'query' ? 'application/x-www-form-urlencoded' : 'application/json' }, body }, { service });
    const headers = mutate({ ...signed.headers! });
    for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
    let answer;
    try {
      answer = await send(server, { ...signed, headers });
    } catch (error) {
      // Node refuses to send some header values (control characters): nothing reached the server.
      if ((error as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') return;
      throw error;
    }
    const context = JSON.stringify(headers).slice(0, 600);
    // The answer speaks the protocol of the service the credential scope names (when it is one we serve).
    const scoped = /Credential=[^/,\s]*\/[^/,\s]*\/[^/,\s]*\/([^/,\s]*)/.exec(headers.authorization ?? '')?.[1];
    // A request re-scoped to another service is that service's mistake to answer, in either shape.
    if (scoped !== service) protocol = answer.body.trimStart().startsWith('<') ? 'query' : 'json';
    assertAnswer(answer, protocol, context);
    if (answer.status === 200) return; // the mutation left the signature intact (e.g. same value)
    if (protocol === 'query') assertQueryError(answer, context);
    else assertJsonError(answer, context);
    assert.equal(await stateDigest(server), before, `${context}: refused but the state changed`);
  }

  it('garbled Authorization headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary-ascii', maxLength: 200 }), fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 ', 'AWS4-', 'AWS4-HMAC-SHA512 Credential=x', 'Basic dGVzdDp0ZXN0', 'AWS4-HMAC-SHA256 Credential=,SignedHeaders=,Signature=', 'AWS4-HMAC-SHA256 =,=,=', 'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=00')), (value) =>
        refused((h) => ({ ...h, authorization: value })),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('well-formed Authorization headers with one piece dropped, repeated or changed', async () => {
    const piece = fc.constantFrom('Credential', 'SignedHeaders', 'Signature');
    const change = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), piece }),
      fc.record({ kind: fc.constant('repeat' as const), piece }),
      fc.record({ kind: fc.constant('set' as const), piece, value: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', '/', '////', 'test/2020/us-east-1/iam', 'test/20200101/us-east-1/iam/aws4_request', 'test/99999999/us-east-1/iam/aws4_request', 'test//us-east-1/iam/aws4_request', 'nobody/20200101/x/y/z', 'host', 'host;;', ';', 'content-type;host;x-amz-date;x-amz-nonexistent', 'ab'.repeat(32), 'zz')) }),
      fc.record({ kind: fc.constant('scope' as const), part: fc.integer({ min: 0, max: 4 }), value: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'sts', 'lex', 'app-integrations', 'unknown', 'eu-west-1', 'us-east-1 ', '19700101', '20991231', 'aws4_request2', 'x/y')) }),
    );
    await fc.assert(
      fc.asyncProperty(change, (c) =>
        refused((h) => {
          const auth = h.authorization;
          const [algorithm, rest] = [auth.slice(0, auth.indexOf(' ')), auth.slice(auth.indexOf(' ') + 1)];
          const parts = rest.split(', ').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string]);
          let out = parts;
          if (c.kind === 'drop') out = parts.filter(([k]) => k !== c.piece);
          if (c.kind === 'repeat') out = [...parts, parts.find(([k]) => k === c.piece)!];
          if (c.kind === 'set') out = parts.map(([k, v]) => [k, k === c.piece ? c.value : v]);
          if (c.kind === 'scope') {
            out = parts.map(([k, v]) => {
              if (k !== 'Credential') return [k, v];
              const scope = v.split('/');
              scope[c.part] = c.value;
              return [k, scope.join('/')];
            });
          }
          return { ...h, authorization: `${algorithm} ${out.map(([k, v]) => `${k}=${v}`).join(', ')}` };
        }),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('x-amz-date and other signed headers garbled, missing or far away; the JSON services too', async () => {
    const date = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '20200101T000000Z', '99991231T235959Z', '00000000T000000Z', '20201301T000000Z', '2020-01-01T00:00:00Z', 'Mon, 01 Jan 2020 00:00:00 GMT', '20200101T000000', '1'));
    await fc.assert(
      fc.asyncProperty(date, fc.constantFrom<'query' | 'json'>('query', 'json'), fc.boolean(), (value, protocol, drop) =>
        refused(
          (h) => {
            const out = { ...h, 'x-amz-date': value };
            if (drop) delete (out as Record<string, string>)['x-amz-date'];
            return out;
          },
          '/',
          protocol,
          protocol === 'query' ? 'iam' : 'app-integrations',
        ),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('presigned query parameters garbled', async () => {
    const param = fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token');
    const value = fc.oneof(fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.constantFrom('', '%ZZ', '-1', '0', '604801', '99999999999999999999', 'AWS4-HMAC-SHA256', 'test%2F20200101%2Fus-east-1%2Fiam%2Faws4_request', 'host', '20200101T000000Z'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(param, value), { minLength: 1, maxLength: 8 }), async (pairs) => {
        const before = await stateDigest(server);
        const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
        const answer = await send(server, { method: 'GET', path: `/?Action=ListRoles&Version=2010-05-08&${query}`, headers: { host: new URL(server.url).host } });
        assertQueryError(answer, query);
        assert.equal(await stateDigest(server), before);
      }),
      fcOptions,
    );
    await assertAlive(server);
  });

  // --- policy documents ------------------------------------------------------------------------------

  const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('*', 's3:*', 'iam:PassRole', 's3:Get*', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/x', '${aws:username}', '${', '${aws:', 'arn:aws', '', ' ', 'true', '2012-10-17'));
  const conditionBlock = fc.dictionary(
    fc.oneof(fc.constantFrom('StringEquals', 'StringLike', 'ArnLike', 'IpAddress', 'DateGreaterThan', 'NumericLessThan', 'Bool', 'Null', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike', 'StringEqualsIfExists', 'BinaryEquals', 'ForAnyValue:Null'), fc.string({ maxLength: 20 })),
    fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('aws:SourceIp', 'aws:CurrentTime', 's3:prefix', 'aws:PrincipalTag/team', 'iam:AWSServiceName', 'aws:MultiFactorAuthPresent'), fc.string({ maxLength: 15 })), fc.oneof(word, fc.array(word, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 2 })),
    { maxKeys: 3 },
  );
  const principal = fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(word, fc.array(word, { maxLength: 3 })) }), fc.record({ Service: fc.oneof(word, fc.constantFrom('lambda.amazonaws.com', 'app-integrations.amazonaws.com')) }), fc.record({ Federated: word }), fc.jsonValue({ maxDepth: 2 }));
  const statement = fc.record(
    {
      Sid: fc.oneof(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
      Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow', ''), fc.jsonValue({ maxDepth: 1 })),
      Action: fc.oneof(word, fc.array(word, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      NotAction: fc.oneof(word, fc.array(word, { maxLength: 2 })),
      Resource: fc.oneof(word, fc.array(word, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      NotResource: fc.oneof(word, fc.array(word, { maxLength: 2 })),
      Principal: principal,
      NotPrincipal: principal,
      Condition: fc.oneof(conditionBlock, fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: [] },
  );
  const policyDocument = fc.oneof(
    { weight: 6, arbitrary: fc.record({ Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17', '', '2012-10-18'), fc.jsonValue({ maxDepth: 1 })), Id: fc.string({ maxLength: 5 }), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }).map((p) => JSON.stringify(p)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"Version":"2012-10-17","Statement":[', '{"Statement":{}}', '{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}', '[]', 'null', '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Version":"2012-10-17"}    x', ' '.repeat(5000), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"' + 'a'.repeat(20000) + '"}]}')) },
  );

  async function query(action: string, params: Record<string, string>): Promise<void> {
    const before = await stateDigest(server);
    const body = [`Action=${action}`, 'Version=2010-05-08', ...Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`)].join('&');
    const answer = await send(server, await sign(server, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, { service: 'iam' }));
    const context = `${action} ${JSON.stringify(params).slice(0, 500)}`;
    assertAnswer(answer, 'query', context);
    if (answer.status >= 400) assert.equal(await stateDigest(server), before, `${context}: refused but the state changed`);
  }

  it('PutRolePolicy with random policy documents', async () => {
    await fc.assert(fc.asyncProperty(policyDocument, (doc) => query('PutRolePolicy', { RoleName: 'fuzzed', PolicyName: 'p', PolicyDocument: doc })), fcOptions);
    await assertAlive(server);
  });

  it('CreateRole and UpdateAssumeRolePolicy with random trust policies', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(policyDocument, async (doc) => {
        await query('CreateRole', { RoleName: `trust-${n++}`, AssumeRolePolicyDocument: doc });
        await query('UpdateAssumeRolePolicy', { RoleName: 'fuzzed', PolicyDocument: doc });
      }),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('SimulateCustomPolicy with random policies, actions and context entries', async () => {
    await fc.assert(
      fc.asyncProperty(policyDocument, fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom('string', 'stringList', 'numeric', 'boolean', 'ip', 'date', 'binary', 'x'), word), { maxLength: 2 }), (doc, actions, context) =>
        query('SimulateCustomPolicy', {
          'PolicyInputList.member.1': doc,
          ...Object.fromEntries(actions.map((a, i) => [`ActionNames.member.${i + 1}`, a])),
          ...Object.fromEntries(
            context.flatMap(([key, type, value], i) => [
              [`ContextEntries.member.${i + 1}.ContextKeyName`, key],
              [`ContextEntries.member.${i + 1}.ContextKeyType`, type],
              [`ContextEntries.member.${i + 1}.ContextKeyValues.member.1`, value],
            ]),
          ),
        }),
      ),
      fcOptions,
    );
    await assertAlive(server);
  });
});
