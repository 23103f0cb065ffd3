// The protocols' wire, byte for byte: each protocol's error format (Query's ErrorResponse, REST-JSON's
// x-amzn-ErrorType and message member, JSON 1.1's __type), the dialect each names a refusal in (a wrong
// signature, no signature, an access denial, a broken constraint, no such operation), and which protocol
// answers before the service is known or the caller authenticated (the request's shape, then the service's;
// a Query-shaped request keeps Query's words until it is authenticated). Raw requests, signed with the SDK's
// signer, against the real server.
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { send, sign, type RawAnswer, type RawRequest } from '../fuzz/support.js';
import { startTestServer, type TestServer } from '../support/server.js';

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const SERVES = 'iam, sts, cloudtrail, app-integrations, appflow, linkedrole-connect, lex, access-analyzer';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const JSON_1_1 = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}${operation}` });
const REST = { 'content-type': 'application/json' };

/** Query's error, with RID standing for the answer's request id. */
const queryError = (namespace: string, code: string, message: string) =>
  `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>RID</RequestId></ErrorResponse>`;

interface Case {
  name: string;
  request: RawRequest;
  /** The signing name; none: the request goes unsigned. */
  service?: string;
  /** Sign with a wrong secret (a signature mismatch); as the IAM user with no policy. */
  signer?: 'wrong-secret' | 'user';
  status: number;
  contentType: string;
  /** x-amzn-ErrorType, when the protocol sends it. */
  errorType?: string;
  body: string;
}

const CASES: Case[] = [
  // Before the service is known: the request's shape names the protocol.
  { name: 'no signature, a form body: Query', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=ListRoles' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'MissingAuthenticationToken', 'Request is missing Authentication Token') },
  { name: 'no signature, Action in the query string: Query', request: { method: 'GET', path: '/?Action=ListRoles' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'MissingAuthenticationToken', 'Request is missing Authentication Token') },
  { name: 'no signature, X-Amz-Target: JSON 1.1', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '{}' }, status: 403, contentType: 'application/x-amz-json-1.1', errorType: 'MissingAuthenticationTokenException', body: '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}' },
  { name: 'no signature, no other mark: REST-JSON', request: { method: 'GET', path: '/bots/' }, status: 403, contentType: 'application/json', errorType: 'MissingAuthenticationTokenException', body: '{"message":"Missing Authentication Token"}' },
  { name: 'an unknown signing name, a form body: Query', service: 'nope', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=ListRoles' }, status: 400, contentType: 'text/xml', body: queryError(IAM_NS, 'UnknownService', `linkedrole does not serve &apos;nope&apos; (it serves: ${SERVES})`) },
  { name: 'an unknown signing name, X-Amz-Target: JSON 1.1', service: 'nope', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '{}' }, status: 400, contentType: 'application/x-amz-json-1.1', errorType: 'UnknownService', body: `{"__type":"UnknownService","message":"linkedrole does not serve 'nope' (it serves: ${SERVES})"}` },
  { name: 'an unknown signing name, no other mark: REST-JSON', service: 'nope', request: { method: 'GET', path: '/x' }, status: 400, contentType: 'application/json', errorType: 'UnknownService', body: `{"message":"linkedrole does not serve 'nope' (it serves: ${SERVES})"}` },
  // Known service, caller not authenticated: the service's protocol, but a Query-shaped request keeps Query's words.
  { name: 'IAM, a wrong signature', service: 'iam', signer: 'wrong-secret', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=ListRoles&Version=2010-05-08' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'SignatureDoesNotMatch', MISMATCH) },
  { name: "STS, a wrong signature: STS's namespace", service: 'sts', signer: 'wrong-secret', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, status: 403, contentType: 'text/xml', body: queryError(STS_NS, 'SignatureDoesNotMatch', MISMATCH) },
  { name: 'IAM, X-Amz-Target and a wrong signature: IAM speaks Query', service: 'iam', signer: 'wrong-secret', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '{}' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'SignatureDoesNotMatch', MISMATCH) },
  { name: 'AppIntegrations, a form body and a wrong signature: still Query (meant for IAM or STS)', service: 'app-integrations', signer: 'wrong-secret', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'SignatureDoesNotMatch', MISMATCH) },
  { name: 'AppIntegrations, a form body, authenticated: REST-JSON', service: 'app-integrations', request: { method: 'POST', path: '/dataIntegrations', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }, status: 400, contentType: 'application/json', errorType: 'SerializationException', body: '{"message":"Could not parse request body into json: Unexpected character"}' },
  { name: 'Lex, X-Amz-Target and a wrong signature: REST-JSON, no __type', service: 'lex', signer: 'wrong-secret', request: { method: 'POST', path: '/bots/', headers: JSON_1_1('LookupEvents'), body: '{}' }, status: 403, contentType: 'application/json', errorType: 'InvalidSignatureException', body: `{"message":"${MISMATCH}"}` },
  { name: 'CloudTrail, no X-Amz-Target and a wrong signature: JSON 1.1', service: 'cloudtrail', signer: 'wrong-secret', request: { method: 'POST', path: '/', headers: REST, body: '{}' }, status: 403, contentType: 'application/x-amz-json-1.1', errorType: 'InvalidSignatureException', body: `{"__type":"InvalidSignatureException","message":"${MISMATCH}"}` },
  // No such operation.
  { name: 'IAM, an Action it does not have', service: 'iam', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=NoSuchThing&Version=2010-05-08' }, status: 400, contentType: 'text/xml', body: queryError(IAM_NS, 'InvalidAction', 'Could not find operation NoSuchThing for version 2010-05-08') },
  { name: "IAM, an Action named after Object.prototype's toString", service: 'iam', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=toString&Version=2010-05-08' }, status: 400, contentType: 'text/xml', body: queryError(IAM_NS, 'InvalidAction', 'Could not find operation toString for version 2010-05-08') },
  { name: 'IAM, no Action', service: 'iam', request: { method: 'POST', path: '/', headers: FORM, body: 'Version=2010-05-08' }, status: 400, contentType: 'text/xml', body: queryError(IAM_NS, 'MissingAction', 'Missing Action') },
  { name: 'AppIntegrations, a route it does not have: 404', service: 'app-integrations', request: { method: 'GET', path: '/nothing', headers: REST }, status: 404, contentType: 'application/json', errorType: 'UnknownOperationException', body: '{"message":"No operation matches GET /nothing"}' },
  { name: 'CloudTrail, a target it does not have: 400', service: 'cloudtrail', request: { method: 'POST', path: '/', headers: JSON_1_1('Nope'), body: '{}' }, status: 400, contentType: 'application/x-amz-json-1.1', errorType: 'UnknownOperationException', body: `{"__type":"UnknownOperationException","message":"Unknown operation ${TARGET}Nope"}` },
  // A broken constraint, a body that is no JSON object.
  { name: 'IAM, a constraint broken: ValidationError', service: 'iam', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=ListRoles&Version=2010-05-08&MaxItems=0' }, status: 400, contentType: 'text/xml', body: queryError(IAM_NS, 'ValidationError', '1 validation error detected: Value &apos;0&apos; at &apos;maxItems&apos; failed to satisfy constraint: Member must have value greater than or equal to 1') },
  { name: 'AppIntegrations, a constraint broken: ValidationException', service: 'app-integrations', request: { method: 'POST', path: '/dataIntegrations', headers: REST, body: '{"Name":"x"}' }, status: 400, contentType: 'application/json', errorType: 'ValidationException', body: '{"message":"1 validation error detected: Value null at \'kmsKey\' failed to satisfy constraint: Member must not be null"}' },
  { name: 'CloudTrail, a constraint broken: ValidationException in __type', service: 'cloudtrail', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '{"MaxResults":0}' }, status: 400, contentType: 'application/x-amz-json-1.1', errorType: 'ValidationException', body: '{"__type":"ValidationException","message":"1 validation error detected: Value \'0\' at \'maxResults\' failed to satisfy constraint: Member must have value greater than or equal to 1"}' },
  { name: 'CloudTrail, a body that is a JSON array', service: 'cloudtrail', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '[1]' }, status: 400, contentType: 'application/x-amz-json-1.1', errorType: 'SerializationException', body: '{"__type":"SerializationException","message":"Start of structure or map found where not expected."}' },
  // An access denial, in each protocol (the message member as each error shape names it: AppIntegrations' `Message`).
  { name: 'IAM, denied: AccessDenied', service: 'iam', signer: 'user', request: { method: 'POST', path: '/', headers: FORM, body: 'Action=ListRoles&Version=2010-05-08' }, status: 403, contentType: 'text/xml', body: queryError(IAM_NS, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/wire is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action') },
  { name: 'AppIntegrations, denied: AccessDeniedException with Message', service: 'app-integrations', signer: 'user', request: { method: 'GET', path: '/dataIntegrations', headers: REST }, status: 403, contentType: 'application/json', errorType: 'AccessDeniedException', body: '{"Message":"User: arn:aws:iam::123456789012:user/wire is not authorized to perform: app-integrations:ListDataIntegrations on resource: * because no identity-based policy allows the app-integrations:ListDataIntegrations action"}' },
  { name: 'Lex, denied: AccessDeniedException with message', service: 'lex', signer: 'user', request: { method: 'POST', path: '/bots/', headers: REST, body: '{}' }, status: 403, contentType: 'application/json', errorType: 'AccessDeniedException', body: '{"message":"User: arn:aws:iam::123456789012:user/wire is not authorized to perform: lex:ListBots on resource: * because no identity-based policy allows the lex:ListBots action"}' },
  { name: 'CloudTrail, denied: AccessDeniedException in __type', service: 'cloudtrail', signer: 'user', request: { method: 'POST', path: '/', headers: JSON_1_1('LookupEvents'), body: '{}' }, status: 403, contentType: 'application/x-amz-json-1.1', errorType: 'AccessDeniedException', body: '{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/wire is not authorized to perform: cloudtrail:LookupEvents on resource: * because no identity-based policy allows the cloudtrail:LookupEvents action"}' },
];

describe('protocols on the wire', () => {
  let server: TestServer;
  let user: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    server = await startTestServer();
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'wire' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'wire' }));
    user = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    iam.destroy();
  });
  after(() => server.stop());

  async function answer(c: Case): Promise<RawAnswer> {
    if (!c.service) return send(server, c.request);
    const credentials = c.signer === 'user' ? user : c.signer === 'wrong-secret' ? { secretAccessKey: 'wrong' } : {};
    return send(server, await sign(server, c.request, { service: c.service, ...credentials }));
  }

  for (const c of CASES) {
    it(`${c.name}: ${c.status} ${c.errorType ?? /<Code>([^<]+)/.exec(c.body)?.[1]}`, async () => {
      const got = await answer(c);
      const requestId = String(got.headers['x-amzn-requestid']);
      assert.equal(got.status, c.status, got.body);
      assert.equal(got.headers['content-type'], c.contentType);
      assert.equal(got.headers['x-amzn-errortype'], c.errorType);
      assert.equal(got.body, c.body.replace('RID', requestId));
    });
  }

  // Query's output as the AWS SDK's XML builder writes it: members in the order of the model file's shape, text escaped as its XmlText
  // escapes it (& " ' < > CR LF NEL LS), an element without children as <Name/>; and the SDK's parser reads it back.
  it('GetRole: the XML answer byte for byte, text escaped as the SDK escapes it', async () => {
    // What IAM's patterns let a description and a tag hold: the description the XML specials, CR and LF; a tag LS.
    const tricky = `a&b "q" 'a' <x> r\rn\n ü`;
    const tagValue = 'ls\u2028 ü';
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const iam = new IAMClient(server.clientConfig());
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: 'wire-xml', Path: '/p/', AssumeRolePolicyDocument: trust, Description: tricky, Tags: [{ Key: 'k=1', Value: tagValue }, { Key: 'empty', Value: '' }] }),
    );
    const read = await iam.send(new GetRoleCommand({ RoleName: 'wire-xml' }));
    assert.equal(read.Role?.Description, tricky);
    assert.deepEqual(read.Role?.Tags, [{ Key: 'k=1', Value: tagValue }, { Key: 'empty', Value: '' }]);
    iam.destroy();
    const got = await send(server, await sign(server, { method: 'POST', path: '/', headers: FORM, body: 'Action=GetRole&Version=2010-05-08&RoleName=wire-xml' }, { service: 'iam' }));
    const escaped = 'a&amp;b &quot;q&quot; &apos;a&apos; &lt;x&gt; r&#x0D;n&#x0A; ü';
    const role = created.Role!;
    assert.equal(
      got.body,
      `<GetRoleResponse xmlns="${IAM_NS}"><GetRoleResult><Role><Arn>arn:aws:iam::123456789012:role/p/wire-xml</Arn>` +
        `<AssumeRolePolicyDocument>${encodeURIComponent(trust)}</AssumeRolePolicyDocument>` +
        `<CreateDate>${role.CreateDate!.toISOString().replace(/\.\d{3}Z$/, 'Z')}</CreateDate><Description>${escaped}</Description>` +
        `<MaxSessionDuration>3600</MaxSessionDuration><Path>/p/</Path><RoleId>${role.RoleId}</RoleId><RoleLastUsed/><RoleName>wire-xml</RoleName>` +
        `<Tags><member><Key>k=1</Key><Value>ls&#x2028; ü</Value></member><member><Key>empty</Key><Value></Value></member></Tags></Role></GetRoleResult>` +
        `<ResponseMetadata><RequestId>${String(got.headers['x-amzn-requestid'])}</RequestId></ResponseMetadata></GetRoleResponse>`,
    );
  });
});
