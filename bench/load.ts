// Load and soak: a realistic mix of calls against `linkedrole serve` for several minutes, on one server
// (SQLite) and on two servers sharing one PostgreSQL database, reporting throughput, p50/p99 per kind
// of call, errors, and each server's memory (VmRSS from /proc/PID/status) over time.
//
//   npx tsx bench/load.ts [--duration 150] [--clients 16] [--setups sqlite,postgres]
//                         [--mix read=40,write=15,slr=10,integration=10,bot=10,simulate=15]
//
// PostgreSQL: --database-url URL or LINKEDROLE_TEST_DATABASE_URL (scripts/with-postgres.sh sets it);
// a database of its own is created and dropped. Loopback only; every loop is bounded by the deadline.
import { AppIntegrationsClient, CreateEventIntegrationCommand, DeleteEventIntegrationCommand, GetEventIntegrationCommand } from '@aws-sdk/client-appintegrations';
import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListRolesCommand,
  ListRoleTagsCommand,
  SimulateCustomPolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { CreateBotCommand, DeleteBotCommand, DescribeBotCommand, LexModelsV2Client, UpdateBotAliasCommand, type CreateBotCommandInput } from '@aws-sdk/client-lex-models-v2';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../test/support/server.js';
import { startServeProcess, type ServeProcess } from '../test/support/serve-process.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '150' },
    clients: { type: 'string', default: '16' },
    setups: { type: 'string', default: 'sqlite,postgres' },
    mix: { type: 'string', default: 'read=40,write=15,slr=10,integration=10,bot=10,simulate=15' },
    'database-url': { type: 'string' },
  },
});
const DURATION_MS = Number(args.duration) * 1000;
const CLIENTS = Number(args.clients);
const MIX = Object.fromEntries(args.mix!.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)])) as Record<string, number>;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });

interface Clients {
  iam: IAMClient;
  ai: AppIntegrationsClient;
  lex: LexModelsV2Client;
}

type Op = (c: Clients, id: string) => Promise<void>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each kind of call in the mix: one or a few API calls making up what a user would do. */
const OPS: Record<string, Op> = {
  async read(c) {
    const pick = Math.random();
    if (pick < 0.4) await c.iam.send(new GetRoleCommand({ RoleName: 'load-fixed' }));
    else if (pick < 0.7) await c.iam.send(new ListRolesCommand({ MaxItems: 20 }));
    else await c.iam.send(new ListRoleTagsCommand({ RoleName: 'load-fixed' }));
  },
  async write(c, id) {
    const name = `load-${id}`;
    await c.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'load' }] }));
    await c.iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'more', Value: id }] }));
    await c.iam.send(new DeleteRoleCommand({ RoleName: name }));
  },
  async slr(c, id) {
    const { Role } = await c.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: id.slice(-20) }));
    const { DeletionTaskId } = await c.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: Role!.RoleName }));
    for (let i = 0; i < 200; i++) {
      const { Status } = await c.iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
      if (Status === 'SUCCEEDED') return;
      if (Status === 'FAILED') throw new Error(`deletion of ${Role!.RoleName} FAILED`);
      await sleep(20);
    }
    throw new Error('deletion task did not finish');
  },
  async integration(c, id) {
    const name = `load-${id}`;
    await c.ai.send(new CreateEventIntegrationCommand({ Name: name, EventBridgeBus: 'default', EventFilter: { Source: 'aws.cases' } }));
    await c.ai.send(new GetEventIntegrationCommand({ Name: name }));
    await c.ai.send(new DeleteEventIntegrationCommand({ Name: name }));
  },
  async bot(c, id) {
    const { botId } = await c.lex.send(new CreateBotCommand({ botName: `load${id.replace(/-/g, '')}`.slice(0, 50), dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 } as CreateBotCommandInput));
    for (let i = 0; i < 200; i++) {
      if ((await c.lex.send(new DescribeBotCommand({ botId }))).botStatus === 'Available') break;
      await sleep(20);
    }
    await c.lex.send(new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', sentimentAnalysisSettings: { detectSentiment: true } }));
    await c.lex.send(new DeleteBotCommand({ botId, skipResourceInUseCheck: true }));
  },
  async simulate(c) {
    await c.iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POLICY], ActionNames: ['s3:GetObject', 's3:PutObject', 'iam:PassRole'], ResourceArns: ['arn:aws:s3:::bucket/key'] }));
  },
};

