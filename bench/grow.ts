// linkedrole at scale: the figures that must not grow with the data.
//   - ListRoles (MaxItems 100): the first page, page 5 by Marker, PathPrefix=/team-a/ (a tenth of the roles)
//     and PathPrefix=/rare/ (one role in 10,000), at 1,000 / 100,000 / 1,000,000 roles;
//   - CloudTrail LookupEvents (MaxResults 50) with each lookup attribute, without and with a StartTime/EndTime
//     window, and the second page by NextToken, at 10,000 and 10,000,000 audit events;
//   - the cost of recording an event (AuditTrail.record + the background writer's commit) beside those
//     trails: CPU time per event of this process (all threads) and events per second.
// Roles and events go straight into the store (the server's schema, its migrations applied first) in big
// transactions, with the audit trail's secondary indexes dropped while filling and built again after (so
// ten million events take minutes, not hours); the requests go through the SDK clients to `linkedrole serve`
// (a child process, run from src through tsx: no build needed).
// Run: npm run bench:grow             full scale (the 10,000,000-event trail: ~3 GB of disk, some minutes)
//      npm run bench:grow -- --small  1,000,000 roles and events at most (a loaded machine, a quick look)
// Loopback only; every loop is bounded. Wall-clock latencies: other load on the machine inflates them.
import { CloudTrailClient, LookupEventsCommand, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import SQLite from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { freePort } from './free-port.js';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail, timeOrderedId } from '../src/audit/trail.js';
import { eventCategory, isCloudTrailReadOnly, resourceType } from '../src/audit/cloudtrail-record.js';
import { createApp } from '../src/app.js';

const SMALL = process.argv.includes('--small');
// GROW_ROLES / GROW_EVENTS (comma-separated counts) override the sizes, for a quick look.
const counts = (env: string | undefined, fallback: number[]) => (env !== undefined ? env.split(',').map(Number).filter((n) => n > 0) : fallback);
const ROLE_COUNTS = counts(process.env.GROW_ROLES, [1_000, 100_000, 1_000_000]);
const EVENT_COUNTS = counts(process.env.GROW_EVENTS, SMALL ? [10_000, 1_000_000] : [10_000, 10_000_000]);
const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
// ListRoles: as fast at every size as at the smallest (flat); a p50 over 1.5 times that one's is marked.
const FLAT_FACTOR = 1.5;
const TARGET_LOOKUP_MS = 50;

const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `linkedrole serve` on `dataDir`, from src. */
async function startServer(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', String(port), '--data-dir', dataDir, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('linkedrole did not print its ready line within 120 s')), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`linkedrole listening on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`linkedrole exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

const clientOptions = (url: string) => ({
  endpoint: url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 4 }) },
});

/** p50 / p99 (ms) of `total` calls one at a time, after a few untimed ones. */
async function latency(total: number, call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < total; i++) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] };
}

/** A store with the server's schema (every migration applied), closed again. */
async function migratedStore(dataDir: string): Promise<string> {
  const app = await createApp({ dataDir });
  await app.close();
  return join(dataDir, 'linkedrole.db');
}

/**
 * Fills `table` through `fill` with its secondary indexes dropped, then builds them again from their own
 * definitions (sqlite_master): building an index once is far cheaper than keeping it up to date row by row.
 */
function withIndexesRebuilt(file: string, table: string, fill: (db: SQLite.Database) => void): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  fill(db);
  for (const index of indexes) db.exec(index.sql);
  db.close();
}

/** Inserts `count` roles: every tenth in /team-a/, one in 10,000 in /rare/, the rest in /. */
function seedRoles(file: string, count: number): void {
  const now = new Date().toISOString();
  withIndexesRebuilt(file, 'iam_roles', (db) => {
    const columns = ['account_id', 'name_key', 'role_name', 'role_id', 'path', 'arn', 'assume_role_policy', 'max_session_duration', 'create_date', 'service_linked'];
    const perStatement = 200;
    const statement = (rows: number) => db.prepare(`INSERT INTO iam_roles (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`);
    const full = statement(perStatement);
    const insert = db.transaction((start: number, end: number) => {
      for (let i = start; i < end; i += perStatement) {
        const values: unknown[] = [];
        const n = Math.min(perStatement, end - i);
        for (let j = i; j < i + n; j++) {
          const name = `seeded-role-${String(j).padStart(7, '0')}`;
          const path = j % 10_000 === 5 ? '/rare/' : j % 10 === 0 ? '/team-a/' : '/';
          values.push(ACCOUNT, name, name, `AROA${String(j).padStart(17, 'Q')}`, path, `arn:aws:iam::${ACCOUNT}:role${path}${name}`, TRUST, 3600, now, 0);
        }
        (n === perStatement ? full : statement(n)).run(values);
      }
    });
    for (let start = 0; start < count; start += 100_000) insert(start, Math.min(count, start + 100_000));
  });
}

