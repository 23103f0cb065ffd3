// The `linkedrole` command as one ES module with its dependencies (esbuild), written over tsc's
// dist/src/cli.js (the package's `bin`): loading ~800 small modules one by one (resolving, reading and
// compiling each) was most of `linkedrole serve`'s start; one file is read and compiled once. What is
// loaded on first use (`import()`: the console, each command's module, src/on-first-use.ts) becomes a
// chunk of its own in dist/src/chunks/, loaded when it is. Kept out: better-sqlite3 (a native addon),
// z3-solver (WebAssembly beside its JavaScript) and pg (optional native bindings), required from
// node_modules as before. The source map points at src/*.ts (node --enable-source-maps).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/src/chunks', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/src',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'z3-solver', 'pg'],
  sourcemap: true,
  // Whitespace and syntax only (names are kept, so stack traces name functions): less source to read,
  // compile and keep in memory. node --enable-source-maps maps its positions back to src/*.ts.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcesContent: false,
  // The CommonJS dependencies bundled into an ES module still call require() (node's own modules).
  banner: { js: "import { createRequire as __linkedroleRequire } from 'node:module';\nconst require = __linkedroleRequire(import.meta.url);" },
  logLevel: 'warning',
});
