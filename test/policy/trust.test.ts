import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateTrust, explainTrust } from '../../src/policy/index.js';
import { compiled } from './support/helpers.js';

const trust = (principal: unknown, extra: Record<string, unknown> = {}) =>
  compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] }, 'trust');

describe('Role trust policies', () => {
  const lex = trust({ Service: 'lexv2.amazonaws.com' });
  const cases: [string, ReturnType<typeof trust>, string, string, string][] = [
    ['the service principal named', lex, 'lexv2.amazonaws.com', 'sts:AssumeRole', 'allowed'],
    ['another service principal', lex, 'channels.lexv2.amazonaws.com', 'sts:AssumeRole', 'implicitDeny'],
    ['a principal that only resembles it', lex, 'LEXV2.amazonaws.com', 'sts:AssumeRole', 'implicitDeny'],
    ['another action', lex, 'lexv2.amazonaws.com', 'sts:TagSession', 'implicitDeny'],
    ['a service in a list', trust({ Service: ['a.amazonaws.com', 'lexv2.amazonaws.com'] }), 'lexv2.amazonaws.com', 'sts:AssumeRole', 'allowed'],
    ['an AWS principal by ARN', trust({ AWS: 'arn:aws:iam::123456789012:user/alice' }), 'arn:aws:iam::123456789012:user/alice', 'sts:AssumeRole', 'allowed'],
    ['an AWS principal of the account named by id', trust({ AWS: '123456789012' }), 'arn:aws:iam::123456789012:role/Other', 'sts:AssumeRole', 'allowed'],
    ['an AWS principal of the account named by root ARN', trust({ AWS: 'arn:aws:iam::123456789012:root' }), 'arn:aws:iam::123456789012:user/bob', 'sts:AssumeRole', 'allowed'],
    ['an account id as the principal', trust({ AWS: '123456789012' }), '123456789012', 'sts:AssumeRole', 'allowed'],
    ['an AWS principal of another account', trust({ AWS: '123456789012' }), 'arn:aws:iam::210987654321:user/bob', 'sts:AssumeRole', 'implicitDeny'],
    ['a service principal is no AWS principal', trust({ AWS: '123456789012' }), 'lexv2.amazonaws.com', 'sts:AssumeRole', 'implicitDeny'],
    ['*', trust('*'), 'arn:aws:iam::210987654321:user/bob', 'sts:AssumeRole', 'allowed'],
    ['a web identity provider', trust({ Federated: 'cognito-identity.amazonaws.com' }), 'cognito-identity.amazonaws.com', 'sts:AssumeRoleWithWebIdentity', 'implicitDeny'],
    ['a web identity provider, its action', trust({ Federated: 'cognito-identity.amazonaws.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' }), 'cognito-identity.amazonaws.com', 'sts:AssumeRoleWithWebIdentity', 'allowed'],
    ['a SAML provider', trust({ Federated: 'arn:aws:iam::123456789012:saml-provider/Corp' }, { Action: 'sts:AssumeRoleWithSAML' }), 'arn:aws:iam::123456789012:saml-provider/Corp', 'sts:AssumeRoleWithSAML', 'allowed'],
  ];
  for (const [name, policy, principal, action, expected] of cases) {
    test(name, () => {
      assert.equal(evaluateTrust(policy, principal, action).decision, expected);
      assert.equal(explainTrust(policy, principal, action).decision, expected);
    });
  }

  test('conditions on the trust policy use the context', () => {
    const policy = trust({ Service: 'lexv2.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
    assert.equal(evaluateTrust(policy, 'lexv2.amazonaws.com', 'sts:AssumeRole', { 'aws:SourceAccount': '123456789012' }).decision, 'allowed');
    assert.equal(evaluateTrust(policy, 'lexv2.amazonaws.com', 'sts:AssumeRole', { 'aws:SourceAccount': '210987654321' }).decision, 'implicitDeny');
    assert.equal(evaluateTrust(policy, 'lexv2.amazonaws.com').decision, 'implicitDeny');
  });

  test('a Deny in the trust policy wins', () => {
    const policy = compiled({ Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:*' },
    ] }, 'trust');
    assert.equal(evaluateTrust(policy, 'lexv2.amazonaws.com').decision, 'explicitDeny');
    assert.equal(evaluateTrust(policy, 'polly.amazonaws.com').decision, 'allowed');
  });

  test('explainTrust says which principal did not match', () => {
    const decision = explainTrust(lex, 'channels.lexv2.amazonaws.com');
    assert.equal(decision.unmatchedStatements[0].reason, 'principal');
    assert.match(decision.unmatchedStatements[0].detail, /channels\.lexv2\.amazonaws\.com is not named by Principal/);
  });
});
