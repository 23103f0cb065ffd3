// The custom policy checks held against the engine (fast-check): on random small policies, whenever a
// check PASSes, src/policy's evaluate never allows a request in question, on requests built from the
// pools the policies are drawn from (actions, resources, principals, context values that meet and miss
// each condition); and every Allow statement the engine matches for such a request is among the reasons
// of the FAIL. Both outcomes must occur, so that the property is not held vacuously.
import { AccessAnalyzerClient, CheckAccessNotGrantedCommand, CheckNoNewAccessCommand, CheckNoPublicAccessCommand } from '@aws-sdk/client-accessanalyzer';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, parsePolicy, type AuthorizationRequest, type ContextValues, type PolicyInput } from '../../src/policy/index.js';
import { useTestServer } from '../support/fixture.js';

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'iam:GetRole', 'sqs:SendMessage'];
const ACTION_PATTERNS = [...ACTIONS, 's3:Get*', 's3:*', '*', 'iam:*', 's3:?utObject'];
const RESOURCES = ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/x', 'arn:aws:s3:::c/1', 'arn:aws:s3:::other', 'arn:aws:iam::111122223333:role/r', '*'];
const RESOURCE_PATTERNS = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::*', 'arn:aws:iam::111122223333:role/*', 'arn:aws:s3:::c/?', 'arn:aws:s3:*:*:*'];

// Each condition with the context values that meet and miss it (absent keys come from leaving them out).
const CONDITIONS: Record<string, Record<string, string | string[]>>[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringLike: { 's3:prefix': 'home/*' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
];
const CONTEXT_VALUES: Record<string, (string | string[])[]> = {
  'aws:PrincipalTag/team': ['blue', 'red', ['blue']],
  's3:prefix': ['home/a', 'x'],
  's3:max-keys': ['5', '20', 'abc'],
  'aws:SecureTransport': ['true', 'FALSE'],
  'aws:MultiFactorAuthPresent': ['true', 'false'],
  'aws:SourceIp': ['10.1.2.3', '10.2.0.1', '192.0.2.1'],
  'aws:CurrentTime': ['2025-01-01T00:00:00Z', '2031-01-01T00:00:00Z'],
  'aws:TagKeys': [['a'], ['a', 'b'], ['c'], ['a', 'c'], 'a'],
};

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  negateAction: fc.constantFrom(false, false, false, true),
  actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 2 }),
  negateResource: fc.constantFrom(false, false, false, true),
  resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
  conditions: fc.subarray(CONDITIONS, { maxLength: 2 }),
});
const policy = fc.array(statement, { minLength: 1, maxLength: 3 }).map((statements) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: s.Effect,
      [s.negateAction ? 'NotAction' : 'Action']: s.actions,
      [s.negateResource ? 'NotResource' : 'Resource']: s.resources,
      ...(s.conditions.length > 0 && { Condition: Object.assign({}, ...s.conditions.map((c) => structuredClone(c))) }),
    })),
  }),
);

/** Every combination of a few context keys' values (and their absence), for the requests in question. */
function contexts(): ContextValues[] {
  const rng = fc.sample(fc.dictionary(fc.constantFrom(...Object.keys(CONTEXT_VALUES)), fc.nat(4), { maxKeys: 5 }), { numRuns: 40, seed: 17 });
  return rng.map((choice) => Object.fromEntries(Object.entries(choice).map(([key, i]) => [key, CONTEXT_VALUES[key][i % CONTEXT_VALUES[key].length]])));
}
const CONTEXTS = contexts();

function input(text: string): PolicyInput {
  const parsed = parsePolicy(text, 'identity');
  assert.ok(parsed.ok, text);
  return { policy: parsed.policy, id: 'p' };
}

function requests(action: string): AuthorizationRequest[] {
  return RESOURCES.flatMap((resource) => CONTEXTS.map((context) => ({ principal: 'arn:aws:iam::111122223333:user/u', action, resource, context })));
}

