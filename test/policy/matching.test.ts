import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionMatches, arnMatches, evaluate } from '../../src/policy/index.js';
import { compiled, USER } from './support/helpers.js';

describe('Action matching', () => {
  const cases: [string, string, boolean][] = [
    ['appflow:StartFlow', 'appflow:StartFlow', true],
    ['appflow:startflow', 'APPFLOW:StartFlow', true],
    ['appflow:Start*', 'appflow:StartFlow', true],
    ['appflow:*', 'appflow:StartFlow', true],
    ['*', 'appflow:StartFlow', true],
    ['appflow:*Flow', 'appflow:DescribeFlow', true],
    ['appflow:St?rtFlow', 'appflow:StartFlow', true],
    ['appflow:St?rtFlow', 'appflow:StarrtFlow', false],
    ['appflow:Start*', 'appflow:StopFlow', false],
    ['appflow:StartFlow', 'appflow:StartFlowX', false],
    ['appflow*', 'appflowx:StartFlow', true],
    ['s3:Get*', 'appflow:GetFlow', false],
  ];
  for (const [pattern, action, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${action}`, () => {
      assert.equal(actionMatches(pattern, action), expected);
    });
  }
});

describe('ARN matching, segment by segment', () => {
  const flow = 'arn:aws:appflow:us-east-1:123456789012:flow/FlowCreatedByAppIntegrations-1';
  const cases: [string, string, boolean][] = [
    ['arn:aws:appflow:*:*:flow/FlowCreatedByAppIntegrations-*', flow, true],
    ['arn:aws:appflow:*:*:flow/FlowCreatedByAppIntegrations-*', 'arn:aws:appflow:us-east-1:123456789012:flow/Other', false],
    ['arn:aws:appflow:us-*:123456789012:flow/*', flow, true],
    ['arn:aws:appflow:eu-*:123456789012:flow/*', flow, false],
    ['arn:aws:appflow:us-east-?:123456789012:flow/*', flow, true],
    ['*', flow, true],
    ['*', '*', true],
    ['arn:aws:appflow:*:*:*', flow, true],
    // The resource segment may contain `:` and `/`, and a wildcard there crosses them.
    ['arn:aws:logs:*:*:log-group:app:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:s1', true],
    ['arn:aws:logs:*:*:log-group:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:s1', true],
    // A wildcard in the region segment does not swallow the account.
    ['arn:aws:appflow:*:flow/*', flow, false],
    // An ARN cut short by a `*` reaches past the remaining colons (arn-grammar.test.ts has the full table).
    ['arn:aws:appflow:*', flow, true],
    // Empty segments must be empty (S3 ARNs have no region or account).
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:us-east-1::bucket/key', false],
    ['arn:aws:s3:*:*:bucket/*', 'arn:aws:s3:::bucket/key', true],
    // Case-sensitive.
    ['arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key', false],
    ['arn:aws:s3:::bucket/*', '*', false],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/key', false],
  ];
  for (const [pattern, arn, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${arn}`, () => {
      assert.equal(arnMatches(pattern, arn), expected);
    });
  }
});

describe('NotAction and NotResource', () => {
  const policy = compiled({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' }],
  });
  const decide = (action: string, resource: string) =>
    evaluate({ principal: USER, action, resource, identityPolicies: [{ policy }] }).decision;
  test('an action outside NotAction on a resource outside NotResource is allowed', () => {
    assert.equal(decide('s3:GetObject', 'arn:aws:s3:::public/key'), 'allowed');
  });
  test('an action in NotAction is not', () => assert.equal(decide('iam:CreateRole', 'arn:aws:s3:::public/key'), 'implicitDeny'));
  test('a resource in NotResource is not', () => assert.equal(decide('s3:GetObject', 'arn:aws:s3:::secret/key'), 'implicitDeny'));
});
