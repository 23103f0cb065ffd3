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
      authorize: onRole('iam:DeleteServiceLinkedRole'),
      handle: async (input, ctx) => ({ DeletionTaskId: await deletionTasks.request(account(ctx), input.RoleName) }),
    },
    GetServiceLinkedRoleDeletionStatus: {
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
