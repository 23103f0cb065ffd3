// The engine's caches, each an LRU (lru-cache) bounded by the bytes it holds, so that no stream of
// distinct requests or documents can grow the process: compiled documents (parse.ts), parsed request
// values (the same addresses and dates recur across statements and requests; parsing them is the
// costliest part of those conditions), principals' accounts and actions' lowercased names (request.ts),
// and the compiled elements equal statements share (shared.ts).
import { LRUCache } from 'lru-cache';

/** What a cache holds now, for tests and diagnostics. */
export interface CacheStats {
  readonly entries: number;
  /** The estimated bytes its entries hold (keys and values). */
  readonly bytes: number;
  readonly maxBytes: number;
}

/** A string's heap size, at most two bytes a character (V8 keeps Latin-1 text in one). */
export function stringBytes(text: string): number {
  return 2 * text.length;
}

const caches = new Map<string, () => CacheStats>();

/**
 * The stats of every cache the engine keeps, by name (`policies`, `ipAddress`, `date`, `principalAccounts`,
 * `actionNames`, `sharedElements`).
 */
export function engineCacheStats(): Record<string, CacheStats> {
  return Object.fromEntries([...caches].map(([name, stats]) => [name, stats()]));
}

/** Creates a byte-bounded LRU cache and registers it under `name` for engineCacheStats. */
export function boundedCache<V extends {}>(name: string, maxBytes: number, size: (value: V, key: string) => number): LRUCache<string, V> {
  const cache = new LRUCache<string, V>({ maxSize: maxBytes, sizeCalculation: (value, key) => Math.max(1, size(value, key)) });
  caches.set(name, () => ({ entries: cache.size, bytes: cache.calculatedSize, maxBytes }));
  return cache;
}

// lru-cache does not store undefined: a text that does not parse is remembered as this.
const UNPARSED = Symbol('unparsed');
/** Per entry, besides the key's text: the map's and the list's bookkeeping and a small parsed value. */
const ENTRY_BYTES = 160;

/** Memoizes parsing of request values, within `maxBytes` (1 MiB unless given). */
export function memoize<T extends {}>(name: string, parse: (text: string) => T | undefined, maxBytes = 1 << 20): (text: string) => T | undefined {
  const cache = boundedCache<T | typeof UNPARSED>(name, maxBytes, (_value, key) => stringBytes(key) + ENTRY_BYTES);
  // The statements of one request read the same value one after the other: the last one is kept
  // aside, which spares the LRU's bookkeeping on the hot path.
  let lastText: string | undefined;
  let lastValue: T | typeof UNPARSED = UNPARSED;
  return (text) => {
    if (text !== lastText) {
      let value = cache.get(text);
      if (value === undefined) {
        value = parse(text) ?? UNPARSED;
        cache.set(text, value);
      }
      lastText = text;
      lastValue = value;
    }
    return lastValue === UNPARSED ? undefined : lastValue;
  };
}
