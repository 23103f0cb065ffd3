// IAM's policy simulator APIs (SimulateCustomPolicy, SimulatePrincipalPolicy and the
// GetContextKeysFor*Policy pair), answered by the same engine that authorizes every call.
import { AwsError } from '../../aws/errors.js';
import type { OperationImpl } from '../../aws/service.js';
import type { Store } from '../../store/database.js';
import { authorizationTarget, principalFacts } from './condition-keys.js';
import { contextKeys, explain, parsePolicy } from '../../policy/index.js';
import type { AuthorizationRequest, ContextValues, Decision, EvalDecision, MatchedStatement, PolicyInput, PolicyKind } from '../../policy/types.js';

/** A principal's own policies, as the simulator and the authorizer see them. */
export interface PrincipalPolicies {
  identity: PolicyInput[];
  boundary?: PolicyInput;
}

/** Finds the policies of a user, group or role by ARN; undefined when the ARN is not of its kind. */
export type PrincipalPolicyLoader = (accountId: string, principalArn: string) => Promise<PrincipalPolicies | undefined>;

interface ContextEntry {
  ContextKeyName: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

interface SimulationInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  MaxItems?: number;
  Marker?: string;
  PolicySourceArn?: string;
}

const RESOURCE_POLICY_ID = 'ResourcePolicy';

export class PolicySimulator {
  private readonly loaders: PrincipalPolicyLoader[] = [];

  /** Adds a source of principals' policies (roles, users, groups). */
  addPrincipalLoader(loader: PrincipalPolicyLoader): void {
    this.loaders.push(loader);
  }

  async principalPolicies(accountId: string, principalArn: string): Promise<PrincipalPolicies> {
    for (const load of this.loaders) {
      const found = await load(accountId, principalArn);
      if (found) return found;
    }
    throw new AwsError('NoSuchEntity', `The entity with ARN ${principalArn} cannot be found.`, 404);
  }

  simulateCustom(accountId: string, input: SimulationInput): Record<string, unknown> {
    const identity = compileList(input.PolicyInputList ?? [], 'identity', 'PolicyInputList', 'IAM Policy');
    return this.simulate(accountId, input, input.CallerArn ?? `arn:aws:iam::${accountId}:root`, identity, undefined);
  }

  async simulatePrincipal(accountId: string, input: SimulationInput): Promise<Record<string, unknown>> {
    const sourceArn = input.PolicySourceArn!;
    const own = await this.principalPolicies(accountId, sourceArn);
    const extra = compileList(input.PolicyInputList ?? [], 'identity', 'PolicyInputList', 'IAM Policy');
    const principal = input.CallerArn ?? (sourceArn.includes(':group/') ? `arn:aws:iam::${accountId}:root` : sourceArn);
    return this.simulate(accountId, input, principal, [...own.identity, ...extra], own.boundary);
  }

  async contextKeysForPrincipal(accountId: string, principalArn: string, extra: string[]): Promise<string[]> {
    const own = await this.principalPolicies(accountId, principalArn);
    const policies = [...own.identity, ...(own.boundary ? [own.boundary] : []), ...compileList(extra, 'identity', 'PolicyInputList', 'IAM Policy')];
    return contextKeys(policies.map((p) => p.policy));
  }

  contextKeysForCustom(documents: string[]): string[] {
    return contextKeys(compileList(documents, 'identity', 'PolicyInputList', 'IAM Policy').map((p) => p.policy));
  }

  private simulate(accountId: string, input: SimulationInput, principal: string, identity: PolicyInput[], ownBoundary: PolicyInput | undefined): Record<string, unknown> {
    const boundaries = input.PermissionsBoundaryPolicyInputList
      ? compileList(input.PermissionsBoundaryPolicyInputList, 'boundary', 'PermissionsBoundaryPolicyInputList', 'IAM Policy')
      : ownBoundary
        ? [ownBoundary]
        : [];
    const resourcePolicy = input.ResourcePolicy ? compileOne(input.ResourcePolicy, 'resource', RESOURCE_POLICY_ID, 'resource') : undefined;
    const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
    const context = toContext(input.ContextEntries ?? []);
    const resourceAccount = ownerAccount(input.ResourceOwner) ?? accountId;
    const results = input.ActionNames.map((action) => {
      const perResource = resources.map((resource) => {
        const request: AuthorizationRequest = {
          principal,
          principalAccount: accountId,
          action,
          resource,
          resourceAccount: resource === '*' ? undefined : resourceAccount,
          context,
          identityPolicies: identity,
          resourcePolicy,
          permissionsBoundaries: boundaries.length > 0 ? boundaries : undefined,
        };
        return { resource, decision: explain(request) };
      });
      return evaluationResult(action, perResource, boundaries.length > 0);
    });
    const start = input.Marker ? Number(input.Marker) : 0;
    if (!Number.isInteger(start) || start < 0 || start > results.length) throw new AwsError('InvalidInput', 'Invalid Marker.', 400);
    const max = input.MaxItems ?? 100;
    const page = results.slice(start, start + max);
    const truncated = start + max < results.length;
    return { EvaluationResults: page, IsTruncated: truncated, Marker: truncated ? String(start + max) : undefined };
  }
}

