// Roles as IAM's API returns them (the model's `Role` shape).
import type { Role, Tag } from './roles.js';

export interface RoleView {
  includeLastUsed?: boolean;
  tags?: Tag[];
}

export function roleToWire(role: Role, view: RoleView = {}): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    // IAM returns policy documents URL-encoded.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: role.permissionsBoundaryArn
      ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundaryArn }
      : undefined,
    Tags: view.tags && view.tags.length > 0 ? view.tags : undefined,
    RoleLastUsed: view.includeLastUsed
      ? role.lastUsed
        ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region }
        : {}
      : undefined,
  };
}
