// Scalars sent as text (Query parameters; REST URI labels, query strings and headers), read by their shape.
import type { ConstraintViolation } from '../errors.js';
import type { Shape } from '../model.js';

/**
 * Text as the stores can keep it: PostgreSQL text cannot hold NUL, so a NUL in any input string becomes
 * U+FFFD on every store alike (a lookup by such a name then finds nothing, instead of failing).
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function decodeScalar(shape: Shape, raw: string, path: string, out: ConstraintViolation[]): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = Number(raw);
      const ok = raw.trim() !== '' && Number.isFinite(n) && (shape.type === 'double' || shape.type === 'float' || Number.isInteger(n));
      if (!ok) out.push({ path, value: raw, constraint: `Member must be a valid ${shape.type}` });
      return ok ? n : undefined;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') out.push({ path, value: raw, constraint: 'Member must be a boolean' });
      return raw === 'true';
    case 'timestamp': {
      const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      if (Number.isNaN(date.getTime())) out.push({ path, value: raw, constraint: 'Member must be a valid timestamp' });
      return date;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return withoutNul(raw);
  }
}
