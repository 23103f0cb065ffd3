// The public contract of the policy engine. Everything outside src/policy/ uses only these types and
// the functions exported from src/policy/index.ts; the engine itself does no I/O.

/** Which kind of document is being parsed: each kind allows different elements (Principal, NotPrincipal...). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp';

/** One broken rule, named by its JSON path in the document (e.g. `Statement[1].Condition.StringEquals`). */
export interface PolicyIssue {
  path: string;
  /** A short rule identifier, e.g. `Version`, `Effect`, `ActionAndNotAction`, `UnknownKey`, `SizeLimit`. */
  rule: string;
  /** AWS-style text, usable as the message of a MalformedPolicyDocument error. */
  message: string;
  /** Where in the source text, for JSON syntax errors. */
  position?: Position;
}

/** 1-based line and column in the source text, as IAM's simulator reports them. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed, validated and compiled document; immutable and shared (cached by its content). */
export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly version: '2012-10-17' | '2008-10-17';
  /** The source text the document was parsed from (positions refer to it). */
  readonly source: string;
  readonly statements: readonly CompiledStatement[];
}

export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly start: Position;
  readonly end: Position;
}

export type ParseResult = { ok: true; policy: CompiledPolicy } | { ok: false; errors: PolicyIssue[] };

/** A policy given to an evaluation, with the identifiers the simulator APIs report back. */
export interface PolicyInput {
  policy: CompiledPolicy;
  /** e.g. a policy ARN, `RoleName/PolicyName` for an inline policy, or `PolicyInputList.1`. */
  id?: string;
  /**
   * What kind of policy it is: `IAM Policy` (a simulator input), `user`, `group`, `role` (inline, with `id`
   * `Name/PolicyName`), `aws-managed`, `user-managed` (with the policy ARN as `id`), `resource`. The
   * simulator turns these into IAM's SourcePolicyType and SourcePolicyId (src/services/iam/simulator.ts).
   */
  type?: string;
}

/** Context values: a key's single value or its list of values. Keys compare case-insensitively. */
export type ContextValues = Record<string, string | string[]>;

export interface AuthorizationRequest {
  /** The principal's ARN (user, role, assumed-role session, root) or a service principal (`lexv2.amazonaws.com`). */
  principal: string;
  /** The principal's account; derived from `principal` when it is an ARN. */
  principalAccount?: string;
  action: string;
  /** A resource ARN or `*`. */
  resource: string;
  /** The resource's account; derived from `resource` when it is an ARN with an account. */
  resourceAccount?: string;
  context?: ContextValues;
  identityPolicies?: PolicyInput[];
  resourcePolicy?: PolicyInput;
  permissionsBoundaries?: PolicyInput[];
  sessionPolicy?: PolicyInput;
  /** One list per organization level (root, OUs..., account); each level must allow. */
  serviceControlPolicies?: PolicyInput[][];
  /** Service-linked roles are exempt from SCPs. */
  isServiceLinkedRole?: boolean;
}

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/**
 * What each policy set says on its own: explicitDeny when one of its statements denies, allowed when one
 * allows, else implicitDeny. `organizations` is the SCPs (every level must allow); present only for the
 * sets the request has.
 */
export interface PolicySetDecisions {
  identity: EvalDecision;
  resource?: EvalDecision;
  boundary?: EvalDecision;
  session?: EvalDecision;
  organizations?: EvalDecision;
}

export interface MatchedStatement {
  policyId?: string;
  policyType?: string;
  /** Which set the policy belongs to. */
  source: 'identity' | 'resource' | 'boundary' | 'session' | 'scp';
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  start: Position;
  end: Position;
}

/** Why one statement did not apply: the element that failed, and for conditions the exact key and values. */
export interface UnmatchedStatement extends MatchedStatement {
  reason: 'action' | 'resource' | 'principal' | 'condition';
  detail: string;
}

export interface Decision {
  decision: EvalDecision;
  /** The statements that decided (the denies for explicitDeny, the allows for allowed). */
  matchedStatements: MatchedStatement[];
  /** Context keys that conditions of otherwise matching statements referred to but the request lacked. */
  missingContextValues: string[];
  /** Per policy set: did the boundary / SCPs / session policy allow (for PermissionsBoundaryDecisionDetail etc.). */
  boundaryAllowed?: boolean;
  /** Each policy set's own verdict, each on its own (filled by `explain`): for the simulator's per-type details. */
  policySetDecisions?: PolicySetDecisions;
  /** Statements considered that did not apply, with the reason (filled by `explain`, empty from `evaluate`). */
  unmatchedStatements: UnmatchedStatement[];
  /** A human explanation of the decision (filled by `explain`). */
  explanation: string;
}
