// SigV4 conformance: header-signed and presigned requests are accepted; a wrong signature, an unknown
// key, a missing or incomplete signature, a clock skew over 15 minutes (either way) and an expired
// presigned URL, a signature that leaves out the host, and a long-term key sent with a session token
// are refused with AWS's code, message and status, for a Query service (STS, IAM) and for the JSON
// services (AppIntegrations over REST-JSON, CloudTrail over JSON 1.1).
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';

const ACCOUNT = '123456789012';
const MINUTE = 60_000;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const STAMP = '\\d{8}T\\d{6}Z';
const EXPIRED = new RegExp(`^Signature expired: ${STAMP} is now earlier than ${STAMP} \\(${STAMP} - 15 min\\.\\)$`);
const NOT_YET = new RegExp(`^Signature not yet current: ${STAMP} is still later than ${STAMP} \\(${STAMP} \\+ 15 min\\.\\)$`);

interface Answer {
  status: number;
  body: string;
  headers: Headers;
}

interface RequestSpec {
  service: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  signingDate?: Date;
  /** Presign (signature in the query) instead of an Authorization header. */
  presign?: { expiresIn: number };
  /** Headers the signer leaves out of the signature (e.g. host). */
  unsignedHeaders?: string[];
  /** Send this Host header instead of the server's own (through node:http: fetch may not change Host). */
  sendHost?: string;
}

