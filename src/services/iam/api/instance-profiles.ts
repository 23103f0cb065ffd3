// IAM's instance profile operations. Each declares the permission it needs on the profile (its ARN with
// its path when it exists, its tags as aws:ResourceTag/*); AddRoleToInstanceProfile also needs
// iam:PassRole on the role (AWS: "The caller of this operation must be granted the PassRole permission
// on the IAM role"), with EC2 as the service it is passed to.
import type { InstanceProfile as InstanceProfileShape, Operations } from '../../../aws/generated/iam.js';
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget, roleFacts } from '../condition-keys.js';
import { instanceProfileArn, type InstanceProfile, type InstanceProfiles } from '../instance-profiles.js';
import { roleArn, type Tag } from '../roles.js';
import { roleToWire } from '../wire.js';
import { account, onAll, paged } from './common.js';
import { partition } from '../../../aws/partitions.js';

/** An instance profile as IAM answers it: its role in CreateRole's form (no MaxSessionDuration, no RoleLastUsed). */
export function instanceProfileToWire(profile: InstanceProfile, tags?: Tag[]): InstanceProfileShape {
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: profile.role ? [roleToWire(profile.role, { form: 'create' })] : [],
    Tags: tags && tags.length > 0 ? tags : undefined,
  };
}

export function instanceProfileOperations(store: Store, profiles: InstanceProfiles): ServiceOperations<Operations> {
  /** A permission on an instance profile, with its tags. */
  const onProfile =
    <I extends { InstanceProfileName: string }>(action: string, facts?: (input: I) => { requestTags?: Tag[]; tagKeys?: string[] }) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const profile = await profiles.find(account(ctx), input.InstanceProfileName);
      const arn = profile ? profile.arn : instanceProfileArn(account(ctx), '/', input.InstanceProfileName);
      return [
        await authorizationTarget(action, arn, {
          ...facts?.(input),
          resourceTags: profile ? () => profiles.tags(account(ctx), profile.instanceProfileName) : undefined,
        }),
      ];
    };

  return {
    CreateInstanceProfile: {
      summary: 'An instance profile with its path and tags (AIPA... id); at most 1000 per account',
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateInstanceProfile', instanceProfileArn(account(ctx), input.Path ?? '/', input.InstanceProfileName), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { profile, tags } = await profiles.create(account(ctx), input);
        return { InstanceProfile: instanceProfileToWire(profile, tags) };
      },
    },
    GetInstanceProfile: {
      summary: 'The profile with its role (as CreateRole answers a role) and its tags',
      authorize: onProfile('iam:GetInstanceProfile'),
      handle: async (input, ctx) => {
        const profile = await profiles.get(account(ctx), input.InstanceProfileName);
        return { InstanceProfile: instanceProfileToWire(profile, await profiles.tags(account(ctx), profile.instanceProfileName)) };
      },
    },
    ListInstanceProfiles: {
      summary: 'The account\'s profiles by PathPrefix, with their roles, paged with Marker/MaxItems',
      authorize: onAll('iam:ListInstanceProfiles'),
      handle: async (input, ctx) => paged(await profiles.list(account(ctx), input), 'InstanceProfiles', (p) => instanceProfileToWire(p)),
    },
    DeleteInstanceProfile: {
      summary: 'Refused while the profile holds a role (DeleteConflict); its tags go with it',
      authorize: onProfile('iam:DeleteInstanceProfile'),
      handle: async (input, ctx) => (await profiles.delete(account(ctx), input.InstanceProfileName), {}),
    },
    AddRoleToInstanceProfile: {
      summary: 'One role per profile (LimitExceeded InstanceSessionsPerInstanceProfile: 1); needs iam:PassRole on the role; a service-linked role is refused',
      authorize: async (input, ctx) => {
        const [own] = await onProfile('iam:AddRoleToInstanceProfile')(input, ctx);
        const found = await store.db.selectFrom('iam_roles').select('arn').where('account_id', '=', account(ctx)).where('name_key', '=', input.RoleName.toLowerCase()).executeTakeFirst();
        const arn = found?.arn ?? roleArn(account(ctx), '/', input.RoleName);
        const facts = await roleFacts(store, account(ctx), arn);
        const passRole = await authorizationTarget('iam:PassRole', arn, {
          ...facts,
          // The role goes to EC2's instances: AWS documents iam:AssociatedResourceArn for this action as
          // arn:aws:ec2:*:ACCOUNT:instance/* (no region or instance id is known yet).
          keys: { ...facts.keys, 'iam:PassedToService': 'ec2.amazonaws.com', 'iam:AssociatedResourceArn': `arn:${partition()}:ec2:*:${account(ctx)}:instance/*` },
        });
        return [own, passRole];
      },
      handle: async (input, ctx) => (await profiles.addRole(account(ctx), input.InstanceProfileName, input.RoleName), {}),
    },
    RemoveRoleFromInstanceProfile: {
      summary: 'Takes the profile\'s role out (NoSuchEntity when the profile does not hold it)',
      authorize: onProfile('iam:RemoveRoleFromInstanceProfile'),
      handle: async (input, ctx) => (await profiles.removeRole(account(ctx), input.InstanceProfileName, input.RoleName), {}),
    },
    ListInstanceProfilesForRole: {
      summary: 'The profiles that hold a role, paged',
      authorize: async (input, ctx) => {
        const found = await store.db.selectFrom('iam_roles').select('arn').where('account_id', '=', account(ctx)).where('name_key', '=', input.RoleName.toLowerCase()).executeTakeFirst();
        const arn = found?.arn ?? roleArn(account(ctx), '/', input.RoleName);
        return [await authorizationTarget('iam:ListInstanceProfilesForRole', arn, await roleFacts(store, account(ctx), arn))];
      },
      handle: async (input, ctx) => paged(await profiles.listForRole(account(ctx), input.RoleName, input), 'InstanceProfiles', (p) => instanceProfileToWire(p)),
    },
    // --- tags ---------------------------------------------------------------------------------------
    TagInstanceProfile: {
      summary: 'Adds or replaces tags (keys case-insensitive, at most 50)',
      authorize: onProfile('iam:TagInstanceProfile', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await profiles.tag(account(ctx), input.InstanceProfileName, input.Tags), {}),
    },
    UntagInstanceProfile: {
      summary: 'Removes tags by key',
      authorize: onProfile('iam:UntagInstanceProfile', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await profiles.untag(account(ctx), input.InstanceProfileName, input.TagKeys), {}),
    },
    ListInstanceProfileTags: {
      summary: 'The profile\'s tags in the order they were added, paged',
      authorize: onProfile('iam:ListInstanceProfileTags'),
      handle: async (input, ctx) => paged(await profiles.listTags(account(ctx), input.InstanceProfileName, input), 'Tags'),
    },
  };
}
