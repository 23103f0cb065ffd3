// What a statement's principals grant: a service principal in a resource policy without a source
// condition (the confused deputy), a federated principal where only role trust policies take one, IAM
// unique IDs where an ARN lasts, and an OpenID Connect provider (GitHub's in particular) trusted
// without a condition on its claims.
import type { JsonEntry, JsonNode } from '../../../policy/index.js';
import type { CheckContext } from './context.js';
import type { Segment } from './locations.js';
import type { PolicyModel, StatementModel } from './model.js';

/** The keys that name the source a service principal acts for (aws:SourceOrgID and aws:SourceOrgPaths scope it by organization). */
const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];
const GITHUB = 'token.actions.githubusercontent.com';

interface PrincipalValue {
  readonly value: string;
  readonly node: JsonNode;
  readonly path: Segment[];
}

export function checkPrincipalGrants(ctx: CheckContext, policy: PolicyModel): void {
  for (const statement of policy.statements) {
    const entry = statement.principal;
    if (!entry || entry.value.type !== 'object') continue;
    const path = [...statement.path, 'Principal'];
    const keys = conditionEntries(statement);
    for (const kind of entry.value.entries) {
      const values = stringValues(kind, [...path, kind.key]);
      if (kind.key === 'Service' && !ctx.trust && ctx.policyType === 'RESOURCE_POLICY' && statement.effect === 'Allow' && !SOURCE_KEYS.some((k) => keys.has(k))) {
        for (const v of values) ctx.report('RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', [ctx.at(v.path, v.node)]);
      }
      if (kind.key === 'Federated' && !ctx.trust && ctx.policyType === 'RESOURCE_POLICY') ctx.report('FEDERATED_PRINCIPAL_NOT_SUPPORTED', [ctx.atKey(path, kind)]);
      if (kind.key === 'AWS') {
        if (ctx.trust) redundantSessions(ctx, values);
        for (const v of values) {
          if (/^AIDA[0-9A-Z]{4,}$/.test(v.value)) ctx.report('INVALID_USER_REFERENCE', [ctx.at(v.path, v.node)], { userid: v.value });
          else if (/^AROA[0-9A-Z]{4,}$/.test(v.value)) ctx.report('INVALID_ROLE_REFERENCE', [ctx.at(v.path, v.node)], { roleid: v.value });
        }
      }
      if (kind.key === 'Federated' && ctx.trust && statement.effect === 'Allow') {
        for (const v of values) oidcProvider(ctx, v, keys);
      }
    }
  }
}

/** An assumed-role session principal beside its own role (the role's name is the ARN's last segment). */
function redundantSessions(ctx: CheckContext, values: PrincipalValue[]): void {
  const roles = new Map<string, string>();
  for (const v of values) {
    const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(v.value);
    if (role) roles.set(`${role[1]}:${role[2]}:${role[3]}`, v.value);
  }
  for (const v of values) {
    const session = /^arn:([^:]+):(?:sts|iam)::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(v.value);
    const parent = session && roles.get(`${session[1]}:${session[2]}:${session[3]}`);
    if (parent) ctx.report('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', [ctx.at(v.path, v.node)], { redundant_principal: v.value, parent_role: parent });
  }
}

/** An OIDC provider (its host, or its IAM ARN) must be narrowed by a condition on its own claims. */
function oidcProvider(ctx: CheckContext, principal: PrincipalValue, keys: Map<string, ConditionEntry[]>): void {
  const arn = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(principal.value);
  const host = (arn ? arn[1] : principal.value).toLowerCase();
  if (!arn && host !== GITHUB) return;
  if (host === GITHUB) {
    const sub = keys.get(`${GITHUB}:sub`);
    if (!sub) {
      ctx.report('MISSING_GITHUB_REPO_CONDITION_KEY', [ctx.at(principal.path, principal.node)]);
      return;
    }
    for (const { entry, path } of sub) {
      for (const v of stringValues(entry, path)) {
        if (v.value.includes('*')) ctx.report('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', [ctx.at(v.path, v.node)]);
      }
    }
    return;
  }
  if (![...keys.keys()].some((key) => key.startsWith(`${host}:`))) ctx.report('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', [ctx.at(principal.path, principal.node)]);
}

function stringValues(entry: JsonEntry, path: Segment[]): PrincipalValue[] {
  const value = entry.value;
  if (value.type === 'string') return [{ value: value.value as string, node: value, path }];
  if (value.type !== 'array') return [];
  return value.items.flatMap((node, i) => (node.type === 'string' ? [{ value: node.value as string, node, path: [...path, i] }] : []));
}

interface ConditionEntry {
  readonly entry: JsonEntry;
  /** The path of its value. */
  readonly path: Segment[];
}

/** The statement's condition keys (lower case), with their entries. */
function conditionEntries(statement: StatementModel): Map<string, ConditionEntry[]> {
  const keys = new Map<string, ConditionEntry[]>();
  const condition = statement.condition?.value;
  if (condition?.type !== 'object') return keys;
  for (const block of condition.entries) {
    if (block.value.type !== 'object') continue;
    for (const entry of block.value.entries) {
      const key = entry.key.toLowerCase();
      keys.set(key, [...(keys.get(key) ?? []), { entry, path: [...statement.path, 'Condition', block.key, entry.key] }]);
    }
  }
  return keys;
}
