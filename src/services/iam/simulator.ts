// IAM's policy simulator APIs (SimulateCustomPolicy, SimulatePrincipalPolicy and the
// GetContextKeysFor*Policy pair), answered by the same engine that authorizes every call.
import {
  errors,
  type ContextEntry,
  type EvaluationResult,
  type Operations,
  type ResourceSpecificResult,
  type SimulateCustomPolicyRequest,
  type SimulatePolicyResponse,
  type SimulatePrincipalPolicyRequest,
  type Statement,
} from '../../aws/generated/iam.js';
import type { ServiceOperations } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import { authorizationTarget, principalFacts } from './condition-keys.js';
import { contextKeys, explain, parseArn, parsePolicy } from '../../policy/index.js';
import type { AuthorizationRequest, ContextValues, Decision, EvalDecision, MatchedStatement, PolicyInput, PolicyKind } from '../../policy/types.js';
import { partition } from '../../aws/partitions.js';

/** A principal's own policies, as the simulator and the authorizer see them. */
export interface PrincipalPolicies {
  identity: PolicyInput[];
  boundary?: PolicyInput;
}

/** Finds the policies of a user, group or role by ARN; undefined when the ARN is not of its kind. */
export type PrincipalPolicyLoader = (accountId: string, principalArn: string) => Promise<PrincipalPolicies | undefined>;

/** Either simulation's request; only SimulateCustomPolicy takes SCPs (OrderedOrganizationPolicyInputList, see docs/policy.md). */
type SimulationInput = SimulateCustomPolicyRequest | SimulatePrincipalPolicyRequest;

/** A matched statement as IAM's simulator answers it: its SourcePolicyType is not the model's enum (see IAM_POLICY). */
type SimulatedStatement = Omit<Statement, 'SourcePolicyType'> & { SourcePolicyType?: Statement['SourcePolicyType'] | typeof IAM_POLICY | typeof RESOURCE_POLICY };
type SimulatedResourceResult = Omit<ResourceSpecificResult, 'MatchedStatements'> & { MatchedStatements?: SimulatedStatement[] };
type SimulatedResult = Omit<EvaluationResult, 'MatchedStatements' | 'ResourceSpecificResults'> & {
  MatchedStatements?: SimulatedStatement[];
  ResourceSpecificResults?: SimulatedResourceResult[];
};
/** SimulatePolicyResponse with the statements as the simulator answers them. */
type SimulationResponse = Omit<SimulatePolicyResponse, 'EvaluationResults'> & { EvaluationResults?: SimulatedResult[] };
type AnsweredAsSimulated<Op extends { output: unknown }> = Omit<Op, 'output'> & { output: SimulationResponse };

/** The simulator's four operations, typed by IAM's model, the simulations answering SimulationResponse. */
export type SimulatorOperations = Pick<Operations, 'GetContextKeysForCustomPolicy' | 'GetContextKeysForPrincipalPolicy'> & {
  SimulateCustomPolicy: AnsweredAsSimulated<Operations['SimulateCustomPolicy']>;
  SimulatePrincipalPolicy: AnsweredAsSimulated<Operations['SimulatePrincipalPolicy']>;
};

const RESOURCE_POLICY_ID = 'ResourcePolicy';
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\//;

export class PolicySimulator {
  /** Where principals' policies come from (roles, users and groups), asked in order. */
  constructor(private readonly loaders: readonly PrincipalPolicyLoader[]) {}

  async principalPolicies(accountId: string, principalArn: string): Promise<PrincipalPolicies> {
    for (const load of this.loaders) {
      const found = await load(accountId, principalArn);
      if (found) return found;
    }
    throw errors.NoSuchEntity(`The entity with ARN ${principalArn} cannot be found.`);
  }

  simulateCustom(accountId: string, input: SimulateCustomPolicyRequest): SimulationResponse {
    const identity = compileList(input.PolicyInputList ?? [], 'identity', 'PolicyInputList', IAM_POLICY);
    return this.simulate(accountId, input, input.CallerArn ?? `arn:${partition()}:iam::${accountId}:root`, identity, undefined);
  }

  async simulatePrincipal(accountId: string, input: SimulatePrincipalPolicyRequest): Promise<SimulationResponse> {
    const sourceArn = input.PolicySourceArn;
    const own = await this.principalPolicies(accountId, sourceArn);
    const extra = compileList(input.PolicyInputList ?? [], 'identity', 'PolicyInputList', IAM_POLICY);
    const principal = input.CallerArn ?? (sourceArn.includes(':group/') ? `arn:${partition()}:iam::${accountId}:root` : sourceArn);
    return this.simulate(accountId, input, principal, [...own.identity, ...extra], own.boundary);
  }

