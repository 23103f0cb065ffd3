// The IAM domain: state and rules for roles, callable from the API binding and from the linked
// services (no HTTP here).
import { AwsError } from '../../aws/errors.js';
import type { Store } from '../../store/database.js';
import { awsUniqueId } from './ids.js';
import { roleArn, RoleStore, type Role, type Tag } from './roles.js';

export interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

export class Iam {
  readonly roles: RoleStore;

  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.roles = new RoleStore(store);
  }

  async createRole(accountId: string, input: CreateRoleInput): Promise<{ role: Role; tags: Tag[] }> {
    const path = input.Path ?? '/';
    if (!path.startsWith('/') || !path.endsWith('/')) {
      throw new AwsError('ValidationError', 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.', 400);
    }
    const role: Role = {
      accountId,
      roleName: input.RoleName,
      roleId: awsUniqueId('AROA'),
      path,
      arn: roleArn(accountId, path, input.RoleName),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      createDate: this.clock(),
      serviceLinked: false,
      permissionsBoundaryArn: input.PermissionsBoundary,
    };
    const tags = input.Tags ?? [];
    await this.store.transaction((tx) => this.roles.insert(role, tags, tx));
    return { role, tags };
  }
}
