// Every service recorded against real AWS (test/fixtures/aws-recorded/aws-recorded-slr.json, from shared/reference): the role
// CreateServiceLinkedRole makes must have AWS's name, path, trust policy, session duration and
// attached policy, and the custom-suffix rule must answer as AWS answered.
import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';

interface RecordedService {
  roleName: string;
  path: string;
  trustPolicy: unknown;
  maxSessionDuration: number;
  attachedPolicies: string[];
  inlinePolicies: string[];
  customSuffixAllowed: boolean;
  customSuffixError?: { Code: string; Message: string; Type: string };
  suffixExample?: string;
  description?: string;
}

// CI checks the repository out beside shared/, as it is here.
const recording = JSON.parse(readFileSync(new URL('../fixtures/aws-recorded/aws-recorded-slr.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const other = recording._other as { test_service_role_already_exists: { 'role-already-exists-error': { Error: { Code: string; Message: string } } } };
const services = Object.entries(recording).filter(([name]) => name !== '_other') as [string, RecordedService][];

describe('service-linked roles match the AWS recording', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  it('covers every recorded service', () => {
    assert.equal(services.length, 71);
  });

  for (const [principal, recorded] of services) {
    it(principal, async () => {
      const created = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal }));
      assert.equal(created.Role?.RoleName, recorded.roleName);
      const { Role } = await env.iam.send(new GetRoleCommand({ RoleName: recorded.roleName }));
      assert.equal(Role?.RoleName, recorded.roleName);
      assert.equal(Role?.Path, recorded.path);
      assert.equal(Role?.Arn, `arn:aws:iam::123456789012:role${recorded.path}${recorded.roleName}`);
      assert.equal(Role?.MaxSessionDuration, recorded.maxSessionDuration);
      assert.deepEqual(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')), recorded.trustPolicy);
      if (recorded.description) assert.equal(Role?.Description, recorded.description);
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: recorded.roleName }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), recorded.attachedPolicies);
      assert.deepEqual(
        attached.AttachedPolicies?.map((p) => p.PolicyName),
        recorded.attachedPolicies.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)),
      );
      const inline = await env.iam.send(new ListRolePoliciesCommand({ RoleName: recorded.roleName }));
      assert.deepEqual(inline.PolicyNames, recorded.inlinePolicies);

      if (recorded.customSuffixAllowed) {
        const suffixed = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal, CustomSuffix: 'recorded' }));
        assert.equal(suffixed.Role?.RoleName, recorded.suffixExample!.replace('<suffix>', 'recorded'));
        assert.equal(suffixed.Role?.Path, recorded.path);
      } else {
        await assert.rejects(env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal, CustomSuffix: 'recorded' })), (error: Error & { $metadata: { httpStatusCode?: number } }) => {
          assert.equal(error.name, `${recorded.customSuffixError!.Code}Exception`);
          assert.equal(error.message, recorded.customSuffixError!.Message);
          assert.equal(error.$metadata.httpStatusCode, 400);
          return true;
        });
      }
      // A second role for the service: AWS's "has been taken" error (recorded for Batch).
      await assert.rejects(env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal })), (error: Error) => {
        assert.equal(error.name, 'InvalidInputException');
        const expected = other.test_service_role_already_exists['role-already-exists-error'].Error.Message.replace('AWSServiceRoleForBatch', recorded.roleName);
        assert.equal(error.message, expected);
        return true;
      });
    });
  }

  it('answers the recorded deletion task id format', async () => {
    const { DeletionTaskId } = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }));
    const format = (recording._other as any).test_service_role_deletion['service-linked-role-deletion-response'].DeletionTaskId as string;
    const [prefix] = format.split('<uuid>');
    assert.ok(DeletionTaskId?.startsWith(prefix), DeletionTaskId);
    assert.match(DeletionTaskId!.slice(prefix.length), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
