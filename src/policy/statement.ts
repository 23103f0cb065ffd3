// Does one statement apply to a request? Checked cheapest first: action, resource, principal, then
// conditions. The result is a number so that the fast path allocates nothing.
import { arnMatches, type ArnPattern } from './arn.js';
import { actionsMatch, type Statement } from './compile.js';
import { conditionIsKnown, conditionMatches, type CompiledCondition } from './conditions/condition.js';
import { listsPrincipal, matchPrincipal, PrincipalMatch } from './principal.js';
import type { RequestView } from './request.js';

/** Negative results of matchStatement: the first element that did not apply. */
export const enum Mismatch {
  Action = -1,
  Resource = -2,
  Principal = -3,
  Condition = -4,
}

/**
 * A Mismatch (< 0), or how the principal matched (a PrincipalMatch; Direct for statements without a
 * Principal element).
 */
export function matchStatement(statement: Statement, view: RequestView, hasBoundary: boolean): number {
  if (actionsMatch(statement.actions, view.actionLower) === statement.actionsNegated) return Mismatch.Action;
  return matchApplying(statement, view, hasBoundary);
}

/** matchStatement for a statement whose Action element is known to apply (Policy.statementsForAction). */
export function matchApplying(statement: Statement, view: RequestView, hasBoundary: boolean): number {
  const resources = statement.resources;
  if (resources !== undefined && resourcesMatch(statement, view) === statement.resourcesNegated) {
    return Mismatch.Resource;
  }
  const principal = principalMatch(statement, view, hasBoundary);
  if (principal === PrincipalMatch.None) return Mismatch.Principal;
  const conditions = statement.conditions;
  if (view.assumeConditions && conditions.length > 0) {
    const known = knownConditions(conditions, view);
    if (known === KnownConditions.Fail) return Mismatch.Condition;
    return known === KnownConditions.Hold || statement.effect === 'Allow' ? principal : Mismatch.Condition;
  }
  for (let i = 0; i < conditions.length; i++) {
    if (!conditionMatches(conditions[i], view)) return Mismatch.Condition;
  }
  return principal;
}

/** What the conditions on known keys decide (effective permissions): one fails, all hold, or others remain. */
export const enum KnownConditions {
  Fail,
  Hold,
  Remain,
}

export function knownConditions(conditions: readonly CompiledCondition[], view: RequestView): KnownConditions {
  let remain = false;
  for (let i = 0; i < conditions.length; i++) {
    if (!conditionIsKnown(conditions[i], view.knownKey)) remain = true;
    else if (!conditionMatches(conditions[i], view)) return KnownConditions.Fail;
  }
  return remain ? KnownConditions.Remain : KnownConditions.Hold;
}

function resourcesMatch(statement: Statement, view: RequestView): boolean {
  const element = statement.resourceElement!;
  if (element.verdictStamp !== view.stamp) {
    const text = view.resource.text;
    if (!element.literal || element.verdictText !== text) {
      element.verdict = anyResourceMatches(element.patterns, view);
      if (element.literal) element.verdictText = text;
    }
    element.verdictStamp = view.stamp;
  }
  return element.verdict;
}

function anyResourceMatches(resources: readonly ArnPattern[], view: RequestView): boolean {
  for (let i = 0; i < resources.length; i++) if (arnMatches(resources[i], view.resource, view)) return true;
  return false;
}

export function principalMatch(statement: Statement, view: RequestView, hasBoundary: boolean): PrincipalMatch {
  if (!statement.principal) return PrincipalMatch.Direct;
  if (!statement.principalNegated) return matchPrincipal(statement.principal, view);
  // AWS: a Deny with NotPrincipal in a resource policy always denies a principal with a permissions
  // boundary, whatever NotPrincipal lists.
  if (hasBoundary && statement.effect === 'Deny') return PrincipalMatch.Direct;
  return listsPrincipal(statement.principal, view) ? PrincipalMatch.None : PrincipalMatch.Direct;
}

/** Does the statement apply to the request's action, resource and principal, whatever its conditions say? */
export function matchesBesidesConditions(statement: Statement, view: RequestView, hasBoundary: boolean): boolean {
  if (actionsMatch(statement.actions, view.actionLower) === statement.actionsNegated) return false;
  if (statement.resources !== undefined && resourcesMatch(statement, view) === statement.resourcesNegated) return false;
  return principalMatch(statement, view, hasBoundary) !== PrincipalMatch.None;
}

/** Does the statement name the action and the resource (whoever its principal, whatever its conditions)? */
export function namesActionAndResource(statement: Statement, view: RequestView): boolean {
  if (actionsMatch(statement.actions, view.actionLower) === statement.actionsNegated) return false;
  return statement.resources === undefined || resourcesMatch(statement, view) !== statement.resourcesNegated;
}
