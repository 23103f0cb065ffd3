// IAM roles as stored, and the queries on them. Role names are unique per account regardless of
// case, so rows are keyed by the lower-cased name; the name keeps the case it was created with.
import { AwsError } from '../../aws/errors.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { RoleRow } from '../../store/schema.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface Role {
  accountId: string;
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  createDate: Date;
  serviceLinked: boolean;
  servicePrincipal?: string;
  permissionsBoundaryArn?: string;
  lastUsed?: { date: Date; region: string };
}

export function roleKey(roleName: string): string {
  return roleName.toLowerCase();
}

export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

export function noSuchRole(roleName: string): AwsError {
  return new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
}

export function fromRow(row: RoleRow): Role {
  return {
    accountId: row.account_id,
    roleName: row.role_name,
    roleId: row.role_id,
    path: row.path,
    arn: row.arn,
    assumeRolePolicyDocument: row.assume_role_policy,
    description: row.description ?? undefined,
    maxSessionDuration: row.max_session_duration,
    createDate: new Date(row.create_date),
    serviceLinked: row.service_linked === 1,
    servicePrincipal: row.service_principal ?? undefined,
    permissionsBoundaryArn: row.permissions_boundary_arn ?? undefined,
    lastUsed: row.last_used_date ? { date: new Date(row.last_used_date), region: row.last_used_region ?? '' } : undefined,
  };
}

export function toRow(role: Role): RoleRow {
  return {
    account_id: role.accountId,
    name_key: roleKey(role.roleName),
    role_name: role.roleName,
    role_id: role.roleId,
    path: role.path,
    arn: role.arn,
    assume_role_policy: role.assumeRolePolicyDocument,
    description: role.description ?? null,
    max_session_duration: role.maxSessionDuration,
    create_date: role.createDate.toISOString(),
    service_linked: role.serviceLinked ? 1 : 0,
    service_principal: role.servicePrincipal ?? null,
    permissions_boundary_arn: role.permissionsBoundaryArn ?? null,
    last_used_date: role.lastUsed?.date.toISOString() ?? null,
    last_used_region: role.lastUsed?.region ?? null,
  };
}

export class RoleStore {
  constructor(readonly store: Store) {}

  async find(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Role | undefined> {
    const row = await db
      .selectFrom('iam_roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_key', '=', roleKey(roleName))
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async get(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Role> {
    const role = await this.find(accountId, roleName, db);
    if (!role) throw noSuchRole(roleName);
    return role;
  }

  /** Inserts a role and its tags; EntityAlreadyExists when the name is taken (in any case). */
  async insert(role: Role, tags: Tag[], tx: Tx): Promise<void> {
    if (await this.find(role.accountId, role.roleName, tx)) {
      throw new AwsError('EntityAlreadyExists', `Role with name ${role.roleName} already exists.`, 409);
    }
    await tx.insertInto('iam_roles').values(toRow(role)).execute();
    if (tags.length > 0) {
      await tx
        .insertInto('iam_role_tags')
        .values(tags.map((t, i) => ({ account_id: role.accountId, role_key: roleKey(role.roleName), tag_key: t.Key, tag_value: t.Value, position: i })))
        .execute();
    }
  }

  async tags(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    const rows = await db
      .selectFrom('iam_role_tags')
      .select(['tag_key', 'tag_value'])
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .orderBy('position')
      .execute();
    return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
  }
}