const RESTRICTIVENESS: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

/** One result per action: the most restrictive decision across resources, and each resource's own. */
function evaluationResult(action: string, perResource: { resource: string; decision: Decision }[], withBoundary: boolean): Record<string, unknown> {
  const worst = perResource.reduce((a, b) => (RESTRICTIVENESS[b.decision.decision] > RESTRICTIVENESS[a.decision.decision] ? b : a));
  const anyResource = perResource.length === 1 && perResource[0].resource === '*';
  return {
    EvalActionName: action,
    EvalResourceName: perResource.length === 1 ? perResource[0].resource : '*',
    EvalDecision: worst.decision.decision,
    MatchedStatements: worst.decision.matchedStatements.map(toStatement),
    MissingContextValues: distinct(perResource.flatMap((r) => r.decision.missingContextValues)),
    // Same-account simulations name no per-policy-type details: present but empty with a resource ARN, absent for `*`.
    EvalDecisionDetails: anyResource ? undefined : {},
    PermissionsBoundaryDecisionDetail: withBoundary ? { AllowedByPermissionsBoundary: perResource.every((r) => r.decision.boundaryAllowed !== false) } : undefined,
    ResourceSpecificResults: anyResource
      ? undefined
      : perResource.map(({ resource, decision }) => ({
          EvalResourceName: resource,
          EvalResourceDecision: decision.decision,
          MatchedStatements: decision.matchedStatements.map(toStatement),
          MissingContextValues: decision.missingContextValues,
          EvalDecisionDetails: {},
          PermissionsBoundaryDecisionDetail: withBoundary ? { AllowedByPermissionsBoundary: decision.boundaryAllowed !== false } : undefined,
        })),
  };
}

function toStatement(statement: MatchedStatement): Record<string, unknown> {
  return {
    SourcePolicyId: statement.policyId,
    SourcePolicyType: statement.policyType,
    StartPosition: { Line: statement.start.line, Column: statement.start.column },
    EndPosition: { Line: statement.end.line, Column: statement.end.column },
  };
}

function compileOne(document: string, kind: PolicyKind, id: string, type: string): PolicyInput {
  const parsed = parsePolicy(document, kind);
  if (!parsed.ok) throw new AwsError('InvalidInput', `${id}: ${parsed.errors.map((e) => e.message).join(' ')}`, 400);
  return { policy: parsed.policy, id, type };
}

function compileList(documents: string[], kind: PolicyKind, listName: string, type: string): PolicyInput[] {
  return documents.map((document, i) => compileOne(document, kind, `${listName}.${i + 1}`, type));
}

/** ContextEntries as engine context: list types keep every value, single types their first. */
function toContext(entries: ContextEntry[]): ContextValues {
  const context: ContextValues = {};
  for (const entry of entries) {
    const values = entry.ContextKeyValues ?? [];
    context[entry.ContextKeyName] = entry.ContextKeyType?.endsWith('List') ? values : (values[0] ?? '');
  }
  return context;
}

function ownerAccount(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const account = owner.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) throw new AwsError('InvalidInput', `Invalid ResourceOwner: ${owner}`, 400);
  return account;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The four simulator operations, for the IAM ServiceApi. `store` lets the principal operations offer the
 * simulated user's or role's tags (aws:ResourceTag/*, iam:ResourceTag/*) to the caller's policies.
 */
export function simulatorOperations(simulator: PolicySimulator, store?: Store): Record<string, OperationImpl> {
  const onPrincipal = async (action: string, arn: string, accountId: string) => [
    await authorizationTarget(action, arn, store ? await principalFacts(store, accountId, arn) : {}),
  ];
  return {
    SimulateCustomPolicy: {
      authorize: async () => [await authorizationTarget('iam:SimulateCustomPolicy', '*')],
      handle: (input: SimulationInput, ctx) => simulator.simulateCustom(ctx.caller.accountId, input),
    },
    SimulatePrincipalPolicy: {
      authorize: (input: SimulationInput, ctx) => onPrincipal('iam:SimulatePrincipalPolicy', input.PolicySourceArn!, ctx.caller.accountId),
      handle: (input: SimulationInput, ctx) => simulator.simulatePrincipal(ctx.caller.accountId, input),
    },
    GetContextKeysForCustomPolicy: {
      authorize: async () => [await authorizationTarget('iam:GetContextKeysForCustomPolicy', '*')],
      handle: (input: { PolicyInputList: string[] }) => ({ ContextKeyNames: simulator.contextKeysForCustom(input.PolicyInputList) }),
    },
    GetContextKeysForPrincipalPolicy: {
      authorize: (input: { PolicySourceArn: string }, ctx) => onPrincipal('iam:GetContextKeysForPrincipalPolicy', input.PolicySourceArn, ctx.caller.accountId),
      handle: async (input: { PolicySourceArn: string; PolicyInputList?: string[] }, ctx) => ({
        ContextKeyNames: await simulator.contextKeysForPrincipal(ctx.caller.accountId, input.PolicySourceArn, input.PolicyInputList ?? []),
      }),
    },
  };
}
