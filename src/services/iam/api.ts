// IAM's operations, named as AWS names them. Each declares the permission it needs (the IAM action on
// the resource ARN, with the condition keys AWS offers) and does its work through the IAM domain
// modules; decoding, validation and encoding come from the model.
import { loadModel } from '../../aws/model.js';
import type { AuthorizationTarget, OperationImpl, RequestContext, ServiceApi } from '../../aws/service.js';
import type { Iam, Page } from './iam.js';
import { authorizationTarget, type RequestFacts } from './condition-keys.js';
import { roleArn, type Role, type Tag } from './roles.js';
import { ServiceLinkedRoleManager } from './service-linked-roles.js';
import { serviceLinkedRolePath } from './slr-catalog.js';
import { policyToWire, policyVersionToWire, roleToWire } from './wire.js';

type Input = Record<string, any>;

function paged<T>(page: Page<T>, member: string, map: (item: T) => unknown = (item) => item): Record<string, unknown> {
  return { [member]: page.items.map(map), IsTruncated: page.isTruncated, Marker: page.marker };
}

export function iamApi(iam: Iam, slr: ServiceLinkedRoleManager): ServiceApi {
  /** What `onRole` read while authorizing a request, so that its handler does not read it again. */
  const authorizedRoles = new WeakMap<Input, { role: Role; tags: Tag[] }>();
  /**
   * A permission on a role: its ARN with its path when the role exists (arn:aws:iam::ACCOUNT:role/PATH/NAME),
   * its tags, its current permissions boundary as iam:PermissionsBoundary, and the request's own `facts`
   * (which win); `authorizationTarget` keeps the keys AWS documents for the action.
   */
  const onRole =
    (action: string, facts?: (input: Input) => RequestFacts) =>
    async (input: Input, ctx: RequestContext): Promise<AuthorizationTarget[]> => {
      const found = await iam.roles.findWithTags(ctx.caller.accountId, input.RoleName);
      const role = found?.role;
      if (found) authorizedRoles.set(input, found);
      const own = facts?.(input) ?? {};
      return [
        await authorizationTarget(action, role ? role.arn : roleArn(ctx.caller.accountId, '/', input.RoleName), {
          ...own,
          resourceTags: found?.tags,
          keys: { 'iam:PermissionsBoundary': role?.permissionsBoundaryArn, ...own.keys },
        }),
      ];
    };
  const onPolicy = (action: string) => async (input: Input) => [await authorizationTarget(action, input.PolicyArn as string)];
  const onAll = (action: string) => async () => [await authorizationTarget(action, '*')];
  const account = (ctx: RequestContext) => ctx.caller.accountId;

  const operations: Record<string, OperationImpl> = {
    // --- roles ------------------------------------------------------------------------------------
    CreateRole: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateRole', roleArn(account(ctx), input.Path ?? '/', input.RoleName), {
          requestTags: input.Tags,
          keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary },
        }),
      ],
      handle: async (input, ctx) => {
        const { role, tags } = await iam.createRole(account(ctx), input as never);
        return { Role: roleToWire(role, { form: 'create', tags }) };
      },
    },
    GetRole: {
      authorize: onRole('iam:GetRole'),
      handle: async (input, ctx) => {
        const seen = authorizedRoles.get(input);
        if (seen) return { Role: roleToWire(seen.role, { form: 'get', tags: seen.tags }) };
        const role = await iam.getRole(account(ctx), input.RoleName);
        return { Role: roleToWire(role, { form: 'get', tags: await iam.roles.tags(role.accountId, role.roleName) }) };
      },
    },
    ListRoles: {
      authorize: onAll('iam:ListRoles'),
      handle: async (input, ctx) => paged(await iam.listRoles(account(ctx), input), 'Roles', (role) => roleToWire(role, { form: 'list' })),
    },
    UpdateRole: {
      authorize: onRole('iam:UpdateRole'),
      handle: async (input, ctx) => {
        await iam.updateRole(account(ctx), input.RoleName, input);
        return {};
      },
    },
    UpdateRoleDescription: {
      authorize: onRole('iam:UpdateRoleDescription'),
      handle: async (input, ctx) => ({ Role: roleToWire(await iam.updateRoleDescription(account(ctx), input.RoleName, input.Description), { form: 'create' }) }),
    },
    DeleteRole: {
      authorize: onRole('iam:DeleteRole'),
      handle: async (input, ctx) => {
        await iam.deleteRole(account(ctx), input.RoleName);
        return {};
      },
    },
    UpdateAssumeRolePolicy: {
      authorize: onRole('iam:UpdateAssumeRolePolicy'),
      handle: async (input, ctx) => {
        await iam.updateAssumeRolePolicy(account(ctx), input.RoleName, input.PolicyDocument);
        return {};
      },
    },
    // --- tags ---------------------------------------------------------------------------------------
    TagRole: {
      authorize: onRole('iam:TagRole', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => {
        await iam.tagRole(account(ctx), input.RoleName, input.Tags);
        return {};
      },
    },
    UntagRole: {
      authorize: onRole('iam:UntagRole', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => {
        await iam.untagRole(account(ctx), input.RoleName, input.TagKeys);
        return {};
      },
    },
    ListRoleTags: {
      authorize: onRole('iam:ListRoleTags'),
      handle: async (input, ctx) => paged(await iam.listRoleTags(account(ctx), input.RoleName, input), 'Tags'),
    },
    // --- inline policies ----------------------------------------------------------------------------
    PutRolePolicy: {
      authorize: onRole('iam:PutRolePolicy'),
      handle: async (input, ctx) => {
        await iam.putRolePolicy(account(ctx), input.RoleName, input.PolicyName, input.PolicyDocument);
        return {};
      },
    },
    GetRolePolicy: {
      authorize: onRole('iam:GetRolePolicy'),
      handle: async (input, ctx) => {
        const { role, policy } = await iam.getRolePolicy(account(ctx), input.RoleName, input.PolicyName);
        return { RoleName: role.roleName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
      },
    },
    DeleteRolePolicy: {
      authorize: onRole('iam:DeleteRolePolicy'),
      handle: async (input, ctx) => {
        await iam.deleteRolePolicy(account(ctx), input.RoleName, input.PolicyName);
        return {};
      },
    },
    ListRolePolicies: {
      authorize: onRole('iam:ListRolePolicies'),
      handle: async (input, ctx) => paged(await iam.listRolePolicies(account(ctx), input.RoleName, input), 'PolicyNames'),
    },
    // --- attached managed policies ------------------------------------------------------------------
    AttachRolePolicy: {
      authorize: onRole('iam:AttachRolePolicy', (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => {
        await iam.attachRolePolicy(account(ctx), input.RoleName, input.PolicyArn);
        return {};
      },
    },
    DetachRolePolicy: {
      authorize: onRole('iam:DetachRolePolicy', (input) => ({ keys: { 'iam:PolicyARN': input.PolicyArn } })),
      handle: async (input, ctx) => {
        await iam.detachRolePolicy(account(ctx), input.RoleName, input.PolicyArn);
        return {};
      },
    },
    ListAttachedRolePolicies: {
      authorize: onRole('iam:ListAttachedRolePolicies'),
      handle: async (input, ctx) => paged(await iam.listAttachedRolePolicies(account(ctx), input.RoleName, input), 'AttachedPolicies'),
    },
    // --- permissions boundary -----------------------------------------------------------------------
    PutRolePermissionsBoundary: {
      authorize: onRole('iam:PutRolePermissionsBoundary', (input) => ({ keys: { 'iam:PermissionsBoundary': input.PermissionsBoundary } })),
      handle: async (input, ctx) => {
        await iam.putRolePermissionsBoundary(account(ctx), input.RoleName, input.PermissionsBoundary);
        return {};
      },
    },
    DeleteRolePermissionsBoundary: {
      authorize: onRole('iam:DeleteRolePermissionsBoundary'),
      handle: async (input, ctx) => {
        await iam.deleteRolePermissionsBoundary(account(ctx), input.RoleName);
        return {};
      },
    },
    // --- AWS managed policies -----------------------------------------------------------------------
    GetPolicy: {
      authorize: onPolicy('iam:GetPolicy'),
      handle: async (input, ctx) => ({ Policy: policyToWire(await iam.getPolicy(account(ctx), input.PolicyArn)) }),
    },
    GetPolicyVersion: {
      authorize: onPolicy('iam:GetPolicyVersion'),
      handle: (input) => ({ PolicyVersion: policyVersionToWire(iam.getPolicyVersion(input.PolicyArn, input.VersionId)) }),
    },
    ListPolicyVersions: {
      authorize: onPolicy('iam:ListPolicyVersions'),
      handle: (input) =>
        paged(iam.listPolicyVersions(input.PolicyArn, input), 'Versions', (v) => {
          // ListPolicyVersions never includes the documents.
          const { Document: _document, ...rest } = policyVersionToWire(v);
          return rest;
        }),
    },
    ListPolicies: {
      authorize: onAll('iam:ListPolicies'),
      handle: async (input, ctx) => paged(await iam.listPolicies(account(ctx), input), 'Policies', policyToWire),
    },
    // --- service-linked roles -----------------------------------------------------------------------
    CreateServiceLinkedRole: {
      authorize: async (input, ctx) => {
        const principal = input.AWSServiceName as string;
        let resource: string;
        try {
          resource = roleArn(account(ctx), serviceLinkedRolePath(principal), ServiceLinkedRoleManager.roleNameFor(principal, input.CustomSuffix).roleName);
        } catch {
          // The request will be refused anyway; authorize it against the service's role path.
          resource = roleArn(account(ctx), serviceLinkedRolePath(principal), '*');
        }
        return [await authorizationTarget('iam:CreateServiceLinkedRole', resource, { keys: { 'iam:AWSServiceName': principal } })];
      },
      handle: async (input, ctx) => {
        const role = await slr.create(account(ctx), input.AWSServiceName, { customSuffix: input.CustomSuffix, description: input.Description });
        return { Role: roleToWire(role, { form: 'create' }) };
      },
    },
    DeleteServiceLinkedRole: {
      authorize: onRole('iam:DeleteServiceLinkedRole'),
      handle: async (input, ctx) => ({ DeletionTaskId: await slr.requestDeletion(account(ctx), input.RoleName) }),
    },
    GetServiceLinkedRoleDeletionStatus: {
      authorize: async (input, ctx) => {
        const resource = ServiceLinkedRoleManager.roleArnOfTask(account(ctx), input.DeletionTaskId) ?? '*';
        const roleName = /:role\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1];
        const resourceTags = async () => (roleName ? (await iam.roles.findWithTags(account(ctx), roleName))?.tags : undefined);
        return [await authorizationTarget('iam:GetServiceLinkedRoleDeletionStatus', resource, { resourceTags })];
      },
      handle: async (input, ctx) => {
        const status = await slr.deletionStatus(account(ctx), input.DeletionTaskId);
        return { Status: status.status, Reason: status.reason };
      },
    },
  };
  return { signingName: 'iam', protocol: 'query', models: [loadModel('iam')], operations };
}
