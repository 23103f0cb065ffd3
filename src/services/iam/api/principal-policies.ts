// The inline and attached policies of users and groups: the same operations for both kinds
// (PutUserPolicy / PutGroupPolicy, ...), on the named user or group.
import type { OperationImpl } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import type { Identities } from '../identities.js';
import type { PrincipalKind } from '../principal-policies.js';
import { account, identityTargets, paged, type Input } from './common.js';

export function principalPolicyOperations(kind: PrincipalKind, store: Store, identities: Identities): Record<string, OperationImpl> {
  const { policies } = identities;
  const { onUser, onGroup } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);
  const noun = kind === 'user' ? 'User' : 'Group';
  const onPrincipal = (action: string, facts?: Parameters<typeof onGroup>[1]) => (kind === 'user' ? onUser(action, { facts }) : onGroup(action, facts));
  const nameOf = (input: Input) => (kind === 'user' ? input.UserName : input.GroupName) as string;
  return {
    [`Put${noun}Policy`]: {
      authorize: onPrincipal(`iam:Put${noun}Policy`),
      handle: async (input, ctx) => (await policies.put(kind, account(ctx), nameOf(input), input.PolicyName, input.PolicyDocument), {}),
    },
    [`Get${noun}Policy`]: {
      authorize: onPrincipal(`iam:Get${noun}Policy`),
      handle: async (input, ctx) => {
        const { principalName, policy } = await policies.get(kind, account(ctx), nameOf(input), input.PolicyName);
        return { [`${noun}Name`]: principalName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
      },
    },
    [`Delete${noun}Policy`]: {
      authorize: onPrincipal(`iam:Delete${noun}Policy`),
      handle: async (input, ctx) => (await policies.delete(kind, account(ctx), nameOf(input), input.PolicyName), {}),
    },
    [`List${noun}Policies`]: {
      authorize: onPrincipal(`iam:List${noun}Policies`),
      handle: async (input, ctx) => paged(await policies.listNames(kind, account(ctx), nameOf(input), input), 'PolicyNames'),
    },
    [`Attach${noun}Policy`]: {
      authorize: onPrincipal(`iam:Attach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => (await policies.attach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
    },
    [`Detach${noun}Policy`]: {
      authorize: onPrincipal(`iam:Detach${noun}Policy`, (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => (await policies.detach(kind, account(ctx), nameOf(input), input.PolicyArn), {}),
    },
    [`ListAttached${noun}Policies`]: {
      authorize: onPrincipal(`iam:ListAttached${noun}Policies`),
      handle: async (input, ctx) => paged(await policies.listAttached(kind, account(ctx), nameOf(input), input), 'AttachedPolicies'),
    },
  };
}
