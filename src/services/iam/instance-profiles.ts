// IAM instance profiles: containers for at most one role (AWS's quota InstanceSessionsPerInstanceProfile
// is 1 and cannot be raised), keyed by account and lower-cased name like roles; their tags live in
// iam_identity_tags ('instance-profile'). A profile cannot be deleted while it holds a role, and a role
// cannot be deleted while a profile holds it (DeleteConflict, as AWS answers both).
import { sql } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { InstanceProfileRow } from '../../store/schema.js';
import { awsUniqueId } from './ids.js';
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, pageInOrder, pageOf, type Page, type PageRequest } from './paging.js';
import { fromRow as roleFromRow, isUniqueViolation, noSuchRole, roleKey, type Role, type Tag } from './roles.js';
import { partition } from '../../aws/partitions.js';

export interface InstanceProfile {
  accountId: string;
  instanceProfileName: string;
  instanceProfileId: string;
  path: string;
  arn: string;
  createDate: Date;
  /** The profile's role (at most one). */
  role?: Role;
}

/** AWS's default quota of instance profiles per account (InstanceProfilesQuota in GetAccountSummary). */
export const INSTANCE_PROFILES_PER_ACCOUNT = 1000;
/** Roles per instance profile: AWS's fixed quota. */
export const ROLES_PER_INSTANCE_PROFILE = 1;

const TAG_KIND = 'instance-profile';

export function instanceProfileArn(accountId: string, path: string, name: string): string {
  return `arn:${partition()}:iam::${accountId}:instance-profile${path}${name}`;
}

export function noSuchInstanceProfile(name: string): AwsError {
  return errors.NoSuchEntity(`Instance Profile ${name} cannot be found.`);
}

/** DeleteRole and DeleteInstanceProfile while a profile holds the role (AWS's text for both). */
export const REMOVE_ROLES_FIRST = 'Cannot delete entity, must remove roles from instance profile first.';


export class InstanceProfiles {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private profiles(db: Db | Tx, accountId: string) {
    return db.selectFrom('iam_instance_profiles').selectAll().where('account_id', '=', accountId);
  }

  /** Profiles as rows, with their roles read in one query (every column of the role, as RoleStore reads it). */
  private async withRoles(db: Db | Tx, rows: InstanceProfileRow[]): Promise<InstanceProfile[]> {
    const keys = [...new Set(rows.map((r) => r.role_key).filter((k): k is string => k !== null))];
    const roles = new Map<string, Role>();
    if (keys.length > 0) {
      const found = await db.selectFrom('iam_roles').selectAll().where('account_id', '=', rows[0].account_id).where('name_key', 'in', keys).execute();
      for (const row of found) roles.set(row.name_key, roleFromRow(row));
    }
    return rows.map((row) => ({
      accountId: row.account_id,
      instanceProfileName: row.instance_profile_name,
      instanceProfileId: row.instance_profile_id,
      path: row.path,
      arn: row.arn,
      createDate: new Date(row.create_date),
      role: row.role_key !== null ? roles.get(row.role_key) : undefined,
    }));
  }

  async find(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<InstanceProfile | undefined> {
    const row = await this.profiles(db, accountId).where('name_key', '=', nameKey(name)).executeTakeFirst();
    return row ? (await this.withRoles(db, [row]))[0] : undefined;
  }

  async get(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<InstanceProfile> {
    const profile = await this.find(accountId, name, db);
    if (!profile) throw noSuchInstanceProfile(name);
    return profile;
  }

  tags(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    return readTags(db, accountId, TAG_KIND, nameKey(name));
  }

  async create(accountId: string, input: { InstanceProfileName: string; Path?: string; Tags?: Tag[] }): Promise<{ profile: InstanceProfile; tags: Tag[] }> {
    const path = input.Path ?? '/';
    const name = input.InstanceProfileName;
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota(TAG_KIND);
    const profile: InstanceProfile = { accountId, instanceProfileName: name, instanceProfileId: awsUniqueId('AIPA'), path, arn: instanceProfileArn(accountId, path, name), createDate: this.clock() };
    const taken = () => errors.EntityAlreadyExists(`Instance Profile ${name} already exists.`);
    await this.store.transaction(async (tx) => {
      if (await this.find(accountId, name, tx)) throw taken();
      if ((await this.count(accountId, tx)) >= INSTANCE_PROFILES_PER_ACCOUNT) {
        throw errors.LimitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
      }
      try {
        await tx
          .insertInto('iam_instance_profiles')
          .values({ account_id: accountId, name_key: nameKey(name), instance_profile_name: name, instance_profile_id: profile.instanceProfileId, path, arn: profile.arn, create_date: profile.createDate.toISOString(), role_key: null })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      await writeTags(tx, accountId, TAG_KIND, nameKey(name), tags);
    });
    return { profile, tags };
  }

  async delete(accountId: string, name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const profile = await this.get(accountId, name, tx);
      if (profile.role) throw errors.DeleteConflict(REMOVE_ROLES_FIRST);
      await deleteTags(tx, accountId, TAG_KIND, nameKey(profile.instanceProfileName));
      await tx.deleteFrom('iam_instance_profiles').where('account_id', '=', accountId).where('name_key', '=', nameKey(profile.instanceProfileName)).execute();
    });
  }

  /** ListInstanceProfiles: ordered by name, keyset-paged, those whose path starts with PathPrefix. */
  async list(accountId: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<InstanceProfile>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.profiles(this.store.db, accountId);
    if (after !== undefined) query = query.where('name_key', '>', after);
    if (request.PathPrefix && request.PathPrefix !== '/') {
      // substr() instead of LIKE: paths may contain LIKE's wildcards (_).
      query = query.where(sql<string>`substr(path, 1, ${request.PathPrefix.length})`, '=', request.PathPrefix);
    }
    const rows = await query.orderBy('name_key').limit(max + 1).execute();
    const items = await this.withRoles(this.store.db, rows.slice(0, max));
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(nameKey(items[items.length - 1].instanceProfileName)) : undefined };
  }

