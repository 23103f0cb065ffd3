// The engine's caches stay within their byte budgets whatever a stream of distinct requests brings
// (engineCacheStats reads each cache's own count). The document cache through SimulateCustomPolicy is
// in test/iam/simulator.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engineCacheStats, evaluate } from '../../src/policy/index.js';
import { compiled } from './support/helpers.js';

describe('request-value caches are bounded by bytes', () => {
  const policy = compiled({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      },
    ],
  });
  test('20,000 distinct principals, addresses and dates, each long', () => {
    const padding = 'x'.repeat(200);
    for (let i = 0; i < 20_000; i++) {
      const decision = evaluate({
        principal: `arn:aws:iam::123456789012:user/${padding}${i}`,
        action: 's3:GetObject',
        resource: '*',
        context: { 'aws:SourceIp': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'aws:CurrentTime': `2030-01-01T00:00:${String(i % 60).padStart(2, '0')}.${i}Z` },
        identityPolicies: [{ policy }],
      });
      assert.equal(decision.decision, 'allowed');
    }
    const stats = engineCacheStats();
    for (const name of ['ipAddress', 'date', 'principalAccounts']) {
      const { entries, bytes, maxBytes } = stats[name];
      assert.ok(bytes <= maxBytes, `${name}: ${bytes} bytes held, budget ${maxBytes}`);
      assert.ok(entries > 0 && entries < 20_000, `${name}: older entries were evicted (${entries} kept)`);
    }
    assert.ok(stats.principalAccounts.bytes > stats.principalAccounts.maxBytes / 2, 'the principal cache counts what it holds');
  });
});

// Equal Resource lists and conditions are one shared element across documents, which remembers its
// verdict for the request being decided: a verdict must never answer for another request.
describe('elements shared by documents decide each request anew', () => {
  const statement = (sid: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: ['arn:aws:s3:::shared-bucket/${aws:username}/*', 'arn:aws:s3:::shared-public/*'],
    Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' }, Bool: { 'aws:SecureTransport': 'true' } },
  });
  const first = compiled({ Version: '2012-10-17', Statement: [statement('First')] });
  const second = compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }, statement('Second')] });
  const request = (resource: string, context: Record<string, string>, policies = [first, second]) =>
    evaluate({ principal: 'arn:aws:iam::123456789012:user/alice', action: 's3:GetObject', resource, context, identityPolicies: policies.map((policy) => ({ policy })) });
  const red = { 'aws:PrincipalTag/team': 'red', 'aws:SecureTransport': 'true', 'aws:username': 'alice' };
  const cases: [string, Record<string, string>, string[]][] = [
    ['arn:aws:s3:::shared-bucket/alice/a', red, ['First', 'Second']],
    ['arn:aws:s3:::shared-bucket/alice/a', { ...red, 'aws:PrincipalTag/team': 'blue' }, []],
    ['arn:aws:s3:::shared-bucket/alice/a', { ...red, 'aws:username': 'bob' }, []],
    ['arn:aws:s3:::shared-bucket/bob/a', { ...red, 'aws:username': 'bob' }, ['First', 'Second']],
    ['arn:aws:s3:::shared-public/x', { ...red, 'aws:username': 'carol' }, ['First', 'Second']],
    ['arn:aws:s3:::other/x', red, []],
    ['arn:aws:s3:::shared-public/x', { ...red, 'aws:SecureTransport': 'false' }, []],
    ['arn:aws:s3:::shared-public/x', red, ['First', 'Second']],
  ];
  test('alternating requests, each decided on its own', () => {
    for (let round = 0; round < 3; round++) {
      for (const [resource, context, sids] of cases) {
        const decision = request(resource, context);
        assert.deepEqual(decision.matchedStatements.map((s) => s.sid), sids, `${resource} ${JSON.stringify(context)}`);
        assert.equal(decision.decision, sids.length > 0 ? 'allowed' : 'implicitDeny');
        // The same request on one document alone agrees.
        assert.equal(request(resource, context, [second]).decision, decision.decision);
      }
    }
  });
});