async function listRolesFigures(url: string): Promise<Record<string, { p50: number; p99: number }>> {
  const iam = new IAMClient(clientOptions(url));
  const page = (marker?: string, pathPrefix?: string) => iam.send(new ListRolesCommand({ MaxItems: 100, Marker: marker, PathPrefix: pathPrefix }));
  let marker = (await page()).Marker;
  for (let i = 0; i < 3 && marker; i++) marker = (await page(marker)).Marker;
  const figures = {
    first: await latency(200, () => page()),
    page5: await latency(200, () => page(marker)),
    teamA: await latency(200, () => page(undefined, '/team-a/')),
    rare: await latency(200, () => page(undefined, '/rare/')),
  };
  iam.destroy();
  return figures;
}

// The trail's shape: a few sources, 40 operations, 200 principals each with its access key, 10,000 resources,
// a tenth of the events Lex runtime data events (which LookupEvents passes over), over 90 days up to now.
const SOURCES = ['iam.amazonaws.com', 'sts.amazonaws.com', 'lex.amazonaws.com', 'app-integrations.amazonaws.com', 'cloudtrail.amazonaws.com'];
const NAMES = ['GetRole', 'ListRoles', 'CreateRole', 'DeleteRole', 'TagRole', 'PutRolePolicy', 'GetUser', 'ListUsers', 'CreateUser', 'AttachRolePolicy',
  'AssumeRole', 'GetCallerIdentity', 'GetSessionToken', 'DescribeBot', 'ListBots', 'CreateBot', 'UpdateBot', 'DeleteBot', 'ListEventIntegrations', 'CreateDataIntegration',
  'GetDataIntegration', 'LookupEvents', 'ListPolicies', 'GetPolicy', 'CreatePolicy', 'CreatePolicyVersion', 'ListAttachedRolePolicies', 'GetRolePolicy', 'UpdateRole', 'ListRoleTags',
  'UntagRole', 'CreateServiceLinkedRole', 'DeleteServiceLinkedRole', 'GetServiceLinkedRoleDeletionStatus', 'ListInstanceProfiles', 'CreateAccessKey', 'ListAccessKeys', 'GetAccessKeyLastUsed', 'SimulatePrincipalPolicy', 'ListGroups'];
const DATA = ['RecognizeText', 'PutSession'];
const DAYS_MS = 90 * 86_400_000;

function eventAt(i: number, count: number, end: number) {
  const principal = i % 200;
  const data = i % 10 === 7;
  const name = data ? DATA[i % 2] : NAMES[(i * 7) % NAMES.length];
  const source = data ? 'lex.amazonaws.com' : SOURCES[(i * 3) % SOURCES.length];
  const time = end - DAYS_MS + Math.floor((i * DAYS_MS) / count);
  const resource = i % 5 === 0 ? '*' : `arn:aws:iam::${ACCOUNT}:role/app-role-${i % 10_000}`;
  return { principal, name, source, time, resource };
}

