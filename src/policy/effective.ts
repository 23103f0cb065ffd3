// Effective permissions: for one principal's policies, every action of a catalog (the Service
// Authorization Reference's, given by the caller) the policies can allow, on which resources, under which
// conditions and by which statements, and what they deny. Each answer is a decision of the engine (decide):
// the conditions on what the principal fixes (principal-facts.ts: aws:PrincipalArn, aws:PrincipalTag/*, ...)
// are decided by the engine's operators, the others are taken as an Allow's met and a Deny's not applying,
// and those are then reported with the grant, as written. No I/O.
import { actionsMatch, type Policy, type Statement } from './compile.js';
import { decide, matchedStatement, type PolicySource } from './evaluate.js';
import { conditionIsKnown } from './conditions/condition.js';
import { principalKnowledge, type PrincipalFacts, type PrincipalKnowledge } from './principal-facts.js';
import { RequestView, lookupContext } from './request.js';
import { KnownConditions, knownConditions, matchesBesidesConditions, namesActionAndResource } from './statement.js';
import type { AuthorizationRequest, MatchedStatement, PolicyInput } from './types.js';

export type { PrincipalFacts } from './principal-facts.js';

/** One action of the catalog and the ARN formats of its resource types (none: the action takes only `*`). */
export interface CatalogAction {
  /** `iam:PassRole`, in the catalog's case. */
  action: string;
  accessLevel: string;
  /** One entry per ARN format: a type of several formats (Lex's bot, by id or by name) comes once for each. */
  resourceTypes: readonly { name: string; arn: string }[];
}

/** Whose permissions: the principal and the policies the engine decides its calls with. */
export interface PermissionSubject {
  principal: string;
  principalAccount: string;
  partition: string;
  identityPolicies: PolicyInput[];
  permissionsBoundaries?: PolicyInput[];
  sessionPolicy?: PolicyInput;
  isServiceLinkedRole?: boolean;
  /** A resource-based policy to decide with (who-can on a resource that has one). */
  resourcePolicy?: PolicyInput;
  /** What the principal fixes of its requests; without it, every condition is left to the request. */
  facts?: PrincipalFacts;
}

/** A condition block as written in the statement, with the statement it belongs to. */
export interface GrantCondition {
  statement: MatchedStatement;
  /** Operator -> key -> values, as in the document: those the principal does not decide. */
  condition: Record<string, Record<string, string[]>>;
}

export interface Grant {
  /** The resource pattern the grant covers: the statement's, or a resource type's ARN format in the account. */
  resource: string;
  /** The action's resource types the pattern can name (empty for an action that takes only `*`). */
  resourceTypes: string[];
  /** NotResource of the granting statements: every resource of `resource` except these. */
  except: string[];
  /** The conditions of the granting statements the request decides (each must hold); empty: unconditional. */
  conditions: GrantCondition[];
  /** The conditions of the granting statements the principal meets whatever the request (aws:PrincipalTag/team, ...). */
  met: GrantCondition[];
  /** The Deny statements with conditions left to the request that would refuse it when those hold (the conditions shown). */
  deniedWhen: GrantCondition[];
  /** The statements that allowed (identity or resource policy, with the boundary's and session policy's). */
  statements: MatchedStatement[];
}

export interface Refusal {
  resource: string;
  /** explicitDeny: statements deny it; boundary / session: allowed by the identity policies, not by that limit. */
  reason: 'explicitDeny' | 'boundary' | 'session';
  statements: MatchedStatement[];
}

export type EffectiveDecision = 'allowed' | 'conditional' | 'denied' | 'implicitDeny';

export interface ActionPermissions {
  action: string;
  service: string;
  accessLevel: string;
  /** allowed: some grant has no condition; conditional: every grant has some; denied: allowed by a statement, refused by another or a limit. */
  decision: EffectiveDecision;
  grants: Grant[];
  refusals: Refusal[];
}

