// Property-based fuzzing of the Query protocol (IAM, STS) through the running server: random and
// partial form bodies, Action names, member paths with huge or odd indices (Tags.member.999999.Key),
// invalid percent-encoding and UTF-8, repeated parameters. Every answer is either a success or an
// AWS-shaped 4xx error, never a 5xx; a refused call changes nothing; the server stays up.
import fc from 'fast-check';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.js';
import { assertAlive, assertAnswer, assertQueryError, fcOptions, send, sign, stateDigest } from './support.js';

const ACTIONS = [
  'CreateRole', 'GetRole', 'DeleteRole', 'ListRoles', 'UpdateRole', 'UpdateRoleDescription', 'TagRole', 'UntagRole', 'ListRoleTags',
  'PutRolePolicy', 'GetRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies', 'AttachRolePolicy', 'DetachRolePolicy', 'ListAttachedRolePolicies',
  'CreateServiceLinkedRole', 'DeleteServiceLinkedRole', 'GetServiceLinkedRoleDeletionStatus', 'UpdateAssumeRolePolicy', 'GetPolicy',
  'GetPolicyVersion', 'ListPolicies', 'SimulateCustomPolicy', 'SimulatePrincipalPolicy', 'PutRolePermissionsBoundary',
];
const MEMBERS = [
  'RoleName', 'Path', 'PathPrefix', 'Description', 'MaxSessionDuration', 'AssumeRolePolicyDocument', 'PolicyDocument', 'PolicyName', 'PolicyArn',
  'AWSServiceName', 'CustomSuffix', 'Marker', 'MaxItems', 'DeletionTaskId', 'VersionId', 'Scope', 'OnlyAttached', 'PermissionsBoundary',
  'PolicyInputList', 'ActionNames', 'ResourceArns', 'ContextEntries', 'PolicySourceArn', 'Tags', 'TagKeys',
];
const index = fc.oneof(
  fc.constantFrom('0', '1', '2', '51', '999999', '2147483648', '9007199254740993', '1e3', '-1', '', 'x', '01', ' 1', '1.5'),
  fc.integer({ min: 1, max: 60 }).map(String),
);
const memberPath = fc.oneof(
  fc.constantFrom(...MEMBERS),
  fc.tuple(fc.constantFrom('Tags', 'TagKeys', 'PolicyInputList', 'ActionNames', 'ResourceArns', 'ContextEntries', 'RoleName', 'Description'), fc.constantFrom('member', 'Member', 'entry', ''), index, fc.constantFrom('', '.Key', '.Value', '.ContextKeyName', '.ContextKeyValues.member.1', '.x.y.z', '..'))
    .map(([m, kind, i, tail]) => [m, kind, i].filter((p) => p !== '').join('.') + tail),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const value = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('', 'role', 'a'.repeat(65), 'a'.repeat(2000), '-1', '0', '1001', '99999999999999999999', 'NaN', 'true', '{}', '[]', '{"Version":"2012-10-17"}', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'app-integrations.amazonaws.com', '/', '//', '/a/'),
  fc.json({ maxDepth: 3 }),
);

/** A form body with some raw bytes: invalid percent-encoding, invalid UTF-8, stray separators. */
const formBody = fc
  .record({
    action: fc.oneof(fc.constantFrom(...ACTIONS), fc.string({ maxLength: 20 }), fc.constant(undefined)),
    version: fc.constantFrom('2010-05-08', '2010-05-08', '2011-06-15', '', undefined),
    params: fc.array(fc.tuple(memberPath, value), { maxLength: 12 }),
    garbage: fc.array(fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4', '%C3', '%FF%FE', '&&', '=', '==', '+', '%00', '&Action=ListRoles', '&Action='), { maxLength: 3 }),
    rawBytes: fc.array(fc.constantFrom(0xff, 0xfe, 0xc3, 0x80, 0xed, 0xa0, 0x00), { maxLength: 4 }),
  })
  .map(({ action, version, params, garbage, rawBytes }) => {
    const pairs: string[] = [];
    if (action !== undefined) pairs.push(`Action=${encodeURIComponent(action)}`);
    if (version !== undefined) pairs.push(`Version=${version}`);
    for (const [k, v] of params) pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    const text = pairs.join('&') + garbage.join('');
    return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from(rawBytes)]);
  });

describe('fuzzing the Query protocol (IAM)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  async function check(body: Buffer, service = 'iam', path = '/'): Promise<void> {
    const before = await stateDigest(server);
    const req = await sign(server, { method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }, { service });
    const answer = await send(server, req);
    const context = `${service} ${JSON.stringify(body.toString('latin1').slice(0, 300))}`;
    assertAnswer(answer, 'query', context);
    if (answer.status >= 400) {
      const after = await stateDigest(server);
      if (after !== before) throw new Error(`${context}: refused (${answer.status}) but the state changed`);
    }
  }

  it('random form bodies: a success or an AWS-shaped 4xx, never a 5xx; refused calls change nothing', async () => {
    await fc.assert(fc.asyncProperty(formBody, (body) => check(body)), fcOptions);
    await assertAlive(server);
  });

  it('every member of a real action with random values and repeated parameters', async () => {
    const actionCall = fc.record({
      action: fc.constantFrom(...ACTIONS),
      params: fc.array(fc.tuple(fc.constantFrom(...MEMBERS, 'Tags.member.1.Key', 'Tags.member.1.Value', 'Tags.member.2.Key', 'TagKeys.member.1', 'ActionNames.member.1', 'PolicyInputList.member.1'), value), { maxLength: 8 }),
      repeat: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(actionCall, ({ action, params, repeat }) => {
        const all = repeat ? [...params, ...params] : params;
        const body = [`Action=${action}`, 'Version=2010-05-08', ...all.map(([k, v]) => `${k}=${encodeURIComponent(v)}`)].join('&');
        return check(Buffer.from(body));
      }),
      fcOptions,
    );
    await assertAlive(server);
  });

  it('STS: random form bodies', async () => {
    const sts = formBody.map((b) => Buffer.concat([Buffer.from('Action=AssumeRole&Version=2011-06-15&'), b]));
    await fc.assert(fc.asyncProperty(sts, (body) => check(body, 'sts')), { ...fcOptions, numRuns: Math.ceil(fcOptions.numRuns / 2) });
    await assertAlive(server);
  });

  it('parameters in the query string too, and an unknown or missing Action', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.constantFrom('', '%ZZ', '%E0%A4%A', 'Action=', 'Action=%FF'), async (action, junk) => {
        const req = await sign(server, { method: 'POST', path: `/?${junk}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=${encodeURIComponent(action)}&Version=2010-05-08` }, { service: 'iam' });
        const answer = await send(server, req);
        if (!(action in Object.fromEntries(ACTIONS.map((a) => [a, 1]))) || answer.status >= 400) assertAnswer(answer, 'query', `Action=${action} ${junk}`);
        if (!ACTIONS.includes(action) && answer.status >= 400) assertQueryError(answer, action);
      }),
      fcOptions,
    );
    await assertAlive(server);
  });
});