describe('Custom policy checks against the engine (fast-check)', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient } });

  it('CheckAccessNotGranted PASSes only when the engine allows no request for the action; FAIL names every matched Allow', async () => {
    const outcomes = { PASS: 0, FAIL: 0 };
    await fc.assert(
      fc.asyncProperty(policy, fc.constantFrom(...ACTIONS), async (document, action) => {
        const out = await env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: document, access: [{ actions: [action] }], policyType: 'IDENTITY_POLICY' }));
        outcomes[out.result!]++;
        const reasons = new Set((out.reasons ?? []).map((r) => r.statementIndex));
        const identityPolicies = [input(document)];
        for (const request of requests(action)) {
          const decision = evaluate({ ...request, identityPolicies });
          if (decision.decision !== 'allowed') continue;
          assert.equal(out.result, 'FAIL', `PASS, yet the engine allows ${JSON.stringify(request)}`);
          for (const matched of decision.matchedStatements) assert.ok(reasons.has(matched.statementIndex), `statement ${matched.statementIndex} allows ${JSON.stringify(request)} and is no reason`);
        }
      }),
      { numRuns: 60, seed: 20261204 },
    );
    assert.ok(outcomes.PASS > 0 && outcomes.FAIL > 0, `both outcomes occur: ${JSON.stringify(outcomes)}`);
  });

  it('CheckNoNewAccess PASSes only when every request the new policy allows the existing one allows too', async () => {
    const outcomes = { PASS: 0, FAIL: 0 };
    await fc.assert(
      fc.asyncProperty(policy, policy, fc.boolean(), async (existing, changed, superset) => {
        // Half the time the new policy is the existing one with a statement added or a Deny more, so that PASS is common.
        const newDocument = superset ? JSON.stringify({ ...JSON.parse(existing), Statement: [...JSON.parse(existing).Statement, ...JSON.parse(changed).Statement.filter((s: { Effect: string }) => s.Effect === 'Deny')] }) : changed;
        const out = await env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: newDocument, existingPolicyDocument: existing, policyType: 'IDENTITY_POLICY' }));
        outcomes[out.result!]++;
        const reasons = new Set((out.reasons ?? []).map((r) => r.statementIndex));
        const before = [input(existing)];
        const after = [input(newDocument)];
        for (const action of ACTIONS) {
          for (const request of requests(action)) {
            const granted = evaluate({ ...request, identityPolicies: after });
            if (granted.decision !== 'allowed' || evaluate({ ...request, identityPolicies: before }).decision === 'allowed') continue;
            assert.equal(out.result, 'FAIL', `PASS, yet only the new policy allows ${JSON.stringify(request)}`);
            for (const matched of granted.matchedStatements) assert.ok(reasons.has(matched.statementIndex), `statement ${matched.statementIndex} newly allows ${JSON.stringify(request)} and is no reason`);
          }
        }
      }),
      // Fewer runs than above: each asks Z3 about two policies at once (about 2.5 s a run on a loaded machine).
      { numRuns: 10, seed: 4121 },
    );
    assert.ok(outcomes.PASS > 0 && outcomes.FAIL > 0, `both outcomes occur: ${JSON.stringify(outcomes)}`);
  });

  // Resource policies of a bucket: who they name, and conditions on the caller's account, organization and address.
  const PUBLIC_CONDITIONS: Record<string, Record<string, string | string[]>>[] = [
    { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
    { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
    { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
  ];
  const resourceStatement = fc.record({
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    Principal: fc.constantFrom<unknown>('*', { AWS: '*' }, { AWS: '111122223333' }, { AWS: 'arn:aws:iam::111122223333:user/u' }, { Service: 'cloudtrail.amazonaws.com' }),
    Action: fc.constantFrom('s3:GetObject', 's3:*', '*'),
    Resource: fc.constantFrom('arn:aws:s3:::b/*', '*'),
    conditions: fc.subarray(PUBLIC_CONDITIONS, { maxLength: 2 }),
  });
  const bucketPolicy = fc.array(resourceStatement, { minLength: 1, maxLength: 3 }).map((statements) =>
    JSON.stringify({ Version: '2012-10-17', Statement: statements.map(({ conditions, ...s }) => ({ ...s, ...(conditions.length > 0 && { Condition: Object.assign({}, ...conditions.map((c) => structuredClone(c))) }) })) }),
  );
  // An outsider: a user of an account the policies never name, allowed everything by its own account.
  const OUTSIDER_CONTEXTS: ContextValues[] = [
    { 'aws:PrincipalAccount': '999988887777', 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true' },
    { 'aws:PrincipalAccount': '999988887777', 'aws:SourceIp': '192.0.2.1', 'aws:SecureTransport': 'false', 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
    { 'aws:PrincipalAccount': '999988887777' },
  ];
  const allowAll = input(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));

  it('CheckNoPublicAccess PASSes only when the engine allows an outsider nothing', async () => {
    const outcomes = { PASS: 0, FAIL: 0 };
    await fc.assert(
      fc.asyncProperty(bucketPolicy, async (document) => {
        const out = await env.aa.send(new CheckNoPublicAccessCommand({ policyDocument: document, resourceType: 'AWS::S3::Bucket' }));
        outcomes[out.result!]++;
        const parsed = parsePolicy(document, 'resource');
        assert.ok(parsed.ok, document);
        for (const context of OUTSIDER_CONTEXTS) {
          for (const action of ['s3:GetObject', 's3:PutObject']) {
            const request = { principal: 'arn:aws:iam::999988887777:user/outsider', action, resource: 'arn:aws:s3:::b/k', resourceAccount: '111122223333', context };
            const decision = evaluate({ ...request, identityPolicies: [allowAll], resourcePolicy: { policy: parsed.policy, id: 'bucket' } });
            if (decision.decision === 'allowed') assert.equal(out.result, 'FAIL', `PASS, yet the engine allows ${JSON.stringify(request)} by ${document}`);
          }
        }
      }),
      { numRuns: 40, seed: 77 },
    );
    assert.ok(outcomes.PASS > 0 && outcomes.FAIL > 0, `both outcomes occur: ${JSON.stringify(outcomes)}`);
  });
});
