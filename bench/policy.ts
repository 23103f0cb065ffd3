// Policy engine throughput, side by side with @cloud-copilot/iam-simulate on the same requests:
//   (a) the seed AppIntegrationsServiceLinkedRolePolicy on a mix of its allowed and denied requests;
//   (b) an account-sized set: 50 identity policies of 20 statements, with conditions and variables.
// Targets (issue 18): (a) 3,000,000 and (b) 25,000 decisions per CPU-second, printed beside each figure.
// Run: npx tsx bench/policy.ts   (one process, one core; figures vary a few percent between runs)
import os from 'node:os';
import { compileSimulationRequest, evaluate, type SimulationRequest } from '../src/policy/index.js';
import type { AuthorizationRequest } from '../src/policy/types.js';
import { iamSimulateDecision, iamSimulateUnsafeDecision, toIamSimulate } from '../test/policy/support/iam-simulate.js';
import { accountWorkload, seedRequests } from '../test/policy/support/workload.js';

function compile(requests: SimulationRequest[]): AuthorizationRequest[] {
  return requests.map((r) => {
    const compiled = compileSimulationRequest(r);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    return compiled.request;
  });
}

// Rates are per second of this process's CPU time (user + system), i.e. what one core does, so that
// other work on the machine does not distort them; the loop runs for about `seconds` of CPU time.
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/**
 * Runs `fn` over the requests round-robin; returns decisions per CPU-second. The clock is read once per
 * batch of at least 1,000 decisions: a read (getrusage) costs about as much as a dozen fast decisions,
 * and reading it after every pass over (a)'s 13 requests counted it as part of each decision.
 */
function measure(requests: readonly unknown[], fn: (r: any) => unknown, seconds: number): number {
  let count = 0;
  let sink = 0;
  const rounds = Math.max(1, Math.ceil(1000 / requests.length));
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < requests.length; i++) if (fn(requests[i])) sink++;
    }
    count += rounds * requests.length;
    elapsed = cpuSeconds(start);
  }
  if (sink < 0) console.log(sink);
  return count / elapsed;
}

async function measureAsync(requests: readonly SimulationRequest[], seconds: number): Promise<number> {
  let count = 0;
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const request of requests) await iamSimulateDecision(request);
    count += requests.length;
    elapsed = cpuSeconds(start);
  }
  return count / elapsed;
}

const format = (perSecond: number) =>
  `${Math.round(perSecond).toLocaleString('en-US').padStart(11)} decisions/s  ${(1e6 / perSecond).toFixed(3).padStart(9)} µs/decision`;

async function run(name: string, requests: SimulationRequest[], seconds: number, target: number): Promise<void> {
  const compiled = compile(requests);
  const ours = compiled.map((r) => evaluate(r).decision);
  const theirs = await Promise.all(requests.map(iamSimulateDecision));
  const agree = ours.filter((d, i) => d === theirs[i]).length;
  const allowed = ours.filter((d) => d === 'allowed').length;
  console.log(`\n${name}: ${requests.length} distinct requests (${allowed} allowed, ${requests.length - allowed} denied)`);
  console.log(`  agreement with iam-simulate: ${agree}/${requests.length}`);
  for (let i = 0; i < requests.length; i++) {
    if (ours[i] !== theirs[i]) console.log(`  DISAGREE #${i}: linkedrole ${ours[i]}, iam-simulate ${theirs[i]}`);
  }

  measure(compiled, evaluate, 0.5); // warm-up: let the JIT settle
  const engine = measure(compiled, evaluate, seconds);
  const simulations = requests.map(toIamSimulate);
  const peer = await measureAsync(requests, Math.min(seconds, 3));
  const verdict = engine >= target ? 'met' : 'NOT met';
  console.log(`  linkedrole evaluate()               ${format(engine)}   (target ${target.toLocaleString('en-US')}/CPU-s: ${verdict})`);
  console.log(`  iam-simulate runSimulation()        ${format(peer)}   (${(engine / peer).toFixed(0)}x slower)`);
  try {
    const peerUnsafe = measure(simulations, iamSimulateUnsafeDecision, Math.min(seconds, 3));
    console.log(`  iam-simulate runUnsafeSimulation()  ${format(peerUnsafe)}   (${(engine / peerUnsafe).toFixed(0)}x slower; no validation)`);
  } catch (error) {
    // Its unvalidated entry point loads a resource policy without a name and then reads the name.
    console.log(`  iam-simulate runUnsafeSimulation()  fails on these requests: ${(error as Error).message}`);
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}; about ${seconds} CPU-seconds per measurement; rates per CPU-second`);
await run('(a) seed policy AppIntegrationsServiceLinkedRolePolicy', seedRequests().map((s) => s.request), seconds, 3_000_000);
await run('(b) account-sized: 50 policies x 20 statements, conditions and variables', accountWorkload(1), seconds, 25_000);
