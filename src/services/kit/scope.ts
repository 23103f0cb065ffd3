// Where a request to a linked service lands: its account and region (the linked services' resources are
// regional), and whether an ARN names something of that scope.
import type { RequestContext } from '../../aws/service.js';
import { parseArn } from '../../policy/arn.js';
import { partition } from '../../aws/partitions.js';

export interface Scope {
  accountId: string;
  region: string;
}

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.caller.accountId, region: ctx.region });

/** `arn:aws:<service>:<region>:<account>:<resource>` in the scope. */
export const scopedArn = (service: string, scope: Scope, resource: string): string => `arn:${partition()}:${service}:${scope.region}:${scope.accountId}:${resource}`;

/** The resource part of an ARN of `service` in the scope; undefined for another service, account or region. */
export function resourceInScope(arn: string, service: string, scope: Scope): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.partition !== 'aws' || parsed.service !== service) return undefined;
  return parsed.region === scope.region && parsed.account === scope.accountId ? parsed.resource : undefined;
}
