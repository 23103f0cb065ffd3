// IAM users' access keys: AKIA + 16 characters, a 40-character secret, at most two per user, Active or
// Inactive. A key signs requests as soon as it is created (this is the CredentialSource the server's
// authenticator consults); an Inactive key is refused like an unknown one (InvalidClientTokenId).
import type { AwsError } from '../../aws/errors.js';
import { errors, type statusType } from '../../aws/generated/iam.js';
import type { Caller } from '../../aws/service.js';
import type { Db, Store } from '../../store/database.js';
import type { CredentialSource } from './identity.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { nameKey } from './identity-tags.js';
import type { Users } from './users.js';

const ACCESS_KEYS_PER_USER = 2;

/** Active or Inactive (the model's statusType also has Expired, which signs nothing either). */
export type AccessKeyStatus = statusType;

export interface AccessKey {
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: Date;
  /** Only known when the key is created. */
  secretAccessKey?: string;
}

function noSuchKey(id: string): AwsError {
  return errors.NoSuchEntity(`The Access Key with id ${id} cannot be found`);
}

/** Where and when a key last signed a request: the latest event of the audit trail made with it (GetAccessKeyLastUsed, the credential report). */
export interface AccessKeyLastUse {
  date: Date;
  region: string;
  /** AWS's ServiceName: the event source without `.amazonaws.com` (`iam`, `sts`, `lex`). */
  serviceName: string;
}

/** The last use of a key, from the stored audit trail (flush the trail first to count requests just answered). */
export async function accessKeyLastUse(db: Db, accessKeyId: string): Promise<AccessKeyLastUse | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select(['event_time', 'region', 'event_source'])
    .where('access_key_id', '=', accessKeyId)
    .orderBy('event_time', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { date: new Date(row.event_time), region: row.region, serviceName: row.event_source.replace(/\.amazonaws\.com$/, '') } : undefined;
}

export class AccessKeys implements CredentialSource {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  async create(accountId: string, userName: string): Promise<AccessKey & { secretAccessKey: string }> {
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const existing = await tx.selectFrom('iam_access_keys').select('access_key_id').where('account_id', '=', accountId).where('user_key', '=', key).execute();
      if (existing.length >= ACCESS_KEYS_PER_USER) throw errors.LimitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
      const created = { userName: user.userName, accessKeyId: accessKeyId('AKIA'), status: 'Active' as const, createDate: this.clock(), secretAccessKey: secretAccessKey() };
      await tx
        .insertInto('iam_access_keys')
        .values({
          access_key_id: created.accessKeyId,
          account_id: accountId,
          user_key: key,
          secret_access_key: created.secretAccessKey,
          status: created.status,
          create_date: created.createDate.toISOString(),
        })
        .execute();
      return created;
    });
  }

  /** The user's keys, oldest first. */
  async list(accountId: string, userName: string): Promise<AccessKey[]> {
    const user = await this.users.get(accountId, userName);
    const rows = await this.store.db
      .selectFrom('iam_access_keys')
      .select(['access_key_id', 'status', 'create_date'])
      .where('account_id', '=', accountId)
      .where('user_key', '=', nameKey(user.userName))
      .orderBy('create_date')
      .orderBy('access_key_id')
      .execute();
    return rows.map((r) => ({ userName: user.userName, accessKeyId: r.access_key_id, status: r.status as AccessKeyStatus, createDate: new Date(r.create_date) }));
  }

  async update(accountId: string, userName: string, id: string, status: AccessKeyStatus): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .updateTable('iam_access_keys')
        .set({ status })
        .where('access_key_id', '=', id)
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchKey(id);
    });
  }

  async delete(accountId: string, userName: string, id: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .deleteFrom('iam_access_keys')
        .where('access_key_id', '=', id)
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchKey(id);
    });
  }

  /** The user a key of the account belongs to, whatever its status (GetAccessKeyLastUsed). */
  async ownerOf(accountId: string, id: string): Promise<{ userName: string; arn: string } | undefined> {
    const row = await this.store.db
      .selectFrom('iam_access_keys as k')
      .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'k.account_id').onRef('u.name_key', '=', 'k.user_key'))
      .select(['u.user_name', 'u.arn'])
      .where('k.access_key_id', '=', id)
      .where('k.account_id', '=', accountId)
      .executeTakeFirst();
    return row ? { userName: row.user_name, arn: row.arn } : undefined;
  }

  /** The user behind an Active key (read from the store each time, so changes apply at once everywhere). */
  async find(id: string): Promise<{ secretAccessKey: string; caller: Caller } | undefined> {
    if (!id.startsWith('AKIA')) return undefined;
    const row = await this.store.db
      .selectFrom('iam_access_keys as k')
      .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'k.account_id').onRef('u.name_key', '=', 'k.user_key'))
      .select(['k.secret_access_key', 'k.status', 'k.account_id', 'u.arn', 'u.user_id', 'u.user_name'])
      .where('k.access_key_id', '=', id)
      .executeTakeFirst();
    if (!row || row.status !== 'Active') return undefined;
    return {
      secretAccessKey: row.secret_access_key,
      caller: { accountId: row.account_id, arn: row.arn, userId: row.user_id, type: 'user', accessKeyId: id, name: row.user_name },
    };
  }
}
