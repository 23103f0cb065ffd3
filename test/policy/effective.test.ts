// The pure parts of effective permissions (src/policy/effective.ts): which Resource patterns a resource
// type's ARN format can meet, segment by segment, and the engine's decision with conditions assumed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arnPatternsIntersect, effectivePermissions, formatPattern, globsIntersect } from '../../src/policy/effective.js';
import { parsePolicy } from '../../src/policy/index.js';

describe('effective permissions: patterns', () => {
  const globs: [string, string, boolean][] = [
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['a*', '*c', true],
    ['a*b', 'c*', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*x*', 'y*', true],
    ['data/*', '*', true],
    ['role/app-*', 'role/*', true],
    ['role/app-*', 'user/*', false],
    ['', '*', true],
    ['', '?', false],
  ];
  for (const [a, b, expected] of globs) {
    it(`globs ${JSON.stringify(a)} and ${JSON.stringify(b)}: ${expected}`, () => {
      assert.equal(globsIntersect(a, b), expected);
      assert.equal(globsIntersect(b, a), expected, 'symmetric');
    });
  }

  const arns: [string, string, boolean][] = [
    ['*', 'arn:aws:s3:::*', true],
    ['arn:aws:s3:::data/*', 'arn:aws:s3:::*/*', true],
    ['arn:aws:s3:::data/*', 'arn:aws:sqs:*:*:*', false],
    // A wildcard in the region does not reach across the region's colon into the account.
    ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::*:role/*', true],
    ['arn:aws:iam::111111111111:role/*', 'arn:aws:iam::222222222222:role/*', false],
    ['arn:aws:sqs:*', 'arn:aws:sqs:*:*:*', true],
    ['arn:aws:sqs', 'arn:aws:sqs:*:*:*', false],
  ];
  for (const [a, b, expected] of arns) {
    it(`ARNs ${a} and ${b}: ${expected}`, () => assert.equal(arnPatternsIntersect(a, b), expected));
  }

  it("fills a reference ARN format's partition and account, every other part a wildcard", () => {
    assert.equal(formatPattern('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', 'aws-cn', '123456789012'), 'arn:aws-cn:iam::123456789012:role/*');
  });
});

describe('effective permissions: decisions', () => {
  const catalog = [
    { action: 's3:GetObject', accessLevel: 'Read', resourceTypes: [{ name: 'object', arn: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}' }] },
    { action: 's3:ListAllMyBuckets', accessLevel: 'List', resourceTypes: [] },
    { action: 'sqs:SendMessage', accessLevel: 'Write', resourceTypes: [{ name: 'queue', arn: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' }] },
  ];
  const policy = (statements: object[]) => {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, 'identity');
    assert.ok(parsed.ok);
    return { policy: parsed.policy, id: 'p', type: 'role' };
  };
  const subject = (identity: object[], boundary?: object[]) => ({
    principal: 'arn:aws:iam::123456789012:role/r',
    principalAccount: '123456789012',
    partition: 'aws',
    identityPolicies: [policy(identity)],
    ...(boundary ? { permissionsBoundaries: [policy(boundary)] } : {}),
  });
  const decisions = (s: ReturnType<typeof subject>) => Object.fromEntries(effectivePermissions(s, catalog).map((a) => [a.action, [a.decision, a.grants.map((g) => g.resource)]]));

  const rows: [string, ReturnType<typeof subject>, Record<string, [string, string[]]>][] = [
    ['s3:* on *: every S3 action, on its types in the account; an action of no type on *', subject([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]), {
      's3:GetObject': ['allowed', ['arn:aws:s3:::*/*']],
      's3:ListAllMyBuckets': ['allowed', ['*']],
    }],
    ['a pattern that no type of the action can be grants nothing', subject([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::data/*' }]), {
      's3:GetObject': ['allowed', ['arn:aws:s3:::data/*']],
    }],
    ['a condition makes the grant conditional', subject([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]), {
      'sqs:SendMessage': ['conditional', ['arn:aws:sqs:*:123456789012:*']],
    }],
    ['an unconditional deny of everything refuses what the allow grants', subject([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }]), {
      's3:GetObject': ['denied', []],
    }],
    ['the boundary limits', subject([{ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: '*' }], [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]), {
      's3:GetObject': ['denied', []],
      'sqs:SendMessage': ['allowed', ['arn:aws:sqs:*:123456789012:*']],
    }],
    ['NotAction allows every other action', subject([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }]), {
      'sqs:SendMessage': ['allowed', ['arn:aws:sqs:*:123456789012:*']],
    }],
  ];
  for (const [name, s, expected] of rows) it(name, () => assert.deepEqual(decisions(s), expected));
});
