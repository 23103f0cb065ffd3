// The JSON request format of `linkedrole simulate` (also used by the bench and the tests): policies
// given as documents, compiled here into an AuthorizationRequest. Invalid input gives issues, not a
// decision.
import { parsePolicy } from './parse.js';
import type { AuthorizationRequest, ContextValues, Decision, PolicyInput, PolicyIssue, PolicyKind } from './types.js';

/** A policy document: a JSON object or its text. */
export type PolicyDocument = string | Record<string, unknown>;

export interface SimulationRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: ContextValues;
  identityPolicies?: PolicyDocument[];
  resourcePolicy?: PolicyDocument;
  /** The role's trust policy, when the resource is a role: decides sts:AssumeRole* as the role's resource policy. */
  trustPolicy?: PolicyDocument;
  permissionsBoundaries?: PolicyDocument[];
  sessionPolicy?: PolicyDocument;
  serviceControlPolicies?: PolicyDocument[][];
  isServiceLinkedRole?: boolean;
}

export interface SimulationResult {
  decision: Decision['decision'];
  matchedStatements: Decision['matchedStatements'];
  missingContextValues: string[];
  /** Each policy set's own verdict (identity, resource, boundary, session, organizations for the SCPs). */
  policySetDecisions?: Decision['policySetDecisions'];
  explanation: string;
}

export type CompiledSimulation = { ok: true; request: AuthorizationRequest } | { ok: false; errors: PolicyIssue[] };

const KNOWN_FIELDS = new Set([
  'principal',
  'action',
  'resource',
  'resourceAccount',
  'context',
  'identityPolicies',
  'resourcePolicy',
  'trustPolicy',
  'permissionsBoundaries',
  'sessionPolicy',
  'serviceControlPolicies',
  'isServiceLinkedRole',
]);

/** Checks the request's shape and compiles its documents; issue paths start at the request. */
export function compileSimulationRequest(input: unknown): CompiledSimulation {
  const errors: PolicyIssue[] = [];
  const fail = (path: string, rule: string, message: string) => errors.push({ path, rule, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', rule: 'Request', message: 'A request must be a JSON object.' }] };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.has(key)) fail(key, 'UnknownKey', `Unknown field ${key}`);
  for (const key of ['principal', 'action', 'resource'] as const) {
    if (typeof raw[key] !== 'string' || raw[key] === '') fail(key, 'Request', `${key} must be a non-empty string.`);
  }
  if (typeof raw.action === 'string' && raw.action !== '' && !/^[^:\s]+:[^:\s]+$/.test(raw.action)) {
    fail('action', 'ActionFormat', 'action must look like service:Action.');
  }
  if (raw.resourceAccount !== undefined && !/^\d{12}$/.test(String(raw.resourceAccount))) {
    fail('resourceAccount', 'Request', 'resourceAccount must be 12 digits.');
  }
  if (raw.context !== undefined && !isContext(raw.context)) {
    fail('context', 'Request', 'context must map keys to a string or a list of strings.');
  }
  const document = (value: unknown, kind: PolicyKind, path: string, id: string, type: string): PolicyInput | undefined => {
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      fail(path, 'Request', 'A policy document must be a JSON object or a string.');
      return undefined;
    }
    const parsed = parsePolicy(value, kind);
    if (!parsed.ok) {
      for (const e of parsed.errors) errors.push({ ...e, path: e.path ? `${path}.${e.path}` : path });
      return undefined;
    }
    return { policy: parsed.policy, id, type };
  };
  const documents = (value: unknown, kind: PolicyKind, path: string, type: string): PolicyInput[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      fail(path, 'Request', `${path} must be a list of policy documents.`);
      return undefined;
    }
    return value.flatMap((doc, i) => document(doc, kind, `${path}[${i}]`, `${path}.${i + 1}`, type) ?? []);
  };

  const identityPolicies = documents(raw.identityPolicies, 'identity', 'identityPolicies', 'IAM Policy');
  const permissionsBoundaries = documents(raw.permissionsBoundaries, 'boundary', 'permissionsBoundaries', 'IAM Policy');
  if (raw.resourcePolicy !== undefined && raw.trustPolicy !== undefined) {
    fail('trustPolicy', 'Request', 'Give a resourcePolicy or a trustPolicy (the resource policy of a role), not both.');
  }
  const resourcePolicy =
    raw.trustPolicy !== undefined
      ? document(raw.trustPolicy, 'trust', 'trustPolicy', 'TrustPolicy', 'resource')
      : raw.resourcePolicy === undefined
        ? undefined
        : document(raw.resourcePolicy, 'resource', 'resourcePolicy', 'ResourcePolicy', 'resource');
  const sessionPolicy =
    raw.sessionPolicy === undefined ? undefined : document(raw.sessionPolicy, 'session', 'sessionPolicy', 'SessionPolicy', 'IAM Policy');
  let serviceControlPolicies: PolicyInput[][] | undefined;
  if (raw.serviceControlPolicies !== undefined) {
    if (!Array.isArray(raw.serviceControlPolicies)) {
      fail('serviceControlPolicies', 'Request', 'serviceControlPolicies must be a list of lists (one per organization level).');
    } else {
      serviceControlPolicies = raw.serviceControlPolicies.map(
        (level, i) => documents(level, 'scp', `serviceControlPolicies[${i}]`, 'scp') ?? [],
      );
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const request: AuthorizationRequest = {
    principal: raw.principal as string,
    action: raw.action as string,
    resource: raw.resource as string,
  };
  if (raw.resourceAccount !== undefined) request.resourceAccount = String(raw.resourceAccount);
  if (raw.context !== undefined) request.context = raw.context as ContextValues;
  if (identityPolicies) request.identityPolicies = identityPolicies;
  if (resourcePolicy) request.resourcePolicy = resourcePolicy;
  if (permissionsBoundaries) request.permissionsBoundaries = permissionsBoundaries;
  if (sessionPolicy) request.sessionPolicy = sessionPolicy;
  if (serviceControlPolicies) request.serviceControlPolicies = serviceControlPolicies;
  if (raw.isServiceLinkedRole === true) request.isServiceLinkedRole = true;
  return { ok: true, request };
}

function isContext(value: unknown): value is ContextValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
  );
}

export function simulationResult(decision: Decision): SimulationResult {
  return {
    decision: decision.decision,
    matchedStatements: decision.matchedStatements,
    missingContextValues: decision.missingContextValues,
    ...(decision.policySetDecisions && { policySetDecisions: decision.policySetDecisions }),
    explanation: decision.explanation,
  };
}