describe('SigV4', () => {
  let server: TestServer;
  let host: string;
  /** An IAM user's long-term access key. */
  let userKey: { accessKeyId: string; secretAccessKey: string };

  /** Signs (or presigns) a request with the SDK's own signer and sends it. */
  async function send(spec: RequestSpec): Promise<Answer> {
    const url = new URL(server.url);
    const request = new HttpRequest({
      method: spec.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: spec.path ?? '/',
      query: spec.query ?? {},
      headers: { host: url.host, ...spec.headers },
      body: spec.body,
    });
    const signer = new SignatureV4({
      credentials: { accessKeyId: spec.accessKeyId ?? 'test', secretAccessKey: spec.secretAccessKey ?? 'test', sessionToken: spec.sessionToken },
      region: spec.region ?? 'us-east-1',
      service: spec.service,
      sha256: Hash.bind(null, 'sha256'),
    });
    const unsignableHeaders = spec.unsignedHeaders ? new Set(spec.unsignedHeaders) : undefined;
    const signed = spec.presign
      ? await signer.presign(request, { signingDate: spec.signingDate, expiresIn: spec.presign.expiresIn, unsignableHeaders })
      : await signer.sign(request, { signingDate: spec.signingDate, unsignableHeaders });
    if (spec.sendHost !== undefined) return rawWithHost(spec.sendHost, signed.method, signed.path, signed.query as Record<string, string>, signed.headers, spec.body);
    return raw(signed.method, signed.path, signed.query as Record<string, string>, signed.headers, spec.body);
  }

  /** Sends a request with exactly these headers, Host included (a proxy or an attacker can send any Host). */
  async function rawWithHost(hostHeader: string, method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body?: string): Promise<Answer> {
    const search = new URLSearchParams(query).toString();
    const url = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method, path: `${path}${search ? `?${search}` : ''}`, headers: { ...headers, host: hostHeader } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') answerHeaders.set(name, value);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: answerHeaders });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function raw(method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body?: string): Promise<Answer> {
    const search = new URLSearchParams(query).toString();
    const { host: _host, ...rest } = headers;
    const response = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, { method, headers: rest, body });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  function queryError(answer: Answer): { code: string; message: string; type: string; requestId: string } {
    const pick = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(answer.body)?.[1] ?? '';
    const unescape = (text: string) => text.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return { code: pick('Code'), message: unescape(pick('Message')), type: pick('Type'), requestId: pick('RequestId') };
  }

  function jsonError(answer: Answer): { code: string; message: string } {
    const body = JSON.parse(answer.body) as { message?: string; Message?: string; __type?: string };
    return { code: answer.headers.get('x-amzn-errortype') ?? body.__type ?? '', message: body.message ?? body.Message ?? '' };
  }

  const stsCall = { service: 'sts', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' };
  const appIntegrationsCall = { service: 'app-integrations', method: 'GET', path: '/dataIntegrations' };

  before(async () => {
    server = await startTestServer();
    host = new URL(server.url).host;
    const iam = new IAMClient(server.clientConfig());
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'presigned-reader',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'long-term-key-holder' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'long-term-key-holder' }));
    userKey = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    iam.destroy();
  });
  after(async () => server.stop());

  describe('accepts', () => {
    it('a header-signed Query request (STS GetCallerIdentity)', async () => {
      const answer = await send(stsCall);
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">/);
      assert.match(answer.body, new RegExp(`<Arn>arn:aws:iam::${ACCOUNT}:root</Arn>`));
      assert.match(answer.body, /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
      assert.match(answer.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    });

    it('a presigned GET for STS GetCallerIdentity', async () => {
      const answer = await send({ service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, presign: { expiresIn: 900 } });
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, new RegExp(`<Account>${ACCOUNT}</Account>`));
    });

    it('a presigned GET for IAM GetRole', async () => {
      const answer = await send({ service: 'iam', query: { Action: 'GetRole', Version: '2010-05-08', RoleName: 'presigned-reader' }, presign: { expiresIn: 60 } });
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, /<RoleName>presigned-reader<\/RoleName>/);
    });

    it('a presigned URL is good for 15 minutes from its X-Amz-Date whatever its X-Amz-Expires says (as STS)', async () => {
      const tenMinutesAgo = new Date(Date.now() - 10 * MINUTE);
      const answer = await send({ service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, presign: { expiresIn: 60 }, signingDate: tenMinutesAgo });
      assert.equal(answer.status, 200, answer.body);
    });

    it('a request signed 14 minutes off in either direction', async () => {
      for (const offset of [-14 * MINUTE, 14 * MINUTE]) {
        const answer = await send({ ...stsCall, signingDate: new Date(Date.now() + offset) });
        assert.equal(answer.status, 200, answer.body);
      }
    });

    it('the SDK clients: STS, IAM (Query), CloudTrail (JSON)', async () => {
      const sts = new STSClient(server.clientConfig());
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT);
      sts.destroy();
      const cloudTrail = new CloudTrailClient(server.clientConfig());
      assert.ok(Array.isArray((await cloudTrail.send(new LookupEventsCommand({ MaxResults: 1 }))).Events));
      cloudTrail.destroy();
    });

    it('a body sent unsigned (UNSIGNED-PAYLOAD) to Lex RecognizeUtterance, whose model allows it', async () => {
      const utterance = {
        service: 'lex',
        method: 'POST',
        path: '/bots/NOSUCHBOT1/botAliases/TSTALIASID/botLocales/en_US/sessions/s1/utterance',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: 'hello',
      };
      // Authenticated: the answer is about the bot, which does not exist.
      const answer = await send(utterance);
      assert.equal(answer.status, 404, answer.body);
      assert.equal(jsonError(answer).code, 'ResourceNotFoundException');
      // A signed body must still match its hash.
      const signedBody = await send({ ...utterance, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-amz-content-sha256': '0'.repeat(64) } });
      assert.equal(jsonError(signedBody).code, 'InvalidSignatureException');
    });

    it('the AWS CLI (sts get-caller-identity)', async () => {
      const { stdout } = await promisify(execFile)('aws', ['--endpoint-url', server.url, 'sts', 'get-caller-identity', '--output', 'json'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      });
      assert.deepEqual(JSON.parse(stdout), { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
    });
  });

  describe('refuses, in the Query protocol (STS, IAM)', () => {
    it('a wrong signature: SignatureDoesNotMatch 403', async () => {
      const answer = await send({ ...stsCall, secretAccessKey: 'not-the-secret' });
      assert.equal(answer.status, 403);
      const error = queryError(answer);
      assert.deepEqual({ code: error.code, message: error.message, type: error.type }, { code: 'SignatureDoesNotMatch', message: SIGNATURE_MISMATCH, type: 'Sender' });
      assert.match(answer.body, /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">/);
      assert.match(error.requestId, /^[0-9a-f-]{36}$/);
    });

    it('a body changed after signing: SignatureDoesNotMatch 403', async () => {
      const url = new URL(server.url);
      const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') });
      const signed = await signer.sign(new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: host, ...stsCall.headers }, body: stsCall.body }));
      const answer = await raw('POST', '/', {}, signed.headers, 'Action=GetCallerIdentity&Version=2011-06-15&Extra=1');
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
    });

    it('UNSIGNED-PAYLOAD on an operation that signs its body (STS): SignatureDoesNotMatch 403', async () => {
      const answer = await send({ ...stsCall, headers: { ...stsCall.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
      assert.equal(answer.status, 403);
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
    });

    it('an unknown access key: InvalidClientTokenId 403', async () => {
      const answer = await send({ ...stsCall, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
      assert.equal(answer.status, 403);
      assert.deepEqual(queryError(answer).code, 'InvalidClientTokenId');
      assert.equal(queryError(answer).message, 'The security token included in the request is invalid.');
    });

    it('no signature at all: MissingAuthenticationToken 403', async () => {
      const answer = await raw('POST', '/', {}, stsCall.headers, stsCall.body);
      assert.equal(answer.status, 403);
      assert.deepEqual(queryError(answer).code, 'MissingAuthenticationToken');
      assert.equal(queryError(answer).message, 'Request is missing Authentication Token');
      const unsignedGet = await raw('GET', '/', { Action: 'GetCallerIdentity', Version: '2011-06-15' }, {});
      assert.equal(queryError(unsignedGet).code, 'MissingAuthenticationToken');
    });

    it('an incomplete Authorization header: IncompleteSignature 400, naming what is missing', async () => {
      const authorization = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request';
      const answer = await raw('POST', '/', {}, { ...stsCall.headers, authorization }, stsCall.body);
      assert.equal(answer.status, 400);
      assert.equal(queryError(answer).code, 'IncompleteSignature');
      assert.equal(
        queryError(answer).message,
        `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
      );
      const spaced = 'AWS4-HMAC-SHA256 Credential=test /20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
      const malformed = await raw('POST', '/', {}, { ...stsCall.headers, authorization: spaced, 'x-amz-date': '20260101T000000Z' }, stsCall.body);
      assert.equal(queryError(malformed).code, 'IncompleteSignature');
      assert.equal(queryError(malformed).message, `'/20260101/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${spaced}'.`);
    });

    it('an incomplete presigned query: IncompleteSignature 400', async () => {
      const answer = await raw('GET', '/', { Action: 'GetCallerIdentity', Version: '2011-06-15', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'test/20260101/us-east-1/sts/aws4_request' }, {});
      assert.equal(answer.status, 400);
      assert.equal(queryError(answer).code, 'IncompleteSignature');
      assert.equal(
        queryError(answer).message,
        "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
      );
    });

    it('a signature over 15 minutes old: SignatureDoesNotMatch "Signature expired" 403', async () => {
      const answer = await send({ ...stsCall, signingDate: new Date(Date.now() - 20 * MINUTE) });
      assert.equal(answer.status, 403);
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
      assert.match(queryError(answer).message, EXPIRED);
    });

    it('a signature over 15 minutes in the future: SignatureDoesNotMatch "Signature not yet current" 403', async () => {
      const answer = await send({ ...stsCall, signingDate: new Date(Date.now() + 20 * MINUTE) });
      assert.equal(answer.status, 403);
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
      assert.match(queryError(answer).message, NOT_YET);
    });

    it('the exact times in the skew message', async () => {
      const signed = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
      const answer = await send({ ...stsCall, signingDate: signed });
      const m = /^Signature expired: (\S+) is now earlier than (\S+) \((\S+) - 15 min\.\)$/.exec(queryError(answer).message)!;
      assert.equal(m[1], '20200102T030405Z');
      const parse = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
      assert.equal(parse(m[3]) - parse(m[2]), 15 * MINUTE);
      assert.ok(Math.abs(parse(m[3]) - Date.now()) < 5000);
    });

    it('an expired presigned URL (IAM GetRole): SignatureDoesNotMatch "Signature expired" 403', async () => {
      const answer = await send({
        service: 'iam',
        query: { Action: 'GetRole', Version: '2010-05-08', RoleName: 'presigned-reader' },
        presign: { expiresIn: 3600 },
        signingDate: new Date(Date.now() - 20 * MINUTE),
      });
      assert.equal(answer.status, 403);
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
      assert.match(queryError(answer).message, EXPIRED);
      assert.match(answer.body, /<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/">/);
    });

    it('an X-Amz-Expires out of bounds (negative, not a number, over a week): IncompleteSignature 400, before the signature', async () => {
      const url = new URL(server.url);
      const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') });
      const presigned = await signer.presign(
        new HttpRequest({ method: 'GET', hostname: url.hostname, port: Number(url.port), path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host } }),
        { expiresIn: 60 },
      );
      const cases: [string, string][] = [
        ['-1', 'X-Amz-Expires must be non-negative'],
        ['soon', 'X-Amz-Expires must be non-negative'],
        ['604801', 'X-Amz-Expires must be less than a week (in seconds) that is 604800'],
      ];
      for (const [expires, message] of cases) {
        const answer = await raw('GET', '/', { ...(presigned.query as Record<string, string>), 'X-Amz-Expires': expires }, {});
        assert.deepEqual([answer.status, queryError(answer).code, queryError(answer).message], [400, 'IncompleteSignature', message], expires);
      }
    });

    it('a tampered presigned URL: SignatureDoesNotMatch 403', async () => {
      const url = new URL(server.url);
      const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, region: 'us-east-1', service: 'iam', sha256: Hash.bind(null, 'sha256') });
      const presigned = await signer.presign(
        new HttpRequest({ method: 'GET', hostname: url.hostname, port: Number(url.port), path: '/', query: { Action: 'GetRole', Version: '2010-05-08', RoleName: 'presigned-reader' }, headers: { host } }),
        { expiresIn: 60 },
      );
      const answer = await raw('GET', '/', { ...(presigned.query as Record<string, string>), RoleName: 'someone-else' }, {});
      assert.equal(queryError(answer).code, 'SignatureDoesNotMatch');
      assert.equal(queryError(answer).message, SIGNATURE_MISMATCH);
    });
  });

  describe('refuses what AWS refuses about the host and the session token, in both protocols', () => {
    const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    const INVALID_TOKEN = 'The security token included in the request is invalid.';
    const stsPresigned = { service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } };
    /** Each case: how the request is signed; the answer expected from STS (Query) and from AppIntegrations (REST-JSON). */
    const cases: { name: string; spec: () => Partial<RequestSpec>; presigned?: boolean; query: [number, string, string]; json: [number, string, string] }[] = [
      {
        name: 'a signature that leaves the host out (Authorization header), sent with another Host',
        spec: () => ({ unsignedHeaders: ['host'], sendHost: 'attacker.example:80' }),
        query: [403, 'SignatureDoesNotMatch', HOST_NOT_SIGNED],
        json: [403, 'InvalidSignatureException', HOST_NOT_SIGNED],
      },
      {
        name: 'a signature that leaves the host out (Authorization header), sent with the server\'s own Host',
        spec: () => ({ unsignedHeaders: ['host'] }),
        query: [403, 'SignatureDoesNotMatch', HOST_NOT_SIGNED],
        json: [403, 'InvalidSignatureException', HOST_NOT_SIGNED],
      },
      {
        name: 'a presigned URL that leaves the host out (it signs another header)',
        presigned: true,
        spec: () => ({ headers: { 'x-linkedrole-test': '1' }, unsignedHeaders: ['host'], presign: { expiresIn: 300 } }),
        query: [403, 'SignatureDoesNotMatch', HOST_NOT_SIGNED],
        json: [403, 'InvalidSignatureException', HOST_NOT_SIGNED],
      },
      {
        name: "the root's long-term key with an X-Amz-Security-Token header",
        spec: () => ({ sessionToken: 'FwoGZXIvYXdzEMadeUpToken' }),
        query: [403, 'InvalidClientTokenId', INVALID_TOKEN],
        json: [403, 'UnrecognizedClientException', INVALID_TOKEN],
      },
      {
        name: "an IAM user's long-term access key with an X-Amz-Security-Token header",
        spec: () => ({ ...userKey, sessionToken: 'FwoGZXIvYXdzEMadeUpToken' }),
        query: [403, 'InvalidClientTokenId', INVALID_TOKEN],
        json: [403, 'UnrecognizedClientException', INVALID_TOKEN],
      },
      {
        name: "an IAM user's long-term access key with X-Amz-Security-Token in a presigned URL",
        presigned: true,
        spec: () => ({ ...userKey, sessionToken: 'FwoGZXIvYXdzEMadeUpToken', presign: { expiresIn: 300 } }),
        query: [403, 'InvalidClientTokenId', INVALID_TOKEN],
        json: [403, 'UnrecognizedClientException', INVALID_TOKEN],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.query[1]} (STS) / ${c.json[1]} (AppIntegrations), ${c.query[0]}`, async () => {
        const spec = c.spec();
        const sts = await send(c.presigned ? { ...stsPresigned, ...spec } : { ...stsCall, ...spec, headers: { ...stsCall.headers, ...spec.headers } });
        const stsError = queryError(sts);
        assert.deepEqual([sts.status, stsError.code, stsError.message], c.query, sts.body);
        const json = await send({ ...appIntegrationsCall, ...spec });
        assert.deepEqual([json.status, ...Object.values(jsonError(json))], c.json, json.body);
      });
    }

    it('the same requests signed over the host, without a token, are accepted (the cases above differ only in that)', async () => {
      assert.equal((await send(stsCall)).status, 200);
      assert.equal((await send({ ...stsPresigned, headers: { 'x-linkedrole-test': '1' }, presign: { expiresIn: 300 } })).status, 200);
      assert.equal((await send({ ...stsCall, ...userKey })).status, 200);
      assert.equal((await send({ ...stsPresigned, ...userKey, presign: { expiresIn: 300 } })).status, 200);
      assert.equal((await send({ ...appIntegrationsCall, ...userKey })).status, 403, 'authenticated: the user has no policy, so AccessDenied');
      assert.equal(jsonError(await send({ ...appIntegrationsCall, ...userKey })).code, 'AccessDeniedException');
    });

    it('a signature over the host is good only for the Host it was signed for', async () => {
      const answer = await send({ ...stsCall, sendHost: 'attacker.example:80' });
      assert.equal(answer.status, 403);
      assert.deepEqual(queryError(answer).code, 'SignatureDoesNotMatch');
      assert.equal(queryError(answer).message, SIGNATURE_MISMATCH);
    });
  });

  describe('refuses, in the JSON protocols (AppIntegrations REST-JSON, CloudTrail JSON 1.1)', () => {
    it('a wrong signature: InvalidSignatureException 403', async () => {
      const answer = await send({ ...appIntegrationsCall, secretAccessKey: 'not-the-secret' });
      assert.equal(answer.status, 403);
      assert.deepEqual(jsonError(answer), { code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
      const cloudTrail = new CloudTrailClient(server.clientConfig({ secretAccessKey: 'not-the-secret' }));
      await assert.rejects(cloudTrail.send(new LookupEventsCommand({})), { name: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
      cloudTrail.destroy();
    });

    it('an unknown access key: UnrecognizedClientException 403', async () => {
      const answer = await send({ ...appIntegrationsCall, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
      assert.equal(answer.status, 403);
      assert.deepEqual(jsonError(answer), { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    });

    it('no signature at all: MissingAuthenticationTokenException 403', async () => {
      const answer = await raw('GET', '/dataIntegrations', {}, {});
      assert.equal(answer.status, 403);
      assert.deepEqual(jsonError(answer), { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    });

    it('an incomplete Authorization header: IncompleteSignatureException 400', async () => {
      const authorization = 'AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc';
      const answer = await raw('GET', '/dataIntegrations', {}, { authorization, 'x-amz-date': '20260101T000000Z' });
      assert.equal(answer.status, 400);
      assert.deepEqual(jsonError(answer), { code: 'IncompleteSignatureException', message: `Authorization header requires 'Credential' parameter. Authorization=${authorization}` });
    });

    it('a clock skew over 15 minutes, past and future: InvalidSignatureException 403', async () => {
      const past = await send({ ...appIntegrationsCall, signingDate: new Date(Date.now() - 16 * MINUTE) });
      assert.equal(past.status, 403);
      assert.equal(jsonError(past).code, 'InvalidSignatureException');
      assert.match(jsonError(past).message, EXPIRED);
      const future = await send({ ...appIntegrationsCall, signingDate: new Date(Date.now() + 16 * MINUTE) });
      assert.equal(jsonError(future).code, 'InvalidSignatureException');
      assert.match(jsonError(future).message, NOT_YET);
    });

    it('an expired presigned URL: InvalidSignatureException 403', async () => {
      const answer = await send({ ...appIntegrationsCall, presign: { expiresIn: 3600 }, signingDate: new Date(Date.now() - 30 * MINUTE) });
      assert.equal(answer.status, 403);
      assert.equal(jsonError(answer).code, 'InvalidSignatureException');
      assert.match(jsonError(answer).message, EXPIRED);
    });

    it('CloudTrail (JSON 1.1) names the error in __type as well', async () => {
      const answer = await send({
        service: 'cloudtrail',
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' },
        body: '{}',
        signingDate: new Date(Date.now() - 20 * MINUTE),
      });
      assert.equal(answer.status, 403);
      const body = JSON.parse(answer.body) as { __type: string; message: string };
      assert.equal(body.__type, 'InvalidSignatureException');
      assert.match(body.message, EXPIRED);
    });
  });
});
