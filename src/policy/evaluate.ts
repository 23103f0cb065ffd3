// AWS's policy evaluation logic (IAM User Guide, "Policy evaluation logic"):
//   1. an explicit Deny in any applicable policy wins;
//   2. service control policies: every organization level must allow (service-linked roles are exempt);
//   3. a resource policy that names the caller itself allows within the account, unlimited by
//      permissions boundaries and session policies; one naming the session's role counts like an
//      identity-policy allow; one naming only the account delegates to the account's IAM policies
//      (which a KMS key policy must do for them to count at all);
//   4. identity policies, limited by the permissions boundary and the session policy when present;
//   5. across accounts, the resource policy and the identity policies must both allow.
// Anything else is an implicit deny.
import type { Policy, Statement } from './compile.js';
import { PrincipalMatch } from './principal.js';
import { RequestView } from './request.js';
import { matchApplying } from './statement.js';
import type {
  AuthorizationRequest,
  Decision,
  EvalDecision,
  MatchedStatement,
  PolicyInput,
  PolicySetDecisions,
} from './types.js';

export type PolicySource = MatchedStatement['source'];

/** Why the decision came out as it did; explain() turns it into words. */
export type Reason =
  | 'explicitDeny'
  | 'scpNoAllow'
  | 'allowedByIdentity'
  | 'allowedByResource'
  | 'allowedByResourceForRole'
  | 'allowedCrossAccount'
  | 'allowedByTrust'
  | 'noAllow'
  | 'boundaryNoAllow'
  | 'sessionPolicyNoAllow'
  | 'crossAccountNoResourceAllow'
  | 'crossAccountNoIdentityAllow';

// Bits of a policy set's scan.
const ALLOW_DIRECT = 1;
const ALLOW_ROLE = 2;
const ALLOW_ACCOUNT = 4;
export const ALLOW = ALLOW_DIRECT | ALLOW_ROLE | ALLOW_ACCOUNT;
export const DENY = 8;

// Bits naming the policy sets whose allows decided.
const FROM_IDENTITY = 1;
const FROM_RESOURCE = 2;
const FROM_BOUNDARY = 4;
const FROM_SESSION = 8;
const FROM_SCP = 16;
const SOURCE_BITS: Record<PolicySource, number> = {
  identity: FROM_IDENTITY,
  resource: FROM_RESOURCE,
  boundary: FROM_BOUNDARY,
  session: FROM_SESSION,
  scp: FROM_SCP,
};

export interface Outcome {
  readonly decision: EvalDecision;
  readonly reason: Reason;
  readonly matchedStatements: MatchedStatement[];
  readonly boundaryAllowed?: boolean;
  /** For scpNoAllow: the organization level (0 = root) with no allow. */
  readonly scpLevel?: number;
  readonly view: RequestView;
  /** Each policy set's scan (ALLOW / DENY bits), for policySetDecisions. */
  readonly flags?: SetFlags;
}

export interface SetFlags {
  readonly identity: number;
  readonly resource: number;
  readonly boundary: number;
  readonly session: number;
  readonly scp: number;
  readonly scpLevel: number;
}

/**
 * Collects the statements that matched, whatever their effect, with the policy and set each is in; the
 * MatchedStatement objects are made only for the ones a decision reports (select).
 */
export class Matches {
  /** Statement, policy, set: three entries per match. */
  private found: (Statement | PolicyInput | PolicySource)[] | undefined;

  scan(input: PolicyInput, source: PolicySource, view: RequestView, hasBoundary: boolean): number {
    const statements = (input.policy as Policy).statementsForAction(view.actionLower, view.serviceLower);
    let flags = 0;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const match = matchApplying(statement, view, hasBoundary);
      if (match < 0) continue;
      if (statement.effect === 'Deny') flags |= DENY;
      else flags |= match === PrincipalMatch.Role ? ALLOW_ROLE : match === PrincipalMatch.Account ? ALLOW_ACCOUNT : ALLOW_DIRECT;
      (this.found ??= []).push(statement, input, source);
    }
    return flags;
  }

  scanAll(inputs: readonly PolicyInput[] | undefined, source: PolicySource, view: RequestView, hasBoundary: boolean): number {
    let flags = 0;
    if (inputs) for (let i = 0; i < inputs.length; i++) flags |= this.scan(inputs[i], source, view, hasBoundary);
    return flags;
  }

  /** The matches of one effect from the given policy sets, in the order they were found. */
  select(effect: 'Allow' | 'Deny', sources: number): MatchedStatement[] {
    const out: MatchedStatement[] = [];
    const found = this.found;
    if (found) {
      for (let i = 0; i < found.length; i += 3) {
        const statement = found[i] as Statement;
        const source = found[i + 2] as PolicySource;
        if (statement.effect === effect && SOURCE_BITS[source] & sources) out.push(matchedStatement(found[i + 1] as PolicyInput, source, statement));
      }
    }
    return out;
  }
}

