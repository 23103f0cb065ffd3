// OpenID Connect providers and outbound web identity federation: the keys the Service Authorization Reference
// documents for them (oidc-provider: aws:ResourceTag/<key> on every operation on a provider, Create's and Tag's
// aws:RequestTag/<key> and aws:TagKeys, Untag's aws:TagKeys; GetWebIdentityToken: aws:RequestTag/<key>,
// aws:TagKeys, sts:DurationSeconds, sts:IdentityTokenAudience, sts:SigningAlgorithm). AssumeRoleWithWebIdentity's
// keys are the trust policy's (the call is unsigned, no caller policy applies): test/sts/web-identity.test.ts
// decides trust policies on them, and docs/identities.md says so.
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { next, none, RIGHT_TAG, TAG, tags, type Clients, type Row, type Target } from './support.js';

/** An OIDC provider made by root, tagged team=blue and stage=prod. */
async function oidcProvider(root: Clients, n: number): Promise<Target> {
  const { OpenIDConnectProviderArn } = await root.iam.send(
    new CreateOpenIDConnectProviderCommand({ Url: `https://idp-${n}.example.com`, ClientIDList: ['app'], Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }),
  );
  return { arn: OpenIDConnectProviderArn! };
}

/** The account's outbound federation, enabled by root (once: a second Enable is FeatureEnabled). */
async function outboundEnabled(root: Clients): Promise<Target> {
  try {
    await root.iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  } catch (error) {
    if ((error as Error).name !== 'FeatureEnabledException' && (error as Error).name !== 'FeatureEnabled') throw error;
  }
  return {};
}

const onProvider = (operation: string, call: (u: Clients, t: Target) => Promise<unknown>, values: Row['values'] = {}): Row => ({
  operation,
  action: `iam:${operation}`,
  type: 'oidc-provider',
  values,
  setup: oidcProvider,
  call,
});

export const rows: Row[] = [
  {
    operation: 'CreateOpenIDConnectProvider',
    action: 'iam:CreateOpenIDConnectProvider',
    type: 'oidc-provider',
    values: RIGHT_TAG,
    setup: none,
    call: (u) => u.iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://new-idp-${next()}.example.com`, Tags: tags })),
  },
  onProvider('GetOpenIDConnectProvider', (u, t) => u.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn }))),
  onProvider('DeleteOpenIDConnectProvider', (u, t) => u.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn }))),
  onProvider('AddClientIDToOpenIDConnectProvider', (u, t) => u.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn, ClientID: 'more' }))),
  onProvider('RemoveClientIDFromOpenIDConnectProvider', (u, t) => u.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn, ClientID: 'app' }))),
  onProvider('UpdateOpenIDConnectProviderThumbprint', (u, t) => u.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: t.arn, ThumbprintList: ['a'.repeat(40)] }))),
  onProvider('ListOpenIDConnectProviderTags', (u, t) => u.iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: t.arn }))),
  onProvider('TagOpenIDConnectProvider', (u, t) => u.iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn, Tags: tags })), RIGHT_TAG),
  onProvider('UntagOpenIDConnectProvider', (u, t) => u.iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: t.arn, TagKeys: ['stage'] })), { tagKey: 'stage' }),
  {
    operation: 'GetWebIdentityToken',
    action: 'sts:GetWebIdentityToken',
    values: { ...RIGHT_TAG, keys: { 'sts:DurationSeconds': '120', 'sts:IdentityTokenAudience': 'https://api.example.com', 'sts:SigningAlgorithm': 'ES384' } },
    setup: outboundEnabled,
    call: (u) => u.sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: 'ES384', DurationSeconds: 120, Tags: tags })),
  },
];
