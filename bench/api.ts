// The API server under load, side by side with moto's server in the same run:
//   - GetRole through @aws-sdk/client-iam (keep-alive, the same client for both): requests/second with
//     16 requests in flight, and p50/p99 latency one request at a time;
//   - GetRole replayed from one pre-signed request by a bare keep-alive HTTP client (so the client's
//     own cost does not cap the figure), and by wrk (a C load generator, when installed): requests/
//     second, and the server's CPU time per request read from /proc (all its threads), which the
//     machine's other load does not skew the way it skews throughput; median of three rounds each;
//   - a CreateServiceLinkedRole + DeleteServiceLinkedRole cycle (lexv2, a new custom suffix each time);
//   - linkedrole alone: p99 at a fixed 1,000 requests/second (open loop, latency from the scheduled
//     send time, so a stall is not hidden), time from process start to the ready line (beside bare
//     node's) and the idle RSS, and a
//     ListRoles page at 1,000 and at 100,000 roles (roles inserted straight into the store).
// Run: npm run build && npx tsx bench/api.ts    (loopback only; every loop is bounded; --start-up: the start-up figures alone)
// Needs `python3 -m moto.server` (moto 5) for the comparison; without it moto's rows are skipped.
import { CreateRoleCommand, CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { freePort } from './free-port.js';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/database.js';

const CLI = 'dist/src/cli.js';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

interface Target {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** CPU time (ms) a process has used so far, all threads, from /proc; undefined off Linux. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Starts `linkedrole serve`; resolves with the time from spawn to the ready line. */
async function startLinkedrole(dataDir: string, extra: string[] = ['--quiet']): Promise<Target & { readyMs: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const readyMs = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('linkedrole did not print its ready line within 30 s')), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`linkedrole listening on http://127.0.0.1:${port}\n`)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`linkedrole exited with ${code}`)));
  });
  child.stdout!.resume();
  return { name: 'linkedrole', url: `http://127.0.0.1:${port}`, pid: child.pid!, readyMs, stop: () => stopProcess(child) };
}

/** A process's resident set (VmRSS), in MB. */
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** Bare `node -e` that prints one line and idles: spawn to its line, and its RSS after 2 s. */
async function nodeFloor(): Promise<{ readyMs: number; rssMb: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', "process.stdout.write('ready\\n'); setTimeout(() => {}, 10_000)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const readyMs = await new Promise<number>((resolve) => child.stdout!.once('data', () => resolve(Number(process.hrtime.bigint() - started) / 1e6)));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rss = rssMb(child.pid!);
  await stopProcess(child);
  return { readyMs, rssMb: rss };
}

/** Medians of 5: ready line on a fresh and on an existing data dir, bare node, and the idle RSS of each. */
async function startUpFigures(tempDir: () => string): Promise<{ fresh: number; existing: number; floor: number; rssMb: number; floorRssMb: number }> {
  const fresh: number[] = [];
  const existing: number[] = [];
  const floor: number[] = [];
  const rss: number[] = [];
  const floorRss: number[] = [];
  const readyDir = tempDir();
  await (await startLinkedrole(readyDir)).stop();
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (let i = 0; i < 5; i++) {
    const a = await startLinkedrole(tempDir());
    fresh.push(a.readyMs);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    rss.push(rssMb(a.pid));
    await a.stop();
    const b = await startLinkedrole(readyDir);
    existing.push(b.readyMs);
    await b.stop();
    const bare = await nodeFloor();
    floor.push(bare.readyMs);
    floorRss.push(bare.rssMb);
  }
  return { fresh: median(fresh), existing: median(existing), floor: median(floor), rssMb: median(rss), floorRssMb: median(floorRss) };
}

async function startMoto(): Promise<Target | undefined> {
  if (spawnSync('python3', ['-c', 'import moto.server']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      await fetch(`${url}/moto-api/`);
      return { name: 'moto', url, pid: child.pid!, stop: () => stopProcess(child) };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await stopProcess(child);
  throw new Error('moto did not start within 30 s');
}

function iamClient(url: string, maxSockets = 64): IAMClient {
  return new IAMClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets }) },
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

