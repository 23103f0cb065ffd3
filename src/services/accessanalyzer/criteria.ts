// The filters of ListFindings, ListFindingsV2 and the archive rules: a map of filter key -> Criterion
// (eq, neq, contains, exists), matched against a finding's attributes as AWS's filter keys name them
// (resource, resourceType, status, isPublic, action, principal.AWS, condition.aws:SourceIp, findingType, ...).
// Keys are ANDed, the values of one operator ORed, the operators of one criterion ANDed.
import type { Criterion, SortCriteria } from '../../aws/generated/accessanalyzer.js';
import { invalid } from './errors.js';

/** A finding's attributes by filter key: each key's values (a list attribute such as action has several). */
export type Attributes = Record<string, string[]>;

const FIXED_KEYS = new Set(['id', 'status', 'resource', 'resourceType', 'resourceOwnerAccount', 'isPublic', 'action', 'error', 'findingType', 'createdAt', 'updatedAt', 'analyzedAt',
  // Access preview findings' own.
  'changeType', 'existingFindingId', 'existingFindingStatus']);
const PREFIXED_KEYS = ['principal.', 'condition.'];

const isFilterKey = (key: string): boolean => FIXED_KEYS.has(key) || PREFIXED_KEYS.some((p) => key.startsWith(p) && key.length > p.length);

/** Refuses a filter AWS would refuse: an unknown key, a criterion with no operator. */
export function checkFilter(filter: Record<string, Criterion> | undefined, field = 'filter'): void {
  for (const [key, criterion] of Object.entries(filter ?? {})) {
    if (!isFilterKey(key)) throw invalid(`Invalid filter key: ${key}`, `${field}.${key}`);
    const operators = [criterion.eq, criterion.neq, criterion.contains].filter((v) => v !== undefined);
    if (operators.length === 0 && criterion.exists === undefined) throw invalid(`The criterion for ${key} has no operator: give eq, neq, contains or exists.`, `${field}.${key}`);
    if (operators.some((values) => values!.length === 0)) throw invalid(`The criterion for ${key} has an operator with no values.`, `${field}.${key}`);
  }
}

function matches(values: string[] | undefined, criterion: Criterion): boolean {
  const present = values !== undefined && values.length > 0;
  if (criterion.exists !== undefined && criterion.exists !== present) return false;
  if (criterion.eq && !(present && values.some((v) => criterion.eq!.includes(v)))) return false;
  if (criterion.neq && present && values.some((v) => criterion.neq!.includes(v))) return false;
  if (criterion.contains && !(present && values.some((v) => criterion.contains!.some((part) => v.includes(part))))) return false;
  return true;
}

/** Does the finding satisfy every criterion of the filter? (An empty filter matches everything.) */
export function matchesFilter(attributes: Attributes, filter: Record<string, Criterion> | undefined): boolean {
  return Object.entries(filter ?? {}).every(([key, criterion]) => matches(attributes[key], criterion));
}

/** Sorts by the attribute named (its first value; dates are ISO text, so text order is time order); by createdAt unless told. */
export function sortByCriteria<T>(items: T[], attributesOf: (item: T) => Attributes, sort: SortCriteria | undefined): T[] {
  const name = sort?.attributeName ?? 'createdAt';
  if (!isFilterKey(name)) throw invalid(`Invalid sort attribute: ${name}`, 'sort.attributeName');
  const sign = sort?.orderBy === 'DESC' ? -1 : 1;
  const key = (item: T) => attributesOf(item)[name]?.[0] ?? '';
  const keyed = items.map((item, index) => ({ item, index, key: key(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.index - b.index));
  return keyed.map((k) => k.item);
}
