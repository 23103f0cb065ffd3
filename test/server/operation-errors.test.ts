// The typed operation contract (src/aws/service.ts): runOperation hands authorize's state to handle, and checks every
// error an operation throws against the errors its model lists for it, the errors linkedrole answers beyond the model,
// and its protocol's common errors. The test runner sets LINKEDROLE_STRICT_ERRORS=1, so every error path the suite
// drives is checked; these cases show what the check accepts and refuses, over the served models.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AwsError, type ErrorFactory } from '../../src/aws/errors.js';
import * as cloudtrail from '../../src/aws/generated/cloudtrail.js';
import * as iam from '../../src/aws/generated/iam.js';
import * as lex from '../../src/aws/generated/lexv2-models.js';
import * as sts from '../../src/aws/generated/sts.js';
import { loadModel } from '../../src/aws/model.js';
import { runOperation, type AuthorizationTarget, type RequestContext, type ServiceApi } from '../../src/aws/service.js';

const ctx = { requestId: 'r', operation: 'x' } as RequestContext;
const target: AuthorizationTarget = { action: 'iam:GetRole', resource: '*' };

const apis: Record<'iam' | 'sts' | 'cloudtrail' | 'lex', Omit<ServiceApi, 'operations'>> = {
  iam: { signingName: 'iam', protocol: 'query', models: [loadModel('iam')] },
  sts: { signingName: 'sts', protocol: 'query', models: [loadModel('sts')] },
  cloudtrail: { signingName: 'cloudtrail', protocol: 'json', models: [loadModel('cloudtrail')] },
  lex: { signingName: 'lex', protocol: 'rest-json', models: [loadModel('lexv2-models')] },
};

/** An API of one served model whose `operation` throws `error` from its handle. */
function throwing(service: keyof typeof apis, operation: string, error: AwsError): ServiceApi {
  return {
    ...apis[service],
    operations: {
      [operation]: {
        authorize: () => [target],
        handle: () => {
          throw error;
        },
      },
    },
  };
}

// [service, operation, the error it throws, whether the check lets it through]
const cases: [keyof typeof apis, string, ErrorFactory, boolean][] = [
  ['iam', 'GetRole', iam.errors.NoSuchEntity, true],
  ['iam', 'GetRole', iam.errors.ServiceFailure, true],
  ['iam', 'GetRole', iam.errors.EntityAlreadyExists, false],
  ['iam', 'GetRole', iam.errors.InvalidInput, false],
  ['iam', 'GetRole', iam.commonErrors.AccessDenied, true],
  ['iam', 'GetRole', iam.commonErrors.ValidationError, true],
  ['iam', 'GetRole', cloudtrail.commonErrors.AccessDeniedException, false],
  ['iam', 'DeleteServiceLinkedRole', iam.errors.InvalidInput, true],
  ['iam', 'DeleteRole', iam.errors.InvalidInput, false],
  ['iam', 'ListUsers', iam.errors.InvalidInput, true],
  ['iam', 'ListUsers', iam.errors.NoSuchEntity, false],
  ['iam', 'CreateRole', iam.errors.PolicyNotAttachable, true],
  ['iam', 'AttachRolePolicy', iam.errors.PolicyNotAttachable, true],
  ['iam', 'DetachRolePolicy', iam.errors.PolicyNotAttachable, false],
  ['sts', 'AssumeRole', sts.errors.MalformedPolicyDocument, true],
  ['sts', 'AssumeRole', sts.commonErrors.InvalidParameterValue, true],
  ['sts', 'GetSessionToken', sts.errors.MalformedPolicyDocument, false],
  ['sts', 'AssumeRole', iam.errors.NoSuchEntity, false],
  ['cloudtrail', 'LookupEvents', cloudtrail.errors.InvalidNextTokenException, true],
  ['cloudtrail', 'LookupEvents', cloudtrail.errors.InvalidTrailNameException, false],
  ['cloudtrail', 'LookupEvents', cloudtrail.commonErrors.ValidationException, true],
  ['cloudtrail', 'LookupEvents', iam.commonErrors.AccessDenied, false],
  ['lex', 'DescribeBot', lex.errors.ResourceNotFoundException, true],
  ['lex', 'ListBotAliases', lex.errors.ResourceNotFoundException, true],
  ['lex', 'ListBots', lex.errors.ResourceNotFoundException, false],
  ['lex', 'CreateBot', lex.errors.ThrottlingException, true],
];

async function withStrict<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
  const before = process.env.LINKEDROLE_STRICT_ERRORS;
  if (value === undefined) delete process.env.LINKEDROLE_STRICT_ERRORS;
  else process.env.LINKEDROLE_STRICT_ERRORS = value;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.LINKEDROLE_STRICT_ERRORS;
    else process.env.LINKEDROLE_STRICT_ERRORS = before;
  }
}

