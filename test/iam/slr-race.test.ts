// Twenty clients create the same service-linked role at once: exactly one succeeds, the others get
// AWS's "has been taken" error, and the account has one role.
import { CreateServiceLinkedRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolesCommand, type CreateServiceLinkedRoleCommandOutput } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestServer } from '../support/fixture.js';

describe('concurrent CreateServiceLinkedRole', () => {
  const env = useTestServer();

  for (const [principal, roleName, path] of [
    ['app-integrations.amazonaws.com', 'AWSServiceRoleForAppIntegrations', '/aws-service-role/app-integrations.amazonaws.com/'],
    ['replication.lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Replication', '/aws-service-role/replication.lexv2.amazonaws.com/'],
  ]) {
    it(`20 clients racing for ${roleName} make exactly one role`, async () => {
      // One client (and so one connection) each, so the requests really are in flight together.
      const clients = Array.from({ length: 20 }, () => new IAMClient(env.server.clientConfig()));
      try {
        const results = await Promise.allSettled(clients.map((c) => c.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: principal }))));
        const won = results.filter((r): r is PromiseFulfilledResult<CreateServiceLinkedRoleCommandOutput> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(won.length, 1, `winners: ${won.length}; errors: ${lost.map((l) => (l.reason as Error).message).join(' | ')}`);
        assert.equal(won[0].value.Role?.RoleName, roleName);
        assert.equal(lost.length, 19);
        for (const { reason } of lost) {
          assert.equal((reason as Error).name, 'InvalidInputException');
          assert.equal((reason as Error).message, `Service role name ${roleName} has been taken in this account, please try a different suffix.`);
        }
        const { Roles } = await clients[0].send(new ListRolesCommand({ PathPrefix: path }));
        assert.deepEqual(Roles?.map((r) => [r.RoleName, r.RoleId]), [[roleName, won[0].value.Role?.RoleId]]);
        const attached = await clients[0].send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
        assert.equal(attached.AttachedPolicies?.length, 1);
      } finally {
        for (const c of clients) c.destroy();
      }
    });
  }
});
