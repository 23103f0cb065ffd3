// Instance profiles and the account-level operations: the keys the Service Authorization Reference documents
// for them (the `instance-profile` resource type: aws:ResourceTag/<key>; CreateInstanceProfile and
// TagInstanceProfile: aws:RequestTag/<key>, aws:TagKeys; ListInstanceProfilesForRole on the role and its tags;
// AddRoleToInstanceProfile's iam:PassRole of the role to EC2; GenerateOrganizationsAccessReport's
// iam:OrganizationsPolicyId).
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  GenerateOrganizationsAccessReportCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { next, none, RIGHT_TAG, role, TAG, tags, untag, type Clients, type Row, type Target } from './support.js';

/** A fresh instance profile tagged team=blue (and stage=prod), with a fresh role ready to be added. */
async function profile(root: Clients, n: number): Promise<Target> {
  const name = `profile-${n}`;
  await root.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  const made = await role(root, n);
  return { name, roleName: made.name, roleArn: made.arn };
}

/** A profile that holds its role. */
async function holding(root: Clients, n: number): Promise<Target> {
  const made = await profile(root, n);
  await root.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: made.name, RoleName: made.roleName }));
  return made;
}

export const rows: Row[] = [
  { operation: 'CreateInstanceProfile', action: 'iam:CreateInstanceProfile', type: 'instance-profile', values: RIGHT_TAG, setup: none, call: (u) => u.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `new-profile-${next()}`, Tags: tags })) },
  ...(
    [
      ['GetInstanceProfile', (u, t) => u.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: t.name }))],
      ['DeleteInstanceProfile', (u, t) => u.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: t.name }))],
      ['AddRoleToInstanceProfile', (u, t) => u.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: t.name, RoleName: t.roleName }))],
      ['ListInstanceProfileTags', (u, t) => u.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: t.name }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'instance-profile', values: {}, setup: profile, call })),
  {
    operation: 'RemoveRoleFromInstanceProfile',
    action: 'iam:RemoveRoleFromInstanceProfile',
    type: 'instance-profile',
    values: {},
    setup: holding,
    call: (u, t) => u.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: t.name, RoleName: t.roleName })),
  },
  { operation: 'TagInstanceProfile', action: 'iam:TagInstanceProfile', type: 'instance-profile', values: RIGHT_TAG, setup: profile, call: (u, t) => u.iam.send(new TagInstanceProfileCommand({ InstanceProfileName: t.name, Tags: tags })) },
  { operation: 'UntagInstanceProfile', action: 'iam:UntagInstanceProfile', type: 'instance-profile', values: { tagKey: 'extra' }, setup: profile, call: (u, t) => u.iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: t.name, TagKeys: untag })) },
  {
    operation: 'AddRoleToInstanceProfile',
    action: 'iam:PassRole',
    type: 'role',
    values: { keys: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    setup: profile,
    call: (u, t) => u.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: t.name, RoleName: t.roleName })),
  },
  {
    operation: 'ListInstanceProfilesForRole',
    action: 'iam:ListInstanceProfilesForRole',
    type: 'role',
    values: {},
    setup: holding,
    call: (u, t) => u.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: t.roleName })),
  },
  {
    operation: 'GenerateOrganizationsAccessReport',
    action: 'iam:GenerateOrganizationsAccessReport',
    type: 'access-report',
    values: { keys: { 'iam:OrganizationsPolicyId': 'p-abcd1234' } },
    setup: none,
    call: (u) => u.iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9', OrganizationsPolicyId: 'p-abcd1234' })),
  },
];
