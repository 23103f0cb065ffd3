// IAM's certificate operations: the account's server certificates (authorized on the certificate's ARN with its
// path and its tags) and users' signing certificates (authorized on the user; without UserName, the caller).
import type { Operations, ServerCertificateMetadata } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { ServerCertificates, serverCertificateArn, SigningCertificates, type ServerCertificate, type SigningCertificate } from '../certificates.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import type { Identities } from '../identities.js';
import { pageInOrder } from '../paging.js';
import { account, identityTargets, paged, tagsPage, userNameOf } from './common.js';

const serverMetadata = (c: ServerCertificate): ServerCertificateMetadata => ({
  Path: c.path,
  ServerCertificateName: c.name,
  ServerCertificateId: c.certificateId,
  Arn: c.arn,
  UploadDate: c.uploadDate,
  Expiration: c.expiration,
});

const signing = (c: SigningCertificate) => ({ UserName: c.userName, CertificateId: c.certificateId, CertificateBody: c.body, Status: c.status, UploadDate: c.uploadDate });

export function certificateOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const servers = new ServerCertificates(store, identities.clock);
  const signings = new SigningCertificates(store, identities.users, identities.clock);
  const { onUser } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);

  /** A permission on a server certificate: its ARN (with its path when it exists) and its tags. */
  const onCertificate =
    <I extends { ServerCertificateName: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext) => {
      const certificate = await servers.find(account(ctx), input.ServerCertificateName);
      return [
        await authorizationTarget(action, certificate ? certificate.arn : serverCertificateArn(account(ctx), '/', input.ServerCertificateName), {
          ...facts?.(input),
          resourceTags: certificate ? () => servers.tagsIfAny(account(ctx), certificate.name) : undefined,
        }),
      ];
    };

  return {
    UploadServerCertificate: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:UploadServerCertificate', serverCertificateArn(account(ctx), input.Path ?? '/', input.ServerCertificateName), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { certificate, tags } = await servers.upload(account(ctx), input);
        return { ServerCertificateMetadata: serverMetadata(certificate), Tags: tags.length > 0 ? tags : undefined };
      },
    },
    GetServerCertificate: {
      authorize: onCertificate('iam:GetServerCertificate'),
      handle: async (input, ctx) => {
        const certificate = await servers.get(account(ctx), input.ServerCertificateName);
        const tags = await servers.tags(account(ctx), certificate.name);
        return {
          ServerCertificate: {
            ServerCertificateMetadata: serverMetadata(certificate),
            CertificateBody: certificate.body,
            CertificateChain: certificate.chain,
            Tags: tags.length > 0 ? tags : undefined,
          },
        };
      },
    },
    ListServerCertificates: {
      authorize: async () => [await authorizationTarget('iam:ListServerCertificates', '*')],
      handle: async (input, ctx) => paged(await servers.list(account(ctx), input), 'ServerCertificateMetadataList', serverMetadata),
    },
    UpdateServerCertificate: {
      authorize: async (input, ctx) => {
        // AWS asks for the permission on the certificate as it is and as it will be (its new name or path), which
        // carries the same tags.
        const [current] = await onCertificate<typeof input>('iam:UpdateServerCertificate')(input, ctx);
        if (!input.NewServerCertificateName && !input.NewPath) return [current];
        const certificate = await servers.find(account(ctx), input.ServerCertificateName);
        const renamed = serverCertificateArn(account(ctx), input.NewPath ?? certificate?.path ?? '/', input.NewServerCertificateName ?? input.ServerCertificateName);
        if (renamed === current.resource) return [current];
        const resourceTags = certificate ? () => servers.tagsIfAny(account(ctx), certificate.name) : undefined;
        return [current, await authorizationTarget('iam:UpdateServerCertificate', renamed, { resourceTags })];
      },
      handle: async (input, ctx) => (await servers.update(account(ctx), input.ServerCertificateName, input), {}),
    },
    DeleteServerCertificate: {
      authorize: onCertificate('iam:DeleteServerCertificate'),
      handle: async (input, ctx) => (await servers.delete(account(ctx), input.ServerCertificateName), {}),
    },
    TagServerCertificate: {
      authorize: onCertificate('iam:TagServerCertificate', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await servers.tag(account(ctx), input.ServerCertificateName, input.Tags), {}),
    },
    UntagServerCertificate: {
      authorize: onCertificate('iam:UntagServerCertificate', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await servers.untag(account(ctx), input.ServerCertificateName, input.TagKeys), {}),
    },
    ListServerCertificateTags: {
      authorize: onCertificate('iam:ListServerCertificateTags'),
      handle: async (input, ctx) => tagsPage(await servers.tags(account(ctx), input.ServerCertificateName), input),
    },

    UploadSigningCertificate: {
      authorize: onUser('iam:UploadSigningCertificate', { optionalName: true }),
      handle: async (input, ctx) => ({ Certificate: signing(await signings.upload(account(ctx), userNameOf(input, ctx), input.CertificateBody)) }),
    },
    ListSigningCertificates: {
      authorize: onUser('iam:ListSigningCertificates', { optionalName: true }),
      handle: async (input, ctx) => {
        // The root user's own signing certificates are not modelled (docs/identities.md).
        if (!input.UserName && ctx.caller.type === 'root') return { Certificates: [], IsTruncated: false };
        return paged(pageInOrder(await signings.list(account(ctx), userNameOf(input, ctx)), input), 'Certificates', signing);
      },
    },
    UpdateSigningCertificate: {
      authorize: onUser('iam:UpdateSigningCertificate', { optionalName: true }),
      handle: async (input, ctx) => (await signings.update(account(ctx), userNameOf(input, ctx), input.CertificateId, input.Status), {}),
    },
    DeleteSigningCertificate: {
      authorize: onUser('iam:DeleteSigningCertificate', { optionalName: true }),
      handle: async (input, ctx) => (await signings.delete(account(ctx), userNameOf(input, ctx), input.CertificateId), {}),
    },
  };
}
