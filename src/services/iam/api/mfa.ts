// IAM's MFA operations: virtual MFA devices (made, tagged, listed, deleted: permissions on the device's
// serial number, arn:aws:iam::ACCOUNT:mfa/PATH/NAME, with its tags) and their enabling for users (permissions
// on the user, as the Service Authorization Reference names them).
import type { Operations, Tag } from '../../../aws/generated/iam.js';
import type { RequestContext, ServiceOperations } from '../../../aws/service.js';
import type { Store } from '../../../store/database.js';
import { authorizationTarget, type RequestFacts } from '../condition-keys.js';
import type { Identities } from '../identities.js';
import { nameKey, readTags } from '../identity-tags.js';
import { mfaArn, type MfaDevice } from '../mfa.js';
import type { User } from '../users.js';
import { userToWire } from '../wire.js';
import { account, identityTargets, onAll, paged, tagsPage, userNameOf } from './common.js';

const enabledToWire = (device: MfaDevice) => ({ UserName: device.userName!, SerialNumber: device.serialNumber, EnableDate: device.enableDate! });

export function mfaOperations(store: Store, identities: Identities): ServiceOperations<Operations> {
  const { mfa } = identities;
  const { onUser } = identityTargets(store, identities.users, identities.groups, identities.managedPolicies);

  /** A permission on a virtual MFA device, its tags as aws:ResourceTag/*. */
  const onDevice =
    <I extends { SerialNumber: string }>(action: string, facts?: (input: I) => RequestFacts) =>
    async (input: I, ctx: RequestContext) => [
      await authorizationTarget(action, input.SerialNumber, {
        ...facts?.(input),
        resourceTags: () => readTags(store.db, account(ctx), 'mfa', nameKey(input.SerialNumber)),
      }),
    ];

  const virtualToWire = (device: MfaDevice & { user?: User }) => ({
    SerialNumber: device.serialNumber,
    ...(device.user ? { User: userToWire(device.user), EnableDate: device.enableDate } : {}),
  });

  return {
    CreateVirtualMFADevice: {
      authorize: async (input, ctx) => [
        await authorizationTarget('iam:CreateVirtualMFADevice', mfaArn(account(ctx), input.Path ?? '/', input.VirtualMFADeviceName), { requestTags: input.Tags }),
      ],
      handle: async (input, ctx) => {
        const { device, seed, qrCodePng, tags } = await mfa.create(account(ctx), input);
        return {
          VirtualMFADevice: {
            SerialNumber: device.serialNumber,
            Base32StringSeed: Buffer.from(seed, 'ascii'),
            QRCodePNG: qrCodePng,
            ...(tags.length > 0 ? { Tags: tags as Tag[] } : {}),
          },
        };
      },
    },
    EnableMFADevice: {
      authorize: onUser('iam:EnableMFADevice'),
      handle: async (input, ctx) => (await mfa.enable(account(ctx), input.UserName, input.SerialNumber, input.AuthenticationCode1, input.AuthenticationCode2), {}),
    },
    ResyncMFADevice: {
      authorize: onUser('iam:ResyncMFADevice'),
      handle: async (input, ctx) => (await mfa.resync(account(ctx), input.UserName, input.SerialNumber, input.AuthenticationCode1, input.AuthenticationCode2), {}),
    },
    DeactivateMFADevice: {
      authorize: onUser('iam:DeactivateMFADevice', { optionalName: true }),
      handle: async (input, ctx) => (await mfa.deactivate(account(ctx), userNameOf(input, ctx), input.SerialNumber), {}),
    },
    DeleteVirtualMFADevice: {
      authorize: onDevice('iam:DeleteVirtualMFADevice'),
      handle: async (input, ctx) => (await mfa.delete(account(ctx), input.SerialNumber), {}),
    },
    ListMFADevices: {
      authorize: onUser('iam:ListMFADevices', { optionalName: true }),
      handle: async (input, ctx) => {
        // The root user's own devices are not IAM users' devices.
        if (!input.UserName && ctx.caller.type === 'root') return { MFADevices: [], IsTruncated: false };
        return paged(await mfa.listForUser(account(ctx), userNameOf(input, ctx), input), 'MFADevices', enabledToWire);
      },
    },
    ListVirtualMFADevices: {
      authorize: onAll('iam:ListVirtualMFADevices'),
      handle: async (input, ctx) => paged(await mfa.listVirtual(account(ctx), input.AssignmentStatus, input), 'VirtualMFADevices', virtualToWire),
    },
    GetMFADevice: {
      authorize: onUser('iam:GetMFADevice', { optionalName: true }),
      handle: async (input, ctx) => {
        const device = await mfa.get(account(ctx), input.SerialNumber, input.UserName);
        return { SerialNumber: device.serialNumber, UserName: device.userName, EnableDate: device.enableDate };
      },
    },
    TagMFADevice: {
      authorize: onDevice('iam:TagMFADevice', (input) => ({ requestTags: input.Tags })),
      handle: async (input, ctx) => (await mfa.tag(account(ctx), input.SerialNumber, input.Tags), {}),
    },
    UntagMFADevice: {
      authorize: onDevice('iam:UntagMFADevice', (input) => ({ tagKeys: input.TagKeys })),
      handle: async (input, ctx) => (await mfa.untag(account(ctx), input.SerialNumber, input.TagKeys), {}),
    },
    ListMFADeviceTags: {
      authorize: onDevice('iam:ListMFADeviceTags'),
      handle: async (input, ctx) => tagsPage(await mfa.tags(account(ctx), input.SerialNumber), input),
    },
  };
}
