// PostgreSQL at scale. First, LookupEvents' queries (AuditTrail.query, in this process) with each lookup
// attribute over a trail of --lookup-events events (default 1,000,000; 0 skips), filled in by one
// INSERT ... SELECT FROM generate_series and ANALYZEd: the planner's choice with statistics, per attribute,
// the newest page, a week's window and the next page. Then several `linkedrole serve` processes on one
// PostgreSQL database, side by side: 1, 2 and 4 servers, each
// setup on a database of its own, under a write mix and then a read mix (the clients spread over the
// servers), reporting operations per second and p50/p99. Correctness first: every write a server
// acknowledged (each role created, with its tags) must afterwards be visible from every server, read back
// through ListRoles and ListRoleTags; the script checks it and prints the result for each setup.
//
//   scripts/with-postgres.sh npx tsx bench/postgres.ts [--servers 1,2,4] [--duration 20] [--clients 16] [--lookup-events 1000000]
//
// The servers, the PostgreSQL cluster and this load generator share the machine: with few cores, more
// servers compete for the same CPUs, so the figures show what the database lets through, not a cluster's
// scaling. Loopback only; every loop is bounded by its deadline.
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand, ListRoleTagsCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { AuditQuery } from '../src/audit/trail.js';
import { createApp } from '../src/app.js';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../test/support/server.js';
import { startServeProcess, type ServeProcess } from '../test/support/serve-process.js';

const { values: args } = parseArgs({
  options: {
    servers: { type: 'string', default: '1,2,4' },
    duration: { type: 'string', default: '20' },
    clients: { type: 'string', default: '16' },
    'database-url': { type: 'string' },
    'lookup-events': { type: 'string', default: '1000000' },
  },
});
const LOOKUP_EVENTS = Number(args['lookup-events']);
const SETUPS = args.servers!.split(',').map(Number);
const DURATION_MS = Number(args.duration) * 1000;
const CLIENTS = Number(args.clients);
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const PATH = '/bench-written/';

