// AWS's policy evaluation logic, one rule per case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, explain, type AuthorizationRequest, type EvalDecision, type PolicyInput, type PolicyKind } from '../../src/policy/index.js';
import { compiled } from './support/helpers.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app/AppRole`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/worker`;
const OTHER_USER = `arn:aws:iam::${OTHER}:user/bob`;
const BUCKET_KEY = 'arn:aws:s3:::bucket/key';
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`;

function input(effect: 'Allow' | 'Deny', kind: PolicyKind = 'identity', extra: Record<string, unknown> = {}): PolicyInput {
  const statement = { Effect: effect, Action: 'sqs:SendMessage', Resource: '*', ...extra };
  return { policy: compiled({ Version: '2012-10-17', Statement: [statement] }, kind), id: `${kind}-${effect}` };
}
const allow = (kind: PolicyKind = 'identity', extra = {}) => input('Allow', kind, extra);
const deny = (kind: PolicyKind = 'identity', extra = {}) => input('Deny', kind, extra);
const resourcePolicy = (effect: 'Allow' | 'Deny', principal: unknown) => input(effect, 'resource', { Principal: principal });
const otherAction = (kind: PolicyKind = 'identity') => ({
  policy: compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }] }, kind),
});

const base = (principal: string, extra: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  principal,
  action: 'sqs:SendMessage',
  resource: QUEUE,
  ...extra,
});

const cases: [string, AuthorizationRequest, EvalDecision][] = [
  ['no policy at all: implicit deny', base(USER), 'implicitDeny'],
  ['an identity allow', base(USER, { identityPolicies: [allow()] }), 'allowed'],
  ['an identity allow for another action', base(USER, { identityPolicies: [otherAction()] }), 'implicitDeny'],
  ['an explicit deny beats an allow in the same policy set', base(USER, { identityPolicies: [allow(), deny()] }), 'explicitDeny'],
  ['an explicit deny in the resource policy beats an identity allow', base(USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Deny', '*') }), 'explicitDeny'],
  ['a resource-policy deny for another principal does not apply', base(USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Deny', { AWS: OTHER_USER }) }), 'allowed'],
  ['a resource-policy deny naming the account applies', base(USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Deny', { AWS: ACCOUNT }) }), 'explicitDeny'],
  ['an explicit deny in a permissions boundary', base(USER, { identityPolicies: [allow()], permissionsBoundaries: [allow('boundary'), deny('boundary')] }), 'explicitDeny'],
  ['an explicit deny in a session policy', base(SESSION, { identityPolicies: [allow()], sessionPolicy: deny('session') }), 'explicitDeny'],
  ['an explicit deny in an SCP', base(USER, { identityPolicies: [allow()], serviceControlPolicies: [[allow('scp'), deny('scp')]] }), 'explicitDeny'],
  // SCPs: every level must allow.
  ['SCPs that allow at every level', base(USER, { identityPolicies: [allow()], serviceControlPolicies: [[allow('scp')], [allow('scp')]] }), 'allowed'],
  ['an SCP level without an allow', base(USER, { identityPolicies: [allow()], serviceControlPolicies: [[allow('scp')], [otherAction('scp')]] }), 'implicitDeny'],
  ['an SCP level with no policy at all', base(USER, { identityPolicies: [allow()], serviceControlPolicies: [[allow('scp')], []] }), 'implicitDeny'],
  ['SCPs do not apply to service-linked roles', base(SESSION, { identityPolicies: [allow()], serviceControlPolicies: [[deny('scp')], [otherAction('scp')]], isServiceLinkedRole: true }), 'allowed'],
  ['an SCP allow alone grants nothing', base(USER, { serviceControlPolicies: [[allow('scp')]] }), 'implicitDeny'],
  // Same account: a resource policy naming the principal suffices.
  ['same account: a resource-policy allow naming the user, no identity policy', base(USER, { resourcePolicy: resourcePolicy('Allow', { AWS: USER }) }), 'allowed'],
  ['same account: a resource-policy allow for *', base(USER, { resourcePolicy: resourcePolicy('Allow', '*') }), 'allowed'],
  ['same account: a resource-policy allow naming the session', base(SESSION, { resourcePolicy: resourcePolicy('Allow', { AWS: SESSION }) }), 'allowed'],
  ["same account: a resource-policy allow naming the session's role", base(SESSION, { resourcePolicy: resourcePolicy('Allow', { AWS: ROLE }) }), 'allowed'],
  ['same account: a resource-policy allow naming only the account delegates to IAM policies', base(USER, { resourcePolicy: resourcePolicy('Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` }) }), 'implicitDeny'],
  ['same account: the account delegation plus an identity allow', base(USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Allow', { AWS: ACCOUNT }) }), 'allowed'],
  ['same account: a resource-policy allow for another principal', base(USER, { resourcePolicy: resourcePolicy('Allow', { AWS: OTHER_USER }) }), 'implicitDeny'],
  // Permissions boundaries.
  ['a boundary that allows too', base(USER, { identityPolicies: [allow()], permissionsBoundaries: [allow('boundary')] }), 'allowed'],
  ['a boundary that does not allow limits an identity allow', base(USER, { identityPolicies: [allow()], permissionsBoundaries: [otherAction('boundary')] }), 'implicitDeny'],
  ['a boundary allow alone grants nothing', base(USER, { permissionsBoundaries: [allow('boundary')] }), 'implicitDeny'],
  ['a resource policy naming the user is not limited by the boundary', base(USER, { permissionsBoundaries: [otherAction('boundary')], resourcePolicy: resourcePolicy('Allow', { AWS: USER }) }), 'allowed'],
  ['a resource policy naming the session is not limited by the boundary', base(SESSION, { permissionsBoundaries: [otherAction('boundary')], resourcePolicy: resourcePolicy('Allow', { AWS: SESSION }) }), 'allowed'],
  ["a resource policy naming the session's role is limited by the boundary", base(SESSION, { permissionsBoundaries: [otherAction('boundary')], resourcePolicy: resourcePolicy('Allow', { AWS: ROLE }) }), 'implicitDeny'],
  ["a resource policy naming the session's role, within the boundary", base(SESSION, { permissionsBoundaries: [allow('boundary')], resourcePolicy: resourcePolicy('Allow', { AWS: ROLE }) }), 'allowed'],
  ['a Deny with NotPrincipal always denies a principal with a boundary', base(USER, { identityPolicies: [allow()], permissionsBoundaries: [allow('boundary')], resourcePolicy: input('Deny', 'resource', { NotPrincipal: { AWS: USER } }) }), 'explicitDeny'],
  ['a Deny with NotPrincipal naming the principal does not deny it (no boundary)', base(USER, { identityPolicies: [allow()], resourcePolicy: input('Deny', 'resource', { NotPrincipal: { AWS: USER } }) }), 'allowed'],
  ['a Deny with NotPrincipal not naming the principal denies it', base(USER, { identityPolicies: [allow()], resourcePolicy: input('Deny', 'resource', { NotPrincipal: { AWS: OTHER_USER } }) }), 'explicitDeny'],
  // Session policies.
  ['a session policy that allows too', base(SESSION, { identityPolicies: [allow()], sessionPolicy: allow('session') }), 'allowed'],
  ['a session policy that does not allow limits an identity allow', base(SESSION, { identityPolicies: [allow()], sessionPolicy: otherAction('session') }), 'implicitDeny'],
  ['a session policy allow alone grants nothing', base(SESSION, { sessionPolicy: allow('session') }), 'implicitDeny'],
  ['a resource policy naming the session is not limited by the session policy', base(SESSION, { sessionPolicy: otherAction('session'), resourcePolicy: resourcePolicy('Allow', { AWS: SESSION }) }), 'allowed'],
  ["a resource policy naming the session's role is limited by the session policy", base(SESSION, { sessionPolicy: otherAction('session'), resourcePolicy: resourcePolicy('Allow', { AWS: ROLE }) }), 'implicitDeny'],
  // Cross account: both sides must allow.
  ['cross account: identity allow only', base(OTHER_USER, { identityPolicies: [allow()] }), 'implicitDeny'],
  ['cross account: resource-policy allow naming the principal only', base(OTHER_USER, { resourcePolicy: resourcePolicy('Allow', { AWS: OTHER_USER }) }), 'implicitDeny'],
  ['cross account: both allow', base(OTHER_USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Allow', { AWS: OTHER_USER }) }), 'allowed'],
  ["cross account: both allow, the resource policy naming the principal's account", base(OTHER_USER, { identityPolicies: [allow()], resourcePolicy: resourcePolicy('Allow', { AWS: OTHER }) }), 'allowed'],
  ['cross account: both allow, but the boundary does not', base(OTHER_USER, { identityPolicies: [allow()], permissionsBoundaries: [otherAction('boundary')], resourcePolicy: resourcePolicy('Allow', '*') }), 'implicitDeny'],
  ['cross account: the resource account given explicitly', base(USER, { resource: BUCKET_KEY, resourceAccount: OTHER, identityPolicies: [allow()] }), 'implicitDeny'],
  ['a resource without an account is in the principal account', base(USER, { resource: BUCKET_KEY, identityPolicies: [allow()] }), 'allowed'],
  // Service principals act only through resource policies.
  ['a service principal named by a resource policy', base('sns.amazonaws.com', { resourcePolicy: resourcePolicy('Allow', { Service: 'sns.amazonaws.com' }) }), 'allowed'],
  ['a service principal not named', base('sns.amazonaws.com', { resourcePolicy: resourcePolicy('Allow', { Service: 'events.amazonaws.com' }) }), 'implicitDeny'],
  ['a service principal with only identity policies', base('sns.amazonaws.com', { identityPolicies: [allow()] }), 'implicitDeny'],
];

describe('Policy evaluation logic', () => {
  for (const [name, request, expected] of cases) {
    test(name, () => {
      assert.equal(evaluate(request).decision, expected);
      const explained = explain(request);
      assert.equal(explained.decision, expected, 'explain() must decide as evaluate() does');
      assert.match(explained.explanation, new RegExp(`^Decision: ${expected}`));
    });
  }

  test('matchedStatements: the denies for explicitDeny, the allows for allowed, none for implicitDeny', () => {
    const denied = evaluate(base(USER, { identityPolicies: [allow(), deny()] }));
    assert.deepEqual(denied.matchedStatements.map((s) => [s.effect, s.policyId]), [['Deny', 'identity-Deny']]);
    const allowed = evaluate(base(USER, { identityPolicies: [allow(), otherAction()], permissionsBoundaries: [allow('boundary')] }));
    assert.deepEqual(allowed.matchedStatements.map((s) => [s.source, s.policyId]), [['identity', 'identity-Allow'], ['boundary', 'boundary-Allow']]);
    assert.equal(allowed.boundaryAllowed, true);
    assert.deepEqual(evaluate(base(USER)).matchedStatements, []);
  });

  test('evaluate() explains nothing; explain() says why', () => {
    const request = base(USER, { identityPolicies: [allow()], permissionsBoundaries: [otherAction('boundary')] });
    const fast = evaluate(request);
    assert.equal(fast.explanation, '');
    assert.deepEqual(fast.unmatchedStatements, []);
    const slow = explain(request);
    assert.match(slow.explanation, /permissions boundary does not/);
    assert.deepEqual(slow.unmatchedStatements.map((s) => [s.source, s.reason]), [['boundary', 'action']]);
    assert.equal(slow.boundaryAllowed, false);
  });
});

describe('KMS key policies', () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`;
  const kmsAllow = () => ({ policy: compiled({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }) });
  const keyPolicy = (principal: unknown) => ({
    policy: compiled({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] }, 'resource'),
  });
  const request = (extra: Partial<AuthorizationRequest>): AuthorizationRequest => ({ principal: USER, action: 'kms:Decrypt', resource: KEY, ...extra });
  test('IAM policies count when the key policy delegates to the account', () => {
    assert.equal(evaluate(request({ identityPolicies: [kmsAllow()], resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) })).decision, 'allowed');
  });
  test('IAM policies do not count when the key policy does not delegate', () => {
    assert.equal(evaluate(request({ identityPolicies: [kmsAllow()], resourcePolicy: keyPolicy({ AWS: OTHER_USER }) })).decision, 'implicitDeny');
  });
  test('a key policy naming the user suffices on its own', () => {
    assert.equal(evaluate(request({ resourcePolicy: keyPolicy({ AWS: USER }) })).decision, 'allowed');
  });
  test('without a key policy, the default key policy (delegating to the account) is assumed', () => {
    assert.equal(evaluate(request({ identityPolicies: [kmsAllow()] })).decision, 'allowed');
  });
});
