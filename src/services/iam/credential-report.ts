// The credential report: one CSV line per IAM user (and the account root first), in AWS's columns and order,
// made from the store: users, their login profiles (password, last use, last change, next rotation under the
// password policy's MaxPasswordAge), MFA devices, access keys (last use from the audit trail: the last
// request signed with the key, its region and service) and signing certificates (uploaded: last rotated). GenerateCredentialReport answers STARTED when it
// makes a report and COMPLETE while the last one is under four hours old, as AWS does; GetCredentialReport
// answers ReportNotPresent before any, ReportExpired once it is four hours old.
import { sql } from 'kysely';
import { errors } from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import type { Identities } from './identities.js';
import { nameKey } from './identity-tags.js';
import { partition } from '../../aws/partitions.js';
import { accessKeyLastUse } from './access-keys.js';

/** AWS's columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** A report is served this long; after it, GetCredentialReport answers ReportExpired and Generate makes a new one. */
const REPORT_LIFETIME_MS = 4 * 3600_000;

/** AWS's time format in the report: ISO 8601 to the second, with +00:00. */
export const reportTime = (date: Date): string => `${date.toISOString().slice(0, 19)}+00:00`;

export class CredentialReports {
  constructor(
    private readonly store: Store,
    private readonly identities: Identities,
    private readonly clock: () => Date,
  ) {}

  async generate(accountId: string): Promise<{ State: 'STARTED' | 'COMPLETE'; Description?: string }> {
    const existing = await this.store.db.selectFrom('iam_credential_reports').select('generated_at').where('account_id', '=', accountId).executeTakeFirst();
    const now = this.clock();
    if (existing && now.getTime() - Date.parse(existing.generated_at) < REPORT_LIFETIME_MS) return { State: 'COMPLETE' };
    const content = await this.build(accountId);
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('iam_credential_reports').where('account_id', '=', accountId).execute();
      await tx.insertInto('iam_credential_reports').values({ account_id: accountId, generated_at: now.toISOString(), content }).execute();
    });
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  }

  async get(accountId: string): Promise<{ Content: Buffer; ReportFormat: 'text/csv'; GeneratedTime: Date }> {
    const row = await this.store.db.selectFrom('iam_credential_reports').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    // Texts not confirmed from AWS.
    if (!row) throw errors.ReportNotPresent('Credential report does not exist. Use GenerateCredentialReport to generate a report.');
    if (this.clock().getTime() - Date.parse(row.generated_at) >= REPORT_LIFETIME_MS) {
      throw errors.ReportExpired('Credential report has expired. Use GenerateCredentialReport to generate a new report.');
    }
    return { Content: Buffer.from(row.content, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: new Date(row.generated_at) };
  }

  /** The account's creation: when its store was first migrated (the earliest migration's time). */
  private async accountCreated(): Promise<Date | undefined> {
    const result = await sql<{ first: string | Date | null }>`SELECT min(timestamp) AS first FROM kysely_migration`.execute(this.store.db).catch(() => undefined);
    const first = result?.rows[0]?.first;
    return first ? new Date(first) : undefined;
  }

  private async build(accountId: string): Promise<string> {
    const db = this.store.db;
    const policy = await this.identities.passwords.policy(accountId);
    const created = await this.accountCreated();
    const lines: string[][] = [
      [
        '<root_account>',
        `arn:${partition()}:iam::${accountId}:root`,
        created ? reportTime(created) : 'N/A',
        'not_supported',
        'no_information',
        'not_supported',
        'not_supported',
        'false',
        'false', 'N/A', 'N/A', 'N/A', 'N/A',
        'false', 'N/A', 'N/A', 'N/A', 'N/A',
        'false', 'N/A', 'false', 'N/A',
      ],
    ];
    const users = await db.selectFrom('iam_users').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
    for (const user of users) {
      const key = nameKey(user.user_name);
      const profile = await db.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_key', '=', key).executeTakeFirst();
      const mfa = await db.selectFrom('iam_mfa_devices').select('serial_number').where('account_id', '=', accountId).where('user_key', '=', key).limit(1).execute();
      const keys = await db
        .selectFrom('iam_access_keys')
        .select(['access_key_id', 'status', 'create_date'])
        .where('account_id', '=', accountId)
        .where('user_key', '=', key)
        .orderBy('create_date')
        .orderBy('access_key_id')
        .execute();
      const keyColumns: string[] = [];
      for (let i = 0; i < 2; i++) {
        const k = keys[i];
        if (!k) {
          keyColumns.push('false', 'N/A', 'N/A', 'N/A', 'N/A');
          continue;
        }
        const used = await accessKeyLastUse(db, k.access_key_id);
        keyColumns.push(String(k.status === 'Active'), reportTime(new Date(k.create_date)), used ? reportTime(used.date) : 'N/A', used ? used.region : 'N/A', used ? used.serviceName : 'N/A');
      }
      const certificates = await db
        .selectFrom('iam_signing_certificates')
        .select(['status', 'upload_date'])
        .where('account_id', '=', accountId)
        .where('user_key', '=', key)
        .orderBy('upload_date')
        .orderBy('certificate_id')
        .execute();
      const certificateColumns: string[] = [];
      for (let i = 0; i < 2; i++) {
        const c = certificates[i];
        certificateColumns.push(c ? String(c.status === 'Active') : 'false', c ? reportTime(new Date(c.upload_date)) : 'N/A');
      }
      const rotation = profile && policy?.MaxPasswordAge ? new Date(Date.parse(profile.password_changed) + policy.MaxPasswordAge * 86400_000) : undefined;
      lines.push([
        user.user_name,
        user.arn,
        reportTime(new Date(user.create_date)),
        String(profile !== undefined),
        profile ? (profile.password_last_used ? reportTime(new Date(profile.password_last_used)) : 'no_information') : 'N/A',
        profile ? reportTime(new Date(profile.password_changed)) : 'N/A',
        rotation ? reportTime(rotation) : 'N/A',
        String(mfa.length > 0),
        ...keyColumns,
        ...certificateColumns,
      ]);
    }
    return [CREDENTIAL_REPORT_COLUMNS.join(','), ...lines.map((line) => line.join(','))].join('\n');
  }
}
