// What explain() says: the reason each statement did not apply, the missing context keys, the text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explain, type AuthorizationRequest } from '../../src/policy/index.js';
import { compiled, USER } from './support/helpers.js';

const request = (statements: object[], extra: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  principal: USER,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket/key',
  identityPolicies: [{ policy: compiled({ Version: '2012-10-17', Statement: statements }), id: 'UserPolicy' }],
  ...extra,
});
const statement = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const detailOf = (statements: object[], extra: Partial<AuthorizationRequest> = {}) => {
  const [unmatched] = explain(request(statements, extra)).unmatchedStatements;
  return unmatched && `${unmatched.reason}: ${unmatched.detail}`;
};

describe('explain()', () => {
  const cases: [string, object, Partial<AuthorizationRequest>, RegExp][] = [
    ['an action outside Action', { Action: 's3:PutObject' }, {}, /^action: action s3:GetObject is not matched by Action \["s3:PutObject"\]/],
    ['an action inside NotAction', { Action: undefined, NotAction: 's3:Get*' }, {}, /^action: action s3:GetObject is excluded by NotAction \["s3:Get\*"\]/],
    ['a resource outside Resource', { Resource: 'arn:aws:s3:::other/*' }, {}, /^resource: resource arn:aws:s3:::bucket\/key is not matched by Resource \["arn:aws:s3:::other\/\*"\]/],
    ['a resource with an unresolved variable', { Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/x}' }, {}, /after substituting policy variables/],
    ['a failing value', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }, { context: { 'aws:PrincipalTag/team': 'blue' } }, /^condition: StringEquals aws:PrincipalTag\/team: request value "blue" does not match \["red"\]/],
    ['a negated operator that matched', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } } }, { context: { 'aws:PrincipalTag/team': 'blue' } }, /StringNotEquals aws:PrincipalTag\/team: request value "blue" matches one of \["red","blue"\]/],
    ['an absent key', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, {}, /Bool aws:SecureTransport: the key is absent from the request context/],
    ['several values under a plain operator', { Condition: { StringEquals: { 'aws:TagKeys': 'a' } } }, { context: { 'aws:TagKeys': ['a', 'b'] } }, /several values \["a","b"\].*ForAllValues: or ForAnyValue:/],
    ['ForAnyValue with no matching value', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } } }, { context: { 'aws:TagKeys': ['b', 'c'] } }, /none of the request values \["b","c"\] satisfies \["a"\]/],
    ['Null', { Condition: { Null: { 'aws:TokenIssueTime': 'false' } } }, {}, /Null aws:TokenIssueTime: the key is absent, expected \["false"\]/],
    ['an unresolved variable in a condition value', { Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/other}' } } }, { context: { 'aws:PrincipalTag/team': 'x' } }, /unresolved policy variables in \["\$\{aws:PrincipalTag\/other\}"\]/],
    ['every failing condition, not only the first', { Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, { context: { 'aws:SourceIp': '192.168.0.1' } }, /Bool aws:SecureTransport.*; IpAddress aws:SourceIp: request value "192\.168\.0\.1"/],
  ];
  for (const [name, extra, requestExtra, expected] of cases) {
    test(name, () => assert.match(detailOf([statement(extra)], requestExtra) ?? '', expected));
  }

  test('a principal that a resource policy does not name', () => {
    const resourcePolicy = { policy: compiled({ Statement: [statement({ Principal: { AWS: 'arn:aws:iam::123456789012:user/bob' } })] }, 'resource') };
    const decision = explain({ principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', resourcePolicy });
    assert.equal(decision.unmatchedStatements[0].reason, 'principal');
    assert.equal(decision.unmatchedStatements[0].source, 'resource');
  });

  test('missing context values: keys and variables of the statements about the action', () => {
    const decision = explain(request([
      statement({ Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/dept}', Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }),
      statement({ Action: 's3:PutObject', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
    ], { context: { 'aws:ResourceTag/owner': 'alice' } }));
    // aws:username is known from the user ARN; aws:SecureTransport belongs to a statement for another action.
    assert.deepEqual(decision.missingContextValues, ['aws:PrincipalTag/dept']);
    assert.match(decision.explanation, /Missing context values: aws:PrincipalTag\/dept/);
  });

  test('the explanation names the deciding statement and its lines', () => {
    const decision = explain(request([statement({ Sid: 'ReadAll' }), { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*', Sid: 'NoBucket' }]));
    assert.equal(decision.decision, 'explicitDeny');
    assert.match(decision.explanation, /An explicit Deny applies/);
    assert.match(decision.explanation, /Denied by:\n {2}- identity policy UserPolicy, statement 1 \(Sid NoBucket\), Deny, lines \d+-\d+/);
  });

  test('the explanation says when SCPs were skipped for a service-linked role', () => {
    const scp = { policy: compiled({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, 'scp') };
    const decision = explain(request([statement({})], { isServiceLinkedRole: true, serviceControlPolicies: [[scp]] }));
    assert.equal(decision.decision, 'allowed');
    assert.match(decision.explanation, /service-linked roles are exempt/);
  });

  test('cross-account explanations name both accounts', () => {
    const decision = explain(request([statement({})], { resourceAccount: '210987654321' }));
    assert.equal(decision.decision, 'implicitDeny');
    assert.match(decision.explanation, /cross-account: principal account 123456789012, resource account 210987654321/);
  });
});
