// The generated API modules (src/aws/generated/) are what scripts/generate-api.mjs makes of the models today:
// regenerated into a temporary folder, every file matches the committed one, and no file is missing or extra.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const committed = join(import.meta.dirname, '../../src/aws/generated');

describe('generated API modules', () => {
  it('are current: `npm run generate` would change nothing', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'linkedrole-generated-'));
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/generate-api.mjs'), '--out', fresh]);
      const files = readdirSync(fresh).sort();
      assert.deepEqual(readdirSync(committed).sort(), files, 'the generated files (run `npm run generate`)');
      assert.ok(files.includes('iam.ts') && files.includes('common.ts'), 'a module per served model and the common errors');
      for (const file of files) {
        assert.equal(readFileSync(join(committed, file), 'utf8'), readFileSync(join(fresh, file), 'utf8'), `src/aws/generated/${file} is stale: run \`npm run generate\``);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