/** Inserts `count` events, oldest first, spread over the last 90 days. */
function seedEvents(file: string, count: number, end: number): void {
  withIndexesRebuilt(file, 'audit_events', (db) => {
    const columns = ['event_id', 'event_time', 'account_id', 'kind', 'event_source', 'event_name', 'region', 'source_ip', 'user_agent', 'principal_arn', 'user_name',
      'access_key_id', 'action', 'resource', 'decision', 'detail', 'request_id', 'request_parameters', 'response_elements', 'read_only', 'resource_type', 'management'];
    const perStatement = 100;
    const statement = (rows: number) => db.prepare(`INSERT INTO audit_events (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`);
    const full = statement(perStatement);
    const insert = db.transaction((start: number, stop: number) => {
      for (let i = start; i < stop; i += perStatement) {
        const n = Math.min(perStatement, stop - i);
        const values: unknown[] = [];
        for (let j = i; j < i + n; j++) {
          const e = eventAt(j, count, end);
          values.push(timeOrderedId(e.time), new Date(e.time).toISOString(), ACCOUNT, 'api', e.source, e.name, 'us-east-1', '127.0.0.1', 'bench', `arn:aws:iam::${ACCOUNT}:user/user-${e.principal}`,
            `user-${e.principal}`, `AKIABENCH${String(e.principal).padStart(11, '0')}`, `iam:${e.name}`, e.resource, 'allowed', '{}', `req-${j}`, '{"roleName":"x"}', 'null',
            isCloudTrailReadOnly(e.name) ? 1 : 0, resourceType(e.resource) ?? null, eventCategory(e.source, e.name) === 'Management' ? 1 : 0);
        }
        (n === perStatement ? full : statement(n)).run(values);
      }
    });
    for (let start = 0; start < count; start += 200_000) insert(start, Math.min(count, start + 200_000));
  });
}

