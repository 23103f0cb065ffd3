// AWS partitions (aws, aws-cn, aws-us-gov): which regions each holds, from botocore's endpoint data
// (data/aws-endpoints/endpoints.json), and the partition of the request being answered, which every ARN this
// server makes carries: `arn:${partition()}:...`. The partition follows the region the request is signed for
// (cn-north-1 -> aws-cn, us-gov-west-1 -> aws-us-gov); work outside a request (background tasks, start-up) is in
// `aws`. One request's partition is held in an AsyncLocalStorage (Node's own; no library does this for us): the
// dispatcher runs each request in it (inRequestPartition) from the region its credential scope names, so that the
// ARN builders need no partition parameter threaded through every call. ARN parsers accept the three
// partitions with the literal `arn:aws(?:-cn|-us-gov)?:` in their regular expressions.
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../paths.js';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

interface EndpointsFile {
  partitions: { partition: string; regions: Record<string, unknown> }[];
}

const file = JSON.parse(readFileSync(join(dataDir, 'aws-endpoints', 'endpoints.json'), 'utf8')) as EndpointsFile;
const regionPartition = new Map<string, Partition>();
for (const p of file.partitions) for (const region of Object.keys(p.regions)) regionPartition.set(region, p.partition as Partition);

/** The partitions of the endpoint data, in its order (aws first). */
export const PARTITIONS: readonly Partition[] = file.partitions.map((p) => p.partition as Partition);

/** The partition a region belongs to; `aws` for a name no partition lists. */
export function partitionOfRegion(region: string | undefined): Partition {
  return (region !== undefined && regionPartition.get(region)) || 'aws';
}

const storage = new AsyncLocalStorage<{ partition: Partition }>();

/** The partition of the request being answered (`aws` outside one). */
export function partition(): Partition {
  return storage.getStore()?.partition ?? 'aws';
}

/**
 * Runs `fn` as one request in the partition of `region` (the region its credential scope names; `aws` when it names
 * none). A request in `aws` that is in no other partition's context already (the usual case) runs without entering
 * the storage: `partition()` answers `aws` there all the same. This matters for speed, not behaviour: on Node 20 the
 * first `run` of an AsyncLocalStorage installs promise hooks that then cost every promise of every request (about
 * 40 µs of a GetRole's CPU, docs/benchmarks.md), so a server that only ever answers the `aws` partition never
 * installs them, and one that has answered aws-cn or aws-us-gov pays for them from then on.
 */
export function inRequestPartition<T>(region: string | undefined, fn: () => T): T {
  const p = partitionOfRegion(region);
  if ((storage.getStore()?.partition ?? 'aws') === p) return fn();
  return storage.run({ partition: p }, fn);
}

/** The same ARN in the current partition (`arn:aws:iam::aws:policy/X` -> `arn:aws-cn:iam::aws:policy/X` in China). */
export function inCurrentPartition(arn: string): string {
  return withPartition(arn, partition());
}

/** The same ARN in `p`; a string that is no ARN is returned unchanged. */
export function withPartition(arn: string, p: Partition): string {
  const m = /^arn:[^:]*:/.exec(arn);
  return m ? `arn:${p}:${arn.slice(m[0].length)}` : arn;
}

/** The partition an ARN names, or undefined for one of no known partition. */
export function partitionOfArn(arn: string): Partition | undefined {
  const name = /^arn:([^:]*):/.exec(arn)?.[1];
  return PARTITIONS.find((p) => p === name);
}
