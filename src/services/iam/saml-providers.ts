// IAM SAML providers: the IdP's metadata document (parsed with @xmldom/xmldom: its entityID, its signing
// certificates, checked with node:crypto, and its validUntil), the assertion encryption mode and the
// private keys AWS would decrypt assertions with, and tags. AssumeRoleWithSAML (sts/saml.ts) verifies
// assertions against the certificates kept here.
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { SamlProviderRow } from '../../store/schema.js';
import { onFirstUse } from '../../on-first-use.js';

/** The XML parser is loaded by the first SAML metadata document, not at start (AssumeRoleWithSAML shares it). */
export const loadXmlDom = onFirstUse(() => import('@xmldom/xmldom'));
import { addTags, checkTags, deleteTags, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { tagsByKey } from './oidc-providers.js';
import { isUniqueViolation, type Tag } from './roles.js';
import { partition } from '../../aws/partitions.js';

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML_PROVIDER_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):saml-provider\/([\w._-]+)$/;
/** IAM's quota of SAML providers per account. */
export const SAML_PROVIDERS_PER_ACCOUNT = 100;
/** AWS keeps at most two private keys per provider (one to rotate to). */
const PRIVATE_KEYS_PER_PROVIDER = 2;

export type AssertionEncryptionMode = 'Required' | 'Allowed';

export interface SamlPrivateKey {
  keyId: string;
  timestamp: Date;
  /** The PEM as given (never answered: GetSAMLProvider lists key ids and times only). */
  pem: string;
}

export interface SamlMetadata {
  entityId: string;
  /** The IdP's signing certificates, PEM. */
  certificates: string[];
  validUntil?: Date;
}

export interface SamlProvider extends SamlMetadata {
  accountId: string;
  name: string;
  arn: string;
  metadataDocument: string;
  createDate: Date;
  uuid: string;
  assertionEncryptionMode?: AssertionEncryptionMode;
  privateKeys: SamlPrivateKey[];
}

export function samlProviderArn(accountId: string, name: string): string {
  return `arn:${partition()}:iam::${accountId}:saml-provider/${name}`;
}

/** A SAML provider ARN's account and name, or undefined when the string is no SAML provider ARN. */
export function parseSamlProviderArn(arn: string): { accountId: string; name: string } | undefined {
  const m = SAML_PROVIDER_ARN.exec(arn);
  return m ? { accountId: m[1], name: m[2] } : undefined;
}

/** AWS's text for a missing provider (recalled from AWS's answers, not confirmed in a recording). */
export function noSuchSamlProvider(arn: string): AwsError {
  return errors.NoSuchEntity(`Manifest not found for arn ${arn}`);
}

/** AWS's answer to a metadata document it cannot use. */
function invalidMetadata(): AwsError {
  return errors.InvalidInput('Could not parse metadata');
}

function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) found.push(node as Element);
  }
  return found;
}

/**
 * Reads an IdP's SAML 2.0 metadata as IAM uses it: an EntityDescriptor with an entityID and an
 * IDPSSODescriptor, whose KeyDescriptors (use="signing" or no use) carry X.509 certificates; the
 * EntityDescriptor's (else the IDPSSODescriptor's) validUntil. Anything else is refused as unparsable.
 */
export async function parseSamlMetadata(document: string): Promise<SamlMetadata> {
  const { DOMParser } = await loadXmlDom();
  let root: Element | null;
  try {
    const parsed = new DOMParser({ onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    } }).parseFromString(document, 'application/xml');
    root = parsed.documentElement;
  } catch {
    throw invalidMetadata();
  }
  if (!root || root.namespaceURI !== METADATA_NS || root.localName !== 'EntityDescriptor') throw invalidMetadata();
  const entityId = root.getAttribute('entityID');
  if (!entityId) throw invalidMetadata();
  const idp = children(root, METADATA_NS, 'IDPSSODescriptor')[0];
  if (!idp) throw invalidMetadata();
  const certificates: string[] = [];
  for (const descriptor of children(idp, METADATA_NS, 'KeyDescriptor')) {
    const use = descriptor.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const keyInfo of children(descriptor, DSIG_NS, 'KeyInfo')) {
      for (const data of children(keyInfo, DSIG_NS, 'X509Data')) {
        for (const cert of children(data, DSIG_NS, 'X509Certificate')) {
          const base64 = (cert.textContent ?? '').replace(/\s+/g, '');
          try {
            certificates.push(new X509Certificate(Buffer.from(base64, 'base64')).toString());
          } catch {
            throw invalidMetadata();
          }
        }
      }
    }
  }
  if (certificates.length === 0) throw invalidMetadata();
  const until = root.getAttribute('validUntil') || idp.getAttribute('validUntil');
  let validUntil: Date | undefined;
  if (until) {
    validUntil = new Date(until);
    if (Number.isNaN(validUntil.getTime())) throw invalidMetadata();
  }
  return { entityId, certificates, validUntil };
}

