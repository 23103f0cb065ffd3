// ListRoles with PathPrefix, paged by Marker: the same roles, in the same order, whichever way the
// server reads them (the path index, one range per matching path, while the account has few paths; the
// name order with the prefix as a filter once it has many: iam/roles.ts). Prefixes that are a path's
// start but not a whole segment, LIKE's wildcards and case all select as AWS's prefix does.
import { CreateRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';
import { trustPolicy } from '../support/iam.js';

const ROLES: [string, string][] = [
  ['alpha1', '/'],
  ['Alpha2', '/team/'],
  ['beta1', '/team/'],
  ['beta2', '/team/sub/'],
  ['gamma1', '/teammates/'],
  ['gamma2', '/Team/'],
  ['delta1', '/te_m/'],
  ['delta2', '/te%m/'],
  ['epsilon1', '/team/sub/deep/'],
  ['zeta1', '/other/'],
  ['zeta2', '/team/'],
];

async function everyPage(iam: IAMClient, pathPrefix: string | undefined): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = await iam.send(new ListRolesCommand({ PathPrefix: pathPrefix, MaxItems: 2, Marker: marker }));
    names.push(...out.Roles!.map((r) => r.RoleName!));
    assert.equal(out.IsTruncated, out.Marker !== undefined);
    marker = out.Marker;
    if (!out.IsTruncated) return names;
  }
  throw new Error('more than 1000 pages');
}

const PREFIXES = ['/team/', '/team', '/team/sub/', '/Team/', '/te_m/', '/te%', '/t', '/nobody/', '/other/', '/'];

/** The roles a prefix selects, in ListRoles' order (names compared lower-cased). */
function expected(roles: [string, string][], prefix: string): string[] {
  return roles.filter(([, path]) => path.startsWith(prefix)).map(([name]) => name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

describe('ListRoles PathPrefix through the path index (few paths)', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  before(async () => {
    for (const [name, path] of ROLES) await env.iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: trustPolicy() }));
  });
  for (const prefix of PREFIXES) {
    it(`PathPrefix ${prefix}: its roles, two a page, in name order`, async () => {
      assert.deepEqual(await everyPage(env.iam, prefix), expected(ROLES, prefix));
    });
  }
});

describe('ListRoles PathPrefix in name order (an account with more paths than the path walk reads)', () => {
  const env = useTestServer({ clients: { iam: IAMClient } });
  // 501 paths of their own (beyond MAX_PATHS, 500) besides the table's.
  const many: [string, string][] = [...ROLES, ...Array.from({ length: 501 }, (_, i): [string, string] => [`many${String(i).padStart(3, '0')}`, `/many/p${i}/`])];
  before(async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < many.length; i += 8) await env.iam.send(new CreateRoleCommand({ RoleName: many[i][0], Path: many[i][1], AssumeRolePolicyDocument: trustPolicy() }));
      }),
    );
  });
  for (const prefix of [...PREFIXES, '/many/p1']) {
    it(`PathPrefix ${prefix}: its roles, two a page, in name order`, async () => {
      assert.deepEqual(await everyPage(env.iam, prefix), expected(many, prefix));
    });
  }
});
