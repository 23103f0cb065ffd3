// Opaque paging tokens (NextToken / Marker): the position after the last item of a page, encoded so
// that clients treat it as opaque; a token that does not decode is the caller's mistake.
import { AwsError } from './errors.js';

export function encodePageToken(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodePageToken<T extends Record<string, string | number>>(token: string | undefined, errorCode = 'InvalidRequestException'): T | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    /* fall through */
  }
  throw new AwsError(errorCode, 'The nextToken is not valid.', 400);
}
