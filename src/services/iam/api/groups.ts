// IAM's group operations: groups, their members, and their inline and attached policies (IAM groups
// have no tags).
import type { Operations } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget } from '../condition-keys.js';
import { groupArn } from '../groups.js';
import type { Identities } from '../identities.js';
import { nameKey } from '../identity-tags.js';
import { pageOf } from '../paging.js';
import { groupToWire, userToWire } from '../wire.js';
import { account, identityTargets, paged } from './common.js';
import { principalPolicyOperations } from './principal-policies.js';
import { partition } from '../../../aws/partitions.js';

export function groupOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const { users, groups } = identities;
  const { onUser, onGroup } = identityTargets(store, users, groups, identities.managedPolicies);
  return {
    CreateGroup: {
      authorize: async (input, ctx) => [await authorizationTarget('iam:CreateGroup', groupArn(account(ctx), input.Path ?? '/', input.GroupName))],
      handle: async (input, ctx) => ({ Group: groupToWire(await groups.create(account(ctx), input)) }),
    },
    GetGroup: {
      authorize: onGroup('iam:GetGroup'),
      handle: async (input, ctx) => {
        const { group, page } = await groups.members(account(ctx), input.GroupName, input);
        return { Group: groupToWire(group), ...paged(page, 'Users', (user) => userToWire(user)) };
      },
    },
    ListGroups: {
      authorize: async (_input, ctx) => [await authorizationTarget('iam:ListGroups', `arn:${partition()}:iam::${account(ctx)}:group/`)],
      handle: async (input, ctx) => paged(await groups.list(account(ctx), input), 'Groups', groupToWire),
    },
    DeleteGroup: {
      authorize: onGroup('iam:DeleteGroup'),
      handle: async (input, ctx) => (await groups.delete(account(ctx), input.GroupName), {}),
    },
    AddUserToGroup: {
      authorize: onGroup('iam:AddUserToGroup'),
      handle: async (input, ctx) => (await groups.addUser(account(ctx), input.GroupName, input.UserName), {}),
    },
    RemoveUserFromGroup: {
      authorize: onGroup('iam:RemoveUserFromGroup'),
      handle: async (input, ctx) => (await groups.removeUser(account(ctx), input.GroupName, input.UserName), {}),
    },
    ListGroupsForUser: {
      authorize: onUser('iam:ListGroupsForUser'),
      handle: async (input, ctx) => {
        const list = await groups.groupsOf(account(ctx), input.UserName);
        return paged(pageOf(list, (g) => nameKey(g.groupName), input), 'Groups', groupToWire);
      },
    },
    ...principalPolicyOperations('group', store, identities),
  };
}
