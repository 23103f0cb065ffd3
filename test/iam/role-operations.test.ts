// Every IAM role operation and its errors, through the AWS SDK against a running server.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, s3ReadPolicy, trustPolicy } from '../support/iam.js';

const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('IAM role operations', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  describe('CreateRole', () => {
    it('answers the role as AWS does: no MaxSessionDuration or RoleLastUsed, path in the ARN', async () => {
      const { Role } = await env.iam.send(
        new CreateRoleCommand({ RoleName: 'with-path', Path: '/team/app/', AssumeRolePolicyDocument: trustPolicy(), Description: 'a role', MaxSessionDuration: 7200, Tags: [{ Key: 'env', Value: '' }] }),
      );
      assert.equal(Role?.Arn, 'arn:aws:iam::123456789012:role/team/app/with-path');
      assert.equal(Role?.Path, '/team/app/');
      assert.equal(Role?.Description, 'a role');
      assert.equal(Role?.MaxSessionDuration, undefined);
      assert.equal(Role?.RoleLastUsed, undefined);
      assert.deepEqual(Role?.Tags, [{ Key: 'env', Value: '' }]);
      assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), trustPolicy());
      const got = await env.iam.send(new GetRoleCommand({ RoleName: 'with-path' }));
      assert.equal(got.Role?.MaxSessionDuration, 7200);
      assert.deepEqual(got.Role?.RoleLastUsed, {});
    });

    it('accepts the service-linked path but makes an ordinary role, which stays modifiable', async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'AWSServiceRoleForFake', Path: '/aws-service-role/fake.amazonaws.com/', AssumeRolePolicyDocument: trustPolicy('fake.amazonaws.com') }));
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'AWSServiceRoleForFake', PolicyName: 'p', PolicyDocument: s3ReadPolicy }));
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'AWSServiceRoleForFake', PolicyName: 'p' }));
      await env.iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForFake' }));
    });

    it('refuses a name taken in any case with EntityAlreadyExists', async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'dup-role', AssumeRolePolicyDocument: trustPolicy() }));
      await rejectsWith(env.iam.send(new CreateRoleCommand({ RoleName: 'DUP-ROLE', AssumeRolePolicyDocument: trustPolicy() })), 'EntityAlreadyExists', 'Role with name DUP-ROLE already exists.', 409);
    });

    it('validates the path, the session duration and the name with the model constraints', async () => {
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'bad-path', Path: 'no-slash', AssumeRolePolicyDocument: trustPolicy() })),
        'ValidationError',
        /at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern/,
        400,
      );
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'short', MaxSessionDuration: 3599, AssumeRolePolicyDocument: trustPolicy() })),
        'ValidationError',
        /at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600/,
        400,
      );
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'long', MaxSessionDuration: 43201, AssumeRolePolicyDocument: trustPolicy() })),
        'ValidationError',
        /at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200/,
        400,
      );
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'x'.repeat(65), AssumeRolePolicyDocument: trustPolicy() })),
        'ValidationError',
        /at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64/,
        400,
      );
    });

    it('validates the trust policy with AWS texts', async () => {
      await rejectsWith(env.iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: '{not json' })), 'MalformedPolicyDocument', 'This policy contains invalid Json', 400);
      const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] });
      await rejectsWith(env.iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: withResource })), 'MalformedPolicyDocument', 'Has prohibited field Resource', 400);
      const s3Action = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }] });
      await rejectsWith(env.iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: s3Action })), 'MalformedPolicyDocument', 'AssumeRole policy may only specify STS AssumeRole actions.', 400);
      const big = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': Array.from({ length: 200 }, (_, i) => String(100000000000 + i)) } } }],
      });
      await rejectsWith(env.iam.send(new CreateRoleCommand({ RoleName: 'bad-trust', AssumeRolePolicyDocument: big })), 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048', 409);
      await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: 'bad-trust' })), 'NoSuchEntity', 'The role with name bad-trust cannot be found.', 404);
    });

    it('refuses duplicate tag keys (in any case) and more than 50 tags', async () => {
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trustPolicy(), Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
        400,
      );
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trustPolicy(), Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
        'ValidationError',
        /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/,
        400,
      );
    });

    it('takes a permissions boundary, checking that the policy exists', async () => {
      const { Role } = await env.iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trustPolicy(), PermissionsBoundary: READ_ONLY }));
      assert.deepEqual(Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: READ_ONLY });
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'bounded2', AssumeRolePolicyDocument: trustPolicy(), PermissionsBoundary: 'arn:aws:iam::123456789012:policy/nope' })),
        'NoSuchEntity',
        'Scope ARN: arn:aws:iam::123456789012:policy/nope does not exist or is not attachable.',
        404,
      );
      await rejectsWith(
        env.iam.send(new CreateRoleCommand({ RoleName: 'bounded2', AssumeRolePolicyDocument: trustPolicy(), PermissionsBoundary: 'arn:aws:iam::123456789012:not_a_policy/invalid' })),
        'InvalidInput',
        'ARN arn:aws:iam::123456789012:not_a_policy/invalid is not valid.',
        400,
      );
    });
  });

  describe('ListRoles', () => {
    before(async () => {
      for (let i = 0; i < 7; i++) {
        await env.iam.send(new CreateRoleCommand({ RoleName: `list-${i}`, Path: '/listing/', AssumeRolePolicyDocument: trustPolicy(), Description: `Role ${i}`, Tags: [{ Key: 'n', Value: String(i) }] }));
      }
    });

    it('pages with Marker and MaxItems, in name order, filtered by PathPrefix', async () => {
      const first = await env.iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 3 }));
      assert.deepEqual(first.Roles?.map((r) => r.RoleName), ['list-0', 'list-1', 'list-2']);
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      const second = await env.iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 3, Marker: first.Marker }));
      assert.deepEqual(second.Roles?.map((r) => r.RoleName), ['list-3', 'list-4', 'list-5']);
      const third = await env.iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 3, Marker: second.Marker }));
      assert.deepEqual(third.Roles?.map((r) => r.RoleName), ['list-6']);
      assert.equal(third.IsTruncated, false);
      assert.equal(third.Marker, undefined);
      const none = await env.iam.send(new ListRolesCommand({ PathPrefix: '/nothing-here/' }));
      assert.deepEqual(none.Roles, []);
      assert.equal(none.IsTruncated, false);
    });

    it('omits Tags, RoleLastUsed and PermissionsBoundary as AWS does', async () => {
      const { Roles } = await env.iam.send(new ListRolesCommand({ PathPrefix: '/listing/', MaxItems: 1 }));
      const role = Roles![0];
      assert.equal(role.Description, 'Role 0');
      assert.equal(role.MaxSessionDuration, 3600);
      assert.equal(role.Tags, undefined);
      assert.equal(role.RoleLastUsed, undefined);
      const all = await env.iam.send(new ListRolesCommand({}));
      const bounded = all.Roles?.find((r) => r.RoleName === 'bounded');
      assert.ok(bounded);
      assert.equal(bounded.PermissionsBoundary, undefined);
    });

    it('refuses a marker it did not issue', async () => {
      await rejectsWith(env.iam.send(new ListRolesCommand({ Marker: '!!not-a-marker!!' })), 'InvalidInput', 'Invalid Marker.', 400);
    });
  });

  describe('UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy', () => {
    before(async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'updatable', AssumeRolePolicyDocument: trustPolicy(), Description: 'initial description' }));
    });

    it('changes the description and the session duration', async () => {
      await env.iam.send(new UpdateRoleCommand({ RoleName: 'updatable', Description: 'updated description', MaxSessionDuration: 7200 }));
      let { Role } = await env.iam.send(new GetRoleCommand({ RoleName: 'updatable' }));
      assert.equal(Role?.Description, 'updated description');
      assert.equal(Role?.MaxSessionDuration, 7200);
      // UpdateRole without members changes nothing.
      await env.iam.send(new UpdateRoleCommand({ RoleName: 'updatable' }));
      ({ Role } = await env.iam.send(new GetRoleCommand({ RoleName: 'updatable' })));
      assert.equal(Role?.Description, 'updated description');
      assert.equal(Role?.MaxSessionDuration, 7200);
    });

    it('UpdateRoleDescription answers the role as CreateRole does', async () => {
      const { Role } = await env.iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'updatable', Description: 'via UpdateRoleDescription' }));
      assert.equal(Role?.Description, 'via UpdateRoleDescription');
      assert.equal(Role?.MaxSessionDuration, undefined);
      assert.equal(Role?.RoleLastUsed, undefined);
    });

    it('replaces the trust policy, validated as on CreateRole', async () => {
      const ec2 = trustPolicy('ec2.amazonaws.com');
      await env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'updatable', PolicyDocument: ec2 }));
      const { Role } = await env.iam.send(new GetRoleCommand({ RoleName: 'updatable' }));
      assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), ec2);
      await rejectsWith(env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'updatable', PolicyDocument: 'nope' })), 'MalformedPolicyDocument', 'This policy contains invalid Json', 400);
    });

    it('answers NoSuchEntity for an unknown role', async () => {
      const missing = 'The role with name test-nonexistent-role cannot be found.';
      await rejectsWith(env.iam.send(new UpdateRoleCommand({ RoleName: 'test-nonexistent-role', Description: 'x' })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'test-nonexistent-role', Description: 'x' })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'test-nonexistent-role', PolicyDocument: trustPolicy() })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new DeleteRoleCommand({ RoleName: 'test-nonexistent-role' })), 'NoSuchEntity', missing, 404);
    });
  });

  describe('tags', () => {
    before(async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'tag-me', AssumeRolePolicyDocument: trustPolicy() }));
    });

    it('adds, replaces (keys are case-insensitive), lists and removes tags', async () => {
      await env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: [{ Key: 'somekey', Value: 'somevalue' }, { Key: 'someotherkey', Value: 'someothervalue' }] }));
      await env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: [{ Key: 'Somekey', Value: 'updatedvalue' }] }));
      let { Tags, IsTruncated } = await env.iam.send(new ListRoleTagsCommand({ RoleName: 'tag-me' }));
      assert.deepEqual(Tags, [{ Key: 'Somekey', Value: 'updatedvalue' }, { Key: 'someotherkey', Value: 'someothervalue' }]);
      assert.equal(IsTruncated, false);
      const page = await env.iam.send(new ListRoleTagsCommand({ RoleName: 'tag-me', MaxItems: 1 }));
      assert.deepEqual(page.Tags, [{ Key: 'Somekey', Value: 'updatedvalue' }]);
      assert.equal(page.IsTruncated, true);
      const rest = await env.iam.send(new ListRoleTagsCommand({ RoleName: 'tag-me', MaxItems: 1, Marker: page.Marker }));
      assert.deepEqual(rest.Tags, [{ Key: 'someotherkey', Value: 'someothervalue' }]);
      await env.iam.send(new UntagRoleCommand({ RoleName: 'tag-me', TagKeys: ['SOMEKEY', 'not-there'] }));
      ({ Tags } = await env.iam.send(new ListRoleTagsCommand({ RoleName: 'tag-me' })));
      assert.deepEqual(Tags, [{ Key: 'someotherkey', Value: 'someothervalue' }]);
      const got = await env.iam.send(new GetRoleCommand({ RoleName: 'tag-me' }));
      assert.deepEqual(got.Role?.Tags, [{ Key: 'someotherkey', Value: 'someothervalue' }]);
    });

    it('keeps at most 50 tags on a role', async () => {
      await env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: Array.from({ length: 49 }, (_, i) => ({ Key: `t${i}`, Value: 'v' })) }));
      await rejectsWith(
        env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: [{ Key: 'one-too-many', Value: 'v' }] })),
        'LimitExceeded',
        'Cannot exceed quota for TagsPerRole: 50',
        409,
      );
      const { Tags } = await env.iam.send(new ListRoleTagsCommand({ RoleName: 'tag-me' }));
      assert.equal(Tags?.length, 50);
    });

    it('answers AWS errors for bad tags and unknown roles', async () => {
      await rejectsWith(
        env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })),
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
        400,
      );
      await rejectsWith(
        env.iam.send(new TagRoleCommand({ RoleName: 'tag-me', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] })),
        'ValidationError',
        /at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128/,
        400,
      );
      const missing = 'The role with name test-nonexistent-role cannot be found.';
      await rejectsWith(env.iam.send(new TagRoleCommand({ RoleName: 'test-nonexistent-role', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new UntagRoleCommand({ RoleName: 'test-nonexistent-role', TagKeys: ['a'] })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new ListRoleTagsCommand({ RoleName: 'test-nonexistent-role' })), 'NoSuchEntity', missing, 404);
    });
  });

  describe('inline policies', () => {
    before(async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: trustPolicy() }));
    });

    it('puts, gets (URL-encoded, as sent), lists, pages and deletes inline policies', async () => {
      const pretty = JSON.stringify(JSON.parse(s3ReadPolicy), null, 2);
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b-policy', PolicyDocument: pretty }));
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a-policy', PolicyDocument: s3ReadPolicy }));
      const got = await env.iam.send(new GetRolePolicyCommand({ RoleName: 'INLINE', PolicyName: 'b-policy' }));
      assert.equal(got.RoleName, 'inline');
      assert.equal(got.PolicyName, 'b-policy');
      assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), pretty);
      const list = await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }));
      assert.deepEqual(list.PolicyNames, ['a-policy', 'b-policy']);
      const page = await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', MaxItems: 1 }));
      assert.deepEqual(page.PolicyNames, ['a-policy']);
      assert.equal(page.IsTruncated, true);
      const rest = await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', MaxItems: 1, Marker: page.Marker }));
      assert.deepEqual(rest.PolicyNames, ['b-policy']);
      assert.equal(rest.IsTruncated, false);
      // Putting a policy again replaces it.
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b-policy', PolicyDocument: s3ReadPolicy }));
      const replaced = await env.iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b-policy' }));
      assert.equal(decodeURIComponent(replaced.PolicyDocument ?? ''), s3ReadPolicy);
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a-policy' }));
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b-policy' }));
      assert.deepEqual((await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames, []);
    });

    it('answers AWS errors: unknown policy, unknown role, malformed document, size quota', async () => {
      await rejectsWith(env.iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'non-existent-policy' })), 'NoSuchEntity', 'The role policy with name non-existent-policy cannot be found.', 404);
      await rejectsWith(env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'non-existent-policy' })), 'NoSuchEntity', 'The role policy with name non-existent-policy cannot be found.', 404);
      const missing = 'The role with name nonexistent-role cannot be found.';
      await rejectsWith(env.iam.send(new GetRolePolicyCommand({ RoleName: 'nonexistent-role', PolicyName: 'p' })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new PutRolePolicyCommand({ RoleName: 'nonexistent-role', PolicyName: 'p', PolicyDocument: s3ReadPolicy })), 'NoSuchEntity', missing, 404);
      await rejectsWith(env.iam.send(new ListRolePoliciesCommand({ RoleName: 'nonexistent-role' })), 'NoSuchEntity', missing, 404);
      const noResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] });
      await rejectsWith(env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'p', PolicyDocument: noResource })), 'MalformedPolicyDocument', 'Policy statement must contain resources.', 400);
      const resources = Array.from({ length: 160 }, (_, i) => `arn:aws:s3:::bucket-number-${String(i).padStart(4, '0')}/*`);
      const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] });
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'big-1', PolicyDocument: big }));
      await rejectsWith(
        env.iam.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'big-2', PolicyDocument: big })),
        'LimitExceeded',
        'Maximum policy size of 10240 bytes exceeded for role inline',
        409,
      );
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'big-1' }));
    });
  });

  describe('attached managed policies', () => {
    before(async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'attached', AssumeRolePolicyDocument: trustPolicy() }));
    });

    it('attaches AWS managed policies (idempotently), lists them by path and detaches them', async () => {
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: LAMBDA_BASIC }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: READ_ONLY }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: LAMBDA_BASIC }));
      const all = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached' }));
      assert.deepEqual(all.AttachedPolicies, [
        { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC },
        { PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY },
      ]);
      assert.equal(all.IsTruncated, false);
      const serviceRole = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached', PathPrefix: '/service-role/' }));
      assert.deepEqual(serviceRole.AttachedPolicies?.map((p) => p.PolicyName), ['AWSLambdaBasicExecutionRole']);
      const page = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached', MaxItems: 1 }));
      assert.equal(page.IsTruncated, true);
      const rest = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached', MaxItems: 1, Marker: page.Marker }));
      assert.deepEqual(rest.AttachedPolicies?.map((p) => p.PolicyName), ['ReadOnlyAccess']);
      await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: LAMBDA_BASIC }));
      await rejectsWith(
        env.iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: LAMBDA_BASIC })),
        'NoSuchEntity',
        `Policy ${LAMBDA_BASIC} was not found.`,
        404,
      );
      await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: READ_ONLY }));
      assert.deepEqual((await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached' }))).AttachedPolicies, []);
    });

    it('answers AWS errors for unknown policies, bad ARNs and the per-role quota', async () => {
      await rejectsWith(
        env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: 'arn:aws:iam::aws:policy/Foo' })),
        'NoSuchEntity',
        'Policy arn:aws:iam::aws:policy/Foo does not exist or is not attachable.',
        404,
      );
      await rejectsWith(env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 'Invalid ARN:  Could not be parsed!', 400);
      await rejectsWith(
        env.iam.send(new AttachRolePolicyCommand({ RoleName: 'nonexistent-role', PolicyArn: READ_ONLY })),
        'NoSuchEntity',
        'The role with name nonexistent-role cannot be found.',
        404,
      );
      const ten = [
        'ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'IAMReadOnlyAccess', 'AmazonSQSReadOnlyAccess',
        'AmazonSNSReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess', 'CloudWatchReadOnlyAccess', 'AWSLambda_ReadOnlyAccess', 'AmazonRDSReadOnlyAccess',
      ];
      for (const name of ten) await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: `arn:aws:iam::aws:policy/${name}` }));
      await rejectsWith(
        env.iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess' })),
        'LimitExceeded',
        'Cannot exceed quota for PoliciesPerRole: 10',
        409,
      );
      for (const name of ten) await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: `arn:aws:iam::aws:policy/${name}` }));
    });
  });

  describe('permissions boundary', () => {
    before(async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'boundary', AssumeRolePolicyDocument: trustPolicy() }));
    });

    it('puts and deletes the boundary', async () => {
      await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'boundary', PermissionsBoundary: READ_ONLY }));
      let { Role } = await env.iam.send(new GetRoleCommand({ RoleName: 'boundary' }));
      assert.deepEqual(Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: READ_ONLY });
      await env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'boundary' }));
      ({ Role } = await env.iam.send(new GetRoleCommand({ RoleName: 'boundary' })));
      assert.equal(Role?.PermissionsBoundary, undefined);
    });

    it('answers AWS errors', async () => {
      await rejectsWith(
        env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'boundary', PermissionsBoundary: 'arn:aws:iam::123456789012:not_a_policy/invalid' })),
        'InvalidInput',
        'ARN arn:aws:iam::123456789012:not_a_policy/invalid is not valid.',
        400,
      );
      await rejectsWith(
        env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'boundary', PermissionsBoundary: 'arn:aws:iam::123456789012:policy/nonexistent-policy' })),
        'NoSuchEntity',
        'Scope ARN: arn:aws:iam::123456789012:policy/nonexistent-policy does not exist or is not attachable.',
        404,
      );
      await rejectsWith(
        env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'nonexistent-role', PermissionsBoundary: READ_ONLY })),
        'NoSuchEntity',
        'The role with name nonexistent-role cannot be found.',
        404,
      );
      await rejectsWith(env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'nonexistent-role' })), 'NoSuchEntity', 'The role with name nonexistent-role cannot be found.', 404);
    });
  });

  describe('DeleteRole', () => {
    it('refuses while policies are attached, then while inline policies remain, then deletes', async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'doomed', AssumeRolePolicyDocument: trustPolicy(), Tags: [{ Key: 'a', Value: 'b' }] }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'doomed', PolicyArn: READ_ONLY }));
      await env.iam.send(new PutRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'p', PolicyDocument: s3ReadPolicy }));
      await rejectsWith(env.iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'doomed', PolicyArn: READ_ONLY }));
      await rejectsWith(env.iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })), 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      await env.iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'p' }));
      await env.iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
      await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: 'doomed' })), 'NoSuchEntity', 'The role with name doomed cannot be found.', 404);
      // Its tags went with it: a new role of the same name starts clean.
      await env.iam.send(new CreateRoleCommand({ RoleName: 'doomed', AssumeRolePolicyDocument: trustPolicy() }));
      assert.deepEqual((await env.iam.send(new ListRoleTagsCommand({ RoleName: 'doomed' }))).Tags, []);
    });
  });
});
