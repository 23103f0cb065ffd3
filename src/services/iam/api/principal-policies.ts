// The inline and attached policies of users and groups: the same operations for both kinds
// (PutUserPolicy / PutGroupPolicy, ...), on the named user or group.
import type { Operations } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import type { RequestFacts } from '../condition-keys.js';
import type { Identities } from '../identities.js';
import type { PrincipalKind } from '../principal-policies.js';
import { account, identityTargets, paged } from './common.js';

/** The user's or the group's name, as each kind's operations name it. */
type Named = { UserName?: string; GroupName?: string };
type Paging = { Marker?: string; MaxItems?: number };

export function principalPolicyOperations(kind: PrincipalKind, store: Store, identities: Identities): ServiceOperations<Operations> {
  const { policies } = identities;
  const { onUser, onGroup } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);
  const noun = kind === 'user' ? 'User' : 'Group';
  const onPrincipal = <I extends Named>(action: string, facts?: (input: I) => RequestFacts) =>
    kind === 'user' ? onUser<I & { UserName?: string }>(action, { facts }) : onGroup<I & { GroupName: string }>(action, facts);
  const nameOf = (input: Named) => (kind === 'user' ? input.UserName : input.GroupName) as string;
  return {
    [`Put${noun}Policy`]: {
      authorize: onPrincipal<Named & { PolicyName: string; PolicyDocument: string }>(`iam:Put${noun}Policy`),
      handle: async (input: Named & { PolicyName: string; PolicyDocument: string }, ctx: RequestContext) => (await policies.put(kind, account(ctx), nameOf(input), input.PolicyName, input.PolicyDocument), {}),
    },
    [`Get${noun}Policy`]: {
      authorize: onPrincipal<Named & { PolicyName: string }>(`iam:Get${noun}Policy`),
      handle: async (input: Named & { PolicyName: string }, ctx: RequestContext) => {
        const { principalName, policy } = await policies.get(kind, account(ctx), nameOf(input), input.PolicyName);
        return { [`${noun}Name`]: principalName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
      },
    },
    [`Delete${noun}Policy`]: {
      authorize: onPrincipal<Named & { PolicyName: string }>(`iam:Delete${noun}Policy`),
      handle: async (input: Named & { PolicyName: string }, ctx: RequestContext) => (await policies.delete(kind, account(ctx), nameOf(input), input.PolicyName), {}),
    },
    [`List${noun}Policies`]: {
      authorize: onPrincipal<Named & Paging>(`iam:List${noun}Policies`),
      handle: async (input: Named & Paging, ctx: RequestContext) => paged(await policies.listNames(kind, account(ctx), nameOf(input), input), 'PolicyNames'),
    },
    [`Attach${noun}Policy`]: {
      authorize: onPrincipal<Named & { PolicyArn: string }>(`iam:Attach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input: Named & { PolicyArn: string }, ctx: RequestContext) => (await policies.attach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
    },
    [`Detach${noun}Policy`]: {
      authorize: onPrincipal<Named & { PolicyArn: string }>(`iam:Detach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input: Named & { PolicyArn: string }, ctx: RequestContext) => (await policies.detach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
    },
    [`ListAttached${noun}Policies`]: {
      authorize: onPrincipal<Named & Paging & { PathPrefix?: string }>(`iam:ListAttached${noun}Policies`),
      handle: async (input: Named & Paging & { PathPrefix?: string }, ctx: RequestContext) => paged(await policies.listAttached(kind, account(ctx), nameOf(input), input), 'AttachedPolicies'),
    },
  };
}
