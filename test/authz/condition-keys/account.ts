// Instance profiles and the account-level operations: the keys the Service Authorization Reference documents
// for them (the `instance-profile` resource type: aws:ResourceTag/<key>; CreateInstanceProfile and
// TagInstanceProfile: aws:RequestTag/<key>, aws:TagKeys; ListInstanceProfilesForRole on the role and its tags;
// AddRoleToInstanceProfile's iam:PassRole of the role to EC2; GenerateOrganizationsAccessReport's
// iam:OrganizationsPolicyId).
import {
  AcceptDelegationRequestCommand,
  AddRoleToInstanceProfileCommand,
  AssociateDelegationRequestCommand,
  CreateDelegationRequestCommand,
  CreatePolicyCommand,
  GetDelegationRequestCommand,
  ListDelegationRequestsCommand,
  RejectDelegationRequestCommand,
  SendDelegationTokenCommand,
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
import { ACCOUNT, allowAll, next, none, RIGHT_TAG, role, TAG, tags, untag, type Clients, type Row, type Target } from './support.js';

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

const CHANNEL = `arn:aws:sns:us-east-1:${ACCOUNT}:partner-topic`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const TEMPLATE = `arn:aws:iam::${ACCOUNT}:policy/SharedTemplate`;

/** A delegation request created by root (its template a fresh policy); `associated`: root owns it. */
async function delegation(root: Clients, n: number, associated: boolean): Promise<Target> {
  const { Policy } = await root.iam.send(new CreatePolicyCommand({ PolicyName: `template-${n}`, PolicyDocument: allowAll }));
  const { DelegationRequestId } = await root.iam.send(
    new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: Policy!.Arn }, RequestorWorkflowId: `workflow-${n}`, NotificationChannel: CHANNEL, SessionDuration: 900 }),
  );
  if (associated) await root.iam.send(new AssociateDelegationRequestCommand({ DelegationRequestId }));
  return { id: DelegationRequestId!, template: Policy!.Arn! };
}
const unowned = (root: Clients, n: number) => delegation(root, n, false);
const owned = (root: Clients, n: number) => delegation(root, n, true);
const NO_OWNER_YET = { 'iam:DelegationRequestOwner': 'the request has no owner before AssociateDelegationRequest makes the caller its owner' };

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
  {
    operation: 'CreateDelegationRequest',
    action: 'iam:CreateDelegationRequest',
    type: 'delegation-request',
    values: { keys: { 'iam:DelegationDuration': '900', 'iam:NotificationChannel': CHANNEL, 'iam:TemplateArn': TEMPLATE } },
    // One template for every case (the right value names it): made by the first case, there already for the others.
    setup: async (root) => {
      await root.iam.send(new CreatePolicyCommand({ PolicyName: 'SharedTemplate', PolicyDocument: allowAll })).catch((error: Error) => {
        if (error.name !== 'EntityAlreadyExistsException' && error.name !== 'EntityAlreadyExists') throw error;
      });
      return {};
    },
    call: (u) =>
      u.iam.send(new CreateDelegationRequestCommand({ Description: 'd', Permissions: { PolicyTemplateArn: TEMPLATE }, RequestorWorkflowId: `new-workflow-${next()}`, NotificationChannel: CHANNEL, SessionDuration: 900 })),
    notApplicable: NO_OWNER_YET,
  },
  { operation: 'AssociateDelegationRequest', action: 'iam:AssociateDelegationRequest', type: 'delegation-request', values: {}, setup: unowned, call: (u, t) => u.iam.send(new AssociateDelegationRequestCommand({ DelegationRequestId: t.id })), notApplicable: NO_OWNER_YET },
  ...(
    [
      ['GetDelegationRequest', (u, t) => u.iam.send(new GetDelegationRequestCommand({ DelegationRequestId: t.id }))],
      ['AcceptDelegationRequest', (u, t) => u.iam.send(new AcceptDelegationRequestCommand({ DelegationRequestId: t.id }))],
      ['RejectDelegationRequest', (u, t) => u.iam.send(new RejectDelegationRequestCommand({ DelegationRequestId: t.id }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'delegation-request', values: { keys: { 'iam:DelegationRequestOwner': ROOT } }, setup: owned, call })),
  {
    operation: 'SendDelegationToken',
    action: 'iam:SendDelegationToken',
    type: 'delegation-request',
    values: { keys: { 'iam:DelegationRequestOwner': ROOT } },
    setup: async (root, n) => {
      const made = await owned(root, n);
      await root.iam.send(new AcceptDelegationRequestCommand({ DelegationRequestId: made.id }));
      return made;
    },
    call: (u, t) => u.iam.send(new SendDelegationTokenCommand({ DelegationRequestId: t.id })),
  },
  {
    operation: 'ListDelegationRequests',
    action: 'iam:ListDelegationRequests',
    values: { keys: { 'iam:DelegationRequestOwner': ROOT } },
    setup: none,
    call: (u) => u.iam.send(new ListDelegationRequestsCommand({ OwnerId: ROOT })),
  },
];
