// STS GetAccessKeyInfo: the account an access key id belongs to. AWS answers for any key id, its own
// accounts' or another's, known or not, from the key id itself: since 2019 an AWS key id (AKIA/ASIA and 16
// base32 characters) encodes its account in bits 1..40 of its base32 payload. Keys this server issued are
// answered from the store (their ids are random, not encoded); any other key id is decoded as AWS does.
import { commonErrors } from '../../aws/generated/sts.js';
import type { Operations } from '../../aws/generated/sts.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import type { Sts } from './sts.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The account AWS encodes in a key id: the base32 payload after the 4-character prefix, its first 6 bytes
 * as a big-endian number, masked with 0x7fffffffff80 and shifted right by 7. Undefined when the id is not
 * base32 after its prefix.
 */
export function accountOfKeyId(keyId: string): string | undefined {
  const payload = keyId.slice(4).toUpperCase();
  let bits = 0n;
  let count = 0;
  for (const ch of payload.slice(0, 10)) {
    const value = BASE32.indexOf(ch);
    if (value === -1) return undefined;
    bits = (bits << 5n) | BigInt(value);
    count += 5;
  }
  if (count < 48) return undefined;
  const first48 = bits >> BigInt(count - 48);
  const account = (first48 & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

/** The account of a key this server issued: an IAM user's access key or an STS session's. */
async function storedAccount(store: Store, keyId: string): Promise<string | undefined> {
  const user = await store.db.selectFrom('iam_access_keys').select('account_id').where('access_key_id', '=', keyId).executeTakeFirst();
  if (user) return user.account_id;
  const session = await store.db.selectFrom('sts_sessions').select('account_id').where('access_key_id', '=', keyId).executeTakeFirst();
  return session?.account_id;
}

export function accessKeyInfoOperations(sts: Sts): ServiceOperations<Operations> {
  return {
    GetAccessKeyInfo: {
      summary: 'The account of a key: from the store for this server\'s keys, else decoded from the key id as AWS encodes it',
      authorize: async () => [await authorizationTarget('sts:GetAccessKeyInfo', '*')],
      handle: async (input) => {
        const account = (await storedAccount(sts.store, input.AccessKeyId)) ?? accountOfKeyId(input.AccessKeyId);
        if (!account) throw commonErrors.ValidationError(`The access key ID ${input.AccessKeyId} is not valid.`);
        return { Account: account };
      },
    },
  };
}