  async contextKeysForPrincipal(accountId: string, principalArn: string, extra: string[]): Promise<string[]> {
    const own = await this.principalPolicies(accountId, principalArn);
    const policies = [...own.identity, ...(own.boundary ? [own.boundary] : []), ...compileList(extra, 'identity', 'PolicyInputList', IAM_POLICY)];
    return contextKeys(policies.map((p) => p.policy));
  }

  contextKeysForCustom(documents: string[]): string[] {
    return contextKeys(compileList(documents, 'identity', 'PolicyInputList', IAM_POLICY).map((p) => p.policy));
  }

  private simulate(accountId: string, input: SimulationInput, principal: string, identity: PolicyInput[], ownBoundary: PolicyInput | undefined): SimulationResponse {
    const boundaries = input.PermissionsBoundaryPolicyInputList
      ? compileList(input.PermissionsBoundaryPolicyInputList, 'boundary', 'PermissionsBoundaryPolicyInputList', IAM_POLICY)
      : ownBoundary
        ? [ownBoundary]
        : [];
    const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
    const resourcePolicy = input.ResourcePolicy ? compileResourcePolicy(input.ResourcePolicy, resources) : undefined;
    // An empty list simulates no organization, as leaving it out does.
    const levels = ('OrderedOrganizationPolicyInputList' in input ? input.OrderedOrganizationPolicyInputList : undefined) ?? [];
    const organizations = levels.length === 0
      ? undefined
      : levels.map((level, i) =>
          compileList(level.ServiceControlPolicyInputList ?? [], 'scp', `OrderedOrganizationPolicyInputList.${i + 1}.ServiceControlPolicyInputList`, 'scp'),
        );
    const context = toContext(input.ContextEntries ?? []);
    // The caller is of its own account, whichever account calls the simulator; a resource is of the
    // account its ARN names, else of ResourceOwner, else of the caller's (AWS's defaults).
    const callerAccount = accountOfArn(principal) ?? accountId;
    const owner = ownerAccount(input.ResourceOwner);
    const results = input.ActionNames.map((action) => {
      const perResource = resources.map((resource): ResourceDecision => {
        const resourceAccount = resource === '*' ? callerAccount : (accountOfArn(resource) ?? owner ?? callerAccount);
        const request: AuthorizationRequest = {
          principal,
          principalAccount: callerAccount,
          action,
          resource,
          resourceAccount,
          context,
          identityPolicies: identity,
          resourcePolicy,
          permissionsBoundaries: boundaries.length > 0 ? boundaries : undefined,
          serviceControlPolicies: organizations,
        };
        return { resource, crossAccount: resourceAccount !== callerAccount, decision: explain(request) };
      });
      return evaluationResult(action, perResource, boundaries.length > 0, organizations !== undefined);
    });
    const start = input.Marker ? Number(input.Marker) : 0;
    if (!Number.isInteger(start) || start < 0 || start > results.length) throw errors.InvalidInput('Invalid Marker.');
    const max = input.MaxItems ?? 100;
    const page = results.slice(start, start + max);
    const truncated = start + max < results.length;
    return { EvaluationResults: page, IsTruncated: truncated, Marker: truncated ? String(start + max) : undefined };
  }
}

interface ResourceDecision {
  resource: string;
  crossAccount: boolean;
  decision: Decision;
}

const RESTRICTIVENESS: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const mostRestrictive = (a: EvalDecision, b: EvalDecision): EvalDecision => (RESTRICTIVENESS[b] > RESTRICTIVENESS[a] ? b : a);

/**
 * One result per action: the most restrictive decision across resources, the statements that made it
 * (their union across those resources), and each resource's own result.
 */