export function matchedStatement(input: PolicyInput, source: PolicySource, statement: Statement): MatchedStatement {
  const matched: MatchedStatement = {
    source,
    statementIndex: statement.index,
    effect: statement.effect,
    start: statement.start,
    end: statement.end,
  };
  if (input.id !== undefined) matched.policyId = input.id;
  if (input.type !== undefined) matched.policyType = input.type;
  if (statement.sid !== undefined) matched.sid = statement.sid;
  return matched;
}

/** Do SCPs apply to this request? */
export function scpsApply(request: AuthorizationRequest): boolean {
  return !request.isServiceLinkedRole && (request.serviceControlPolicies?.length ?? 0) > 0;
}

/**
 * The engine's decision. `knownKeys` (effective permissions): decide only the conditions on the keys it
 * names, from the request's context, and take the others as an Allow's met and a Deny's not (statement.ts).
 */
export function decide(request: AuthorizationRequest, withFlags = false, knownKeys?: (keyLower: string) => boolean): Outcome {
  const view = new RequestView(request);
  if (knownKeys) {
    view.assumeConditions = true;
    view.knownKey = knownKeys;
  }
  const matches = new Matches();
  const boundaries = request.permissionsBoundaries;
  const hasBoundary = boundaries !== undefined && boundaries.length > 0;

  const identity = matches.scanAll(request.identityPolicies, 'identity', view, hasBoundary);
  const resource = request.resourcePolicy ? matches.scan(request.resourcePolicy, 'resource', view, hasBoundary) : 0;
  const boundary = hasBoundary ? matches.scanAll(boundaries, 'boundary', view, hasBoundary) : ALLOW;
  const session = request.sessionPolicy ? matches.scan(request.sessionPolicy, 'session', view, hasBoundary) : ALLOW;
  let scp = 0;
  let scpLevel = -1;
  if (scpsApply(request)) {
    const levels = request.serviceControlPolicies!;
    for (let level = 0; level < levels.length; level++) {
      const flags = matches.scanAll(levels[level], 'scp', view, hasBoundary);
      scp |= flags;
      if (!(flags & ALLOW) && scpLevel < 0) scpLevel = level;
    }
  }
  const reason = combine(request, view, identity, resource, boundary, session, scp, scpLevel);
  const decision = REASON_DECISIONS[reason];
  return {
    decision,
    reason,
    matchedStatements:
      decision === 'explicitDeny'
        ? matches.select('Deny', ~0)
        : decision === 'allowed'
          ? matches.select('Allow', decidingSets(reason, request, resource) | FROM_SCP)
          : [],
    boundaryAllowed: hasBoundary ? (boundary & ALLOW) !== 0 : undefined,
    scpLevel: reason === 'scpNoAllow' ? scpLevel : undefined,
    view,
    flags: withFlags ? { identity, resource, boundary, session, scp, scpLevel } : undefined,
  };
}

const REASON_DECISIONS: Record<Reason, EvalDecision> = {
  explicitDeny: 'explicitDeny',
  scpNoAllow: 'implicitDeny',
  allowedByIdentity: 'allowed',
  allowedByResource: 'allowed',
  allowedByResourceForRole: 'allowed',
  allowedCrossAccount: 'allowed',
  allowedByTrust: 'allowed',
  noAllow: 'implicitDeny',
  boundaryNoAllow: 'implicitDeny',
  sessionPolicyNoAllow: 'implicitDeny',
  crossAccountNoResourceAllow: 'implicitDeny',
  crossAccountNoIdentityAllow: 'implicitDeny',
};

