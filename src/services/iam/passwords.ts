// IAM users' console passwords (login profiles) and the account password policy. A password is kept only
// as a salted scrypt hash (node:crypto); the hashes of earlier passwords are kept as many as the policy's
// PasswordReusePrevention asks. The policy is enforced on CreateLoginProfile, UpdateLoginProfile and
// ChangePassword; without one, AWS's default policy applies (at least 8 characters, three of the four
// character classes, not the user's name). Expiry (MaxPasswordAge) and HardExpiry matter at console
// sign-in (src/console/sign-in.ts), which `signIn` here decides.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { AwsError } from '../../aws/errors.js';
import { commonErrors, errors, type PasswordPolicy } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import { nameKey } from './identity-tags.js';
import type { User, Users } from './users.js';

export interface LoginProfile {
  userName: string;
  createDate: Date;
  passwordResetRequired: boolean;
  passwordChanged: Date;
  passwordLastUsed?: Date;
}

/** UpdateAccountPasswordPolicy's parameters (each omitted one back to its default, as AWS does). */
export interface PasswordPolicyInput {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** The characters IAM counts as symbols (the IAM User Guide's password policy page). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");
const DEFAULT_MINIMUM_LENGTH = 6;
/** AWS's default policy, in force while the account has none. */
const DEFAULT_POLICY_MINIMUM_LENGTH = 8;

// scrypt's cost: N = 2^14, r = 8, p = 1 (node's defaults, about 16 MB and tens of milliseconds a hash).
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

function noSuchLoginProfile(userName: string): AwsError {
  return errors.NoSuchEntity(`Login Profile for User ${userName} cannot be found.`);
}

function violation(message: string): AwsError {
  return errors.PasswordPolicyViolation(message);
}

/** The policy as GetAccountPasswordPolicy answers it, from UpdateAccountPasswordPolicy's parameters. */
export function policyFrom(input: PasswordPolicyInput): PasswordPolicy {
  return {
    MinimumPasswordLength: input.MinimumPasswordLength ?? DEFAULT_MINIMUM_LENGTH,
    RequireSymbols: input.RequireSymbols ?? false,
    RequireNumbers: input.RequireNumbers ?? false,
    RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ExpirePasswords: (input.MaxPasswordAge ?? 0) > 0,
    ...(input.MaxPasswordAge !== undefined ? { MaxPasswordAge: input.MaxPasswordAge } : {}),
    ...(input.PasswordReusePrevention !== undefined ? { PasswordReusePrevention: input.PasswordReusePrevention } : {}),
    HardExpiry: input.HardExpiry ?? false,
  };
}

/** The character classes a password has: uppercase, lowercase, numbers, symbols. */
function classes(password: string) {
  const chars = [...password];
  return {
    upper: chars.some((c) => c >= 'A' && c <= 'Z'),
    lower: chars.some((c) => c >= 'a' && c <= 'z'),
    number: chars.some((c) => c >= '0' && c <= '9'),
    symbol: chars.some((c) => SYMBOLS.has(c)),
  };
}

/**
 * The first rule of the policy (or of AWS's default policy) the password breaks, as PasswordPolicyViolation.
 * The texts are those seen from AWS for the custom policy's rules; the default policy's is not confirmed.
 */
export function checkPassword(policy: PasswordPolicy | undefined, password: string, userName: string): void {
  const has = classes(password);
  if (!policy) {
    const count = [has.upper, has.lower, has.number, has.symbol].filter(Boolean).length;
    if (password.length < DEFAULT_POLICY_MINIMUM_LENGTH || count < 3 || password.toLowerCase() === userName.toLowerCase()) {
      throw violation('Password does not conform to the account password policy.');
    }
    return;
  }
  const minimum = policy.MinimumPasswordLength ?? DEFAULT_MINIMUM_LENGTH;
  if (password.length < minimum) throw violation(`Password should have a minimum length of ${minimum}`);
  if (policy.RequireUppercaseCharacters && !has.upper) throw violation('Password should have at least one uppercase letter');
  if (policy.RequireLowercaseCharacters && !has.lower) throw violation('Password should have at least one lowercase letter');
  if (policy.RequireNumbers && !has.number) throw violation('Password should have at least one number');
  if (policy.RequireSymbols && !has.symbol) throw violation('Password should have at least one symbol');
}

/** What console sign-in found: the user, and whether the password must be changed first (and may be). */
export type SignInCheck =
  | { outcome: 'signed-in'; user: User }
  | { outcome: 'change-required'; user: User; reason: 'reset-required' | 'expired' }
  | { outcome: 'hard-expired'; user: User }
  | { outcome: 'refused' };

export class Passwords {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  // --- the account password policy ---------------------------------------------------------------

  async policy(accountId: string, db: Db | Tx = this.store.db): Promise<PasswordPolicy | undefined> {
    const row = await db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', accountId).executeTakeFirst();
    return row ? (JSON.parse(row.policy) as PasswordPolicy) : undefined;
  }

  async getPolicy(accountId: string): Promise<PasswordPolicy> {
    const policy = await this.policy(accountId);
    if (!policy) throw errors.NoSuchEntity(`The Password Policy with domain name ${accountId} cannot be found.`);
    return policy;
  }

  async updatePolicy(accountId: string, input: PasswordPolicyInput): Promise<void> {
    const policy = JSON.stringify(policyFrom(input));
    await this.store.transaction(async (tx) => {
      const updated = await tx.updateTable('iam_password_policies').set({ policy }).where('account_id', '=', accountId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('iam_password_policies').values({ account_id: accountId, policy }).execute();
    });
  }

  async deletePolicy(accountId: string): Promise<void> {
    const deleted = await this.store.db.deleteFrom('iam_password_policies').where('account_id', '=', accountId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw errors.NoSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
  }

  // --- login profiles ------------------------------------------------------------------------------

  async find(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<LoginProfile | undefined> {
    const user = await this.users.get(accountId, userName, db);
    const row = await db.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).executeTakeFirst();
    if (!row) return undefined;
    return {
      userName: user.userName,
      createDate: new Date(row.create_date),
      passwordResetRequired: row.reset_required === 1,
      passwordChanged: new Date(row.password_changed),
      passwordLastUsed: row.password_last_used ? new Date(row.password_last_used) : undefined,
    };
  }

  async get(accountId: string, userName: string): Promise<LoginProfile> {
    const profile = await this.find(accountId, userName);
    if (!profile) throw noSuchLoginProfile((await this.users.get(accountId, userName)).userName);
    return profile;
  }

  async create(accountId: string, userName: string, password: string, resetRequired = false): Promise<LoginProfile> {
    const hash = await hashPassword(password);
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      if (await this.find(accountId, user.userName, tx)) throw errors.EntityAlreadyExists(`Login Profile for user ${user.userName} already exists.`);
      checkPassword(await this.policy(accountId, tx), password, user.userName);
      const now = this.clock();
      await tx
        .insertInto('iam_login_profiles')
        .values({
          account_id: accountId,
          user_key: nameKey(user.userName),
          password_hash: hash,
          create_date: now.toISOString(),
          password_changed: now.toISOString(),
          reset_required: resetRequired ? 1 : 0,
          password_last_used: null,
        })
        .execute();
      return { userName: user.userName, createDate: now, passwordResetRequired: resetRequired, passwordChanged: now };
    });
  }

  /** UpdateLoginProfile: a new password (an administrator's reset: reuse is not checked) and/or the reset flag. */
  async update(accountId: string, userName: string, changes: { Password?: string; PasswordResetRequired?: boolean }): Promise<void> {
    const hash = changes.Password !== undefined ? await hashPassword(changes.Password) : undefined;
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const row = await tx.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_key', '=', key).executeTakeFirst();
      if (!row) throw noSuchLoginProfile(user.userName);
      if (changes.Password !== undefined) {
        checkPassword(await this.policy(accountId, tx), changes.Password, user.userName);
        await this.remember(tx, accountId, key, row.password_hash);
      }
      await tx
        .updateTable('iam_login_profiles')
        .set({
          ...(hash ? { password_hash: hash, password_changed: this.clock().toISOString() } : {}),
          ...(changes.PasswordResetRequired !== undefined ? { reset_required: changes.PasswordResetRequired ? 1 : 0 } : {}),
        })
        .where('account_id', '=', accountId)
        .where('user_key', '=', key)
        .execute();
    });
  }

