// How a linked service tells IAM what uses its service-linked roles. A deletion task asks the
// service that owns the role; the service answers from its own state.

export interface RoleUsageEntry {
  Region: string;
  /** ARNs of the resources in that region that use the role. */
  Resources: string[];
}

/** Resources grouped as RoleUsage.usage reports them: regions in order, each region's ARNs sorted. */
export function usageByRegion(resources: { region: string; arn: string }[]): RoleUsageEntry[] {
  const regions = new Map<string, string[]>();
  for (const r of resources) regions.set(r.region, [...(regions.get(r.region) ?? []), r.arn]);
  return [...regions].sort(([a], [b]) => a.localeCompare(b)).map(([Region, Resources]) => ({ Region, Resources: Resources.sort() }));
}

export interface RoleUsage {
  /** True while the service is using the role right now (a flow run, a conversation): deletion must wait. */
  inUseNow: boolean;
  /** Resources that still need the role, by region; non-empty means deletion fails. */
  usage: RoleUsageEntry[];
}

export interface LinkedService {
  /** What uses `roleName` (a role of this service's principal) in the account. */
  roleUsage(accountId: string, roleName: string): Promise<RoleUsage>;
}

/** Service principal -> the linked service implemented here; services without one have no resources. */
export class LinkedServiceRegistry {
  private readonly services = new Map<string, LinkedService>();

  register(servicePrincipal: string, service: LinkedService): void {
    this.services.set(servicePrincipal, service);
  }

  async roleUsage(servicePrincipal: string, accountId: string, roleName: string): Promise<RoleUsage> {
    const service = this.services.get(servicePrincipal);
    return service ? service.roleUsage(accountId, roleName) : { inUseNow: false, usage: [] };
  }
}
