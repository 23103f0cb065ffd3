// IAM's role operations: roles, their tags, inline policies, attached managed policies and permissions
// boundaries. Each declares the permission it needs on the role (its ARN with its path when it exists,
// its tags, its current boundary as iam:PermissionsBoundary).
import type { Operations } from '../../../aws/generated/iam.js';
import type { Authorized, RequestContext, ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import type { Iam } from '../iam.js';
import { roleArn, type Role, type Tag } from '../roles.js';
import { roleToWire } from '../wire.js';
import { account, onAll, paged } from './common.js';

/** What authorizing a call on a role read: the role and its tags (undefined when there is no such role). */
export type RoleSeen = { role: Role; tags: Tag[] } | undefined;

/**
 * A permission on a role: its ARN with its path when the role exists (arn:aws:iam::ACCOUNT:role/PATH/NAME),
 * its tags, its current permissions boundary as iam:PermissionsBoundary, and the request's own `facts`
 * (which win); `authorizationTarget` keeps the keys AWS documents for the action. The role it read is
 * the state handed to the handler.
 */
export function roleTargets(iam: Iam) {
  return <I extends { RoleName: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext): Promise<Authorized<RoleSeen>> => {
      const found = await iam.roles.findWithTags(account(ctx), input.RoleName);
      const role = found?.role;
      const own = facts?.(input) ?? {};
      const target = await authorizationTarget(action, role ? role.arn : roleArn(account(ctx), '/', input.RoleName), {
        ...own,
        resourceTags: found?.tags,
        keys: { 'iam:PermissionsBoundary': role?.permissionsBoundaryArn, ...own.keys },
      });
      return { targets: [target], state: found };
    };
}

export function roleOperations(iam: Iam): ServiceOperations<Operations> {
  const onRole = roleTargets(iam);
  return {
    CreateRole: {
      summary: "A role with its trust policy (validated by the policy engine), path, tags, boundary; the path /aws-service-role/ does not make it service-linked",
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateRole', roleArn(account(ctx), input.Path ?? '/', input.RoleName), {
          requestTags: input.Tags,
          keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary },
        }),
      ],
      handle: async (input, ctx) => {
        const { role, tags } = await iam.createRole(account(ctx), input);
        return { Role: roleToWire(role, { form: 'create', tags }) };
      },
    },
    GetRole: {
      summary: "The role as AWS shapes it: tags, permissions boundary and RoleLastUsed (when and in which region it was last used)",
      authorize: onRole('iam:GetRole'),
      handle: async (input, ctx, seen: RoleSeen) => {
        if (seen) return { Role: roleToWire(seen.role, { form: 'get', tags: seen.tags }) };
        const role = await iam.getRole(account(ctx), input.RoleName);
        return { Role: roleToWire(role, { form: 'get', tags: await iam.roles.tags(role.accountId, role.roleName) }) };
      },
    },
    ListRoles: {
      summary: "The account's roles by PathPrefix, paged with Marker/MaxItems",
      authorize: onAll('iam:ListRoles'),
      handle: async (input, ctx) => paged(await iam.listRoles(account(ctx), input), 'Roles', (role) => roleToWire(role, { form: 'list' })),
    },
    UpdateRole: {
      summary: "Description and MaxSessionDuration; a service-linked role's MaxSessionDuration is refused (UnmodifiableEntity)",
      authorize: onRole('iam:UpdateRole'),
      handle: async (input, ctx) => (await iam.updateRole(account(ctx), input.RoleName, input), {}),
    },
    UpdateRoleDescription: {
      summary: "The description, service-linked roles included (the one change AWS allows on them)",
      authorize: onRole('iam:UpdateRoleDescription'),
      handle: async (input, ctx) => ({ Role: roleToWire(await iam.updateRoleDescription(account(ctx), input.RoleName, input.Description), { form: 'create' }) }),
    },
    DeleteRole: {
      summary: "Deletes a role; a service-linked role is refused (UnmodifiableEntity: DeleteServiceLinkedRole deletes it)",
      authorize: onRole('iam:DeleteRole'),
      handle: async (input, ctx) => (await iam.deleteRole(account(ctx), input.RoleName), {}),
    },
    UpdateAssumeRolePolicy: {
      summary: "Replaces the trust policy (validated); refused on a service-linked role (UnmodifiableEntity)",
      authorize: onRole('iam:UpdateAssumeRolePolicy'),
      handle: async (input, ctx) => (await iam.updateAssumeRolePolicy(account(ctx), input.RoleName, input.PolicyDocument), {}),
    },
    // --- tags ---------------------------------------------------------------------------------------
    TagRole: {
      summary: "Adds or replaces tags (at most 50 per role), service-linked roles included",
      authorize: onRole('iam:TagRole', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await iam.tagRole(account(ctx), input.RoleName, input.Tags), {}),
    },
    UntagRole: {
      summary: "Removes tags by key",
      authorize: onRole('iam:UntagRole', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await iam.untagRole(account(ctx), input.RoleName, input.TagKeys), {}),
    },
    ListRoleTags: {
      summary: "The role's tags, paged",
      authorize: onRole('iam:ListRoleTags'),
      handle: async (input, ctx) => paged(await iam.listRoleTags(account(ctx), input.RoleName, input), 'Tags'),
    },
    // --- inline policies ----------------------------------------------------------------------------
    PutRolePolicy: {
      summary: "Writes an inline policy (validated); refused on a service-linked role, whose inline policies only its service writes",
      authorize: onRole('iam:PutRolePolicy'),
      handle: async (input, ctx) => (await iam.putRolePolicy(account(ctx), input.RoleName, input.PolicyName, input.PolicyDocument), {}),
    },
    GetRolePolicy: {
      summary: "An inline policy's document, URL-encoded as AWS answers it",
      authorize: onRole('iam:GetRolePolicy'),
      handle: async (input, ctx) => {
        const { role, policy } = await iam.getRolePolicy(account(ctx), input.RoleName, input.PolicyName);
        return { RoleName: role.roleName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
      },
    },
    DeleteRolePolicy: {
      summary: "Deletes an inline policy; refused on a service-linked role",
      authorize: onRole('iam:DeleteRolePolicy'),
      handle: async (input, ctx) => (await iam.deleteRolePolicy(account(ctx), input.RoleName, input.PolicyName), {}),
    },
    ListRolePolicies: {
      summary: "The names of the role's inline policies, paged",
      authorize: onRole('iam:ListRolePolicies'),
      handle: async (input, ctx) => paged(await iam.listRolePolicies(account(ctx), input.RoleName, input), 'PolicyNames'),
    },
    // --- attached managed policies ------------------------------------------------------------------
    AttachRolePolicy: {
      summary: "Attaches a managed policy (AWS or customer); refused on a service-linked role, and a service-role policy on a customer role (PolicyNotAttachable)",
      authorize: onRole('iam:AttachRolePolicy', (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => (await iam.attachRolePolicy(account(ctx), input.RoleName, input.PolicyArn), {}),
    },
    DetachRolePolicy: {
      summary: "Detaches a managed policy; refused on a service-linked role",
      authorize: onRole('iam:DetachRolePolicy', (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => (await iam.detachRolePolicy(account(ctx), input.RoleName, input.PolicyArn), {}),
    },
    ListAttachedRolePolicies: {
      summary: "The managed policies attached, by PathPrefix, paged",
      authorize: onRole('iam:ListAttachedRolePolicies'),
      handle: async (input, ctx) => paged(await iam.listAttachedRolePolicies(account(ctx), input.RoleName, input), 'AttachedPolicies'),
    },
    // --- permissions boundary -----------------------------------------------------------------------
    PutRolePermissionsBoundary: {
      summary: "Sets the permissions boundary the engine applies to the role's sessions; refused on a service-linked role",
      authorize: onRole('iam:PutRolePermissionsBoundary', (input) => ({ keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary } })),
      handle: async (input, ctx) => (await iam.putRolePermissionsBoundary(account(ctx), input.RoleName, input.PermissionsBoundary), {}),
    },
    DeleteRolePermissionsBoundary: {
      summary: "Removes the boundary; refused on a service-linked role",
      authorize: onRole('iam:DeleteRolePermissionsBoundary'),
      handle: async (input, ctx) => (await iam.deleteRolePermissionsBoundary(account(ctx), input.RoleName), {}),
    },
  };
}