  /** The profiles that hold a role (every one: the role may be in several), ordered by name. */
  async forRole(accountId: string, roleName: string, db: Db | Tx = this.store.db): Promise<InstanceProfile[]> {
    const rows = await this.profiles(db, accountId).where('role_key', '=', roleKey(roleName)).orderBy('name_key').execute();
    return this.withRoles(db, rows);
  }

  /** ListInstanceProfilesForRole: NoSuchEntity for an unknown role. */
  async listForRole(accountId: string, roleName: string, request: PageRequest): Promise<Page<InstanceProfile>> {
    const role = await this.store.db.selectFrom('iam_roles').select('role_name').where('account_id', '=', accountId).where('name_key', '=', roleKey(roleName)).executeTakeFirst();
    if (!role) throw noSuchRole(roleName);
    return pageOf(await this.forRole(accountId, roleName), (p) => nameKey(p.instanceProfileName), request);
  }

  /** Every profile of the account with its role (GetAccountAuthorizationDetails' InstanceProfileList). */
  async all(accountId: string, db: Db | Tx = this.store.db): Promise<InstanceProfile[]> {
    const rows = await this.profiles(db, accountId).orderBy('name_key').execute();
    return this.withRoles(db, rows);
  }

  async count(accountId: string, db: Db | Tx = this.store.db): Promise<number> {
    const row = await db.selectFrom('iam_instance_profiles').select((eb) => eb.fn.countAll<number>().as('count')).where('account_id', '=', accountId).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * AddRoleToInstanceProfile: the profile holds one role at most (LimitExceeded, AWS's text, even for the
   * same role again); a service-linked role is AWS's to use, never an instance's (UnmodifiableEntity).
   */
  async addRole(accountId: string, name: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const profile = await this.get(accountId, name, tx);
      const row = await tx.selectFrom('iam_roles').selectAll().where('account_id', '=', accountId).where('name_key', '=', roleKey(roleName)).executeTakeFirst();
      if (!row) throw noSuchRole(roleName);
      const role = roleFromRow(row);
      if (role.serviceLinked) {
        throw errors.UnmodifiableEntity(`Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`);
      }
      if (profile.role) throw errors.LimitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
      // The conditional UPDATE decides between concurrent adds: only one finds role_key still null.
      const result = await tx
        .updateTable('iam_instance_profiles')
        .set({ role_key: roleKey(role.roleName) })
        .where('account_id', '=', accountId)
        .where('name_key', '=', nameKey(profile.instanceProfileName))
        .where('role_key', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw errors.LimitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
    });
  }

  /** RemoveRoleFromInstanceProfile: NoSuchEntity when the role is not the profile's. */
  async removeRole(accountId: string, name: string, roleName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const profile = await this.get(accountId, name, tx);
      const exists = await tx.selectFrom('iam_roles').select('role_name').where('account_id', '=', accountId).where('name_key', '=', roleKey(roleName)).executeTakeFirst();
      if (!exists) throw noSuchRole(roleName);
      if (!profile.role || roleKey(profile.role.roleName) !== roleKey(roleName)) {
        throw errors.NoSuchEntity(`The role with name ${roleName} cannot be found in instance profile ${profile.instanceProfileName}.`);
      }
      await tx.updateTable('iam_instance_profiles').set({ role_key: null }).where('account_id', '=', accountId).where('name_key', '=', nameKey(profile.instanceProfileName)).execute();
    });
  }

  // --- tags ---------------------------------------------------------------------------------------

  async tag(accountId: string, name: string, tags: Tag[]): Promise<void> {
    const incoming = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const profile = await this.get(accountId, name, tx);
      await addTags(tx, accountId, TAG_KIND, nameKey(profile.instanceProfileName), incoming);
    });
  }

  async untag(accountId: string, name: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const profile = await this.get(accountId, name, tx);
      await removeTags(tx, accountId, TAG_KIND, nameKey(profile.instanceProfileName), tagKeys);
    });
  }

  async listTags(accountId: string, name: string, request: PageRequest): Promise<Page<Tag>> {
    const profile = await this.get(accountId, name);
    return pageInOrder(await this.tags(accountId, profile.instanceProfileName), request);
  }
}

/** DeleteRole's check, inside its transaction: refused while an instance profile holds the role. */
export async function checkRoleInNoInstanceProfile(tx: Tx, accountId: string, roleName: string): Promise<void> {
  const held = await tx.selectFrom('iam_instance_profiles').select('name_key').where('account_id', '=', accountId).where('role_key', '=', roleKey(roleName)).limit(1).execute();
  if (held.length > 0) throw errors.DeleteConflict(REMOVE_ROLES_FIRST);
}
