// IAM's answers as the model's shapes. Which members of a Role AWS returns depends on the operation:
//   create  CreateRole, CreateServiceLinkedRole, UpdateRoleDescription: no MaxSessionDuration, no RoleLastUsed
//   get     GetRole: everything, RoleLastUsed ({} when never used)
//   list    ListRoles: no Tags, RoleLastUsed or PermissionsBoundary
import type { ManagedPolicyMeta, ManagedPolicyVersion } from './managed-policies.js';
import type { Role, Tag } from './roles.js';

export interface RoleView {
  form?: 'create' | 'get' | 'list';
  /** @deprecated use form: 'get' */
  includeLastUsed?: boolean;
  tags?: Tag[];
}

export function roleToWire(role: Role, view: RoleView = {}): Record<string, unknown> {
  const form = view.form ?? (view.includeLastUsed ? 'get' : 'list');
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    // IAM returns policy documents URL-encoded.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: form === 'create' ? undefined : role.maxSessionDuration,
    PermissionsBoundary:
      form !== 'list' && role.permissionsBoundaryArn
        ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundaryArn }
        : undefined,
    Tags: form !== 'list' && view.tags && view.tags.length > 0 ? view.tags : undefined,
    RoleLastUsed: form === 'get' ? (role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {}) : undefined,
  };
}

export function policyToWire(policy: ManagedPolicyMeta & { attachmentCount: number; boundaryUsageCount: number }): Record<string, unknown> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: policy.boundaryUsageCount,
    IsAttachable: true,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
  };
}

export function policyVersionToWire(version: ManagedPolicyVersion): Record<string, unknown> {
  return {
    Document: encodeURIComponent(version.document),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: new Date(version.createDate),
  };
}
