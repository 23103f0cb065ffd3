// The filters of Lex's analytics requests (`{ name, operator, values }`): each operation declares, per filter
// name, the operators AWS documents for it and how to read the value off a fact. A fact passes a filter when it
// matches any of its values; it must pass every filter. A filter name the operation does not take, or an
// operator its name does not take, is a ValidationException.
import { invalid } from './context.js';
import type { ConversationFacts } from './analytics-facts.js';

export type FilterOperator = 'EQ' | 'GT' | 'LT';

export interface RequestFilter {
  name: string;
  operator: string;
  values: string[];
}

export interface FilterField<F> {
  operators: FilterOperator[];
  /** The fact's value; undefined matches no value. */
  value(fact: F): string | number | undefined;
}

export type FilterFields<F> = Record<string, FilterField<F>>;

/** A number of seconds as a filter value: `30`, `30s`, `30 sec` (the Analytics guide writes "30 sec"). */
function seconds(name: string, value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?\s*$/i.exec(value);
  if (!match) throw invalid(`Invalid value ${JSON.stringify(value)} for filter ${name}: it must be a number of seconds.`);
  return Number(match[1]);
}

function matches(name: string, operator: FilterOperator, actual: string | number | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  if (typeof actual === 'number') {
    const n = seconds(name, wanted);
    return operator === 'EQ' ? actual === n : operator === 'GT' ? actual > n : actual < n;
  }
  return actual === wanted;
}

/** The facts that pass every filter. */
export function applyFilters<F>(facts: F[], filters: RequestFilter[] | undefined, fields: FilterFields<F>): F[] {
  if (!filters || filters.length === 0) return facts;
  for (const filter of filters) {
    const field = fields[filter.name];
    if (!field) throw invalid(`Filter name ${filter.name} is not supported by this operation. Supported names: ${Object.keys(fields).join(', ')}.`);
    if (!field.operators.includes(filter.operator as FilterOperator)) {
      throw invalid(`Filter ${filter.name} does not support operator ${filter.operator}. Supported operators: ${field.operators.join(', ')}.`);
    }
    // Reject a bad value even when no fact is left to compare it with.
    if (field.operators.includes('GT')) for (const v of filter.values) seconds(filter.name, v);
  }
  return facts.filter((fact) =>
    filters.every((filter) => {
      const field = fields[filter.name];
      const actual = field.value(fact);
      return filter.values.some((wanted) => matches(filter.name, filter.operator as FilterOperator, actual, wanted));
    }),
  );
}

/** The filters every analytics operation takes, on a fact of a conversation. */
export function conversationFields<F>(of: (fact: F) => ConversationFacts): FilterFields<F> {
  return {
    BotAliasId: { operators: ['EQ'], value: (f) => of(f).conversation.botAliasId },
    BotVersion: { operators: ['EQ'], value: (f) => of(f).conversation.botVersion },
    LocaleId: { operators: ['EQ'], value: (f) => of(f).conversation.localeId },
    Modality: { operators: ['EQ'], value: (f) => of(f).mode },
    Channel: { operators: ['EQ'], value: (f) => of(f).conversation.channel },
  };
}

/** ... and those of the operations that also filter by session. */
export function sessionFields<F>(of: (fact: F) => ConversationFacts): FilterFields<F> {
  return {
    ...conversationFields(of),
    SessionId: { operators: ['EQ'], value: (f) => of(f).conversation.sessionId },
    OriginatingRequestId: { operators: ['EQ'], value: (f) => of(f).originatingRequestId },
  };
}
