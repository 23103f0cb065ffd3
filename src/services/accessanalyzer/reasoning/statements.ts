// A policy's statements as formulas over one symbolic request, mirroring src/policy/statement.ts: a
// statement applies when its actions (or NotAction), resources (or NotResource), principal (or
// NotPrincipal) and every condition hold; a policy allows when an Allow applies and no Deny does.
import type { ArnPattern } from '../../../policy/arn.js';
import type { ActionMatcher, Policy, Statement } from '../../../policy/compile.js';
import { STAR } from '../../../policy/glob.js';
import { conditionFormula, setOperatorKey } from './conditions.js';
import { principalListed, principalMatches } from './principals.js';
import type { Regex } from './regex.js';
import type { SymbolicRequest } from './request.js';
import type { Formula } from './solver.js';

export interface PolicyFormulas {
  /** Per statement, in document order: does it apply to the request? */
  applies: Formula[];
  /** Some Deny applies. */
  denied: Formula;
  /** Some Allow applies and no Deny does. */
  allowed: Formula;
}

export function policyFormulas(policy: Policy, request: SymbolicRequest): PolicyFormulas {
  const z = request.z;
  const applies = policy.statements.map((statement) => statementApplies(statement, request));
  const of = (effect: 'Allow' | 'Deny') => {
    const formulas = applies.filter((_, i) => policy.statements[i].effect === effect);
    return formulas.length === 0 ? z.Bool.val(false) : z.Or(...formulas);
  };
  const denied = of('Deny');
  return { applies, denied, allowed: z.And(of('Allow'), z.Not(denied)) };
}

/** How many list slots each context key needs across the policies (see request.ts). */
export function slotCounts(policies: readonly Policy[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const policy of policies) {
    for (const statement of policy.statements) {
      for (const condition of statement.conditions) {
        const key = setOperatorKey(condition);
        if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

export function statementApplies(statement: Statement, request: SymbolicRequest): Formula {
  const z = request.z;
  const parts: Formula[] = [];
  const actions = actionsMatch(statement.actions, request);
  parts.push(statement.actionsNegated ? z.Not(actions) : actions);
  if (statement.resources !== undefined) {
    const resources = resourcesMatch(statement.resources, request);
    parts.push(statement.resourcesNegated ? z.Not(resources) : resources);
  }
  if (statement.principal) {
    parts.push(statement.principalNegated ? z.Not(principalListed(statement.principal, request)) : principalMatches(statement.principal, request));
  }
  for (const condition of statement.conditions) parts.push(conditionFormula(condition, request));
  return z.And(...parts);
}

export function actionsMatch(matcher: ActionMatcher, request: SymbolicRequest): Formula {
  const z = request.z;
  if (matcher.any) return z.Bool.val(true);
  const options: Formula[] = [...matcher.exact].map((action) => request.equals(request.action, action));
  for (const glob of matcher.globs) options.push(request.glob(request.action, glob.atoms));
  return options.length === 0 ? z.Bool.val(false) : z.Or(...options);
}

function resourcesMatch(resources: readonly ArnPattern[], request: SymbolicRequest): Formula {
  const z = request.z;
  const options = resources.map((pattern) => resourceMatches(pattern, request));
  return options.length === 0 ? z.Bool.val(false) : z.Or(...options);
}

/** arnMatches of the engine: a whole-text glob (`*`), six segment globs, or segments with variables. */
export function resourceMatches(pattern: ArnPattern, request: SymbolicRequest): Formula {
  const z = request.z;
  const patterns = request.patterns;
  if (pattern.whole) return request.glob(request.resource, pattern.whole.atoms);
  if (pattern.segments) return request.arn(request.resource, pattern.segments);
  if (pattern.templates && pattern.templates.length === 6) {
    // A variable's value is literal text within its segment: it is at most a `*` there.
    const segments: Regex[] = pattern.templates.map((segment, i) => {
      const char = i < 5 ? patterns.segmentChar : patterns.anyChar;
      if ('kind' in segment) return patterns.glob(segment, char);
      return patterns.atoms(segment.parts.map((part) => (typeof part === 'object' ? STAR : part)), char);
    });
    return request.approximate(`resource ${JSON.stringify(pattern.source)}`, undefined, request.inRe(request.resource, patterns.arn(segments)));
  }
  return z.Bool.val(false);
}

