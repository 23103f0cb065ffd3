// Virtual MFA devices: a TOTP seed (RFC 6238: SHA-1, 6 digits, 30-second steps, as AWS's virtual devices and
// every authenticator app use; otplib computes the codes), made by CreateVirtualMFADevice with its Base32 seed
// and the QR code of its otpauth URI (the qrcode package), enabled for one user with two consecutive codes,
// then asked for a code by GetSessionToken, AssumeRole and console sign-in. A code is accepted in the step it
// belongs to or the one on either side, and never twice: the device remembers the last step a code was
// used at, and a conditional UPDATE takes it, so two servers cannot both accept one code.
import { generateSecret, generateSync } from 'otplib';
import type { AwsError } from '../../aws/errors.js';
import { errors, type Tag } from '../../aws/generated/iam.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { MfaDeviceRow } from '../../store/schema.js';
import { onFirstUse } from '../../on-first-use.js';

/** qrcode (with its PNG encoder) is loaded by the first CreateVirtualMFADevice, not at start. */
const loadQrCode = onFirstUse(async () => (await import('qrcode')).default);
import { addTags, checkTags, deleteTags, nameKey, readTags, removeTags, tagQuota, TAGS_PER_ENTITY, writeTags } from './identity-tags.js';
import { pageOf, type Page, type PageRequest } from './paging.js';
import type { User, Users } from './users.js';
import { partition } from '../../aws/partitions.js';

/** TOTP's time step (seconds). */
export const TOTP_STEP_SECONDS = 30;
/** A seed of 40 random bytes: 64 Base32 characters, the length of AWS's Base32StringSeed. */
const SEED_BYTES = 40;
/** IAM's quota of MFA devices per user. */
const DEVICES_PER_USER = 8;
/** EnableMFADevice looks for the two codes in the last five minutes (and the next step). */
const ENABLE_WINDOW_STEPS = 10;
/** ResyncMFADevice looks further: the device's clock may have drifted (up to an hour either way). */
const RESYNC_WINDOW_STEPS = 120;

export interface MfaDevice {
  accountId: string;
  serialNumber: string;
  name: string;
  path: string;
  createDate: Date;
  /** The user it is enabled for. */
  userName?: string;
  enableDate?: Date;
  lastUsedDate?: Date;
}

export function mfaArn(accountId: string, path: string, name: string): string {
  return `arn:${partition()}:iam::${accountId}:mfa${path}${name}`;
}

/** The code a device shows at a time step (for tests and tools: the device's side of TOTP). */
export function codeAt(seed: string, step: number): string {
  return generateSync({ secret: seed, epoch: step * TOTP_STEP_SECONDS });
}

const stepOf = (time: Date): number => Math.floor(time.getTime() / 1000 / TOTP_STEP_SECONDS);

function invalidCode(): AwsError {
  return errors.InvalidAuthenticationCode('Authentication code for device is not valid.');
}

