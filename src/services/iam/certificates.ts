// Server certificates (the account's, for load balancers and CloudFront: a certificate, its private key and its
// chain, under a path, with tags) and signing certificates (an IAM user's X.509 certificates, at most two).
// Certificates and keys are parsed with node:crypto (X509Certificate, createPrivateKey): the body must be one
// PEM certificate that has not expired, the private key must be the certificate's, and each certificate of the
// chain must have issued the one before it. The private key is checked, never kept or returned.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import { errors, type statusType } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { ServerCertificateRow, SigningCertificateRow } from '../../store/schema.js';
import { credentialId, signingCertificateId } from './ids.js';
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, renameTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, type Page, type PageRequest } from './paging.js';
import { isUniqueViolation, type Tag } from './roles.js';
import type { Users } from './users.js';
import { partition } from '../../aws/partitions.js';

export const SERVER_CERTIFICATES_PER_ACCOUNT = 20;
export const SIGNING_CERTIFICATES_PER_USER = 2;
const TAG_KIND = 'server-certificate';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface ServerCertificate {
  name: string;
  certificateId: string;
  path: string;
  arn: string;
  body: string;
  chain?: string;
  expiration: Date;
  uploadDate: Date;
}

export interface SigningCertificate {
  certificateId: string;
  userName: string;
  body: string;
  status: statusType;
  uploadDate: Date;
}

export function serverCertificateArn(accountId: string, path: string, name: string): string {
  return `arn:${partition()}:iam::${accountId}:server-certificate${path}${name}`;
}

function noSuchServerCertificate(name: string): AwsError {
  return errors.NoSuchEntity(`The Server Certificate with name ${name} cannot be found.`);
}

function notPem(): AwsError {
  return errors.MalformedCertificate('Unable to parse certificate. Please ensure the certificate is in PEM format.');
}

/** One PEM certificate (the body of an upload): exactly one, parseable, and valid at `now` (neither expired nor not yet valid). */
export function parseCertificate(text: string, now: Date, expired: (message: string) => AwsError): X509Certificate {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length !== 1) throw notPem();
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0]);
  } catch {
    throw notPem();
  }
  if (new Date(certificate.validTo).getTime() < now.getTime()) {
    throw expired("Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.");
  }
  // AWS refuses a certificate whose validity begins later too (MalformedCertificate, aws/aws-sdk-go#2586).
  if (new Date(certificate.validFrom).getTime() > now.getTime()) {
    throw expired("Certificate is not yet valid. The 'Not Before' date restriction on the certificate has not been met.");
  }
  return certificate;
}