export interface EffectiveOptions {
  /** Decide only this resource (an ARN or `*`) instead of the resources the statements name. */
  resource?: string;
  /** Also answer the actions nothing allows or denies (implicitDeny), e.g. for one action asked about. */
  includeImplicit?: boolean;
}

interface Candidate {
  resource: string;
  resourceTypes: string[];
}

/** The effective permissions of `subject` for each action of `catalog` (in the catalog's order). */
export function effectivePermissions(subject: PermissionSubject, catalog: readonly CatalogAction[], options: EffectiveOptions = {}): ActionPermissions[] {
  const out: ActionPermissions[] = [];
  const hasBoundary = (subject.permissionsBoundaries?.length ?? 0) > 0;
  const knowledge: PrincipalKnowledge = subject.facts ? principalKnowledge(subject.facts) : { context: {}, known: () => false };
  const variables = new RequestView({ principal: subject.principal, principalAccount: subject.principalAccount, action: 'x:x', resource: '*', context: knowledge.context });
  variables.knownKey = knowledge.known;
  // A service no allowing statement can name is skipped whole: the index of statements by service says so.
  const allowsByService = new Map<string, InputStatement[]>();
  for (const entry of catalog) {
    const colon = entry.action.indexOf(':');
    const service = entry.action.slice(0, colon).toLowerCase();
    let allowing = allowsByService.get(service);
    if (allowing === undefined) {
      allowing = allowingStatements(subject, service, variables);
      allowsByService.set(service, allowing);
    }
    const actionLower = entry.action.toLowerCase();
    const applicable = allowing.filter((a) => actionsMatch(a.statement.actions, actionLower) !== a.statement.actionsNegated);
    if (applicable.length === 0) {
      if (options.includeImplicit) out.push(emptyResult(entry, service));
      continue;
    }
    const candidates = options.resource !== undefined ? askedResource(entry, options.resource, subject) : candidatesOf(entry, [...applicable, ...limitingStatements(subject, service, actionLower, variables)], subject, variables);
    const result: ActionPermissions = { action: entry.action, service, accessLevel: entry.accessLevel, decision: 'implicitDeny', grants: [], refusals: [] };
    for (const candidate of candidates) decideCandidate(subject, knowledge, entry.action, candidate, hasBoundary, result);
    result.decision = result.grants.some((g) => g.conditions.length === 0)
      ? 'allowed'
      : result.grants.length > 0
        ? 'conditional'
        : result.refusals.length > 0
          ? 'denied'
          : 'implicitDeny';
    if (result.decision !== 'implicitDeny' || options.includeImplicit) out.push(result);
  }
  return out;
}

function emptyResult(entry: CatalogAction, service: string): ActionPermissions {
  return { action: entry.action, service, accessLevel: entry.accessLevel, decision: 'implicitDeny', grants: [], refusals: [] };
}

/** A statement with the policy it is in. */
interface InputStatement {
  statement: Statement;
  input: PolicyInput;
}

/** The Allow statements of the identity policies (and the resource policy) that can name an action of `service`. */
function allowingStatements(subject: PermissionSubject, service: string, variables: RequestView): InputStatement[] {
  const found: InputStatement[] = [];
  const inputs = subject.resourcePolicy ? [...subject.identityPolicies, subject.resourcePolicy] : subject.identityPolicies;
  for (const input of inputs) {
    for (const statement of (input.policy as Policy).statementsFor(service)) {
      // One whose condition on what the principal is can never hold grants nothing.
      if (statement.effect === 'Allow' && knownConditions(statement.conditions, variables) !== KnownConditions.Fail) found.push({ statement, input });
    }
  }
  return found;
}

/**
 * The statements that narrow what the allows cover: the Deny statements of every policy set without
 * conditions, or whose conditions the principal meets,
 * and the Allow statements of the permissions boundary and the session policy, about the action. Their
 * resources are decided too, so that a deny of part of what an allow covers (`bucket/secret/*` under `*`),
 * or a boundary allowing only part of it, is reported where it applies.
 */
