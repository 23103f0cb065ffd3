// The IAM ARNs a linked service names: its service-linked roles (created, passed, written into) and the
// roles its resources name.
import { roleArn } from '../iam/roles.js';
import { serviceLinkedRolePath } from '../iam/slr-catalog.js';

/** arn:aws:iam::ACCOUNT:role/aws-service-role/PRINCIPAL/NAME */
export const serviceLinkedRoleArn = (accountId: string, servicePrincipal: string, roleName: string): string =>
  roleArn(accountId, serviceLinkedRolePath(servicePrincipal), roleName);

/** arn:aws:iam::ACCOUNT:role/PATH/NAME -> { accountId, roleName } */
export function parseRoleArn(arn: string): { accountId: string; roleName: string } | undefined {
  const m = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return m ? { accountId: m[1], roleName: m[2] } : undefined;
}
