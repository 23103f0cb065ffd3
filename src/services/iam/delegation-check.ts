// GetDelegationRequest's DelegationPermissionCheck: whether the caller's own permissions cover what the request's
// permission policy asks, decided by the policy simulator over the caller's policies (a user's, or a role session's
// role's; the root user has every permission). Each action the policy allows is simulated on each resource it
// names. ALLOWED when every one is allowed; UNSURE when the policy asks with conditions, wildcards in actions, or the
// simulation misses context values (AWS: "most likely for cases when the caller has permissions with conditions");
// DENIED otherwise. The check runs synchronously, so its status is COMPLETE (or FAILED when the caller's policies
// cannot be found).
import type { Caller } from '../../aws/service.js';
import type { RoleStore } from './roles.js';
import type { PolicySimulator } from './simulator.js';

export type PermissionCheck = { PermissionCheckStatus: 'COMPLETE'; PermissionCheckResult: 'ALLOWED' | 'DENIED' | 'UNSURE' } | { PermissionCheckStatus: 'FAILED' };

interface Asked {
  actions: string[];
  resources: string[];
  conditional: boolean;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** The Allow statements of a policy document: their actions and resources (NotAction / NotResource cannot be enumerated). */
function asked(document: string): { asks: Asked[]; enumerable: boolean } {
  const policy = JSON.parse(document) as { Statement?: unknown };
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
  let enumerable = true;
  const asks: Asked[] = [];
  for (const s of statements as Record<string, unknown>[]) {
    if (s.Effect !== 'Allow') continue;
    if (s.NotAction !== undefined || s.NotResource !== undefined) {
      enumerable = false;
      continue;
    }
    asks.push({ actions: asList(s.Action), resources: asList(s.Resource), conditional: s.Condition !== undefined });
  }
  return { asks, enumerable };
}

export async function checkDelegatedPermissions(simulator: PolicySimulator, roles: RoleStore, caller: Caller, document: string): Promise<PermissionCheck> {
  if (caller.type === 'root') return { PermissionCheckStatus: 'COMPLETE', PermissionCheckResult: 'ALLOWED' };
  let source: string | undefined;
  if (caller.type === 'user') source = caller.arn;
  else if (caller.type === 'assumed-role') {
    const name = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\//.exec(caller.arn)?.[1];
    source = name ? (await roles.find(caller.accountId, name))?.arn : undefined;
  }
  if (!source) return { PermissionCheckStatus: 'FAILED' };
  const { asks, enumerable } = asked(document);
  let unsure = !enumerable;
  for (const ask of asks) {
    if (ask.conditional) unsure = true;
    const concrete = ask.actions.filter((a) => !a.includes('*') && !a.includes('?'));
    if (concrete.length < ask.actions.length) unsure = true;
    if (concrete.length === 0) continue;
    let answer;
    try {
      answer = await simulator.simulatePrincipal(caller.accountId, { PolicySourceArn: source, ActionNames: concrete, ResourceArns: ask.resources.length > 0 ? ask.resources : undefined });
    } catch {
      return { PermissionCheckStatus: 'FAILED' };
    }
    for (const result of answer.EvaluationResults ?? []) {
      if (result.EvalDecision !== 'allowed') return { PermissionCheckStatus: 'COMPLETE', PermissionCheckResult: (result.MissingContextValues?.length ?? 0) > 0 ? 'UNSURE' : 'DENIED' };
      if ((result.MissingContextValues?.length ?? 0) > 0) unsure = true;
    }
  }
  return { PermissionCheckStatus: 'COMPLETE', PermissionCheckResult: unsure ? 'UNSURE' : 'ALLOWED' };
}