function limitingStatements(subject: PermissionSubject, service: string, actionLower: string, variables: RequestView): InputStatement[] {
  const found: InputStatement[] = [];
  for (const [input, source] of policySets(subject)) {
    for (const statement of (input.policy as Policy).statementsFor(service)) {
      const known = knownConditions(statement.conditions, variables);
      const limits = statement.effect === 'Deny' ? known === KnownConditions.Hold : (source === 'boundary' || source === 'session') && known !== KnownConditions.Fail;
      if (!limits || statement.resourcesNegated) continue;
      if (actionsMatch(statement.actions, actionLower) !== statement.actionsNegated) found.push({ statement, input });
    }
  }
  return found;
}

/** The resource patterns to decide: each allowing (or denying) statement's Resource entries the action's resource types can match. */
function candidatesOf(entry: CatalogAction, allowing: InputStatement[], subject: PermissionSubject, variables: RequestView): Candidate[] {
  const byResource = new Map<string, Candidate>();
  const add = (resource: string, types: string[]) => {
    const known = byResource.get(resource);
    if (known) for (const t of types) if (!known.resourceTypes.includes(t)) known.resourceTypes.push(t);
    if (!known) byResource.set(resource, { resource, resourceTypes: [...types] });
  };
  const formats = formatsOf(entry, subject);
  for (const { statement } of allowing) {
    const patterns = statement.resourcesNegated || statement.resources === undefined ? undefined : statement.syntax.resource!;
    if (formats.length === 0) {
      // An action that takes no resource type is authorized on `*` alone.
      add('*', []);
      continue;
    }
    if (patterns === undefined || patterns.includes('*')) {
      // `*` or NotResource: every resource of each type in the account (NotResource's exceptions come with the grant).
      for (const f of formats) add(f.shown, [f.name]);
      continue;
    }
    for (const written of patterns) {
      const pattern = resolveVariables(written, variables);
      const types = distinct(formats.filter((f) => arnPatternsIntersect(pattern, f.pattern)).map((f) => f.name));
      if (types.length > 0) add(pattern, types);
    }
  }
  return [...byResource.values()];
}

interface Format {
  name: string;
  /** The format as a pattern of any account, to intersect with statements' patterns. */
  pattern: string;
  /** The format in the principal's account, shown for a statement's `*`. */
  shown: string;
}

// An action's formats as patterns, made once per partition and account (the catalog is shared and long-lived).
const formatCache = new WeakMap<CatalogAction, { key: string; formats: Format[] }>();

function formatsOf(entry: CatalogAction, subject: PermissionSubject): Format[] {
  const key = `${subject.partition}:${subject.principalAccount}`;
  const cached = formatCache.get(entry);
  if (cached?.key === key) return cached.formats;
  const formats = entry.resourceTypes.map((t) => ({ name: t.name, pattern: formatPattern(t.arn, subject.partition, '*'), shown: formatPattern(t.arn, subject.partition, subject.principalAccount) }));
  formatCache.set(entry, { key, formats });
  return formats;
}

/**
 * The one resource asked about, with the action's resource types it can be; none when the action has resource
 * types and the resource is of none of them (`iam:GetRole` on a user), or only `*` and a resource is named
 * (`iam:ListRoles` on a role): the action is not performed on it.
 */
function askedResource(entry: CatalogAction, resource: string, subject: PermissionSubject): Candidate[] {
  const types = distinct(entry.resourceTypes.filter((t) => resource === '*' || arnPatternsIntersect(resource, formatPattern(t.arn, subject.partition, '*'))).map((t) => t.name));
  if (resource !== '*' && types.length === 0) return [];
  return [{ resource, resourceTypes: types }];
}

const distinct = (names: string[]) => [...new Set(names)];

