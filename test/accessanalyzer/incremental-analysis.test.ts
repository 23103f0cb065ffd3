// External-access findings kept up to date as roles change, not re-analyzed on every read: each step
// changes a role through IAM (UpdateAssumeRolePolicy, TagRole, DeleteRole, ...) and the next read of the
// findings answers the new state; the analysis is redone only when the account's count of role changes
// (iam_role_versions) moved, which a second server on the same PostgreSQL store sees as well.
import { AccessAnalyzerClient, CreateAnalyzerCommand, GetAnalyzedResourceCommand, ListFindingsCommand, type FindingSummary } from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient, TagRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/server.js';
import { useTestServer } from '../support/fixture.js';

const ACCOUNT = '123456789012';
const OTHER = '444455556666';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trust = (...principals: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals.length === 1 ? principals[0] : principals }, Action: 'sts:AssumeRole' }] });
const OWN = trust(`arn:aws:iam::${ACCOUNT}:root`);

type Step = { name: string; change: (iam: IAMClient, sts: STSClient) => Promise<unknown>; findings: [string, string, string][]; versionMoves: boolean };

// Each step, then every finding of the analyzer: [role, principal, status].
const STEPS: Step[] = [
  { name: 'a role trusting only its account: no finding', change: (iam) => iam.send(new CreateRoleCommand({ RoleName: 'inc-app', AssumeRolePolicyDocument: OWN })), findings: [], versionMoves: true },
  {
    name: 'UpdateAssumeRolePolicy opens it to another account: a finding',
    change: (iam) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'inc-app', PolicyDocument: trust(`arn:aws:iam::${OTHER}:root`) })),
    findings: [['inc-app', `arn:aws:iam::${OTHER}:root`, 'ACTIVE']],
    versionMoves: true,
  },
  {
    name: 'its tags change nothing of the finding',
    change: (iam) => iam.send(new TagRoleCommand({ RoleName: 'inc-app', Tags: [{ Key: 'team', Value: 'blue' }] })),
    findings: [['inc-app', `arn:aws:iam::${OTHER}:root`, 'ACTIVE']],
    versionMoves: true,
  },
  {
    name: 'an assumption of the role (its last use) is no change of the role',
    change: (_iam, sts) => sts.send(new AssumeRoleCommand({ RoleArn: roleArn('inc-self'), RoleSessionName: 'inc-session' })),
    findings: [['inc-app', `arn:aws:iam::${OTHER}:root`, 'ACTIVE']],
    versionMoves: false,
  },
  {
    name: 'closed again: the finding is resolved',
    change: (iam) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'inc-app', PolicyDocument: OWN })),
    findings: [['inc-app', `arn:aws:iam::${OTHER}:root`, 'RESOLVED']],
    versionMoves: true,
  },
  {
    name: 'another role opened to the public',
    change: (iam) => iam.send(new CreateRoleCommand({ RoleName: 'inc-public', AssumeRolePolicyDocument: trust('*') })),
    findings: [
      ['inc-app', `arn:aws:iam::${OTHER}:root`, 'RESOLVED'],
      ['inc-public', '*', 'ACTIVE'],
    ],
    versionMoves: true,
  },
  {
    name: 'deleted: its finding is resolved',
    change: (iam) => iam.send(new DeleteRoleCommand({ RoleName: 'inc-public' })),
    findings: [
      ['inc-app', `arn:aws:iam::${OTHER}:root`, 'RESOLVED'],
      ['inc-public', '*', 'RESOLVED'],
    ],
    versionMoves: true,
  },
  {
    name: 'opened again: the same finding, active again',
    change: (iam) => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'inc-app', PolicyDocument: trust(`arn:aws:iam::${OTHER}:root`) })),
    findings: [
      ['inc-app', `arn:aws:iam::${OTHER}:root`, 'ACTIVE'],
      ['inc-public', '*', 'RESOLVED'],
    ],
    versionMoves: true,
  },
];

