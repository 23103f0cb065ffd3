// Every statement of AppIntegrationsServiceLinkedRolePolicy, as AWS publishes it, on the requests the
// AppIntegrations service makes through its service-linked role.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileSimulationRequest, evaluate, explain, parsePolicy } from '../../src/policy/index.js';
import { seedPolicyDocument, seedRequests } from './support/workload.js';

describe('AppIntegrationsServiceLinkedRolePolicy', () => {
  test('the published document is valid as a managed identity policy, within its size limit', () => {
    const result = parsePolicy(seedPolicyDocument(), 'identity', { maxSize: 6144 });
    assert.ok(result.ok);
    if (result.ok) assert.equal(result.policy.statements.length, 5);
  });

  const names: Record<number, string> = {
    0: 'StartFlow on a FlowCreatedByAppIntegrations-* flow tagged AppIntegrationsManaged=true',
    1: 'StartFlow on that flow without the AppIntegrationsManaged tag',
    2: 'StopFlow on that flow tagged AppIntegrationsManaged=false',
    3: 'StartFlow on a flow of another name, even tagged',
    4: 'PutMetricData in the AWS/AppIntegrations namespace',
    5: 'PutMetricData in another namespace',
    6: 'TagResource with tag keys [AppIntegrationsManaged]',
    7: 'TagResource with tag keys [AppIntegrationsManaged, Other]',
    8: 'TagResource with no tag keys (ForAllValues over nothing is true)',
    9: 'DescribeConnectorEntity on *',
    10: 'DescribeConnectorProfiles on * (the statement names connector-profile ARNs only)',
    11: 'DeleteFlow on a managed flow',
    12: 'an action the policy does not name',
  };
  seedRequests().forEach(({ request, expected }, i) => {
    test(`${names[i] ?? request.action}: ${expected}`, () => {
      const compiled = compileSimulationRequest(request);
      assert.ok(compiled.ok);
      if (!compiled.ok) return;
      assert.equal(evaluate(compiled.request).decision, expected);
      assert.equal(explain(compiled.request).decision, expected);
    });
  });

  test('an allowed StartFlow names statement 3, and its position in the document', () => {
    const compiled = compileSimulationRequest(seedRequests()[0].request);
    assert.ok(compiled.ok);
    if (!compiled.ok) return;
    const [matched, ...rest] = evaluate(compiled.request).matchedStatements;
    assert.equal(rest.length, 0);
    assert.equal(matched.statementIndex, 3);
    assert.equal(matched.effect, 'Allow');
    assert.equal(matched.source, 'identity');
    const source = compiled.request.identityPolicies![0].policy.source;
    assert.ok(source.split('\n')[matched.start.line - 1].includes('{'));
    assert.ok(matched.end.line > matched.start.line);
  });

  test('the untagged StartFlow is explained by the exact condition and reports the missing tag', () => {
    const compiled = compileSimulationRequest(seedRequests()[1].request);
    assert.ok(compiled.ok);
    if (!compiled.ok) return;
    const decision = explain(compiled.request);
    const statement3 = decision.unmatchedStatements.find((s) => s.statementIndex === 3);
    assert.equal(statement3?.reason, 'condition');
    assert.match(statement3!.detail, /StringEquals aws:ResourceTag\/AppIntegrationsManaged: the key is absent/);
    assert.deepEqual(decision.missingContextValues, ['aws:ResourceTag/AppIntegrationsManaged']);
    assert.equal(decision.unmatchedStatements.filter((s) => s.reason === 'action').length, 4);
  });

  test('TagResource with an extra tag key is explained by the failing value', () => {
    const compiled = compileSimulationRequest(seedRequests()[7].request);
    assert.ok(compiled.ok);
    if (!compiled.ok) return;
    const detail = explain(compiled.request).unmatchedStatements.find((s) => s.statementIndex === 4)?.detail ?? '';
    assert.match(detail, /ForAllValues:StringEquals aws:TagKeys: request values \["Other"\]/);
  });
});
