// What IAM's bindings share: the permission on each kind of IAM resource (its ARN with its path when it
// exists, its tags, its permissions boundary as iam:PermissionsBoundary, and the request's own facts,
// which win; `authorizationTarget` keeps the keys AWS documents for the action), and the shapes of
// paged answers.
import { commonErrors } from '../../../aws/generated/iam.js';
import type { AuthorizationTarget, RequestContext } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import { groupArn, type Groups } from '../groups.js';
import { nameKey, readTags } from '../identity-tags.js';
import { pageInOrder, type Page, type PageRequest } from '../paging.js';
import type { ManagedPolicyRegistry } from '../policy-registry.js';
import type { Tag } from '../roles.js';
import { userArn, type Users } from '../users.js';

export type Input = Record<string, any>;

export const account = (ctx: RequestContext): string => ctx.caller.accountId;

export function paged<T>(page: Page<T>, member: string, map: (item: T) => unknown = (item) => item): Record<string, unknown> {
  return { [member]: page.items.map(map), IsTruncated: page.isTruncated, Marker: page.marker };
}

/** ListRoleTags, ListUserTags, ListPolicyTags: tags in the order they were added. */
export function tagsPage(tags: Tag[], request: PageRequest): Record<string, unknown> {
  return paged(pageInOrder(tags, request), 'Tags');
}

/** A permission on every resource of its kind (ListRoles, ListPolicies). */
export const onAll = (action: string) => async (): Promise<AuthorizationTarget[]> => [await authorizationTarget(action, '*')];

/** The user an operation names, or (without UserName) the calling user. */
export function userNameOf(input: Input, ctx: RequestContext): string {
  if (input.UserName) return input.UserName;
  if (ctx.caller.type === 'user' && ctx.caller.name) return ctx.caller.name;
  throw commonErrors.ValidationError('Must specify userName when calling with non-User credentials');
}

/** Permissions on users, groups and managed policies, read from their stores. */
export function identityTargets(store: Store, users: Users, groups: Groups, policies: ManagedPolicyRegistry) {
  /** A permission on a user (without UserName where `optionalName`: on the caller itself). */
  const onUser =
    (action: string, options: { facts?: (input: Input) => RequestFacts; optionalName?: boolean } = {}) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const own = options.facts?.(input) ?? {};
      if (options.optionalName && !input.UserName && ctx.caller.type !== 'user') {
        return [await authorizationTarget(action, ctx.caller.arn, own)];
      }
      const name = userNameOf(input, ctx);
      const user = await users.find(account(ctx), name);
      return [
        await authorizationTarget(action, user ? user.arn : userArn(account(ctx), '/', name), {
          ...own,
          resourceTags: user ? () => readTags(store.db, account(ctx), 'user', nameKey(user.userName)) : undefined,
          keys: { 'iam:PermissionsBoundary': user?.permissionsBoundaryArn, ...own.keys },
        }),
      ];
    };

  /** A permission on a group (IAM groups have no tags). */
  const onGroup =
    (action: string, facts?: (input: Input) => RequestFacts) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const group = await groups.find(account(ctx), input.GroupName);
      return [await authorizationTarget(action, group ? group.arn : groupArn(account(ctx), '/', input.GroupName), facts?.(input))];
    };

  /** A permission on a managed policy, with a customer policy's tags as aws:ResourceTag/*. */
  const onPolicy =
    (action: string, facts?: (input: Input) => RequestFacts) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const arn = input.PolicyArn as string;
      const policy = policies.isCustomer(account(ctx), arn) ? await policies.customer.find(arn) : undefined;
      return [
        await authorizationTarget(action, arn, {
          ...facts?.(input),
          resourceTags: policy ? () => readTags(store.db, account(ctx), 'policy', nameKey(policy.name)) : undefined,
        }),
      ];
    };

  return { onUser, onGroup, onPolicy };
}