const shape = (f: FindingSummary): [string, string, string] => [f.resource!.split('/').pop()!, f.principal!.AWS!, f.status!];

describe('external-access findings follow the roles', () => {
  const env = useTestServer({ clients: { iam: IAMClient, aa: AccessAnalyzerClient, sts: STSClient } });
  let analyzerArn = '';
  let second: RunningServer | undefined;
  // On PostgreSQL, reads alternate between this server and a second one on the same store.
  let readers: AccessAnalyzerClient[] = [];

  before(async () => {
    await env.iam.send(new CreateRoleCommand({ RoleName: 'inc-self', AssumeRolePolicyDocument: OWN }));
    analyzerArn = (await env.aa.send(new CreateAnalyzerCommand({ analyzerName: 'incremental', type: 'ACCOUNT' }))).arn!;
    readers = [env.aa];
    if (env.server.databaseUrl) {
      second = await startServer({ port: 0, dataDir: env.server.dataDir, store: 'postgres', databaseUrl: env.server.databaseUrl });
      readers.push(new AccessAnalyzerClient({ ...env.server.clientConfig(), endpoint: second.url }));
    }
  });
  after(async () => {
    for (const reader of readers.slice(1)) reader.destroy();
    await second?.close();
  });

  const findings = async (reader: AccessAnalyzerClient) =>
    ((await reader.send(new ListFindingsCommand({ analyzerArn, sort: { attributeName: 'resource', orderBy: 'ASC' } }))).findings ?? []).map(shape);
  const roleVersion = async () => {
    const row = await env.server.app.store.db.selectFrom('iam_role_versions').select('version').where('account_id', '=', ACCOUNT).executeTakeFirst();
    return Number(row?.version ?? 0);
  };

  STEPS.forEach((step, i) => {
    it(step.name, async () => {
      const before = await roleVersion();
      await step.change(env.iam, env.sts);
      assert.equal((await roleVersion()) > before, step.versionMoves, 'the count of role changes moves with a change of a role only');
      // Read through the other server when there is one: the change was made through this one.
      const reader = readers[(i + 1) % readers.length];
      assert.deepEqual(await findings(reader), step.findings);
      assert.deepEqual(await findings(readers[0]), step.findings, 'and the same through the first');
    });
  });

  it('concurrent changes of roles are each counted, and the next read sees them all', async () => {
    const before = await roleVersion();
    const names = Array.from({ length: 8 }, (_, i) => `inc-many-${i}`);
    await Promise.all(names.map((name) => env.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(`arn:aws:iam::${OTHER}:root`), Tags: [{ Key: 'n', Value: name }] }))));
    await Promise.all(names.map((name) => env.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust('*') }))));
    assert.ok((await roleVersion()) >= before + 2 * names.length);
    const found = (await findings(readers[readers.length - 1])).filter(([role]) => role.startsWith('inc-many-'));
    // No read came between the two changes: the access to the other account was never analyzed, so never found.
    assert.deepEqual(found, names.map((name) => [name, '*', 'ACTIVE']));
    await Promise.all(names.map((name) => env.iam.send(new DeleteRoleCommand({ RoleName: name }))));
  });

  it('a read without a change reads the stored findings: the analysis keeps the version it was made at', async () => {
    await findings(env.aa);
    const stored = await env.server.app.store.db
      .withTables<{ accessanalyzer_analysis_versions: { analyzer_arn: string; source_version: string } }>()
      .selectFrom('accessanalyzer_analysis_versions')
      .select('source_version')
      .where('analyzer_arn', '=', analyzerArn)
      .executeTakeFirst();
    assert.equal(stored?.source_version, String(await roleVersion()));
    const resource = await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('inc-self') }));
    const again = await env.aa.send(new GetAnalyzedResourceCommand({ analyzerArn, resourceArn: roleArn('inc-self') }));
    assert.deepEqual(again.resource!.analyzedAt, resource.resource!.analyzedAt, 'an unchanged role is not analyzed anew');
  });
});
