// Compilation of a validated document: actions lowercased into a set plus wildcard globs, resources
// into ARN patterns, principals into lookup sets, conditions with pre-parsed values. Evaluation then
// never parses again.
import { compileArnPattern, type ArnPattern } from './arn.js';
import { compileCondition, type CompiledCondition } from './conditions/condition.js';
import { compileGlob, globMatches, type Glob } from './glob.js';
import { compilePrincipal, type PrincipalMatcher } from './principal.js';
import type { CompiledPolicy, CompiledStatement, PolicyKind } from './types.js';
import type { DocumentSyntax, StatementSyntax } from './validate.js';
import { parseTemplate } from './variables.js';

/** Actions, lowercased: exact names in a set, wildcard patterns as globs. */
export interface ActionMatcher {
  readonly any: boolean;
  readonly exact: ReadonlySet<string>;
  readonly globs: readonly Glob[];
}

export interface Statement extends CompiledStatement {
  readonly actions: ActionMatcher;
  /** True for NotAction. */
  readonly actionsNegated: boolean;
  /** Absent in trust policies, which have no Resource element. */
  readonly resources: readonly ArnPattern[] | undefined;
  readonly resourcesNegated: boolean;
  readonly principal: PrincipalMatcher | undefined;
  readonly principalNegated: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** The statement's elements as written, for explanations. */
  readonly syntax: StatementSyntax;
}

/** The CompiledPolicy that parsePolicy returns; evaluation reads its compiled statements. */
export interface Policy extends CompiledPolicy {
  readonly statements: readonly Statement[];
  /** The statements that can match an action of this (lowercased) service, in document order. */
  statementsFor(service: string): readonly Statement[];
}

export function compileDocument(document: DocumentSyntax, kind: PolicyKind, source: string): Policy {
  const variablesEnabled = document.version === '2012-10-17';
  const statements = Object.freeze(document.statements.map((s) => compileStatement(s, variablesEnabled)));
  return Object.freeze({ kind, version: document.version, source, statements, statementsFor: serviceIndex(statements) });
}

// Large policy sets name many services; indexing statements by the service of their actions lets
// evaluation skip, without looking, every statement about another service. Filled lazily, one entry per
// service the document names; every other service shares the statements of any service (NotAction,
// wildcard services), so requests cannot grow the index beyond what the document itself names.
const MAX_INDEXED_SERVICES = 64;

function serviceIndex(statements: readonly Statement[]): (service: string) => readonly Statement[] {
  const byService = new Map<string, readonly Statement[]>();
  const services = statements.map((s) => (s.actionsNegated ? undefined : statementServices(s.syntax.action!)));
  const named = new Set(services.flatMap((s) => (s ? [...s] : [])));
  let anyService: readonly Statement[] | undefined;
  return (service) => {
    let candidates = byService.get(service);
    if (candidates === undefined) {
      candidates = named.has(service)
        ? statements.filter((_, i) => services[i] === undefined || services[i]!.has(service))
        : (anyService ??= statements.filter((_, i) => services[i] === undefined));
      // Bounded, so that what the cache's estimate counts for the document stays what it holds.
      if (byService.size < MAX_INDEXED_SERVICES) byService.set(service, candidates);
    }
    return candidates;
  };
}

/** The services a statement's actions name; undefined when a wildcard service makes it any service. */
function statementServices(actions: readonly string[]): Set<string> | undefined {
  const services = new Set<string>();
  for (const action of actions) {
    const service = action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
    if (service === '' || /[*?]/.test(service)) return undefined;
    services.add(service);
  }
  return services;
}

function compileStatement(syntax: StatementSyntax, variablesEnabled: boolean): Statement {
  const resources = syntax.resource ?? syntax.notResource;
  const principal = syntax.principal ?? syntax.notPrincipal;
  return Object.freeze({
    index: syntax.index,
    ...(syntax.sid !== undefined && { sid: syntax.sid }),
    effect: syntax.effect,
    start: syntax.start,
    end: syntax.end,
    actions: compileActions(syntax.action ?? syntax.notAction ?? []),
    actionsNegated: syntax.notAction !== undefined,
    resources: resources?.map((r) => compileArnPattern(r, variablesEnabled ? parseTemplate(r) : undefined, true)),
    resourcesNegated: syntax.notResource !== undefined,
    principal: principal && compilePrincipal(principal),
    principalNegated: syntax.notPrincipal !== undefined,
    conditions: syntax.conditions.map((c) =>
      compileCondition(c.operatorName, c.operator, c.key, c.values, variablesEnabled),
    ),
    syntax,
  });
}

export function compileActions(patterns: readonly string[]): ActionMatcher {
  const exact = new Set<string>();
  const globs: Glob[] = [];
  let any = false;
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower === '*') any = true;
    else if (/[*?]/.test(lower)) globs.push(compileGlob(lower));
    else exact.add(lower);
  }
  return { any, exact, globs };
}

/** Does a lowercased action match? */
export function actionsMatch(matcher: ActionMatcher, actionLower: string): boolean {
  if (matcher.any || matcher.exact.has(actionLower)) return true;
  for (const glob of matcher.globs) if (globMatches(glob, actionLower)) return true;
  return false;
}