/** An ARN format of the reference (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`) as a pattern. */
export function formatPattern(format: string, partition: string, account: string): string {
  return format.replace(/\$\{([^}]*)\}/g, (_, name: string) => (name === 'Partition' ? partition : name === 'Account' ? account : '*'));
}

/** A Resource pattern's policy variables resolved for the principal (`${aws:username}`); an unknown one stays as written. */
function resolveVariables(pattern: string, variables: RequestView): string {
  if (!pattern.includes('${')) return pattern;
  return pattern.replace(/\$\{([^},]+)(?:,\s*'([^']*)')?\}/g, (whole, key: string, fallback: string | undefined) => {
    const value = lookupContext(variables, key.trim().toLowerCase());
    return typeof value === 'string' ? value : (fallback ?? whole);
  });
}

function decideCandidate(subject: PermissionSubject, knowledge: PrincipalKnowledge, action: string, candidate: Candidate, hasBoundary: boolean, result: ActionPermissions): void {
  const ownAccount = candidate.resource === '*' || !/^arn:[^:]*:[^:]*:[^:]*:\d{12}:/.test(candidate.resource);
  const request: AuthorizationRequest = {
    principal: subject.principal,
    principalAccount: subject.principalAccount,
    action,
    resource: candidate.resource,
    context: knowledge.context,
    ...(ownAccount ? { resourceAccount: subject.principalAccount } : {}),
    identityPolicies: subject.identityPolicies,
    ...(subject.resourcePolicy ? { resourcePolicy: subject.resourcePolicy } : {}),
    ...(hasBoundary ? { permissionsBoundaries: subject.permissionsBoundaries } : {}),
    ...(subject.sessionPolicy ? { sessionPolicy: subject.sessionPolicy } : {}),
    isServiceLinkedRole: subject.isServiceLinkedRole,
  };
  const outcome = decide(request, false, knowledge.known);
  if (outcome.decision === 'explicitDeny') {
    result.refusals.push({ resource: candidate.resource, reason: 'explicitDeny', statements: outcome.matchedStatements });
    return;
  }
  if (outcome.decision === 'implicitDeny') {
    const reason = outcome.reason === 'boundaryNoAllow' ? 'boundary' : outcome.reason === 'sessionPolicyNoAllow' ? 'session' : undefined;
    if (reason) result.refusals.push({ resource: candidate.resource, reason, statements: [] });
    return;
  }
  const statements = outcome.matchedStatements;
  const conditions: GrantCondition[] = [];
  const met: GrantCondition[] = [];
  const except: string[] = [];
  for (const matched of statements) {
    const statement = statementOf(subject, matched);
    if (!statement) continue;
    const remaining = conditionBlock(statement, knowledge.known, false);
    const held = conditionBlock(statement, knowledge.known, true);
    if (remaining) conditions.push({ statement: matched, condition: remaining });
    if (held) met.push({ statement: matched, condition: held });
    if (statement.resourcesNegated) for (const r of statement.syntax.notResource!) if (!except.includes(r)) except.push(r);
  }
  result.grants.push({ resource: candidate.resource, resourceTypes: candidate.resourceTypes, except, conditions, met, deniedWhen: conditionalDenies(subject, outcome.view, hasBoundary), statements });
}

/**
 * The Deny statements that apply to the request but for conditions the request decides (the principal meets
 * the others), with those conditions: a Deny whose condition on the principal fails is not one.
 */
function conditionalDenies(subject: PermissionSubject, view: RequestView, hasBoundary: boolean): GrantCondition[] {
  const found: GrantCondition[] = [];
  for (const [input, source] of policySets(subject)) {
    for (const statement of (input.policy as Policy).statementsFor(view.serviceLower)) {
      if (statement.effect !== 'Deny' || knownConditions(statement.conditions, view) !== KnownConditions.Remain) continue;
      if (matchesBesidesConditions(statement, view, hasBoundary)) found.push({ statement: matchedStatement(input, source, statement), condition: conditionBlock(statement, view.knownKey, false)! });
    }
  }
  return found;
}