function noSuchDevice(serialNumber: string): AwsError {
  return errors.NoSuchEntity(`VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
}

/** The otpauth URI AWS documents for the QR code: otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String. */
export function otpauthUri(deviceName: string, accountName: string, seed: string): string {
  // Hand-written: otplib's generateURI always adds an issuer, which AWS's documented URI has not.
  return `otpauth://totp/${encodeURIComponent(`${deviceName}@${accountName}`)}?secret=${seed}`;
}

export class MfaDevices {
  constructor(
    private readonly store: Store,
    private readonly users: Users,
    private readonly clock: () => Date,
  ) {}

  private fromRow(row: MfaDeviceRow, userName?: string): MfaDevice {
    const name = row.serial_number.slice(row.serial_number.lastIndexOf('/') + 1);
    return {
      accountId: row.account_id,
      serialNumber: row.serial_number,
      name,
      path: row.path,
      createDate: new Date(row.create_date),
      userName,
      enableDate: row.enable_date ? new Date(row.enable_date) : undefined,
      lastUsedDate: row.last_used_date ? new Date(row.last_used_date) : undefined,
    };
  }

  private async row(accountId: string, serialNumber: string, db: Db | Tx = this.store.db): Promise<MfaDeviceRow | undefined> {
    return db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).where('account_id', '=', accountId).executeTakeFirst();
  }

  private async userNameOf(accountId: string, userKey: string | null, db: Db | Tx = this.store.db): Promise<string | undefined> {
    if (!userKey) return undefined;
    const row = await db.selectFrom('iam_users').select('user_name').where('account_id', '=', accountId).where('name_key', '=', userKey).executeTakeFirst();
    return row?.user_name;
  }

  /** CreateVirtualMFADevice: the device, its seed and its QR code (shown once, as AWS does). */
  async create(accountId: string, input: { VirtualMFADeviceName: string; Path?: string; Tags?: Tag[] }): Promise<{ device: MfaDevice; seed: string; qrCodePng: Buffer; tags: Tag[] }> {
    const path = input.Path ?? '/';
    const tags = checkTags(input.Tags ?? []);
    if (tags.length > TAGS_PER_ENTITY) throw tagQuota('mfa');
    const seed = generateSecret({ length: SEED_BYTES });
    const serialNumber = mfaArn(accountId, path, input.VirtualMFADeviceName);
    const now = this.clock();
    await this.store.transaction(async (tx) => {
      const taken = await tx.selectFrom('iam_mfa_devices').select('serial_number').where('account_id', '=', accountId).where('name_key', '=', nameKey(input.VirtualMFADeviceName)).executeTakeFirst();
      if (taken) throw errors.EntityAlreadyExists('MFADevice entity at the same path and name already exists.');
      await tx
        .insertInto('iam_mfa_devices')
        .values({
          serial_number: serialNumber,
          account_id: accountId,
          name_key: nameKey(input.VirtualMFADeviceName),
          path,
          seed,
          create_date: now.toISOString(),
          user_key: null,
          enable_date: null,
          last_used_step: null,
          last_used_date: null,
        })
        .execute();
      await writeTags(tx, accountId, 'mfa', nameKey(serialNumber), tags);
    });
    const qrCodePng = await (await loadQrCode()).toBuffer(otpauthUri(input.VirtualMFADeviceName, accountId, seed), { type: 'png' });
    return { device: { accountId, serialNumber, name: input.VirtualMFADeviceName, path, createDate: now }, seed, qrCodePng, tags };
  }

  /** The step of `code1` when `code1` then `code2` are the device's codes at two consecutive steps near now. */
  private consecutive(seed: string, code1: string, code2: string, window: number): number | undefined {
    const now = stepOf(this.clock());
    for (let step = now - window; step <= now + 1; step++) {
      if (codeAt(seed, step) === code1 && codeAt(seed, step + 1) === code2) return step + 1;
    }
    return undefined;
  }

  /** EnableMFADevice: the device is the user's once two consecutive codes prove the user holds it. */
  async enable(accountId: string, userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await this.users.get(accountId, userName, tx);
      const row = await this.row(accountId, serialNumber, tx);
      if (!row) throw noSuchDevice(serialNumber);
      if (row.user_key) throw errors.EntityAlreadyExists('MFA Device is already in use.');
      const owned = await tx.selectFrom('iam_mfa_devices').select('serial_number').where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).execute();
      if (owned.length >= DEVICES_PER_USER) throw errors.LimitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${DEVICES_PER_USER}`);
      const step = this.consecutive(row.seed, code1, code2, ENABLE_WINDOW_STEPS);
      if (step === undefined) throw invalidCode();
      await tx
        .updateTable('iam_mfa_devices')
        .set({ user_key: nameKey(user.userName), enable_date: this.clock().toISOString(), last_used_step: step })
        .where('serial_number', '=', serialNumber)
        .execute();
    });
  }

  /** ResyncMFADevice: two consecutive codes of the user's device, looked for over a wider window. */
  async resync(accountId: string, userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { row } = await this.usersDevice(tx, accountId, userName, serialNumber);
      const step = this.consecutive(row.seed, code1, code2, RESYNC_WINDOW_STEPS);
      if (step === undefined) throw invalidCode();
      await tx.updateTable('iam_mfa_devices').set({ last_used_step: Math.max(step, row.last_used_step ?? 0) }).where('serial_number', '=', serialNumber).execute();
    });
  }

  private async usersDevice(tx: Tx, accountId: string, userName: string, serialNumber: string): Promise<{ user: User; row: MfaDeviceRow }> {
    const user = await this.users.get(accountId, userName, tx);
    const row = await this.row(accountId, serialNumber, tx);
    if (!row || row.user_key !== nameKey(user.userName)) throw errors.NoSuchEntity(`MFA Device with serial number ${serialNumber} does not exist.`);
    return { user, row };
  }

  /** DeactivateMFADevice: the device is no longer the user's (a virtual device stays, Unassigned). */
  async deactivate(accountId: string, userName: string, serialNumber: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.usersDevice(tx, accountId, userName, serialNumber);
      await tx.updateTable('iam_mfa_devices').set({ user_key: null, enable_date: null }).where('serial_number', '=', serialNumber).execute();
    });
  }

  /** DeleteVirtualMFADevice: refused while the device is enabled for a user. */
  async delete(accountId: string, serialNumber: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await this.row(accountId, serialNumber, tx);
      if (!row) throw noSuchDevice(serialNumber);
      if (row.user_key) throw errors.DeleteConflict('MFA VirtualDevice in use. Must deactivate first.');
      await deleteTags(tx, accountId, 'mfa', nameKey(serialNumber));
      await tx.deleteFrom('iam_mfa_devices').where('serial_number', '=', serialNumber).execute();
    });
  }

  /** The devices enabled for a user, in serial number order. */
  async ofUser(accountId: string, userName: string, db: Db | Tx = this.store.db): Promise<MfaDevice[]> {
    const user = await this.users.get(accountId, userName, db);
    const rows = await db.selectFrom('iam_mfa_devices').selectAll().where('account_id', '=', accountId).where('user_key', '=', nameKey(user.userName)).orderBy('serial_number').execute();
    return rows.map((r) => this.fromRow(r, user.userName));
  }

  async listForUser(accountId: string, userName: string, request: PageRequest): Promise<Page<MfaDevice>> {
    return pageOf(await this.ofUser(accountId, userName), (d) => d.serialNumber, request);
  }

  /** ListVirtualMFADevices: every virtual device of the account, or those Assigned / Unassigned. */
  async listVirtual(accountId: string, status: 'Assigned' | 'Unassigned' | 'Any' = 'Any', request: PageRequest = {}): Promise<Page<MfaDevice & { user?: User }>> {
    let query = this.store.db.selectFrom('iam_mfa_devices').selectAll().where('account_id', '=', accountId);
    if (status === 'Assigned') query = query.where('user_key', 'is not', null);
    if (status === 'Unassigned') query = query.where('user_key', 'is', null);
    const rows = await query.orderBy('serial_number').execute();
    const devices: (MfaDevice & { user?: User })[] = [];
    for (const row of rows) {
      const userName = await this.userNameOf(accountId, row.user_key);
      const user = userName ? await this.users.find(accountId, userName) : undefined;
      devices.push({ ...this.fromRow(row, userName), user });
    }
    return pageOf(devices, (d) => d.serialNumber, request);
  }

  /** GetMFADevice: a device of the account (with UserName, one enabled for that user). */
  async get(accountId: string, serialNumber: string, userName?: string): Promise<MfaDevice> {
    const row = await this.row(accountId, serialNumber);
    const owner = row ? await this.userNameOf(accountId, row.user_key) : undefined;
    if (!row || (userName !== undefined && owner?.toLowerCase() !== userName.toLowerCase())) throw noSuchDevice(serialNumber);
    return this.fromRow(row, owner);
  }

  async exists(accountId: string, serialNumber: string): Promise<boolean> {
    return (await this.row(accountId, serialNumber)) !== undefined;
  }

  async tags(accountId: string, serialNumber: string): Promise<Tag[]> {
    if (!(await this.row(accountId, serialNumber))) throw noSuchDevice(serialNumber);
    return readTags(this.store.db, accountId, 'mfa', nameKey(serialNumber));
  }

  async tag(accountId: string, serialNumber: string, tags: Tag[]): Promise<void> {
    const incoming = checkTags(tags);
    await this.store.transaction(async (tx) => {
      if (!(await this.row(accountId, serialNumber, tx))) throw noSuchDevice(serialNumber);
      await addTags(tx, accountId, 'mfa', nameKey(serialNumber), incoming);
    });
  }

  async untag(accountId: string, serialNumber: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await this.row(accountId, serialNumber, tx))) throw noSuchDevice(serialNumber);
      await removeTags(tx, accountId, 'mfa', nameKey(serialNumber), tagKeys);
    });
  }

  /**
   * A code from the user's device, for GetSessionToken, AssumeRole and console sign-in: 'no-device' when the
   * serial number is not a device enabled for that user, 'invalid' when the code is not the device's now (or
   * was used already); else the code is used up.
   */
  async verify(accountId: string, userName: string, serialNumber: string, code: string): Promise<'ok' | 'no-device' | 'invalid'> {
    const user = await this.users.find(accountId, userName);
    const row = user ? await this.row(accountId, serialNumber) : undefined;
    if (!user || !row || row.user_key !== nameKey(user.userName)) return 'no-device';
    const now = stepOf(this.clock());
    const step = [now, now - 1, now + 1].find((s) => codeAt(row.seed, s) === code);
    if (step === undefined || step <= (row.last_used_step ?? -1)) return 'invalid';
    // Taken only if no other request took this step (or a later one) first.
    const taken = await this.store.db
      .updateTable('iam_mfa_devices')
      .set({ last_used_step: step, last_used_date: this.clock().toISOString() })
      .where('serial_number', '=', serialNumber)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? 'ok' : 'invalid';
  }
}
