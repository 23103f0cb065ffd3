// IAM's managed policy operations, for AWS managed policies and the account's own alike (an ARN in the
// caller's account is a customer managed policy): reads through the managed policy registry; creating,
// versioning, tagging and deleting apply to the caller's own policies only.
import type { Operations } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget } from '../condition-keys.js';
import { noSuchPolicy } from '../customer-policies.js';
import type { Groups } from '../groups.js';
import { customerPolicyArn } from '../policy-arns.js';
import type { ManagedPolicyRegistry } from '../policy-registry.js';
import type { Users } from '../users.js';
import { policyToWire, policyVersionToWire } from '../wire.js';
import { account, identityTargets, onAll, paged, tagsPage } from './common.js';

export function policyOperations(store: Store, policies: ManagedPolicyRegistry, users: Users, groups: Groups): ServiceOperations<Operations> {
  const { onPolicy } = identityTargets(store, users, groups, policies);
  const { customer } = policies;
  /** The account's own policy ARN; another (an AWS managed policy's) is not found by the writing operations. */
  const ownArn = (input: { PolicyArn: string }, ctx: RequestContext): string => {
    if (!policies.isCustomer(account(ctx), input.PolicyArn)) throw noSuchPolicy(input.PolicyArn);
    return input.PolicyArn;
  };
  return {
    CreatePolicy: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreatePolicy', customerPolicyArn(account(ctx), input.Path ?? '/', input.PolicyName), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { policy, tags } = await customer.create(account(ctx), input);
        return { Policy: policyToWire({ policy, usage: { attachmentCount: 0, boundaryUsageCount: 0 }, customer: true }, { tags }) };
      },
    },
    GetPolicy: {
      authorize: onPolicy('iam:GetPolicy'),
      handle: async (input, ctx) => {
        const found = await policies.get(account(ctx), input.PolicyArn);
        const tags = found.customer ? await customer.tags(account(ctx), found.policy.arn) : undefined;
        return { Policy: policyToWire(found, { tags, description: true }) };
      },
    },
    GetPolicyVersion: {
      authorize: onPolicy('iam:GetPolicyVersion'),
      handle: async (input, ctx) => ({ PolicyVersion: policyVersionToWire(await policies.version(account(ctx), input.PolicyArn, input.VersionId)) }),
    },
    ListPolicyVersions: {
      authorize: onPolicy('iam:ListPolicyVersions'),
      handle: async (input, ctx) =>
        paged(await policies.versions(account(ctx), input.PolicyArn, input), 'Versions', (v) => {
          // ListPolicyVersions never includes the documents.
          const { Document: _document, ...rest } = policyVersionToWire(v);
          return rest;
        }),
    },
    ListPolicies: {
      authorize: onAll('iam:ListPolicies'),
      handle: async (input, ctx) => paged(await policies.list(account(ctx), input), 'Policies', (entry) => policyToWire(entry)),
    },
    CreatePolicyVersion: {
      authorize: onPolicy('iam:CreatePolicyVersion'),
      handle: async (input, ctx) => {
        const version = await customer.createVersion(account(ctx), ownArn(input, ctx), input.PolicyDocument, input.SetAsDefault === true);
        const { Document: _document, ...rest } = policyVersionToWire(version);
        return { PolicyVersion: rest };
      },
    },
    SetDefaultPolicyVersion: {
      authorize: onPolicy('iam:SetDefaultPolicyVersion'),
      handle: async (input, ctx) => (await customer.setDefaultVersion(account(ctx), ownArn(input, ctx), input.VersionId), {}),
    },
    DeletePolicyVersion: {
      authorize: onPolicy('iam:DeletePolicyVersion'),
      handle: async (input, ctx) => (await customer.deleteVersion(account(ctx), ownArn(input, ctx), input.VersionId), {}),
    },
    DeletePolicy: {
      authorize: onPolicy('iam:DeletePolicy'),
      handle: async (input, ctx) => (await policies.deleteCustomer(account(ctx), ownArn(input, ctx)), {}),
    },
    ListEntitiesForPolicy: {
      authorize: onPolicy('iam:ListEntitiesForPolicy'),
      handle: async (input, ctx) => {
        const { users: u, groups: g, roles: r } = await policies.entities(account(ctx), input.PolicyArn, input);
        return { PolicyGroups: g, PolicyUsers: u, PolicyRoles: r, IsTruncated: false };
      },
    },
    TagPolicy: {
      authorize: onPolicy('iam:TagPolicy', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await customer.tag(account(ctx), ownArn(input, ctx), input.Tags), {}),
    },
    UntagPolicy: {
      authorize: onPolicy('iam:UntagPolicy', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await customer.untag(account(ctx), ownArn(input, ctx), input.TagKeys), {}),
    },
    ListPolicyTags: {
      authorize: onPolicy('iam:ListPolicyTags'),
      handle: async (input, ctx) => tagsPage(await customer.tags(account(ctx), ownArn(input, ctx)), input),
    },
  };
}
