// IAM's user operations: users, their tags and permissions boundaries, and their inline and attached
// policies. Each declares the permission it needs on the user (its ARN with its path, its tags, its
// boundary as iam:PermissionsBoundary).
import type { Operations, User } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget } from '../condition-keys.js';
import type { Identities } from '../identities.js';
import { userArn } from '../users.js';
import { userToWire } from '../wire.js';
import { account, identityTargets, paged, tagsPage, userNameOf } from './common.js';
import { principalPolicyOperations } from './principal-policies.js';
import { partition } from '../../../aws/partitions.js';

export function userOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const { users } = identities;
  const { onUser } = identityTargets(store, users, identities.groups, identities.managedPolicies);
  return {
    CreateUser: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateUser', userArn(account(ctx), input.Path ?? '/', input.UserName), {
          requestTags: input.Tags,
          keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary },
        }),
      ],
      handle: async (input, ctx) => {
        const { user, tags } = await users.create(account(ctx), input);
        return { User: userToWire(user, { tags, boundary: true }) };
      },
    },
    GetUser: {
      authorize: onUser('iam:GetUser', { optionalName: true }),
      handle: async (input, ctx) => {
        if (!input.UserName && ctx.caller.type === 'root') {
          // AWS answers the root user without Path and UserName, which the model marks required.
          return { User: { UserId: ctx.caller.accountId, Arn: ctx.caller.arn, CreateDate: new Date(0) } as User };
        }
        const user = await users.get(account(ctx), userNameOf(input, ctx));
        // PasswordLastUsed: the user's last console sign-in with its password, if any (docs/identities.md).
        const passwordLastUsed = (await identities.passwords.find(account(ctx), user.userName))?.passwordLastUsed;
        return { User: { ...userToWire(user, { tags: await users.tags(account(ctx), user.userName), boundary: true }), PasswordLastUsed: passwordLastUsed } };
      },
    },
    ListUsers: {
      authorize: async (input, ctx) => [await authorizationTarget('iam:ListUsers', `arn:${partition()}:iam::${account(ctx)}:user/`)],
      handle: async (input, ctx) => {
        const page = await users.list(account(ctx), input);
        const lastUsed = await identities.passwords.lastUsed(account(ctx), page.items.map((user) => user.userName));
        return paged(page, 'Users', (user) => ({ ...userToWire(user), PasswordLastUsed: lastUsed.get(user.userName.toLowerCase()) }));
      },
    },
    UpdateUser: {
      authorize: onUser('iam:UpdateUser'),
      handle: async (input, ctx) => (await users.update(account(ctx), input.UserName, input), {}),
    },
    DeleteUser: {
      authorize: onUser('iam:DeleteUser'),
      handle: async (input, ctx) => (await users.delete(account(ctx), input.UserName), {}),
    },
    TagUser: {
      authorize: onUser('iam:TagUser', { facts: (input) => ({ requestTags: input.Tags }) }),
      handle: async (input, ctx) => (await users.tag(account(ctx), input.UserName, input.Tags), {}),
    },
    UntagUser: {
      authorize: onUser('iam:UntagUser', { facts: (input) => ({ tagKeys: input.TagKeys }) }),
      handle: async (input, ctx) => (await users.untag(account(ctx), input.UserName, input.TagKeys), {}),
    },
    ListUserTags: {
      authorize: onUser('iam:ListUserTags'),
      handle: async (input, ctx) => tagsPage(await users.tags(account(ctx), input.UserName), input),
    },
    PutUserPermissionsBoundary: {
      authorize: onUser('iam:PutUserPermissionsBoundary', { facts: (input) => ({ keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary } }) }),
      handle: async (input, ctx) => (await users.putPermissionsBoundary(account(ctx), input.UserName, input.PermissionsBoundary), {}),
    },
    DeleteUserPermissionsBoundary: {
      authorize: onUser('iam:DeleteUserPermissionsBoundary'),
      handle: async (input, ctx) => (await users.deletePermissionsBoundary(account(ctx), input.UserName), {}),
    },
    ...principalPolicyOperations('user', store, identities),
  };
}
