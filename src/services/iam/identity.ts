// Authentication: which identity an access key belongs to. The account's root has one key, given at
// start (`linkedrole serve --root-access-key-id/--root-secret-access-key`) or the built-in test/test;
// IAM users' keys and STS session credentials are looked up in the store.
import { timingSafeEqual } from 'node:crypto';
import type { Authenticated, Authenticator, Refusal } from '../../aws/auth.js';
import type { Caller } from '../../aws/service.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_SECRET_ACCESS_KEY } from './accounts.js';
import { partition } from '../../aws/partitions.js';

export interface CredentialSource {
  /** Returns the credentials for a key, `expired` when they were valid but are no longer, or undefined. */
  find(accessKeyId: string, now: Date): Promise<{ secretAccessKey: string; sessionToken?: string; caller: Caller } | 'expired' | undefined>;
}

/** The root identity's one long-term access key. */
export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The built-in root key (test/test): what every tool pointed at a local linkedrole assumes. */
export const DEFAULT_ROOT_CREDENTIALS: Readonly<RootCredentials> = Object.freeze({ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY });

/** IAM's AccessKeyIdType pattern ([\w]+): a key id must also fit between the credential scope's slashes. */
const ACCESS_KEY_ID_PATTERN = /^\w+$/;

/** Why the given root credentials cannot be used, or undefined when they can. */
export function rootCredentialsProblem(credentials: Partial<RootCredentials>): string | undefined {
  const { accessKeyId, secretAccessKey } = credentials;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (!accessKeyId) return 'the root access key id is missing or empty';
  if (!secretAccessKey) return 'the root secret access key is missing or empty';
  if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return `the root access key id may hold only letters, digits and underscores (IAM's [\\w]+), not '${accessKeyId}'`;
  return undefined;
}

export function rootCaller(accountId = DEFAULT_ACCOUNT_ID, accessKeyId = DEFAULT_ACCESS_KEY_ID): Caller {
  return { accountId, arn: `arn:${partition()}:iam::${accountId}:root`, userId: accountId, type: 'root', accessKeyId };
}

/** The root of an account other than the default one, with its one long-term access key. */
export interface OtherAccountRoot extends RootCredentials {
  accountId: string;
}

/** The roots of the other accounts (AppOptions.otherAccounts) as a credential source. */
export function otherAccountRoots(accounts: readonly OtherAccountRoot[]): CredentialSource {
  for (const account of accounts) {
    const problem = rootCredentialsProblem(account);
    if (problem) throw new Error(`account ${account.accountId}: ${problem}`);
    if (!/^\d{12}$/.test(account.accountId)) throw new Error(`the account id ${account.accountId} is not 12 digits`);
  }
  const byKey = new Map(accounts.map((a) => [a.accessKeyId, a]));
  if (byKey.size !== accounts.length) throw new Error('two other accounts have the same root access key id');
  return {
    find: async (accessKeyId) => {
      const account = byKey.get(accessKeyId);
      return account ? { secretAccessKey: account.secretAccessKey, caller: rootCaller(account.accountId, account.accessKeyId) } : undefined;
    },
  };
}

const UNKNOWN_KEY: Refusal = Object.freeze({ refused: 'unknown-key' });
const EXPIRED_TOKEN: Refusal = Object.freeze({ refused: 'expired-token' });

export class IdentityResolver implements Authenticator {
  private readonly root: RootCredentials;

  constructor(
    root: RootCredentials = DEFAULT_ROOT_CREDENTIALS,
    /** Where other keys come from (IAM users' access keys, STS sessions), asked in order. */
    private readonly sources: readonly CredentialSource[] = [],
  ) {
    const problem = rootCredentialsProblem(root);
    if (problem) throw new Error(problem);
    this.root = { ...root };
  }

  /** True while the root's key is the built-in test/test (the console offers it on loopback then). */
  get defaultRootKey(): boolean {
    return this.root.accessKeyId === DEFAULT_ROOT_CREDENTIALS.accessKeyId && this.root.secretAccessKey === DEFAULT_ROOT_CREDENTIALS.secretAccessKey;
  }

  async authenticate(accessKeyId: string, sessionToken: string | undefined, now: Date, service: string): Promise<Authenticated | Refusal> {
    if (accessKeyId === this.root.accessKeyId) {
      // A long-term key signs without a session token; AWS answers a token sent with one as an invalid token.
      if (sessionToken !== undefined) return UNKNOWN_KEY;
      return { secretAccessKey: this.root.secretAccessKey, caller: rootCaller(DEFAULT_ACCOUNT_ID, this.root.accessKeyId) };
    }
    for (const source of this.sources) {
      const found = await source.find(accessKeyId, now);
      if (found === 'expired') return EXPIRED_TOKEN;
      if (found) {
        // Temporary credentials need their own token; long-term ones (users' access keys) take none.
        if (found.sessionToken === undefined ? sessionToken !== undefined : !sameSecret(found.sessionToken, sessionToken)) return UNKNOWN_KEY;
        // AWS: GetSessionToken's credentials call no IAM operation unless MFA information came with
        // GetSessionToken, and IAM answers as for an unknown key.
        if (service === 'iam' && found.caller.getSessionToken?.mfa === false) return UNKNOWN_KEY;
        return { secretAccessKey: found.secretAccessKey, caller: found.caller };
      }
    }
    return UNKNOWN_KEY;
  }
}

/** Compares a stored secret with what the client sent in constant time (no timing hint about the prefix). */
function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
