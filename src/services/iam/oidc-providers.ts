// IAM OpenID Connect providers: the identity providers whose tokens AssumeRoleWithWebIdentity exchanges for
// a role's session. A provider is its URL (https only, stored and shown without the scheme, its ARN
// arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH), its client IDs (audiences), the thumbprints of its
// certificates, and its tags (iam_identity_tags, kind 'oidc-provider'). The keys its tokens are verified
// with are not IAM's: STS reads them from the JWKS registered for the issuer (sts/web-identity.ts).
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { AwsError } from '../../aws/errors.js';
import { commonErrors, errors } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { OidcProviderRow } from '../../store/schema.js';
import { addTags, checkTags, deleteTags, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { isUniqueViolation, type Tag } from './roles.js';
import { partition } from '../../aws/partitions.js';

export interface OidcProvider {
  accountId: string;
  arn: string;
  /** The URL without its scheme: HOST or HOST/PATH, as given. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
}

/** AWS's quotas (IAM and STS quotas page; texts as AWS words its other quotas). */
export const PROVIDERS_PER_ACCOUNT = 100;
export const CLIENT_IDS_PER_PROVIDER = 100;
export const THUMBPRINTS_PER_PROVIDER = 5;

const TAGGED = 'oidc-provider';
const PROVIDER_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):oidc-provider\/(.+)$/;
/** A host name or an IPv4 address: letters, digits, dots and hyphens. */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function oidcProviderArn(accountId: string, url: string): string {
  return `arn:${partition()}:iam::${accountId}:oidc-provider/${url}`;
}

/** One provider per URL in an account, whatever the case. */
export function providerKey(url: string): string {
  return url.toLowerCase();
}

/**
 * CreateOpenIDConnectProvider's Url, checked as AWS checks it (texts recorded from AWS by versitygw's
 * integration tests): no scheme or no host is a ValidationError; another scheme than https, user info, a
 * port, a query, a fragment or a host that is not a host name is InvalidInput. Answers the URL without its
 * scheme, as IAM keeps it (a trailing slash stays: `https://host` and `https://host/` are two providers).
 */
export function checkProviderUrl(url: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (!scheme) throw commonErrors.ValidationError('Invalid Open ID Connect Provider URL');
  if (scheme[1].toLowerCase() !== 'https') throw errors.InvalidInput('Invalid Open ID Connect Provider URL. The URL must begin with https://.');
  const rest = url.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  if (host === '') throw commonErrors.ValidationError('Invalid Open ID Connect Provider URL');
  if (!HOST.test(host) || /[?#\s]/.test(rest)) throw errors.InvalidInput('Invalid Open ID Connect Provider URL.');
  return rest;
}

function noSuchProvider(arn: string): AwsError {
  return errors.NoSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
}

/** Client IDs once each, in the order given, within the quota. */
function checkClientIds(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) throw errors.LimitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`);
  return unique;
}

/**
 * Thumbprints (the model makes each exactly 40 characters), lower-cased as IAM keeps them, once each, at most
 * five. AWS does not check that they are hexadecimal (versitygw's recorded tests), nor does linkedrole.
 */
function checkThumbprints(thumbprints: string[]): string[] {
  const unique = [...new Set(thumbprints.map((t) => t.toLowerCase()))];
  if (unique.length > THUMBPRINTS_PER_PROVIDER) throw errors.InvalidInput('Thumbprint list must contain fewer than 5 entries.');
  return unique;
}

function fromRow(row: OidcProviderRow): OidcProvider {
  return {
    accountId: row.account_id,
    arn: row.arn,
    url: row.url,
    clientIds: JSON.parse(row.client_ids) as string[],
    thumbprints: JSON.parse(row.thumbprints) as string[],
    createDate: new Date(row.create_date),
  };
}

/** Tags as IAM lists a provider's: sorted by key. */
export function tagsByKey(tags: Tag[]): Tag[] {
  return [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

export class OidcProviders {
  /** The account's outbound web identity federation (its issuer and signing keys). */
  readonly outbound: OutboundFederationSettings;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {
    this.outbound = new OutboundFederationSettings(store, clock);
  }

  /** The provider an ARN names in the account, if any (an ARN of another account names none). */
  async find(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<OidcProvider | undefined> {
    const m = PROVIDER_ARN.exec(arn);
    if (!m || m[1] !== accountId) return undefined;
    const row = await db.selectFrom('iam_oidc_providers').selectAll().where('account_id', '=', accountId).where('url_key', '=', providerKey(m[2])).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async get(accountId: string, arn: string, db: Db | Tx = this.store.db): Promise<OidcProvider> {
    const provider = await this.find(accountId, arn, db);
    if (!provider) throw noSuchProvider(arn);
    return provider;
  }

  /** The provider whose URL is a token's issuer (`iss`, with its scheme), for AssumeRoleWithWebIdentity. */
  async findByIssuer(accountId: string, issuer: string): Promise<OidcProvider | undefined> {
    const url = issuer.replace(/^https:\/\//i, '');
    if (url === issuer) return undefined;
    const row = await this.store.db.selectFrom('iam_oidc_providers').selectAll().where('account_id', '=', accountId).where('url_key', '=', providerKey(url)).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async create(accountId: string, input: { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] }): Promise<{ provider: OidcProvider; tags: Tag[] }> {
    const url = checkProviderUrl(input.Url);
    const clientIds = checkClientIds(input.ClientIDList ?? []);
    const thumbprints = checkThumbprints(input.ThumbprintList ?? []);
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota(TAGGED);
    const provider: OidcProvider = { accountId, arn: oidcProviderArn(accountId, url), url, clientIds, thumbprints, createDate: this.clock() };
    const taken = () => errors.EntityAlreadyExists(`Provider with url ${input.Url} already exists.`);
    await this.store.transaction(async (tx) => {
      const existing = await tx.selectFrom('iam_oidc_providers').select('url_key').where('account_id', '=', accountId).execute();
      if (existing.some((r) => r.url_key === providerKey(url))) throw taken();
      if (existing.length >= PROVIDERS_PER_ACCOUNT) throw errors.LimitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`);
      try {
        await tx
          .insertInto('iam_oidc_providers')
          .values({
            account_id: accountId,
            url_key: providerKey(url),
            url,
            arn: provider.arn,
            client_ids: JSON.stringify(clientIds),
            thumbprints: JSON.stringify(thumbprints),
            create_date: provider.createDate.toISOString(),
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
      await writeTags(tx, accountId, TAGGED, providerKey(url), tags);
    });
    return { provider, tags };
  }

  /** ListOpenIDConnectProviders: every provider of the account, by ARN. */
  async list(accountId: string): Promise<OidcProvider[]> {
    const rows = await this.store.db.selectFrom('iam_oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('url_key').execute();
    return rows.map(fromRow);
  }

  /** DeleteOpenIDConnectProvider: roles that trust it stay as they are; a provider already gone is no error (AWS documents it idempotent). */
  async delete(accountId: string, arn: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const provider = await this.find(accountId, arn, tx);
      if (!provider) return;
      await tx.deleteFrom('iam_oidc_providers').where('account_id', '=', accountId).where('url_key', '=', providerKey(provider.url)).execute();
      await deleteTags(tx, accountId, TAGGED, providerKey(provider.url));
    });
  }

  /** AddClientIDToOpenIDConnectProvider: a client ID it has already is left as it is. */
  async addClientId(accountId: string, arn: string, clientId: string): Promise<void> {
    await this.change(accountId, arn, (p) => ({ client_ids: JSON.stringify(checkClientIds([...p.clientIds, clientId])) }));
  }

  /** RemoveClientIDFromOpenIDConnectProvider: a client ID it does not have is ignored. */
  async removeClientId(accountId: string, arn: string, clientId: string): Promise<void> {
    await this.change(accountId, arn, (p) => ({ client_ids: JSON.stringify(p.clientIds.filter((c) => c !== clientId)) }));
  }

  /** UpdateOpenIDConnectProviderThumbprint: the list replaces the old one. */
  async updateThumbprints(accountId: string, arn: string, thumbprints: string[]): Promise<void> {
    const checked = checkThumbprints(thumbprints);
    await this.change(accountId, arn, () => ({ thumbprints: JSON.stringify(checked) }));
  }

  async tags(accountId: string, arn: string): Promise<Tag[]> {
    const provider = await this.get(accountId, arn);
    return tagsByKey(await readTags(this.store.db, accountId, TAGGED, providerKey(provider.url)));
  }

  /** The tags of a provider that exists, for conditions (aws:ResourceTag/*); undefined otherwise. */
  async tagsIfAny(accountId: string, arn: string): Promise<Tag[] | undefined> {
    const provider = await this.find(accountId, arn);
    return provider ? readTags(this.store.db, accountId, TAGGED, providerKey(provider.url)) : undefined;
  }

  async tag(accountId: string, arn: string, tags: Tag[]): Promise<void> {
    const checked = checkTags(tags);
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await addTags(tx, accountId, TAGGED, providerKey(provider.url), checked);
    });
  }

  async untag(accountId: string, arn: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await removeTags(tx, accountId, TAGGED, providerKey(provider.url), tagKeys);
    });
  }

  private async change(accountId: string, arn: string, update: (provider: OidcProvider) => Partial<Pick<OidcProviderRow, 'client_ids' | 'thumbprints'>>): Promise<void> {
    await this.store.transaction(async (tx) => {
      const provider = await this.get(accountId, arn, tx);
      await tx.updateTable('iam_oidc_providers').set(update(provider)).where('account_id', '=', accountId).where('url_key', '=', providerKey(provider.url)).execute();
    });
  }
}