function evaluationResult(action: string, perResource: ResourceDecision[], withBoundary: boolean, withOrganizations: boolean): SimulatedResult {
  const worst = perResource.map((r) => r.decision.decision).reduce(mostRestrictive);
  const anyResource = perResource.length === 1 && perResource[0].resource === '*';
  const deciding = perResource.filter((r) => r.decision.decision === worst).flatMap((r) => r.decision.matchedStatements);
  const organizationsAllowed = perResource.every((r) => r.decision.policySetDecisions?.organizations === 'allowed');
  return {
    EvalActionName: action,
    EvalResourceName: perResource.length === 1 ? perResource[0].resource : '*',
    EvalDecision: worst,
    MatchedStatements: statements(deciding),
    MissingContextValues: distinct(perResource.flatMap((r) => r.decision.missingContextValues)),
    OrganizationsDecisionDetail: withOrganizations ? { AllowedByOrganizations: organizationsAllowed } : undefined,
    // AWS: when an SCP denies, the simulation ends there and no per-type details are returned.
    EvalDecisionDetails: withOrganizations && !organizationsAllowed ? undefined : decisionDetails(perResource, anyResource),
    PermissionsBoundaryDecisionDetail: withBoundary ? { AllowedByPermissionsBoundary: perResource.every((r) => r.decision.boundaryAllowed !== false) } : undefined,
    ResourceSpecificResults: anyResource
      ? undefined
      : perResource.map((r) => ({
          EvalResourceName: r.resource,
          EvalResourceDecision: r.decision.decision,
          MatchedStatements: statements(r.decision.matchedStatements),
          MissingContextValues: r.decision.missingContextValues,
          EvalDecisionDetails: withOrganizations && r.decision.policySetDecisions?.organizations !== 'allowed' ? undefined : decisionDetails([r], false),
          PermissionsBoundaryDecisionDetail: withBoundary ? { AllowedByPermissionsBoundary: r.decision.boundaryAllowed !== false } : undefined,
        })),
  };
}

/**
 * EvalDecisionDetails: for a cross-account request, each side's verdict on its own (the caller's
 * identity policies, the resource policy), the most restrictive across resources; within one account
 * present but empty with a resource ARN and absent for `*`, as AWS answers.
 */
function decisionDetails(perResource: ResourceDecision[], anyResource: boolean): Record<string, EvalDecision> | undefined {
  if (!perResource.some((r) => r.crossAccount)) return anyResource ? undefined : {};
  const details: Record<string, EvalDecision> = {};
  for (const r of perResource) {
    const sets = r.decision.policySetDecisions;
    if (!r.crossAccount || !sets) continue;
    details[IAM_POLICY] = mostRestrictive(details[IAM_POLICY] ?? 'allowed', sets.identity);
    if (sets.resource) details[RESOURCE_POLICY] = mostRestrictive(details[RESOURCE_POLICY] ?? 'allowed', sets.resource);
    else details[RESOURCE_POLICY] = 'implicitDeny';
  }
  return details;
}

/** IAM's SourcePolicyType as its simulator answers it (not the model's enum: see docs/policy.md). */
const IAM_POLICY = 'IAM Policy';
const RESOURCE_POLICY = 'Resource Policy';

/** MatchedStatements as AWS answers them: no SCP statement; each statement once. */
function statements(matched: MatchedStatement[]): SimulatedStatement[] {
  const seen = new Set<string>();
  const out: SimulatedStatement[] = [];
  for (const m of matched) {
    if (m.source === 'scp') continue;
    const statement = toStatement(m);
    const key = JSON.stringify(statement);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(statement);
    }
  }
  return out;
}

function toStatement(statement: MatchedStatement): SimulatedStatement {
  return {
    SourcePolicyId: sourcePolicyId(statement),
    SourcePolicyType: statement.source === 'resource' ? RESOURCE_POLICY : IAM_POLICY,
    StartPosition: { Line: statement.start.line, Column: statement.start.column },
    EndPosition: { Line: statement.end.line, Column: statement.end.column },
  };
}

/**
 * SourcePolicyId as IAM's simulator names a principal's policies: a managed policy by its name, an
 * inline one as `role_RoleName_PolicyName` (`user_...`, `group_...`); inputs keep their list position
 * (`PolicyInputList.1`) and the resource policy is `ResourcePolicy`.
 */
function sourcePolicyId(statement: MatchedStatement): string | undefined {
  const id = statement.policyId;
  if (id === undefined) return undefined;
  switch (statement.policyType) {
    case 'aws-managed':
    case 'user-managed':
      return id.slice(id.lastIndexOf('/') + 1);
    case 'user':
    case 'group':
    case 'role': {
      const slash = id.indexOf('/');
      return slash < 0 ? id : `${statement.policyType}_${id.slice(0, slash)}_${id.slice(slash + 1)}`;
    }
    default:
      return id;
  }
}

