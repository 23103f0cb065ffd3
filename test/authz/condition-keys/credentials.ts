// Passwords and MFA devices: the keys the Service Authorization Reference documents for them. The login profile
// and MFA-enabling operations act on a user (the `user` resource type: aws:ResourceTag/<key> and
// iam:ResourceTag/<key>, the user's tags); ChangePassword on the calling user itself (the subject, tagged
// team=blue for its case); the virtual MFA device operations on the device (the `mfa` type: its tags), with
// CreateVirtualMFADevice and TagMFADevice's aws:RequestTag/<key> and aws:TagKeys, UntagMFADevice's aws:TagKeys.
import {
  ChangePasswordCommand,
  CreateLoginProfileCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetLoginProfileCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  TagUserCommand,
  UntagMFADeviceCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { next, none, RIGHT_TAG, TAG, tags, untag, user, type Clients, type Row, type Target } from './support.js';

const PASSWORD = 'Known-Pass-1';

/** A fresh virtual MFA device tagged team=blue (and stage=prod). */
async function device(root: Clients, n: number): Promise<Target> {
  const { VirtualMFADevice } = await root.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `device-${n}`, Tags: [{ Key: TAG[0], Value: TAG[1] }, { Key: 'stage', Value: 'prod' }] }));
  return { serial: VirtualMFADevice!.SerialNumber! };
}

/** A user target with a password and a (not yet enabled) device. */
async function userWithDevice(root: Clients, n: number): Promise<Target> {
  const made = await user(root, n);
  await root.iam.send(new CreateLoginProfileCommand({ UserName: made.name, Password: PASSWORD }));
  return { ...made, ...(await device(root, n)) };
}

/** The calling user itself (ChangePassword's target), tagged team=blue, its password known. */
async function subjectsPassword(root: Clients): Promise<Target> {
  await root.iam.send(new TagUserCommand({ UserName: 'subject', Tags: [{ Key: TAG[0], Value: TAG[1] }] }));
  await root.iam.send(new CreateLoginProfileCommand({ UserName: 'subject', Password: PASSWORD })).catch(async (error: Error) => {
    if (error.name !== 'EntityAlreadyExistsException' && error.name !== 'EntityAlreadyExists') throw error;
    await root.iam.send(new UpdateLoginProfileCommand({ UserName: 'subject', Password: PASSWORD }));
  });
  return {};
}

const NO_CODES = { AuthenticationCode1: '000000', AuthenticationCode2: '000001' };

export const rows: Row[] = [
  ...(
    [
      ['CreateLoginProfile', (u, t) => u.iam.send(new CreateLoginProfileCommand({ UserName: t.name, Password: `Other-${PASSWORD}` }))],
      ['GetLoginProfile', (u, t) => u.iam.send(new GetLoginProfileCommand({ UserName: t.name }))],
      ['UpdateLoginProfile', (u, t) => u.iam.send(new UpdateLoginProfileCommand({ UserName: t.name, PasswordResetRequired: true }))],
      ['DeleteLoginProfile', (u, t) => u.iam.send(new DeleteLoginProfileCommand({ UserName: t.name }))],
      ['EnableMFADevice', (u, t) => u.iam.send(new EnableMFADeviceCommand({ UserName: t.name, SerialNumber: t.serial, ...NO_CODES }))],
      ['ResyncMFADevice', (u, t) => u.iam.send(new ResyncMFADeviceCommand({ UserName: t.name, SerialNumber: t.serial, ...NO_CODES }))],
      ['DeactivateMFADevice', (u, t) => u.iam.send(new DeactivateMFADeviceCommand({ UserName: t.name, SerialNumber: t.serial }))],
      ['ListMFADevices', (u, t) => u.iam.send(new ListMFADevicesCommand({ UserName: t.name }))],
      ['GetMFADevice', (u, t) => u.iam.send(new GetMFADeviceCommand({ UserName: t.name, SerialNumber: t.serial }))],
    ] as [string, (u: Clients, t: Target) => Promise<unknown>][]
  ).map(([operation, call]): Row => ({ operation, action: `iam:${operation}`, type: 'user', values: {}, setup: (root, n) => (operation === 'CreateLoginProfile' ? user(root, n) : userWithDevice(root, n)), call })),
  {
    operation: 'ChangePassword',
    action: 'iam:ChangePassword',
    type: 'user',
    values: {},
    setup: subjectsPassword,
    call: (u) => u.iam.send(new ChangePasswordCommand({ OldPassword: PASSWORD, NewPassword: `Changed-${PASSWORD}` })),
  },
  {
    operation: 'CreateVirtualMFADevice',
    action: 'iam:CreateVirtualMFADevice',
    type: 'mfa',
    values: RIGHT_TAG,
    setup: none,
    call: (u) => u.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `new-device-${next()}`, Tags: tags })),
    notApplicable: { 'aws:ResourceTag/${TagKey}': 'the device does not exist before the call, so it has no tags yet (the tags it is created with are aws:RequestTag/*)' },
  },
  { operation: 'DeleteVirtualMFADevice', action: 'iam:DeleteVirtualMFADevice', type: 'mfa', values: {}, setup: device, call: (u, t) => u.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: t.serial })) },
  { operation: 'ListMFADeviceTags', action: 'iam:ListMFADeviceTags', type: 'mfa', values: {}, setup: device, call: (u, t) => u.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: t.serial })) },
  { operation: 'TagMFADevice', action: 'iam:TagMFADevice', type: 'mfa', values: RIGHT_TAG, setup: device, call: (u, t) => u.iam.send(new TagMFADeviceCommand({ SerialNumber: t.serial, Tags: tags })) },
  { operation: 'UntagMFADevice', action: 'iam:UntagMFADevice', type: 'mfa', values: { tagKey: 'extra' }, setup: device, call: (u, t) => u.iam.send(new UntagMFADeviceCommand({ SerialNumber: t.serial, TagKeys: untag })) },
];
