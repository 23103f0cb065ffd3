// IAM users' service-specific credentials: a user name and password for CodeCommit (Git over HTTPS) and
// Amazon Keyspaces, an API key for Amazon Bedrock (optionally expiring after CredentialAgeDays). At most
// two per user and service; Active or Inactive, and Expired once a Bedrock key's expiration has passed.
// The secret is shown when the credential is created or reset, never listed.
import { randomBytes } from 'node:crypto';
import type { AwsError } from '../../aws/errors.js';
import { commonErrors, errors, type statusType } from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import type { ServiceSpecificCredentialRow } from '../../store/schema.js';
import { credentialId } from './ids.js';
import { nameKey } from './identity-tags.js';
import type { Users } from './users.js';

/** The services IAM makes service-specific credentials for (the model's documentation), and the kind of each. */
export const CREDENTIAL_SERVICES: Readonly<Record<string, 'password' | 'api-key'>> = {
  'codecommit.amazonaws.com': 'password',
  'cassandra.amazonaws.com': 'password',
  'bedrock.amazonaws.com': 'api-key',
};

export const CREDENTIALS_PER_USER_PER_SERVICE = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ServiceSpecificCredential {
  credentialId: string;
  userName: string;
  serviceName: string;
  serviceUserName?: string;
  serviceCredentialAlias?: string;
  status: statusType;
  createDate: Date;
  expirationDate?: Date;
  /** ServicePassword or ServiceCredentialSecret: only when created or reset. */
  secret?: string;
}

function noSuchCredential(id: string): AwsError {
  return errors.NoSuchEntity(`No such credential ${id} exists`);
}

/** A password as IAM generates them: 44 characters of base64 (32 random bytes). */
function servicePassword(): string {
  return randomBytes(32).toString('base64');
}

/**
 * A Bedrock API key's secret: `ABSK` and the base64 of `<alias>:<random secret>`, as Bedrock's long-term keys
 * are written (the alias is the public part, so the key names its user and account).
 */
function apiKeySecret(alias: string): string {
  return 'ABSK' + Buffer.from(`${alias}:${randomBytes(30).toString('base64')}`, 'utf8').toString('base64');
}

export class ServiceSpecificCredentials {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  async create(accountId: string, userName: string, serviceName: string, credentialAgeDays?: number): Promise<ServiceSpecificCredential> {
    const kind = CREDENTIAL_SERVICES[serviceName];
    if (!kind) throw errors.NotSupportedService(`The specified service (${serviceName}) is not supported for service-specific credentials.`);
    if (credentialAgeDays !== undefined && kind !== 'api-key') {
      throw commonErrors.InvalidParameterValue(`CredentialAgeDays is only valid for Bedrock API keys, not for ${serviceName}.`);
    }
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const existing = await tx.selectFrom('iam_service_specific_credentials').select('credential_id').where('account_id', '=', accountId).where('user_key', '=', key).where('service_name', '=', serviceName).execute();
      if (existing.length >= CREDENTIALS_PER_USER_PER_SERVICE) {
        throw errors.LimitExceeded(`Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${CREDENTIALS_PER_USER_PER_SERVICE}`);
      }
      const createDate = this.clock();
      const account = `${user.userName}-at-${accountId}`;
      const row: ServiceSpecificCredentialRow = {
        credential_id: credentialId('ACCA'),
        account_id: accountId,
        user_key: key,
        service_name: serviceName,
        service_user_name: kind === 'password' ? account : null,
        service_credential_alias: kind === 'api-key' ? account : null,
        secret: kind === 'password' ? servicePassword() : apiKeySecret(account),
        status: 'Active',
        create_date: createDate.toISOString(),
        expiration_date: credentialAgeDays === undefined ? null : new Date(createDate.getTime() + credentialAgeDays * DAY_MS).toISOString(),
      };
      await tx.insertInto('iam_service_specific_credentials').values(row).execute();
      return { ...this.fromRow(row, user.userName), secret: row.secret };
    });
  }

  /** A user's credentials (all the account's with `allUsers`), oldest first, of one service when named. */
  async list(accountId: string, options: { userName?: string; serviceName?: string; allUsers?: boolean }): Promise<ServiceSpecificCredential[]> {
    if (options.serviceName !== undefined && !CREDENTIAL_SERVICES[options.serviceName]) {
      throw errors.NotSupportedService(`The specified service (${options.serviceName}) is not supported for service-specific credentials.`);
    }
    let query = this.store.db
      .selectFrom('iam_service_specific_credentials as c')
      .innerJoin('iam_users as u', (join) => join.onRef('u.account_id', '=', 'c.account_id').onRef('u.name_key', '=', 'c.user_key'))
      .selectAll('c')
      .select('u.user_name')
      .where('c.account_id', '=', accountId);
    if (!options.allUsers) {
      const user = await this.users.get(accountId, options.userName ?? '');
      query = query.where('c.user_key', '=', nameKey(user.userName));
    }
    if (options.serviceName !== undefined) query = query.where('c.service_name', '=', options.serviceName);
    const rows = await query.orderBy('c.create_date').orderBy('c.credential_id').execute();
    return rows.map((row) => this.fromRow(row, row.user_name));
  }

  /** The service a user's credential is for (its iam:ServiceSpecificCredentialServiceName), if it exists. */
  async serviceOf(accountId: string, userName: string, id: string): Promise<string | undefined> {
    const row = await this.store.db
      .selectFrom('iam_service_specific_credentials')
      .select('service_name')
      .where('account_id', '=', accountId)
      .where('user_key', '=', nameKey(userName))
      .where('credential_id', '=', id)
      .executeTakeFirst();
    return row?.service_name;
  }

  async update(accountId: string, userName: string, id: string, status: statusType): Promise<void> {
    if (status === 'Expired') throw commonErrors.InvalidParameterValue('Status Expired cannot be set: a credential expires at its expiration date.');
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .updateTable('iam_service_specific_credentials')
        .set({ status })
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('credential_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchCredential(id);
    });
  }

  /** A new password (or API key secret) for the credential; the old one stops working. */
  async reset(accountId: string, userName: string, id: string): Promise<ServiceSpecificCredential> {
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const row = await tx
        .selectFrom('iam_service_specific_credentials')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('credential_id', '=', id)
        .executeTakeFirst();
      if (!row) throw noSuchCredential(id);
      const secret = row.service_credential_alias ? apiKeySecret(row.service_credential_alias) : servicePassword();
      await tx.updateTable('iam_service_specific_credentials').set({ secret }).where('credential_id', '=', id).execute();
      return { ...this.fromRow(row, user.userName), secret };
    });
  }

  async delete(accountId: string, userName: string, id: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .deleteFrom('iam_service_specific_credentials')
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('credential_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchCredential(id);
    });
  }

  private fromRow(row: ServiceSpecificCredentialRow, userName: string): ServiceSpecificCredential {
    const expirationDate = row.expiration_date ? new Date(row.expiration_date) : undefined;
    const expired = expirationDate !== undefined && expirationDate.getTime() <= this.clock().getTime();
    return {
      credentialId: row.credential_id,
      userName,
      serviceName: row.service_name,
      serviceUserName: row.service_user_name ?? undefined,
      serviceCredentialAlias: row.service_credential_alias ?? undefined,
      status: expired ? 'Expired' : (row.status as statusType),
      createDate: new Date(row.create_date),
      expirationDate,
    };
  }
}
