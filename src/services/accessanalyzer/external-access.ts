// What a role's trust policy lets principals outside the zone of trust (the account) do: the external
// accesses an analyzer of external access reports as findings. No I/O: the trust policy in, the accesses out.
//
// Outside the zone of trust: another account (its id, its root, its users and roles), anyone ("*"), and
// federated principals (SAML and OIDC providers, web identity providers: their users are no principals of
// the account). AWS services ("Service": a service-linked role trusts only its service) are not external.
// "*" limited by aws:PrincipalAccount / aws:PrincipalArn to the account itself is inside the zone. A Deny
// statement without conditions removes the access it covers; a conditional Deny is not subtracted (the
// access it leaves depends on the request).
import { compileGlob, globMatches } from '../../policy/glob.js';

/** The STS actions a trust policy grants (what a finding on a role lists). */
export const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:SetContext', 'sts:SetSourceIdentity', 'sts:TagSession'] as const;

/** Condition keys that, set to the account itself, keep "*" inside the zone of trust. */
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount']);
/** Condition keys that limit who the principal is: with them "*" is not public. */
const PRINCIPAL_LIMITING_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:userid', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner', 'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce']);

export interface ExternalAccess {
  /** The principal as the policy names it: { AWS: "111122223333" }, { Federated: "..." }, { AWS: "*" }. */
  principal: Record<string, string>;
  action: string[];
  /** The statement's condition keys and their values (several values joined with a comma). */
  condition: Record<string, string>;
  isPublic: boolean;
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

/** The principals of a statement as (type, value) pairs; "*" is { AWS: "*" }. */
function principalsOf(principal: unknown): [string, string][] {
  if (principal === '*') return [['AWS', '*']];
  if (!principal || typeof principal !== 'object') return [];
  return Object.entries(principal as Record<string, unknown>).flatMap(([type, values]) => asList(values).map((v): [string, string] => [type, v]));
}

/** The STS actions the statement's Action / NotAction covers (IAM matches actions case-insensitively). */
function actionsOf(statement: Statement): string[] {
  const covers = (patterns: string[]) => (action: string) => patterns.some((p) => globMatches(compileGlob(p.toLowerCase()), action.toLowerCase()));
  if (statement.Action !== undefined) return TRUST_ACTIONS.filter(covers(asList(statement.Action)));
  if (statement.NotAction !== undefined) return TRUST_ACTIONS.filter((a) => !covers(asList(statement.NotAction))(a));
  return [];
}

/** The account an AWS principal value belongs to (an account id, or an IAM ARN's account), undefined for "*". */
function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

/** The condition's keys with their values, keys as written. */
function conditionEntries(condition: Statement['Condition']): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const operators of Object.values(condition ?? {})) {
    for (const [key, values] of Object.entries(operators ?? {})) out.push([key, asList(values)]);
  }
  return out;
}

function isInsideZone(type: string, value: string, condition: [string, string[]][], accountId: string): boolean {
  if (type === 'Service') return true;
  if (type !== 'AWS') return false;
  if (value !== '*') return accountOf(value) === accountId;
  // "*" narrowed to the account itself by a condition on the principal's (or source's) account or ARN.
  return condition.some(([key, values]) => {
    const k = key.toLowerCase();
    if (ACCOUNT_KEYS.has(k)) return values.length > 0 && values.every((v) => v === accountId);
    if (k === 'aws:principalarn') return values.length > 0 && values.every((v) => accountOf(v) === accountId);
    return false;
  });
}

/** The external accesses a trust policy grants, one per principal and condition (actions merged). */
export function externalAccesses(trustPolicy: string, accountId: string): ExternalAccess[] {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(trustPolicy) as { Statement?: unknown };
  } catch {
    return [];
  }
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).filter((s): s is Statement => !!s && typeof s === 'object');
  const denials = statements
    .filter((s) => s.Effect === 'Deny' && !s.Condition)
    .map((s) => ({ principals: principalsOf(s.Principal), actions: new Set(actionsOf(s)) }));
  const denied = (type: string, value: string, action: string) =>
    denials.some((d) => d.actions.has(action) && d.principals.some(([t, v]) => (t === 'AWS' && v === '*') || (t === type && v === value)));
  const byKey = new Map<string, ExternalAccess>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    const condition = conditionEntries(statement.Condition);
    for (const [type, value] of principalsOf(statement.Principal)) {
      if (isInsideZone(type, value, condition, accountId)) continue;
      const actions = actionsOf(statement).filter((a) => !denied(type, value, a));
      if (actions.length === 0) continue;
      const conditionMap = Object.fromEntries(condition.map(([k, v]) => [k, v.join(',')]));
      const key = JSON.stringify([type, value, Object.entries(conditionMap).sort()]);
      const isPublic = type === 'AWS' && value === '*' && !condition.some(([k]) => PRINCIPAL_LIMITING_KEYS.has(k.toLowerCase()));
      const existing = byKey.get(key);
      if (existing) existing.action = TRUST_ACTIONS.filter((a) => existing.action.includes(a) || actions.includes(a));
      else byKey.set(key, { principal: { [type]: value }, action: actions, condition: conditionMap, isPublic });
    }
  }
  return [...byKey.values()];
}