function rss(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN; // the server is gone: reported at the end
  }
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(label: string, servers: ServeProcess[]): Promise<void> {
  const kinds = Object.keys(MIX).filter((k) => MIX[k] > 0 && OPS[k]);
  const total = kinds.reduce((sum, k) => sum + MIX[k], 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const k of kinds) if ((r -= MIX[k]) < 0) return k;
    return kinds[0];
  };
  const fixed = new IAMClient(servers[0].clientConfig());
  await fixed.send(new CreateRoleCommand({ RoleName: 'load-fixed', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'load' }] }));
  fixed.destroy();
  const latencies = new Map<string, number[]>(kinds.map((k) => [k, []]));
  const errors = new Map<string, number>();
  const memory: { at: number; rss: number[] }[] = [];
  const started = Date.now();
  const deadline = started + DURATION_MS;
  const sampler = setInterval(() => memory.push({ at: (Date.now() - started) / 1000, rss: servers.map((s) => rss(s.pid)) }), 5000);
  memory.push({ at: 0, rss: servers.map((s) => rss(s.pid)) });
  let seq = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const server = servers[client % servers.length];
      const c: Clients = { iam: new IAMClient(server.clientConfig()), ai: new AppIntegrationsClient(server.clientConfig()), lex: new LexModelsV2Client(server.clientConfig()) };
      while (Date.now() < deadline) {
        const kind = pick();
        const id = `${client}-${seq++}-${Date.now().toString(36)}`;
        const t = performance.now();
        try {
          await OPS[kind](c, id);
          latencies.get(kind)!.push(performance.now() - t);
        } catch (error) {
          const key = `${kind}: ${(error as Error).name}: ${(error as Error).message.slice(0, 120)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
      c.iam.destroy();
      c.ai.destroy();
      c.lex.destroy();
    }),
  );
  clearInterval(sampler);
  memory.push({ at: (Date.now() - started) / 1000, rss: servers.map((s) => rss(s.pid)) });
  const seconds = (Date.now() - started) / 1000;
  const all = [...latencies.values()].flat();
  console.log(`\n### ${label}: ${servers.length} server(s), ${CLIENTS} clients, ${seconds.toFixed(0)} s`);
  console.log(`mix ${kinds.map((k) => `${k}=${MIX[k]}`).join(',')}: ${all.length} operations, ${(all.length / seconds).toFixed(1)} ops/s, errors ${[...errors.values()].reduce((a, b) => a + b, 0)}`);
  console.log('| operation | count | ops/s | p50 ms | p99 ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const k of kinds) {
    const sorted = latencies.get(k)!.sort((a, b) => a - b);
    console.log(`| ${k} | ${sorted.length} | ${(sorted.length / seconds).toFixed(1)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} |`);
  }
  for (const [key, n] of errors) console.log(`error x${n}: ${key}`);
  for (const server of servers) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) console.log(`server ${server.pid} EXITED (${server.child.exitCode ?? server.child.signalCode}): ${server.stderr().slice(-3000)}`);
    else if (server.stderr().trim()) console.log(`server ${server.pid} stderr: ${server.stderr().slice(-3000)}`);
  }
  const every = Math.max(1, Math.round(memory.length / 8));
  const shown = memory.filter((_, i) => i % every === 0 || i === memory.length - 1);
  console.log(`RSS MB over time: ${shown.map((m) => `${m.at.toFixed(0)}s ${m.rss.map((r) => r.toFixed(0)).join('/')}`).join(', ')}`);
  const warm = memory.find((m) => m.at >= Math.min(30, seconds / 4)) ?? memory[0];
  const end = memory[memory.length - 1];
  console.log(`RSS after warm-up (${warm.at.toFixed(0)} s) -> end: ${warm.rss.map((r, i) => `${r.toFixed(0)} -> ${end.rss[i].toFixed(0)} MB`).join(', ')}`);
}

const setups = args.setups!.split(',');
if (setups.includes('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'linkedrole-load-'));
  const server = await startServeProcess({ storeFlags: ['--data-dir', dir] });
  try {
    await run('SQLite', [server]);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (setups.includes('postgres')) {
  const adminUrl = args['database-url'] ?? process.env.LINKEDROLE_TEST_DATABASE_URL;
  if (!adminUrl) {
    console.log('\nPostgreSQL: skipped (pass --database-url or run under scripts/with-postgres.sh)');
  } else {
    const database = await createTestDatabase(adminUrl);
    const flags = ['--store', 'postgres', '--database-url', database.url];
    const servers = await Promise.all([startServeProcess({ storeFlags: flags }), startServeProcess({ storeFlags: flags })]);
    try {
      await run('PostgreSQL', servers);
    } finally {
      for (const s of servers) await s.stop();
      await database.drop();
    }
  }
}
