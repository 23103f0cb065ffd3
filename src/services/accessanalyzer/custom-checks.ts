// The custom policy checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess), decided by
// Z3 over the policy language (reasoning/): a check passes only when Z3 proves that no request, with any
// principal, resource and context, gets the access in question; the reasons name each Allow statement
// that can grant some of it. Where the encoding is not exact it admits more requests, never fewer, so a
// PASS stays true (docs/insight.md).
import { errors, type AccessCheckPolicyType, type AccessCheckResourceType, type ReasonSummary } from '../../aws/generated/accessanalyzer.js';
import type { Policy } from '../../policy/compile.js';
import { parsePolicy, policySize, type PolicyKind } from '../../policy/index.js';
import { outsiderConstraints } from './reasoning/outsider.js';
import { SymbolicRequest } from './reasoning/request.js';
import { satisfiableAmong, SolverBusy, SolverQueue, type Budget, type Formula, type Z3 } from './reasoning/solver.js';
import { actionsMatch, policyFormulas, resourceMatches, slotCounts } from './reasoning/statements.js';

export interface CheckResult {
  result: 'PASS' | 'FAIL';
  message: string;
  reasons: ReasonSummary[];
}

export interface AccessToCheck {
  actions?: string[];
  resources?: string[];
}

const MESSAGES = {
  accessNotGranted: {
    PASS: 'The policy document does not grant access to perform one or more of the listed actions.',
    FAIL: 'The policy document grants access to perform one or more of the listed actions.',
  },
  noNewAccess: {
    PASS: 'The modified permissions do not grant new access compared to your existing policy.',
    FAIL: 'The modified permissions grant new access compared to your existing policy.',
  },
  noPublicAccess: {
    PASS: 'The resource policy does not grant public access for the given resource type.',
    FAIL: 'The resource policy grants public access for the given resource type.',
  },
};

/**
 * The largest policy a check takes, in characters other than whitespace: an identity policy as large as
 * a managed policy may be (6,144), a resource policy as large as the largest resource policy of AWS's
 * documented quotas, an S3 bucket policy's 20 KB (20,480). The solver's work grows with the policy; this
 * bounds it per request. AWS documents no quota of its own for the checks: the texts are linkedrole's.
 */
export const CHECK_SIZE_LIMITS = { identity: 6144, resource: 20480 };

/** The custom checks, one at a time on the process's Z3, served in turn by account (SolverQueue). */
export class CustomChecks {
  constructor(private readonly queue: SolverQueue = new SolverQueue()) {}

  /** FAIL when the new policy allows some request the existing one does not. */
  checkNoNewAccess(caller: string, newDocument: string, existingDocument: string, policyType: AccessCheckPolicyType): Promise<CheckResult> {
    const newPolicy = parseDocument(newDocument, kindOf(policyType), 'newPolicyDocument');
    const existing = parseDocument(existingDocument, kindOf(policyType), 'existingPolicyDocument');
    return this.solve(caller, async (z, budget) => {
      const request = new SymbolicRequest(z, slotCounts([newPolicy, existing]));
      const granted = policyFormulas(newPolicy, request);
      const before = policyFormulas(existing, request);
      const reasons = await grantingStatements(z, newPolicy, granted.applies, [z.Not(granted.denied), z.Not(before.allowed)], request, 'New access in the statement with index: ', budget);
      return verdict(MESSAGES.noNewAccess, reasons);
    });
  }

  /** FAIL when some listed action (on some listed resource) can be allowed. */
  checkAccessNotGranted(caller: string, document: string, access: AccessToCheck[], policyType: AccessCheckPolicyType): Promise<CheckResult> {
    const policy = parseDocument(document, kindOf(policyType), 'policyDocument');
    const scopes = access.map(accessScope);
    if (scopes.length === 0) {
      throw errors.ValidationException('access must contain at least one item with actions or resources.', { reason: 'fieldValidationFailed' });
    }
    return this.solve(caller, async (z, budget) => {
      const request = new SymbolicRequest(z, slotCounts([policy]));
      const formulas = policyFormulas(policy, request);
      const scope = z.Or(...scopes.map((s) => scopeFormula(s, request)));
      const reasons = await grantingStatements(z, policy, formulas.applies, [z.Not(formulas.denied), scope], request, 'One or more of the listed actions or resources in the statement with index: ', budget);
      return verdict(MESSAGES.accessNotGranted, reasons);
    });
  }

  /** FAIL when the resource policy allows a principal of an account it does not name (the public). */
  checkNoPublicAccess(caller: string, document: string, resourceType: AccessCheckResourceType): Promise<CheckResult> {
    const kind: PolicyKind = resourceType === 'AWS::IAM::AssumeRolePolicyDocument' ? 'trust' : 'resource';
    const policy = parseDocument(document, kind, 'policyDocument');
    return this.solve(caller, async (z, budget) => {
      const request = new SymbolicRequest(z, slotCounts([policy]), true);
      const formulas = policyFormulas(policy, request);
      const outsider = outsiderConstraints(policy, request);
      const reasons = await grantingStatements(z, policy, formulas.applies, [z.Not(formulas.denied), ...outsider], request, 'Public access granted in the following statement with index: ', budget);
      return verdict(MESSAGES.noPublicAccess, reasons);
    });
  }

