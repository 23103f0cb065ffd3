// IAM's answers as the model's shapes. Which members of a Role AWS returns depends on the operation:
//   create  CreateRole, CreateServiceLinkedRole, UpdateRoleDescription: no MaxSessionDuration, no RoleLastUsed
//   get     GetRole: everything, RoleLastUsed ({} when never used)
//   list    ListRoles: no Tags, RoleLastUsed or PermissionsBoundary
import type { AttachedPermissionsBoundary, Group as GroupShape, Policy as PolicyShape, PolicyVersion as PolicyVersionShape, Role as RoleShape, User as UserShape } from '../../aws/generated/iam.js';
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

export function roleToWire(role: Role, view: RoleView = {}): RoleShape {
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
    PermissionsBoundary: form !== 'list' && role.permissionsBoundaryArn ? boundary(role.permissionsBoundaryArn) : undefined,
    Tags: form !== 'list' && view.tags && view.tags.length > 0 ? view.tags : undefined,
    RoleLastUsed: form === 'get' ? (role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {}) : undefined,
  };
}

/** A managed policy (AWS's or the account's) with its usage counts; a customer policy's description and tags where the view asks. */
export function policyToWire({ policy, usage, customer }: PolicyWithUsage, view: { tags?: Tag[]; description?: boolean } = {}): PolicyShape {
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

export function policyVersionToWire(version: ManagedPolicyVersion): PolicyVersionShape {
  return {
    Document: encodeURIComponent(version.document),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: new Date(version.createDate),
  };
}

export function userToWire(user: User, view: { tags?: Tag[]; boundary?: boolean } = {}): UserShape {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PermissionsBoundary: view.boundary && user.permissionsBoundaryArn ? boundary(user.permissionsBoundaryArn) : undefined,
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
  };
}

export function groupToWire(group: Group): GroupShape {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createDate };
}

/**
 * A user's or role's permissions boundary. IAM answers PermissionsBoundaryType `Policy`, which is not among the
 * values of the model's PermissionsBoundaryAttachmentType (`PermissionsBoundaryPolicy`).
 */
function boundary(arn: string): AttachedPermissionsBoundary {
  return { PermissionsBoundaryType: 'Policy' as AttachedPermissionsBoundary['PermissionsBoundaryType'], PermissionsBoundaryArn: arn };
}
