// IAM roles as stored, and the queries on them. Role names are unique per account regardless of
// case, so rows are keyed by the lower-cased name; the name keeps the case it was created with.
// Everything that belongs to a role (tags, inline policies, attached managed policies) is keyed by
// (account_id, role_key) too.
import { CompiledQuery, sql } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { RoleRow } from '../../store/schema.js';
import { partition } from '../../aws/partitions.js';

/** ListRoles' PathPrefix through the path index up to this many distinct paths in the account (see pathsWithPrefix). */
const MAX_PATHS = 500;
/** ... and this many of them matching the prefix (each read up to a page of names). */
const MAX_MATCHING = 50;

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

export interface InlinePolicy {
  policyName: string;
  document: string;
}

export function roleKey(roleName: string): string {
  return roleName.toLowerCase();
}

export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:${partition()}:iam::${accountId}:role${path}${roleName}`;
}

export function noSuchRole(roleName: string): AwsError {
  return errors.NoSuchEntity(`The role with name ${roleName} cannot be found.`);
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
    serviceLinked: Number(row.service_linked) === 1,
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

/** True for the error a database raises when a primary key or unique index is violated. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The fields of a role that can change after it is created. */
export type RolePatch = Partial<Pick<RoleRow, 'description' | 'max_session_duration' | 'assume_role_policy' | 'permissions_boundary_arn' | 'last_used_date' | 'last_used_region'>>;

export class RoleStore {
  // The reads on every role request (the role, its tags, or both at once), compiled once: each call
  // then only binds its parameters (account id, lower-cased name) instead of building the query anew.
  private readonly findSql: string;
  private readonly tagsSql: string;
  private readonly findWithTagsSql: string;

  constructor(readonly store: Store) {
    const db = store.db;
    this.findSql = db.selectFrom('iam_roles').selectAll().where('account_id', '=', '').where('name_key', '=', '').compile().sql;
    this.findWithTagsSql = db
      .selectFrom('iam_roles as r')
      .leftJoin('iam_role_tags as t', (join) => join.onRef('t.account_id', '=', 'r.account_id').onRef('t.role_key', '=', 'r.name_key'))
      .selectAll('r')
      .select(['t.tag_key', 't.tag_value'])
      .where('r.account_id', '=', '')
      .where('r.name_key', '=', '')
      .orderBy('t.position')
      .compile().sql;
    this.tagsSql = db
      .selectFrom('iam_role_tags')
      .select(['tag_key', 'tag_value'])
      .where('account_id', '=', '')
      .where('role_key', '=', '')
      .orderBy('position')
      .compile().sql;
  }

  async find(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Role | undefined> {
    const { rows } = await db.executeQuery<RoleRow>(CompiledQuery.raw(this.findSql, [accountId, roleKey(roleName)]));
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** The role and its tags in one query (a row per tag): what authorizing a request on a role needs. */
  async findWithTags(accountId: string, roleName: string): Promise<{ role: Role; tags: Tag[] } | undefined> {
    type Row = RoleRow & { tag_key: string | null; tag_value: string | null };
    const { rows } = await this.store.db.executeQuery<Row>(CompiledQuery.raw(this.findWithTagsSql, [accountId, roleKey(roleName)]));
    if (rows.length === 0) return undefined;
    const tags = rows[0].tag_key === null ? [] : rows.map((r) => ({ Key: r.tag_key!, Value: r.tag_value! }));
    return { role: fromRow(rows[0]), tags };
  }

  async get(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Role> {
    const role = await this.find(accountId, roleName, db);
    if (!role) throw noSuchRole(roleName);
    return role;
  }

  /** Inserts a role and its tags; EntityAlreadyExists when the name is taken (in any case). */
  async insert(role: Role, tags: Tag[], tx: Tx): Promise<void> {
    const taken = () => errors.EntityAlreadyExists(`Role with name ${role.roleName} already exists.`);
    if (await this.find(role.accountId, role.roleName, tx)) throw taken();
    try {
      await tx.insertInto('iam_roles').values(toRow(role)).execute();
    } catch (error) {
      // Another server inserted the same name between our read and our write.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    await this.writeTags(role.accountId, role.roleName, tags, tx);
  }

  /**
   * One page of roles ordered by name (keyset paging on the primary key, so a page costs the same at
   * any table size): those after `afterKey`, whose path starts with `pathPrefix`.
   */
  async list(accountId: string, options: { pathPrefix?: string; afterKey?: string; limit: number }, db: Db | Tx = this.store.db): Promise<Role[]> {
    if (options.pathPrefix && options.pathPrefix !== '/') {
      const paths = await this.pathsWithPrefix(accountId, options.pathPrefix, db);
      if (paths) return this.listInPaths(accountId, paths, options, db);
    }
    let query = db.selectFrom('iam_roles').selectAll().where('account_id', '=', accountId);
    if (options.afterKey !== undefined) query = query.where('name_key', '>', options.afterKey);
    if (options.pathPrefix && options.pathPrefix !== '/') {
      // substr() instead of LIKE: paths may contain LIKE's wildcards (_).
      query = query.where(sql<string>`substr(path, 1, ${options.pathPrefix.length})`, '=', options.pathPrefix);
    }
    const rows = await query.orderBy('name_key').limit(options.limit).execute();
    return rows.map(fromRow);
  }

  /**
   * The account's paths that start with `prefix`, found by walking the distinct paths of iam_roles_by_path
   * (one index seek each, in one recursive query; neither store skips through an index by itself);
   * undefined when the account has more than MAX_PATHS paths, or more than MAX_MATCHING match: then the
   * page is read in name order with the prefix as a filter, which is quick when the prefix is common.
   */
  private async pathsWithPrefix(accountId: string, prefix: string, db: Db | Tx): Promise<string[] | undefined> {
    const { rows } = await sql<{ path: string | null }>`
      WITH RECURSIVE paths(path) AS (
        SELECT min(path) FROM iam_roles WHERE account_id = ${accountId}
        UNION ALL
        SELECT (SELECT min(r.path) FROM iam_roles r WHERE r.account_id = ${accountId} AND r.path > paths.path) FROM paths WHERE paths.path IS NOT NULL
      )
      SELECT path FROM paths WHERE path IS NOT NULL LIMIT ${MAX_PATHS + 1}`.execute(db);
    if (rows.length > MAX_PATHS) return undefined;
    const matching = rows.map((r) => r.path!).filter((path) => path.startsWith(prefix));
    return matching.length > MAX_MATCHING ? undefined : matching;
  }

  /**
   * A page of the roles in `paths`: each path's first names after the marker (a range of
   * iam_roles_by_path each), then the page among them in the store's own order of names.
   */
  private async listInPaths(accountId: string, paths: string[], options: { afterKey?: string; limit: number }, db: Db | Tx): Promise<Role[]> {
    const keys: string[] = [];
    for (const path of paths) {
      let query = db.selectFrom('iam_roles').select('name_key').where('account_id', '=', accountId).where('path', '=', path);
      if (options.afterKey !== undefined) query = query.where('name_key', '>', options.afterKey);
      for (const row of await query.orderBy('name_key').limit(options.limit).execute()) keys.push(row.name_key);
    }
    if (keys.length === 0) return [];
    const rows = await db.selectFrom('iam_roles').selectAll().where('account_id', '=', accountId).where('name_key', 'in', keys).orderBy('name_key').limit(options.limit).execute();
    return rows.map(fromRow);
  }

  async update(accountId: string, roleName: string, patch: RolePatch, db: Db | Tx = this.store.db): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await db.updateTable('iam_roles').set(patch).where('account_id', '=', accountId).where('name_key', '=', roleKey(roleName)).execute();
    // After the write (or in its transaction): a reader that sees the new version sees the new role. Its last
    // use (every AssumeRole) is no change of what the role is.
    if (Object.keys(patch).some((k) => k !== 'last_used_date' && k !== 'last_used_region')) await this.changed(accountId, db);
  }

  /**
   * The account's count of role changes (schema.ts IamRoleVersionRow): what Access Analyzer compares to
   * the count it last analyzed at, so that a change made through any server is seen by the next read.
   */
  async version(accountId: string, db: Db | Tx = this.store.db): Promise<number> {
    const row = await db.selectFrom('iam_role_versions').select('version').where('account_id', '=', accountId).executeTakeFirst();
    return row ? Number(row.version) : 0;
  }

  /** Counts one change of the account's roles (every write of a role, its trust policy or its tags). */
  private async changed(accountId: string, db: Db | Tx): Promise<void> {
    await db
      .insertInto('iam_role_versions')
      .values({ account_id: accountId, version: 1 })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ version: sql<number>`iam_role_versions.version + 1` }))
      .execute();
  }

  /** Removes a role and everything that belongs to it. */
  async delete(accountId: string, roleName: string, tx: Tx): Promise<void> {
    const key = roleKey(roleName);
    await tx.deleteFrom('iam_role_tags').where('account_id', '=', accountId).where('role_key', '=', key).execute();
    await tx.deleteFrom('iam_role_inline_policies').where('account_id', '=', accountId).where('role_key', '=', key).execute();
    await tx.deleteFrom('iam_role_attached_policies').where('account_id', '=', accountId).where('role_key', '=', key).execute();
    await tx.deleteFrom('iam_roles').where('account_id', '=', accountId).where('name_key', '=', key).execute();
    await this.changed(accountId, tx);
  }

  // --- tags ---------------------------------------------------------------------------------------

  async tags(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    const { rows } = await db.executeQuery<{ tag_key: string; tag_value: string }>(CompiledQuery.raw(this.tagsSql, [accountId, roleKey(roleName)]));
    return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
  }

  /** Replaces a role's tags with `tags`, in that order (a change of the role: insert counts through this). */
  async writeTags(accountId: string, roleName: string, tags: Tag[], tx: Tx): Promise<void> {
    const key = roleKey(roleName);
    await this.changed(accountId, tx);
    await tx.deleteFrom('iam_role_tags').where('account_id', '=', accountId).where('role_key', '=', key).execute();
    if (tags.length > 0) {
      await tx
        .insertInto('iam_role_tags')
        .values(tags.map((t, i) => ({ account_id: accountId, role_key: key, tag_key: t.Key, tag_value: t.Value, position: i })))
        .execute();
    }
  }

  // --- inline policies ------------------------------------------------------------------------------

  async inlinePolicies(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<InlinePolicy[]> {
    const rows = await db
      .selectFrom('iam_role_inline_policies')
      .select(['policy_name', 'document'])
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .orderBy('policy_name')
      .execute();
    return rows.map((r) => ({ policyName: r.policy_name, document: r.document }));
  }

  async inlinePolicy(accountId: string, roleName: string, policyName: string, db: Db | Tx = this.store.db): Promise<InlinePolicy | undefined> {
    const row = await db
      .selectFrom('iam_role_inline_policies')
      .select(['policy_name', 'document'])
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return row ? { policyName: row.policy_name, document: row.document } : undefined;
  }

  async putInlinePolicy(accountId: string, roleName: string, policyName: string, document: string, tx: Tx): Promise<void> {
    await tx
      .insertInto('iam_role_inline_policies')
      .values({ account_id: accountId, role_key: roleKey(roleName), policy_name: policyName, document })
      .onConflict((oc) => oc.columns(['account_id', 'role_key', 'policy_name']).doUpdateSet({ document }))
      .execute();
  }

  /** Returns false when the role has no policy of that name. */
  async deleteInlinePolicy(accountId: string, roleName: string, policyName: string, tx: Tx): Promise<boolean> {
    const result = await tx
      .deleteFrom('iam_role_inline_policies')
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .where('policy_name', '=', policyName)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // --- attached managed policies ------------------------------------------------------------------

  async attachedPolicyArns(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<string[]> {
    const rows = await db
      .selectFrom('iam_role_attached_policies')
      .select('policy_arn')
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .orderBy('position')
      .execute();
    return rows.map((r) => r.policy_arn);
  }

  /** Attaches a policy (a no-op when it already is). */
  async attach(accountId: string, roleName: string, policyArn: string, tx: Tx): Promise<void> {
    const key = roleKey(roleName);
    const last = await tx
      .selectFrom('iam_role_attached_policies')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('account_id', '=', accountId)
      .where('role_key', '=', key)
      .executeTakeFirst();
    await tx
      .insertInto('iam_role_attached_policies')
      .values({ account_id: accountId, role_key: key, policy_arn: policyArn, position: Number(last?.position ?? -1) + 1 })
      .onConflict((oc) => oc.columns(['account_id', 'role_key', 'policy_arn']).doNothing())
      .execute();
  }

  /** Returns false when the policy was not attached. */
  async detach(accountId: string, roleName: string, policyArn: string, tx: Tx): Promise<boolean> {
    const result = await tx
      .deleteFrom('iam_role_attached_policies')
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .where('policy_arn', '=', policyArn)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** How many roles of the account each of `policyArns` (or every policy) is attached to. */
  async attachmentCounts(accountId: string, policyArns?: string[], db: Db | Tx = this.store.db): Promise<Map<string, number>> {
    let query = db
      .selectFrom('iam_role_attached_policies')
      .select(['policy_arn', (eb) => eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId);
    if (policyArns) {
      if (policyArns.length === 0) return new Map();
      query = query.where('policy_arn', 'in', policyArns);
    }
    const rows = await query.groupBy('policy_arn').execute();
    return new Map(rows.map((r) => [r.policy_arn, Number(r.count)]));
  }

  /** How many roles of the account use each of `policyArns` (or every policy) as permissions boundary. */
  async boundaryCounts(accountId: string, policyArns?: string[], db: Db | Tx = this.store.db): Promise<Map<string, number>> {
    let query = db
      .selectFrom('iam_roles')
      .select(['permissions_boundary_arn', (eb) => eb.fn.countAll<number>().as('count')])
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', 'is not', null);
    if (policyArns) {
      if (policyArns.length === 0) return new Map();
      query = query.where('permissions_boundary_arn', 'in', policyArns);
    }
    const rows = await query.groupBy('permissions_boundary_arn').execute();
    return new Map(rows.map((r) => [r.permissions_boundary_arn as string, Number(r.count)]));
  }
}
