// The catalog of services that have a service-linked role (data/service-linked-roles.json, built by
// scripts/build-slr-catalog.mjs): what CreateServiceLinkedRole makes for each service principal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inCurrentPartition, partition } from '../../aws/partitions.js';
import { dataDir } from '../../paths.js';

export interface LinkedServiceEntry {
  servicePrincipal: string;
  /** The role's name; with a custom suffix it is `<roleName>_<suffix>`. */
  roleName: string;
  customSuffixAllowed: boolean;
  managedPolicyArns: string[];
  /** The description AWS gives the role when the caller gives none (a few services have one). */
  description?: string;
}

interface CatalogFile {
  services: Record<string, Omit<LinkedServiceEntry, 'servicePrincipal'>>;
}

let catalog: Map<string, LinkedServiceEntry> | undefined;

function load(): Map<string, LinkedServiceEntry> {
  if (!catalog) {
    const file = JSON.parse(readFileSync(join(dataDir, 'service-linked-roles.json'), 'utf8')) as CatalogFile;
    catalog = new Map(
      Object.entries(file.services).map(([servicePrincipal, e]) => [
        servicePrincipal,
        { servicePrincipal, roleName: e.roleName, customSuffixAllowed: e.customSuffixAllowed, managedPolicyArns: e.managedPolicyArns, description: e.description },
      ]),
    );
  }
  return catalog;
}

/** The catalog entry of a service principal (case-sensitive, as AWS's service principals are); policy ARNs in the request's partition. */
export function linkedService(servicePrincipal: string): LinkedServiceEntry | undefined {
  const entry = load().get(servicePrincipal);
  return entry && inRequestPartition(entry);
}

export function linkedServices(): LinkedServiceEntry[] {
  return [...load().values()].map(inRequestPartition);
}

/** The catalog holds the `aws` partition's policy ARNs (arn:aws:iam::aws:policy/...); in China, arn:aws-cn:... */
function inRequestPartition(entry: LinkedServiceEntry): LinkedServiceEntry {
  return partition() === 'aws' ? entry : { ...entry, managedPolicyArns: entry.managedPolicyArns.map(inCurrentPartition) };
}

export function serviceLinkedRolePath(servicePrincipal: string): string {
  return `/aws-service-role/${servicePrincipal}/`;
}

/** The trust policy of a service-linked role, serialized as AWS serializes it (string values, not arrays). */
export function serviceLinkedTrustPolicy(servicePrincipal: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: 'sts:AssumeRole' }],
  });
}
