import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS unique ids: a 4-letter prefix naming the kind (AROA role, AIDA user, ANPA policy, AKIA/ASIA keys) and 17 base32 characters. */
export function awsUniqueId(prefix: 'AROA' | 'AIDA' | 'AGPA' | 'ANPA' | 'AKIA' | 'ASIA'): string {
  const bytes = randomBytes(17);
  let id = prefix;
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}
