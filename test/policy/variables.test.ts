import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, type ContextValues } from '../../src/policy/index.js';
import { compiled, conditionHolds, USER } from './support/helpers.js';

function resourceAllowed(resourcePattern: string, resource: string, context: ContextValues = {}, version = '2012-10-17') {
  const policy = compiled({ Version: version, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resourcePattern }] });
  return evaluate({ principal: USER, action: 's3:GetObject', resource, context, identityPolicies: [{ policy }] }).decision === 'allowed';
}

describe('Policy variables', () => {
  test('${aws:username} in a resource, known from an IAM user principal', () => {
    assert.equal(resourceAllowed('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/alice/notes'), true);
    assert.equal(resourceAllowed('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/bob/notes'), false);
  });
  test('${aws:PrincipalTag/k} from the context, the key name case-insensitive', () => {
    const context = { 'aws:principaltag/TEAM': 'red' };
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::teams/red/x', context), true);
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::teams/blue/x', context), false);
  });
  test('an unresolved variable without a default never matches', () => {
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::teams//x'), false);
    assert.equal(conditionHolds({ StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, { 's3:prefix': '' }), false);
    assert.equal(conditionHolds({ StringLike: { 's3:prefix': ['${aws:PrincipalTag/team}/*', 'public/*'] } }, { 's3:prefix': 'public/x' }), true);
  });
  test("a default value ${key, 'x'} stands in for an absent key", () => {
    assert.equal(resourceAllowed("arn:aws:s3:::teams/${aws:PrincipalTag/team, 'none'}/*", 'arn:aws:s3:::teams/none/x'), true);
    assert.equal(resourceAllowed("arn:aws:s3:::teams/${aws:PrincipalTag/team, 'none'}/*", 'arn:aws:s3:::teams/red/x', { 'aws:PrincipalTag/team': 'red' }), true);
  });
  test('${*}, ${?} and ${$} are the literal characters', () => {
    assert.equal(resourceAllowed('arn:aws:s3:::b/star${*}', 'arn:aws:s3:::b/star*'), true);
    assert.equal(resourceAllowed('arn:aws:s3:::b/star${*}', 'arn:aws:s3:::b/starry'), false);
    assert.equal(resourceAllowed('arn:aws:s3:::b/q${?}', 'arn:aws:s3:::b/q?'), true);
    assert.equal(resourceAllowed('arn:aws:s3:::b/q${?}', 'arn:aws:s3:::b/qx'), false);
    assert.equal(resourceAllowed('arn:aws:s3:::b/${$}x', 'arn:aws:s3:::b/$x'), true);
  });
  test("a variable's value is literal: a `*` in it is no wildcard", () => {
    const context = { 'aws:PrincipalTag/team': 'r*' };
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/x', 'arn:aws:s3:::teams/red/x', context), false);
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/x', 'arn:aws:s3:::teams/r*/x', context), true);
  });
  test('variables in condition values, for each operator family', () => {
    const context = { 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/team': 'red', 'aws:PrincipalTag/limit': '10', 'example:Size': '5' };
    assert.equal(conditionHolds({ StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }, context), true);
    assert.equal(conditionHolds({ StringNotEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }, context), false);
    assert.equal(conditionHolds({ NumericLessThan: { 'example:Size': '${aws:PrincipalTag/limit}' } }, context), true);
    assert.equal(
      conditionHolds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:${aws:PrincipalAccount}:*' } }, { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:123456789012:q' }),
      true,
    );
  });
  test('with Version 2008-10-17 (or none) variables are literal text', () => {
    assert.equal(resourceAllowed('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/alice/notes', {}, '2008-10-17'), false);
    assert.equal(resourceAllowed('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/${aws:username}/notes', {}, '2008-10-17'), true);
    assert.equal(conditionHolds({ StringEquals: { 's3:prefix': '${aws:username}' } }, { 's3:prefix': '${aws:username}' }, '2008-10-17'), true);
  });
  test('a multi-valued key does not resolve a variable', () => {
    assert.equal(resourceAllowed('arn:aws:s3:::teams/${aws:PrincipalTag/team}/x', 'arn:aws:s3:::teams/red/x', { 'aws:PrincipalTag/team': ['red', 'blue'] }), false);
  });
});