/** `total` calls, `concurrency` at a time; requests/second and latency percentiles (ms). */
async function run(total: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * Open loop: one call every 1000/rate ms for `seconds`, sent on schedule whether or not earlier calls
 * have answered; latency counted from each call's scheduled time. The loop sleeps between ticks (no
 * busy wait stealing the server's CPU) and sends every call that has come due.
 */
async function fixedRate(rate: number, seconds: number, call: () => Promise<unknown>): Promise<Figures & { late: number }> {
  const total = rate * seconds;
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  let late = 0;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      const due = start + i * interval;
      if (now - due > 5) late++;
      pending.push(call().then(() => void latencies.push(performance.now() - due)));
      i++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: total / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), late };
}

/** One GetRole, signed once (valid for 15 minutes), for the replaying load generators. */
async function signedGetRole(url: string): Promise<{ headers: Record<string, string>; body: string }> {
  const target = new URL(url);
  const body = 'Action=GetRole&Version=2010-05-08&RoleName=bench-role';
  const signer = new SignatureV4({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, region: 'us-east-1', service: 'iam', sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: target.hostname,
      port: Number(target.port),
      path: '/',
      headers: { host: target.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
      body,
    }),
  );
  return { headers: signed.headers, body };
}

/** A bare keep-alive HTTP client sending one pre-signed GetRole over and over. */
async function replayClient(url: string, sockets: number): Promise<{ send(): Promise<void>; close(): void }> {
  const target = new URL(url);
  const { headers, body } = await signedGetRole(url);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const request = httpRequest({ host: target.hostname, port: target.port, method: 'POST', path: '/', headers, agent }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`GetRole answered ${response.statusCode}`));
        response.resume();
        response.on('end', () => resolve());
      });
      request.on('error', reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

interface Throughput {
  rps: number;
  /** The server's CPU time per request, all threads (µs). */
  cpuUs?: number;
}

/** The round with the median throughput of `rounds` (the machine's other load moves single rounds). */
async function medianRound(rounds: number, round: () => Promise<Throughput>): Promise<Throughput> {
  const results: Throughput[] = [];
  for (let i = 0; i < rounds; i++) results.push(await round());
  results.sort((a, b) => a.rps - b.rps);
  return results[Math.floor(rounds / 2)];
}

/** Measures `load` (which sends `count` requests) with the server's CPU time over it. */
async function withServerCpu(pid: number, load: () => Promise<{ rps: number; count: number }>): Promise<Throughput> {
  const before = cpuMs(pid);
  const { rps, count } = await load();
  const after = cpuMs(pid);
  return { rps, cpuUs: before !== undefined && after !== undefined ? ((after - before) * 1000) / count : undefined };
}

const HAS_WRK = spawnSync('wrk', ['--version']).error === undefined;

/**
 * wrk (a C load generator: one thread, 16 connections) replaying the same signed GetRole for
 * `seconds`: a client that costs next to nothing, so the figure is the server's. Needs `wrk` on PATH
 * (`apt-get install wrk`); undefined without it.
 */
async function wrkRound(url: string, seconds: number): Promise<{ rps: number; count: number } | undefined> {
  if (!HAS_WRK) return undefined;
  const { headers, body } = await signedGetRole(url);
  const dir = mkdtempSync(join(tmpdir(), 'linkedrole-wrk-'));
  const script = join(dir, 'getrole.lua');
  const lines = [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(body)}`];
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'host' && name !== 'content-length') lines.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`);
  }
  writeFileSync(script, lines.join('\n') + '\n');
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', ['-t1', '-c16', `-d${seconds}s`, '-s', script, `${url}/`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('exit', () => resolve(text));
    });
    if (/Non-2xx/.test(out)) throw new Error(`wrk got errors:\n${out}`);
    const count = Number(/(\d+) requests in/.exec(out)?.[1]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    return { rps, count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** A bare Node HTTP server (`http.createServer` answering a fixed 700-byte body): the ceiling of what one GetRole can cost. */
const BARE_HTTP_SOURCE = `const body = Buffer.alloc(700, 'x');
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length }).end(body));
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));`;

async function startBareHttp(): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_HTTP_SOURCE, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare HTTP server exited with ${code}`)));
  });
  child.stdout!.resume();
  return { name: 'bare Node HTTP', url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopProcess(child) };
}

/** The replay client's round against `target`: requests/s and the server's CPU per request, median of three rounds. */
async function replayRounds(target: Target, count: number): Promise<Throughput> {
  const client = await replayClient(target.url, 16);
  await run(Math.min(2000, count / 10), 16, client.send); // warm-up: 2,000 for linkedrole and the ceiling, 200 for moto, as before
  const result = await medianRound(3, () => withServerCpu(target.pid, async () => ({ rps: (await run(count, 16, client.send)).rps, count })));
  client.close();
  return result;
}

/** Issue 18's GetRole targets. */
const TARGET_RATIO = 30;
const TARGET_CPU_US = 80;
const TARGET_P99_MS = 5;

async function compare(targets: Target[]): Promise<void> {
  const rows: Record<string, { getRole: Figures; getRoleSerial: Figures; replay: Throughput; wrk?: Throughput; cycle: Figures; cycleSerial: Figures }> = {};
  for (const target of targets) {
    const client = iamClient(target.url);
    await client.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: TRUST }));
    const getRole = () => client.send(new GetRoleCommand({ RoleName: 'bench-role' }));
    const fast = target.name === 'linkedrole';
    await run(fast ? 2000 : 300, 16, getRole); // warm-up
    const getRoleParallel = await run(fast ? 10_000 : 2_000, 16, getRole);
    const getRoleSerial = await run(fast ? 3_000 : 500, 1, getRole);
    const replay = await replayRounds(target, fast ? 20_000 : 2_000);
    const wrk = HAS_WRK ? await medianRound(3, () => withServerCpu(target.pid, async () => (await wrkRound(target.url, 5))!)) : undefined;
    let suffix = 0;
    const cycle = async () => {
      const created = await client.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: `b${target.name}${suffix++}` }));
      await client.send(new DeleteServiceLinkedRoleCommand({ RoleName: created.Role!.RoleName! }));
    };
    await run(100, 4, cycle);
    const cycleParallel = await run(fast ? 2_000 : 400, 16, cycle);
    const cycleSerial = await run(fast ? 1_000 : 200, 1, cycle);
    rows[target.name] = { getRole: getRoleParallel, getRoleSerial, replay, wrk, cycle: cycleParallel, cycleSerial };
    client.destroy();
  }
  const cpu = (t?: Throughput) => (t?.cpuUs === undefined ? 'n/a' : fmt(t.cpuUs, 0));
  console.log(
    '\n| server | GetRole req/s, SDK client, 16 in flight | GetRole p50 / p99 ms, SDK client, 1 in flight | GetRole req/s, replay client, 16 in flight (server CPU per request, µs) | GetRole req/s, wrk, 16 connections (server CPU per request, µs) | SLR create+delete cycles/s, 16 in flight | cycle p50 / p99 ms, 1 in flight |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, r] of Object.entries(rows)) {
    const wrk = r.wrk ? `${fmt(r.wrk.rps, 0)} (${cpu(r.wrk)})` : 'n/a (wrk not installed)';
    console.log(
      `| ${name} | ${fmt(r.getRole.rps, 0)} | ${fmt(r.getRoleSerial.p50)} / ${fmt(r.getRoleSerial.p99)} | ${fmt(r.replay.rps, 0)} (${cpu(r.replay)}) | ${wrk} | ${fmt(r.cycle.rps, 0)} | ${fmt(r.cycleSerial.p50)} / ${fmt(r.cycleSerial.p99)} |`,
    );
  }
  const ours = rows.linkedrole;
  const moto = rows.moto;
  // The ceiling, measured in the same run with the same replay client and CPU accounting.
  const bare = await startBareHttp();
  const ceiling = await replayRounds(bare, 20_000).finally(() => bare.stop());
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  if (ours) {
    console.log(`\nbare Node HTTP server (a fixed 700-byte body), replay client: ${fmt(ceiling.rps, 0)} req/s, ${cpu(ceiling)} µs of server CPU per request (the ceiling)`);
    if (ours.replay.cpuUs !== undefined) {
      console.log(
        `linkedrole GetRole, replay client: ${cpu(ours.replay)} µs of server CPU per request (target <= ${TARGET_CPU_US} µs: ${met(ours.replay.cpuUs <= TARGET_CPU_US)}), ${ceiling.cpuUs ? fmt(ours.replay.cpuUs / ceiling.cpuUs, 1) : 'n/a'}x the ceiling's`,
      );
    }
    if (ours.wrk?.cpuUs !== undefined) console.log(`linkedrole GetRole, wrk: ${cpu(ours.wrk)} µs of server CPU per request (target <= ${TARGET_CPU_US} µs: ${met(ours.wrk.cpuUs <= TARGET_CPU_US)})`);
  }
  if (ours && moto) {
    console.log(`\nGetRole, linkedrole / moto (target >= ${TARGET_RATIO}x with a low-cost load generator), median of three rounds each:`);
    console.log(`  throughput, SDK client:    ${fmt(ours.getRole.rps / moto.getRole.rps, 1)}x (the SDK client itself is the bottleneck on the linkedrole side)`);
    const replayRatio = ours.replay.rps / moto.replay.rps;
    console.log(`  throughput, replay client: ${fmt(replayRatio, 1)}x (target >= ${TARGET_RATIO}x: ${met(replayRatio >= TARGET_RATIO)})`);
    if (ours.replay.cpuUs && moto.replay.cpuUs) console.log(`  server CPU per request:    ${fmt(moto.replay.cpuUs / ours.replay.cpuUs, 1)}x less (${fmt(ours.replay.cpuUs, 0)} µs against ${fmt(moto.replay.cpuUs, 0)} µs)`);
    if (ours.wrk && moto.wrk) {
      const wrkRatio = ours.wrk.rps / moto.wrk.rps;
      console.log(`  throughput, wrk:           ${fmt(wrkRatio, 1)}x (target >= ${TARGET_RATIO}x: ${met(wrkRatio >= TARGET_RATIO)})`);
      if (ours.wrk.cpuUs && moto.wrk.cpuUs) console.log(`  server CPU per request, wrk: ${fmt(moto.wrk.cpuUs / ours.wrk.cpuUs, 1)}x less (${fmt(ours.wrk.cpuUs, 0)} µs against ${fmt(moto.wrk.cpuUs, 0)} µs)`);
    }
    console.log(`SLR create+delete cycle throughput, linkedrole / moto: ${fmt(ours.cycle.rps / moto.cycle.rps, 1)}x`);
  }
}