/** An account's outbound web identity federation, as IAM keeps it: its issuer, whether it is on, its signing keys. */
export interface OutboundFederationState {
  accountId: string;
  /** https://<uuid>.tokens.sts.global.api.aws: made when the feature is first enabled, kept after. */
  issuerIdentifier: string;
  enabled: boolean;
  /** The private signing keys (JWKs with kid and alg): one RS256, one ES384. */
  signingKeys: JWK[];
}

/** The public half of a private JWK: what a JWKS publishes. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return pub;
}

/** The algorithms GetWebIdentityToken signs with (botocore's model documentation). */
export const OUTBOUND_ALGORITHMS = ['RS256', 'ES384'] as const;

/**
 * IAM's side of outbound web identity federation: Enable (the issuer and the account's signing keys are made on
 * the first call and kept), Disable, GetInfo. STS signs GetWebIdentityToken's tokens with the keys
 * (sts/outbound-web-identity.ts) and the server publishes their public halves.
 */
export class OutboundFederationSettings {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async find(accountId: string, db: Db | Tx = this.store.db): Promise<OutboundFederationState | undefined> {
    const row = await db.selectFrom('sts_outbound_federation').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? { accountId, issuerIdentifier: row.issuer_identifier, enabled: row.enabled === 1, signingKeys: JSON.parse(row.signing_keys) as JWK[] } : undefined;
  }