/**
 * The ResourcePolicy input: a resource-based policy; or, when every resource is a role and the
 * document is a role's trust policy (no Resource element, which a resource policy needs), the role's
 * trust policy, which decides sts:AssumeRole* as the role's resource policy. AWS's own simulator does
 * not simulate trust policies ("Simulation of resource-based policies isn't supported for IAM roles").
 */
function compileResourcePolicy(document: string, resources: string[]): PolicyInput {
  const parsed = parsePolicy(document, 'resource', { partition: partition() });
  if (parsed.ok) return { policy: parsed.policy, id: RESOURCE_POLICY_ID, type: 'resource' };
  if (resources.every((r) => ROLE_ARN.test(r))) {
    const trust = parsePolicy(document, 'trust', { partition: partition() });
    if (trust.ok) return { policy: trust.policy, id: RESOURCE_POLICY_ID, type: 'resource' };
  }
  throw errors.InvalidInput(`${RESOURCE_POLICY_ID}: ${parsed.errors.map((e) => e.message).join(' ')}`);
}

function compileOne(document: string, kind: PolicyKind, id: string, type: string): PolicyInput {
  const parsed = parsePolicy(document, kind, { partition: partition() });
  if (!parsed.ok) throw errors.InvalidInput(`${id}: ${parsed.errors.map((e) => e.message).join(' ')}`);
  return { policy: parsed.policy, id, type };
}

function compileList(documents: string[], kind: PolicyKind, listName: string, type: string): PolicyInput[] {
  return documents.map((document, i) => compileOne(document, kind, `${listName}.${i + 1}`, type));
}

/** ContextEntries as engine context: list types keep every value, single types their first. */
function toContext(entries: ContextEntry[]): ContextValues {
  const context: ContextValues = {};
  for (const entry of entries) {
    // The model leaves ContextKeyName optional; an entry without one names no key a policy can test.
    if (entry.ContextKeyName === undefined) continue;
    const values = entry.ContextKeyValues ?? [];
    context[entry.ContextKeyName] = entry.ContextKeyType?.endsWith('List') ? values : (values[0] ?? '');
  }
  return context;
}

/** ResourceOwner: an account id (SimulatePrincipalPolicy) or its root ARN (SimulateCustomPolicy). */
function ownerAccount(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const account = accountOfArn(owner);
  if (!account) throw errors.InvalidInput(`Invalid ResourceOwner: ${owner}`);
  return account;
}

/** The ARN's 12-digit account, or undefined (`*`, an S3 ARN, a service principal). */
function accountOfArn(arn: string): string | undefined {
  const account = parseArn(arn)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The four simulator operations, for the IAM ServiceApi. `store` lets the principal operations offer the
 * simulated user's or role's tags (aws:ResourceTag/*, iam:ResourceTag/*) to the caller's policies.
 */
export function simulatorOperations(simulator: PolicySimulator, store?: Store): ServiceOperations<SimulatorOperations> {
  const onPrincipal = async (action: string, arn: string, accountId: string) => [
    await authorizationTarget(action, arn, store ? await principalFacts(store, accountId, arn) : {}),
  ];
  return {
    SimulateCustomPolicy: {
      authorize: async () => [await authorizationTarget('iam:SimulateCustomPolicy', '*')],
      handle: (input, ctx) => simulator.simulateCustom(ctx.caller.accountId, input),
    },
    SimulatePrincipalPolicy: {
      authorize: (input, ctx) => onPrincipal('iam:SimulatePrincipalPolicy', input.PolicySourceArn, ctx.caller.accountId),
      handle: (input, ctx) => simulator.simulatePrincipal(ctx.caller.accountId, input),
    },
    GetContextKeysForCustomPolicy: {
      authorize: async () => [await authorizationTarget('iam:GetContextKeysForCustomPolicy', '*')],
      handle: (input) => ({ ContextKeyNames: simulator.contextKeysForCustom(input.PolicyInputList) }),
    },
    GetContextKeysForPrincipalPolicy: {
      authorize: (input, ctx) => onPrincipal('iam:GetContextKeysForPrincipalPolicy', input.PolicySourceArn, ctx.caller.accountId),
      handle: async (input, ctx) => ({
        ContextKeyNames: await simulator.contextKeysForPrincipal(ctx.caller.accountId, input.PolicySourceArn, input.PolicyInputList ?? []),
      }),
    },
  };
}
