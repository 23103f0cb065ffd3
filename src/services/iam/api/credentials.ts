// IAM users' other credentials: service-specific credentials (CodeCommit, Keyspaces, Bedrock), SSH public keys,
// and when each access key was last used (GetAccessKeyLastUsed, from the audit trail). Each is authorized on
// the user it belongs to (its ARN with its path, its tags); without UserName, on the calling user.
import type { AuditTrail } from '../../../audit/trail.js';
import { commonErrors, errors, type GetAccessKeyLastUsedRequest, type GetAccessKeyLastUsedResponse, type Operations, type ServiceSpecificCredentialMetadata } from '../../../aws/generated/iam.js';
import { withState, type RequestContext, type ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { accessKeyLastUse } from '../access-keys.js';
import { authorizationTarget } from '../condition-keys.js';
import type { Identities } from '../identities.js';
import { nameKey, readTags } from '../identity-tags.js';
import { pageInOrder } from '../paging.js';
import { ServiceSpecificCredentials, type ServiceSpecificCredential } from '../service-specific-credentials.js';
import { SshPublicKeys } from '../ssh-keys.js';
import { account, identityTargets, paged, userNameOf } from './common.js';
import { partition } from '../../../aws/partitions.js';

const metadata = (c: ServiceSpecificCredential): ServiceSpecificCredentialMetadata => ({
  UserName: c.userName,
  Status: c.status,
  ServiceUserName: c.serviceUserName,
  ServiceCredentialAlias: c.serviceCredentialAlias,
  CreateDate: c.createDate,
  ExpirationDate: c.expirationDate,
  ServiceSpecificCredentialId: c.credentialId,
  ServiceName: c.serviceName,
});

/** The credential with its secret, as CreateServiceSpecificCredential and ResetServiceSpecificCredential answer it. */
const withSecret = (c: ServiceSpecificCredential) => ({
  ...metadata(c),
  ServicePassword: c.serviceUserName !== undefined ? c.secret : undefined,
  ServiceCredentialSecret: c.serviceCredentialAlias !== undefined ? c.secret : undefined,
});

export function credentialOperations(store: Store, identities: Identities, audit: AuditTrail): ServiceOperations<Operations> {
  const clock = identities.clock;
  const credentials = new ServiceSpecificCredentials(store, identities.users, clock);
  const sshKeys = new SshPublicKeys(store, identities.users, clock);
  const { onUser } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);

  /** A permission on a credential's user, with the credential's service as iam:ServiceSpecificCredentialServiceName. */
  const onCredential =
    (action: string) =>
    async (input: { UserName?: string; ServiceSpecificCredentialId: string }, ctx: RequestContext) => {
      const service = await credentials.serviceOf(account(ctx), userNameOf(input, ctx), input.ServiceSpecificCredentialId);
      return onUser<typeof input>(action, { facts: () => ({ keys: { 'iam:ServiceSpecificCredentialServiceName': service } }) })(input, ctx);
    };

  return {
    CreateServiceSpecificCredential: {
      authorize: onUser('iam:CreateServiceSpecificCredential', {
        facts: (input) => ({
          keys: {
            'iam:ServiceSpecificCredentialServiceName': input.ServiceName,
            'iam:ServiceSpecificCredentialAgeDays': input.CredentialAgeDays === undefined ? undefined : String(input.CredentialAgeDays),
          },
        }),
      }),
      handle: async (input, ctx) => ({
        ServiceSpecificCredential: withSecret(await credentials.create(account(ctx), input.UserName, input.ServiceName, input.CredentialAgeDays)),
      }),
    },
    ListServiceSpecificCredentials: {
      authorize: async (input, ctx) =>
        input.AllUsers ? [await authorizationTarget('iam:ListServiceSpecificCredentials', `arn:${partition()}:iam::${account(ctx)}:user/*`)] : onUser('iam:ListServiceSpecificCredentials', { optionalName: true })(input, ctx),
      handle: async (input, ctx) => {
        // The model's documentation: AllUsers "cannot be specified together with UserName".
        if (input.AllUsers && input.UserName !== undefined) throw errors.InvalidInput('AllUsers cannot be specified together with UserName.');
        if (!input.AllUsers && !input.UserName && ctx.caller.type === 'root') return { ServiceSpecificCredentials: [], IsTruncated: false };
        const list = await credentials.list(account(ctx), {
          userName: input.AllUsers ? undefined : userNameOf(input, ctx),
          serviceName: input.ServiceName,
          allUsers: input.AllUsers,
        });
        return paged(pageInOrder(list, input), 'ServiceSpecificCredentials', metadata);
      },
    },
    UpdateServiceSpecificCredential: {
      authorize: onCredential('iam:UpdateServiceSpecificCredential'),
      handle: async (input, ctx) => (await credentials.update(account(ctx), userNameOf(input, ctx), input.ServiceSpecificCredentialId, input.Status), {}),
    },
    ResetServiceSpecificCredential: {
      authorize: onCredential('iam:ResetServiceSpecificCredential'),
      handle: async (input, ctx) => ({ ServiceSpecificCredential: withSecret(await credentials.reset(account(ctx), userNameOf(input, ctx), input.ServiceSpecificCredentialId)) }),
    },
    DeleteServiceSpecificCredential: {
      authorize: onCredential('iam:DeleteServiceSpecificCredential'),
      handle: async (input, ctx) => (await credentials.delete(account(ctx), userNameOf(input, ctx), input.ServiceSpecificCredentialId), {}),
    },

    UploadSSHPublicKey: {
      authorize: onUser('iam:UploadSSHPublicKey'),
      handle: async (input, ctx) => {
        const key = await sshKeys.upload(account(ctx), input.UserName, input.SSHPublicKeyBody);
        return { SSHPublicKey: { UserName: key.userName, SSHPublicKeyId: key.keyId, Fingerprint: key.fingerprint, SSHPublicKeyBody: key.body, Status: key.status, UploadDate: key.uploadDate } };
      },
    },
    GetSSHPublicKey: {
      authorize: onUser('iam:GetSSHPublicKey'),
      handle: async (input, ctx) => {
        const key = await sshKeys.get(account(ctx), input.UserName, input.SSHPublicKeyId, input.Encoding);
        return { SSHPublicKey: { UserName: key.userName, SSHPublicKeyId: key.keyId, Fingerprint: key.fingerprint, SSHPublicKeyBody: key.body, Status: key.status, UploadDate: key.uploadDate } };
      },
    },
    ListSSHPublicKeys: {
      authorize: onUser('iam:ListSSHPublicKeys', { optionalName: true }),
      handle: async (input, ctx) => {
        if (!input.UserName && ctx.caller.type === 'root') return { SSHPublicKeys: [], IsTruncated: false };
        const keys = await sshKeys.list(account(ctx), userNameOf(input, ctx));
        return paged(pageInOrder(keys, input), 'SSHPublicKeys', (k) => ({ UserName: k.userName, SSHPublicKeyId: k.keyId, Status: k.status, UploadDate: k.uploadDate }));
      },
    },
    UpdateSSHPublicKey: {
      authorize: onUser('iam:UpdateSSHPublicKey'),
      handle: async (input, ctx) => (await sshKeys.update(account(ctx), input.UserName, input.SSHPublicKeyId, input.Status), {}),
    },
    DeleteSSHPublicKey: {
      authorize: onUser('iam:DeleteSSHPublicKey'),
      handle: async (input, ctx) => (await sshKeys.delete(account(ctx), input.UserName, input.SSHPublicKeyId), {}),
    },

    GetAccessKeyLastUsed: withState({
      // Any key of the caller's account, authorized on the user it belongs to; a key the account does not
      // have (another account's, a temporary one, none) is refused as AWS refuses it, without saying which.
      authorize: async (input: GetAccessKeyLastUsedRequest, ctx: RequestContext) => {
        const owner = await identities.accessKeys.ownerOf(account(ctx), input.AccessKeyId);
        if (!owner) {
          throw commonErrors.AccessDenied(`User: ${ctx.caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${input.AccessKeyId}`);
        }
        return {
          targets: [await authorizationTarget('iam:GetAccessKeyLastUsed', owner.arn, { resourceTags: () => readTags(store.db, account(ctx), 'user', nameKey(owner.userName)) })],
          state: owner,
        };
      },
      handle: async (input, ctx, owner): Promise<GetAccessKeyLastUsedResponse> => {
        await audit.flush();
        const used = await accessKeyLastUse(store.db, input.AccessKeyId);
        return {
          UserName: owner.userName,
          AccessKeyLastUsed: used ? { LastUsedDate: used.date, ServiceName: used.serviceName, Region: used.region } : { ServiceName: 'N/A', Region: 'N/A' },
        };
      },
    }),
  };
}
