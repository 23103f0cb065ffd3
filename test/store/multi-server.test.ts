// Several `linkedrole serve` processes on one PostgreSQL database, with concurrent calls spread across
// them: every invariant holds as it does with one server. Exactly one service-linked role however many
// ask for it, a deletion task runs once and ends in one state, no lost update on a role's description,
// tags and inline policies or on a bot's capabilities (the grants in its role), and the audit trail
// has an event for every call. Needs PostgreSQL (scripts/with-postgres.sh); CI runs it there.
import { AppIntegrationsClient, CreateDataIntegrationCommand, ListDataIntegrationsCommand } from '@aws-sdk/client-appintegrations';
import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { CreateBotAliasCommand, CreateBotCommand, DescribeBotCommand, LexModelsV2Client, UpdateBotAliasCommand, type CreateBotCommandInput } from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../support/server.js';
import { startServeProcess, type ServeProcess } from '../support/serve-process.js';

const adminUrl = process.env.LINKEDROLE_TEST_DATABASE_URL;
const SERVERS = 3;
const ACCOUNT = '123456789012';
const KMS = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const policy = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${n}/*` }] });

type Sent = { $metadata: { requestId?: string } };

describe('several servers on one PostgreSQL database', { skip: adminUrl ? false : 'needs LINKEDROLE_TEST_DATABASE_URL (scripts/with-postgres.sh)' }, () => {
  let database: { url: string; drop(): Promise<void> };
  let servers: ServeProcess[] = [];
  /** Request ids of every write call that reached its operation (answered with success or a service error). */
  const writeRequestIds: string[] = [];

  /** A fresh client per call (its own connection), on server `i % SERVERS`. */
  function iam(i: number): IAMClient {
    return new IAMClient(servers[i % SERVERS].clientConfig());
  }

  /** Sends on a fresh client of server `i`, noting the request id of a write. */
  async function send<T extends Sent>(i: number, make: (config: ReturnType<ServeProcess['clientConfig']>) => { send(command: unknown): Promise<unknown>; destroy(): void }, command: unknown, write = true): Promise<T> {
    const client = make(servers[i % SERVERS].clientConfig());
    try {
      const out = (await client.send(command)) as T;
      if (write && out.$metadata.requestId) writeRequestIds.push(out.$metadata.requestId);
      return out;
    } catch (error) {
      const id = (error as Sent).$metadata?.requestId;
      if (write && id && (error as { $fault?: string }).$fault === 'client' && (error as Error).name !== 'ValidationException') writeRequestIds.push(id);
      throw error;
    } finally {
      client.destroy();
    }
  }
  /**
   * The answers to DeleteServiceLinkedRole calls racing for one role: at least one starts (or is given)
   * its task; a call that arrives after the task has already deleted the role finds no role
   * (NoSuchEntity), as AWS answers then. Anything else fails the test.
   */
  function answeredAfterDeletion<T>(results: PromiseSettledResult<T>[]): T[] {
    const answered = results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);
    assert.ok(answered.length > 0, 'one of the calls starts the deletion');
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'NoSuchEntityException', (r.reason as Error).message);
    return answered;
  }
  const IAM = (config: ReturnType<ServeProcess['clientConfig']>) => new IAMClient(config);
  const AI = (config: ReturnType<ServeProcess['clientConfig']>) => new AppIntegrationsClient(config);
  const LEX = (config: ReturnType<ServeProcess['clientConfig']>) => new LexModelsV2Client(config);

  before(async () => {
    database = await createTestDatabase(adminUrl!);
    // All at once on the fresh database: they take turns applying the migrations.
    servers = await Promise.all(Array.from({ length: SERVERS }, () => startServeProcess({ storeFlags: ['--store', 'postgres', '--database-url', database.url] })));
  });
  after(async () => {
    for (const server of servers) await server.kill();
    await database?.drop();
  });

  it(`24 concurrent CreateServiceLinkedRole across ${SERVERS} servers make exactly one AWSServiceRoleForAppIntegrations`, async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => send<Sent & { Role?: { RoleName?: string } }>(i, IAM, new CreateServiceLinkedRoleCommand({ AWSServiceName: 'app-integrations.amazonaws.com' }))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1, lost.map((l) => `${(l.reason as Error).name}: ${(l.reason as Error).message}`).join(' | '));
    for (const { reason } of lost) {
      assert.equal((reason as Error).name, 'InvalidInputException');
      assert.match((reason as Error).message, /AWSServiceRoleForAppIntegrations has been taken in this account/);
    }
    for (let i = 0; i < SERVERS; i++) {
      const client = iam(i);
      const { Roles } = await client.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/app-integrations.amazonaws.com/' }));
      client.destroy();
      assert.deepEqual(Roles?.map((r) => r.RoleName), ['AWSServiceRoleForAppIntegrations']);
    }
  });

  it('a deletion task asked for on every server is one task, run once, ending in one state everywhere', async () => {
    const ids = answeredAfterDeletion(
      await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => send<Sent & { DeletionTaskId?: string }>(i, IAM, new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAppIntegrations' }))),
      ),
    );
    const taskIds = new Set(ids.map((r) => r.DeletionTaskId));
    // Asked for while the first is pending: the same task (unless it already finished in between).
    const statuses = await pollUntilDone([...taskIds] as string[]);
    for (const [, seen] of statuses) assert.equal(seen.at(-1), 'SUCCEEDED');
    await assertRows(`SELECT count(*)::int AS n FROM iam_slr_deletion_tasks WHERE status NOT IN ('SUCCEEDED', 'FAILED')`, 0);
    await assertRows(`SELECT count(*)::int AS n FROM iam_roles WHERE role_name = 'AWSServiceRoleForAppIntegrations'`, 0);
  });

  it('twelve roles deleted at once across servers: each task runs once and ends in one state', async () => {
    const suffixes = Array.from({ length: 12 }, (_, i) => `multi${i}`);
    await Promise.all(suffixes.map((suffix, i) => send(i, IAM, new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: suffix }))));
    const asked: (Sent & { DeletionTaskId?: string })[] = [];
    await Promise.all(
      suffixes.map(async (suffix, i) => {
        const pair = await Promise.allSettled([i, i + 1].map((s) => send<Sent & { DeletionTaskId?: string }>(s, IAM, new DeleteServiceLinkedRoleCommand({ RoleName: `AWSServiceRoleForLexV2Bots_${suffix}` }))));
        asked.push(...answeredAfterDeletion(pair));
      }),
    );
    const taskIds = [...new Set(asked.map((a) => a.DeletionTaskId!))];
    assert.ok(taskIds.length >= 12);
    const statuses = await pollUntilDone(taskIds);
    for (const [task, seen] of statuses) {
      assert.equal(seen.at(-1), 'SUCCEEDED', `${task}: ${seen.join(' -> ')}`);
      // Statuses only move forward, whichever server answers.
      const order = ['NOT_STARTED', 'IN_PROGRESS', 'SUCCEEDED'];
      for (let i = 1; i < seen.length; i++) assert.ok(order.indexOf(seen[i]) >= order.indexOf(seen[i - 1]), `${task}: ${seen.join(' -> ')}`);
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query(`SELECT role_name, status, claimed_by FROM iam_slr_deletion_tasks WHERE role_name LIKE 'AWSServiceRoleForLexV2Bots_multi%'`);
      // One task per role, claimed by one worker.
      assert.equal(new Set(rows.rows.map((r) => r.role_name)).size, rows.rows.length);
      for (const row of rows.rows) assert.ok(row.claimed_by);
      const left = await client.query(`SELECT count(*)::int AS n FROM iam_roles WHERE role_name LIKE 'AWSServiceRoleForLexV2Bots_multi%'`);
      assert.equal(left.rows[0].n, 0);
    } finally {
      await client.end();
    }
  });

  it('20 concurrent CreateDataIntegration across servers: every integration, exactly one role created for them', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        send(i, AI, new CreateDataIntegrationCommand({ Name: `integration-${i}`, KmsKey: KMS, SourceURI: 'Salesforce://AppFlow/salesforce-prod', ScheduleConfig: { ScheduleExpression: 'rate(1 hour)', Object: 'Account' } })),
      ),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(failed.length, 0, failed.map((f) => `${(f.reason as Error).name}: ${(f.reason as Error).message}`).join(' | '));
    // The same name from every server at once: one wins.
    const same = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => send(i, AI, new CreateDataIntegrationCommand({ Name: 'contested', KmsKey: KMS, SourceURI: 's3://bucket/x' }))));
    assert.equal(same.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of same) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'DuplicateResourceException', (r.reason as Error).message);
    const client = iam(1);
    const { Roles } = await client.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/app-integrations.amazonaws.com/' }));
    client.destroy();
    assert.deepEqual(Roles?.map((r) => r.RoleName), ['AWSServiceRoleForAppIntegrations']);
    const ai = new AppIntegrationsClient(servers[2].clientConfig());
    const listed = await ai.send(new ListDataIntegrationsCommand({ MaxResults: 50 }));
    ai.destroy();
    assert.equal(listed.DataIntegrations?.length, 21);
  });

  it('concurrent TagRole, PutRolePolicy and UpdateRoleDescription on one role across servers lose no update', async () => {
    await send(0, IAM, new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'created', Value: 'yes' }] }));
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) calls.push(send(i, IAM, new TagRoleCommand({ RoleName: 'shared', Tags: [{ Key: `key-${i}`, Value: `value-${i}` }] })));
    for (let i = 0; i < 40; i++) calls.push(send(i + 1, IAM, new PutRolePolicyCommand({ RoleName: 'shared', PolicyName: `policy-${i}`, PolicyDocument: policy(i) })));
    for (let i = 0; i < 12; i++) calls.push(send(i + 2, IAM, new UpdateRoleDescriptionCommand({ RoleName: 'shared', Description: `description ${i}` })));
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(failed.length, 0, failed.map((f) => `${(f.reason as Error).name}: ${(f.reason as Error).message}`).join(' | '));
    const seen = new Set<string>();
    for (let s = 0; s < SERVERS; s++) {
      const client = iam(s);
      const tags = await client.send(new ListRoleTagsCommand({ RoleName: 'shared', MaxItems: 100 }));
      assert.deepEqual(new Set(tags.Tags?.map((t) => `${t.Key}=${t.Value}`)), new Set(['created=yes', ...Array.from({ length: 40 }, (_, i) => `key-${i}=value-${i}`)]));
      const policies = await client.send(new ListRolePoliciesCommand({ RoleName: 'shared', MaxItems: 100 }));
      assert.deepEqual(new Set(policies.PolicyNames), new Set(Array.from({ length: 40 }, (_, i) => `policy-${i}`)));
      const role = await client.send(new GetRoleCommand({ RoleName: 'shared' }));
      assert.match(role.Role?.Description ?? '', /^description \d+$/);
      seen.add(role.Role!.Description!);
      client.destroy();
    }
    assert.equal(seen.size, 1, 'every server reads the same description');
  });

  it('concurrent capability changes of one bot on different servers all end up as grants in its role', async () => {
    const logGroup = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:bots`;
    const bucket = 'arn:aws:s3:::bot-audio';
    for (let round = 0; round < 12; round++) {
      const bot = await send<Sent & { botId?: string; roleArn?: string }>(round, LEX, new CreateBotCommand({ botName: `Shared${round}`, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as CreateBotCommandInput));
      const lex = new LexModelsV2Client(servers[0].clientConfig());
      for (let i = 0; ; i++) {
        if ((await lex.send(new DescribeBotCommand({ botId: bot.botId }))).botStatus === 'Available') break;
        assert.ok(i < 200, 'the bot became Available');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      lex.destroy();
      const botId = bot.botId!;
      await Promise.all([
        send(round, LEX, new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } })),
        send(round + 1, LEX, new CreateBotAliasCommand({ botId, botAliasName: 'texts', conversationLogSettings: { textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: logGroup, logPrefix: 'p/' } } }] } })),
        send(round + 2, LEX, new CreateBotAliasCommand({ botId, botAliasName: 'audio', conversationLogSettings: { audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: bucket, logPrefix: 'a/' } } }] } })),
      ]);
      const roleName = bot.roleArn!.slice(bot.roleArn!.lastIndexOf('/') + 1);
      const client = iam(round);
      const { PolicyNames } = await client.send(new ListRolePoliciesCommand({ RoleName: roleName }));
      client.destroy();
      const names = PolicyNames ?? [];
      assert.ok(names.includes('AmazonLexV2-ComprehendDetectSentiment'), `round ${round}: ${names.join(', ')}`);
      assert.ok(names.some((n) => n.startsWith('AmazonLexV2-CloudWatchTextLogs-')), `round ${round}: ${names.join(', ')}`);
      assert.ok(names.includes('AmazonLexV2-S3AudioLogs-bot-audio'), `round ${round}: ${names.join(', ')}`);
    }
  });

  it('the audit trail has an event for every write call, even after every server is killed with SIGKILL', async () => {
    assert.ok(writeRequestIds.length > 150);
    await Promise.all(servers.map((s) => s.kill()));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ request_id: string }>('SELECT DISTINCT request_id FROM audit_events WHERE request_id = ANY($1)', [writeRequestIds]);
      const found = new Set(rows.map((r) => r.request_id));
      const missing = writeRequestIds.filter((id) => !found.has(id));
      assert.deepEqual(missing, []);
    } finally {
      await client.end();
    }
  });

  async function pollUntilDone(taskIds: string[]): Promise<Map<string, string[]>> {
    const seen = new Map<string, string[]>(taskIds.map((t) => [t, []]));
    const deadline = Date.now() + 20_000;
    for (let round = 0; ; round++) {
      let done = 0;
      await Promise.all(
        taskIds.map(async (taskId, i) => {
          const client = iam(round + i);
          const { Status } = await client.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: taskId }));
          client.destroy();
          const list = seen.get(taskId)!;
          if (list.at(-1) !== Status) list.push(Status!);
          if (Status === 'SUCCEEDED' || Status === 'FAILED') done++;
        }),
      );
      if (done === taskIds.length) {
        // Once finished, every server answers the same final state.
        for (const taskId of taskIds) {
          for (let s = 0; s < SERVERS; s++) {
            const client = iam(s);
            const { Status } = await client.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: taskId }));
            client.destroy();
            assert.equal(Status, seen.get(taskId)!.at(-1));
          }
        }
        return seen;
      }
      assert.ok(Date.now() < deadline, `deletion tasks still running: ${JSON.stringify([...seen])}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function assertRows(query: string, expected: number): Promise<void> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      assert.equal((await client.query(query)).rows[0].n, expected, query);
    } finally {
      await client.end();
    }
  }
});
