// GetHumanReadableSummary's text. AWS writes it with a language model; here it is made deterministically
// from the documents themselves, so the same policies always read the same: per policy, per statement,
// its effect, its actions grouped by service (each with the Service Authorization Reference's description,
// or "all N actions" when the statement covers the whole service), its resources and its conditions.
// English only: another locale is answered NOT_SUPPORTED.
import { actionDescription, matchedActions, serviceCatalog, statementActions, statementsOf } from './service-access.js';

/** At most this many actions are described one by one per service of a statement; the rest are counted. */
export const ACTIONS_LISTED = 15;

export interface SummarizedPolicy {
  /** e.g. `Managed policy ReadLex (arn:aws:iam::123456789012:policy/ReadLex)`. */
  title: string;
  document: string;
}

const list = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : []);

/** Locales this summary is written in: English (en, en-US, en-GB, ...). */
export function supportedLocale(locale: string): boolean {
  return /^en([-_][A-Za-z]{2,})?$/i.test(locale);
}

export async function summarize(subject: string, policies: readonly SummarizedPolicy[]): Promise<string> {
  const lines = [`${subject}: ${policies.length === 0 ? 'no permissions policies, so it allows nothing.' : `${policies.length} permissions ${policies.length === 1 ? 'policy' : 'policies'}.`}`];
  for (const policy of policies) {
    lines.push('', `${policy.title}:`);
    const statements = statementsOf(policy.document);
    for (const [index, statement] of statements.entries()) lines.push(...(await statementLines(index, statement)));
  }
  return lines.join('\n');
}

async function statementLines(index: number, statement: Record<string, unknown>): Promise<string[]> {
  const actions = statementActions(statement);
  const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? ` (${statement.Sid})` : '';
  const verb = actions.effect === 'Allow' ? 'Allows' : 'Denies';
  const lines = [`  Statement ${index + 1}${sid}: ${verb} ${actions.negated ? `every action except ${actions.actions.join(', ')}` : actions.actions.join(', ')}`];
  const catalog = await serviceCatalog();
  const matched = await matchedActions(actions);
  for (const [prefix, names] of [...matched.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const service = catalog.get(prefix)!;
    if (names.length === service.actions.length) {
      lines.push(`    ${service.name} (${service.namespace}): all ${names.length} actions`);
      continue;
    }
    lines.push(`    ${service.name} (${service.namespace}): ${names.length} ${names.length === 1 ? 'action' : 'actions'}`);
    for (const name of names.slice(0, ACTIONS_LISTED)) {
      const description = await actionDescription(service.namespace, name);
      lines.push(`      ${service.namespace}:${name}${description ? ` - ${description}` : ''}`);
    }
    if (names.length > ACTIONS_LISTED) lines.push(`      and ${names.length - ACTIONS_LISTED} more`);
  }
  const unknown = actions.negated ? [] : actions.actions.filter((a) => !/[*?]/.test(a) && !matched.get(a.split(':')[0].toLowerCase())?.some((n) => `${a.split(':')[0]}:${n}`.toLowerCase() === a.toLowerCase()));
  if (unknown.length > 0) lines.push(`    Not actions of the Service Authorization Reference: ${unknown.join(', ')}`);
  if (statement.NotResource !== undefined) lines.push(`    On every resource except: ${list(statement.NotResource).join(', ')}`);
  else if (statement.Resource !== undefined) lines.push(`    On: ${list(statement.Resource).join(', ')}`);
  if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) lines.push(`    ${statement.NotPrincipal !== undefined ? 'For every principal except' : 'For'}: ${JSON.stringify(statement.NotPrincipal ?? statement.Principal)}`);
  const conditions = statement.Condition;
  if (conditions && typeof conditions === 'object') {
    for (const [operator, keys] of Object.entries(conditions as Record<string, unknown>)) {
      for (const [key, value] of Object.entries((keys ?? {}) as Record<string, unknown>)) lines.push(`    When ${operator} ${key}: ${list(value).join(', ')}`);
    }
  }
  return lines;
}
