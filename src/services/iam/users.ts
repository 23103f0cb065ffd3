// IAM users: creation with path, tags and permissions boundary, renaming and moving (UpdateUser), and
// deletion once nothing belongs to the user any more (DeleteConflict otherwise, as AWS answers).
import { sql } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { UserRow } from '../../store/schema.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, type Page, type PageRequest } from './paging.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import { awsUniqueId } from './ids.js';
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, renameTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { isUniqueViolation, type Tag } from './roles.js';
import { partition } from '../../aws/partitions.js';

export interface User {
  accountId: string;
  userName: string;
  userId: string;
  path: string;
  arn: string;
  createDate: Date;
  permissionsBoundaryArn?: string;
}

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:${partition()}:iam::${accountId}:user${path}${userName}`;
}

function noSuchUser(userName: string): AwsError {
  return errors.NoSuchEntity(`The user with name ${userName} cannot be found.`);
}

function deleteConflict(message: string): AwsError {
  return errors.DeleteConflict(message);
}

export function userFromRow(row: UserRow): User {
  return {
    accountId: row.account_id,
    userName: row.user_name,
    userId: row.user_id,
    path: row.path,
    arn: row.arn,
    createDate: new Date(row.create_date),
    permissionsBoundaryArn: row.permissions_boundary_arn ?? undefined,
  };
}

export class Users {
  constructor(
    private readonly store: Store,
    private readonly policies: ManagedPolicyRegistry,
    private readonly clock: () => Date,
  ) {}

  async find(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<User | undefined> {
    const row = await db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId).where('name_key', '=', nameKey(userName)).executeTakeFirst();
    return row ? userFromRow(row) : undefined;
  }

  async findById(userId: string, db: Db | Tx = this.store.db): Promise<User | undefined> {
    const row = await db.selectFrom('iam_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row ? userFromRow(row) : undefined;
  }

  async get(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<User> {
    const user = await this.find(accountId, userName, db);
    if (!user) throw noSuchUser(userName);
    return user;
  }

  async create(accountId: string, input: { UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }): Promise<{ user: User; tags: Tag[] }> {
    const path = input.Path ?? '/';
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota('user');
    const user: User = {
      accountId,
      userName: input.UserName,
      userId: awsUniqueId('AIDA'),
      path,
      arn: userArn(accountId, path, input.UserName),
      createDate: this.clock(),
      permissionsBoundaryArn: input.PermissionsBoundary,
    };
    const taken = () => errors.EntityAlreadyExists(`User with name ${input.UserName} already exists.`);
    await this.store.transaction(async (tx) => {
      if (await this.find(accountId, input.UserName, tx)) throw taken();
      if (input.PermissionsBoundary !== undefined) await this.policies.checkBoundary(accountId, input.PermissionsBoundary, 'user', tx);
      try {
        await tx
          .insertInto('iam_users')
          .values({
            account_id: accountId,
            name_key: nameKey(user.userName),
            user_name: user.userName,
            user_id: user.userId,
            path,
            arn: user.arn,
            create_date: user.createDate.toISOString(),
            permissions_boundary_arn: user.permissionsBoundaryArn ?? null,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      await writeTags(tx, accountId, 'user', nameKey(user.userName), tags);
    });
    return { user, tags };
  }

  /** One page of users ordered by name (keyset paging), those whose path starts with `PathPrefix`. */
  async list(accountId: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<User>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.store.db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) query = query.where('name_key', '>', after);
    if (request.PathPrefix && request.PathPrefix !== '/') {
      query = query.where(sql<string>`substr(path, 1, ${request.PathPrefix.length})`, '=', request.PathPrefix);
    }
    const rows = await query.orderBy('name_key').limit(max + 1).execute();
    const items = rows.slice(0, max).map(userFromRow);
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(nameKey(items[items.length - 1].userName)) : undefined };
  }

  /** UpdateUser: a new name (everything the user owns follows it) and/or a new path. */
  async update(accountId: string, userName: string, changes: { NewUserName?: string; NewPath?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      const newName = changes.NewUserName ?? user.userName;
      const newPath = changes.NewPath ?? user.path;
      const from = nameKey(user.userName);
      const to = nameKey(newName);
      if (from !== to && (await this.find(accountId, newName, tx))) {
        throw errors.EntityAlreadyExists(`User with name ${newName} already exists.`);
      }
      await tx
        .updateTable('iam_users')
        .set({ name_key: to, user_name: newName, path: newPath, arn: userArn(accountId, newPath, newName) })
        .where('account_id', '=', accountId)
        .where('name_key', '=', from)
        .execute();
      if (from === to) return;
      await renameTags(tx, accountId, 'user', from, to);
      await tx.updateTable('iam_group_members').set({ user_key: to }).where('account_id', '=', accountId).where('user_key', '=', from).execute();
      await tx.updateTable('iam_access_keys').set({ user_key: to }).where('account_id', '=', accountId).where('user_key', '=', from).execute();
      for (const table of ['iam_service_specific_credentials', 'iam_ssh_public_keys', 'iam_signing_certificates'] as const) {
        await tx.updateTable(table).set({ user_key: to }).where('account_id', '=', accountId).where('user_key', '=', from).execute();
      }
      for (const table of ['iam_login_profiles', 'iam_password_history', 'iam_mfa_devices'] as const) {
        await tx.updateTable(table).set({ user_key: to }).where('account_id', '=', accountId).where('user_key', '=', from).execute();
      }
      for (const table of ['iam_principal_inline_policies', 'iam_principal_attached_policies'] as const) {
        await tx.updateTable(table).set({ principal_key: to }).where('account_id', '=', accountId).where('principal_kind', '=', 'user').where('principal_key', '=', from).execute();
      }
    });
  }

  /** DeleteUser: refused while the user has access keys, policies or group memberships. */
  async delete(accountId: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const has = async (table: 'iam_access_keys' | 'iam_group_members', column: 'user_key') =>
        (await tx.selectFrom(table).select(column).where('account_id', '=', accountId).where(column, '=', key).limit(1).execute()).length > 0;
      const hasPolicies = async (table: 'iam_principal_inline_policies' | 'iam_principal_attached_policies') =>
        (await tx.selectFrom(table).select('principal_key').where('account_id', '=', accountId).where('principal_kind', '=', 'user').where('principal_key', '=', key).limit(1).execute()).length > 0;
      const owns = async (table: 'iam_login_profiles' | 'iam_mfa_devices') =>
        (await tx.selectFrom(table).select('user_key').where('account_id', '=', accountId).where('user_key', '=', key).limit(1).execute()).length > 0;
      if (await owns('iam_login_profiles')) throw deleteConflict('Cannot delete entity, must delete login profile first.');
      if (await owns('iam_mfa_devices')) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
      if (await has('iam_access_keys', 'user_key')) throw deleteConflict('Cannot delete entity, must delete access keys first.');
      for (const [table, what] of [['iam_signing_certificates', 'signing certificates'], ['iam_ssh_public_keys', 'SSH public keys'], ['iam_service_specific_credentials', 'service specific credentials']] as const) {
        const owned = await tx.selectFrom(table).select('user_key').where('account_id', '=', accountId).where('user_key', '=', key).limit(1).execute();
        if (owned.length > 0) throw deleteConflict(`Cannot delete entity, must delete ${what} first.`);
      }
      if (await hasPolicies('iam_principal_inline_policies')) throw deleteConflict('Cannot delete entity, must delete policies first.');
      if (await hasPolicies('iam_principal_attached_policies')) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (await has('iam_group_members', 'user_key')) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      await deleteTags(tx, accountId, 'user', key);
      await tx.deleteFrom('iam_users').where('account_id', '=', accountId).where('name_key', '=', key).execute();
    });
  }

  // --- tags ---------------------------------------------------------------------------------------

  async tags(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    const user = await this.get(accountId, userName, db);
    return readTags(db, accountId, 'user', nameKey(user.userName));
  }

  async tag(accountId: string, userName: string, tags: Tag[]): Promise<void> {
    const incoming = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      await addTags(tx, accountId, 'user', nameKey(user.userName), incoming);
    });
  }

  async untag(accountId: string, userName: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      await removeTags(tx, accountId, 'user', nameKey(user.userName), tagKeys);
    });
  }

  // --- permissions boundary -----------------------------------------------------------------------

  async putPermissionsBoundary(accountId: string, userName: string, boundaryArn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      await this.policies.checkBoundary(accountId, boundaryArn, 'user', tx);
      await tx.updateTable('iam_users').set({ permissions_boundary_arn: boundaryArn }).where('account_id', '=', accountId).where('name_key', '=', nameKey(user.userName)).execute();
    });
  }

  async deletePermissionsBoundary(accountId: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.get(accountId, userName, tx);
      await tx.updateTable('iam_users').set({ permissions_boundary_arn: null }).where('account_id', '=', accountId).where('name_key', '=', nameKey(user.userName)).execute();
    });
  }
}
