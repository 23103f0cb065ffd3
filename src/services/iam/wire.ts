// IAM's answers as the model's shapes. Which members of a Role AWS returns depends on the operation:
//   create  CreateRole, CreateServiceLinkedRole, UpdateRoleDescription: no MaxSessionDuration, no RoleLastUsed
//   get     GetRole: everything, RoleLastUsed ({} when never used)
//   list    ListRoles: no Tags, RoleLastUsed or PermissionsBoundary
import type { CustomerPolicy } from './customer-policies.js';
import type { Group } from './groups.js';
import type { ManagedPolicyVersion } from './managed-policies.js';
import type { PolicyWithUsage } from './policy-registry.js';
import type { Role, Tag } from './roles.js';
import type { User } from './users.js';

export interface RoleView {
  form?: 'create' | 'get' | 'list';
  tags?: Tag[];
}

export function roleToWire(role: Role, view: RoleView = {}): Record<string, unknown> {
  const form = view.form ?? 'list';
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

/** A managed policy (AWS's or the account's) with its usage counts; a customer policy's description and tags where the view asks. */
export function policyToWire({ policy, usage, customer }: PolicyWithUsage, view: { tags?: Tag[]; description?: boolean } = {}): Record<string, unknown> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachmentCount,
    PermissionsBoundaryUsageCount: usage.boundaryUsageCount,
    IsAttachable: true,
    Description: customer && view.description ? (policy as CustomerPolicy).description : undefined,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
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

export function userToWire(user: User, view: { tags?: Tag[]; boundary?: boolean } = {}): Record<string, unknown> {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PermissionsBoundary:
      view.boundary && user.permissionsBoundaryArn ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: user.permissionsBoundaryArn } : undefined,
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
  };
}

export function groupToWire(group: Group): Record<string, unknown> {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createDate };
}
