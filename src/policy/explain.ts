// explain(): the same decision as evaluate(), plus every statement that did not apply and why, the
// context keys that statements about the action read but the request lacked, and a readable account.
import type { Policy, Statement } from './compile.js';
import { conditionKeys, conditionMatches, explainConditionFailure } from './conditions/condition.js';
import { decide, matchedStatement, policySetDecisions, scpsApply, type Outcome, type PolicySource } from './evaluate.js';
import { decideTrust } from './trust.js';
import { lookupContext, type RequestView } from './request.js';
import { matchStatement, Mismatch } from './statement.js';
import type {
  AuthorizationRequest,
  CompiledPolicy,
  ContextValues,
  Decision,
  MatchedStatement,
  PolicyInput,
  UnmatchedStatement,
} from './types.js';
import { parseTemplate, templateKeys } from './variables.js';

export function explain(request: AuthorizationRequest): Decision {
  const outcome = decide(request, true);
  const inputs: [PolicyInput, PolicySource][] = [
    ...(request.identityPolicies ?? []).map((p): [PolicyInput, PolicySource] => [p, 'identity']),
    ...(request.resourcePolicy ? [[request.resourcePolicy, 'resource'] as [PolicyInput, PolicySource]] : []),
    ...(request.permissionsBoundaries ?? []).map((p): [PolicyInput, PolicySource] => [p, 'boundary']),
    ...(request.sessionPolicy ? [[request.sessionPolicy, 'session'] as [PolicyInput, PolicySource]] : []),
    ...(scpsApply(request) ? request.serviceControlPolicies!.flat() : []).map(
      (p): [PolicyInput, PolicySource] => [p, 'scp'],
    ),
  ];
  return explained(outcome, inputs, (request.permissionsBoundaries?.length ?? 0) > 0, request);
}

/** evaluateTrust with explanations. */
export function explainTrust(
  trustPolicy: CompiledPolicy,
  principal: string,
  action = 'sts:AssumeRole',
  context?: ContextValues,
): Decision {
  const outcome = decideTrust(trustPolicy, principal, action, context);
  const input: PolicyInput = { policy: trustPolicy, type: 'resource', id: 'TrustPolicy' };
  return explained(outcome, [[input, 'resource']], false, outcome.view.request);
}

function explained(
  outcome: Outcome,
  inputs: [PolicyInput, PolicySource][],
  hasBoundary: boolean,
  request: AuthorizationRequest,
): Decision {
  const view = outcome.view;
  const unmatched: UnmatchedStatement[] = [];
  const missing = new Set<string>();
  for (const [input, source] of inputs) {
    for (const statement of (input.policy as Policy).statements) {
      const match = matchStatement(statement, view, hasBoundary);
      // Keys a statement about this action reads (conditions, variables in resources) and the request lacks.
      if (match !== Mismatch.Action) {
        for (const key of statementKeys(statement)) if (lookupContext(view, key.toLowerCase()) === undefined) missing.add(key);
      }
      if (match === Mismatch.Action || match === Mismatch.Resource || match === Mismatch.Principal) {
        unmatched.push({ ...matchedStatement(input, source, statement), ...elementMismatch(statement, match, view) });
      } else if (match === Mismatch.Condition) {
        const failures = statement.conditions.filter((c) => !conditionMatches(c, view));
        const detail = failures.map((c) => explainConditionFailure(c, view)).join('; ');
        unmatched.push({ ...matchedStatement(input, source, statement), reason: 'condition', detail });
      }
    }
  }
  const missingContextValues = [...missing];
  const decision: Decision = {
    decision: outcome.decision,
    matchedStatements: outcome.matchedStatements,
    missingContextValues,
    unmatchedStatements: unmatched,
    explanation: renderExplanation(outcome, request, unmatched, missingContextValues),
  };
  if (outcome.boundaryAllowed !== undefined) decision.boundaryAllowed = outcome.boundaryAllowed;
  const sets = policySetDecisions(request, outcome);
  if (sets) decision.policySetDecisions = sets;
  return decision;
}

function statementKeys(statement: Statement): string[] {
  const keys = statement.conditions.flatMap(conditionKeys);
  for (const resource of statement.resources ?? []) if (resource.templates) keys.push(...templateKeys(parseTemplate(resource.source)));
  return keys;
}

