// Virtual MFA devices through the SDK and the AWS CLI: a real TOTP seed and its QR code, enabling with two
// consecutive codes, resync, deactivation, deletion, tags, the lists; then the codes at work: GetSessionToken
// and AssumeRole verify them (once each), and a session made with MFA carries aws:MultiFactorAuthPresent and
// aws:MultiFactorAuthAge, which policies (Bool, BoolIfExists, NumericLessThan) decide on.
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { LexModelsV2Client, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import QRCode from 'qrcode';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { useTestServer } from '../support/fixture.js';
import { rejectsWith } from '../support/iam.js';
import { codeAt, enabledDevice, stepNow } from '../support/mfa.js';

const ACCOUNT = '123456789012';
const INVALID_CODE = 'Authentication code for device is not valid.';
const NO_DEVICE = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
const WRONG_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

const signedWith = (credentials: Credentials | undefined) => ({
  accessKeyId: credentials!.AccessKeyId!,
  secretAccessKey: credentials!.SecretAccessKey!,
  sessionToken: credentials!.SessionToken!,
});

const statement = (Action: string, Condition?: object, Effect = 'Allow') => ({ Effect, Action, Resource: '*', ...(Condition ? { Condition } : {}) });
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('IAM virtual MFA devices', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  async function user(name: string) {
    await env.iam.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    return { keys, sts: env.client(STSClient, keys), iam: env.client(IAMClient, keys), lex: env.client(LexModelsV2Client, keys) };
  }

  it('CreateVirtualMFADevice: a 64-character Base32 seed and the PNG QR code of otpauth://totp/NAME@ACCOUNT?secret=SEED', async () => {
    const { VirtualMFADevice: device } = await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'first', Path: '/team/', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.equal(device?.SerialNumber, `arn:aws:iam::${ACCOUNT}:mfa/team/first`);
    const seed = Buffer.from(device!.Base32StringSeed!).toString('ascii');
    assert.match(seed, /^[A-Z2-7]{64}$/);
    const png = Buffer.from(device!.QRCodePNG!);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.ok(png.equals(await QRCode.toBuffer(`otpauth://totp/first%40${ACCOUNT}?secret=${seed}`, { type: 'png' })), 'the QR code of the documented URI');
    assert.deepEqual(device?.Tags, [{ Key: 'team', Value: 'blue' }]);
    // Two devices differ in their seeds; a name is taken once.
    const other = (await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'second' }))).VirtualMFADevice!;
    assert.notEqual(Buffer.from(other.Base32StringSeed!).toString('ascii'), seed);
    await rejectsWith(env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'first' })), 'EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.', 409);
    await rejectsWith(env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bad name' })), 'ValidationError', /virtualMFADeviceName|VirtualMFADeviceName/, 400);
  });

  it('EnableMFADevice takes two consecutive codes of the device; lists, GetMFADevice, deactivation and deletion follow', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'gina' }));
    const { VirtualMFADevice } = await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'gina-phone' }));
    const serial = VirtualMFADevice!.SerialNumber!;
    const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    const now = stepNow();
    const enable = (code1: string, code2: string) => env.iam.send(new EnableMFADeviceCommand({ UserName: 'gina', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
    const refusedPairs: [string, string][] = [
      [codeAt(seed, now), codeAt(seed, now)],
      [codeAt(seed, now), codeAt(seed, now - 1)],
      [codeAt(seed, now - 3), codeAt(seed, now - 1)],
      [codeAt(seed, now - 200), codeAt(seed, now - 199)],
      ['000000', '111111'],
    ];
    for (const [code1, code2] of refusedPairs) {
      if (code1 === '000000' && (codeAt(seed, now) === code1 || codeAt(seed, now - 1) === code1)) continue;
      await rejectsWith(enable(code1, code2), 'InvalidAuthenticationCode', INVALID_CODE, 403);
    }
    await rejectsWith(env.iam.send(new EnableMFADeviceCommand({ UserName: 'nobody', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
    assert.deepEqual((await env.iam.send(new ListMFADevicesCommand({ UserName: 'gina' }))).MFADevices, []);
    await enable(codeAt(seed, now - 1), codeAt(seed, now));

    const listed = (await env.iam.send(new ListMFADevicesCommand({ UserName: 'gina' }))).MFADevices!;
    assert.deepEqual(listed.map((d) => [d.UserName, d.SerialNumber, d.EnableDate instanceof Date]), [['gina', serial, true]]);
    const got = await env.iam.send(new GetMFADeviceCommand({ SerialNumber: serial, UserName: 'gina' }));
    assert.deepEqual([got.SerialNumber, got.UserName, got.EnableDate instanceof Date], [serial, 'gina', true]);
    await rejectsWith(env.iam.send(new GetMFADeviceCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/none` })), 'NoSuchEntity', `VirtualMFADevice with serial number arn:aws:iam::${ACCOUNT}:mfa/none doesn't exist.`, 404);
    await rejectsWith(enable(codeAt(seed, now), codeAt(seed, now + 1)), 'EntityAlreadyExists', 'MFA Device is already in use.', 409);

    const assigned = async (status: 'Assigned' | 'Unassigned' | 'Any') =>
      (await env.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status }))).VirtualMFADevices!.filter((d) => d.SerialNumber === serial).map((d) => d.User?.UserName ?? '-');
    assert.deepEqual([await assigned('Assigned'), await assigned('Unassigned'), await assigned('Any')], [['gina'], [], ['gina']]);

    await rejectsWith(env.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.', 409);
    await rejectsWith(env.iam.send(new DeleteUserCommand({ UserName: 'gina' })), 'DeleteConflict', 'Cannot delete entity, must delete MFA device first.', 409);
    await env.iam.send(new DeactivateMFADeviceCommand({ UserName: 'gina', SerialNumber: serial }));
    assert.deepEqual([await assigned('Assigned'), await assigned('Unassigned')], [[], ['-']]);
    await rejectsWith(env.iam.send(new DeactivateMFADeviceCommand({ UserName: 'gina', SerialNumber: serial })), 'NoSuchEntity', `MFA Device with serial number ${serial} does not exist.`, 404);
    await env.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await rejectsWith(env.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`, 404);
    await env.iam.send(new DeleteUserCommand({ UserName: 'gina' }));
  });

  it('ResyncMFADevice accepts two consecutive codes from a device whose clock drifted; wrong ones are refused', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'hank' }));
    const device = await enabledDevice(env.iam, 'hank');
    const now = stepNow();
    const resync = (code1: string, code2: string) => env.iam.send(new ResyncMFADeviceCommand({ UserName: 'hank', SerialNumber: device.serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
    await rejectsWith(resync(codeAt(device.seed, now - 60), codeAt(device.seed, now - 58)), 'InvalidAuthenticationCode', INVALID_CODE, 403);
    await resync(codeAt(device.seed, now - 60), codeAt(device.seed, now - 59));
    await rejectsWith(env.iam.send(new ResyncMFADeviceCommand({ UserName: 'hank', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/other`, AuthenticationCode1: '123456', AuthenticationCode2: '123457' })), 'NoSuchEntity', `MFA Device with serial number arn:aws:iam::${ACCOUNT}:mfa/other does not exist.`, 404);
  });

  it("tags: TagMFADevice merges (keys in any case), UntagMFADevice removes, ListMFADeviceTags pages", async () => {
    const serial = (await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'tagged', Tags: [{ Key: 'a', Value: '1' }] }))).VirtualMFADevice!.SerialNumber!;
    await env.iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'A', Value: '2' }, { Key: 'b', Value: '3' }, { Key: 'c', Value: '4' }] }));
    assert.deepEqual((await env.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: 'A', Value: '2' }, { Key: 'b', Value: '3' }, { Key: 'c', Value: '4' }]);
    await env.iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['B'] }));
    const first = await env.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1 }));
    assert.deepEqual([first.Tags, first.IsTruncated], [[{ Key: 'A', Value: '2' }], true]);
    const rest = await env.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial, Marker: first.Marker }));
    assert.deepEqual([rest.Tags, rest.IsTruncated], [[{ Key: 'c', Value: '4' }], false]);
    await rejectsWith(env.iam.send(new ListMFADeviceTagsCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/none` })), 'NoSuchEntity', `VirtualMFADevice with serial number arn:aws:iam::${ACCOUNT}:mfa/none doesn't exist.`, 404);
  });

  it('ListVirtualMFADevices and ListMFADevices page with MaxItems and Marker, in serial number order', async () => {
    await env.iam.send(new CreateUserCommand({ UserName: 'pager' }));
    const made: string[] = [];
    for (const n of [3, 1, 2]) {
      const name = `page-${n}`;
      made.push((await env.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: '/paging/' }))).VirtualMFADevice!.SerialNumber!);
    }
    for (const n of [1, 2]) await enabledDevice(env.iam, 'pager', `pager-${n}`);
    const serials: string[] = [];
    let marker: string | undefined;
    do {
      const page = await env.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', MaxItems: 2, Marker: marker }));
      assert.ok(page.VirtualMFADevices!.length <= 2);
      serials.push(...page.VirtualMFADevices!.map((d) => d.SerialNumber!));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const paging = serials.filter((s) => s.includes(':mfa/paging/'));
    assert.deepEqual(paging, [...made].sort());
    assert.deepEqual(serials, [...serials].sort(), 'in serial number order');
    const first = await env.iam.send(new ListMFADevicesCommand({ UserName: 'pager', MaxItems: 1 }));
    assert.deepEqual([first.MFADevices!.map((d) => d.SerialNumber), first.IsTruncated], [[`arn:aws:iam::${ACCOUNT}:mfa/pager-1`], true]);
    const rest = await env.iam.send(new ListMFADevicesCommand({ UserName: 'pager', Marker: first.Marker }));
    assert.deepEqual([rest.MFADevices!.map((d) => d.SerialNumber), rest.IsTruncated], [[`arn:aws:iam::${ACCOUNT}:mfa/pager-2`], false]);
    await rejectsWith(env.iam.send(new ListMFADevicesCommand({ UserName: 'pager', Marker: 'not-a-marker' })), 'InvalidInput', 'Invalid Marker.', 400);
  });

  it('GetSessionToken verifies the code: a wrong code, an unknown or foreign device are refused; a code is used once', async () => {
    const ivy = await user('ivy');
    await user('jack');
    const device = await enabledDevice(env.iam, 'ivy');
    const jacks = await enabledDevice(env.iam, 'jack');
    const wrong = device.code() === '000000' ? '111111' : '000000';
    const cases: [object, string][] = [
      [{ SerialNumber: device.serialNumber, TokenCode: wrong }, WRONG_CODE],
      [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/none`, TokenCode: device.code() }, NO_DEVICE],
      [{ SerialNumber: jacks.serialNumber, TokenCode: jacks.code() }, NO_DEVICE],
    ];
    for (const [input, message] of cases) await rejectsWith(ivy.sts.send(new GetSessionTokenCommand(input)), 'AccessDenied', message, 403);
    await rejectsWith(ivy.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber })), 'ValidationError', 'SerialNumber and TokenCode must both be given to use MFA.', 400);
    const { Credentials } = await ivy.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code() }));
    // IAM takes GetSessionToken's credentials once they were made with MFA (the user's policies still decide).
    await rejectsWith(env.client(IAMClient, signedWith(Credentials)).send(new ListUsersCommand({})), 'AccessDenied', /is not authorized to perform: iam:ListUsers/, 403);
    await rejectsWith(ivy.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code() })), 'AccessDenied', WRONG_CODE, 403);
    await ivy.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code(1) }));
    // The root has no MFA device here.
    await rejectsWith(env.client(STSClient).send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code(1) })), 'AccessDenied', NO_DEVICE, 403);
  });

  it('aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge decide: long-term keys, sessions without and with MFA', async () => {
    const kate = await user('kate');
    const device = await enabledDevice(env.iam, 'kate');
    const plain = (await kate.sts.send(new GetSessionTokenCommand({}))).Credentials;
    const withMfa = (await kate.sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: device.code() }))).Credentials;
    const callers = { longTerm: kate.lex, noMfa: env.client(LexModelsV2Client, signedWith(plain)), mfa: env.client(LexModelsV2Client, signedWith(withMfa)) };
    const cases: [string, object[], Record<keyof typeof callers, boolean>][] = [
      ['Bool true', [statement('lex:ListBots', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], { longTerm: false, noMfa: false, mfa: true }],
      ['Bool false', [statement('lex:ListBots', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } })], { longTerm: false, noMfa: true, mfa: false }],
      ['deny BoolIfExists false', [statement('lex:ListBots'), statement('lex:ListBots', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, 'Deny')], { longTerm: false, noMfa: false, mfa: true }],
      ['Null (present)', [statement('lex:ListBots', { Null: { 'aws:MultiFactorAuthPresent': 'false' } })], { longTerm: false, noMfa: true, mfa: true }],
      ['age under an hour', [statement('lex:ListBots', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })], { longTerm: false, noMfa: false, mfa: true }],
      ['age under zero', [statement('lex:ListBots', { NumericLessThan: { 'aws:MultiFactorAuthAge': '0' } })], { longTerm: false, noMfa: false, mfa: false }],
    ];
    for (const [title, statements, expected] of cases) {
      await env.iam.send(new PutUserPolicyCommand({ UserName: 'kate', PolicyName: 'mfa', PolicyDocument: policy(...statements) }));
      for (const [name, client] of Object.entries(callers) as [keyof typeof callers, LexModelsV2Client][]) {
        const outcome = await client.send(new ListBotsCommand({})).then(
          () => true,
          (error: Error) => (error.name === 'AccessDeniedException' ? false : Promise.reject(error)),
        );
        assert.equal(outcome, expected[name], `${title}: ${name}`);
      }
    }
  });

  it('AssumeRole with SerialNumber and TokenCode: the trust policy sees MFA, and the role session carries it', async () => {
    const leo = await user('leo');
    await env.iam.send(new PutUserPolicyCommand({ UserName: 'leo', PolicyName: 'assume', PolicyDocument: policy(statement('sts:AssumeRole')) }));
    const device = await enabledDevice(env.iam, 'leo');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    await env.iam.send(new CreateRoleCommand({ RoleName: 'needs-mfa', AssumeRolePolicyDocument: trust }));
    await env.iam.send(new PutRolePolicyCommand({ RoleName: 'needs-mfa', PolicyName: 'bots', PolicyDocument: policy(statement('lex:ListBots', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })) }));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/needs-mfa`;
    await rejectsWith(leo.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'plain' })), 'AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/leo is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    await rejectsWith(leo.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'wrong', SerialNumber: device.serialNumber, TokenCode: device.code() === '000000' ? '111111' : '000000' })), 'AccessDenied', WRONG_CODE, 403);
    const { Credentials } = await leo.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'with-mfa', SerialNumber: device.serialNumber, TokenCode: device.code() }));
    assert.ok((await env.client(LexModelsV2Client, signedWith(Credentials)).send(new ListBotsCommand({}))).botSummaries);
    // Temporary credentials of the user (a session token made without MFA) give the user's device's code too.
    const plain = (await leo.sts.send(new GetSessionTokenCommand({}))).Credentials;
    const chained = await env.client(STSClient, signedWith(plain)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'from-session', SerialNumber: device.serialNumber, TokenCode: device.code(1) }));
    assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/needs-mfa/from-session`);
  });

  it('the AWS CLI: create-virtual-mfa-device writes the seed to its outfile; enable-mfa-device; list-virtual-mfa-devices', async () => {
    const endpoint = env.server.url;
    await awsCliJson(endpoint, ['iam', 'create-user', '--user-name', 'mia']);
    const outfile = join(env.server.dataDir, 'mia.seed');
    const created = await awsCliJson(endpoint, ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'mia-phone', '--outfile', outfile, '--bootstrap-method', 'Base32StringSeed']);
    const serial = created.VirtualMFADevice.SerialNumber;
    assert.equal(serial, `arn:aws:iam::${ACCOUNT}:mfa/mia-phone`);
    const seed = readFileSync(outfile, 'ascii');
    assert.match(seed, /^[A-Z2-7]{64}$/);
    const now = stepNow();
    await awsCliJson(endpoint, ['iam', 'enable-mfa-device', '--user-name', 'mia', '--serial-number', serial, '--authentication-code1', codeAt(seed, now - 1), '--authentication-code2', codeAt(seed, now)]);
    const listed = await awsCliJson(endpoint, ['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Assigned']);
    assert.deepEqual(listed.VirtualMFADevices.filter((d: { SerialNumber: string }) => d.SerialNumber === serial).map((d: { User: { UserName: string } }) => d.User.UserName), ['mia']);
    // The user's own CLI: get-session-token with the device's next code, then IAM with those credentials.
    const key = (await awsCliJson(endpoint, ['iam', 'create-access-key', '--user-name', 'mia'])).AccessKey;
    const asMia = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    const session = (await awsCliJson(endpoint, ['sts', 'get-session-token', '--serial-number', serial, '--token-code', codeAt(seed, now + 1)], asMia)).Credentials;
    const asSession = { AWS_ACCESS_KEY_ID: session.AccessKeyId, AWS_SECRET_ACCESS_KEY: session.SecretAccessKey, AWS_SESSION_TOKEN: session.SessionToken };
    assert.equal((await awsCliJson(endpoint, ['sts', 'get-caller-identity'], asSession)).Arn, `arn:aws:iam::${ACCOUNT}:user/mia`);
    assert.match((await awsCli(endpoint, ['iam', 'list-mfa-devices'], asSession)).stderr, /AccessDenied.*iam:ListMFADevices/);
  });
});