describe('an operation throws only the errors its model lists', () => {
  it('the suite runs with the check strict (scripts/run-tests.mjs sets LINKEDROLE_STRICT_ERRORS=1)', () => {
    assert.equal(process.env.LINKEDROLE_STRICT_ERRORS, '1');
  });

  it('the strict check passes the listed, beyond-model and common errors, and refuses every other as our bug', async () => {
    await withStrict('1', async () => {
      for (const [service, operation, factory, passes] of cases) {
        const thrown = factory('the message');
        const error = await runOperation(throwing(service, operation, thrown), operation, {}, ctx, async () => {}).then(
          () => assert.fail('no error'),
          (e: unknown) => e,
        );
        const label = `${service}:${operation} throwing ${factory.code}`;
        if (passes) assert.equal(error, thrown, label);
        else {
          assert.ok(!(error instanceof AwsError), `${label} is refused`);
          assert.match((error as Error).message, new RegExp(`^${apis[service].signingName}:${operation} threw ${factory.code}, which its model does not list`), label);
        }
      }
    });
  });

  it('an error the authorizer throws (AccessDenied) is a common error', async () => {
    await withStrict('1', async () => {
      const api: ServiceApi = { ...apis.iam, operations: { GetRole: { authorize: () => [target], handle: () => ({}) } } };
      const denied = iam.commonErrors.AccessDenied('User: x is not authorized');
      await assert.rejects(
        runOperation(api, 'GetRole', {}, ctx, async () => {
          throw denied;
        }),
        (e) => e === denied,
      );
    });
  });

  it('outside the tests (no LINKEDROLE_STRICT_ERRORS) an unlisted error is answered as thrown', async () => {
    await withStrict(undefined, async () => {
      const thrown = iam.errors.EntityAlreadyExists('x');
      await assert.rejects(runOperation(throwing('iam', 'GetRole', thrown), 'GetRole', {}, ctx, async () => {}), (e) => e === thrown);
    });
  });
});

describe('the operation contract', () => {
  it('handle receives the state authorize returned, and the server checks the targets it named', async () => {
    const seen: unknown[] = [];
    const check = async (targets: AuthorizationTarget[]) => void seen.push(targets);
    const withState: ServiceApi = {
      ...apis.iam,
      operations: {
        GetRole: { authorize: () => ({ targets: [target], state: { role: 'R' } }), handle: (_input, _ctx, state) => ({ state }) },
        ListRoles: { authorize: async () => [target], handle: (_input, _ctx, state) => ({ state }) },
      },
    };
    assert.deepEqual(await runOperation(withState, 'GetRole', {}, ctx, check), { state: { role: 'R' } });
    assert.deepEqual(await runOperation(withState, 'ListRoles', {}, ctx, check), { state: undefined });
    assert.deepEqual(seen, [[target], [target]]);
  });

  it('a refused check stops the call before handle', async () => {
    let handled = false;
    const api: ServiceApi = {
      ...apis.iam,
      operations: { GetRole: { authorize: () => [target], handle: () => void (handled = true) } },
    };
    const denied = iam.commonErrors.AccessDenied('no');
    await assert.rejects(runOperation(api, 'GetRole', {}, ctx, async () => Promise.reject(denied)), (e) => e === denied);
    assert.equal(handled, false);
  });
});

describe('error factories', () => {
  // [factory, code, HTTP status, sender fault]: the model's (Query: error.code; JSON services without a status: 400).
  const facts: [ErrorFactory, string, number, boolean][] = [
    [iam.errors.NoSuchEntity, 'NoSuchEntity', 404, true],
    [iam.errors.EntityAlreadyExists, 'EntityAlreadyExists', 409, true],
    [iam.errors.LimitExceeded, 'LimitExceeded', 409, true],
    [iam.errors.ServiceFailure, 'ServiceFailure', 500, false],
    [iam.errors.UnmodifiableEntity, 'UnmodifiableEntity', 400, true],
    [sts.errors.MalformedPolicyDocument, 'MalformedPolicyDocument', 400, true],
    [sts.errors.RegionDisabledException, 'RegionDisabledException', 403, true],
    [sts.commonErrors.AccessDenied, 'AccessDenied', 403, true],
    [cloudtrail.errors.InvalidNextTokenException, 'InvalidNextTokenException', 400, true],
    [lex.errors.ResourceNotFoundException, 'ResourceNotFoundException', 404, true],
    [lex.errors.InternalServerException, 'InternalServerException', 500, false],
    [lex.errors.ThrottlingException, 'ThrottlingException', 429, true],
  ];

  it('build the AwsError with the model code, HTTP status and fault', () => {
    for (const [factory, code, status, senderFault] of facts) {
      const error = factory('text');
      assert.deepEqual([error.code, error.status, error.senderFault, error.message], [code, status, senderFault, 'text'], code);
      assert.ok(factory.is(error) && !factory.is(new AwsError(`${code}X`, 'text')), `${code}.is`);
    }
  });

  it('carry the error shape other members', () => {
    assert.deepEqual(lex.errors.ThrottlingException('slow down', { retryAfterSeconds: 5 }).fields, { retryAfterSeconds: 5 });
  });
});
