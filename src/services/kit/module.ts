// The contract every linked service implements (src/app.ts composes them all alike): what it serves
// (its API bindings), what it tells IAM about its roles (what uses them, and whether right now), its
// background work, and its own tables (migrations that the store applies with everyone else's before the
// service is created). The platform is what IAM and STS offer a linked service.
import type { Migration } from 'kysely';
import type { AuditTrail } from '../../audit/trail.js';
import type { ServiceApi } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import type { LinkedService, LinkedServiceRegistry } from '../iam/linked-services.js';
import type { Iam } from '../iam/iam.js';
import type { Identities } from '../iam/identities.js';
import type { Role } from '../iam/roles.js';
import type { ServiceLinkedRoles } from '../iam/service-linked-roles.js';
import type { OnBehalf } from '../sts/on-behalf.js';
import type { Worker } from '../../store/workers.js';

/** What a linked service is given: the store, the clock, and IAM's and STS's part of the work. */
export interface LinkedServicePlatform {
  store: Store;
  clock: () => Date;
  /** IAM's role lookup, by name. */
  findRole(accountId: string, roleName: string): Promise<Role | undefined>;
  /** The service-linked role lifecycle: create (ensure), the service's own inline policies. */
  serviceLinkedRoles: ServiceLinkedRoles;
  /** Assuming the service's roles and authorizing its downstream calls through them. */
  onBehalf: OnBehalf;
  /** IAM's roles and policies, read by services that analyze the account (Access Analyzer). */
  iam: Iam;
  /** IAM's users, groups, access keys and login profiles, read likewise. */
  iamIdentities: Identities;
  /** Every authorization decision with its call (what analyses of use read). */
  audit: AuditTrail;
}

/** A linked service, created: `domain` is its state and rules (what tests and other code call). */
export interface ServiceModule<Domain> {
  domain: Domain;
  apis: ServiceApi[];
  /** Service principal -> what uses that principal's roles (IAM's deletion tasks ask). */
  linkedServices: Record<string, LinkedService>;
  workers: Worker[];
}

export interface ServiceModuleDefinition<Domain> {
  /**
   * The service's tables: migrations named `NNNN_<what>`, the number taken after the highest in use in
   * src/store/migrations.ts and every module's, applied with them in name order (a name is never changed
   * once released: stores record what they applied by name).
   */
  migrations: Record<string, Migration>;
  create(platform: LinkedServicePlatform): ServiceModule<Domain>;
}

/** The domain types of a set of module definitions, by the name each is composed under. */
export type DomainsOf<Definitions> = {
  [Name in keyof Definitions]: Definitions[Name] extends ServiceModuleDefinition<infer Domain> ? Domain : never;
};

/**
 * Creates each module on the platform and gathers what they offer: their domains (by name), their API
 * bindings and workers; each registers what uses its roles with IAM's registry.
 */
export function createModules<Definitions extends Record<string, ServiceModuleDefinition<unknown>>>(
  definitions: Definitions,
  platform: LinkedServicePlatform,
  registry: LinkedServiceRegistry,
): { domains: DomainsOf<Definitions>; apis: ServiceApi[]; workers: Worker[] } {
  const domains: Record<string, unknown> = {};
  const apis: ServiceApi[] = [];
  const workers: Worker[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const module = definition.create(platform);
    domains[name] = module.domain;
    apis.push(...module.apis);
    workers.push(...module.workers);
    for (const [principal, service] of Object.entries(module.linkedServices)) registry.register(principal, service);
  }
  return { domains: domains as DomainsOf<Definitions>, apis, workers };
}
