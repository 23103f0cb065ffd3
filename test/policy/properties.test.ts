// Properties over random input (fast-check): parsing only ever returns a compiled document or
// validation issues; evaluation never throws; explain() decides exactly as evaluate().
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { evaluate, explain, parsePolicy, type AuthorizationRequest, type PolicyKind } from '../../src/policy/index.js';
import { operatorNames } from '../../src/policy/conditions/operators.js';

const kinds: PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp'];

function assertWellFormedResult(result: ReturnType<typeof parsePolicy>): void {
  if (result.ok) {
    assert.ok(Array.isArray(result.policy.statements));
    return;
  }
  assert.ok(result.errors.length > 0, 'a rejection names at least one issue');
  for (const issue of result.errors) {
    assert.equal(typeof issue.path, 'string');
    assert.ok(issue.rule.length > 0 && issue.message.length > 0);
  }
}

// Text and values that exercise the grammar: wildcards, variables, ARNs, odd characters.
const word = fc.oneof(
  fc.constantFrom('*', '?', 's3:GetObject', 's3:Get*', 'appflow:*', 'sts:AssumeRole', '${aws:username}', "${aws:PrincipalTag/t, 'x'}", '${*}', '${', '}', ''),
  fc.constantFrom('arn:aws:s3:::b/*', 'arn:aws:sqs:*:123456789012:q', 'arn:aws:iam::123456789012:role/r', '123456789012', 'lexv2.amazonaws.com', 'arn:aws:s3'),
  fc.constantFrom('10.0.0.0/8', '2001:db8::/32', '2024-01-01T00:00:00Z', '1700000000', 'true', 'false', 'QQ==', '5', '-1.5'),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(word, fc.array(word, { maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
const operator = fc
  .tuple(fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:', 'forallvalues:'), fc.constantFrom(...operatorNames, 'Bogus'), fc.constantFrom('', 'IfExists'))
  .map(([prefix, name, suffix]) => prefix + name + suffix);
const conditionKey = fc.constantFrom('aws:username', 'aws:PrincipalTag/team', 'aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'aws:SourceArn', 's3:max-keys', 'nokey');
const condition = fc.dictionary(operator, fc.dictionary(conditionKey, value, { maxKeys: 2 }), { maxKeys: 3 });
const principal = fc.oneof(fc.constant('*'), fc.record({ AWS: value }, { requiredKeys: [] }), fc.record({ Service: value }, { requiredKeys: [] }), value);
const statement = fc.record(
  {
    Sid: fc.oneof(fc.constantFrom('A', 'B', 'x y'), fc.string({ maxLength: 4 })),
    Effect: fc.constantFrom('Allow', 'Deny', 'allow', 5),
    Action: value,
    NotAction: value,
    Resource: value,
    NotResource: value,
    Principal: principal,
    NotPrincipal: principal,
    Condition: fc.oneof(condition, value),
    Extra: value,
  },
  { requiredKeys: [] },
);
const documentLike = fc.record(
  {
    Version: fc.constantFrom('2012-10-17', '2008-10-17', '2012-10-18', 1),
    Id: value,
    Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), value),
  },
  { requiredKeys: [] },
);
// Valid-shaped statements, so that evaluation sees many compiled documents.
const validStatement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.oneof(fc.constantFrom('*', 's3:*', 'sqs:Send*', 'sqs:SendMessage', 'appflow:St?rtFlow'), fc.array(fc.constantFrom('s3:GetObject', 'sqs:*'), { minLength: 1, maxLength: 2 })),
  Resource: fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*', 'arn:aws:sqs:*:*:q?', 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:*'),
  Condition: fc.dictionary(fc.constantFrom(...operatorNames.filter((n) => n !== 'Null'), 'ForAllValues:StringLike', 'ForAnyValue:StringEquals', 'StringEqualsIfExists', 'Null'), fc.dictionary(conditionKey.filter((k) => k !== 'nokey'), fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 3 })), { maxKeys: 2 }), { maxKeys: 2 }),
});
const request = fc.record({
  principal: fc.constantFrom('arn:aws:iam::123456789012:user/alice', 'arn:aws:sts::123456789012:assumed-role/R/s', 'lexv2.amazonaws.com', 'arn:aws:iam::210987654321:root', 'garbage'),
  action: fc.constantFrom('s3:GetObject', 'sqs:SendMessage', 'appflow:StartFlow', 'SQS:SENDMESSAGE', 'x'),
  resource: fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::b/alice/k', 'arn:aws:sqs:us-east-1:123456789012:q1', 'arn:aws:sqs:us-east-1:210987654321:q1', 'arn:'), fc.string({ maxLength: 10 })),
  context: fc.dictionary(conditionKey, fc.oneof(fc.string({ maxLength: 8 }), word, fc.array(word, { maxLength: 3 })), { maxKeys: 8 }),
});

describe('Properties', () => {
  test('parsing any text returns a document or validation issues, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), documentLike.map((d) => JSON.stringify(d))), fc.constantFrom(...kinds), (text, kind) => {
        assertWellFormedResult(parsePolicy(text, kind));
      }),
      { numRuns: 2000 },
    );
  });

  test('parsing any policy-shaped object returns a document or validation issues, never throws', () => {
    fc.assert(
      fc.property(documentLike, fc.constantFrom(...kinds), (document, kind) => assertWellFormedResult(parsePolicy(document, kind))),
      { numRuns: 3000 },
    );
  });

  test('evaluation never throws, and explain() decides as evaluate()', () => {
    fc.assert(
      fc.property(fc.array(validStatement, { minLength: 1, maxLength: 4 }), request, fc.boolean(), (statements, req, withBoundary) => {
        const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, 'identity');
        assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
        if (!parsed.ok) return;
        const authorization: AuthorizationRequest = { ...req, identityPolicies: [{ policy: parsed.policy }] };
        if (withBoundary) authorization.permissionsBoundaries = [{ policy: parsed.policy }];
        const fast = evaluate(authorization);
        const slow = explain(authorization);
        assert.equal(slow.decision, fast.decision);
        assert.deepEqual(slow.matchedStatements, fast.matchedStatements);
      }),
      { numRuns: 3000 },
    );
  });
});
