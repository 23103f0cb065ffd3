// IAM's service-linked role operations: CreateServiceLinkedRole (the role is named by the catalog),
// DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus (an asynchronous deletion task).
import type { Operations } from '../../../aws/generated/iam.js';
import type { ServiceOperations } from '../../../aws/service.js';
import { authorizationTarget } from '../condition-keys.js';
import { roleArnOfTask, type DeletionTasks } from '../deletion-tasks.js';
import type { Iam } from '../iam.js';
import { roleArn } from '../roles.js';
import { ServiceLinkedRoleManager } from '../service-linked-roles.js';
import { serviceLinkedRolePath } from '../slr-catalog.js';
import { roleToWire } from '../wire.js';
import { account } from './common.js';
import { roleTargets } from './roles.js';

export function serviceLinkedRoleOperations(iam: Iam, slr: ServiceLinkedRoleManager, deletionTasks: DeletionTasks): ServiceOperations<Operations> {
  const onRole = roleTargets(iam);
  return {
    CreateServiceLinkedRole: {
      summary: "Creates the service's role from the catalog (data/service-linked-roles.json): AWS's name, path, trust policy and managed policy; refuses an unknown principal, a suffix the service does not take, a name taken",
      authorize: async (input, ctx) => {
        const principal = input.AWSServiceName as string;
        let resource: string;
        try {
          resource = roleArn(account(ctx), serviceLinkedRolePath(principal), ServiceLinkedRoleManager.roleNameFor(principal, input.CustomSuffix).roleName);
        } catch {
          // The request will be refused anyway; authorize it against the service's role path.
          resource = roleArn(account(ctx), serviceLinkedRolePath(principal), '*');
        }
        return [await authorizationTarget('iam:CreateServiceLinkedRole', resource, { keys: { 'iam:AWSServiceName': principal } })];
      },
      handle: async (input, ctx) => {
        const role = await slr.create(account(ctx), input.AWSServiceName, { customSuffix: input.CustomSuffix, description: input.Description });
        return { Role: roleToWire(role, { form: 'create' }) };
      },
    },
    DeleteServiceLinkedRole: {
      summary: 'Starts an asynchronous deletion task (the same task while one is pending); it fails, with the resources using the role, while a linked service still uses it',
      authorize: onRole('iam:DeleteServiceLinkedRole'),
      handle: async (input, ctx) => ({ DeletionTaskId: await deletionTasks.request(account(ctx), input.RoleName) }),
    },
    GetServiceLinkedRoleDeletionStatus: {
      summary: "A deletion task's status (NOT_STARTED, IN_PROGRESS, SUCCEEDED, FAILED) and, when it failed, the reason and the role's usage by region and resource",
      authorize: async (input, ctx) => {
        const resource = roleArnOfTask(account(ctx), input.DeletionTaskId) ?? '*';
        const roleName = /:role\/(?:.*\/)?([^/]+)$/.exec(resource)?.[1];
        const resourceTags = async () => (roleName ? (await iam.roles.findWithTags(account(ctx), roleName))?.tags : undefined);
        return [await authorizationTarget('iam:GetServiceLinkedRoleDeletionStatus', resource, { resourceTags })];
      },
      handle: async (input, ctx) => {
        const status = await deletionTasks.status(account(ctx), input.DeletionTaskId);
        return { Status: status.status, Reason: status.reason };
      },
    },
  };
}
