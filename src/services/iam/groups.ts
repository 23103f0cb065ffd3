// IAM groups and their members. A group holds policies for its users; it cannot be deleted while it
// has members or policies (DeleteConflict, as AWS answers).
import { sql } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { GroupRow } from '../../store/schema.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, pageOf, type Page, type PageRequest } from './paging.js';
import { awsUniqueId } from './ids.js';
import { nameKey } from './identity-tags.js';
import { isUniqueViolation } from './roles.js';
import { userFromRow, type User, type Users } from './users.js';
import { partition } from '../../aws/partitions.js';

export interface Group {
  accountId: string;
  groupName: string;
  groupId: string;
  path: string;
  arn: string;
  createDate: Date;
}

const GROUPS_PER_USER = 10;

export function groupArn(accountId: string, path: string, groupName: string): string {
  return `arn:${partition()}:iam::${accountId}:group${path}${groupName}`;
}

function noSuchGroup(groupName: string): AwsError {
  return errors.NoSuchEntity(`The group with name ${groupName} cannot be found.`);
}

function fromRow(row: GroupRow): Group {
  return { accountId: row.account_id, groupName: row.group_name, groupId: row.group_id, path: row.path, arn: row.arn, createDate: new Date(row.create_date) };
}

export class Groups {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  async find(accountId: string, groupName: string, db: Db | Tx = this.store.db): Promise<Group | undefined> {
    const row = await db.selectFrom('iam_groups').selectAll().where('account_id', '=', accountId).where('name_key', '=', nameKey(groupName)).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async get(accountId: string, groupName: string, db: Db | Tx = this.store.db): Promise<Group> {
    const group = await this.find(accountId, groupName, db);
    if (!group) throw noSuchGroup(groupName);
    return group;
  }

  async create(accountId: string, input: { GroupName: string; Path?: string }): Promise<Group> {
    const path = input.Path ?? '/';
    const group: Group = { accountId, groupName: input.GroupName, groupId: awsUniqueId('AGPA'), path, arn: groupArn(accountId, path, input.GroupName), createDate: this.clock() };
    const taken = () => errors.EntityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
    await this.store.transaction(async (tx) => {
      if (await this.find(accountId, input.GroupName, tx)) throw taken();
      try {
        await tx
          .insertInto('iam_groups')
          .values({ account_id: accountId, name_key: nameKey(group.groupName), group_name: group.groupName, group_id: group.groupId, path, arn: group.arn, create_date: group.createDate.toISOString() })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    });
    return group;
  }

  async list(accountId: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<Group>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.store.db.selectFrom('iam_groups').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) query = query.where('name_key', '>', after);
    if (request.PathPrefix && request.PathPrefix !== '/') {
      query = query.where(sql<string>`substr(path, 1, ${request.PathPrefix.length})`, '=', request.PathPrefix);
    }
    const rows = await query.orderBy('name_key').limit(max + 1).execute();
    const items = rows.slice(0, max).map(fromRow);
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(nameKey(items[items.length - 1].groupName)) : undefined };
  }

  async delete(accountId: string, groupName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const group = await this.get(accountId, groupName, tx);
      const key = nameKey(group.groupName);
      const members = await tx.selectFrom('iam_group_members').select('user_key').where('account_id', '=', accountId).where('group_key', '=', key).limit(1).execute();
      if (members.length > 0) throw errors.DeleteConflict('Cannot delete entity, must remove users from group first.');
      const hasPolicies = async (table: 'iam_principal_inline_policies' | 'iam_principal_attached_policies') =>
        (await tx.selectFrom(table).select('principal_key').where('account_id', '=', accountId).where('principal_kind', '=', 'group').where('principal_key', '=', key).limit(1).execute()).length > 0;
      if (await hasPolicies('iam_principal_inline_policies')) throw errors.DeleteConflict('Cannot delete entity, must delete policies first.');
      if (await hasPolicies('iam_principal_attached_policies')) throw errors.DeleteConflict('Cannot delete entity, must detach all policies first.');
      await tx.deleteFrom('iam_groups').where('account_id', '=', accountId).where('name_key', '=', key).execute();
    });
  }

  // --- members ------------------------------------------------------------------------------------

  /** AddUserToGroup: a no-op when the user already is a member. */
  async addUser(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const group = await this.get(accountId, groupName, tx);
      const user = await this.users.get(accountId, userName, tx);
      const userKey = nameKey(user.userName);
      const current = await tx.selectFrom('iam_group_members').select('group_key').where('account_id', '=', accountId).where('user_key', '=', userKey).execute();
      if (current.some((m) => m.group_key === nameKey(group.groupName))) return;
      if (current.length >= GROUPS_PER_USER) throw errors.LimitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
      await tx
        .insertInto('iam_group_members')
        .values({ account_id: accountId, group_key: nameKey(group.groupName), user_key: userKey })
        .onConflict((oc) => oc.columns(['account_id', 'group_key', 'user_key']).doNothing())
        .execute();
    });
  }

  async removeUser(accountId: string, groupName: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const group = await this.get(accountId, groupName, tx);
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .deleteFrom('iam_group_members')
        .where('account_id', '=', accountId)
        .where('group_key', '=', nameKey(group.groupName))
        .where('user_key', '=', nameKey(user.userName))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw errors.NoSuchEntity(`User ${user.userName} is not in group ${group.groupName}.`);
    });
  }

  /** GetGroup: the group and one page of its users, ordered by name. */
  async members(accountId: string, groupName: string, request: PageRequest): Promise<{ group: Group; page: Page<User> }> {
    const group = await this.get(accountId, groupName);
    const rows = await this.store.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'm.account_id').onRef('u.name_key', '=', 'm.user_key'))
      .selectAll('u')
      .where('m.account_id', '=', accountId)
      .where('m.group_key', '=', nameKey(group.groupName))
      .orderBy('u.name_key')
      .execute();
    return { group, page: pageOf(rows.map(userFromRow), (u) => nameKey(u.userName), request) };
  }

  /** The groups of a user, ordered by name. */
  async groupsOf(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<Group[]> {
    const user = await this.users.get(accountId, userName, db);
    const rows = await db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_groups as g', (join) => join.onRef('g.account_id', '=', 'm.account_id').onRef('g.name_key', '=', 'm.group_key'))
      .selectAll('g')
      .where('m.account_id', '=', accountId)
      .where('m.user_key', '=', nameKey(user.userName))
      .orderBy('g.name_key')
      .execute();
    return rows.map(fromRow);
  }
}