  private async solve(caller: string, work: (z: Z3, budget: Budget) => Promise<CheckResult>): Promise<CheckResult> {
    try {
      return await this.queue.run(caller, work);
    } catch (error) {
      if (error instanceof SolverBusy) throw errors.ThrottlingException(error.message, { retryAfterSeconds: error.retryAfterSeconds });
      throw error;
    }
  }
}

function verdict(messages: { PASS: string; FAIL: string }, reasons: ReasonSummary[]): CheckResult {
  const result = reasons.length > 0 ? 'FAIL' : 'PASS';
  return { result, message: messages[result], reasons };
}

/**
 * Each Allow statement that applies to some request meeting `given` (no Deny applies, plus the check's
 * own question): the access is granted exactly when one of them is, so the check FAILs exactly when
 * this list is not empty.
 */
async function grantingStatements(
  z: Z3,
  policy: Policy,
  applies: Formula[],
  given: Formula[],
  request: SymbolicRequest,
  description: string,
  budget: Budget,
): Promise<ReasonSummary[]> {
  const allows = policy.statements.filter((s) => s.effect === 'Allow');
  // Assumptions last: encoding the formulas above registered every bound they need.
  const granting = await satisfiableAmong(z, [...given, ...request.assumptions()], allows.map((s) => applies[s.index]), budget);
  return allows
    .filter((_, i) => granting[i])
    .map((statement) => ({
      description: `${description}${statement.index}.`,
      statementIndex: statement.index,
      ...(statement.sid !== undefined && { statementId: statement.sid }),
    }));
}

function kindOf(policyType: AccessCheckPolicyType): PolicyKind {
  return policyType === 'IDENTITY_POLICY' ? 'identity' : 'resource';
}

const MISSING_RESOURCE = 'Policy statement must contain resources.';

/**
 * The document compiled by the engine's own parser, or AWS's InvalidParameterException naming the first
 * broken rule. A resource policy's statement may leave out Resource (AWS's examples do: the policy is
 * attached to the resource); it then applies to any resource.
 */
function parseDocument(text: string, kind: PolicyKind, member: string): Policy {
  const limit = kind === 'identity' ? CHECK_SIZE_LIMITS.identity : CHECK_SIZE_LIMITS.resource;
  const size = policySize(text);
  if (size > limit) {
    throw errors.ValidationException(`${member} is too large: ${size} characters other than whitespace, of at most ${limit} for ${kind === 'identity' ? 'an identity' : 'a resource'} policy.`, { reason: 'fieldValidationFailed' });
  }
  let parsed = parsePolicy(text, kind);
  if (!parsed.ok && kind === 'resource' && parsed.errors.every((e) => e.rule === 'Resource' && e.message === MISSING_RESOURCE)) {
    const document = JSON.parse(text) as { Statement: Record<string, unknown> | Record<string, unknown>[] };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    const withResources = statements.map((s) => ('Resource' in s || 'NotResource' in s ? s : { ...s, Resource: '*' }));
    parsed = parsePolicy({ ...document, Statement: Array.isArray(document.Statement) ? withResources : withResources[0] }, kind);
  }
  if (!parsed.ok) {
    const issue = parsed.errors[0];
    throw errors.InvalidParameterException(`Invalid ${member}: ${issue.message}${issue.path ? ` (at ${issue.path})` : ''}`);
  }
  return parsed.policy as Policy;
}

interface AccessScope {
  actions?: Policy['statements'][number]['actions'];
  resources?: Policy['statements'][number]['resources'];
}

/** One access item's actions and resources, compiled by the engine as a statement's would be. */
function accessScope(access: AccessToCheck): AccessScope {
  const actions = access.actions ?? [];
  const resources = access.resources ?? [];
  if (actions.length === 0 && resources.length === 0) {
    throw errors.ValidationException('Each access item must specify actions, resources or both.', { reason: 'fieldValidationFailed' });
  }
  const statement = { Effect: 'Allow', Action: actions.length > 0 ? actions : '*', Resource: resources.length > 0 ? resources : '*' };
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [statement] }, 'identity');
  if (!parsed.ok) {
    const issue = parsed.errors[0];
    throw errors.InvalidParameterException(`Invalid access: ${issue.message}`);
  }
  const compiled = (parsed.policy as Policy).statements[0];
  return { actions: actions.length > 0 ? compiled.actions : undefined, resources: resources.length > 0 ? compiled.resources : undefined };
}

function scopeFormula(scope: AccessScope, request: SymbolicRequest): Formula {
  const z = request.z;
  const parts: Formula[] = [z.Bool.val(true)];
  if (scope.actions) parts.push(actionsMatch(scope.actions, request));
  if (scope.resources) parts.push(z.Or(...scope.resources.map((r) => resourceMatches(r, request))));
  return z.And(...parts);
}
