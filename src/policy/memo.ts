// A bounded memo for parsing request values: the same addresses and dates recur across the statements
// of one request and across requests, and parsing them is the costliest part of those conditions.
export function memoize<T>(parse: (text: string) => T | undefined, limit = 4096): (text: string) => T | undefined {
  const cache = new Map<string, T | undefined>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      value = parse(text);
      if (cache.size >= limit) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}
