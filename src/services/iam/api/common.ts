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

export const account = (ctx: RequestContext): string => ctx.caller.accountId;

/** A page as IAM answers one: its items under `member`, IsTruncated and Marker. */
export function paged<T, Member extends string, Item = T>(
  page: Page<T>,
  member: Member,
  map: (item: T) => Item = (item) => item as unknown as Item,
): { [M in Member]: Item[] } & { IsTruncated: boolean; Marker?: string } {
  return { [member]: page.items.map(map), IsTruncated: page.isTruncated, Marker: page.marker } as { [M in Member]: Item[] } & { IsTruncated: boolean; Marker?: string };
}

/** ListRoleTags, ListUserTags, ListPolicyTags: tags in the order they were added. */
export function tagsPage(tags: Tag[], request: PageRequest) {
  return paged(pageInOrder(tags, request), 'Tags');
}

/** A permission on every resource of its kind (ListRoles, ListPolicies). */
export const onAll = (action: string) => async (): Promise<AuthorizationTarget[]> => [await authorizationTarget(action, '*')];

/** The user an operation names, or (without UserName) the calling user. */
export function userNameOf(input: { UserName?: string }, ctx: RequestContext): string {
  if (input.UserName) return input.UserName;
  if (ctx.caller.type === 'user' && ctx.caller.name) return ctx.caller.name;
  throw commonErrors.ValidationError('Must specify userName when calling with non-User credentials');
}

/** Permissions on users, groups and managed policies, read from their stores. */
export function identityTargets(store: Store, users: Users, groups: Groups, policies: ManagedPolicyRegistry) {
  /** A permission on a user (without UserName where `optionalName`: on the caller itself). */
  const onUser =
    <I extends { UserName?: string }>(action: string, options: { facts?: (input: I) => RequestFacts; optionalName?: boolean } = {}) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
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
    <I extends { GroupName: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const group = await groups.find(account(ctx), input.GroupName);
      return [await authorizationTarget(action, group ? group.arn : groupArn(account(ctx), '/', input.GroupName), facts?.(input))];
    };

  /** A permission on a managed policy, with a customer policy's tags as aws:ResourceTag/*. */
  const onPolicy =
    <I extends { PolicyArn: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const arn = input.PolicyArn;
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
