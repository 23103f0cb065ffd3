#!/usr/bin/env node
// Runs the test files under test/ with Node's test runner (Node 20 does not expand globs itself).
//   node scripts/run-tests.mjs                    type-check, the import-cycle check, then every test
//   node scripts/run-tests.mjs --store-dependent  only the tests that use a store (CI runs them again on PostgreSQL)
//   node scripts/run-tests.mjs FILE...            just these files
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Test folders that never touch a store (pure engine tests). */
const STORE_FREE = ['test/policy'];

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const storeDependent = args.includes('--store-dependent');
const named = args.filter((a) => !a.startsWith('--'));
let files = named.length > 0 ? named : findTests('test').sort();
if (storeDependent) files = files.filter((f) => !STORE_FREE.some((dir) => f.startsWith(dir)));
if (named.length === 0 && !storeDependent) {
  const check = spawnSync('npx', ['tsc', '-p', 'tsconfig.check.json'], { stdio: 'inherit' });
  if (check.status !== 0) process.exit(check.status ?? 1);
  // No import cycle in src/ (.dependency-cruiser.cjs): modules, through run-time imports; folders, through any.
  const cycles = spawnSync('npx', ['depcruise', 'src'], { stdio: 'inherit' });
  if (cycles.status !== 0) process.exit(cycles.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  // Every error an operation throws must be one its model lists (src/aws/service.ts, runOperation).
  { stdio: 'inherit', env: { ...process.env, LINKEDROLE_STRICT_ERRORS: '1' } },
);
process.exit(run.status ?? 1);
