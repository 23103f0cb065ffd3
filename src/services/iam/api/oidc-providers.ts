// IAM's OpenID Connect provider operations, and outbound web identity federation's. Each declares its permission on the provider's ARN (with the
// provider's tags as aws:ResourceTag/* where documented, the tags a request sets or removes as
// aws:RequestTag/* and aws:TagKeys); the work is done by the domain (oidc-providers.ts).
import type { Operations } from '../../../aws/generated/iam.js';
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import { checkProviderUrl, oidcProviderArn, tagsByKey, type OidcProviders } from '../oidc-providers.js';
import { account, onAll, tagsPage } from './common.js';

export function oidcProviderOperations(providers: OidcProviders): ServiceOperations<Operations> {
  const { outbound } = providers;
  /** A permission on the provider an operation names, with its tags. */
  const onProvider =
    <I extends { OpenIDConnectProviderArn: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => [
      await authorizationTarget(action, input.OpenIDConnectProviderArn, {
        ...facts?.(input),
        resourceTags: () => providers.tagsIfAny(account(ctx), input.OpenIDConnectProviderArn),
      }),
    ];

  return {
    CreateOpenIDConnectProvider: {
      summary: "An OIDC provider for an https URL (AWS's URL rules and texts), kept without its scheme, ARN oidc-provider/HOST/PATH; client IDs, up to 5 thumbprints (stored, not checked), tags",
      // The ARN the provider will have; a URL IAM refuses is refused before any permission is decided.
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateOpenIDConnectProvider', oidcProviderArn(account(ctx), checkProviderUrl(input.Url)), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { provider, tags } = await providers.create(account(ctx), input);
        return { OpenIDConnectProviderArn: provider.arn, Tags: tags.length > 0 ? tagsByKey(tags) : undefined };
      },
    },
    GetOpenIDConnectProvider: {
      summary: "Url, ClientIDList, ThumbprintList, CreateDate and the tags sorted by key",
      authorize: onProvider('iam:GetOpenIDConnectProvider'),
      handle: async (input, ctx) => {
        const provider = await providers.get(account(ctx), input.OpenIDConnectProviderArn);
        return {
          Url: provider.url,
          ClientIDList: provider.clientIds,
          ThumbprintList: provider.thumbprints,
          CreateDate: provider.createDate,
          Tags: await providers.tags(account(ctx), provider.arn),
        };
      },
    },
    ListOpenIDConnectProviders: {
      summary: "The account's providers by ARN",
      authorize: onAll('iam:ListOpenIDConnectProviders'),
      handle: async (_input, ctx) => ({ OpenIDConnectProviderList: (await providers.list(account(ctx))).map((p) => ({ Arn: p.arn })) }),
    },
    DeleteOpenIDConnectProvider: {
      summary: "Deletes the provider and its tags; idempotent, as AWS documents; roles trusting it can no longer be assumed through it",
      authorize: onProvider('iam:DeleteOpenIDConnectProvider'),
      handle: async (input, ctx) => (await providers.delete(account(ctx), input.OpenIDConnectProviderArn), {}),
    },
    AddClientIDToOpenIDConnectProvider: {
      summary: "Adds a client ID (audience) once; at most 100",
      authorize: onProvider('iam:AddClientIDToOpenIDConnectProvider'),
      handle: async (input, ctx) => (await providers.addClientId(account(ctx), input.OpenIDConnectProviderArn, input.ClientID), {}),
    },
    RemoveClientIDFromOpenIDConnectProvider: {
      summary: "Removes a client ID; one it lacks is ignored",
      authorize: onProvider('iam:RemoveClientIDFromOpenIDConnectProvider'),
      handle: async (input, ctx) => (await providers.removeClientId(account(ctx), input.OpenIDConnectProviderArn, input.ClientID), {}),
    },
    UpdateOpenIDConnectProviderThumbprint: {
      summary: "Replaces the thumbprints (at most 5, lower-cased)",
      authorize: onProvider('iam:UpdateOpenIDConnectProviderThumbprint'),
      handle: async (input, ctx) => (await providers.updateThumbprints(account(ctx), input.OpenIDConnectProviderArn, input.ThumbprintList), {}),
    },
    TagOpenIDConnectProvider: {
      summary: "Adds or replaces tags (keys case-insensitive, at most 50)",
      authorize: onProvider('iam:TagOpenIDConnectProvider', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await providers.tag(account(ctx), input.OpenIDConnectProviderArn, input.Tags), {}),
    },
    UntagOpenIDConnectProvider: {
      summary: "Removes tags by key",
      authorize: onProvider('iam:UntagOpenIDConnectProvider', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await providers.untag(account(ctx), input.OpenIDConnectProviderArn, input.TagKeys), {}),
    },
    ListOpenIDConnectProviderTags: {
      summary: "The tags sorted by key, paged with Marker/MaxItems",
      authorize: onProvider('iam:ListOpenIDConnectProviderTags'),
      handle: async (input, ctx) => tagsPage(await providers.tags(account(ctx), input.OpenIDConnectProviderArn), input),
    },
    // Outbound web identity federation (STS's GetWebIdentityToken signs with the account's keys).
    EnableOutboundWebIdentityFederation: {
      summary: "The account's issuer https://<uuid>.tokens.sts.global.api.aws and its RS256/ES384 signing keys, made once and kept",
      authorize: onAll('iam:EnableOutboundWebIdentityFederation'),
      handle: async (_input, ctx) => ({ IssuerIdentifier: await outbound.enable(account(ctx)) }),
    },
    DisableOutboundWebIdentityFederation: {
      summary: "Stops GetWebIdentityToken; issued tokens still verify",
      authorize: onAll('iam:DisableOutboundWebIdentityFederation'),
      handle: async (_input, ctx) => (await outbound.disable(account(ctx)), {}),
    },
    GetOutboundWebIdentityFederationInfo: {
      summary: "IssuerIdentifier and JwtVendingEnabled; FeatureDisabled before the first enable",
      authorize: onAll('iam:GetOutboundWebIdentityFederationInfo'),
      handle: async (_input, ctx) => outbound.info(account(ctx)),
    },
  };
}
