// Equal elements share one compiled object, whatever document they are in: an account's policies
// repeat the same Resource lists and conditions many times over (`*`, a bucket, aws:SecureTransport,
// a team tag), and a shared element remembers its verdict for the request being decided, so that a
// decision reading fifty policies decides each distinct element once. A verdict is kept with the
// RequestView's stamp (request.ts), unique per view: it never answers for another request.
import type { LRUCache } from 'lru-cache';
import { boundedCache, stringBytes } from './memo.js';

/**
 * Bytes per character of an element's key, for what a shared element holds once no document refers to
 * it any more: the document estimate's 48 (parse.ts), plus the entry's bookkeeping.
 */
const BYTES_PER_KEY_CHARACTER = 48;
const ENTRY_BYTES = 160;
export const SHARED_ELEMENTS_BYTES = 16 * 1024 * 1024;

const elements: LRUCache<string, object> = boundedCache<object>(
  'sharedElements',
  SHARED_ELEMENTS_BYTES,
  (_value, key) => stringBytes(key) + BYTES_PER_KEY_CHARACTER * key.length + ENTRY_BYTES,
);

/** The shared element for `key` (a text naming the element's kind and content), compiled once by `make`. */
export function shared<T extends object>(key: string, make: () => T): T {
  let element = elements.get(key) as T | undefined;
  if (element === undefined) {
    element = make();
    elements.set(key, element);
  }
  return element;
}