interface Result {
  ops: number;
  errors: Map<string, number>;
  seconds: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CLIENTS loops over the servers until the deadline, each calling `op`; latencies of what succeeded. */
async function drive(servers: ServeProcess[], op: (iam: IAMClient, trail: CloudTrailClient, client: number, seq: number) => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const server = servers[client % servers.length];
      const iam = new IAMClient(server.clientConfig());
      const trail = new CloudTrailClient(server.clientConfig());
      for (let seq = 0; performance.now() < deadline; seq++) {
        const t = performance.now();
        try {
          await op(iam, trail, client, seq);
          latencies.push(performance.now() - t);
        } catch (error) {
          const key = `${(error as Error).name}: ${(error as Error).message.slice(0, 100)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
      iam.destroy();
      trail.destroy();
    }),
  );
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, errors, seconds: (performance.now() - started) / 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Every role under PATH as one server lists it, with its tags. */
async function visibleFrom(server: ServeProcess): Promise<Map<string, string>> {
  const iam = new IAMClient(server.clientConfig());
  const roles = new Map<string, string>();
  let marker: string | undefined;
  for (let page = 0; page < 100_000; page++) {
    const out = await iam.send(new ListRolesCommand({ PathPrefix: PATH, MaxItems: 1000, Marker: marker }));
    for (const role of out.Roles!) roles.set(role.RoleName!, '');
    marker = out.Marker;
    if (!out.IsTruncated) break;
  }
  // The tags of a sample (every 10th) of the roles, through this server.
  let i = 0;
  for (const name of roles.keys()) {
    if (i++ % 10 !== 0) continue;
    const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: name }));
    roles.set(name, (Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort().join(','));
  }
  iam.destroy();
  return roles;
}

const row = (label: string, n: number, r: Result) =>
  `| ${n} | ${label} | ${r.ops} | ${(r.ops / r.seconds).toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${[...r.errors.values()].reduce((a, b) => a + b, 0)} |`;

/** LookupEvents' queries over `count` events on PostgreSQL: median of 10 per attribute, ms. */
async function lookupFigures(adminUrl: string, count: number): Promise<void> {
  const database = await createTestDatabase(adminUrl);
  const app = await createApp({ store: 'postgres', databaseUrl: database.url });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const end = Date.now();
    const filled = performance.now();
    // The shape of bench/grow.ts's trail: 200 users with a key each, 40 operation names, 10,000 roles, a tenth data events, 90 days.
    await client.query(
      `INSERT INTO audit_events (event_id, event_time, account_id, kind, event_source, event_name, region, principal_arn, user_name, access_key_id, action, resource, decision, detail, read_only, resource_type, management)
       SELECT lpad(to_hex(i), 12, '0') || '-7000-8000-000000000000',
              to_char(to_timestamp(($2::bigint - 7776000000 + i * (7776000000 / $1::bigint)) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '123456789012', 'api',
              (ARRAY['iam.amazonaws.com', 'sts.amazonaws.com', 'lex.amazonaws.com', 'app-integrations.amazonaws.com', 'cloudtrail.amazonaws.com'])[1 + (i * 3) % 5],
              CASE WHEN i % 10 = 7 THEN 'RecognizeText' ELSE 'Op' || ((i * 7) % 40) END, 'us-east-1', 'arn:aws:iam::123456789012:user/user-' || (i % 200), 'user-' || (i % 200), 'AKIA' || (i % 200),
              'iam:x', CASE WHEN i % 5 = 0 THEN '*' ELSE 'arn:aws:iam::123456789012:role/app-role-' || (i % 10000) END, 'allowed', '{}', CASE WHEN (i * 7) % 40 < 20 THEN 1 ELSE 0 END,
              CASE WHEN i % 5 = 0 THEN NULL ELSE 'AWS::IAM::Role' END, CASE WHEN i % 10 = 7 THEN 0 ELSE 1 END
       FROM generate_series(1, $1::bigint) AS i`,
      [count, end],
    );
    await client.query('ANALYZE audit_events');
    console.log(`\nLookupEvents' queries on PostgreSQL over ${count.toLocaleString('en-US')} events (filled in ${((performance.now() - filled) / 1000).toFixed(0)} s), median of 10, ms (target under 50)`);
    console.log('| lookup attribute | newest page | a week 43-50 days ago | next page |');
    console.log('| --- | ---: | ---: | ---: |');
    const cases: [string, Partial<AuditQuery>][] = [
      ['no attribute', {}],
      ['EventName', { eventName: 'Op14' }],
      ['Username', { userName: 'user-18' }],
      ['Username (data events only)', { userName: 'user-17' }],
      ['ResourceName', { resource: 'arn:aws:iam::123456789012:role/app-role-42' }],
      ['EventSource', { eventSource: 'sts.amazonaws.com' }],
      ['AccessKeyId', { accessKeyId: 'AKIA18' }],
      ['ReadOnly=false', { readOnly: false }],
      ['ResourceType', { resourceType: 'AWS::IAM::Role' }],
      ['EventName of no call', { eventName: 'Never' }],
    ];
    const window = { startTime: new Date(end - 50 * 86_400_000), endTime: new Date(end - 43 * 86_400_000) };
    const median = async (q: AuditQuery) => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await app.audit.query(q);
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[5];
    };
    for (const [name, attribute] of cases) {
      const q: AuditQuery = { accountId: '123456789012', managementOnly: true, limit: 51, ...attribute };
      const page = await app.audit.query(q);
      const last = page[page.length - 1];
      const next = page.length === 51 ? (await median({ ...q, before: { time: last.event_time, id: last.event_id } })).toFixed(2) : 'one page';
      console.log(`| ${name} | ${(await median(q)).toFixed(2)} | ${(await median({ ...q, ...window })).toFixed(2)} | ${next} |`);
    }
  } finally {
    await client.end();
    await app.close();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const adminUrl = args['database-url'] ?? process.env.LINKEDROLE_TEST_DATABASE_URL;
  if (!adminUrl) {
    console.error('bench/postgres: pass --database-url or run under scripts/with-postgres.sh');
    process.exit(1);
  }
  const began = performance.now();
  console.log(`# bench/postgres: node ${process.version}, ${new Date().toISOString()}, ${CLIENTS} clients, ${DURATION_MS / 1000} s a mix, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (LOOKUP_EVENTS > 0) await lookupFigures(adminUrl, LOOKUP_EVENTS);
  console.log('\n| servers | mix | operations | ops/s | p50 ms | p99 ms | errors |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  const verdicts: string[] = [];
  const errorLines: string[] = [];
  for (const n of SETUPS) {
    const database = await createTestDatabase(adminUrl);
    const flags = ['--store', 'postgres', '--database-url', database.url];
    // One after another: the first applies the migrations, the others find them applied.
    const servers: ServeProcess[] = [];
    try {
      for (let i = 0; i < n; i++) servers.push(await startServeProcess({ storeFlags: flags, timeoutMs: 60_000 }));
      const setup = new IAMClient(servers[0].clientConfig());
      await setup.send(new CreateRoleCommand({ RoleName: 'bench-fixed', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'fixed' }] }));
      setup.destroy();
      // The write mix: a role created with a tag, then tagged again (two acknowledged writes per operation).
      const acknowledged = new Map<string, string>();
      const write = await drive(servers, async (iam, _trail, client, seq) => {
        const name = `w-${client}-${seq}`;
        await iam.send(new CreateRoleCommand({ RoleName: name, Path: PATH, AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'client', Value: String(client) }] }));
        acknowledged.set(name, `client=${client}`);
        await iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'seq', Value: String(seq) }] }));
        acknowledged.set(name, `client=${client},seq=${seq}`);
      });
      console.log(row('write (CreateRole + TagRole)', n, write));
      // The read mix: GetRole, a ListRoles page, ListRoleTags, a LookupEvents page by event name.
      const read = await drive(servers, async (iam, trail, _client, seq) => {
        const pick = seq % 4;
        if (pick === 0) await iam.send(new GetRoleCommand({ RoleName: 'bench-fixed' }));
        else if (pick === 1) await iam.send(new ListRolesCommand({ MaxItems: 20 }));
        else if (pick === 2) await iam.send(new ListRoleTagsCommand({ RoleName: 'bench-fixed' }));
        else await trail.send(new LookupEventsCommand({ MaxResults: 20, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }] }));
      });
      console.log(row('read (GetRole, ListRoles, ListRoleTags, LookupEvents)', n, read));
      for (const [key, count] of [...write.errors, ...read.errors]) errorLines.push(`${n} server(s): x${count} ${key}`);
      // Every acknowledged write, from every server.
      const problems: string[] = [];
      for (const [i, server] of servers.entries()) {
        const seen = await visibleFrom(server);
        const missing = [...acknowledged.keys()].filter((name) => !seen.has(name));
        const staleTags = [...seen].filter(([name, tags]) => tags !== '' && acknowledged.has(name) && !acknowledged.get(name)!.split(',').every((t) => tags.split(',').includes(t)));
        if (missing.length > 0) problems.push(`server ${i + 1}: ${missing.length} acknowledged roles missing (${missing.slice(0, 3).join(', ')})`);
        if (staleTags.length > 0) problems.push(`server ${i + 1}: ${staleTags.length} roles without an acknowledged tag (${staleTags.slice(0, 3).map(([name]) => name).join(', ')})`);
      }
      verdicts.push(
        problems.length === 0
          ? `${n} server(s): all ${acknowledged.size} acknowledged roles (and the tags of every 10th) visible from each of the ${n} servers`
          : `${n} server(s): NOT CORRECT: ${problems.join('; ')}`,
      );
      for (const server of servers) {
        if (server.child.exitCode !== null || server.child.signalCode !== null) verdicts.push(`server ${server.pid} EXITED: ${server.stderr().slice(-2000)}`);
      }
    } finally {
      for (const server of servers) await server.stop();
      await database.drop();
    }
  }
  console.log('\nCorrectness:');
  for (const line of verdicts) console.log(`  ${line}`);
  for (const line of errorLines) console.log(`  error ${line}`);
  console.log(`\nbench/postgres took ${((performance.now() - began) / 1000).toFixed(0)} s; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
