// Date operators. Dates are ISO 8601 (`2024-05-01`, `2024-05-01T12:00:00Z`) or epoch seconds, and are
// compared as instants (milliseconds since the epoch).
import { memoize } from '../memo.js';
import type { OperatorFamily } from './family.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH_SECONDS = /^-?\d+(\.\d+)?$/;

export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  if (!ISO_8601.test(trimmed)) return undefined;
  // A date-time without an offset is UTC in IAM, not local time as Date.parse would read it.
  const withZone = /T|\s/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

const parseRequestDate = memoize('date', parseDate);

function date(compare: (requestValue: number, policyValue: number) => boolean): OperatorFamily<number, number> {
  return { parsePolicyValue: parseDate, parseRequestValue: parseRequestDate, matches: compare };
}

export const dateEquals = date((r, p) => r === p);
export const dateLessThan = date((r, p) => r < p);
export const dateLessThanEquals = date((r, p) => r <= p);
export const dateGreaterThan = date((r, p) => r > p);
export const dateGreaterThanEquals = date((r, p) => r >= p);