/** The chain's certificates, in order; each must have issued the one before it (the first, the body). */
function checkChain(body: X509Certificate, chainText: string): void {
  const blocks = chainText.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw errors.MalformedCertificate('Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.');
  const chain = blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw errors.MalformedCertificate('Unable to parse certificate chain. Please ensure the certificate chain is in PEM format.');
    }
  });
  const issued = (child: X509Certificate, issuer: X509Certificate) => child.checkIssued(issuer) && child.verify(issuer.publicKey);
  // AWS's index: -1 when the chain's first certificate did not issue the body, else the index of the first
  // certificate that did not issue the one before it.
  let invalidAt: number | undefined;
  if (!issued(body, chain[0])) invalidAt = -1;
  else {
    const at = chain.findIndex((certificate, i) => i + 1 < chain.length && !issued(certificate, chain[i + 1]));
    if (at !== -1) invalidAt = at + 1;
  }
  if (invalidAt !== undefined) {
    throw errors.MalformedCertificate(
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${invalidAt}`,
    );
  }
}

function parsePrivateKey(text: string): KeyObject {
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw errors.MalformedCertificate('Unable to parse private key. Please ensure the private key is in PEM format and not encrypted.');
  }
}

function serverCertificateFromRow(row: ServerCertificateRow): ServerCertificate {
  return {
    name: row.certificate_name,
    certificateId: row.certificate_id,
    path: row.path,
    arn: row.arn,
    body: row.body,
    chain: row.chain ?? undefined,
    expiration: new Date(row.expiration),
    uploadDate: new Date(row.upload_date),
  };
}

export class ServerCertificates {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async find(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<ServerCertificate | undefined> {
    const row = await db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId).where('name_key', '=', nameKey(name)).executeTakeFirst();
    return row ? serverCertificateFromRow(row) : undefined;
  }

  async get(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<ServerCertificate> {
    const certificate = await this.find(accountId, name, db);
    if (!certificate) throw noSuchServerCertificate(name);
    return certificate;
  }

  async upload(
    accountId: string,
    input: { ServerCertificateName: string; CertificateBody: string; PrivateKey: string; CertificateChain?: string; Path?: string; Tags?: Tag[] },
  ): Promise<{ certificate: ServerCertificate; tags: Tag[] }> {
    const now = this.clock();
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota(TAG_KIND);
    const body = parseCertificate(input.CertificateBody, now, (message) => errors.MalformedCertificate(message));
    const key = parsePrivateKey(input.PrivateKey);
    if (!body.checkPrivateKey(key)) throw errors.KeyPairMismatch('The private key does not match the public key of the certificate.');
    if (input.CertificateChain !== undefined) checkChain(body, input.CertificateChain);
    const path = input.Path ?? '/';
    const name = input.ServerCertificateName;
    const row: ServerCertificateRow = {
      account_id: accountId,
      name_key: nameKey(name),
      certificate_name: name,
      certificate_id: credentialId('ASCA'),
      path,
      arn: serverCertificateArn(accountId, path, name),
      body: input.CertificateBody,
      chain: input.CertificateChain ?? null,
      expiration: new Date(body.validTo).toISOString(),
      upload_date: now.toISOString(),
    };
    const taken = () => errors.EntityAlreadyExists(`The Server Certificate with name ${name} already exists.`);
    await this.store.transaction(async (tx) => {
      if (await this.find(accountId, name, tx)) throw taken();
      const count = await tx.selectFrom('iam_server_certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
      if (Number(count.n) >= SERVER_CERTIFICATES_PER_ACCOUNT) throw errors.LimitExceeded(`Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_PER_ACCOUNT}`);
      try {
        await tx.insertInto('iam_server_certificates').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      await writeTags(tx, accountId, TAG_KIND, row.name_key, tags);
    });
    return { certificate: serverCertificateFromRow(row), tags };
  }

  /** One page of the account's certificates ordered by name, those whose path starts with `PathPrefix`. */
  async list(accountId: string, request: PageRequest & { PathPrefix?: string }): Promise<Page<ServerCertificate>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.store.db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) query = query.where('name_key', '>', after);
    if (request.PathPrefix && request.PathPrefix !== '/') {
      query = query.where(sql<string>`substr(path, 1, ${request.PathPrefix.length})`, '=', request.PathPrefix);
    }
    const rows = await query.orderBy('name_key').limit(max + 1).execute();
    const items = rows.slice(0, max).map(serverCertificateFromRow);
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(nameKey(items[items.length - 1].name)) : undefined };
  }

  /** UpdateServerCertificate: a new name (its tags follow) and/or a new path. */
  async update(accountId: string, name: string, changes: { NewServerCertificateName?: string; NewPath?: string }): Promise<void> {
    await this.store.transaction(async (tx) => {
      const certificate = await this.get(accountId, name, tx);
      const newName = changes.NewServerCertificateName ?? certificate.name;
      const newPath = changes.NewPath ?? certificate.path;
      const from = nameKey(certificate.name);
      const to = nameKey(newName);
      if (from !== to && (await this.find(accountId, newName, tx))) throw errors.EntityAlreadyExists(`The Server Certificate with name ${newName} already exists.`);
      await tx
        .updateTable('iam_server_certificates')
        .set({ name_key: to, certificate_name: newName, path: newPath, arn: serverCertificateArn(accountId, newPath, newName) })
        .where('account_id', '=', accountId)
        .where('name_key', '=', from)
        .execute();
      await renameTags(tx, accountId, TAG_KIND, from, to);
    });
  }

  async delete(accountId: string, name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const certificate = await this.get(accountId, name, tx);
      await deleteTags(tx, accountId, TAG_KIND, nameKey(certificate.name));
      await tx.deleteFrom('iam_server_certificates').where('account_id', '=', accountId).where('name_key', '=', nameKey(certificate.name)).execute();
    });
  }

  async tags(accountId: string, name: string, db: Db | Tx = this.store.db): Promise<Tag[]> {
    const certificate = await this.get(accountId, name, db);
    return readTags(db, accountId, TAG_KIND, nameKey(certificate.name));
  }

  /** The certificate's tags if it exists (aws:ResourceTag/* of a call on it). */
  async tagsIfAny(accountId: string, name: string): Promise<Tag[] | undefined> {
    const certificate = await this.find(accountId, name);
    return certificate ? readTags(this.store.db, accountId, TAG_KIND, nameKey(certificate.name)) : undefined;
  }

  async tag(accountId: string, name: string, tags: Tag[]): Promise<void> {
    const checked = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const certificate = await this.get(accountId, name, tx);
      await addTags(tx, accountId, TAG_KIND, nameKey(certificate.name), checked);
    });
  }

  async untag(accountId: string, name: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const certificate = await this.get(accountId, name, tx);
      await removeTags(tx, accountId, TAG_KIND, nameKey(certificate.name), tagKeys);
    });
  }
}

function noSuchSigningCertificate(id: string): AwsError {
  return errors.NoSuchEntity(`The Certificate with id ${id} cannot be found.`);
}

export class SigningCertificates {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  async upload(accountId: string, userName: string, text: string): Promise<SigningCertificate> {
    const now = this.clock();
    const certificate = parseCertificate(text, now, (message) => errors.InvalidCertificate(message));
    return this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const key = nameKey(user.userName);
      // The same certificate may belong to one user of the account only.
      const bodies = await tx.selectFrom('iam_signing_certificates').select(['body', 'user_key']).where('account_id', '=', accountId).execute();
      const fingerprint = certificate.fingerprint256;
      if (bodies.some((b) => new X509Certificate(b.body.match(PEM_CERTIFICATE)![0]).fingerprint256 === fingerprint)) {
        throw errors.DuplicateCertificate('The same certificate is already associated with an IAM user in this account.');
      }
      if (bodies.filter((b) => b.user_key === key).length >= SIGNING_CERTIFICATES_PER_USER) {
        throw errors.LimitExceeded(`Cannot exceed quota for SigningCertificatesPerUser: ${SIGNING_CERTIFICATES_PER_USER}`);
      }
      const row: SigningCertificateRow = { certificate_id: signingCertificateId(), account_id: accountId, user_key: key, body: text, status: 'Active', upload_date: now.toISOString() };
      await tx.insertInto('iam_signing_certificates').values(row).execute();
      return signingFromRow(row, user.userName);
    });
  }

  /** The user's certificates, oldest first. */
  async list(accountId: string, userName: string): Promise<SigningCertificate[]> {
    const user = await this.users.get(accountId, userName);
    const rows = await this.store.db
      .selectFrom('iam_signing_certificates')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_key', '=', nameKey(user.userName))
      .orderBy('upload_date')
      .orderBy('certificate_id')
      .execute();
    return rows.map((row) => signingFromRow(row, user.userName));
  }

  async update(accountId: string, userName: string, id: string, status: statusType): Promise<void> {
    if (status === 'Expired') throw errors.InvalidInput('Status Expired cannot be set on a signing certificate: use Active or Inactive.');
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .updateTable('iam_signing_certificates')
        .set({ status })
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('certificate_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw noSuchSigningCertificate(id);
    });
  }

  async delete(accountId: string, userName: string, id: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const result = await tx
        .deleteFrom('iam_signing_certificates')
        .where('account_id', '=', accountId)
        .where('user_key', '=', nameKey(user.userName))
        .where('certificate_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw noSuchSigningCertificate(id);
    });
  }
}

function signingFromRow(row: SigningCertificateRow, userName: string): SigningCertificate {
  return { certificateId: row.certificate_id, userName, body: row.body, status: row.status as statusType, uploadDate: new Date(row.upload_date) };
}
