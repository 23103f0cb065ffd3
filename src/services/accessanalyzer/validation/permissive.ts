// Allow statements of identity policies that grant iam:PassRole (a security warning) or
// iam:CreateServiceLinkedRole (a general warning) on many roles: through the action itself, a wildcard
// action or NotAction, with a wildcard resource that reaches IAM roles ("*", arn:aws:iam::*:role/*) or
// NotResource; unless the statement's condition names the action's own scoping key (iam:PassedToService,
// iam:AWSServiceName), as the reference recommends.
import type { Location } from '../../../aws/generated/accessanalyzer.js';
import { actionMatches } from '../../../policy/index.js';
import type { CheckContext } from './context.js';
import type { PolicyModel, StatementModel } from './model.js';

const TARGETS = [
  { action: 'iam:PassRole', prefix: 'PASS_ROLE', scopingKey: 'iam:passedtoservice' },
  { action: 'iam:CreateServiceLinkedRole', prefix: 'CREATE_SLR', scopingKey: 'iam:awsservicename' },
];

export function checkPermissiveStatements(ctx: CheckContext, policy: PolicyModel): void {
  if (ctx.policyType !== 'IDENTITY_POLICY') return;
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow') continue;
    for (const target of TARGETS) {
      if (conditionKeys(statement).has(target.scopingKey)) continue;
      const grant = howGranted(statement, target.action);
      if (!grant) continue;
      const star = statement.resource?.items.find((item) => reachesRoles(item.value));
      let where: Location | undefined;
      let resource: 'RESOURCE' | 'NOT_RESOURCE' | undefined;
      if (star) {
        where = ctx.at(star.path, star.node);
        resource = 'RESOURCE';
      } else if (statement.notResource) {
        where = ctx.at(statement.notResource.path, statement.notResource.entry.value);
        resource = 'NOT_RESOURCE';
      }
      if (!where || !resource) continue;
      const code =
        resource === 'RESOURCE'
          ? { explicit: 'WITH_STAR_IN_RESOURCE', wildcard: 'WITH_STAR_IN_ACTION_AND_RESOURCE', notAction: 'WITH_STAR_IN_RESOURCE_AND_NOT_ACTION' }[grant]
          : { explicit: 'WITH_NOT_RESOURCE', wildcard: 'WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', notAction: 'WITH_NOT_ACTION_AND_NOT_RESOURCE' }[grant];
      ctx.report(`${target.prefix}_${code}`, [where]);
    }
  }
}

/** A resource with a wildcard that can match many IAM roles: `*`, or an IAM (or any service's) ARN whose resource is `role/…*` or starts with a wildcard. */
function reachesRoles(value: string): boolean {
  if (value === '*') return true;
  if (!value.includes('*')) return false;
  const fields = value.split(':');
  if (fields.length < 6 || !(fields[2] === 'iam' || fields[2] === '*')) return false;
  const resource = fields.slice(5).join(':');
  return resource.startsWith('*') || resource.toLowerCase().startsWith('role/');
}

/** Whether the statement's actions grant `action`: named, through a wildcard, or not excluded by NotAction. */
function howGranted(statement: StatementModel, action: string): 'explicit' | 'wildcard' | 'notAction' | undefined {
  if (statement.action) {
    const items = statement.action.items;
    if (items.some((item) => item.value.toLowerCase() === action.toLowerCase())) return 'explicit';
    if (items.some((item) => /[*?]/.test(item.value) && actionMatches(item.value, action))) return 'wildcard';
    return undefined;
  }
  if (statement.notAction && !statement.notAction.items.some((item) => actionMatches(item.value, action))) return 'notAction';
  return undefined;
}

function conditionKeys(statement: StatementModel): Set<string> {
  const keys = new Set<string>();
  const condition = statement.condition?.value;
  if (condition?.type !== 'object') return keys;
  for (const block of condition.entries) {
    if (block.value.type === 'object') for (const entry of block.value.entries) keys.add(entry.key.toLowerCase());
  }
  return keys;
}
