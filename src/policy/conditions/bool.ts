// Bool: `true` or `false`, in any letter case; other request values never match.
import type { OperatorFamily } from './family.js';

export function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

export const bool: OperatorFamily<boolean, boolean> = {
  parsePolicyValue: parseBool,
  parseRequestValue: parseBool,
  matches: (requestValue, policyValue) => requestValue === policyValue,
};
