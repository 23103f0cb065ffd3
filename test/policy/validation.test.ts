import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePolicy, policySize, POLICY_SIZE_LIMITS, type PolicyKind } from '../../src/policy/index.js';

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const trustStatement = { Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

/** [name, document, kind, expected path, expected rule, expected message (or part of it)] */
const invalid: [string, unknown, PolicyKind, string, string, string][] = [
  ['a document that is not an object', '[1, 2]', 'identity', '', 'Syntax', 'Syntax errors in policy.'],
  ['malformed JSON', '{"Version": "2012-10-17", ', 'identity', '', 'Syntax', 'Syntax errors in policy.'],
  ['a duplicate key', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}', 'identity', 'Statement.Effect', 'DuplicateKey', 'Syntax errors in policy.'],
  ['an unknown Version', { ...doc(allow), Version: '2012-10-18' }, 'identity', 'Version', 'Version', 'The policy failed legacy parsing'],
  ['a Version that is not a string', { ...doc(allow), Version: 2012 }, 'identity', 'Version', 'Version', 'Invalid Version'],
  ['no Statement', { Version: '2012-10-17' }, 'identity', 'Statement', 'Statement', 'Missing required field Statement'],
  ['a Statement that is a string', { Version: '2012-10-17', Statement: 'allow' }, 'identity', 'Statement', 'Statement', 'Syntax errors in policy.'],
  ['a statement that is not an object', doc(allow, 'x' as unknown as object), 'identity', 'Statement[1]', 'Statement', 'Syntax errors in policy.'],
  ['an unknown top-level key', { ...doc(allow), Foo: 1 }, 'identity', 'Foo', 'UnknownKey', 'Unknown field Foo'],
  ['an unknown statement key', doc({ ...allow, Actions: 's3:*' }), 'identity', 'Statement[0].Actions', 'UnknownKey', 'Unknown field Actions'],
  ['duplicate Sids', doc({ ...allow, Sid: 'A' }, { ...allow, Sid: 'A' }), 'identity', 'Statement[1].Sid', 'SidUnique', 'Statement IDs (SID) in a single policy must be unique.'],
  ['a Sid that is not alphanumeric in an IAM policy', doc({ ...allow, Sid: 'read only' }), 'identity', 'Statement[0].Sid', 'SidFormat', 'must be alpha-numeric'],
  ['no Effect', doc({ Action: 's3:*', Resource: '*' }), 'identity', 'Statement[0].Effect', 'Effect', 'Missing required field Effect'],
  ['a lowercase Effect', doc({ ...allow, Effect: 'allow' }), 'identity', 'Statement[0].Effect', 'Effect', 'Invalid effect: allow'],
  ['Action and NotAction', doc({ ...allow, NotAction: 'iam:*' }), 'identity', 'Statement[0].NotAction', 'ActionAndNotAction', 'both Action and NotAction'],
  ['neither Action nor NotAction', doc({ Effect: 'Allow', Resource: '*' }), 'identity', 'Statement[0].Action', 'Action', 'Policy statement must contain actions.'],
  ['an empty Action list', doc({ ...allow, Action: [] }), 'identity', 'Statement[0].Action', 'Action', 'Policy statement must contain actions.'],
  ['an action without a service prefix', doc({ ...allow, Action: ['s3:GetObject', 'GetObject'] }), 'identity', 'Statement[0].Action[1]', 'ActionFormat', 'Actions/Conditions must be prefaced by a vendor'],
  ['an action with bad characters', doc({ ...allow, Action: 's3:Get Object' }), 'identity', 'Statement[0].Action', 'ActionFormat', 'Invalid action'],
  ['an Action that is a number', doc({ ...allow, Action: 5 }), 'identity', 'Statement[0].Action', 'Action', 'Syntax errors in policy.'],
  ['Resource and NotResource', doc({ ...allow, NotResource: '*' }), 'identity', 'Statement[0].NotResource', 'ResourceAndNotResource', 'both Resource and NotResource'],
  ['no Resource in an identity policy', doc({ Effect: 'Allow', Action: 's3:*' }), 'identity', 'Statement[0].Resource', 'Resource', 'Policy statement must contain resources.'],
  ['no Resource in a resource policy', doc({ Effect: 'Allow', Principal: '*', Action: 's3:*' }), 'resource', 'Statement[0].Resource', 'Resource', 'Policy statement must contain resources.'],
  ['a Resource in a trust policy', doc({ ...trustStatement, Resource: '*' }), 'trust', 'Statement[0].Resource', 'ProhibitedField', 'Has prohibited field Resource'],
  ['a malformed ARN', doc({ ...allow, Resource: 'my-bucket' }), 'identity', 'Statement[0].Resource', 'ResourceFormat', 'Resource my-bucket must be in ARN format or "*".'],
  ['an ARN cut short', doc({ ...allow, Resource: ['*', 'arn:aws:s3'] }), 'identity', 'Statement[0].Resource[1]', 'ResourceFormat', 'must be in ARN format'],
  ['a Principal in an identity policy', doc({ ...allow, Principal: '*' }), 'identity', 'Statement[0].Principal', 'Principal', 'Policy document should not specify a principal.'],
  ['a Principal in a permissions boundary', doc({ ...allow, Principal: '*' }), 'boundary', 'Statement[0].Principal', 'ProhibitedField', 'Has prohibited field Principal'],
  ['a NotPrincipal in an SCP', doc({ ...allow, NotPrincipal: { AWS: '123456789012' } }), 'scp', 'Statement[0].NotPrincipal', 'ProhibitedField', 'Has prohibited field NotPrincipal'],
  ['a NotPrincipal in a trust policy', doc({ Effect: 'Deny', NotPrincipal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust', 'Statement[0].NotPrincipal', 'ProhibitedField', 'Has prohibited field NotPrincipal'],
  ['a NotPrincipal with Allow', doc({ ...allow, NotPrincipal: { AWS: '123456789012' } }), 'resource', 'Statement[0].NotPrincipal', 'NotPrincipalAllow', 'NotPrincipal must be used with "Effect":"Deny".'],
  ['no Principal in a trust policy', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Statement[0].Principal', 'Principal', 'Missing required field Principal'],
  ['no Principal in a resource policy', doc(allow), 'resource', 'Statement[0].Principal', 'Principal', 'Missing required field Principal'],
  ['Principal and NotPrincipal', doc({ ...allow, Principal: '*', NotPrincipal: '*' }), 'resource', 'Statement[0].NotPrincipal', 'PrincipalAndNotPrincipal', 'both Principal and NotPrincipal'],
  ['an unknown principal type', doc({ ...trustStatement, Principal: { Services: 'lexv2.amazonaws.com' } }), 'trust', 'Statement[0].Principal.Services', 'PrincipalFormat', 'Invalid principal in policy'],
  ['a wildcard in a principal ARN', doc({ ...trustStatement, Principal: { AWS: 'arn:aws:iam::123456789012:role/*' } }), 'trust', 'Statement[0].Principal.AWS', 'PrincipalFormat', 'Invalid principal in policy'],
  ['a principal string other than *', doc({ ...trustStatement, Principal: 'lexv2.amazonaws.com' }), 'trust', 'Statement[0].Principal', 'PrincipalFormat', 'Invalid principal in policy'],
  ['an unknown condition operator', doc({ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'identity', 'Statement[0].Condition.StringEqualz', 'ConditionOperator', 'Invalid Condition type : StringEqualz'],
  ['NullIfExists', doc({ ...allow, Condition: { NullIfExists: { 'aws:username': 'true' } } }), 'identity', 'Statement[0].Condition.NullIfExists', 'ConditionOperator', 'Invalid Condition type'],
  ['an unknown set operator', doc({ ...allow, Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } }), 'identity', 'Statement[0].Condition.ForSomeValues:StringEquals', 'ConditionOperator', 'Invalid Condition type'],
  ['a condition block that is not an object', doc({ ...allow, Condition: { StringEquals: 'a' } }), 'identity', 'Statement[0].Condition.StringEquals', 'Condition', 'Syntax errors in policy.'],
  ['a Condition that is a list', doc({ ...allow, Condition: [] }), 'identity', 'Statement[0].Condition', 'Condition', 'Syntax errors in policy.'],
  ['a condition key without a service prefix', doc({ ...allow, Condition: { StringEquals: { username: 'a' } } }), 'identity', 'Statement[0].Condition.StringEquals.username', 'ConditionKey', 'must be prefaced by a vendor'],
  ['a condition value that is an object', doc({ ...allow, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), 'identity', 'Statement[0].Condition.StringEquals.aws:username', 'ConditionValue', 'Syntax errors in policy.'],
  ['a condition value that is null', doc({ ...allow, Condition: { StringEquals: { 'aws:username': null } } }), 'identity', 'Statement[0].Condition.StringEquals.aws:username', 'ConditionValue', 'Syntax errors in policy.'],
  ['an empty list of condition values', doc({ ...allow, Condition: { StringEquals: { 'aws:username': [] } } }), 'identity', 'Statement[0].Condition.StringEquals.aws:username', 'ConditionValue', 'Syntax errors in policy.'],
  ['a nested list of condition values', doc({ ...allow, Condition: { StringEquals: { 'aws:username': [['a']] } } }), 'identity', 'Statement[0].Condition.StringEquals.aws:username', 'ConditionValue', 'Syntax errors in policy.'],
];

describe('Validation: each rule, with its JSON path', () => {
  for (const [name, document, kind, path, rule, message] of invalid) {
    test(name, () => {
      const result = parsePolicy(document as string | object, kind);
      assert.equal(result.ok, false, 'the document should be rejected');
      if (result.ok) return;
      const issue = result.errors.find((e) => e.rule === rule && e.path === path);
      assert.ok(issue, `expected ${rule} at ${path}, got ${JSON.stringify(result.errors)}`);
      assert.ok(issue.message.includes(message), `message ${JSON.stringify(issue.message)} should include ${JSON.stringify(message)}`);
    });
  }

  test('every broken rule of one document is reported, not only the first', () => {
    const result = parsePolicy({ Version: 'x', Foo: 1, Statement: [{ Effect: 'allow', Action: 'x', Resource: 'y' }] }, 'identity');
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors.map((e) => e.rule).sort(), ['ActionFormat', 'Effect', 'ResourceFormat', 'UnknownKey', 'Version']);
  });

  test('an object that is not JSON is a syntax error, not an exception', () => {
    const cyclic: Record<string, unknown> = { Version: '2012-10-17' };
    cyclic.Statement = cyclic;
    for (const source of [cyclic, { Version: 1n }, undefined as unknown as object]) {
      const result = parsePolicy(source, 'identity');
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.errors[0].rule, 'Syntax');
    }
  });

  test('a JSON syntax error carries its position', () => {
    const result = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [}\n', 'identity');
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors[0].position, { line: 3, column: 17 });
  });
});

describe('Validation: valid documents', () => {
  const valid: [string, unknown, PolicyKind][] = [
    ['a single statement object', { Version: '2012-10-17', Statement: allow }, 'identity'],
    ['no Version (2008-10-17)', { Statement: [allow] }, 'identity'],
    ['Version 2008-10-17 and an Id', { Version: '2008-10-17', Id: 'x', Statement: [allow] }, 'identity'],
    ['a trust policy for a service principal', doc(trustStatement), 'trust'],
    ['a trust policy with an account and a role ARN', doc({ ...trustStatement, Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:role/a/b'] } }), 'trust'],
    ['a resource policy with Principal *', doc({ ...allow, Principal: '*' }), 'resource'],
    ['a resource policy Deny with NotPrincipal', doc({ ...allow, Effect: 'Deny', NotPrincipal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:user/alice'] } }), 'resource'],
    ['a resource policy Sid with spaces', doc({ ...allow, Principal: { AWS: '*' }, Sid: 'Public read' }), 'resource'],
    ['every operator with IfExists and set prefixes', doc({ ...allow, Condition: {
      'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*'] },
      'ForAnyValue:NumericLessThan': { 'example:n': 5 },
      DateGreaterThanIfExists: { 'aws:CurrentTime': '2024-01-01' },
      BoolIfExists: { 'aws:SecureTransport': true },
      NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::1'] },
      ArnNotLikeIfExists: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' },
      Null: { 'aws:TokenIssueTime': 'true' },
      BinaryEquals: { 'example:b': 'QQ==' },
    } }), 'identity'],
    ['action wildcards', doc({ ...allow, Action: ['*', 's3:*', 's3:Get*', 'ec2:Describe?nstances'] }), 'identity'],
    ['an SCP', doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }), 'scp'],
    ['a session policy', doc(allow), 'session'],
  ];
  for (const [name, document, kind] of valid) {
    test(name, () => {
      const result = parsePolicy(document as object, kind);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    });
  }
});

describe('Size limits and the compile cache', () => {
  test('policySize counts characters other than whitespace', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }'), 10);
    assert.equal(policySize({ a: 'b' }), 9);
  });
  test('a document over the given limit is rejected with SizeLimit', () => {
    const big = doc(...Array.from({ length: 110 }, (_, i) => ({ ...allow, Sid: `S${i}` })));
    assert.ok(policySize(JSON.stringify(big)) > POLICY_SIZE_LIMITS.managedPolicy);
    const result = parsePolicy(big, 'identity', { maxSize: POLICY_SIZE_LIMITS.managedPolicy });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors[0], { path: '', rule: 'SizeLimit', message: 'Cannot exceed quota for PolicySize: 6144' });
    assert.equal(parsePolicy(big, 'identity', { maxSize: POLICY_SIZE_LIMITS.inlineRolePolicy }).ok, true);
  });
  test('a document exactly at the limit is accepted', () => {
    const text = JSON.stringify(doc(allow));
    assert.equal(parsePolicy(text, 'identity', { maxSize: policySize(text) }).ok, true);
    assert.equal(parsePolicy(text, 'identity', { maxSize: policySize(text) - 1 }).ok, false);
  });
  test('parsing the same text twice returns the same compiled object; another kind does not', () => {
    const text = JSON.stringify(doc(allow));
    const first = parsePolicy(text, 'identity');
    const second = parsePolicy(text, 'identity');
    const boundary = parsePolicy(text, 'boundary');
    assert.ok(first.ok && second.ok && boundary.ok);
    assert.equal(first.policy, second.policy);
    assert.notEqual(first.policy, boundary.policy);
    assert.ok(Object.isFrozen(first.policy));
  });
});
