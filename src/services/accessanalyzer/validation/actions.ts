// Actions against the Service Authorization Reference: the service prefix exists, the action exists (or
// a wildcard matches at least one), no wildcard in the service prefix, no policy variable.
import { actionMatches } from '../../../policy/index.js';
import { closest, serviceActions, serviceKeys } from './catalog.js';
import type { CheckContext } from './context.js';
import type { PolicyModel, StringItem } from './model.js';

export async function checkActions(ctx: CheckContext, policy: PolicyModel): Promise<void> {
  for (const statement of policy.statements) {
    for (const element of [statement.action, statement.notAction]) {
      for (const item of element?.items ?? []) await checkAction(ctx, item);
    }
  }
}

async function checkAction(ctx: CheckContext, item: StringItem): Promise<void> {
  const { value } = item;
  if (value === '*') return;
  const at = [ctx.at(item.path, item.node)];
  const variable = /\$\{[^}]*\}/.exec(value);
  if (variable) {
    ctx.report('VARIABLE_UNSUPPORTED_IN_ELEMENT', at, { variable: variable[0] });
    return;
  }
  const colon = value.indexOf(':');
  if (colon < 0) {
    ctx.report('INVALID_ACTION', at, { action: value });
    return;
  }
  const service = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (/[*?]/.test(service)) {
    ctx.report('WILDCARD_IN_SERVICE_NAME', at);
    return;
  }
  const services = await serviceKeys();
  if (!services.has(service.toLowerCase())) {
    ctx.report('INVALID_SERVICE_IN_ACTION', at, { service, ...optional('service2', closest(service, services)) });
    return;
  }
  const names = await serviceActions(service);
  if (/[*?]/.test(name)) {
    if (!names.some((known) => actionMatches(value, `${service}:${known}`))) ctx.report('INVALID_ACTION', at, { action: value });
    return;
  }
  if (names.some((known) => known.toLowerCase() === name.toLowerCase())) return;
  const suggestion = closest(name, names);
  ctx.report('INVALID_ACTION', at, { action: value, ...optional('valid_action', suggestion && `${service}:${suggestion}`) });
}

function optional(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}
