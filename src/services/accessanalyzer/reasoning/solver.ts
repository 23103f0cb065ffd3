// Z3 (the `z3-solver` package, WebAssembly) for the custom policy checks: loaded on the first check, not
// when the server starts (its start must not pay for the module's ~300 ms), once per process, and one
// check at a time, since one Z3 context is shared and its checks run on a worker thread (SolverQueue).
import type { Bool, Context } from 'z3-solver';
import { onFirstUse } from '../../../on-first-use.js';

export type Z3 = Context<'main'>;
export type Formula = Bool<'main'>;

let requested = false;
const loadZ3 = onFirstUse(async () => {
  const { init } = await import('z3-solver');
  const { Context } = await init();
  return Context('main') as Z3;
});

/** The process's Z3 context, created on first use. */
export function z3(): Promise<Z3> {
  requested = true;
  return loadZ3();
}

/**
 * How long Z3 may think about one question. String constraints can be hard; a question it has not
 * answered by then counts as satisfiable (below), so a check can FAIL for want of time, never PASS.
 */
export const QUERY_TIMEOUT_MS = 10_000;

/** Has this process begun loading Z3 (the first check has been asked)? */
export function z3Requested(): boolean {
  return requested;
}

/**
 * How long Z3 may think about all the questions of one check together: a check asks one question per
 * round of satisfiable candidates, and a large policy could otherwise hold the solver for as many rounds
 * of QUERY_TIMEOUT_MS. A question asked with no time left counts as satisfiable: such a check FAILs.
 */
export const CHECK_BUDGET_MS = 30_000;

/** The time a check has left (a deadline on the process's clock). */
export interface Budget {
  readonly deadline: number;
}

/** The solver is busy with other checks and this caller's queue is full (custom-checks.ts answers ThrottlingException). */
export class SolverBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many policy checks are waiting; retry later.');
  }
}

export interface QueueLimits {
  /** Checks of one caller (an account) that may wait while the solver works on another. */
  perCaller: number;
  /** Checks of all callers that may wait. */
  total: number;
}

interface Job {
  start(): void;
}

/**
 * One Z3 context, so one check at a time; the waiting checks are served in turn by caller (round robin
 * over the accounts with checks waiting, each account's own in order), so that an account's run of slow
 * checks delays another account's check by at most one check (at most CHECK_BUDGET_MS) per account ahead
 * of it. A caller with `perCaller` checks waiting, or a full queue, is refused (SolverBusy), not queued.
 */
export class SolverQueue {
  private readonly waiting = new Map<string, Job[]>();
  private size = 0;
  private busy = false;

  constructor(private readonly limits: QueueLimits = { perCaller: 4, total: 32 }) {}

  /** Runs `work` when its turn comes, with Z3 and the check's budget. */
  run<T>(caller: string, work: (z: Z3, budget: Budget) => Promise<T>): Promise<T> {
    const own = this.waiting.get(caller) ?? [];
    if (this.busy && (own.length >= this.limits.perCaller || this.size >= this.limits.total)) {
      // A rough wait: the checks ahead of this caller's next turn, each at most a budget.
      return Promise.reject(new SolverBusy(Math.ceil((CHECK_BUDGET_MS / 1000) * Math.min(this.size, this.waiting.size + 1))));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        start: () => {
          const budget = { deadline: Date.now() + CHECK_BUDGET_MS };
          z3()
            .then((z) => work(z, budget))
            .then(resolve, reject)
            .finally(() => this.next());
        },
      };
      if (!this.busy) {
        this.busy = true;
        job.start();
        return;
      }
      own.push(job);
      this.size++;
      this.waiting.set(caller, own);
    });
  }

  /** Checks waiting (for tests and the docs' claims). */
  get length(): number {
    return this.size;
  }

  private next(): void {
    // Map iteration order is insertion order: the caller served is moved to the end of the round.
    const first = this.waiting.entries().next();
    if (first.done) {
      this.busy = false;
      return;
    }
    const [caller, jobs] = first.value;
    const job = jobs.shift()!;
    this.size--;
    this.waiting.delete(caller);
    if (jobs.length > 0) this.waiting.set(caller, jobs);
    job.start();
  }
}

/**
 * Which of `candidates` can hold together with every formula of `given`: each such candidate holds in
 * some model of `given`. Asked again while some candidate is unshown: each model shows every
 * candidate true in it, so a typical answer takes one or two questions rather than one per candidate. An answer other than `unsat` (a timeout, an undecided
 * theory) is no proof that a candidate cannot hold: the candidates left are all returned.
 */
export async function satisfiableAmong(z: Z3, given: readonly Formula[], candidates: readonly Formula[], budget?: Budget): Promise<boolean[]> {
  const shown = candidates.map(() => false);
  for (;;) {
    const open = candidates.filter((_, i) => !shown[i]);
    if (open.length === 0) return shown;
    const left = budget ? budget.deadline - Date.now() : QUERY_TIMEOUT_MS;
    // No time left: what is unshown counts as satisfiable (a FAIL, never a PASS for want of time).
    if (left <= 0) return shown.map(() => true);
    // A fresh solver per question: Z3 answers a solver asked once faster than one asked again (an
    // incremental solver gives up preprocessing that makes these string questions easy).
    const solver = new z.Solver();
    solver.set('timeout', Math.min(QUERY_TIMEOUT_MS, left));
    try {
      for (const formula of given) solver.add(formula);
      solver.add(open.length === 1 ? open[0] : z.Or(...open));
      const answer = await solver.check();
      if (answer === 'unsat') return shown;
      if (answer === 'unknown') return shown.map(() => true);
      const model = solver.model();
      let progress = false;
      candidates.forEach((candidate, i) => {
        if (!shown[i] && z.isTrue(model.eval(candidate, true))) shown[i] = progress = true;
      });
      // A model of an Or shows one of its members true; should evaluation say otherwise, asking again
      // would loop: what is left counts as satisfiable.
      if (!progress) return shown.map(() => true);
    } finally {
      solver.release();
    }
  }
}
