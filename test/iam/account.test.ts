// IAM's account-level operations through the AWS SDK and the AWS CLI: the account alias (one per account,
// unique across accounts), GetAccountSummary's counts from the store, GetAccountAuthorizationDetails with
// its filter and paging, UpdateGroup, SetSecurityTokenServicePreferences, and the Organizations operations
// answered as AWS answers an account in no organization.
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreateVirtualMFADeviceCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GenerateOrganizationsAccessReportCommand,
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetOrganizationsAccessReportCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListOrganizationsFeaturesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetSecurityTokenServicePreferencesCommand,
  TagRoleCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountSettings } from '../../src/services/iam/account.js';
import { awsCliFails, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith, trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const NO_ORGANIZATION = 'The request was rejected because no organization is associated with your account.';

describe('IAM account operations', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  const aliases = async () => (await env.iam.send(new ListAccountAliasesCommand({}))).AccountAliases;

  it('account alias: one per account (a new one replaces it), unique across accounts, AWS name rules', async () => {
    assert.deepEqual(await aliases(), []);
    await env.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'my-team' }));
    assert.deepEqual(await aliases(), ['my-team']);
    await env.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'my-team-2' }));
    assert.deepEqual(await aliases(), ['my-team-2']);
    await rejectsWith(env.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'my-team-2' })), 'EntityAlreadyExists', 'The account alias my-team-2 already exists.', 409);
    // Another account's alias is taken for this one too.
    await new AccountSettings(env.server.app.store).createAlias('999999999999', 'theirs');
    await rejectsWith(env.iam.send(new CreateAccountAliasCommand({ AccountAlias: 'theirs' })), 'EntityAlreadyExists', 'The account alias theirs already exists.', 409);
    assert.deepEqual(await aliases(), ['my-team-2']);
    // The model's pattern: 3 to 63 lower-case letters, digits and single hyphens, no hyphen at either end.
    for (const bad of ['ab', '-team', 'team-', 'my--team', 'MyTeam', 'my_team', 'x'.repeat(64)]) {
      await assert.rejects(env.iam.send(new CreateAccountAliasCommand({ AccountAlias: bad })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'ValidationError', bad);
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    }
    assert.deepEqual(await aliases(), ['my-team-2']);
    await rejectsWith(env.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'theirs' })), 'NoSuchEntity', 'The account alias theirs cannot be found.', 404);
    await env.iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'my-team-2' }));
    assert.deepEqual(await aliases(), []);
    assert.equal(await new AccountSettings(env.server.app.store).accountOfAlias('theirs'), '999999999999');
  });

  it('the AWS CLI: create, list and delete the alias', async () => {
    const url = env.server.url;
    await awsCliJson(url, ['iam', 'create-account-alias', '--account-alias', 'cli-alias']);
    assert.deepEqual((await awsCliJson(url, ['iam', 'list-account-aliases'])).AccountAliases, ['cli-alias']);
    assert.match(await awsCliFails(url, ['iam', 'delete-account-alias', '--account-alias', 'other-alias']), /\(NoSuchEntity\).*The account alias other-alias cannot be found\./);
    await awsCliJson(url, ['iam', 'delete-account-alias', '--account-alias', 'cli-alias']);
    const summary = await awsCliJson(url, ['iam', 'get-account-summary']);
    assert.equal(summary.SummaryMap.RolesQuota, 1000);
    // The CLI pages GetAccountAuthorizationDetails by itself (one entry a page here) and merges the pages.
    await awsCliJson(url, ['iam', 'create-role', '--role-name', 'cli-detail-role', '--assume-role-policy-document', trustPolicy()]);
    await awsCliJson(url, ['iam', 'create-user', '--user-name', 'cli-detail-user']);
    const whole = await awsCliJson(url, ['iam', 'get-account-authorization-details', '--filter', 'User', 'Role']);
    const paged = await awsCliJson(url, ['iam', 'get-account-authorization-details', '--filter', 'User', 'Role', '--page-size', '1']);
    const names = (r: { UserDetailList: { UserName: string }[]; RoleDetailList: { RoleName: string }[] }) => [...r.UserDetailList.map((u) => u.UserName), ...r.RoleDetailList.map((x) => x.RoleName)];
    assert.deepEqual(names(paged), names(whole));
    assert.ok(names(whole).includes('cli-detail-role') && names(whole).includes('cli-detail-user'));
  });

  it('GetAccountSummary counts what the store holds, with AWS quotas and the STS token version', async () => {
    const summary = async () => (await env.iam.send(new GetAccountSummaryCommand({}))).SummaryMap as Record<string, number>;
    const before = await summary();
    const quotas = {
      UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, InstanceProfilesQuota: 1000, ServerCertificatesQuota: 20,
      PolicySizeQuota: 6144, PolicyVersionsInUseQuota: 10000, VersionsPerPolicyQuota: 5, UserPolicySizeQuota: 2048, GroupPolicySizeQuota: 5120,
      RolePolicySizeQuota: 10240, AssumeRolePolicySizeQuota: 2048, GroupsPerUserQuota: 10, SigningCertificatesPerUserQuota: 2, AccessKeysPerUserQuota: 2,
      AttachedPoliciesPerUserQuota: 10, AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10,
    };
    for (const [key, value] of Object.entries(quotas)) assert.equal(before[key], value, key);
    assert.equal(before.GlobalEndpointTokenVersion, 1);
    assert.equal(before.AccountAccessKeysPresent, 1);

    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'SumPolicy', PolicyDocument: doc('s3:GetObject') }));
    await env.iam.send(new CreateUserCommand({ UserName: 'sum-user' }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'sum-group' }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'sum-role', AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'sum-profile' }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'sum-user', PolicyArn: Policy!.Arn }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'sum-role', PolicyArn: Policy!.Arn }));
    await env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'sum-group', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'sum-device' }));
    await env.iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sum.example.com', ClientIDList: ['sum'], ThumbprintList: ['a'.repeat(40)] }));
    const after = await summary();
    const grew = Object.fromEntries(['Users', 'Groups', 'Roles', 'Policies', 'InstanceProfiles', 'PolicyVersionsInUse', 'MFADevices', 'MFADevicesInUse', 'Providers', 'ServerCertificates'].map((k) => [k, after[k] - before[k]]));
    assert.deepEqual(grew, { Users: 1, Groups: 1, Roles: 1, Policies: 1, InstanceProfiles: 1, PolicyVersionsInUse: 3, MFADevices: 1, MFADevicesInUse: 0, Providers: 1, ServerCertificates: 0 });

    await env.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal((await summary()).GlobalEndpointTokenVersion, 2);
    await env.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
    assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
    await assert.rejects(env.iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as never })), { name: 'ValidationError' });
    assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
  });

  it('GetAccountAuthorizationDetails: every entity with its policies, by filter, paged', async () => {
    const { Policy } = await env.iam.send(new CreatePolicyCommand({ PolicyName: 'DetailPolicy', PolicyDocument: doc('s3:GetObject'), Description: 'for details' }));
    await env.iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
    await env.iam.send(new CreateUserCommand({ UserName: 'detail-user', Path: '/d/', Tags: [{ Key: 'k', Value: 'v' }] }));
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'detail-user', PolicyName: 'own', PolicyDocument: doc('sqs:SendMessage') }));
    await env.iam.send(new AttachUserPolicyCommand({ UserName: 'detail-user', PolicyArn: Policy!.Arn }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'detail-group' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'detail-group', PolicyName: 'grp', PolicyDocument: doc('sns:Publish') }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'detail-group', UserName: 'detail-user' }));
    await env.iam.send(new CreateRoleCommand({ RoleName: 'detail-role', AssumeRolePolicyDocument: trustPolicy() }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'detail-role', PolicyName: 'rp', PolicyDocument: doc('dynamodb:GetItem') }));
    await env.iam.send(new TagRoleCommand({ RoleName: 'detail-role', Tags: [{ Key: 'team', Value: 'x' }] }));
    await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'detail-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    await env.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'detail-profile' }));
    await env.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'detail-profile', RoleName: 'detail-role' }));

    const all = await env.iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(all.IsTruncated, false);
    const user = all.UserDetailList?.find((u) => u.UserName === 'detail-user');
    assert.equal(user?.Arn, `arn:aws:iam::${ACCOUNT}:user/d/detail-user`);
    assert.deepEqual(user?.GroupList, ['detail-group']);
    assert.deepEqual(user?.UserPolicyList?.map((p) => [p.PolicyName, JSON.parse(decodeURIComponent(p.PolicyDocument!)).Statement[0].Action]), [['own', 'sqs:SendMessage']]);
    assert.deepEqual(user?.AttachedManagedPolicies, [{ PolicyName: 'DetailPolicy', PolicyArn: Policy!.Arn }]);
    assert.deepEqual(user?.Tags, [{ Key: 'k', Value: 'v' }]);
    const group = all.GroupDetailList?.find((g) => g.GroupName === 'detail-group');
    assert.deepEqual(group?.GroupPolicyList?.map((p) => p.PolicyName), ['grp']);
    const role = all.RoleDetailList?.find((r) => r.RoleName === 'detail-role');
    assert.deepEqual(role?.RolePolicyList?.map((p) => p.PolicyName), ['rp']);
    assert.deepEqual(role?.AttachedManagedPolicies?.map((p) => p.PolicyName), ['AmazonS3ReadOnlyAccess']);
    assert.deepEqual(role?.Tags, [{ Key: 'team', Value: 'x' }]);
    assert.deepEqual(role?.InstanceProfileList?.map((p) => p.InstanceProfileName), ['detail-profile']);
    assert.equal(JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!)).Statement[0].Principal.Service, 'lambda.amazonaws.com');
    const mine = all.Policies?.find((p) => p.PolicyName === 'DetailPolicy');
    assert.equal(mine?.DefaultVersionId, 'v2');
    assert.equal(mine?.AttachmentCount, 1);
    assert.equal(mine?.Description, 'for details');
    assert.deepEqual(mine?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, JSON.parse(decodeURIComponent(v.Document!)).Statement[0].Action]), [['v2', true, 's3:PutObject'], ['v1', false, 's3:GetObject']]);
    // AWS managed policies: those the account uses, not the whole catalog.
    const awsPolicies = all.Policies?.filter((p) => p.Arn?.startsWith('arn:aws:iam::aws:')).map((p) => p.PolicyName);
    assert.ok(awsPolicies?.includes('AmazonS3ReadOnlyAccess'));
    assert.ok(!awsPolicies?.includes('AdministratorAccess'));

    // Each filter keeps its kinds only.
    const only = async (Filter: ('User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy')[]) => env.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter }));
    const cases: [Parameters<typeof only>[0], (r: GetAccountAuthorizationDetailsCommandOutput) => number[]][] = [
      [['User'], (r) => [r.UserDetailList!.length, r.GroupDetailList!.length, r.RoleDetailList!.length, r.Policies!.length]],
      [['Group'], (r) => [r.UserDetailList!.length, r.GroupDetailList!.length, r.RoleDetailList!.length, r.Policies!.length]],
      [['Role'], (r) => [r.UserDetailList!.length, r.GroupDetailList!.length, r.RoleDetailList!.length, r.Policies!.length]],
    ];
    const expected = [
      [all.UserDetailList!.length, 0, 0, 0],
      [0, all.GroupDetailList!.length, 0, 0],
      [0, 0, all.RoleDetailList!.length, 0],
    ];
    for (const [i, [filter, counts]] of cases.entries()) assert.deepEqual(counts(await only(filter)), expected[i], filter.join());
    const local = await only(['LocalManagedPolicy']);
    assert.ok(local.Policies!.length > 0 && local.Policies!.every((p) => p.Arn!.startsWith(`arn:aws:iam::${ACCOUNT}:`)));
    const aws = await only(['AWSManagedPolicy']);
    assert.ok(aws.Policies!.length > 0 && aws.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:')));
    assert.equal(local.Policies!.length + aws.Policies!.length, all.Policies!.length);

    // Paged two at a time, the pages together are the unpaged answer, in its order.
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await env.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, Marker }));
      const items = [...page.UserDetailList!.map((u) => `u:${u.UserName}`), ...page.GroupDetailList!.map((g) => `g:${g.GroupName}`), ...page.RoleDetailList!.map((r) => `r:${r.RoleName}`), ...page.Policies!.map((p) => `p:${p.Arn}`)];
      assert.ok(items.length <= 2);
      seen.push(...items);
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    const whole = [...all.UserDetailList!.map((u) => `u:${u.UserName}`), ...all.GroupDetailList!.map((g) => `g:${g.GroupName}`), ...all.RoleDetailList!.map((r) => `r:${r.RoleName}`), ...all.Policies!.map((p) => `p:${p.Arn}`)];
    assert.deepEqual(seen, whole);
    await rejectsWith(env.iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'bogus!' })), 'InvalidInput', 'Invalid Marker.', 400);
  });

  it('UpdateGroup renames and moves a group; its members and policies follow', async () => {
    await env.iam.send(new CreateGroupCommand({ GroupName: 'old-group' }));
    await env.iam.send(new CreateGroupCommand({ GroupName: 'taken-group' }));
    await env.iam.send(new CreateUserCommand({ UserName: 'member' }));
    await env.iam.send(new AddUserToGroupCommand({ GroupName: 'old-group', UserName: 'member' }));
    await env.iam.send(new PutGroupPolicyCommand({ GroupName: 'old-group', PolicyName: 'inline', PolicyDocument: doc('s3:ListBucket') }));
    await env.iam.send(new AttachGroupPolicyCommand({ GroupName: 'old-group', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

    await rejectsWith(env.iam.send(new UpdateGroupCommand({ GroupName: 'old-group', NewGroupName: 'TAKEN-group' })), 'EntityAlreadyExists', 'Group with name TAKEN-group already exists.', 409);
    await rejectsWith(env.iam.send(new UpdateGroupCommand({ GroupName: 'ghost', NewGroupName: 'x' })), 'NoSuchEntity', 'The group with name ghost cannot be found.', 404);
    await env.iam.send(new UpdateGroupCommand({ GroupName: 'old-group', NewGroupName: 'new-group', NewPath: '/teams/' }));

    await rejectsWith(env.iam.send(new GetGroupCommand({ GroupName: 'old-group' })), 'NoSuchEntity', 'The group with name old-group cannot be found.', 404);
    const got = await env.iam.send(new GetGroupCommand({ GroupName: 'new-group' }));
    assert.equal(got.Group?.Arn, `arn:aws:iam::${ACCOUNT}:group/teams/new-group`);
    assert.equal(got.Group?.Path, '/teams/');
    assert.deepEqual(got.Users?.map((u) => u.UserName), ['member']);
    assert.equal((await env.iam.send(new GetGroupPolicyCommand({ GroupName: 'new-group', PolicyName: 'inline' }))).PolicyName, 'inline');
    assert.deepEqual((await env.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'new-group' }))).AttachedPolicies?.map((p) => p.PolicyName), ['ReadOnlyAccess']);
    // A change of case only keeps everything too.
    await env.iam.send(new UpdateGroupCommand({ GroupName: 'new-group', NewGroupName: 'New-Group' }));
    assert.equal((await env.iam.send(new GetGroupCommand({ GroupName: 'new-group' }))).Group?.GroupName, 'New-Group');
  });

  it('the Organizations operations answer as AWS does for an account in no organization', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['EnableOrganizationsRootCredentialsManagement', () => env.iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}))],
      ['EnableOrganizationsRootSessions', () => env.iam.send(new EnableOrganizationsRootSessionsCommand({}))],
      ['DisableOrganizationsRootCredentialsManagement', () => env.iam.send(new DisableOrganizationsRootCredentialsManagementCommand({}))],
      ['DisableOrganizationsRootSessions', () => env.iam.send(new DisableOrganizationsRootSessionsCommand({}))],
      ['ListOrganizationsFeatures', () => env.iam.send(new ListOrganizationsFeaturesCommand({}))],
    ];
    for (const [, call] of calls) await rejectsWith(call(), 'OrganizationNotFoundException', NO_ORGANIZATION, 400);
    const { JobId } = await env.iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9' }));
    assert.match(JobId ?? '', /^[0-9a-f-]{36}$/);
    const report = await env.iam.send(new GetOrganizationsAccessReportCommand({ JobId }));
    assert.equal(report.JobStatus, 'FAILED');
    assert.deepEqual(report.ErrorDetails, { Code: 'OrganizationNotFoundException', Message: NO_ORGANIZATION });
    assert.ok(report.JobCreationDate instanceof Date);
    const unknown = '00000000-0000-4000-8000-000000000000';
    await rejectsWith(env.iam.send(new GetOrganizationsAccessReportCommand({ JobId: unknown })), 'NoSuchEntity', `Report with Job ID ${unknown} cannot be found.`, 404);
    await assert.rejects(env.iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'not-a-path-of-an-org' })), { name: 'ValidationError' });
  });
});
