// The device's side of a virtual MFA device in tests: TOTP codes from the Base32 seed CreateVirtualMFADevice
// answered (otplib, as an authenticator app computes them), and a device made and enabled for a user.
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, type IAMClient } from '@aws-sdk/client-iam';
import { generateSync } from 'otplib';

const STEP_SECONDS = 30;

/** The TOTP time step now, and the device's code at any step. */
export const stepNow = (): number => Math.floor(Date.now() / 1000 / STEP_SECONDS);
export const codeAt = (seed: string, step: number): string => generateSync({ secret: seed, epoch: step * STEP_SECONDS });

/**
 * A virtual MFA device made by `root` and enabled for `userName` with the codes of the two steps before now;
 * the codes of the current and the next step are left for the test (each accepted once).
 */
export async function enabledDevice(root: IAMClient, userName: string, deviceName = `${userName}-device`): Promise<{ serialNumber: string; seed: string; code: (offset?: number) => string }> {
  const { VirtualMFADevice } = await root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName }));
  const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
  const serialNumber = VirtualMFADevice!.SerialNumber!;
  const now = stepNow();
  await root.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber, AuthenticationCode1: codeAt(seed, now - 2), AuthenticationCode2: codeAt(seed, now - 1) }));
  return { serialNumber, seed, code: (offset = 0) => codeAt(seed, now + offset) };
}
