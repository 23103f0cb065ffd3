// The account's own IAM state: its alias (unique across every account, one per account: a new alias
// replaces the old one, as AWS does), its Security Token Service preferences, and GetAccountSummary's
// counts, read from the store, with AWS's default quotas.
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import { INSTANCE_PROFILES_PER_ACCOUNT } from './instance-profiles.js';
import { pageOf, type Page, type PageRequest } from './paging.js';
import { QUOTAS } from './iam.js';
import { isUniqueViolation } from './roles.js';

export type GlobalEndpointTokenVersion = 'v1Token' | 'v2Token';

/**
 * AWS's default IAM quotas as GetAccountSummary names them (the IAM User Guide's "IAM and AWS STS quotas"
 * and AWS's documented GetAccountSummary example); those linkedrole enforces have the same values.
 */
export const SUMMARY_QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: INSTANCE_PROFILES_PER_ACCOUNT,
  ServerCertificatesQuota: 20,
  PolicySizeQuota: 6144,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: QUOTAS.rolePolicySize,
  AssumeRolePolicySizeQuota: QUOTAS.assumeRolePolicySize,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: QUOTAS.attachedPoliciesPerRole,
} as const;

type Counted = 'iam_users' | 'iam_groups' | 'iam_roles' | 'iam_customer_policies' | 'iam_instance_profiles' | 'iam_mfa_devices' | 'iam_server_certificates' | 'iam_oidc_providers' | 'iam_saml_providers';

async function count(db: Db | Tx, table: Counted, accountId: string, inUse = false): Promise<number> {
  let query = db.selectFrom(table as 'iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId);
  // MFADevicesInUse: the devices enabled for a user.
  if (inUse) query = query.where('user_key', 'is not', null).where('enable_date', 'is not', null);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export class AccountSettings {
  constructor(private readonly store: Store) {}

  // --- alias --------------------------------------------------------------------------------------

  async alias(accountId: string, db: Db | Tx = this.store.db): Promise<string | undefined> {
    const row = await db.selectFrom('iam_account_aliases').select('account_alias').where('account_id', '=', accountId).executeTakeFirst();
    return row?.account_alias;
  }

  /** The account an alias names (the console's sign-in by alias), if any. */
  async accountOfAlias(alias: string): Promise<string | undefined> {
    const row = await this.store.db.selectFrom('iam_account_aliases').select('account_id').where('account_alias', '=', alias).executeTakeFirst();
    return row?.account_id;
  }

  /** CreateAccountAlias: a name held by any account (this one included) is taken; else it replaces the account's alias. */
  async createAlias(accountId: string, alias: string): Promise<void> {
    const taken = () => errors.EntityAlreadyExists(`The account alias ${alias} already exists.`);
    await this.store.transaction(async (tx) => {
      const holder = await tx.selectFrom('iam_account_aliases').select('account_id').where('account_alias', '=', alias).executeTakeFirst();
      if (holder) throw taken();
      await tx.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).execute();
      try {
        await tx.insertInto('iam_account_aliases').values({ account_alias: alias, account_id: accountId }).execute();
      } catch (error) {
        // Another account (or server) took the name between our read and our write.
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    });
  }

  /** DeleteAccountAlias: only the account's own alias, named exactly. */
  async deleteAlias(accountId: string, alias: string): Promise<void> {
    const result = await this.store.db.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).where('account_alias', '=', alias).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw errors.NoSuchEntity(`The account alias ${alias} cannot be found.`);
  }

  async listAliases(accountId: string, request: PageRequest): Promise<Page<string>> {
    const alias = await this.alias(accountId);
    return pageOf(alias ? [alias] : [], (a) => a, request);
  }

  // --- Security Token Service preferences ---------------------------------------------------------------

  /** The version of the global STS endpoint's tokens: v1Token until SetSecurityTokenServicePreferences says otherwise. */
  async globalEndpointTokenVersion(accountId: string, db: Db | Tx = this.store.db): Promise<GlobalEndpointTokenVersion> {
    const row = await db.selectFrom('iam_account_settings').select('global_endpoint_token_version').where('account_id', '=', accountId).executeTakeFirst();
    return (row?.global_endpoint_token_version as GlobalEndpointTokenVersion | undefined) ?? 'v1Token';
  }

  async setGlobalEndpointTokenVersion(accountId: string, version: GlobalEndpointTokenVersion): Promise<void> {
    await this.store.db
      .insertInto('iam_account_settings')
      .values({ account_id: accountId, global_endpoint_token_version: version })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ global_endpoint_token_version: version }))
      .execute();
  }

  // --- GetAccountSummary -------------------------------------------------------------------------------

  /**
   * GetAccountSummary's SummaryMap: the account's entities counted in the store, its root user's
   * credentials, and AWS's quotas.
   */
  async summary(accountId: string): Promise<Record<string, number>> {
    const db = this.store.db;
    const [users, groups, roles, policies, instanceProfiles, mfaDevices, mfaInUse, serverCertificates, oidc, saml, attachments, tokenVersion] = await Promise.all([
      count(db, 'iam_users', accountId),
      count(db, 'iam_groups', accountId),
      count(db, 'iam_roles', accountId),
      count(db, 'iam_customer_policies', accountId),
      count(db, 'iam_instance_profiles', accountId),
      count(db, 'iam_mfa_devices', accountId),
      count(db, 'iam_mfa_devices', accountId, true),
      count(db, 'iam_server_certificates', accountId),
      count(db, 'iam_oidc_providers', accountId),
      count(db, 'iam_saml_providers', accountId),
      this.policyVersionsInUse(accountId),
      this.globalEndpointTokenVersion(accountId),
    ]);
    return {
      Users: users,
      Groups: groups,
      Roles: roles,
      Policies: policies,
      InstanceProfiles: instanceProfiles,
      PolicyVersionsInUse: attachments,
      Providers: oidc + saml,
      MFADevices: mfaDevices,
      MFADevicesInUse: mfaInUse,
      ServerCertificates: serverCertificates,
      // The root user: its access key is the one it signs with (serve's root credentials); it has no
      // console password (the console signs root in with that key), and no MFA device or signing
      // certificate (IAM's MFA and certificate operations serve IAM users).
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 0,
      AccountMFAEnabled: 0,
      AccountSigningCertificatesPresent: 0,
      GlobalEndpointTokenVersion: tokenVersion === 'v2Token' ? 2 : 1,
      ...SUMMARY_QUOTAS,
    };
  }

  /** PolicyVersionsInUse: the managed policies attached to the account's users, groups and roles, each attachment counted. */
  private async policyVersionsInUse(accountId: string): Promise<number> {
    const db = this.store.db;
    const [principals, roles] = await Promise.all([
      db.selectFrom('iam_principal_attached_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst(),
      db.selectFrom('iam_role_attached_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst(),
    ]);
    return Number(principals?.n ?? 0) + Number(roles?.n ?? 0);
  }
}
