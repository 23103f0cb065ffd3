// IAM's password operations: users' login profiles (console passwords), ChangePassword (the calling user's
// own), and the account password policy. Each declares the permission it needs on the user (its ARN, tags)
// or on * (the account's policy); ChangePassword needs none while the policy's AllowUsersToChangePassword is
// set, as AWS lets every user change their own password then.
import { commonErrors, errors, type Operations } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import type { Identities } from '../identities.js';
import type { LoginProfile } from '../passwords.js';
import { account, identityTargets, onAll, userNameOf } from './common.js';

const toWire = (profile: LoginProfile) => ({ UserName: profile.userName, CreateDate: profile.createDate, PasswordResetRequired: profile.passwordResetRequired });

/** ChangePassword is the calling IAM user's own: the root (or a role session) has no IAM user password. */
function callingUser(ctx: RequestContext): string {
  if (ctx.caller.type !== 'user' || !ctx.caller.name) throw errors.InvalidUserType('Only IAM Users can change their own password.');
  return ctx.caller.name;
}

export function loginProfileOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const { passwords } = identities;
  const { onUser } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);
  return {
    CreateLoginProfile: {
      authorize: onUser('iam:CreateLoginProfile', { optionalName: true }),
      handle: async (input, ctx) => {
        if (input.Password === undefined) throw commonErrors.ValidationError('1 validation error detected: Value null at \'password\' failed to satisfy constraint: Member must not be null');
        return { LoginProfile: toWire(await passwords.create(account(ctx), userNameOf(input, ctx), input.Password, input.PasswordResetRequired ?? false)) };
      },
    },
    GetLoginProfile: {
      authorize: onUser('iam:GetLoginProfile', { optionalName: true }),
      handle: async (input, ctx) => ({ LoginProfile: toWire(await passwords.get(account(ctx), userNameOf(input, ctx))) }),
    },
    UpdateLoginProfile: {
      authorize: onUser('iam:UpdateLoginProfile'),
      handle: async (input, ctx) => (await passwords.update(account(ctx), input.UserName, input), {}),
    },
    DeleteLoginProfile: {
      authorize: onUser('iam:DeleteLoginProfile', { optionalName: true }),
      handle: async (input, ctx) => (await passwords.delete(account(ctx), userNameOf(input, ctx)), {}),
    },
    ChangePassword: {
      authorize: async (input, ctx) => {
        const name = callingUser(ctx);
        if ((await passwords.policy(account(ctx)))?.AllowUsersToChangePassword) return [];
        return onUser('iam:ChangePassword')({ UserName: name }, ctx);
      },
      handle: async (input, ctx) => (await passwords.change(account(ctx), callingUser(ctx), input.OldPassword, input.NewPassword), {}),
    },
    UpdateAccountPasswordPolicy: {
      authorize: onAll('iam:UpdateAccountPasswordPolicy'),
      handle: async (input, ctx) => (await passwords.updatePolicy(account(ctx), input), {}),
    },
    GetAccountPasswordPolicy: {
      authorize: onAll('iam:GetAccountPasswordPolicy'),
      handle: async (_input, ctx) => ({ PasswordPolicy: await passwords.getPolicy(account(ctx)) }),
    },
    DeleteAccountPasswordPolicy: {
      authorize: onAll('iam:DeleteAccountPasswordPolicy'),
      handle: async (_input, ctx) => (await passwords.deletePolicy(account(ctx)), {}),
    },
  };
}
