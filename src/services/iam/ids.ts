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
