// @cloud-copilot/iam-simulate, called on the same SimulationRequest: the peer the bench and the
// cross-check compare with.
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { accountOfArn } from '../../../src/policy/request.js';
import type { SimulationRequest } from '../../../src/policy/simulation.js';

const asObject = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(doc) : doc);

export function toIamSimulate(request: SimulationRequest): Simulation {
  const principalAccount = accountOfArn(request.principal) ?? '';
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: {
        resource: request.resource,
        accountId: request.resourceAccount ?? accountOfArn(request.resource) ?? principalAccount,
      },
      contextVariables: request.context ?? {},
    },
    identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({ name: `policy${i}`, policy: asObject(policy) })),
    serviceControlPolicies: (request.serviceControlPolicies ?? []).map((level, i) => ({
      orgIdentifier: `ou-${i}`,
      policies: level.map((policy, j) => ({ name: `scp${i}-${j}`, policy: asObject(policy) })),
    })),
    resourceControlPolicies: [],
  };
  if (request.resourcePolicy) simulation.resourcePolicy = asObject(request.resourcePolicy);
  if (request.permissionsBoundaries) {
    simulation.permissionBoundaryPolicies = request.permissionsBoundaries.map((policy, i) => ({ name: `pb${i}`, policy: asObject(policy) }));
  }
  if (request.sessionPolicy) simulation.sessionPolicy = asObject(request.sessionPolicy);
  return simulation;
}

const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' } as const;

/** iam-simulate's decision in our terms, or `error: ...` when it refused the request. */
export async function iamSimulateDecision(request: SimulationRequest): Promise<string> {
  const result = await runSimulation(toIamSimulate(request), {});
  if (result.resultType === 'error') return `error: ${JSON.stringify(result.errors)}`;
  return DECISIONS[result.overallResult as keyof typeof DECISIONS] ?? String(result.overallResult);
}

/** The same through iam-simulate's unvalidated, synchronous entry point. */
export function iamSimulateUnsafeDecision(simulation: Simulation): string {
  const result = runUnsafeSimulation(simulation, {});
  return DECISIONS[result];
}
