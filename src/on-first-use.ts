// The one way linkedrole defers a costly module (a big dependency, a service's rarely used part): the
// server's start pays only for what its first request needs (docs/benchmarks.md, Start-up). A module
// loaded this way is imported on the first call and shared by every later one; a load that failed is
// tried again on the next call rather than remembered.

/** `load` (an `import()`), run once, on the first call of the returned function. */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
