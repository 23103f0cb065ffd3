// BinaryEquals: the request's bytes, base64-encoded, against a base64 policy value. Base64 texts are
// decoded so that padding or line breaks do not decide the outcome; invalid base64 never matches.
import type { OperatorFamily } from './family.js';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export function decodeBase64(text: string): string | undefined {
  if (!BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64').toString('latin1');
}

export const binaryEquals: OperatorFamily<string, string> = {
  parsePolicyValue: decodeBase64,
  parseRequestValue: decodeBase64,
  matches: (requestValue, policyValue) => requestValue === policyValue,
};
