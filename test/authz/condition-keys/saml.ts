// SAML providers, GetFederationToken and AssumeRoot: the keys the Service Authorization Reference documents for
// them (saml-provider: CreateSAMLProvider's and TagSAMLProvider's aws:RequestTag/<key> and aws:TagKeys,
// UntagSAMLProvider's aws:TagKeys, and on every operation on an existing provider its aws:ResourceTag/<key>; federated-user: GetFederationToken's aws:RequestTag/<key>, aws:TagKeys;
// root-user: AssumeRoot's sts:TaskPolicyArn). AssumeRoleWithSAML's keys are the trust policy's (the call is
// unsigned, no caller policy applies): test/sts/saml.test.ts tests them, docs/identities.md says so.
import { CreateSAMLProviderCommand, DeleteSAMLProviderCommand, GetSAMLProviderCommand, ListSAMLProviderTagsCommand, TagSAMLProviderCommand, UntagSAMLProviderCommand, UpdateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRootCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { generateIdpKeys, idpMetadata } from '../../../src/cli/saml.js';
import { ACCOUNT, next, none, RIGHT_TAG, TAG, tags, type Clients, type Row, type Target } from './support.js';

const metadata = idpMetadata({ entityId: 'https://idp.example.com/condition-keys', certificates: [generateIdpKeys('condition-keys').certificate] });
const TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy';

/** A SAML provider made by root, tagged team=blue. */
async function samlProvider(root: Clients, n: number): Promise<Target> {
  const { SAMLProviderArn } = await root.iam.send(new CreateSAMLProviderCommand({ Name: `provider-${n}`, SAMLMetadataDocument: metadata, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  return { arn: SAMLProviderArn! };
}

export const rows: Row[] = [
  {
    operation: 'CreateSAMLProvider',
    action: 'iam:CreateSAMLProvider',
    type: 'saml-provider',
    values: RIGHT_TAG,
    setup: none,
    call: (u) => u.iam.send(new CreateSAMLProviderCommand({ Name: `new-provider-${next()}`, SAMLMetadataDocument: metadata, Tags: tags })),
  },
  {
    operation: 'TagSAMLProvider',
    action: 'iam:TagSAMLProvider',
    type: 'saml-provider',
    values: RIGHT_TAG,
    setup: samlProvider,
    call: (u, t) => u.iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: t.arn, Tags: tags })),
  },
  {
    operation: 'UntagSAMLProvider',
    action: 'iam:UntagSAMLProvider',
    type: 'saml-provider',
    values: { tagKey: 'stage' },
    setup: samlProvider,
    call: (u, t) => u.iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: t.arn, TagKeys: ['stage'] })),
  },
  ...(
    [
      ['GetSAMLProvider', (u, t) => u.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: t.arn }))],
      ['UpdateSAMLProvider', (u, t) => u.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: t.arn, SAMLMetadataDocument: metadata }))],
      ['DeleteSAMLProvider', (u, t) => u.iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: t.arn }))],
      ['ListSAMLProviderTags', (u, t) => u.iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: t.arn }))],
    ] as [string, Row['call']][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'saml-provider', values: {}, setup: samlProvider, call })),
  {
    operation: 'GetFederationToken',
    action: 'sts:GetFederationToken',
    type: 'federated-user',
    values: RIGHT_TAG,
    setup: none,
    call: (u) => u.sts.send(new GetFederationTokenCommand({ Name: `fed-${next()}`, Tags: tags })),
  },
  {
    operation: 'AssumeRoot',
    action: 'sts:AssumeRoot',
    type: 'root-user',
    values: { keys: { 'sts:TaskPolicyArn': TASK_POLICY } },
    setup: none,
    // Allowed by the caller's policies, AssumeRoot is then refused for an account in no organization (after
    // authorization, in other words than a policy's refusal): that answer means the condition allowed it.
    call: async (u) => {
      try {
        await u.sts.send(new AssumeRootCommand({ TargetPrincipal: ACCOUNT, TaskPolicyArn: { arn: TASK_POLICY } }));
      } catch (error) {
        if (/belongs to no organization/.test((error as Error).message)) return;
        throw error;
      }
    },
  },
];
