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

describe('effective permissions: conditions on what the principal is', () => {
  const catalog = [{ action: 'sqs:SendMessage', accessLevel: 'Write', resourceTypes: [{ name: 'queue', arn: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' }] }];
  const policy = (statements: object[]) => {
    const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, 'identity');
    assert.ok(parsed.ok);
    return { policy: parsed.policy, id: 'p', type: 'user' };
  };
  const USER = 'arn:aws:iam::123456789012:user/team/bob';
  const facts = { kind: 'user' as const, arn: USER, account: '123456789012', userId: 'AIDAEXAMPLE', userName: 'bob', tags: { team: 'blue' } };
  const allow = (condition: object) => ({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: condition });
  const deny = (condition: object) => ({ Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*', Condition: condition });
  const region = { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } };
  // [case, statements, decision, the conditions left to the request (grant's, then denied-when's), met by the principal]
  const rows: [string, object[], string, string[], string[]][] = [
    ['a tag the principal has holds: unconditional', [allow({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } })], 'allowed', [], ['StringEquals aws:PrincipalTag/team']],
    ['a tag value it has not: no grant', [allow({ StringEquals: { 'aws:PrincipalTag/team': 'red' } })], 'implicitDeny', [], []],
    ['tag keys compare case-insensitively', [allow({ StringEquals: { 'aws:PrincipalTag/TEAM': 'blue' } })], 'allowed', [], ['StringEquals aws:PrincipalTag/TEAM']],
    ['a tag it does not have: no grant', [allow({ StringLike: { 'aws:PrincipalTag/cost': '*' } })], 'implicitDeny', [], []],
    ['Null on an absent tag holds', [allow({ Null: { 'aws:PrincipalTag/cost': 'true' } })], 'allowed', [], ['Null aws:PrincipalTag/cost']],
    ['its own account', [allow({ StringEquals: { 'aws:PrincipalAccount': '123456789012' } })], 'allowed', [], ['StringEquals aws:PrincipalAccount']],
    ['another account: no grant', [allow({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })], 'implicitDeny', [], []],
    ['its ARN by ArnLike', [allow({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/team/*' } })], 'allowed', [], ['ArnLike aws:PrincipalArn']],
    ['a role ARN: no grant', [allow({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } })], 'implicitDeny', [], []],
    ['aws:username', [allow({ StringEquals: { 'aws:username': 'bob' } })], 'allowed', [], ['StringEquals aws:username']],
    ['aws:userid of another user: no grant', [allow({ StringEquals: { 'aws:userid': 'AIDAOTHER' } })], 'implicitDeny', [], []],
    ['aws:PrincipalType', [allow({ StringEquals: { 'aws:PrincipalType': 'User' } })], 'allowed', [], ['StringEquals aws:PrincipalType']],
    ['no organization: aws:PrincipalOrgID never equals', [allow({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } })], 'implicitDeny', [], []],
    ['not an AWS service', [allow({ Bool: { 'aws:PrincipalIsAWSService': 'true' } })], 'implicitDeny', [], []],
    ['aws:PrincipalServiceName is absent', [allow({ StringEquals: { 'aws:PrincipalServiceName': 'lex.amazonaws.com' } })], 'implicitDeny', [], []],
    ['a variable of the principal in a known key', [allow({ StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' } })], 'implicitDeny', [], []],
    ['a request key stays, the known one is met', [allow({ ...region, StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'eu-west-1' } })], 'conditional', ['StringEquals aws:RequestedRegion'], ['StringEquals aws:PrincipalTag/team']],
    ['a request key with a failing known one: no grant', [allow({ StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'eu-west-1' } })], 'implicitDeny', [], []],
    ['only request keys: conditional as written', [allow(region)], 'conditional', ['StringEquals aws:RequestedRegion'], []],
    ['a Deny on a tag it has denies', [allow({}), deny({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } })], 'denied', [], []],
    ['a Deny on a tag it has not does not', [allow({}), deny({ StringEquals: { 'aws:PrincipalTag/team': 'red' } })], 'allowed', [], []],
    ['a Deny on a request key narrows the grant', [allow({}), deny({ StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], 'allowed', ['unless StringNotEquals aws:RequestedRegion'], []],
    ['a Deny on a met key and a request key shows the request key', [allow({}), deny({ StringEquals: { 'aws:PrincipalTag/team': 'blue' }, StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], 'allowed', ['unless StringNotEquals aws:RequestedRegion'], []],
    ['a Deny on an unmet key and a request key is no deny', [allow({}), deny({ StringEquals: { 'aws:PrincipalTag/team': 'red' }, StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], 'allowed', [], []],
  ];
  const texts = (block: Record<string, Record<string, string[]>>) => Object.entries(block).flatMap(([op, keys]) => Object.keys(keys).map((k) => `${op} ${k}`));
  for (const [name, statements, decision, remaining, met] of rows) {
    it(name, () => {
      const [result] = effectivePermissions({ principal: USER, principalAccount: '123456789012', partition: 'aws', identityPolicies: [policy(statements)], facts }, catalog, { includeImplicit: true });
      assert.equal(result.decision, decision);
      const left = result.grants.flatMap((g) => [...g.conditions.flatMap((c) => texts(c.condition)), ...g.deniedWhen.flatMap((c) => texts(c.condition).map((t) => `unless ${t}`))]);
      assert.deepEqual(left, remaining);
      assert.deepEqual(result.grants.flatMap((g) => g.met.flatMap((c) => texts(c.condition))), met);
    });
  }

  it('without facts every condition is left to the request', () => {
    const [result] = effectivePermissions({ principal: USER, principalAccount: '123456789012', partition: 'aws', identityPolicies: [policy([allow({ StringEquals: { 'aws:PrincipalTag/team': 'red' } })])] }, catalog);
    assert.equal(result.decision, 'conditional');
  });

  it("a role's sessions each have their own aws:userid: left to the request", () => {
    const role = { kind: 'role' as const, arn: 'arn:aws:iam::123456789012:role/r', account: '123456789012', tags: {} };
    const [result] = effectivePermissions({ principal: role.arn, principalAccount: '123456789012', partition: 'aws', identityPolicies: [policy([allow({ StringLike: { 'aws:userid': 'AROA*:ci' } })])], facts: role }, catalog);
    assert.equal(result.decision, 'conditional');
  });

  it('a resource pattern with a tag variable is resolved from the principal', () => {
    const [result] = effectivePermissions({ principal: USER, principalAccount: '123456789012', partition: 'aws', identityPolicies: [policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*:*:${aws:PrincipalTag/team}-*' }])], facts }, catalog);
    assert.deepEqual(result.grants.map((g) => g.resource), ['arn:aws:sqs:*:*:blue-*']);
  });
});

describe('effective permissions: the resource types of the action', () => {
  const catalog = [
    { action: 'iam:GetRole', accessLevel: 'Read', resourceTypes: [{ name: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}' }] },
    { action: 'iam:GetUser', accessLevel: 'Read', resourceTypes: [{ name: 'user', arn: 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}' }] },
    { action: 'iam:ListRoles', accessLevel: 'List', resourceTypes: [] },
  ];
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: ['arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:group/*'] }] }, 'identity');
  assert.ok(parsed.ok);
  const subject = { principal: 'arn:aws:iam::123456789012:role/r', principalAccount: '123456789012', partition: 'aws', identityPolicies: [{ policy: parsed.policy, id: 'p', type: 'role' }] };
  // [resource asked (none: the statements'), action -> [decision, resources (their types)]]
  const rows: [string | undefined, Record<string, [string, string[]]>][] = [
    // A role pattern grants on the role type; GetUser's user type meets none of the patterns; ListRoles takes only `*`.
    [undefined, { 'iam:GetRole': ['allowed', ['arn:aws:iam::*:role/* (role)']], 'iam:GetUser': ['implicitDeny', []], 'iam:ListRoles': ['implicitDeny', []] }],
    ['arn:aws:iam::123456789012:role/app', { 'iam:GetRole': ['allowed', ['arn:aws:iam::123456789012:role/app (role)']], 'iam:GetUser': ['implicitDeny', []], 'iam:ListRoles': ['implicitDeny', []] }],
    // A user is no resource of GetRole: not decided at all, though the role pattern is not what names it.
    ['arn:aws:iam::123456789012:user/bob', { 'iam:GetRole': ['implicitDeny', []], 'iam:GetUser': ['implicitDeny', []], 'iam:ListRoles': ['implicitDeny', []] }],
  ];
  for (const [resource, expected] of rows) {
    it(`asked ${resource ?? 'the statements\' resources'}`, () => {
      const answer = effectivePermissions(subject, catalog, { includeImplicit: true, ...(resource ? { resource } : {}) });
      assert.deepEqual(Object.fromEntries(answer.map((a) => [a.action, [a.decision, a.grants.map((g) => `${g.resource} (${g.resourceTypes.join(',')})`)]])), expected);
    });
  }

  it('an action of a type none of the patterns can be is not granted, though `*` would be', () => {
    const star = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }, 'identity');
    assert.ok(star.ok);
    const [user] = effectivePermissions({ ...subject, identityPolicies: [{ policy: star.policy, id: 'p', type: 'role' }] }, catalog, { resource: 'arn:aws:iam::123456789012:role/app', includeImplicit: true }).filter((a) => a.action === 'iam:GetUser');
    assert.equal(user.decision, 'implicitDeny');
  });
});
