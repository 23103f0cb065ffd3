// The Principal / NotPrincipal element of resource and trust policies. How a principal matched matters
// to evaluation: a grant naming the caller itself (user, session, service, `*`) is not limited by a
// permissions boundary; one naming the session's role is; one naming the account only delegates to the
// account's own identity policies.
import type { RequestView } from './request.js';

export const enum PrincipalMatch {
  None = 0,
  /** The caller itself: its ARN, its service name, `*`. */
  Direct = 1,
  /** The role of the calling session (or the role ARN itself). */
  Role = 2,
  /** The caller's account (`123456789012` or `arn:aws:iam::123456789012:root`). */
  Account = 3,
}

/** The principal element as written: `*` or `{ "AWS": [...], "Service": [...], ... }`. */
export type PrincipalSyntax = '*' | Record<string, string[]>;

export interface PrincipalMatcher {
  readonly any: boolean;
  readonly arns: ReadonlySet<string>;
  /** `account:roleName` of each role ARN: a session matches its role whatever the role's path. */
  readonly roles: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Federated and CanonicalUser principals, matched exactly. */
  readonly others: ReadonlySet<string>;
  /** Every AWS ARN as written (users, roles, sessions, roots...), for NotPrincipal's exact matching. */
  readonly listed: ReadonlySet<string>;
}

const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const SESSION_ARN = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipal(syntax: PrincipalSyntax): PrincipalMatcher {
  const matcher = {
    any: syntax === '*',
    arns: new Set<string>(),
    roles: new Set<string>(),
    accounts: new Set<string>(),
    services: new Set<string>(),
    others: new Set<string>(),
    listed: new Set<string>(),
  };
  if (syntax === '*') return matcher;
  for (const [type, values] of Object.entries(syntax)) {
    for (const value of values) {
      if (type === 'AWS') {
        if (value.startsWith('arn:')) matcher.listed.add(value);
        if (value === '*') matcher.any = true;
        else if (/^\d{12}$/.test(value)) matcher.accounts.add(value);
        else if (ROOT_ARN.test(value)) matcher.accounts.add(ROOT_ARN.exec(value)![1]);
        else if (ROLE_ARN.test(value)) {
          const [, account, name] = ROLE_ARN.exec(value)!;
          matcher.roles.add(`${account}:${name}`);
        } else matcher.arns.add(value);
      } else if (type === 'Service') matcher.services.add(value);
      else matcher.others.add(value);
    }
  }
  return matcher;
}

export function matchPrincipal(matcher: PrincipalMatcher, view: RequestView): PrincipalMatch {
  if (matcher.any) return PrincipalMatch.Direct;
  const principal = view.request.principal;
  if (view.isServicePrincipal) {
    // cognito-identity.amazonaws.com and other identity providers are named as Federated principals.
    return matcher.services.has(principal) || matcher.others.has(principal) ? PrincipalMatch.Direct : PrincipalMatch.None;
  }
  if (matcher.arns.has(principal) || matcher.others.has(principal)) return PrincipalMatch.Direct;
  if (matcher.roles.size > 0) {
    const role = roleOf(principal);
    if (role !== undefined && matcher.roles.has(role)) return PrincipalMatch.Role;
  }
  const account = view.principalAccount;
  if (account !== undefined && matcher.accounts.has(account)) return PrincipalMatch.Account;
  return PrincipalMatch.None;
}

/**
 * Does NotPrincipal list the caller itself? AWS denies "all principals except the ones specified": only
 * the caller's own ARN (or service name) exempts it. An account listed exempts that account's root
 * alone, a role its role ARN alone; a session is exempt only when its session ARN is listed (AWS's
 * examples list the session, its role and its account together, as some services check all three).
 */
export function listsPrincipal(matcher: PrincipalMatcher, view: RequestView): boolean {
  if (matcher.any) return true;
  const principal = view.request.principal;
  if (view.isServicePrincipal) return matcher.services.has(principal) || matcher.others.has(principal);
  if (matcher.listed.has(principal) || matcher.others.has(principal)) return true;
  if (matcher.accounts.size === 0) return false;
  const root = ROOT_ARN.exec(principal);
  return root !== null && matcher.accounts.has(root[1]);
}

/** `account:roleName` for a role ARN or a session of it; undefined for other principals. */
function roleOf(principal: string): string | undefined {
  const match = SESSION_ARN.exec(principal) ?? ROLE_ARN.exec(principal);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

/** Is this a valid AWS principal value? AWS rejects wildcards other than a lone `*`. */
export function isValidAwsPrincipal(value: string): boolean {
  if (value === '*' || /^\d{12}$/.test(value)) return true;
  return /^arn:[a-z-]+:(iam|sts)::\d{12}:[^*?\s]+$/.test(value);
}