/** A private key for assertion decryption, as AddPrivateKey takes it: PEM, RSA. */
function checkPrivateKey(pem: string): void {
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw errors.InvalidInput('The private key is not a valid RSA private key in PEM format.');
  }
}

/** An id of the kind IAM gives SAML providers and their keys (privateKeyIdType: 22 to 64 of [A-Z0-9]). */
function keyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(26)].map((b) => alphabet[b % alphabet.length]).join('');
}

function fromRow(row: SamlProviderRow): SamlProvider {
  const keys = JSON.parse(row.private_keys) as { keyId: string; timestamp: string; pem: string }[];
  return {
    accountId: row.account_id,
    name: row.name,
    arn: row.arn,
    metadataDocument: row.metadata_document,
    entityId: row.entity_id,
    certificates: JSON.parse(row.certificates) as string[],
    validUntil: row.valid_until ? new Date(row.valid_until) : undefined,
    createDate: new Date(row.create_date),
    uuid: row.uuid,
    assertionEncryptionMode: (row.assertion_encryption_mode as AssertionEncryptionMode | null) ?? undefined,
    privateKeys: keys.map((k) => ({ keyId: k.keyId, timestamp: new Date(k.timestamp), pem: k.pem })),
  };
}

function encodeKeys(keys: SamlPrivateKey[]): string {
  return JSON.stringify(keys.map((k) => ({ keyId: k.keyId, timestamp: k.timestamp.toISOString(), pem: k.pem })));
}

const TAG_KIND = 'saml-provider';

