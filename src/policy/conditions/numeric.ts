// Numeric operators. IAM accepts integers and decimals; anything else never matches.
import type { OperatorFamily } from './family.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

function numeric(compare: (requestValue: number, policyValue: number) => boolean): OperatorFamily<number, number> {
  return { parsePolicyValue: parseNumber, parseRequestValue: parseNumber, matches: compare };
}

export const numericEquals = numeric((r, p) => r === p);
export const numericLessThan = numeric((r, p) => r < p);
export const numericLessThanEquals = numeric((r, p) => r <= p);
export const numericGreaterThan = numeric((r, p) => r > p);
export const numericGreaterThanEquals = numeric((r, p) => r >= p);
