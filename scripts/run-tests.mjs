#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner (Node 20 does not expand globs itself),
// after a type check of src, test and bench (tsx runs TypeScript without checking types).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : findTests('test').sort();
if (only.length === 0) {
  const check = spawnSync('npx', ['tsc', '-p', 'tsconfig.check.json'], { stdio: 'inherit' });
  if (check.status !== 0) process.exit(check.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
