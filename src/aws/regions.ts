// Where each service is offered, from data: botocore's endpoint data for the `aws`, `aws-cn` and `aws-us-gov`
// partitions (data/aws-endpoints/endpoints.json, AWS's own table; src/aws/partitions.ts) and, for a service whose AWS documentation page is
// linkedrole's specification, that page's table (data/documented-regions.json: AppIntegrations' seed page).
// A model names its service by `metadata.endpointPrefix` (iam, sts, app-integrations, models-v2-lex, ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../paths.js';
import type { ServiceModel } from './model.js';
import { partitionOfRegion } from './partitions.js';

interface EndpointsFile {
  partitions: {
    partition: string;
    regions: Record<string, { description: string }>;
    services: Record<string, { endpoints: Record<string, { credentialScope?: { region?: string } }>; isRegionalized?: boolean; partitionEndpoint?: string }>;
  }[];
}

interface DocumentedRegionsFile {
  services: Record<string, { source: string; regions?: string[]; regionsOf?: string }>;
}

export interface ServiceRegions {
  /** The regions a request may be signed for, in the data's order (a global service: every region of the partition). */
  readonly regions: readonly string[];
  /**
   * A global service's one region (IAM: us-east-1, its partition endpoint's credential scope): every request
   * is served there, whatever region of the partition the client signed for. Undefined for a regional service.
   */
  readonly globalRegion?: string;
  /** A global service's one region in each partition that offers it (IAM: us-east-1, cn-north-1, us-gov-west-1). */
  readonly globalRegions?: Readonly<Record<string, string>>;
}

const read = <T>(path: string): T => JSON.parse(readFileSync(join(dataDir, path), 'utf8')) as T;
const partitions = read<EndpointsFile>('aws-endpoints/endpoints.json').partitions;
const documented = read<DocumentedRegionsFile>('documented-regions.json').services;

/** The partitions' regions: the only regions a credential scope may name. */
export const PARTITION_REGIONS: readonly string[] = partitions.flatMap((p) => Object.keys(p.regions));
const partitionRegions = new Set(PARTITION_REGIONS);

/** True when `region` is a region of a partition (us-east-1, cn-north-1, us-gov-west-1...), whatever the service. */
export function isPartitionRegion(region: string): boolean {
  return partitionRegions.has(region);
}

/** Where the service with this endpoint prefix is offered; throws for a service neither data file knows. */
export function serviceRegions(endpointPrefix: string): ServiceRegions {
  const doc = Object.hasOwn(documented, endpointPrefix) ? documented[endpointPrefix] : undefined;
  if (doc?.regionsOf) return serviceRegions(doc.regionsOf);
  if (doc?.regions) return { regions: doc.regions };
  const offering = partitions.filter((p) => Object.hasOwn(p.services, endpointPrefix));
  if (offering.length === 0) throw new Error(`linkedrole: no region data for the service '${endpointPrefix}' (data/aws-endpoints, data/documented-regions.json)`);
  const regions: string[] = [];
  const globalRegions: Record<string, string> = {};
  for (const p of offering) {
    const service = p.services[endpointPrefix];
    if (service.isRegionalized === false) {
      const globalRegion = service.endpoints[service.partitionEndpoint ?? '']?.credentialScope?.region;
      if (!globalRegion) throw new Error(`linkedrole: the global service '${endpointPrefix}' has no partition endpoint region in ${p.partition}`);
      globalRegions[p.partition] = globalRegion;
      regions.push(...Object.keys(p.regions));
    } else {
      // Endpoint names that are no region (aws-global, fips-us-east-1, us-east-1-fips) are other hostnames
      // signed for one of the regions listed anyway.
      regions.push(...Object.keys(service.endpoints).filter((name) => Object.hasOwn(p.regions, name)));
    }
  }
  if (Object.keys(globalRegions).length === 0) return { regions };
  return { regions, globalRegion: globalRegions.aws, globalRegions };
}

/** The region a request signed for `region` is served in: a global service's region of that partition, else `region`. */
export function servedRegion(regions: ServiceRegions, region: string): string {
  return regions.globalRegions?.[partitionOfRegion(region)] ?? region;
}

/**
 * The regions of a service API made of several models (Lex V2: models, runtime, channels): they must
 * agree, since the server picks the model only after the region is checked.
 */
export function apiRegions(models: ServiceModel[]): ServiceRegions {
  const [first, ...rest] = models.map((m) => serviceRegions(m.metadata.endpointPrefix));
  for (const other of rest) {
    if (other.globalRegion !== first.globalRegion || [...other.regions].sort().join() !== [...first.regions].sort().join()) {
      throw new Error(`linkedrole: the models ${models.map((m) => m.metadata.endpointPrefix).join(', ')} are offered in different regions`);
    }
  }
  return first;
}