  async delete(accountId: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const deleted = await tx.deleteFrom('iam_login_profiles').where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw noSuchLoginProfile(user.userName);
      await tx.deleteFrom('iam_password_history').where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).execute();
    });
  }

  /**
   * ChangePassword (the calling user's own, and the console's change at sign-in): the old password must be
   * right; the new one must meet the policy and, under PasswordReusePrevention N, be none of the last N
   * (the current one included). Clears PasswordResetRequired.
   */
  async change(accountId: string, userName: string, oldPassword: string, newPassword: string): Promise<void> {
    const hash = await hashPassword(newPassword);
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const row = await tx.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_key', '=', key).executeTakeFirst();
      if (!row) throw noSuchLoginProfile(user.userName);
      // Not confirmed from AWS: the code and text of a wrong old password.
      if (!(await passwordMatches(oldPassword, row.password_hash))) throw commonErrors.AccessDenied('The old password is incorrect.');
      const policy = await this.policy(accountId, tx);
      checkPassword(policy, newPassword, user.userName);
      const remembered = policy?.PasswordReusePrevention ?? 0;
      if (remembered > 0) {
        const earlier = await tx
          .selectFrom('iam_password_history')
          .select('password_hash')
          .where('account_id', '=', accountId)
          .where('user_key', '=', key)
          .orderBy('position', 'desc')
          .limit(remembered - 1)
          .execute();
        for (const stored of [row.password_hash, ...earlier.map((e) => e.password_hash)]) {
          if (await passwordMatches(newPassword, stored)) {
            throw violation(`Password should not be one of your previous ${remembered} passwords.`);
          }
        }
      }
      await this.remember(tx, accountId, key, row.password_hash);
      await tx
        .updateTable('iam_login_profiles')
        .set({ password_hash: hash, password_changed: this.clock().toISOString(), reset_required: 0 })
        .where('account_id', '=', accountId)
        .where('user_key', '=', key)
        .execute();
    });
  }

  /** Keeps a replaced password's hash (at most 24 are ever asked for: the policy's maximum). */
  private async remember(tx: Tx, accountId: string, key: string, hash: string): Promise<void> {
    const last = await tx
      .selectFrom('iam_password_history')
      .select('position')
      .where('account_id', '=', accountId)
      .where('user_key', '=', key)
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    const position = (last?.position ?? 0) + 1;
    await tx.insertInto('iam_password_history').values({ account_id: accountId, user_key: key, position, password_hash: hash }).execute();
    await tx.deleteFrom('iam_password_history').where('account_id', '=', accountId).where('user_key', '=', key).where('position', '<=', position - 24).execute();
  }

  /** When the password expires under the policy's MaxPasswordAge, if it does. */
  async nextRotation(accountId: string, profile: LoginProfile, policy?: PasswordPolicy): Promise<Date | undefined> {
    const age = (policy ?? (await this.policy(accountId)))?.MaxPasswordAge;
    return age ? new Date(profile.passwordChanged.getTime() + age * 86400_000) : undefined;
  }

  /**
   * Console sign-in with a user name and password: refused when the user, its login profile or the password
   * is wrong (one answer for all three); else whether the password must be changed first (reset required,
   * expired) or cannot be any more (expired under HardExpiry).
   */
  async signIn(accountId: string, userName: string, password: string): Promise<SignInCheck> {
    const user = await this.users.find(accountId, userName);
    const row = user
      ? await this.store.db.selectFrom('iam_login_profiles').selectAll().where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).executeTakeFirst()
      : undefined;
    // A hash is computed even when there is no user, so that timing does not tell which names exist.
    const matches = await passwordMatches(password, row?.password_hash ?? (await hashPassword('')));
    if (!user || !row || !matches) return { outcome: 'refused' };
    const policy = await this.policy(accountId);
    const expiry = policy?.MaxPasswordAge ? new Date(Date.parse(row.password_changed) + policy.MaxPasswordAge * 86400_000) : undefined;
    if (expiry && expiry.getTime() <= this.clock().getTime()) return policy?.HardExpiry ? { outcome: 'hard-expired', user } : { outcome: 'change-required', user, reason: 'expired' };
    if (row.reset_required === 1) return { outcome: 'change-required', user, reason: 'reset-required' };
    return { outcome: 'signed-in', user };
  }

  /** The PasswordLastUsed of some users (ListUsers' page), by lower-cased name: those whose password was used. */
  async lastUsed(accountId: string, userNames: string[]): Promise<Map<string, Date>> {
    if (userNames.length === 0) return new Map();
    const rows = await this.store.db
      .selectFrom('iam_login_profiles')
      .select(['user_key', 'password_last_used'])
      .where('account_id', '=', accountId)
      .where('user_key', 'in', userNames.map(nameKey))
      .where('password_last_used', 'is not', null)
      .execute();
    return new Map(rows.map((r) => [r.user_key, new Date(r.password_last_used!)]));
  }

  /** PasswordLastUsed: the time of a successful console sign-in. */
  async markUsed(accountId: string, userName: string): Promise<void> {
    await this.store.db
      .updateTable('iam_login_profiles')
      .set({ password_last_used: this.clock().toISOString() })
      .where('account_id', '=', accountId)
      .where('user_key', '=', nameKey(userName))
      .execute();
  }
}
