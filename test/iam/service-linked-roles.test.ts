// Service-linked roles as AWS makes them: CreateServiceLinkedRole from the catalog, protection of the
// roles, the linked services' own writes, and deletion as an asynchronous task.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type GetServiceLinkedRoleDeletionStatusCommandOutput,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoleUsage } from '../../src/services/iam/linked-services.js';
import { DELETION_REASONS, DeletionTasks } from '../../src/services/iam/deletion-tasks.js';
import { useTestServer } from '../support/fixture.js';
import { deletionEnded, rejectsWith, s3ReadPolicy, trustPolicy } from '../support/iam.js';

const ACCOUNT = '123456789012';
const APP_INTEGRATIONS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AppIntegrationsServiceLinkedRolePolicy';
const TASK_ID = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('service-linked roles', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });

  /** Polls the deletion status until `done` says so (at most ~5 s); returns every status seen. */
  async function waitForTask(taskId: string, done: (s: GetServiceLinkedRoleDeletionStatusCommandOutput) => boolean) {
    const seen: GetServiceLinkedRoleDeletionStatusCommandOutput[] = [];
    for (let i = 0; i < 500; i++) {
      const status = await env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: taskId }));
      seen.push(status);
      if (done(status)) return seen;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`task ${taskId} never got there: ${seen.map((s) => s.Status).join(' ')}`);
  }

  /** Registers what uses a service's roles, as a linked service does (last registration wins). */
  function registerUsage(servicePrincipal: string, usage: (roleName: string) => RoleUsage | Promise<RoleUsage>) {
    env.server.app.linkedServices.register(servicePrincipal, { roleUsage: async (_account, roleName) => usage(roleName) });
  }

  describe('CreateServiceLinkedRole', () => {
    it('makes the AppIntegrations role exactly as AWS does', async () => {
      const { Role } = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }));
      assert.equal(Role?.RoleName, 'AWSServiceRoleForAppIntegrations');
      assert.equal(Role?.Path, '/aws-service-role/app-integrations.amazonaws.com/');
      assert.equal(Role?.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/app-integrations.amazonaws.com/AWSServiceRoleForAppIntegrations`);
      assert.match(Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
      assert.equal(Role?.Description, undefined);
      // String values, not arrays, in AWS's member order.
      assert.equal(
        decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''),
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"app-integrations.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      );
      const got = await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }));
      assert.equal(got.Role?.MaxSessionDuration, 3600);
      assert.deepEqual(got.Role?.RoleLastUsed, {});
      assert.equal(got.Role?.Description, undefined);
      assert.equal(got.Role?.RoleId, Role?.RoleId);
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }));
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AppIntegrationsServiceLinkedRolePolicy', PolicyArn: APP_INTEGRATIONS_POLICY }]);
      const inline = await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }));
      assert.deepEqual(inline.PolicyNames, []);
      const listed = await env.iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/app-integrations.amazonaws.com/' }));
      assert.deepEqual(listed.Roles?.map((r) => r.RoleName), ['AWSServiceRoleForAppIntegrations']);
    });

    it('refuses a second role for the service with the "has been taken" error', async () => {
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' })),
        'InvalidInput',
        'Service role name AWSServiceRoleForAppIntegrations has been taken in this account, please try a different suffix.',
        400,
      );
    });

    it('refuses a custom suffix where the service allows none', async () => {
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com', CustomSuffix: 'x' })),
        'InvalidInput',
        'Custom suffix is not allowed for app-integrations.amazonaws.com',
        400,
      );
    });

    it('names the role <Base>_<suffix> where suffixes are allowed (Lex V2 bots and channels)', async () => {
      const bots = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'ABCDEF1234', Description: 'my bot role' }));
      assert.equal(bots.Role?.RoleName, 'AWSServiceRoleForLexV2Bots_ABCDEF1234');
      assert.equal(bots.Role?.Path, '/aws-service-role/lexv2.amazonaws.com/');
      assert.equal(bots.Role?.Description, 'my bot role');
      const channels = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'channels.lexv2.amazonaws.com', CustomSuffix: 'slack-1' }));
      assert.equal(channels.Role?.RoleName, 'AWSServiceRoleForLexV2Channels_slack-1');
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForLexV2Channels_slack-1' }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AmazonLexChannelsAccess']);
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'abcdef1234' })),
        'InvalidInput',
        'Service role name AWSServiceRoleForLexV2Bots_abcdef1234 has been taken in this account, please try a different suffix.',
        400,
      );
      const replication = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'replication.lexv2.amazonaws.com' }));
      assert.equal(replication.Role?.RoleName, 'AWSServiceRoleForLexV2Replication');
    });

    it('gives the roles of a few services their AWS default description', async () => {
      const { Role } = await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' }));
      assert.equal(Role?.Description, 'Allows Amazon RDS to manage AWS resources on your behalf');
    });

    it('refuses a service principal it does not know, and input outside the model', async () => {
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nosuchservice.amazonaws.com' })),
        'InvalidInput',
        'nosuchservice.amazonaws.com is not a valid service principal.',
        400,
      );
      // Service principals are case-sensitive.
      await rejectsWith(env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'App-Integrations.amazonaws.com' })), 'InvalidInput', /is not a valid service principal/, 400);
      await rejectsWith(env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'bad name' })), 'ValidationError', /failed to satisfy constraint: Member must satisfy regular expression pattern/, 400);
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'x'.repeat(65) })),
        'ValidationError',
        /at 'customSuffix' failed to satisfy constraint: Member must have length less than or equal to 64/,
        400,
      );
    });
  });

  describe('protection', () => {
    const role = 'AWSServiceRoleForAppIntegrations';
    const protectedMessage = `Cannot perform the operation on the protected role '${role}' - this role is only modifiable by AWS`;

    it('refuses every write that only AWS may make with UnmodifiableEntity', async () => {
      const writes = [
        new DeleteRoleCommand({ RoleName: role }),
        new AttachRolePolicyCommand({ RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
        new DetachRolePolicyCommand({ RoleName: role, PolicyArn: APP_INTEGRATIONS_POLICY }),
        new PutRolePolicyCommand({ RoleName: role, PolicyName: 'extra', PolicyDocument: s3ReadPolicy }),
        new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'extra' }),
        new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: trustPolicy('app-integrations.amazonaws.com') }),
        new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
        new DeleteRolePermissionsBoundaryCommand({ RoleName: role }),
        new UpdateRoleCommand({ RoleName: role, MaxSessionDuration: 7200 }),
      ];
      for (const command of writes) {
        await rejectsWith(env.iam.send(command as never), 'UnmodifiableEntity', protectedMessage, 400);
      }
      // Nothing changed.
      const { Role } = await env.iam.send(new GetRoleCommand({ RoleName: role }));
      assert.equal(Role?.MaxSessionDuration, 3600);
      assert.equal(Role?.PermissionsBoundary, undefined);
      const attached = await env.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), [APP_INTEGRATIONS_POLICY]);
    });

    it('lets the description and the tags change', async () => {
      await env.iam.send(new UpdateRoleCommand({ RoleName: role, Description: 'via UpdateRole' }));
      assert.equal((await env.iam.send(new GetRoleCommand({ RoleName: role }))).Role?.Description, 'via UpdateRole');
      const { Role } = await env.iam.send(new UpdateRoleDescriptionCommand({ RoleName: role, Description: 'via UpdateRoleDescription' }));
      assert.equal(Role?.Description, 'via UpdateRoleDescription');
      await env.iam.send(new TagRoleCommand({ RoleName: role, Tags: [{ Key: 'team', Value: 'contact-center' }, { Key: 'tmp', Value: '1' }] }));
      await env.iam.send(new UntagRoleCommand({ RoleName: role, TagKeys: ['tmp'] }));
      assert.deepEqual((await env.iam.send(new ListRoleTagsCommand({ RoleName: role }))).Tags, [{ Key: 'team', Value: 'contact-center' }]);
    });

    it('lets the linked service write and remove its own inline policies', async () => {
      await env.server.app.slr.putServicePolicy(ACCOUNT, role, 'ServiceGrant', s3ReadPolicy);
      const got = await env.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'ServiceGrant' }));
      assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), s3ReadPolicy);
      await env.server.app.slr.deleteServicePolicy(ACCOUNT, role, 'ServiceGrant');
      await env.server.app.slr.deleteServicePolicy(ACCOUNT, role, 'ServiceGrant');
      assert.deepEqual((await env.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames, []);
      await assert.rejects(env.server.app.slr.putServicePolicy(ACCOUNT, role, 'Bad', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}'), {
        name: 'MalformedPolicyDocument',
      });
    });

    it('goes by the stored flag, not by the path: a look-alike made by CreateRole stays modifiable', async () => {
      await env.iam.send(new CreateRoleCommand({ RoleName: 'AWSServiceRoleForECS', Path: '/aws-service-role/ecs.amazonaws.com/', AssumeRolePolicyDocument: trustPolicy('ecs.amazonaws.com') }));
      await env.iam.send(new AttachRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await env.iam.send(new DetachRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      // ... and it is not a service-linked role: DeleteServiceLinkedRole refuses it, and its name is taken for the service.
      await rejectsWith(env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), 'InvalidInput', 'Role AWSServiceRoleForECS is not a service-linked role.', 400);
      await rejectsWith(
        env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })),
        'InvalidInput',
        'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.',
        400,
      );
      await env.iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    });
  });

  describe('ensure (for linked services)', () => {
    it('creates the role once and then returns it, even when asked concurrently', async () => {
      const roles = await Promise.all(Array.from({ length: 10 }, () => env.server.app.slr.ensure(ACCOUNT, 'connect.amazonaws.com')));
      assert.equal(new Set(roles.map((r) => r.roleId)).size, 1);
      assert.equal(roles[0].roleName, 'AWSServiceRoleForAmazonConnect');
      const again = await env.server.app.slr.ensure(ACCOUNT, 'connect.amazonaws.com');
      assert.equal(again.roleId, roles[0].roleId);
      const listed = await env.iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/connect.amazonaws.com/' }));
      assert.equal(listed.Roles?.length, 1);
    });
  });

  describe('deletion', () => {
    it('runs as a task: NOT_STARTED/IN_PROGRESS, the same id while pending, then SUCCEEDED and the role is gone', async () => {
      await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
      await env.iam.send(new TagRoleCommand({ RoleName: 'AWSServiceRoleForBatch', Tags: [{ Key: 'a', Value: 'b' }] }));
      await env.server.app.slr.putServicePolicy(ACCOUNT, 'AWSServiceRoleForBatch', 'Extra', s3ReadPolicy);
      // The service answers only when the test lets it, so the task is observably in progress.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let asked = 0;
      registerUsage('batch.amazonaws.com', async () => {
        asked++;
        await gate;
        return { inUseNow: false, usage: [] };
      });
      const { DeletionTaskId } = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }));
      assert.match(DeletionTaskId ?? '', TASK_ID);
      assert.ok(DeletionTaskId!.startsWith('task/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch/'));
      const first = await env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
      assert.ok(first.Status === 'NOT_STARTED' || first.Status === 'IN_PROGRESS', first.Status);
      assert.equal(first.Reason, undefined);
      await waitForTask(DeletionTaskId!, (s) => s.Status === 'IN_PROGRESS');
      const repeat = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }));
      assert.equal(repeat.DeletionTaskId, DeletionTaskId);
      // The role is still there while the task runs.
      await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForBatch' }));
      release();
      const seen = await waitForTask(DeletionTaskId!, deletionEnded);
      assert.equal(seen[seen.length - 1].Status, 'SUCCEEDED');
      assert.equal(seen[seen.length - 1].Reason, undefined);
      assert.equal(asked, 1);
      await rejectsWith(env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForBatch' })), 'NoSuchEntity', 'The role with name AWSServiceRoleForBatch cannot be found.', 404);
      // The finished task keeps answering; the role can be made again, without the old tags and policies.
      assert.equal((await env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'SUCCEEDED');
      await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'batch.amazonaws.com' }));
      assert.deepEqual((await env.iam.send(new ListRoleTagsCommand({ RoleName: 'AWSServiceRoleForBatch' }))).Tags, []);
      assert.deepEqual((await env.iam.send(new ListRolePoliciesCommand({ RoleName: 'AWSServiceRoleForBatch' }))).PolicyNames, []);
      await rejectsWith(env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForNothing' })), 'NoSuchEntity', 'The role with name AWSServiceRoleForNothing cannot be found.', 404);
    });

    it('fails with the Reason and the RoleUsageList while the service has resources that use the role', async () => {
      const queue = 'arn:aws:ecs:eu-west-2:123456789012:service/default/web';
      let inUse = true;
      registerUsage('ecs.amazonaws.com', () => ({
        inUseNow: false,
        usage: inUse ? [{ Region: 'eu-west-2', Resources: [queue] }, { Region: 'us-east-1', Resources: [] }] : [],
      }));
      await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
      const { DeletionTaskId } = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
      const seen = await waitForTask(DeletionTaskId!, deletionEnded);
      const last = seen[seen.length - 1];
      assert.equal(last.Status, 'FAILED');
      assert.deepEqual(last.Reason, { Reason: DELETION_REASONS.inUse, RoleUsageList: [{ Region: 'eu-west-2', Resources: [queue] }] });
      await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
      // Once the resources are gone, a new request makes a new task, which succeeds.
      inUse = false;
      const retry = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
      assert.notEqual(retry.DeletionTaskId, DeletionTaskId);
      const after = await waitForTask(retry.DeletionTaskId!, deletionEnded);
      assert.equal(after[after.length - 1].Status, 'SUCCEEDED');
      // The failed task still answers FAILED.
      assert.equal((await env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'FAILED');
    });

    it('fails retryably while the service is using the role right now', async () => {
      registerUsage('elasticache.amazonaws.com', () => ({ inUseNow: true, usage: [] }));
      await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticache.amazonaws.com' }));
      const { DeletionTaskId } = await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForElastiCache' }));
      const seen = await waitForTask(DeletionTaskId!, deletionEnded);
      assert.deepEqual(seen[seen.length - 1].Reason, { Reason: DELETION_REASONS.inUseNow });
      assert.match(DELETION_REASONS.inUseNow, /try again/);
      await env.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForElastiCache' }));
    });

    it('answers NoSuchEntity for an unknown task and InvalidInput for a malformed id', async () => {
      const unknown = 'task/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch/00000000-0000-4000-8000-000000000000';
      await rejectsWith(env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: unknown })), 'NoSuchEntity', `Deletion task ${unknown} does not exist.`, 404);
      await rejectsWith(env.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'not-a-task' })), 'InvalidInput', 'Invalid deletion task id: not-a-task', 400);
    });

    it('runs each task once when several servers share the store', async () => {
      const counts = new Map<string, number>();
      registerUsage('autoscaling.amazonaws.com', (roleName) => {
        counts.set(roleName, (counts.get(roleName) ?? 0) + 1);
        return { inUseNow: false, usage: [] };
      });
      // Five more "servers": deletion tasks over the same store, each with its own worker.
      const app = env.server.app;
      const others = Array.from({ length: 5 }, () => new DeletionTasks(app.store, app.iam.roles, app.linkedServices));
      // Every tick, busy or idle: the other servers compete for every task.
      const stoppers = others.map((m, i) => m.worker(`other-${i}`, 1, 1)());
      try {
        const names = Array.from({ length: 10 }, (_, i) => `AWSServiceRoleForAutoScaling_shared-${i}`);
        for (let i = 0; i < names.length; i++) {
          await env.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: `shared-${i}` }));
        }
        const ids = await Promise.all(names.map(async (RoleName) => (await env.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName }))).DeletionTaskId!));
        for (const id of ids) {
          const seen = await waitForTask(id, deletionEnded);
          assert.equal(seen[seen.length - 1].Status, 'SUCCEEDED');
        }
        // Let every worker make a few more passes.
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual([...counts.entries()].sort(), names.map((n) => [n, 1]).sort());
        const left = await env.iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/autoscaling.amazonaws.com/' }));
        assert.deepEqual(left.Roles, []);
      } finally {
        await Promise.all(stoppers.map((stop) => stop()));
      }
    });
  });
});
