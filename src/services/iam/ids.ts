import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  let text = '';
  for (const byte of randomBytes(length)) text += BASE32[byte & 31];
  return text;
}

/** AWS unique ids: a 4-letter prefix naming the kind (AROA role, AIDA user, ANPA policy, AKIA/ASIA keys) and 17 base32 characters. */
export function awsUniqueId(prefix: 'AROA' | 'AIDA' | 'AGPA' | 'ANPA' | 'AIPA' | 'AKIA' | 'ASIA'): string {
  return prefix + base32(17);
}

/** An access key id: AKIA (an IAM user's long-term key) or ASIA (temporary credentials) and 16 base32 characters (20 in all, as AWS's). */
export function accessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + base32(16);
}

/** A 40-character secret access key. */
export function secretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'Y');
}

/**
 * The ids of users' other credentials and of server certificates: a prefix and base32 characters, as long as
 * AWS's (ACCA service-specific credential and ASCA server certificate: 21 in all; APKA SSH public key: 20).
 */
export function credentialId(prefix: 'ACCA' | 'ASCA' | 'APKA'): string {
  return prefix + base32(prefix === 'APKA' ? 16 : 17);
}

/** A signing certificate's id: 28 base32 characters, as AWS's (`TA7SMP42TDN5Z26OBPJE7EXAMPLE`). */
export function signingCertificateId(): string {
  return base32(28);
}
