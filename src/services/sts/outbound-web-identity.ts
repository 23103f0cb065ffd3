// Outbound web identity federation: STS GetWebIdentityToken hands the caller a JWT that asserts its AWS identity,
// signed by its account's key (made by IAM's EnableOutboundWebIdentityFederation), for a relying party outside
// AWS. The claims are AWS's (IAM User Guide, "Understanding token claims"): iss (the account's issuer), aud, sub
// (the principal's ARN: a role session's role), iat, exp, jti, and under the https://sts.amazonaws.com/
// namespace aws_account, source_region, principal_tags and request_tags.
//
// A relying party verifies the token with the issuer's OIDC discovery documents, which AWS publishes at the
// issuer URL. linkedrole cannot answer for that host, so it publishes them on its own port under
// /outbound-federation/<issuer host>/.well-known/openid-configuration (and jwks.json): docs/federation.md.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { commonErrors, errors, type GetWebIdentityTokenRequest, type GetWebIdentityTokenResponse } from '../../aws/generated/sts.js';
import type { Caller, OperationImpl } from '../../aws/service.js';
import type { Iam } from '../iam/iam.js';
import { nameKey, readTags, tagMap } from '../iam/identity-tags.js';
import { OUTBOUND_ALGORITHMS, publicJwk, type OutboundFederationSettings } from '../iam/oidc-providers.js';
import { authorizationTarget } from '../iam/condition-keys.js';
import { principalTags } from './session-decider.js';
import type { SessionStore } from './sessions.js';

/** Where the server publishes each account's discovery documents. */
export const DISCOVERY_PREFIX = '/outbound-federation/';
/** The namespace of AWS's own claims in the token. */
export const AWS_CLAIMS = 'https://sts.amazonaws.com/';
/** DurationSeconds when none is asked for (the model's documentation: five minutes). */
const DEFAULT_DURATION_SECONDS = 300;

/** The model's SigningAlgorithm values: RS256 and ES384 (a five-character string to the model). */
function checkAlgorithm(algorithm: string): (typeof OUTBOUND_ALGORITHMS)[number] {
  const known = OUTBOUND_ALGORITHMS.find((alg) => alg === algorithm);
  if (!known) {
    throw commonErrors.ValidationError(`1 validation error detected: Value '${algorithm}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [${OUTBOUND_ALGORITHMS.join(', ')}]`);
  }
  return known;
}

export class OutboundWebIdentity {
  constructor(
    private readonly settings: OutboundFederationSettings,
    private readonly iam: Iam,
    private readonly sessions: SessionStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The subject and principal tags of a caller, as the token states them. */
  private async principal(caller: Caller): Promise<{ sub: string; tags: Record<string, string>; sessionExpiration?: Date }> {
    if (caller.type === 'assumed-role') {
      const session = await this.sessions.get(caller.accessKeyId);
      if (session?.kind === 'role') {
        const roleTags = await this.iam.roles.tags(session.accountId, session.roleName).catch(() => []);
        return { sub: session.roleArn, tags: principalTags(roleTags, session.sessionTags), sessionExpiration: session.expiration };
      }
    }
    if (caller.type === 'user' && caller.name) {
      const tags = tagMap(await readTags(this.iam.store.db, caller.accountId, 'user', nameKey(caller.name)));
      const session = caller.getSessionToken || caller.consoleSession ? await this.sessions.get(caller.accessKeyId) : undefined;
      return { sub: caller.arn, tags, sessionExpiration: session?.expiration };
    }
    return { sub: caller.arn, tags: {} };
  }

  async getWebIdentityToken(caller: Caller, input: GetWebIdentityTokenRequest, region: string): Promise<GetWebIdentityTokenResponse> {
    const algorithm = checkAlgorithm(input.SigningAlgorithm);
    const state = await this.settings.find(caller.accountId);
    if (!state?.enabled) {
      throw errors.OutboundWebIdentityFederationDisabledException('The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the AWS Management Console or API.');
    }
    const now = this.clock();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + (input.DurationSeconds ?? DEFAULT_DURATION_SECONDS);
    const { sub, tags, sessionExpiration } = await this.principal(caller);
    if (sessionExpiration && exp * 1000 > sessionExpiration.getTime()) {
      throw errors.SessionDurationEscalationException('The requested token duration would extend the session beyond its original expiration time.');
    }
    const key = state.signingKeys.find((k) => k.alg === algorithm)!;
    const awsClaims: Record<string, unknown> = { aws_account: caller.accountId, source_region: region };
    if (Object.keys(tags).length > 0) awsClaims.principal_tags = tags;
    if ((input.Tags?.length ?? 0) > 0) awsClaims.request_tags = Object.fromEntries(input.Tags!.map((t) => [t.Key, t.Value]));
    const token = await new SignJWT({ [AWS_CLAIMS]: awsClaims })
      .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: 'JWT' })
      .setIssuer(state.issuerIdentifier)
      .setSubject(sub)
      .setAudience(input.Audience.length === 1 ? input.Audience[0] : input.Audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(await importJWK(key, algorithm));
    return { WebIdentityToken: token, Expiration: new Date(exp * 1000) };
  }

  /**
   * The discovery documents of an account's issuer, published at /outbound-federation/<issuer host>/.well-known/…:
   * openid-configuration (its jwks_uri on this server, `base` being the URL the request came to) and jwks.json.
   * Undefined for any other path, or an issuer no account has.
   */
  async discovery(path: string, base: string): Promise<unknown> {
    const match = /^\/outbound-federation\/([^/]+)\/\.well-known\/(openid-configuration|jwks\.json)$/.exec(path);
    if (!match) return undefined;
    const state = await this.settings.findByIssuerHost(match[1]);
    if (!state) return undefined;
    if (match[2] === 'jwks.json') return { keys: state.signingKeys.map(publicJwk) };
    return {
      issuer: state.issuerIdentifier,
      jwks_uri: `${base}${DISCOVERY_PREFIX}${match[1]}/.well-known/jwks.json`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [...OUTBOUND_ALGORITHMS],
      claims_supported: ['aud', 'exp', 'iat', 'iss', 'jti', 'sub', AWS_CLAIMS],
    };
  }
}

/** GetWebIdentityToken's binding: sts:GetWebIdentityToken with its request's keys, from the caller's policies. */
export function getWebIdentityTokenOperation(outbound: OutboundWebIdentity): OperationImpl<GetWebIdentityTokenRequest, GetWebIdentityTokenResponse> {
  return {
    summary: "A JWT asserting the caller's identity (AWS's claims), signed RS256 or ES384 with the account's key; the issuer's discovery documents are served at /outbound-federation/<issuer host>/.well-known/",
    authorize: async (input) => {
      checkAlgorithm(input.SigningAlgorithm);
      return [
        await authorizationTarget('sts:GetWebIdentityToken', '*', {
          requestTags: input.Tags,
          keys: {
            'sts:DurationSeconds': String(input.DurationSeconds ?? DEFAULT_DURATION_SECONDS),
            'sts:IdentityTokenAudience': input.Audience,
            'sts:SigningAlgorithm': input.SigningAlgorithm,
          },
        }),
      ];
    },
    handle: (input, ctx) => outbound.getWebIdentityToken(ctx.caller, input, ctx.region),
  };
}
