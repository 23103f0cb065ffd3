// What the Lex domain modules share: the store, the clock, how fast statuses move, and the IAM
// services Lex acts through (the service-linked role lifecycle and the on-behalf path).
import { createHash } from 'node:crypto';
import { AwsError } from '../../aws/errors.js';
import { decodePageToken, encodePageToken } from '../../aws/paging.js';
import type { Store } from '../../store/database.js';
import type { OnBehalf } from '../sts/on-behalf.js';
import type { Role } from '../iam/roles.js';
import type { ServiceLinkedRoles } from '../iam/service-linked-roles.js';

export interface LexOptions {
  /** How long transitional statuses (Creating, Building, Versioning, ...) last; 0 settles at once. */
  transitionMs?: number;
  /** A conversation counts as in progress (its roles in use now) this long after its last turn. */
  conversationActiveSeconds?: number;
}

export interface LexDependencies {
  store: Store;
  clock: () => Date;
  /** Finds a role of the account by name (IAM's role store). */
  findRole(accountId: string, roleName: string): Promise<Role | undefined>;
  /** The service-linked role lifecycle. */
  slr: ServiceLinkedRoles;
  /** Assuming Lex's roles and authorizing its calls through them. */
  onBehalf: OnBehalf;
}

export interface LexContext extends LexDependencies {
  transitionMs: number;
  conversationActiveMs: number;
}

export function makeContext(deps: LexDependencies, options: LexOptions = {}): LexContext {
  return { ...deps, transitionMs: options.transitionMs ?? 150, conversationActiveMs: (options.conversationActiveSeconds ?? 60) * 1000 };
}

/** Where a request lands: its account and region. */
export interface Scope {
  accountId: string;
  region: string;
}

export const notFound = (message = 'Failed to retrieve resource since it does not exist'): AwsError =>
  new AwsError('ResourceNotFoundException', message, 404);
export const preconditionFailed = (message = 'Failed to retrieve resource since it does not exist'): AwsError =>
  new AwsError('PreconditionFailedException', message, 412);
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message, 409);
export const invalid = (message: string): AwsError => new AwsError('ValidationException', message, 400);

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  return JSON.parse(text) as T;
}

export function shortHash(text: string, length = 10): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** One page of an already filtered and sorted list; Lex's default page size is 10. */
export function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const position = decodePageToken<{ offset: number }>(nextToken, 'ValidationException');
  const offset = position ? Number(position.offset) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The nextToken is not valid.');
  const size = maxResults ?? 10;
  const slice = items.slice(offset, offset + size);
  return { items: slice, nextToken: offset + size < items.length ? encodePageToken({ offset: offset + size }) : undefined };
}

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
