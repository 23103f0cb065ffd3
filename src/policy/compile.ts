// Compilation of a validated document: actions lowercased into a set plus wildcard globs, resources
// into ARN patterns, principals into lookup sets, conditions with pre-parsed values. Evaluation then
// never parses again.
import { compileArnPattern, type ArnPattern } from './arn.js';
import { compileCondition, type CompiledCondition } from './conditions/condition.js';
import { compileGlob, globMatches, type Glob } from './glob.js';
import { compilePrincipal, type PrincipalMatcher } from './principal.js';
import type { CompiledPolicy, CompiledStatement, PolicyKind } from './types.js';
import type { DocumentSyntax, StatementSyntax } from './validate.js';
import { shared } from './shared.js';
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
  /** The same patterns, as the element shared by every statement listing them alike (shared.ts). */
  readonly resourceElement: ResourceElement | undefined;
  readonly resourcesNegated: boolean;
  readonly principal: PrincipalMatcher | undefined;
  readonly principalNegated: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** The statement's elements as written, for explanations. */
  readonly syntax: StatementSyntax;
}

/** A Resource (or NotResource) list, with whether some pattern matches the resource of the view stamped. */
export interface ResourceElement {
  readonly patterns: readonly ArnPattern[];
  /** Without policy variables, the verdict depends on the resource's text alone. */
  readonly literal: boolean;
  verdictStamp: number;
  verdict: boolean;
  /** For a literal element: the text the verdict is for (requests come in runs on one resource). */
  verdictText: string | undefined;
}

/** The CompiledPolicy that parsePolicy returns; evaluation reads its compiled statements. */
export interface Policy extends CompiledPolicy {
  readonly statements: readonly Statement[];
  /** The statements that can match an action of this (lowercased) service, in document order. */
  statementsFor(service: string): readonly Statement[];
  /**
   * The statements whose Action (or NotAction) element applies to this lowercased action of that
   * service, in document order: evaluation then checks only their resources, principals and conditions.
   */
  statementsForAction(actionLower: string, serviceLower: string): readonly Statement[];
}

export function compileDocument(document: DocumentSyntax, kind: PolicyKind, source: string): Policy {
  const variablesEnabled = document.version === '2012-10-17';
  const statements = Object.freeze(document.statements.map((s) => compileStatement(s, variablesEnabled)));
  const statementsFor = serviceIndex(statements);
  const statementsForAction = actionIndex(statementsFor, statements.length);
  return Object.freeze({ kind, version: document.version, source, statements, statementsFor, statementsForAction });
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

// A request's action decides which statements' Action elements apply, whatever else the request says:
// the service's statements are filtered once per action and remembered, so that evaluation never
// matches actions again. Requests, not the document, bring the actions: the index is bounded in entries
// and in the statements its own lists hold (a list equal to the service's, or empty, is shared).
const MAX_INDEXED_ACTIONS = 64;
const indexedItems = (statements: number) => 64 + 2 * statements;
const NO_STATEMENTS: readonly Statement[] = Object.freeze([]);

/** At most what a document's action index holds, for the document cache's estimate (parse.ts). */
export function actionIndexBytes(statements: number): number {
  // Per entry: the action's text, the map's slot and an array header; per listed statement, a pointer.
  return MAX_INDEXED_ACTIONS * 160 + 8 * indexedItems(statements);
}

function actionIndex(
  statementsFor: (service: string) => readonly Statement[],
  statementCount: number,
): (actionLower: string, serviceLower: string) => readonly Statement[] {
  const byAction = new Map<string, readonly Statement[]>();
  let items = indexedItems(statementCount);
  return (actionLower, serviceLower) => {
    let applying = byAction.get(actionLower);
    if (applying === undefined) {
      const candidates = statementsFor(serviceLower);
      const found = candidates.filter((s) => actionsMatch(s.actions, actionLower) !== s.actionsNegated);
      const shared = found.length === 0 || found.length === candidates.length;
      applying = found.length === 0 ? NO_STATEMENTS : shared ? candidates : Object.freeze(found);
      if (byAction.size < MAX_INDEXED_ACTIONS && (shared || found.length <= items)) {
        if (!shared) items -= found.length;
        byAction.set(actionLower, applying);
      }
    }
    return applying;
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
  const resourceElement = resources && compileResources(resources, variablesEnabled);
  return Object.freeze({
    index: syntax.index,
    ...(syntax.sid !== undefined && { sid: syntax.sid }),
    effect: syntax.effect,
    start: syntax.start,
    end: syntax.end,
    actions: compileActions(syntax.action ?? syntax.notAction ?? []),
    actionsNegated: syntax.notAction !== undefined,
    resources: resourceElement?.patterns,
    resourceElement,
    resourcesNegated: syntax.notResource !== undefined,
    principal: principal && compilePrincipal(principal),
    principalNegated: syntax.notPrincipal !== undefined,
    conditions: syntax.conditions.map((c) =>
      compileCondition(c.operatorName, c.operator, c.key, c.values, variablesEnabled),
    ),
    syntax,
  });
}

function compileResources(resources: readonly string[], variablesEnabled: boolean): ResourceElement {
  return shared(JSON.stringify(['resources', variablesEnabled, resources]), () => {
    const patterns = resources.map((r) => compileArnPattern(r, variablesEnabled ? parseTemplate(r) : undefined, true));
    return { patterns, literal: patterns.every((p) => !p.templates), verdictStamp: 0, verdict: false, verdictText: undefined };
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
