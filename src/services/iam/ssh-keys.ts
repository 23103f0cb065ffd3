// IAM users' SSH public keys (CodeCommit's SSH access): ssh-rsa (at least 2048 bits) or ssh-ed25519, given in
// OpenSSH or PEM format and parsed with sshpk; at most five per user, a key at most once per user. The
// fingerprint is AWS's: the MD5 of the key, in hex with colons. GetSSHPublicKey gives the key back in either
// encoding (SSH or PEM) whatever it was uploaded in.
import type sshpk from 'sshpk';
import type { AwsError } from '../../aws/errors.js';
import { errors, type encodingType, type statusType } from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import type { SshPublicKeyRow } from '../../store/schema.js';
import { credentialId } from './ids.js';
import { nameKey } from './identity-tags.js';
import type { Users } from './users.js';
import { onFirstUse } from '../../on-first-use.js';

/** sshpk (and its crypto libraries) is loaded by the first SSH key operation, not at start. */
const loadSshpk = onFirstUse(async () => (await import('sshpk')).default);

export const SSH_PUBLIC_KEYS_PER_USER = 5;
const MIN_RSA_BITS = 2048;

export interface SshPublicKey {
  keyId: string;
  userName: string;
  /** In the encoding asked for (OpenSSH as stored). */
  body: string;
  fingerprint: string;
  status: statusType;
  uploadDate: Date;
}

function noSuchKey(id: string): AwsError {
  return errors.NoSuchEntity(`The Public Key with id ${id} cannot be found.`);
}

/** The key of an upload, in OpenSSH format, and its fingerprint; AWS's errors for what is not one. */
export async function parsePublicKey(text: string): Promise<{ openssh: string; fingerprint: string }> {
  const sshpk = await loadSshpk();
  const body = text.trim();
  const pem = body.startsWith('-----BEGIN');
  // A private key holds a public one, but it is not one to upload: refused as an encoding IAM does not take.
  if (pem && /PRIVATE KEY-----/.test(body)) throw errors.UnrecognizedPublicKeyEncoding('The public key encoding format is unsupported or unrecognized.');
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(body, pem ? 'pem' : 'ssh');
  } catch {
    if (pem || /^(ssh-|ecdsa-)/.test(body)) throw errors.InvalidPublicKey('The public key is malformed or otherwise invalid.');
    throw errors.UnrecognizedPublicKeyEncoding('The public key encoding format is unsupported or unrecognized.');
  }
  if (key.type !== 'rsa' && key.type !== 'ed25519') throw errors.InvalidPublicKey(`The public key type ${key.type} is not supported: use ssh-rsa or ssh-ed25519.`);
  if (key.type === 'rsa' && key.size < MIN_RSA_BITS) throw errors.InvalidPublicKey(`The public key must be at least ${MIN_RSA_BITS} bits long; this one has ${key.size}.`);
  // sshpk writes the key's comment after it ("(unnamed)" for a PEM key): IAM keeps the key alone.
  return { openssh: key.toString('ssh').split(' ').slice(0, 2).join(' '), fingerprint: key.fingerprint('md5').toString('hex') };
}

async function encoded(openssh: string, encoding: encodingType): Promise<string> {
  return encoding === 'PEM' ? (await loadSshpk()).parseKey(openssh, 'ssh').toString('pem') : openssh;
}

export class SshPublicKeys {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  async upload(accountId: string, userName: string, text: string): Promise<SshPublicKey> {
    const { openssh, fingerprint } = await parsePublicKey(text);
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      const existing = await tx.selectFrom('iam_ssh_public_keys').select(['key_id', 'fingerprint']).where('account_id', '=', accountId).where('user_key', '=', key).execute();
      if (existing.some((k) => k.fingerprint === fingerprint)) {
        throw errors.DuplicateSSHPublicKey('The SSH public key is already associated with the specified IAM user.');
      }
      if (existing.length >= SSH_PUBLIC_KEYS_PER_USER) throw errors.LimitExceeded(`Cannot exceed quota for PublicKeysPerUser: ${SSH_PUBLIC_KEYS_PER_USER}`);
      const row: SshPublicKeyRow = {
        key_id: credentialId('APKA'),
        account_id: accountId,
        user_key: key,
        body: openssh,
        fingerprint,
        status: 'Active',
        upload_date: this.clock().toISOString(),
      };
      await tx.insertInto('iam_ssh_public_keys').values(row).execute();
      return fromRow(row, user.userName);
    });
  }

  async get(accountId: string, userName: string, id: string, encoding: encodingType): Promise<SshPublicKey> {
    const user = await this.users.get(accountId, userName);
    const row = await this.store.db.selectFrom('iam_ssh_public_keys').selectAll().where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).where('key_id', '=', id).executeTakeFirst();
    if (!row) throw noSuchKey(id);
    return fromRow(row, user.userName, await encoded(row.body, encoding));
  }

  /** The user's keys, oldest first. */
  async list(accountId: string, userName: string): Promise<SshPublicKey[]> {
    const user = await this.users.get(accountId, userName);
    const rows = await this.store.db
      .selectFrom('iam_ssh_public_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_key', '=', nameKey(user.userName))
      .orderBy('upload_date')
      .orderBy('key_id')
      .execute();
    return rows.map((row) => fromRow(row, user.userName));
  }

  async update(accountId: string, userName: string, id: string, status: statusType): Promise<void> {
    if (status === 'Expired') throw errors.InvalidInput('Status Expired cannot be set on an SSH public key: use Active or Inactive.');
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .updateTable('iam_ssh_public_keys')
        .set({ status })
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('key_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchKey(id);
    });
  }

  async delete(accountId: string, userName: string, id: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx.deleteFrom('iam_ssh_public_keys').where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).where('key_id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchKey(id);
    });
  }
}

/** A key as IAM answers it, its body in OpenSSH format unless given in another encoding. */
function fromRow(row: SshPublicKeyRow, userName: string, body = row.body): SshPublicKey {
  return {
    keyId: row.key_id,
    userName,
    body,
    fingerprint: row.fingerprint,
    status: row.status as statusType,
    uploadDate: new Date(row.upload_date),
  };
}
