// What repeats what: an action of a statement all of whose actions (in the Service Authorization
// Reference) the statement's other actions already grant, as the check reference explains it
// (iam:GetCredentialReport beside iam:Get*, but not iam:*CredentialReport, which also grants
// iam:GenerateCredentialReport); a resource that another of the statement's resources' wildcards covers;
// and a statement granting exactly what an earlier one grants (the same effect, actions, resources,
// principals and condition; the Sid aside). Of two entries that grant the same, the later is redundant.
import { actionMatches, arnMatches, toPlain, type JsonNode } from '../../../policy/index.js';
import { serviceActions } from './catalog.js';
import type { CheckContext } from './context.js';
import type { ListElement, PolicyModel, StatementModel, StringItem } from './model.js';

export async function checkRedundancy(ctx: CheckContext, policy: PolicyModel): Promise<void> {
  for (const statement of policy.statements) {
    if (statement.action) await redundantActions(ctx, statement.action);
    if (!ctx.trust) redundantResources(ctx, statement.resource);
  }
  const seen = new Set<string>();
  for (const statement of policy.statements) {
    const key = statementKey(statement);
    if (seen.has(key)) ctx.report('REDUNDANT_STATEMENT', [ctx.at(statement.path, statement.node)]);
    seen.add(key);
  }
}

/** `*` grants every action; `service:pattern` the service's actions it matches; undefined: not judged. */
async function grantedActions(value: string): Promise<Set<string> | 'all' | undefined> {
  if (value === '*') return 'all';
  const colon = value.indexOf(':');
  if (colon <= 0 || /[*?]/.test(value.slice(0, colon))) return undefined;
  const service = value.slice(0, colon);
  const names = (await serviceActions(service)).filter((name) => actionMatches(value, `${service}:${name}`));
  return names.length > 0 ? new Set(names.map((name) => name.toLowerCase())) : undefined;
}

async function redundantActions(ctx: CheckContext, element: ListElement): Promise<void> {
  const items = element.items;
  const granted = await Promise.all(items.map((item) => grantedActions(item.value)));
  const service = (item: StringItem) => item.value.slice(0, item.value.indexOf(':')).toLowerCase();
  const redundant = new Set<number>();
  // From the last entry back, so that of two entries granting the same the later one is reported.
  for (let i = items.length - 1; i >= 0; i--) {
    const own = granted[i];
    if (own === undefined) continue;
    const others = items.map((_, j) => j).filter((j) => j !== i && !redundant.has(j) && granted[j] !== undefined);
    if (own === 'all') {
      if (others.some((j) => granted[j] === 'all')) redundant.add(i);
      continue;
    }
    if (others.some((j) => granted[j] === 'all')) {
      redundant.add(i);
      continue;
    }
    const union = new Set(others.filter((j) => service(items[j]) === service(items[i])).flatMap((j) => [...(granted[j] as Set<string>)]));
    if ([...own].every((name) => union.has(name))) redundant.add(i);
  }
  report(ctx, items.filter((_, i) => redundant.has(i)), 'REDUNDANT_ACTION', 'redundantActionCount', 'redundantAction');
}

/** A resource another resource of the statement matches (of two identical ones, the later). */
function redundantResources(ctx: CheckContext, element: ListElement | undefined): void {
  if (!element) return;
  const { items } = element;
  const redundant = items.filter((item, i) =>
    items.some((other, j) => j !== i && (other.value === item.value ? j < i : arnMatches(other.value, item.value) && !arnMatches(item.value, other.value))),
  );
  report(ctx, redundant, 'REDUNDANT_RESOURCE', 'redundantResourceCount', 'redundantResource');
}

function report(ctx: CheckContext, redundant: StringItem[], code: string, countName: string, exampleName: string): void {
  if (redundant.length === 0) return;
  ctx.report(code, redundant.map((item) => ctx.at(item.path, item.node)), { [countName]: redundant.length, [exampleName]: redundant[0].value });
}

/** What a statement grants, written so that two statements granting the same thing are equal. */
function statementKey(statement: StatementModel): string {
  const list = (element: ListElement | undefined, fold: boolean) =>
    element ? [...new Set(element.items.map((item) => (fold ? item.value.toLowerCase() : item.value)))].sort() : null;
  return JSON.stringify([
    statement.effect ?? null,
    list(statement.action, true),
    list(statement.notAction, true),
    list(statement.resource, false),
    list(statement.notResource, false),
    canonical(statement.principal?.value),
    canonical(statement.notPrincipal?.value),
    canonical(statement.condition?.value),
  ]);
}

function canonical(node: JsonNode | undefined): unknown {
  if (!node) return null;
  return sortKeys(toPlain(node));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
