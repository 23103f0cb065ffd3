// IAM's access key operations: a user's long-term keys (without UserName, the calling user's).
import type { Operations } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import type { Identities } from '../identities.js';
import { account, identityTargets, userNameOf } from './common.js';

export function accessKeyOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const { accessKeys } = identities;
  const { onUser } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);
  return {
    CreateAccessKey: {
      authorize: onUser('iam:CreateAccessKey'),
      handle: async (input, ctx) => {
        const key = await accessKeys.create(account(ctx), userNameOf(input, ctx));
        return { AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createDate } };
      },
    },
    ListAccessKeys: {
      authorize: onUser('iam:ListAccessKeys', { optionalName: true }),
      handle: async (input, ctx) => {
        // The root user's own keys are not IAM access keys.
        if (!input.UserName && ctx.caller.type === 'root') return { AccessKeyMetadata: [], IsTruncated: false };
        const keys = await accessKeys.list(account(ctx), userNameOf(input, ctx));
        return {
          AccessKeyMetadata: keys.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
          IsTruncated: false,
        };
      },
    },
    UpdateAccessKey: {
      authorize: onUser('iam:UpdateAccessKey'),
      handle: async (input, ctx) => (await accessKeys.update(account(ctx), userNameOf(input, ctx), input.AccessKeyId, input.Status), {}),
    },
    DeleteAccessKey: {
      authorize: onUser('iam:DeleteAccessKey'),
      handle: async (input, ctx) => (await accessKeys.delete(account(ctx), userNameOf(input, ctx), input.AccessKeyId), {}),
    },
  };
}
