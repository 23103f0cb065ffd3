// What the Lex domain modules share: the linked-service platform (the store, the clock, the IAM and
// STS services Lex acts through), how fast statuses move, Lex's errors and paging.
import { errors } from '../../aws/generated/lexv2-models.js';
import { createHash } from 'node:crypto';
import type { AwsError } from '../../aws/errors.js';
import type { LinkedServicePlatform } from '../kit/module.js';
import { offsetPage } from '../kit/paging.js';

export interface LexOptions {
  /** How long transitional statuses (Creating, Building, Versioning, ...) last; 0 settles at once. */
  transitionMs?: number;
  /** A conversation counts as in progress (its roles in use now) this long after its last turn. */
  conversationActiveSeconds?: number;
}

export interface LexContext extends LinkedServicePlatform {
  transitionMs: number;
  conversationActiveMs: number;
}

export function makeContext(deps: LinkedServicePlatform, options: LexOptions = {}): LexContext {
  return { ...deps, transitionMs: options.transitionMs ?? 150, conversationActiveMs: (options.conversationActiveSeconds ?? 60) * 1000 };
}

export const notFound = (message = 'Failed to retrieve resource since it does not exist'): AwsError =>
  errors.ResourceNotFoundException(message);
export const preconditionFailed = (message = 'Failed to retrieve resource since it does not exist'): AwsError =>
  errors.PreconditionFailedException(message);
export const conflict = (message: string): AwsError => errors.ConflictException(message);
export const invalid = (message: string): AwsError => errors.ValidationException(message);

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  return JSON.parse(text) as T;
}

export function shortHash(text: string, length = 10): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** One page of an already filtered and sorted list; Lex's default page size is 10. */
export const page = <T>(items: T[], maxResults: number | undefined, nextToken: string | undefined) => offsetPage(items, maxResults, nextToken, 10, invalid);

export type Filter = { name: string; values: string[]; operator: string };

/** Lex's list filters: EQ, CO (contains), NE; names compare case-insensitively. */
export function matchesFilter(value: string, filter: Filter): boolean {
  const wanted = filter.values[0] ?? '';
  const v = value.toLowerCase();
  const w = wanted.toLowerCase();
  switch (filter.operator) {
    case 'EQ':
      return v === w;
    case 'NE':
      return v !== w;
    default:
      return v.includes(w);
  }
}