/** Inserts `count` roles straight into a store (one transaction per 5,000). */
async function seedRoles(dataDir: string, count: number): Promise<void> {
  const store = await Store.open({ kind: 'sqlite', dataDir });
  const now = new Date().toISOString();
  for (let start = 0; start < count; start += 5000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + 5000); i += 500) {
        const rows = [];
        for (let j = i; j < Math.min(count, start + 5000, i + 500); j++) {
          const name = `seeded-role-${String(j).padStart(6, '0')}`;
          rows.push({
            account_id: '123456789012',
            name_key: name,
            role_name: name,
            role_id: `AROA${String(j).padStart(17, 'Q')}`,
            path: j % 10 === 0 ? '/team-a/' : '/',
            arn: `arn:aws:iam::123456789012:role${j % 10 === 0 ? '/team-a/' : '/'}${name}`,
            assume_role_policy: TRUST,
            description: null,
            max_session_duration: 3600,
            create_date: now,
            service_linked: 0,
            service_principal: null,
            permissions_boundary_arn: null,
            last_used_date: null,
            last_used_region: null,
          });
        }
        await tx.insertInto('iam_roles').values(rows).execute();
      }
    });
  }
  await store.close();
}

async function listRolesLatency(url: string): Promise<{ first: Figures; middle: Figures; prefix: Figures }> {
  const client = iamClient(url, 4);
  const first = await client.send(new ListRolesCommand({ MaxItems: 100 }));
  let marker = first.Marker;
  // A marker from the middle of the list: walk a few pages in.
  for (let i = 0; i < 4 && marker; i++) marker = (await client.send(new ListRolesCommand({ MaxItems: 100, Marker: marker }))).Marker;
  const page = (m?: string, pathPrefix?: string) => client.send(new ListRolesCommand({ MaxItems: 100, Marker: m, PathPrefix: pathPrefix }));
  await run(100, 1, () => page());
  const result = {
    first: await run(300, 1, () => page()),
    middle: await run(300, 1, () => page(marker)),
    prefix: await run(300, 1, () => page(undefined, '/team-a/')),
  };
  client.destroy();
  return result;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) {
    console.error(`bench/api: ${CLI} is missing; run npm run build first`);
    process.exit(1);
  }
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-bench-'));
    dirs.push(dir);
    return dir;
  };
  console.log(`# bench/api: node ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    // Start-up: spawn to the ready line, a fresh data dir (migrations run) and an existing one, beside
    // bare `node -e` (spawn to its first line) in the same runs; the idle server's RSS. `--start-up`
    // measures only this.
    const startUp = await startUpFigures(tempDir);
    console.log(
      `\nstart to ready line (node ${CLI} serve), median of 5: fresh data dir ${fmt(startUp.fresh, 0)} ms, existing data dir ${fmt(startUp.existing, 0)} ms (target <= 150 ms); ` +
        `bare node -e, spawn to its first line: ${fmt(startUp.floor, 0)} ms`,
    );
    console.log(`idle RSS 2 s after the ready line, no request: ${fmt(startUp.rssMb, 1)} MB (target <= 60 MB; bare node -e: ${fmt(startUp.floorRssMb, 1)} MB)`);
    if (process.argv.includes('--start-up')) return;

    const linkedrole = await startLinkedrole(tempDir());
    const moto = await startMoto();
    try {
      await compare(moto ? [linkedrole, moto] : [linkedrole]);
      if (!moto) console.log('(moto is not installed: its rows are skipped)');

      const client = iamClient(linkedrole.url);
      const getRole = () => client.send(new GetRoleCommand({ RoleName: 'bench-role' }));
      await run(2000, 8, getRole);
      const paced = await fixedRate(1000, 10, getRole);
      console.log(
        `\nGetRole at a fixed 1,000 req/s for 10 s (linkedrole, --quiet), SDK client: achieved ${fmt(paced.rps, 0)} req/s, p50 ${fmt(paced.p50)} ms, p99 ${fmt(paced.p99)} ms (target p99 < 5 ms); sends over 5 ms late: ${paced.late}`,
      );
      client.destroy();
      const replay = await replayClient(linkedrole.url, 64);
      await run(2000, 8, replay.send);
      const pacedReplay = await fixedRate(1000, 10, replay.send);
      console.log(
        `GetRole at a fixed 1,000 req/s for 10 s (linkedrole, --quiet), replay client: achieved ${fmt(pacedReplay.rps, 0)} req/s, p50 ${fmt(pacedReplay.p50)} ms, p99 ${fmt(pacedReplay.p99)} ms; sends over 5 ms late: ${pacedReplay.late}`,
      );
      replay.close();
    } finally {
      await linkedrole.stop();
      await moto?.stop();
    }

    // The same fixed rate with the access log on (stdout to a pipe this process drains).
    const logged = await startLinkedrole(tempDir(), []);
    try {
      const client = iamClient(logged.url);
      await client.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: TRUST }));
      client.destroy();
      const replay = await replayClient(logged.url, 64);
      await run(2000, 8, replay.send);
      const paced = await fixedRate(1000, 10, replay.send);
      console.log(
        `GetRole at a fixed 1,000 req/s with the access log on, replay client: p50 ${fmt(paced.p50)} ms, p99 ${fmt(paced.p99)} ms (target p99 < ${TARGET_P99_MS} ms: ${paced.p99 < TARGET_P99_MS ? 'met' : 'NOT met'})`,
      );
      replay.close();
    } finally {
      await logged.stop();
    }

    console.log('\n| roles in the account | ListRoles first page p50 / p99 ms | page 5 (Marker) p50 / p99 ms | PathPrefix=/team-a/ p50 / p99 ms |');
    console.log('| --- | --- | --- | --- |');
    for (const count of [1_000, 100_000]) {
      const dir = tempDir();
      const seeded = performance.now();
      await seedRoles(dir, count);
      const seedMs = performance.now() - seeded;
      const server = await startLinkedrole(dir);
      try {
        const { first, middle, prefix } = await listRolesLatency(server.url);
        console.log(`| ${count.toLocaleString('en-US')} | ${fmt(first.p50)} / ${fmt(first.p99)} | ${fmt(middle.p50)} / ${fmt(middle.p99)} | ${fmt(prefix.p50)} / ${fmt(prefix.p99)} |`);
      } finally {
        await server.stop();
      }
      if (count === 100_000) console.log(`(100,000 roles inserted through the store in ${fmt(seedMs / 1000, 1)} s)`);
    }
    console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