export class SamlProviders {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async find(arn: string, db: Db | Tx = this.store.db): Promise<SamlProvider | undefined> {
    const row = await db.selectFrom('iam_saml_providers').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** The provider an operation names: an ARN that is not a SAML provider's is invalid input; a missing one, NoSuchEntity. */
  async get(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<SamlProvider> {
    const parsed = parseSamlProviderArn(arn);
    if (!parsed) throw errors.InvalidInput(`ARN ${arn} is not valid.`);
    const provider = parsed.accountId === accountId ? await this.find(arn, db) : undefined;
    if (!provider) throw noSuchSamlProvider(arn);
    return provider;
  }

  async create(
    accountId: string,
    input: { Name: string; SAMLMetadataDocument: string; Tags?: Tag[]; AssertionEncryptionMode?: AssertionEncryptionMode; AddPrivateKey?: string },
  ): Promise<{ provider: SamlProvider; tags: Tag[] }> {
    const metadata = await parseSamlMetadata(input.SAMLMetadataDocument);
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota(TAG_KIND);
    if (input.AddPrivateKey !== undefined) checkPrivateKey(input.AddPrivateKey);
    const now = this.clock();
    const privateKeys = input.AddPrivateKey !== undefined ? [{ keyId: keyId(), timestamp: now, pem: input.AddPrivateKey }] : [];
    checkEncryption(input.AssertionEncryptionMode, privateKeys);
    const provider: SamlProvider = {
      ...metadata,
      accountId,
      name: input.Name,
      arn: samlProviderArn(accountId, input.Name),
      metadataDocument: input.SAMLMetadataDocument,
      createDate: now,
      uuid: keyId(),
      assertionEncryptionMode: input.AssertionEncryptionMode,
      privateKeys,
    };
    const taken = () => errors.EntityAlreadyExists(`SAMLProvider named ${input.Name} already exists`);
    await this.store.transaction(async (tx) => {
      if (await this.find(provider.arn, tx)) throw taken();
      const count = await tx.selectFrom('iam_saml_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
      if (Number(count.n) >= SAML_PROVIDERS_PER_ACCOUNT) throw errors.LimitExceeded(`Cannot exceed quota for SAMLProvidersPerAccount: ${SAML_PROVIDERS_PER_ACCOUNT}`);
      try {
        await tx
          .insertInto('iam_saml_providers')
          .values({
            account_id: accountId,
            name: provider.name,
            arn: provider.arn,
            metadata_document: provider.metadataDocument,
            entity_id: provider.entityId,
            certificates: JSON.stringify(provider.certificates),
            valid_until: provider.validUntil?.toISOString() ?? null,
            create_date: now.toISOString(),
            uuid: provider.uuid,
            assertion_encryption_mode: provider.assertionEncryptionMode ?? null,
            private_keys: encodeKeys(privateKeys),
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      await writeTags(tx, accountId, TAG_KIND, provider.name, tags);
    });
    return { provider, tags };
  }

  /** ListSAMLProviders: every provider of the account, by ARN (AWS does not page this list). */
  async list(accountId: string): Promise<SamlProvider[]> {
    const rows = await this.store.db.selectFrom('iam_saml_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
    return rows.map(fromRow);
  }

  /** UpdateSAMLProvider: new metadata, a new encryption mode, a key added and/or one removed. */
  async update(
    accountId: string,
    input: { SAMLProviderArn: string; SAMLMetadataDocument?: string; AssertionEncryptionMode?: AssertionEncryptionMode; AddPrivateKey?: string; RemovePrivateKey?: string },
  ): Promise<SamlProvider> {
    const metadata = input.SAMLMetadataDocument !== undefined ? await parseSamlMetadata(input.SAMLMetadataDocument) : undefined;
    if (input.AddPrivateKey !== undefined) checkPrivateKey(input.AddPrivateKey);
    return this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, input.SAMLProviderArn, tx);
      let keys = provider.privateKeys;
      if (input.RemovePrivateKey !== undefined) {
        if (!keys.some((k) => k.keyId === input.RemovePrivateKey)) throw errors.InvalidInput(`The private key ${input.RemovePrivateKey} does not exist for this SAML provider.`);
        keys = keys.filter((k) => k.keyId !== input.RemovePrivateKey);
      }
      if (input.AddPrivateKey !== undefined) {
        if (keys.length >= PRIVATE_KEYS_PER_PROVIDER) throw errors.LimitExceeded(`Cannot exceed quota for PrivateKeysPerSAMLProvider: ${PRIVATE_KEYS_PER_PROVIDER}`);
        keys = [...keys, { keyId: keyId(), timestamp: this.clock(), pem: input.AddPrivateKey }];
      }
      const mode = input.AssertionEncryptionMode ?? provider.assertionEncryptionMode;
      checkEncryption(mode, keys);
      const updated: SamlProvider = { ...provider, ...(metadata ?? {}), ...(metadata ? { metadataDocument: input.SAMLMetadataDocument! } : {}), assertionEncryptionMode: mode, privateKeys: keys };
      await tx
        .updateTable('iam_saml_providers')
        .set({
          metadata_document: updated.metadataDocument,
          entity_id: updated.entityId,
          certificates: JSON.stringify(updated.certificates),
          valid_until: updated.validUntil?.toISOString() ?? null,
          assertion_encryption_mode: mode ?? null,
          private_keys: encodeKeys(keys),
        })
        .where('arn', '=', provider.arn)
        .execute();
      return updated;
    });
  }

  async delete(accountId: string, arn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await tx.deleteFrom('iam_saml_providers').where('arn', '=', provider.arn).execute();
      await deleteTags(tx, accountId, TAG_KIND, provider.name);
    });
  }

  /** The provider's tags sorted by key, as GetSAMLProvider and ListSAMLProviderTags answer them. */
  async tags(accountId: string, arn: string): Promise<Tag[]> {
    const provider = await this.get(accountId, arn);
    return tagsByKey(await readTags(this.store.db, accountId, TAG_KIND, provider.name));
  }

  /** The tags of a provider that exists, for aws:ResourceTag/* (none for a missing one). */
  async tagsIfAny(accountId: string, arn: string): Promise<Tag[]> {
    const provider = await this.find(arn);
    return provider && provider.accountId === accountId ? readTags(this.store.db, accountId, TAG_KIND, provider.name) : [];
  }

  async tag(accountId: string, arn: string, tags: Tag[]): Promise<void> {
    const checked = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await addTags(tx, accountId, TAG_KIND, provider.name, checked);
    });
  }

  async untag(accountId: string, arn: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await removeTags(tx, accountId, TAG_KIND, provider.name, tagKeys);
    });
  }
}

/** Required encryption needs a key to decrypt with. */
function checkEncryption(mode: AssertionEncryptionMode | undefined, keys: SamlPrivateKey[]): void {
  if (mode === 'Required' && keys.length === 0) {
    throw errors.InvalidInput('A private key is required when AssertionEncryptionMode is Required.');
  }
}
