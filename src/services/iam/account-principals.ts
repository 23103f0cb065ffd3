// The account's principals and where their policies come from, one wiring for the server (app.ts) and
// the commands that read a data dir (`linkedrole can`, `linkedrole who-can`).
import type { AccountPrincipal, PrincipalFactsLookup, PrincipalLister } from './effective-permissions.js';
import type { Iam } from './iam.js';
import { roleKey } from './roles.js';
import type { Identities } from './identities.js';
import type { PrincipalPolicyLoader } from './simulator.js';

/** Roles first, then users and groups: the loaders PolicySimulator asks in order. */
export function principalPolicyLoaders(iam: Iam, identities: Identities): PrincipalPolicyLoader[] {
  return [(_accountId, arn) => iam.rolePoliciesByArn(arn), (accountId, arn) => identities.principalPoliciesByArn(accountId, arn)];
}

const PAGE = 500;

/** Every role and user of the account, by name. */
export function accountPrincipals(iam: Iam, identities: Identities): PrincipalLister {
  return async (accountId) => {
    const out: AccountPrincipal[] = [];
    let afterKey: string | undefined;
    for (;;) {
      const page = await iam.roles.list(accountId, { afterKey, limit: PAGE });
      out.push(...page.map((r) => ({ arn: r.arn, kind: 'role' as const })));
      if (page.length < PAGE) break;
      afterKey = roleKey(page[page.length - 1].roleName);
    }
    let marker: string | undefined;
    do {
      const page = await identities.users.list(accountId, { Marker: marker, MaxItems: PAGE });
      out.push(...page.items.map((u) => ({ arn: u.arn, kind: 'user' as const })));
      marker = page.marker;
    } while (marker !== undefined);
    return out;
  };
}

/** What a role or user fixes of its requests (effective permissions): a user's id and name, the tags. */
export function principalFactsLookup(iam: Iam, identities: Identities): PrincipalFactsLookup {
  return async (accountId, arn) => {
    const role = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (role) {
      const found = await iam.roles.findWithTags(accountId, role[1]);
      return found && found.role.arn === arn ? { tags: Object.fromEntries(found.tags.map((t) => [t.Key, t.Value])) } : undefined;
    }
    const user = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
    const found = user ? await identities.users.find(accountId, user[1]) : undefined;
    if (!found || found.arn !== arn) return undefined;
    const tags = await identities.users.tags(accountId, found.userName);
    return { userId: found.userId, userName: found.userName, tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) };
  };
}
