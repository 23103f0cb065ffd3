// Agreement with @cloud-copilot/iam-simulate, an independent implementation, on a few hundred
// requests: the seed policy, an account-sized policy set, and random scenarios over the evaluation
// rules (resource policies, boundaries, same and cross account).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileSimulationRequest, evaluate } from '../../src/policy/index.js';
import type { SimulationRequest } from '../../src/policy/simulation.js';
import { iamSimulateDecision } from './support/iam-simulate.js';
import { accountWorkload, ruleScenarios, seedRequests } from './support/workload.js';

async function disagreements(requests: SimulationRequest[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, request] of requests.entries()) {
    const compiled = compileSimulationRequest(request);
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.errors));
    if (!compiled.ok) continue;
    const ours = evaluate(compiled.request).decision;
    const theirs = await iamSimulateDecision(request);
    if (ours !== theirs) out.push(`#${i} ${request.action} ${request.resource} by ${request.principal}: linkedrole ${ours}, iam-simulate ${theirs}`);
  }
  return out;
}

describe('Cross-check with iam-simulate', { timeout: 600_000 }, () => {
  test('the seed policy requests', async () => {
    assert.deepEqual(await disagreements(seedRequests().map((s) => s.request)), []);
  });
  test('100 requests on 25 policies of 20 statements with conditions and variables', async () => {
    const requests = accountWorkload(7, 25, 20, 100);
    const allowed = requests.filter((r) => {
      const c = compileSimulationRequest(r);
      return c.ok && evaluate(c.request).decision === 'allowed';
    }).length;
    assert.ok(allowed > 10 && allowed < 90, `a useful mix of decisions (${allowed} allowed)`);
    assert.deepEqual(await disagreements(requests), []);
  });
  test('300 random scenarios over the evaluation rules', async () => {
    const scenarios = ruleScenarios(11, 300);
    const decisions = scenarios.map((r) => {
      const c = compileSimulationRequest(r);
      return c.ok ? evaluate(c.request).decision : 'invalid';
    });
    for (const decision of ['allowed', 'explicitDeny', 'implicitDeny']) {
      assert.ok(decisions.filter((d) => d === decision).length >= 30, `at least 30 ${decision} decisions`);
    }
    assert.deepEqual(await disagreements(scenarios), []);
  });
});
