// IAM identity operations over the Query protocol with the AWS SDK: users, groups, access keys,
// customer managed policies and their versions, user and group policies, tags, user permissions
// boundaries; each with its AWS errors.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  TagUserCommand,
  UntagPolicyCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';
const doc = (action = 's3:GetObject', resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
/** A valid policy of about `size` non-whitespace characters. */
const sized = (size: number) => doc('s3:GetObject', `arn:aws:s3:::${'b'.repeat(size - doc('s3:GetObject', 'arn:aws:s3:::').length)}`);

describe('IAM identity operations', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('users: create, get, list with paging and path prefix, rename, delete', async () => {
    const { User } = await env.iam.send(new CreateUserCommand({ UserName: 'Ann', Path: '/staff/', Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(User?.Arn, `arn:aws:iam::${ACCOUNT}:user/staff/Ann`);
    assert.equal(User?.Path, '/staff/');
    assert.match(User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(User?.Tags, [{ Key: 'team', Value: 'a' }]);
    await rejectsWith(env.iam.send(new CreateUserCommand({ UserName: 'ann' })), 'EntityAlreadyExists', 'User with name ann already exists.', 409);
    const got = await env.iam.send(new GetUserCommand({ UserName: 'ANN' }));
    assert.equal(got.User?.UserName, 'Ann');
    assert.equal(got.User?.UserId, User?.UserId);
    await rejectsWith(env.iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    await env.iam.send(new CreateUserCommand({ UserName: 'Bert' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'Cleo' }));
    const first = await env.iam.send(new ListUsersCommand({ MaxItems: 2 }));
    assert.deepEqual(first.Users?.map((u) => u.UserName), ['Ann', 'Bert']);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.Users?.[0].Tags, undefined);
    const rest = await env.iam.send(new ListUsersCommand({ Marker: first.Marker }));
    assert.deepEqual(rest.Users?.map((u) => u.UserName), ['Cleo']);
    assert.deepEqual((await env.iam.send(new ListUsersCommand({ PathPrefix: '/staff/' }))).Users?.map((u) => u.UserName), ['Ann']);
    await env.iam.send(new UpdateUserCommand({ UserName: 'Cleo', NewUserName: 'Clea', NewPath: '/x/' }));
    const renamed = await env.iam.send(new GetUserCommand({ UserName: 'Clea' }));
    assert.equal(renamed.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/x/Clea`);
    await rejectsWith(env.iam.send(new GetUserCommand({ UserName: 'Cleo' })), 'NoSuchEntity', 'The user with name Cleo cannot be found.', 404);
    await rejectsWith(env.iam.send(new UpdateUserCommand({ UserName: 'Clea', NewUserName: 'bert' })), 'EntityAlreadyExists', 'User with name bert already exists.', 409);
    await env.iam.send(new DeleteUserCommand({ UserName: 'Clea' }));
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'Clea' })), 'NoSuchEntity', 'The user with name Clea cannot be found.', 404);
  });

  it('DeleteUser is refused while the user has keys, policies or groups', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'held' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'held' }));
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'held' })), 'DeleteConflict', 'Cannot delete entity, must delete access keys first.', 409);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'held', AccessKeyId: AccessKey!.AccessKeyId! }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'held', PolicyName: 'p', PolicyDocument: doc() }));
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'held' })), 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
    await env.iam.send(new DeleteUserPolicyCommand({ UserName: 'held', PolicyName: 'p' }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'held', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'held' })), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'held', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'holders' }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'holders', UserName: 'held' }));
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'held' })), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.', 409);
    await env.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'holders', UserName: 'held' }));
    await env.iam.send(new DeleteUserCommand({ UserName: 'held' }));
    await env.iam.send(new DeleteGroupCommand({ GroupName: 'holders' }));
  });

  it('groups: create, get with members, list, membership, delete conflicts', async () => {
    const { Group } = await env.iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
    assert.equal(Group?.Arn, `arn:aws:iam::${ACCOUNT}:group/eng/devs`);
    assert.match(Group?.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
    await rejectsWith(env.iam.send(new CreateGroupCommand({ GroupName: 'DEVS' })), 'EntityAlreadyExists', 'Group with name DEVS already exists.', 409);
    await rejectsWith(env.iam.send(new GetGroupCommand({ GroupName: 'nope' })), 'NoSuchEntity', 'The group with name nope cannot be found.', 404);
    await env.iam.send(new CreateUserCommand({ UserName: 'dev1' }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev1' }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev1' }));
    await rejectsWith(env.iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    const got = await env.iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    assert.equal(got.Group?.GroupName, 'devs');
    assert.deepEqual(got.Users?.map((u) => u.UserName), ['dev1']);
    assert.deepEqual((await env.iam.send(new ListGroupsForUserCommand({ UserName: 'dev1' }))).Groups?.map((g) => g.GroupName), ['devs']);
    assert.ok((await env.iam.send(new ListGroupsCommand({}))).Groups?.some((g) => g.GroupName === 'devs'));
    await rejectsWith(env.iam.send(new DeleteGroupCommand({ GroupName: 'devs' })), 'DeleteConflict', 'Cannot delete entity, must remove users from group first.', 409);
    await env.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'dev1' }));
    await rejectsWith(env.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'dev1' })), 'NoSuchEntity', 'User dev1 is not in group devs.', 404);
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'read', PolicyDocument: doc() }));
    await rejectsWith(env.iam.send(new DeleteGroupCommand({ GroupName: 'devs' })), 'DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
    await env.iam.send(new DeleteGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'read' }));
    await env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    await rejectsWith(env.iam.send(new DeleteGroupCommand({ GroupName: 'devs' })), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
    await env.iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    await env.iam.send(new DeleteGroupCommand({ GroupName: 'devs' }));
  });

  it('access keys: two at most, list, Inactive/Active, delete, unknown ids', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'keyed' }));
    const one = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!;
    assert.match(one.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(one.SecretAccessKey!.length, 40);
    assert.equal(one.Status, 'Active');
    assert.equal(one.UserName, 'keyed');
    const two = (await env.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!;
    await rejectsWith(env.iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' })), 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);
    await env.iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: two.AccessKeyId!, Status: 'Inactive' }));
    const { AccessKeyMetadata } = await env.iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.deepEqual(new Map(AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])), new Map([[one.AccessKeyId, 'Active'], [two.AccessKeyId, 'Inactive']]));
    assert.equal(AccessKeyMetadata?.some((k) => 'SecretAccessKey' in k && (k as { SecretAccessKey?: string }).SecretAccessKey), false);
    await rejectsWith(
      env.iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Active' })),
      'NoSuchEntity',
      'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found',
      404,
    );
    await rejectsWith(env.iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: one.AccessKeyId!, Status: 'Gone' as never })), 'ValidationError', "1 validation error detected: Value 'Gone' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]", 400);
    await env.iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: one.AccessKeyId! }));
    await rejectsWith(env.iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: one.AccessKeyId! })), 'NoSuchEntity', `The Access Key with id ${one.AccessKeyId} cannot be found`, 404);
    await rejectsWith(env.iam.send(new CreateAccessKeyCommand({ UserName: 'ghost' })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
  });

  it('customer managed policies: create, get, versions (five at most), default, delete', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'Reader', Path: '/team/', PolicyDocument: doc(), Description: 'reads', Tags: [{ Key: 'k', Value: 'v' }] }));
    const arn = `arn:aws:iam::${ACCOUNT}:policy/team/Reader`;
    assert.equal(Policy?.Arn, arn);
    assert.equal(Policy?.DefaultVersionId, 'v1');
    assert.equal(Policy?.AttachmentCount, 0);
    assert.match(Policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(Policy?.Tags, [{ Key: 'k', Value: 'v' }]);
    await rejectsWith(env.iam.send(new CreatePolicyCommand({ PolicyName: 'reader', PolicyDocument: doc() })), 'EntityAlreadyExists', 'A policy called reader already exists. Duplicate names are not allowed.', 409);
    const got = await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(got.Policy?.Description, 'reads');
    await rejectsWith(env.iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Nope` })), 'NoSuchEntity', `Policy arn:aws:iam::${ACCOUNT}:policy/Nope was not found.`, 404);
    for (let i = 2; i <= 5; i++) {
      const { PolicyVersion } = await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Get${i}`), SetAsDefault: i === 3 }));
      assert.equal(PolicyVersion?.VersionId, `v${i}`);
      assert.equal(PolicyVersion?.IsDefaultVersion, i === 3);
    }
    await rejectsWith(
      env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() })),
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      409,
    );
    assert.equal((await env.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v3');
    const versions = await env.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    const v3 = await env.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(v3.PolicyVersion!.Document!)), JSON.parse(doc('s3:Get3')));
    await rejectsWith(env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), 'DeleteConflict', 'Cannot delete the default version of a policy.', 409);
    await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    // Version numbers are never reused.
    assert.equal((await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() }))).PolicyVersion?.VersionId, 'v6');
    await env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    await rejectsWith(
      env.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })),
      'NoSuchEntity',
      `Policy ${arn} version v5 does not exist or is not attachable.`,
      404,
    );
    await rejectsWith(
      env.iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      409,
    );
    for (const v of ['v1', 'v2', 'v3', 'v4']) await env.iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await env.iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejectsWith(env.iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntity', `Policy ${arn} was not found.`, 404);
  });

  it('policy documents are validated: malformed, and the size quotas of managed, user and group policies', async () => {
    await rejectsWith(env.iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' })), 'MalformedPolicyDocument', /./, 400);
    await rejectsWith(env.iam.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: sized(6145) })), 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144', 409);
    await env.iam.send(new CreatePolicyCommand({ PolicyName: 'JustFits', PolicyDocument: sized(6144) }));
    await env.iam.send(new CreateUserCommand({ UserName: 'sizer' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'a', PolicyDocument: sized(2048) }));
    await rejectsWith(env.iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'b', PolicyDocument: doc() })), 'LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user sizer', 409);
    await env.iam.send(new CreateGroupCommand({ GroupName: 'sizers' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'sizers', PolicyName: 'a', PolicyDocument: sized(5120) }));
    await rejectsWith(env.iam.send(new PutGroupPolicyCommand({ GroupName: 'sizers', PolicyName: 'b', PolicyDocument: doc() })), 'LimitExceeded', 'Maximum policy size of 5120 bytes exceeded for group sizers', 409);
    await rejectsWith(env.iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'c', PolicyDocument: 'not json' })), 'MalformedPolicyDocument', /./, 400);
  });

  it('user and group policies: inline put/get/list/delete, attach/detach/list, with their errors', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'pol' }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'pol', PolicyName: 'one', PolicyDocument: doc() }));
    const got = await env.iam.send(new GetUserPolicyCommand({ UserName: 'pol', PolicyName: 'one' }));
    assert.equal(got.UserName, 'pol');
    assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument!)), JSON.parse(doc()));
    assert.deepEqual((await env.iam.send(new ListUserPoliciesCommand({ UserName: 'pol' }))).PolicyNames, ['one']);
    await rejectsWith(env.iam.send(new GetUserPolicyCommand({ UserName: 'pol', PolicyName: 'two' })), 'NoSuchEntity', 'The user policy with name two cannot be found.', 404);
    await rejectsWith(env.iam.send(new DeleteUserPolicyCommand({ UserName: 'pol', PolicyName: 'two' })), 'NoSuchEntity', 'The user policy with name two cannot be found.', 404);
    await rejectsWith(env.iam.send(new PutUserPolicyCommand({ UserName: 'ghost', PolicyName: 'x', PolicyDocument: doc() })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'Attachable', PolicyDocument: doc() }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'pol', PolicyArn: Policy!.Arn! }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'pol', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    assert.deepEqual((await env.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'pol' }))).AttachedPolicies, [
      { PolicyName: 'Attachable', PolicyArn: Policy!.Arn },
      { PolicyName: 'AmazonLexReadOnly', PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' },
    ]);
    await rejectsWith(
      env.iam.send(new AttachUserPolicyCommand({ UserName: 'pol', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Missing` })),
      'NoSuchEntity',
      `Policy arn:aws:iam::${ACCOUNT}:policy/Missing does not exist or is not attachable.`,
      404,
    );
    await rejectsWith(
      env.iam.send(new DetachUserPolicyCommand({ UserName: 'pol', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
      'NoSuchEntity',
      'Policy arn:aws:iam::aws:policy/AdministratorAccess was not found.',
      404,
    );
    await env.iam.send(new CreateGroupCommand({ GroupName: 'pols' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'pols', PolicyName: 'g', PolicyDocument: doc() }));
    assert.equal((await env.iam.send(new GetGroupPolicyCommand({ GroupName: 'pols', PolicyName: 'g' }))).GroupName, 'pols');
    assert.deepEqual((await env.iam.send(new ListGroupPoliciesCommand({ GroupName: 'pols' }))).PolicyNames, ['g']);
    await rejectsWith(env.iam.send(new GetGroupPolicyCommand({ GroupName: 'pols', PolicyName: 'x' })), 'NoSuchEntity', 'The group policy with name x cannot be found.', 404);
    await env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'pols', PolicyArn: Policy!.Arn! }));
    assert.deepEqual((await env.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'pols' }))).AttachedPolicies?.map((p) => p.PolicyName), ['Attachable']);
    // Usage shows in the policy, ListEntitiesForPolicy and OnlyAttached listings; attached policies cannot be deleted.
    assert.equal((await env.iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }))).Policy?.AttachmentCount, 2);
    const entities = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy!.Arn! }));
    assert.deepEqual(entities.PolicyUsers?.map((u) => u.UserName), ['pol']);
    assert.deepEqual(entities.PolicyGroups?.map((g) => g.GroupName), ['pols']);
    assert.deepEqual(entities.PolicyRoles, []);
    assert.deepEqual((await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy!.Arn!, EntityFilter: 'Group' }))).PolicyUsers, []);
    const lex = await env.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    assert.equal(lex.Policy?.AttachmentCount, 1);
    await rejectsWith(env.iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), 'DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
    const local = await env.iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
    assert.deepEqual(local.Policies?.map((p) => p.PolicyName), ['Attachable']);
    await env.iam.send(new DetachUserPolicyCommand({ UserName: 'pol', PolicyArn: Policy!.Arn! }));
    await env.iam.send(new DetachGroupPolicyCommand({ GroupName: 'pols', PolicyArn: Policy!.Arn! }));
    await env.iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
  });

  it('ListPolicies: Scope=Local lists only the account policies, with paging; All ends with them', async () => {
    for (const name of ['LocalA', 'LocalB', 'LocalC']) await env.iam.send(new CreatePolicyCommand({ PolicyName: name, Path: '/paged/', PolicyDocument: doc() }));
    const first = await env.iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/paged/', MaxItems: 2 }));
    assert.deepEqual(first.Policies?.map((p) => p.PolicyName), ['LocalA', 'LocalB']);
    assert.equal(first.IsTruncated, true);
    const rest = await env.iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/paged/', Marker: first.Marker }));
    assert.deepEqual(rest.Policies?.map((p) => p.PolicyName), ['LocalC']);
    assert.equal(rest.IsTruncated, false);
    const aws = await env.iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 5 }));
    assert.ok(aws.Policies?.every((p) => p.Arn?.startsWith('arn:aws:iam::aws:policy/')));
    const all = await env.iam.send(new ListPoliciesCommand({ Scope: 'All', PathPrefix: '/paged/' }));
    assert.deepEqual(all.Policies?.map((p) => p.PolicyName), ['LocalA', 'LocalB', 'LocalC']);
  });

  it('tags on users and policies: tag, list in order, replace case-insensitively, untag, quota and duplicates', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'tagged' }));
    await env.iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await env.iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'A', Value: '3' }] }));
    assert.deepEqual((await env.iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'A', Value: '3' }, { Key: 'b', Value: '2' }]);
    assert.deepEqual((await env.iam.send(new GetUserCommand({ UserName: 'tagged' }))).User?.Tags, [{ Key: 'A', Value: '3' }, { Key: 'b', Value: '2' }]);
    await env.iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['a'] }));
    assert.deepEqual((await env.iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'b', Value: '2' }]);
    await rejectsWith(
      env.iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })),
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    );
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(env.iam.send(new TagUserCommand({ UserName: 'tagged', Tags: many })), 'LimitExceeded', 'Cannot exceed quota for TagsPerUser: 50', 409);
    await rejectsWith(env.iam.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntity', 'The user with name ghost cannot be found.', 404);
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'TaggedPolicy', PolicyDocument: doc() }));
    await env.iam.send(new TagPolicyCommand({ PolicyArn: Policy!.Arn!, Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await env.iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy!.Arn! }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    await rejectsWith(env.iam.send(new TagPolicyCommand({ PolicyArn: Policy!.Arn!, Tags: many })), 'LimitExceeded', 'Cannot exceed quota for TagsPerPolicy: 50', 409);
    await env.iam.send(new UntagPolicyCommand({ PolicyArn: Policy!.Arn!, TagKeys: ['ENV'] }));
    assert.deepEqual((await env.iam.send(new ListPolicyTagsCommand({ PolicyArn: Policy!.Arn! }))).Tags, []);
  });

  it('customer managed policies attach to roles and bound them; ListEntitiesForPolicy lists the roles', async () => {
    const { CreateRoleCommand, AttachRolePolicyCommand, DetachRolePolicyCommand, PutRolePermissionsBoundaryCommand, DeleteRolePermissionsBoundaryCommand } = await import('@aws-sdk/client-iam');
    await env.iam.send(new CreateRoleCommand({ RoleName: 'uses-custom', AssumeRolePolicyDocument: trustPolicy() }));
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'ForRoles', PolicyDocument: doc() }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'uses-custom', PolicyArn: Policy!.Arn! }));
    await env.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'uses-custom', PermissionsBoundary: Policy!.Arn! }));
    const entities = await env.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy!.Arn! }));
    assert.deepEqual(entities.PolicyRoles?.map((r) => r.RoleName), ['uses-custom']);
    const got = (await env.iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }))).Policy;
    assert.deepEqual([got?.AttachmentCount, got?.PermissionsBoundaryUsageCount], [1, 1]);
    await rejectsWith(env.iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), 'DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
    await rejectsWith(
      env.iam.send(new AttachRolePolicyCommand({ RoleName: 'uses-custom', PolicyArn: 'arn:aws:iam::210987654321:policy/ForRoles' })),
      'NoSuchEntity',
      'Policy arn:aws:iam::210987654321:policy/ForRoles does not exist or is not attachable.',
      404,
    );
    await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'uses-custom', PolicyArn: Policy!.Arn! }));
    await env.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'uses-custom' }));
    await env.iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
  });

  it('permissions boundaries on users: put (AWS or customer policy), shown by GetUser, counted, deleted', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'Boundary', PolicyDocument: doc('lex:*') }));
    await env.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: Policy!.Arn! }));
    assert.deepEqual((await env.iam.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: Policy!.Arn,
    });
    assert.equal((await env.iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn! }))).Policy?.PermissionsBoundaryUsageCount, 1);
    await rejectsWith(env.iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), 'DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
    await rejectsWith(
      env.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/Nope` })),
      'NoSuchEntity',
      `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/Nope does not exist or is not attachable.`,
      404,
    );
    await env.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonLexReadOnly' }));
    await env.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
    assert.equal((await env.iam.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary, undefined);
    const created = await env.iam.send(new CreateUserCommand({ UserName: 'born-bounded', PermissionsBoundary: Policy!.Arn! }));
    assert.equal(created.User?.PermissionsBoundary?.PermissionsBoundaryArn, Policy!.Arn);
  });
});
