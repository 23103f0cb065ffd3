// The custom policy checks through the SDK and the AWS CLI: AWS's documented examples, then one table per
// check of policies that differ in one construct each (actions, NotAction, resources, principals,
// Deny, each condition family, set operators), so that a mistake in any encoding changes a result.
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  type AccessCheckResourceType,
  type ReasonSummary,
} from '@aws-sdk/client-accessanalyzer';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, it, after } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';
import { z3Requested } from '../../src/services/accessanalyzer/reasoning/solver.js';

type Statement = Record<string, unknown>;
const policy = (...statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
const reasonIndexes = (reasons: ReasonSummary[] | undefined) => (reasons ?? []).map((r) => r.statementIndex);

// AWS CLI's examples (awscli/examples/accessanalyzer/check-no-new-access.rst, check-access-not-granted.rst).
const BUCKET = ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'];
const EXISTING = policy(allow(['s3:GetObject', 's3:ListBucket'], BUCKET));
const NEW = policy(allow(['s3:GetObject', 's3:GetObjectAcl', 's3:ListBucket'], BUCKET));

describe('Access Analyzer custom policy checks', () => {
  const env = useTestServer({ clients: { aa: AccessAnalyzerClient } });
  const dir = `/tmp/aa-checks/cli-${process.pid}`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('CheckNoNewAccess: AWS\'s example FAILs with the statement that grants new access (Z3 loads on this first check, not at the start)', async () => {
    assert.equal(z3Requested(), false, 'the server (in this process) started without loading Z3');
    const out = await env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: NEW, existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' }));
    assert.equal(out.result, 'FAIL');
    assert.equal(out.message, 'The modified permissions grant new access compared to your existing policy.');
    assert.deepEqual(out.reasons, [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }]);
    assert.equal(z3Requested(), true);
  });

  it('CheckAccessNotGranted: AWS\'s example PASSes', async () => {
    const out = await env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: EXISTING, access: [{ actions: ['s3:DeleteBucket', 's3:GetBucketLocation'] }], policyType: 'IDENTITY_POLICY' }));
    assert.equal(out.result, 'PASS');
    assert.equal(out.message, 'The policy document does not grant access to perform one or more of the listed actions.');
    assert.deepEqual(out.reasons ?? [], []);
  });

  it('CheckNoPublicAccess: AWS\'s example (a named user, no Resource element) PASSes', async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'CheckNoPublicAccess', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/JohnDoe' }, Action: ['s3:GetObject'] }] });
    const out = await env.aa.send(new CheckNoPublicAccessCommand({ policyDocument: document, resourceType: 'AWS::S3::Bucket' }));
    assert.equal(out.result, 'PASS');
    assert.equal(out.message, 'The resource policy does not grant public access for the given resource type.');
  });

  const tagged = (values: string[], op = 'ForAllValues:StringEquals') => ({ Condition: { [op]: { 'aws:TagKeys': values } } });
  const noNewAccess: { name: string; existing: string; new: string; type?: 'RESOURCE_POLICY'; reasons: number[] }[] = [
    { name: 'the same policy', existing: NEW, new: NEW, reasons: [] },
    { name: 'fewer actions', existing: NEW, new: EXISTING, reasons: [] },
    { name: 'an action glob wider than the listed actions', existing: EXISTING, new: policy(allow('s3:Get*', BUCKET)), reasons: [0] },
    { name: 'an action glob within the existing one', existing: policy(allow('s3:Get*')), new: policy(allow(['s3:GetObject', 's3:getobjectacl'])), reasons: [] },
    { name: 'a resource beyond the existing ones', existing: EXISTING, new: policy(allow('s3:GetObject', BUCKET), allow('s3:GetObject', 'arn:aws:s3:::other/*')), reasons: [1] },
    { name: 'a ? in the region segment, which matches no colon', existing: policy(allow('ec2:*', 'arn:aws:ec2:us-east-?:*:*')), new: policy(allow('ec2:*', 'arn:aws:ec2:us-east-1:*:*')), reasons: [] },
    { name: 'NotAction: everything but IAM within everything', existing: policy(allow('*')), new: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), reasons: [] },
    { name: 'everything beyond everything but IAM', existing: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), new: policy(allow('*')), reasons: [0] },
    { name: 'NotResource: every bucket but one, within every bucket', existing: policy(allow('s3:*', 'arn:aws:s3:::*')), new: policy({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret' }), reasons: [0] },
    { name: 'a Deny added', existing: policy(allow('s3:*')), new: policy(allow('s3:*'), deny('s3:DeleteBucket')), reasons: [] },
    { name: 'a Deny removed', existing: policy(allow('s3:*'), deny('s3:DeleteBucket')), new: policy(allow('s3:*')), reasons: [0] },
    { name: 'a condition added', existing: policy(allow('s3:*')), new: policy(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })), reasons: [] },
    { name: 'a condition removed', existing: policy(allow('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })), new: policy(allow('s3:*')), reasons: [0] },
    { name: 'StringLike within a wider glob', existing: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'home/*' } } })), new: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'home/alice/*' } } })), reasons: [] },
    { name: 'StringLike wider than the existing glob', existing: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'home/alice/*' } } })), new: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'home/*' } } })), reasons: [0] },
    { name: 'NumericLessThan a lower bound', existing: policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThan: { 's3:max-keys': '100' } } })), new: policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThan: { 's3:max-keys': '50' } } })), reasons: [] },
    { name: 'NumericLessThan a higher bound', existing: policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThan: { 's3:max-keys': '50' } } })), new: policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThanEquals: { 's3:max-keys': '50' } } })), reasons: [0] },
    { name: 'DateLessThan an earlier date', existing: policy(allow('s3:*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } })), new: policy(allow('s3:*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2029-06-01' } } })), reasons: [] },
    { name: 'DateGreaterThan an earlier date', existing: policy(allow('s3:*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2029-06-01' } } })), new: policy(allow('s3:*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } } })), reasons: [0] },
    { name: 'an IP range within the existing one', existing: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), new: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': ['10.1.0.0/16', '10.2.3.4'] } } })), reasons: [] },
    { name: 'an IP range beyond the existing one', existing: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } })), new: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/15' } } })), reasons: [0] },
    { name: 'an IPv6 range against an IPv4 one', existing: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), new: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } })), reasons: [0] },
    { name: 'Bool true in any letter case', existing: policy(allow('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), new: policy(allow('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'TRUE' } } })), reasons: [] },
    { name: 'BoolIfExists beyond Bool (the key may be absent)', existing: policy(allow('s3:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), new: policy(allow('s3:*', '*', { Condition: { BoolIfExists: { 'aws:SecureTransport': 'true' } } })), reasons: [0] },
    { name: 'Null false (present) within any', existing: policy(allow('s3:*')), new: policy(allow('s3:*', '*', { Condition: { Null: { 'aws:PrincipalTag/team': 'false' } } })), reasons: [] },
    { name: 'ForAllValues on fewer tag keys', existing: policy(allow('s3:*', '*', tagged(['a', 'b']))), new: policy(allow('s3:*', '*', tagged(['a']))), reasons: [] },
    { name: 'ForAllValues on more tag keys', existing: policy(allow('s3:*', '*', tagged(['a']))), new: policy(allow('s3:*', '*', tagged(['a', 'b']))), reasons: [0] },
    { name: 'only requests without the key, which ForAllValues allows too', existing: policy(allow('s3:*', '*', tagged(['a']))), new: policy(allow('s3:*', '*', { Condition: { Null: { 'aws:TagKeys': 'true' } } })), reasons: [] },
    { name: 'ForAnyValue beyond ForAllValues (another key may come along)', existing: policy(allow('s3:*', '*', tagged(['a']))), new: policy(allow('s3:*', '*', tagged(['a'], 'ForAnyValue:StringEquals'))), reasons: [0] },
    { name: 'ArnLike within a wider ARN pattern', existing: policy(allow('sns:Publish', '*', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } } })), new: policy(allow('sns:Publish', '*', { Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::logs' } } })), reasons: [] },
    { name: 'the same policy variable in both (one unknown)', existing: policy(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*')), new: policy(allow('s3:*', 'arn:aws:s3:::home/${aws:username}/*')), reasons: [] },
    { name: 'a second statement granting the same', existing: EXISTING, new: policy(allow('s3:GetObject', BUCKET), { Sid: 'More', ...allow('s3:PutObject', BUCKET) }), reasons: [1] },
    { name: 'a resource policy adding an account', type: 'RESOURCE_POLICY', existing: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: '111122223333' } })), new: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: ['111122223333', '444455556666'] } })), reasons: [0] },
    { name: 'a resource policy naming a user of the account it names already', type: 'RESOURCE_POLICY', existing: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), new: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: 'arn:aws:iam::111122223333:user/JohnDoe' } })), reasons: [] },
    { name: 'a resource policy naming a role\'s sessions beside its role', type: 'RESOURCE_POLICY', existing: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: 'arn:aws:iam::111122223333:role/path/Reader' } })), new: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/Reader/s1' } })), reasons: [] },
    { name: 'a resource policy opened to everyone', type: 'RESOURCE_POLICY', existing: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: '111122223333' } })), new: policy(allow('s3:GetObject', BUCKET, { Principal: '*' })), reasons: [0] },
    { name: 'a resource policy\'s NotPrincipal Deny exempting one user', type: 'RESOURCE_POLICY', existing: policy(allow('s3:GetObject', BUCKET, { Principal: '*' }), { Effect: 'Deny', Action: 's3:*', Resource: '*', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/JohnDoe' } }), new: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: 'arn:aws:iam::111122223333:user/JohnDoe' } })), reasons: [] },
  ];
  for (const c of noNewAccess) {
    it(`CheckNoNewAccess ${c.reasons.length ? 'FAILs' : 'PASSes'}: ${c.name}`, async () => {
      const out = await env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: c.new, existingPolicyDocument: c.existing, policyType: c.type ?? 'IDENTITY_POLICY' }));
      assert.equal(out.result, c.reasons.length ? 'FAIL' : 'PASS');
      assert.deepEqual(reasonIndexes(out.reasons), c.reasons);
    });
  }

  const S3_ALL = policy(allow('s3:*'), deny('s3:DeleteBucket'));
  const notGranted: { name: string; document: string; access: { actions?: string[]; resources?: string[] }; type?: 'RESOURCE_POLICY'; reasons: number[]; ids?: (string | undefined)[] }[] = [
    { name: 'a listed action the policy allows', document: EXISTING, access: { actions: ['s3:DeleteBucket', 's3:GetObject'] }, reasons: [0] },
    { name: 'a listed action in another letter case', document: EXISTING, access: { actions: ['S3:getobject'] }, reasons: [0] },
    { name: 'a listed action a Deny takes away', document: S3_ALL, access: { actions: ['s3:DeleteBucket'] }, reasons: [] },
    { name: 'a listed action a conditional Deny may leave', document: policy(allow('s3:*'), deny('s3:DeleteBucket', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })), access: { actions: ['s3:DeleteBucket'] }, reasons: [0] },
    { name: 'a Deny for an absent or false key (BoolIfExists) leaves MFA requests', document: policy(allow('s3:*'), deny('s3:DeleteBucket', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })), access: { actions: ['s3:DeleteBucket'] }, reasons: [0] },
    { name: 'a Deny outside the listed resources', document: policy(allow('s3:*'), deny('s3:*', 'arn:aws:s3:::other/*')), access: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::amzn-s3-demo-bucket/key'] }, reasons: [0] },
    { name: 'listed resources the policy does not reach', document: EXISTING, access: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/key'] }, reasons: [] },
    { name: 'listed resources only', document: EXISTING, access: { resources: ['arn:aws:s3:::amzn-s3-demo-bucket/key'] }, reasons: [0] },
    { name: 'an action NotAction leaves out', document: policy({ Sid: 'NotIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), access: { actions: ['iam:CreateUser'] }, reasons: [] },
    { name: 'an action NotAction lets through, with its Sid', document: policy({ Sid: 'NotIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), access: { actions: ['s3:GetObject'] }, reasons: [0], ids: ['NotIam'] },
    { name: 'the resource NotResource leaves out', document: policy({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }), access: { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::secret/key'] }, reasons: [] },
    { name: 'a listed action glob that some statement allows', document: policy(allow('iam:GetRole'), allow('s3:GetObject')), access: { actions: ['s3:Get*'] }, reasons: [1] },
    { name: 'a condition no request meets (NumericLessThan 5 and NumericGreaterThan 10)', document: policy(allow('s3:ListBucket', '*', { Condition: { NumericLessThan: { 's3:max-keys': '5' }, NumericGreaterThan: { 's3:max-keys': '10' } } })), access: { actions: ['s3:ListBucket'] }, reasons: [] },
    { name: 'a plain operator on a key with several values never holds, set operators can', document: policy(allow('s3:*', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] }, 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['b'] } } })), access: { actions: ['s3:GetObject'] }, reasons: [] },
    { name: 'Null true (absent) against a value test', document: policy(allow('s3:*', '*', { Condition: { Null: { 'aws:PrincipalTag/team': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'blue' } } })), access: { actions: ['s3:GetObject'] }, reasons: [] },
    { name: 'StringNotEquals on an absent key', document: policy(allow('s3:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'blue' }, Null: { 'aws:PrincipalTag/team': 'true' } } })), access: { actions: ['s3:GetObject'] }, reasons: [0] },
    { name: 'two IP ranges no address is in', document: policy(allow('s3:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/7' } } })), access: { actions: ['s3:GetObject'] }, reasons: [] },
    { name: 'a literal backslash-u text, which is no escape ("\\u{41}" is not "A")', document: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': '\\u{41}?*' } } }), deny('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'A*' } } })), access: { actions: ['s3:ListBucket'] }, reasons: [0] },
    { name: 'a non-ASCII text a Deny takes away', document: policy(allow('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'é?*' } } }), deny('s3:*', '*', { Condition: { StringLike: { 's3:prefix': 'é*' } } })), access: { actions: ['s3:ListBucket'] }, reasons: [] },
    { name: 'a resource policy granting an account', type: 'RESOURCE_POLICY', document: policy(allow('s3:GetObject', BUCKET, { Principal: { AWS: '111122223333' } })), access: { actions: ['s3:GetObject'] }, reasons: [0] },
  ];
  for (const c of notGranted) {
    it(`CheckAccessNotGranted ${c.reasons.length ? 'FAILs' : 'PASSes'}: ${c.name}`, async () => {
      const out = await env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: c.document, access: [c.access], policyType: c.type ?? 'IDENTITY_POLICY' }));
      assert.equal(out.result, c.reasons.length ? 'FAIL' : 'PASS');
      assert.deepEqual(reasonIndexes(out.reasons), c.reasons);
      if (c.ids) assert.deepEqual(out.reasons!.map((r) => r.statementId), c.ids);
      if (c.reasons.length) {
        assert.equal(out.message, 'The policy document grants access to perform one or more of the listed actions.');
        assert.equal(out.reasons![0].description, `One or more of the listed actions or resources in the statement with index: ${c.reasons[0]}.`);
      }
    });
  }

  const everyone = (extra: Statement = {}, principal: unknown = '*'): Statement => ({ Sid: 'Everyone', Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*', ...extra });
  const when = (condition: Record<string, Record<string, string | string[]>>) => ({ Condition: condition });
  const publicAccess: { name: string; document: string; type?: AccessCheckResourceType; reasons: number[] }[] = [
    { name: 'Principal "*"', document: policy(everyone()), reasons: [0] },
    { name: 'Principal {"AWS": "*"}', document: policy(everyone({}, { AWS: '*' })), reasons: [0] },
    { name: 'an account\'s root', document: policy(everyone({}, { AWS: 'arn:aws:iam::111122223333:root' })), reasons: [] },
    { name: 'a service principal', document: policy(everyone({}, { Service: 'cloudtrail.amazonaws.com' })), reasons: [] },
    { name: '"*" limited by aws:PrincipalAccount', document: policy(everyone(when({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }))), reasons: [] },
    { name: '"*" limited by aws:PrincipalOrgID', document: policy(everyone(when({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }))), reasons: [] },
    { name: '"*" limited by aws:PrincipalOrgPaths', document: policy(everyone(when({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } }))), reasons: [] },
    { name: '"*" limited by aws:SourceArn with its account', document: policy(everyone(when({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }))), reasons: [] },
    { name: '"*" limited by aws:SourceAccount', document: policy(everyone(when({ StringEquals: { 'aws:SourceAccount': '111122223333' } }))), reasons: [] },
    { name: '"*" limited by aws:SourceVpce', document: policy(everyone(when({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }))), reasons: [] },
    { name: '"*" limited by aws:SourceIp only', document: policy(everyone(when({ IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }))), reasons: [0] },
    { name: '"*" with an account condition that a negation opens', document: policy(everyone(when({ StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }))), reasons: [0] },
    { name: '"*" with an account glob', document: policy(everyone(when({ StringLike: { 'aws:PrincipalAccount': '1111*' } }))), reasons: [0] },
    { name: '"*" closed by a Deny for every other account', document: policy(everyone(), { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } } }), reasons: [] },
    { name: 'a trust policy trusting "*"', type: 'AWS::IAM::AssumeRolePolicyDocument', document: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), reasons: [0] },
    { name: 'a trust policy trusting a service', type: 'AWS::IAM::AssumeRolePolicyDocument', document: policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), reasons: [] },
    { name: 'two statements, the second public', type: 'AWS::SQS::Queue', document: policy(everyone({ Sid: 'Mine' }, { AWS: '111122223333' }), everyone({ Sid: 'Open' })), reasons: [1] },
  ];
  for (const c of publicAccess) {
    it(`CheckNoPublicAccess ${c.reasons.length ? 'FAILs' : 'PASSes'}: ${c.name}`, async () => {
      const out = await env.aa.send(new CheckNoPublicAccessCommand({ policyDocument: c.document, resourceType: c.type ?? 'AWS::S3::Bucket' }));
      assert.equal(out.result, c.reasons.length ? 'FAIL' : 'PASS');
      assert.deepEqual(reasonIndexes(out.reasons), c.reasons);
      if (c.reasons.length) {
        assert.equal(out.message, 'The resource policy grants public access for the given resource type.');
        assert.match(out.reasons![0].description!, new RegExp(`^Public access granted in the following statement with index: ${c.reasons[0]}\\.$`));
      }
    });
  }

  it('refuses invalid documents and access with AWS-shaped errors', async () => {
    await rejectsWith(env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: '{"Version": ', existingPolicyDocument: EXISTING, policyType: 'IDENTITY_POLICY' })), 'InvalidParameterException', /^Invalid newPolicyDocument: Syntax errors in policy\./, 400);
    await rejectsWith(env.aa.send(new CheckNoNewAccessCommand({ newPolicyDocument: EXISTING, existingPolicyDocument: policy(allow('s3:*', '*', { Principal: '*' })), policyType: 'IDENTITY_POLICY' })), 'InvalidParameterException', /^Invalid existingPolicyDocument: Policy document should not specify a principal\./, 400);
    await rejectsWith(env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: EXISTING, access: [{}], policyType: 'IDENTITY_POLICY' })), 'ValidationException', 'Each access item must specify actions, resources or both.', 400);
    await rejectsWith(env.aa.send(new CheckAccessNotGrantedCommand({ policyDocument: EXISTING, access: [{ actions: ['GetObject'] }], policyType: 'IDENTITY_POLICY' })), 'InvalidParameterException', /^Invalid access: Actions\/Conditions must be prefaced by a vendor/, 400);
    await rejectsWith(env.aa.send(new CheckNoPublicAccessCommand({ policyDocument: policy(allow('s3:*')), resourceType: 'AWS::S3::Bucket' })), 'InvalidParameterException', /^Invalid policyDocument: Missing required field Principal/, 400);
  });

  it('aws accessanalyzer check-no-new-access (AWS CLI v1) answers AWS\'s example', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/existing-policy.json`, EXISTING);
    writeFileSync(`${dir}/new-policy.json`, NEW);
    const out = await awsCliJson(env.server.url, [
      'accessanalyzer', 'check-no-new-access',
      '--existing-policy-document', `file://${dir}/existing-policy.json`,
      '--new-policy-document', `file://${dir}/new-policy.json`,
      '--policy-type', 'IDENTITY_POLICY',
    ]);
    assert.deepEqual(out, {
      result: 'FAIL',
      message: 'The modified permissions grant new access compared to your existing policy.',
      reasons: [{ description: 'New access in the statement with index: 0.', statementIndex: 0 }],
    });
  });
});
