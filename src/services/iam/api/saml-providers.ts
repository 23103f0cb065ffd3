// IAM's SAML provider operations: each declares its permission on the provider's ARN
// (arn:aws:iam::ACCOUNT:saml-provider/NAME), with the provider's tags as aws:ResourceTag/* and the
// request's tags as aws:RequestTag/* and aws:TagKeys; ListSAMLProviders is on every resource (*).
import type { GetSAMLProviderResponse, Operations } from '../../../aws/generated/iam.js';
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import { samlProviderArn, type SamlProvider, type SamlProviders } from '../saml-providers.js';
import { account, onAll, tagsPage } from './common.js';

export function samlProviderOperations(providers: SamlProviders): ServiceOperations<Operations> {
  const onProvider =
    <I extends { SAMLProviderArn: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext): Promise<AuthorizationTarget[]> => [
      await authorizationTarget(action, input.SAMLProviderArn, {
        ...facts?.(input),
        resourceTags: () => providers.tagsIfAny(account(ctx), input.SAMLProviderArn),
      }),
    ];
  return {
    CreateSAMLProvider: {
      summary: 'A SAML provider from IdP metadata (entityID, signing certificates, validUntil; AWS\'s refusal of metadata it cannot parse), private keys, encryption mode, tags',
      authorize: async (input, ctx) => [await authorizationTarget('iam:CreateSAMLProvider', samlProviderArn(account(ctx), input.Name), { requestTags: input.Tags })],
      handle: async (input, ctx) => {
        const { provider, tags } = await providers.create(account(ctx), input);
        return { SAMLProviderArn: provider.arn, ...(tags.length > 0 ? { Tags: tags } : {}) };
      },
    },
    GetSAMLProvider: {
      summary: 'The metadata, UUID, CreateDate, ValidUntil, encryption mode, private key ids and the tags sorted by key',
      authorize: onProvider('iam:GetSAMLProvider'),
      handle: async (input, ctx) => {
        const provider = await providers.get(account(ctx), input.SAMLProviderArn);
        const tags = await providers.tags(account(ctx), provider.arn);
        return { ...providerToWire(provider), ...(tags.length > 0 ? { Tags: tags } : {}) };
      },
    },
    ListSAMLProviders: {
      summary: 'The account\'s providers by ARN with CreateDate and ValidUntil',
      authorize: onAll('iam:ListSAMLProviders'),
      handle: async (_input, ctx) => ({
        SAMLProviderList: (await providers.list(account(ctx))).map((p) => ({ Arn: p.arn, CreateDate: p.createDate, ValidUntil: p.validUntil })),
      }),
    },
    UpdateSAMLProvider: {
      summary: 'New metadata, encryption mode, a private key added or removed (at most two)',
      authorize: onProvider('iam:UpdateSAMLProvider'),
      handle: async (input, ctx) => ({ SAMLProviderArn: (await providers.update(account(ctx), input)).arn }),
    },
    DeleteSAMLProvider: {
      summary: 'Deletes the provider and its tags',
      authorize: onProvider('iam:DeleteSAMLProvider'),
      handle: async (input, ctx) => (await providers.delete(account(ctx), input.SAMLProviderArn), {}),
    },
    TagSAMLProvider: {
      summary: 'Tags merged by case-insensitive key, within the quota of 50',
      authorize: onProvider('iam:TagSAMLProvider', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await providers.tag(account(ctx), input.SAMLProviderArn, input.Tags), {}),
    },
    UntagSAMLProvider: {
      summary: 'Removes tags by key, in any case',
      authorize: onProvider('iam:UntagSAMLProvider', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await providers.untag(account(ctx), input.SAMLProviderArn, input.TagKeys), {}),
    },
    ListSAMLProviderTags: {
      summary: 'The tags sorted by key, paged with Marker/MaxItems',
      authorize: onProvider('iam:ListSAMLProviderTags'),
      handle: async (input, ctx) => tagsPage(await providers.tags(account(ctx), input.SAMLProviderArn), input),
    },
  };
}

function providerToWire(provider: SamlProvider): GetSAMLProviderResponse {
  return {
    SAMLProviderUUID: provider.uuid,
    SAMLMetadataDocument: provider.metadataDocument,
    CreateDate: provider.createDate,
    ValidUntil: provider.validUntil,
    AssertionEncryptionMode: provider.assertionEncryptionMode,
    PrivateKeyList: provider.privateKeys.length > 0 ? provider.privateKeys.map((k) => ({ KeyId: k.keyId, Timestamp: k.timestamp })) : undefined,
  };
}
