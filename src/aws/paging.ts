// Opaque paging tokens (NextToken / Marker): the position after the last item of a page, encoded so
// that clients treat it as opaque; a token that does not decode is the caller's mistake.

export function encodePageToken(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a token holds; `invalid` builds the service's error for a token that does not decode. */
export function decodePageToken<T extends Record<string, string | number>>(token: string | undefined, invalid: (message: string) => Error): T | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    /* fall through */
  }
  throw invalid('The nextToken is not valid.');
}
