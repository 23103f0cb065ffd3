// IAM's operations, named as AWS names them. Each declares the permission it needs and does its work
// through the IAM domain modules; decoding, validation and encoding come from the model.
import { loadModel } from '../../aws/model.js';
import type { OperationImpl, ServiceApi } from '../../aws/service.js';
import type { Iam } from './iam.js';
import { roleToWire } from './wire.js';

export function iamApi(iam: Iam): ServiceApi {
  const roleResource = (accountId: string, roleName: string) => `arn:aws:iam::${accountId}:role/${roleName}`;
  const operations: Record<string, OperationImpl> = {
    CreateRole: {
      authorize: (input, ctx) => [{ action: 'iam:CreateRole', resource: roleResource(ctx.caller.accountId, input.RoleName) }],
      handle: async (input, ctx) => {
        const { role, tags } = await iam.createRole(ctx.caller.accountId, input);
        return { Role: roleToWire(role, { tags }) };
      },
    },
    GetRole: {
      authorize: (input, ctx) => [{ action: 'iam:GetRole', resource: roleResource(ctx.caller.accountId, input.RoleName) }],
      handle: async (input, ctx) => {
        const role = await iam.roles.get(ctx.caller.accountId, input.RoleName);
        return { Role: roleToWire(role, { includeLastUsed: true, tags: await iam.roles.tags(role.accountId, role.roleName) }) };
      },
    },
  };
  return { signingName: 'iam', protocol: 'query', models: [loadModel('iam')], operations };
}