  /** The account whose issuer this is (the host of its IssuerIdentifier), for the published discovery documents. */
  async findByIssuerHost(host: string): Promise<OutboundFederationState | undefined> {
    const row = await this.store.db.selectFrom('sts_outbound_federation').select('account_id').where('issuer_identifier', '=', `https://${host}`).executeTakeFirst();
    return row ? this.find(row.account_id) : undefined;
  }

  async enable(accountId: string): Promise<string> {
    // Keys are made outside the transaction (a retried transaction does not make them twice).
    const keys = await Promise.all(OUTBOUND_ALGORITHMS.map(async (alg) => ({ ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)), alg, kid: randomUUID(), use: 'sig' })));
    return this.store.transaction(async (tx) => {
      const state = await this.find(accountId, tx);
      if (state?.enabled) throw errors.FeatureEnabled('Outbound web identity federation is already enabled for this account.');
      const now = this.clock().toISOString();
      if (state) {
        await tx.updateTable('sts_outbound_federation').set({ enabled: 1, updated_at: now }).where('account_id', '=', accountId).execute();
        return state.issuerIdentifier;
      }
      const issuer = `https://${randomUUID()}.tokens.sts.global.api.aws`;
      await tx.insertInto('sts_outbound_federation').values({ account_id: accountId, issuer_identifier: issuer, enabled: 1, signing_keys: JSON.stringify(keys), updated_at: now }).execute();
      return issuer;
    });
  }

  async disable(accountId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const state = await this.find(accountId, tx);
      if (!state?.enabled) throw errors.FeatureDisabled('Outbound web identity federation is already disabled for this account.');
      await tx.updateTable('sts_outbound_federation').set({ enabled: 0, updated_at: this.clock().toISOString() }).where('account_id', '=', accountId).execute();
    });
  }

  /** GetOutboundWebIdentityFederationInfo: FeatureDisabled until the feature was first enabled. */
  async info(accountId: string): Promise<{ IssuerIdentifier: string; JwtVendingEnabled: boolean }> {
    const state = await this.find(accountId);
    if (!state) throw errors.FeatureDisabled('Outbound web identity federation is not enabled for this account.');
    return { IssuerIdentifier: state.issuerIdentifier, JwtVendingEnabled: state.enabled };
  }
}