function policySets(subject: PermissionSubject): [PolicyInput, PolicySource][] {
  return [
    ...subject.identityPolicies.map((p): [PolicyInput, PolicySource] => [p, 'identity']),
    ...(subject.resourcePolicy ? [[subject.resourcePolicy, 'resource'] as [PolicyInput, PolicySource]] : []),
    ...(subject.permissionsBoundaries ?? []).map((p): [PolicyInput, PolicySource] => [p, 'boundary']),
    ...(subject.sessionPolicy ? [[subject.sessionPolicy, 'session'] as [PolicyInput, PolicySource]] : []),
  ];
}

function statementOf(subject: PermissionSubject, matched: MatchedStatement): Statement | undefined {
  for (const [input, source] of policySets(subject)) {
    if (source !== matched.source || input.id !== matched.policyId) continue;
    const statement = (input.policy as Policy).statements[matched.statementIndex];
    if (statement && statement.start === matched.start) return statement;
  }
  return undefined;
}

type ConditionBlock = Record<string, Record<string, string[]>>;

/** The statement's Condition as written: all of it, or (with `known`) its conditions on known keys or on the others; undefined when none. */
function conditionBlock(statement: Statement): ConditionBlock;
function conditionBlock(statement: Statement, known: (keyLower: string) => boolean, onKnown: boolean): ConditionBlock | undefined;
function conditionBlock(statement: Statement, known?: (keyLower: string) => boolean, onKnown?: boolean): ConditionBlock | undefined {
  const block: ConditionBlock = {};
  let any = false;
  statement.syntax.conditions.forEach((c, i) => {
    // The compiled conditions are the written ones, in the same order (compile.ts).
    if (known && conditionIsKnown(statement.conditions[i], known) !== onKnown) return;
    (block[c.operatorName] ??= {})[c.key] = [...c.values];
    any = true;
  });
  return known && !any ? undefined : block;
}

/** A resource-based policy's statement about an action on its resource, with whom it names. */
export interface ResourcePolicyStatement {
  statement: MatchedStatement;
  /** The Principal (or NotPrincipal) element as written. */
  principal: unknown;
  notPrincipal: boolean;
  condition: Record<string, Record<string, string[]>>;
}

/** The statements of a resource-based policy that name `action` on `resource`, for who-can. */
export function resourcePolicyStatements(input: PolicyInput, action: string, resource: string): ResourcePolicyStatement[] {
  const view = new RequestView({ principal: '*', action, resource });
  return (input.policy as Policy)
    .statementsFor(view.serviceLower)
    .filter((s) => namesActionAndResource(s, view))
    .map((s) => ({
      statement: matchedStatement(input, 'resource', s),
      principal: s.syntax.principal ?? s.syntax.notPrincipal,
      notPrincipal: s.principalNegated,
      condition: conditionBlock(s),
    }));
}

/**
 * Can some ARN match both patterns? Segment by segment (partition, service, region, account, resource),
 * as ARNs match: a wildcard in one of the first five does not reach across its colons. A pattern that is
 * not an ARN (`*`) intersects everything.
 */
export function arnPatternsIntersect(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const sa = arnSegments(a);
  const sb = arnSegments(b);
  if (!sa || !sb) return false;
  for (let i = 0; i < 6; i++) if (!globsIntersect(sa[i], sb[i])) return false;
  return true;
}

function arnSegments(pattern: string): string[] | undefined {
  const parts = pattern.split(':');
  if (parts.length < 6) {
    // An ARN cut short by a final `*` (`arn:aws:sqs:*`): each missing segment is `*`.
    if (parts.length < 3 || !parts[parts.length - 1].endsWith('*')) return undefined;
    while (parts.length < 6) parts.push('*');
    return parts;
  }
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Do two patterns of `*` (any run) and `?` (one character) match some text in common? */
export function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === '*') result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === '*') result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else result = i < a.length && j < b.length && (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