function elementMismatch(
  statement: Statement,
  mismatch: Mismatch,
  view: RequestView,
): Pick<UnmatchedStatement, 'reason' | 'detail'> {
  const { syntax } = statement;
  const request = view.request;
  if (mismatch === Mismatch.Action) {
    return statement.actionsNegated
      ? { reason: 'action', detail: `action ${request.action} is excluded by NotAction ${JSON.stringify(syntax.notAction)}` }
      : { reason: 'action', detail: `action ${request.action} is not matched by Action ${JSON.stringify(syntax.action)}` };
  }
  if (mismatch === Mismatch.Resource) {
    const unresolved = statement.resources!.some((r) => r.templates) ? ' (after substituting policy variables)' : '';
    return statement.resourcesNegated
      ? { reason: 'resource', detail: `resource ${request.resource} is excluded by NotResource ${JSON.stringify(syntax.notResource)}` }
      : { reason: 'resource', detail: `resource ${request.resource} is not matched by Resource ${JSON.stringify(syntax.resource)}${unresolved}` };
  }
  return statement.principalNegated
    ? { reason: 'principal', detail: `principal ${request.principal} is excluded by NotPrincipal ${JSON.stringify(syntax.notPrincipal)}` }
    : { reason: 'principal', detail: `principal ${request.principal} is not named by Principal ${JSON.stringify(syntax.principal)}` };
}

const SOURCE_NAMES: Record<PolicySource, string> = {
  identity: 'identity policy',
  resource: 'resource policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
};

export function describeStatement(s: MatchedStatement): string {
  const policy = s.policyId ?? s.policyType ?? '(unnamed)';
  const sid = s.sid ? ` (Sid ${s.sid})` : '';
  return `${SOURCE_NAMES[s.source]} ${policy}, statement ${s.statementIndex}${sid}, ${s.effect}, lines ${s.start.line}-${s.end.line}`;
}

function renderExplanation(
  outcome: Outcome,
  request: AuthorizationRequest,
  unmatched: UnmatchedStatement[],
  missing: string[],
): string {
  const view = outcome.view;
  const accounts = view.isServicePrincipal
    ? 'service principal'
    : view.sameAccount
      ? `same account ${view.principalAccount}`
      : `cross-account: principal account ${view.principalAccount ?? 'unknown'}, resource account ${view.resourceAccount ?? 'unknown'}`;
  const lines = [
    `Decision: ${outcome.decision}`,
    `Request: ${request.principal} calls ${request.action} on ${request.resource} (${accounts})`,
    REASONS[outcome.reason](outcome),
  ];
  if (request.isServiceLinkedRole && (request.serviceControlPolicies?.length ?? 0) > 0) {
    lines.push('Service control policies were not applied: service-linked roles are exempt from them.');
  }
  if (outcome.boundaryAllowed !== undefined) {
    lines.push(`Permissions boundary: ${outcome.boundaryAllowed ? 'allows' : 'does not allow'} the action.`);
  }
  if (outcome.matchedStatements.length > 0) {
    lines.push(outcome.decision === 'explicitDeny' ? 'Denied by:' : 'Allowed by:');
    for (const s of outcome.matchedStatements) lines.push(`  - ${describeStatement(s)}`);
  }
  if (unmatched.length > 0) {
    lines.push('Statements that did not apply:');
    for (const s of unmatched) lines.push(`  - ${describeStatement(s)}: ${s.detail}`);
  }
  if (missing.length > 0) lines.push(`Missing context values: ${missing.join(', ')}`);
  return lines.join('\n');
}

const REASONS: Record<Outcome['reason'], (o: Outcome) => string> = {
  explicitDeny: () => 'An explicit Deny applies; it overrides every Allow.',
  scpNoAllow: (o) =>
    `Implicit deny: no service control policy at organization level ${o.scpLevel} allows the action (every level must allow).`,
  allowedByIdentity: () => 'Allowed: an identity policy allows the action, and no applicable policy denies it.',
  allowedByResource: () =>
    'Allowed: the resource policy grants the principal itself (within an account this suffices; permissions boundaries and session policies do not limit it).',
  allowedByResourceForRole: () =>
    "Allowed: the resource policy grants the session's role, which counts like an identity-policy allow (limited by the permissions boundary and session policy, which allow).",
  allowedCrossAccount: () =>
    "Allowed: a cross-account request, allowed by both the resource policy and the principal's identity policies.",
  allowedByTrust: () => 'Allowed: the trust policy allows the principal to perform the action.',
  noAllow: () => 'Implicit deny: no applicable statement allows the action.',
  boundaryNoAllow: () =>
    "Implicit deny: an identity policy (or a resource policy naming the session's role) allows the action, but the permissions boundary does not (the effective permissions are their intersection).",
  sessionPolicyNoAllow: () =>
    "Implicit deny: an identity policy (or a resource policy naming the session's role) allows the action, but the session policy does not (the effective permissions are their intersection).",
  crossAccountNoResourceAllow: () =>
    'Implicit deny: a cross-account request needs the resource policy to allow the principal, and it does not.',
  crossAccountNoIdentityAllow: () =>
    "Implicit deny: the resource policy allows the principal, but a cross-account request also needs the principal's identity policies to allow, and they do not.",
};
