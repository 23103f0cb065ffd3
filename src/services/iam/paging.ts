// IAM's paging: Marker and MaxItems (at most 100 items by default), markers being the position after
// which the next page starts, base64url-encoded; a marker that is not one of ours is InvalidInput.
import { errors } from '../../aws/generated/iam.js';

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export interface PageRequest {
  Marker?: string;
  MaxItems?: number;
}

export const DEFAULT_MAX_ITEMS = 100;

export function encodeMarker(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const decoded = Buffer.from(marker, 'base64url').toString('utf8');
  if (!decoded || encodeMarker(decoded) !== marker) throw errors.InvalidInput('Invalid Marker.');
  return decoded;
}

/** Pages an in-memory list ordered by `key`: the items after the marker's key, at most MaxItems. */
export function pageOf<T>(items: T[], key: (item: T) => string, request: PageRequest): Page<T> {
  const after = decodeMarker(request.Marker);
  const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
  const start = after === undefined ? 0 : items.findIndex((item) => key(item) > after);
  const rest = start === -1 ? [] : items.slice(start);
  const page = rest.slice(0, max);
  const isTruncated = rest.length > max;
  return { items: page, isTruncated, marker: isTruncated ? encodeMarker(key(page[page.length - 1])) : undefined };
}

/** Pages a list kept in its own order (tags, attached policies, versions): the marker is the position. */
export function pageInOrder<T>(items: T[], request: PageRequest): Page<T> {
  const indexed = items.map((item, i) => ({ item, position: String(i).padStart(6, '0') }));
  const page = pageOf(indexed, (x) => x.position, request);
  return { ...page, items: page.items.map((x) => x.item) };
}
