// docs/coverage.md is generated (scripts/coverage.mjs) from the models and the operations the app serves: it must be
// what the script writes now, so that an operation added, removed or given a summary without regenerating it fails
// here. Also checks the generation itself against facts that do not come from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain ESM script without type declarations
import { coveragePath, renderCoverage } from '../../scripts/coverage.mjs';

describe('docs/coverage.md', () => {
  it('is what scripts/coverage.mjs writes from the models and the served operations (else: npm run coverage)', async () => {
    const expected = (await renderCoverage()) as string;
    const current = readFileSync(coveragePath as string, 'utf8');
    assert.equal(current, expected, 'docs/coverage.md is stale: run `npm run coverage` and commit it');
  });

  it('lists every model operation once, served or not, as the models and the server say', async () => {
    const text = (await renderCoverage()) as string;
    const section = (title: string) => text.split(`## ${title}\n`)[1].split('\n## ')[0];
    const rows = (title: string) => new Map([...section(title).matchAll(/^\| (\w+) \| (yes|no) \|/gm)].map((m) => [m[1], m[2]]));
    const cases: [string, string, number, [string, string][]][] = [
      ['AWS Identity and Access Management (IAM)', 'iam', 176, [['CreateServiceLinkedRole', 'yes'], ['GetRole', 'yes']]],
      ['AWS Security Token Service (STS)', 'sts', 11, [['AssumeRole', 'yes'], ['GetCallerIdentity', 'yes']]],
      ['Amazon Lex V2 model building', 'lexv2-models', 107, [['CreateBot', 'yes']]],
      ['Amazon Lex V2 runtime', 'lexv2-runtime', 6, [['RecognizeText', 'yes']]],
      ['Amazon AppIntegrations', 'appintegrations', 23, [['CreateDataIntegration', 'yes']]],
      ['AWS CloudTrail', 'cloudtrail', 60, [['LookupEvents', 'yes']]],
    ];
    for (const [title, file, count, expected] of cases) {
      const model = JSON.parse(readFileSync(new URL(`../../data/aws-models/${file}.json`, import.meta.url), 'utf8')) as { operations: Record<string, unknown> };
      const listed = rows(title);
      assert.equal(Object.keys(model.operations).length, count, `${file}'s model`);
      assert.deepEqual([...listed.keys()].sort(), Object.keys(model.operations).sort(), title);
      for (const [operation, served] of expected) assert.equal(listed.get(operation), served, `${title}: ${operation}`);
    }
  });
});