const FILTERS: [string, LookupAttribute | undefined][] = [
  ['no attribute', undefined],
  ['EventName=CreateRole', { AttributeKey: 'EventName', AttributeValue: 'CreateRole' }],
  ['Username=user-18', { AttributeKey: 'Username', AttributeValue: 'user-18' }],
  ['ResourceName=app-role-42', { AttributeKey: 'ResourceName', AttributeValue: `arn:aws:iam::${ACCOUNT}:role/app-role-42` }],
  ['EventSource=sts', { AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }],
  ['AccessKeyId (user-18)', { AttributeKey: 'AccessKeyId', AttributeValue: `AKIABENCH${String(18).padStart(11, '0')}` }],
  ['Username=user-17 (data events only)', { AttributeKey: 'Username', AttributeValue: 'user-17' }],
  ['ReadOnly=false', { AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
  ['ResourceType=AWS::IAM::Role', { AttributeKey: 'ResourceType', AttributeValue: 'AWS::IAM::Role' }],
  ['EventId', { AttributeKey: 'EventId', AttributeValue: '' }],
  ['EventName=NeverCalled', { AttributeKey: 'EventName', AttributeValue: 'NeverCalled' }],
];

async function lookupFigures(url: string, end: number, eventId: string): Promise<{ name: string; all: number; window: number; next: number }[]> {
  const trail = new CloudTrailClient(clientOptions(url));
  const rows = [];
  // A week in the middle of the 90 days.
  const window = { StartTime: new Date(end - 50 * 86_400_000), EndTime: new Date(end - 43 * 86_400_000) };
  for (const [name, attribute] of FILTERS) {
    const attributes = attribute ? [attribute.AttributeKey === 'EventId' ? { ...attribute, AttributeValue: eventId } : attribute] : undefined;
    const lookup = (extra: object = {}) => trail.send(new LookupEventsCommand({ LookupAttributes: attributes, MaxResults: 50, ...extra }));
    const token = (await lookup()).NextToken;
    rows.push({
      name,
      all: (await latency(40, () => lookup())).p50,
      window: (await latency(40, () => lookup(window))).p50,
      next: token ? (await latency(40, () => lookup({ NextToken: token }))).p50 : Number.NaN,
    });
  }
  trail.destroy();
  return rows;
}

/**
 * Retention's deletes on the filled trail: ms per batch of its default 200 oldest events (on SQLite on the
 * background writer's thread, holding the store's write lock that long), median of 10 batches.
 */
async function pruneCost(dataDir: string): Promise<number> {
  const app = await createApp({ dataDir, auditRetention: { retentionDays: 0 } });
  try {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const n = await app.audit.prune(new Date(), 200);
      times.push(performance.now() - t);
      if (n < 200) break;
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  } finally {
    await app.close();
  }
}

/** Records `count` events through the audit trail beside the seeded ones: CPU µs per event (all threads), events/s. */
async function insertCost(dataDir: string, count: number): Promise<{ cpuUs: number; perSecond: number }> {
  const app = await createApp({ dataDir });
  const audit: AuditTrail = app.audit;
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i += 500) {
      for (let j = i; j < Math.min(count, i + 500); j++) {
        const e = eventAt(j, count, Date.now());
        audit.record({
          time: new Date(), accountId: ACCOUNT, kind: 'api', eventSource: e.source, eventName: e.name, region: 'us-east-1', principalArn: `arn:aws:iam::${ACCOUNT}:user/user-${e.principal}`,
          userName: `user-${e.principal}`, accessKeyId: `AKIABENCH${String(e.principal).padStart(11, '0')}`, action: `iam:${e.name}`, resource: e.resource, decision: 'allowed', detail: {},
        });
      }
      await audit.flush();
    }
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    return { cpuUs: (used.user + used.system) / count, perSecond: count / seconds };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`# bench/grow${SMALL ? ' --small' : ''}: node ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(process.env.LINKEDROLE_BENCH_DIR ?? tmpdir(), 'linkedrole-grow-'));
    dirs.push(dir);
    return dir;
  };
  try {
    console.log(`\nListRoles, MaxItems 100, p50 / p99 ms (target: flat, each p50 within ${FLAT_FACTOR}x of the smallest size's)`);
    let smallest: Record<string, { p50: number; p99: number }> | undefined;
    console.log('| roles | first page | page 5 (Marker) | PathPrefix=/team-a/ (1 in 10) | PathPrefix=/rare/ (1 in 10,000) | filled in |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const count of ROLE_COUNTS) {
      const dir = tempDir();
      const file = await migratedStore(dir);
      const seeded = performance.now();
      seedRoles(file, count);
      const seedS = (performance.now() - seeded) / 1000;
      const server = await startServer(dir);
      try {
        const f = await listRolesFigures(server.url);
        smallest ??= f;
        const base = smallest;
        // /rare/ holds a single role at 1,000 roles: its pages are compared with a full first page there.
        const cell = (key: string) => `${fmt(f[key].p50)} / ${fmt(f[key].p99)}${f[key].p50 <= FLAT_FACTOR * base[key === 'rare' ? 'first' : key].p50 ? '' : ' (over target)'}`;
        console.log(`| ${count.toLocaleString('en-US')} | ${cell('first')} | ${cell('page5')} | ${cell('teamA')} | ${cell('rare')} | ${fmt(seedS, 1)} s |`);
      } finally {
        await server.stop();
      }
      rmSync(dir, { recursive: true, force: true });
    }

    console.log(`\nLookupEvents, MaxResults 50, p50 ms (target: under ${TARGET_LOOKUP_MS} ms); each event's recording cost beside the trail`);
    for (const count of EVENT_COUNTS) {
      const dir = tempDir();
      const file = await migratedStore(dir);
      const end = Date.now();
      const seeded = performance.now();
      seedEvents(file, count, end);
      const seedS = (performance.now() - seeded) / 1000;
      const db = new SQLite(file, { readonly: true });
      const { event_id: eventId } = db.prepare(`SELECT event_id FROM audit_events WHERE event_name = 'CreateRole' ORDER BY event_time LIMIT 1 OFFSET 10`).get() as { event_id: string };
      db.close();
      console.log(`\n${count.toLocaleString('en-US')} events (filled in ${fmt(seedS, 1)} s, indexes included; store file ${fmt(statSync(file).size / 2 ** 30, 2)} GiB)`);
      console.log('| lookup attribute | newest page | in a week 43-50 days ago | second page (NextToken) |');
      console.log('| --- | --- | --- | --- |');
      const server = await startServer(dir);
      try {
        for (const r of await lookupFigures(server.url, end, eventId)) {
          const cell = (ms: number) => (Number.isNaN(ms) ? 'one page' : `${fmt(ms)}${ms < TARGET_LOOKUP_MS ? '' : ' (over target)'}`);
          console.log(`| ${r.name} | ${cell(r.all)} | ${cell(r.window)} | ${cell(r.next)} |`);
        }
      } finally {
        await server.stop();
      }
      const cost = await insertCost(dir, 20_000);
      console.log(`recording an event beside ${count.toLocaleString('en-US')}: ${fmt(cost.cpuUs, 1)} µs CPU (all threads), ${fmt(cost.perSecond, 0)} events/s, in batches of 500`);
      console.log(`retention: deleting a batch of the 200 oldest events of ${count.toLocaleString('en-US')}: ${fmt(await pruneCost(dir))} ms (median of 10)`);
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\nbench/grow took ${fmt((performance.now() - began) / 1000, 0)} s; load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
