// IAM instance profiles through the AWS SDK and the AWS CLI: create, get, list with paging and path prefix,
// one role per profile, the role's protection against deletion, tags, and each error with AWS's text.
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetInstanceProfileCommand,
  IAMClient,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';

describe('IAM instance profiles', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('create, get, list by path with paging, delete', async () => {
    const { InstanceProfile } = await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Web', Path: '/app/', Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(InstanceProfile?.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/app/Web`);
    assert.match(InstanceProfile?.InstanceProfileId ?? '', /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(InstanceProfile?.Roles, []);
    assert.deepEqual(InstanceProfile?.Tags, [{ Key: 'team', Value: 'a' }]);
    await rejectsWith(env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' })), 'EntityAlreadyExists', 'Instance Profile web already exists.', 409);
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Batch', Path: '/app/' }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Other' }));

    const got = await env.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'WEB' }));
    assert.equal(got.InstanceProfile?.InstanceProfileName, 'Web');
    assert.equal(got.InstanceProfile?.InstanceProfileId, InstanceProfile?.InstanceProfileId);
    assert.deepEqual(got.InstanceProfile?.Tags, [{ Key: 'team', Value: 'a' }]);
    await rejectsWith(env.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntity', 'Instance Profile nope cannot be found.', 404);

    const all = await env.iam.send(new ListInstanceProfilesCommand({}));
    assert.deepEqual(all.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Batch', 'Other', 'Web']);
    const app = await env.iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/app/' }));
    assert.deepEqual(app.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Batch', 'Web']);
    const first = await env.iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Batch', 'Other']);
    const rest = await env.iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.equal(rest.IsTruncated, false);
    assert.deepEqual(rest.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Web']);
    await rejectsWith(env.iam.send(new ListInstanceProfilesCommand({ Marker: 'not-ours!' })), 'InvalidInput', 'Invalid Marker.', 400);

    await env.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'other' }));
    await rejectsWith(env.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Other' })), 'NoSuchEntity', 'Instance Profile Other cannot be found.', 404);
  });

  it('holds one role; the role cannot be deleted while in a profile, nor the profile while it holds the role', async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'Ec2Role', Path: '/ec2/', AssumeRolePolicyDocument: trustPolicy('ec2.amazonaws.com') }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'OtherRole', AssumeRolePolicyDocument: trustPolicy('ec2.amazonaws.com') }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Holder' }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Second' }));

    await rejectsWith(env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName: 'ghost' })), 'NoSuchEntity', 'The role with name ghost cannot be found.', 404);
    await rejectsWith(env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ghost', RoleName: 'Ec2Role' })), 'NoSuchEntity', 'Instance Profile ghost cannot be found.', 404);
    await env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName: 'ec2role' }));
    // One role per profile: a second one, or the same again, exceeds AWS's fixed quota.
    for (const RoleName of ['OtherRole', 'Ec2Role']) {
      await rejectsWith(env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName })), 'LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', 409);
    }
    await env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Second', RoleName: 'Ec2Role' }));

    const { InstanceProfile } = await env.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Holder' }));
    assert.equal(InstanceProfile?.Roles?.length, 1);
    const role = InstanceProfile!.Roles![0];
    assert.equal(role.RoleName, 'Ec2Role');
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/ec2/Ec2Role`);
    assert.equal(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal.Service, 'ec2.amazonaws.com');
    const listed = await env.iam.send(new ListInstanceProfilesCommand({}));
    assert.deepEqual(listed.InstanceProfiles?.find((p) => p.InstanceProfileName === 'Holder')?.Roles?.map((r) => r.RoleName), ['Ec2Role']);

    const forRole = await env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Ec2Role' }));
    assert.deepEqual(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Holder', 'Second']);
    const paged = await env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Ec2Role', MaxItems: 1 }));
    assert.equal(paged.IsTruncated, true);
    const next = await env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Ec2Role', MaxItems: 1, Marker: paged.Marker }));
    assert.deepEqual(next.InstanceProfiles?.map((p) => p.InstanceProfileName), ['Second']);
    assert.deepEqual((await env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'OtherRole' }))).InstanceProfiles, []);
    await rejectsWith(env.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntity', 'The role with name ghost cannot be found.', 404);

    const details = await env.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const detail = details.RoleDetailList?.find((r) => r.RoleName === 'Ec2Role');
    assert.deepEqual(detail?.InstanceProfileList?.map((p) => p.InstanceProfileName), ['Holder', 'Second']);
    assert.deepEqual(detail?.InstanceProfileList?.[0].Roles?.map((r) => r.RoleName), ['Ec2Role']);

    const conflict = 'Cannot delete entity, must remove roles from instance profile first.';
    await rejectsWith(env.iam.send(new DeleteRoleCommand({ RoleName: 'Ec2Role' })), 'DeleteConflict', conflict, 409);
    await rejectsWith(env.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Holder' })), 'DeleteConflict', conflict, 409);

    await rejectsWith(
      env.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName: 'OtherRole' })),
      'NoSuchEntity',
      'The role with name OtherRole cannot be found in instance profile Holder.',
      404,
    );
    await env.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName: 'Ec2Role' }));
    await env.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Second', RoleName: 'Ec2Role' }));
    await env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Holder', RoleName: 'OtherRole' }));
    await env.iam.send(new DeleteRoleCommand({ RoleName: 'Ec2Role' }));
    await env.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Second' }));
  });

  it('concurrent AddRoleToInstanceProfile calls with different roles: exactly one role ends up in the profile', async () => {
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Raced' }));
    const names = ['RaceA', 'RaceB', 'RaceC', 'RaceD', 'RaceE'];
    for (const RoleName of names) await env.iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trustPolicy('ec2.amazonaws.com') }));
    const results = await Promise.allSettled(names.map((RoleName) => env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Raced', RoleName }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    const { InstanceProfile } = await env.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Raced' }));
    assert.equal(InstanceProfile?.Roles?.length, 1);
    assert.ok(names.includes(InstanceProfile!.Roles![0].RoleName!));
  });

  it('refuses a service-linked role as AWS protects it', async () => {
    const { Role } = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'ip' }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ForSlr' }));
    await rejectsWith(
      env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ForSlr', RoleName: Role!.RoleName })),
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${Role!.RoleName}' - this role is only modifiable by AWS`,
      400,
    );
    assert.deepEqual((await env.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'ForSlr' }))).InstanceProfile?.Roles, []);
  });

  it('tags: add, replace case-insensitively, list with paging, remove; errors change nothing', async () => {
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Tagged' }));
    await env.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'Tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await env.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'A', Value: '3' }] }));
    const tags = await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged' }));
    assert.deepEqual(tags.Tags, [{ Key: 'A', Value: '3' }, { Key: 'b', Value: '2' }]);
    const page = await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged', MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    assert.deepEqual((await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged', Marker: page.Marker }))).Tags, [{ Key: 'b', Value: '2' }]);
    await rejectsWith(
      env.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'Tagged', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })),
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      400,
    );
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(env.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'Tagged', Tags: many })), 'LimitExceeded', 'Cannot exceed quota for TagsPerInstanceProfile: 50', 409);
    assert.equal((await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged' }))).Tags?.length, 2);
    await env.iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'Tagged', TagKeys: ['a', 'missing'] }));
    assert.deepEqual((await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged' }))).Tags, [{ Key: 'b', Value: '2' }]);
    await rejectsWith(env.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'ghost', Tags: [{ Key: 'a', Value: '1' }] })), 'NoSuchEntity', 'Instance Profile ghost cannot be found.', 404);
    // Deleting the profile drops its tags: a new profile of the same name starts with none.
    await env.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Tagged' }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Tagged' }));
    assert.deepEqual((await env.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'Tagged' }))).Tags, []);
  });

  it('the AWS CLI: create, add a role, get, list for the role, errors', async () => {
    const url = env.server.url;
    const created = await awsCliJson(url, ['iam', 'create-instance-profile', '--instance-profile-name', 'CliProfile', '--path', '/cli/']);
    assert.equal(created.InstanceProfile.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/cli/CliProfile`);
    await awsCliJson(url, ['iam', 'create-role', '--role-name', 'CliRole', '--assume-role-policy-document', trustPolicy('ec2.amazonaws.com')]);
    await awsCliJson(url, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'CliProfile', '--role-name', 'CliRole']);
    const got = await awsCliJson(url, ['iam', 'get-instance-profile', '--instance-profile-name', 'CliProfile']);
    assert.equal(got.InstanceProfile.Roles[0].RoleName, 'CliRole');
    const forRole = await awsCliJson(url, ['iam', 'list-instance-profiles-for-role', '--role-name', 'CliRole']);
    assert.deepEqual(forRole.InstanceProfiles.map((p: { InstanceProfileName: string }) => p.InstanceProfileName), ['CliProfile']);
    const refused = await awsCliFails(url, ['iam', 'delete-role', '--role-name', 'CliRole']);
    assert.match(refused, /\(DeleteConflict\).*Cannot delete entity, must remove roles from instance profile first\./);
    const missing = await awsCliFails(url, ['iam', 'get-instance-profile', '--instance-profile-name', 'Nope']);
    assert.match(missing, /\(NoSuchEntity\).*Instance Profile Nope cannot be found\./);
  });
});
