// Paging for the linked services' List operations, on the wire's opaque tokens (aws/paging.ts): the
// NextToken after a page read by key (the next page's query starts after its last row), and a page of a
// list already in memory (by offset).
import { decodePageToken, encodePageToken } from '../../aws/paging.js';

/** The error a service answers for a token that does not decode (each service has its own code). */
export type InvalidToken = (message: string) => Error;

/** The rows of a page read with `limit + 1`, and the NextToken (the position of its last row) when more follow. */
export function nextPageToken<T>(rows: T[], limit: number, position: (last: T) => Record<string, string | number>): { items: T[]; nextToken?: string } {
  const items = rows.slice(0, limit);
  return { items, nextToken: rows.length > limit ? encodePageToken(position(items[items.length - 1])) : undefined };
}

/** One page of an already filtered and sorted list. */
export function offsetPage<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, defaultSize: number, invalid: InvalidToken): { items: T[]; nextToken?: string } {
  const position = decodePageToken<{ offset: number }>(nextToken, invalid);
  const offset = position ? Number(position.offset) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The nextToken is not valid.');
  const size = maxResults ?? defaultSize;
  const slice = items.slice(offset, offset + size);
  return { items: slice, nextToken: offset + size < items.length ? encodePageToken({ offset: offset + size }) : undefined };
}
