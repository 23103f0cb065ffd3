// Authentication: which identity an access key belongs to. The default key is the account's root;
// IAM users' keys and STS session credentials are looked up in the store.
import type { Caller, ServiceApi } from '../../aws/service.js';
import type { Authenticator } from '../../server/dispatch.js';
import { authError } from '../../server/auth-errors.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_SECRET_ACCESS_KEY } from './accounts.js';

export interface CredentialSource {
  /** Returns the credentials for a key, `expired` when they were valid but are no longer, or undefined. */
  find(accessKeyId: string, now: Date): Promise<{ secretAccessKey: string; sessionToken?: string; caller: Caller } | 'expired' | undefined>;
}

export function rootCaller(accountId = DEFAULT_ACCOUNT_ID, accessKeyId = DEFAULT_ACCESS_KEY_ID): Caller {
  return { accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, type: 'root', accessKeyId };
}

export class IdentityResolver implements Authenticator {
  private readonly sources: CredentialSource[] = [];

  /** Adds a place keys can come from (IAM users' access keys, STS sessions). */
  addSource(source: CredentialSource): void {
    this.sources.push(source);
  }

  async authenticate(accessKeyId: string, sessionToken: string | undefined, now: Date, protocol: ServiceApi['protocol'], service?: string) {
    if (accessKeyId === DEFAULT_ACCESS_KEY_ID) {
      return { secretAccessKey: DEFAULT_SECRET_ACCESS_KEY, caller: rootCaller() };
    }
    for (const source of this.sources) {
      const found = await source.find(accessKeyId, now);
      if (found === 'expired') throw authError('expiredToken', protocol);
      if (found) {
        if (found.sessionToken !== undefined && found.sessionToken !== sessionToken) throw authError('unknownKey', protocol);
        // AWS: GetSessionToken's credentials call no IAM operation unless MFA information came with
        // GetSessionToken, and IAM answers as for an unknown key.
        if (service === 'iam' && found.caller.getSessionToken?.mfa === false) throw authError('unknownKey', protocol);
        return { secretAccessKey: found.secretAccessKey, caller: found.caller };
      }
    }
    throw authError('unknownKey', protocol);
  }
}