/** For an allow: the policy sets whose Allow statements decided (FROM_ bits). */
function decidingSets(reason: Reason, request: AuthorizationRequest, resource: number): number {
  if (reason === 'allowedByResource') return FROM_RESOURCE;
  const hasBoundary = request.permissionsBoundaries !== undefined && request.permissionsBoundaries.length > 0;
  const limits = (hasBoundary ? FROM_BOUNDARY : 0) | (request.sessionPolicy ? FROM_SESSION : 0);
  if (reason === 'allowedByIdentity') return FROM_IDENTITY | (resource & ALLOW_ROLE ? FROM_RESOURCE : 0) | limits;
  if (reason === 'allowedByResourceForRole') return FROM_RESOURCE | limits;
  return FROM_IDENTITY | FROM_RESOURCE | limits;
}

/** Each policy set's own verdict (explain's policySetDecisions), from a decision made withFlags. */
export function policySetDecisions(request: AuthorizationRequest, outcome: Outcome): PolicySetDecisions | undefined {
  const flags = outcome.flags;
  if (!flags) return undefined;
  const verdict = (f: number): EvalDecision => (f & DENY ? 'explicitDeny' : f & ALLOW ? 'allowed' : 'implicitDeny');
  const out: PolicySetDecisions = { identity: verdict(flags.identity) };
  if (request.resourcePolicy) out.resource = verdict(flags.resource);
  if (request.permissionsBoundaries && request.permissionsBoundaries.length > 0) out.boundary = verdict(flags.boundary);
  if (request.sessionPolicy) out.session = verdict(flags.session);
  if (scpsApply(request)) out.organizations = flags.scp & DENY ? 'explicitDeny' : flags.scpLevel >= 0 ? 'implicitDeny' : 'allowed';
  return out;
}

/** The decision's reason, from each policy set's scan. */
function combine(
  request: AuthorizationRequest,
  view: RequestView,
  identity: number,
  resource: number,
  boundary: number,
  session: number,
  scp: number,
  scpLevel: number,
): Reason {
  if ((identity | resource | boundary | session | scp) & DENY) return 'explicitDeny';
  if (scpLevel >= 0) return 'scpNoAllow';

  const boundaryOk = (boundary & ALLOW) !== 0;
  const sessionOk = (session & ALLOW) !== 0;
  // A service principal has no identity policies: only a resource policy naming it can allow.
  if (view.isServicePrincipal) return resource & ALLOW ? 'allowedByResource' : 'noAllow';
  if (view.sameAccount) {
    if (resource & ALLOW_DIRECT) return 'allowedByResource';
    // A KMS key policy is the key's primary access control: IAM policies count only when it allows
    // the account (as the default key policy does; without a key policy we assume that default).
    const delegated = !(view.isKmsKey && request.resourcePolicy) || (resource & ALLOW_ACCOUNT) !== 0;
    const identityAllows = delegated && (identity & ALLOW) !== 0;
    const roleGrant = (resource & ALLOW_ROLE) !== 0;
    if (!identityAllows && !roleGrant) return 'noAllow';
    if (!boundaryOk) return 'boundaryNoAllow';
    if (!sessionOk) return 'sessionPolicyNoAllow';
    return identityAllows ? 'allowedByIdentity' : 'allowedByResourceForRole';
  }
  if (!(resource & ALLOW)) return request.resourcePolicy ? 'crossAccountNoResourceAllow' : 'noAllow';
  if (!(identity & ALLOW)) return 'crossAccountNoIdentityAllow';
  if (!boundaryOk) return 'boundaryNoAllow';
  if (!sessionOk) return 'sessionPolicyNoAllow';
  return 'allowedCrossAccount';
}

export const NO_UNMATCHED: never[] = [];

/** The fast path: the decision and the statements that decided it, without explanations. */
export function evaluate(request: AuthorizationRequest): Decision {
  const outcome = decide(request);
  const decision: Decision = {
    decision: outcome.decision,
    matchedStatements: outcome.matchedStatements,
    missingContextValues: [],
    unmatchedStatements: NO_UNMATCHED,
    explanation: '',
  };
  if (outcome.boundaryAllowed !== undefined) decision.boundaryAllowed = outcome.boundaryAllowed;
  return decision;
}
