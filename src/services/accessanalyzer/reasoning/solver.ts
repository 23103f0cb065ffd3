// Z3 (the `z3-solver` package, WebAssembly) for the custom policy checks: loaded on the first check, not
// when the server starts (its start must not pay for the module's ~300 ms), once per process, and one
// query at a time, since one Z3 context is shared and its checks run on a worker thread.
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

let queue: Promise<unknown> = Promise.resolve();

/** Runs `work` once every query started before it has ended: one query at a time in the process. */
export function exclusive<T>(work: (z: Z3) => Promise<T>): Promise<T> {
  const run = queue.then(async () => work(await z3()));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Which of `candidates` can hold together with every formula of `given`: each such candidate holds in
 * some model of `given`. Asked again while some candidate is unshown: each model shows every
 * candidate true in it, so a typical answer takes one or two questions rather than one per candidate. An answer other than `unsat` (a timeout, an undecided
 * theory) is no proof that a candidate cannot hold: the candidates left are all returned.
 */
export async function satisfiableAmong(z: Z3, given: readonly Formula[], candidates: readonly Formula[]): Promise<boolean[]> {
  const shown = candidates.map(() => false);
  for (;;) {
    const open = candidates.filter((_, i) => !shown[i]);
    if (open.length === 0) return shown;
    // A fresh solver per question: Z3 answers a solver asked once faster than one asked again (an
    // incremental solver gives up preprocessing that makes these string questions easy).
    const solver = new z.Solver();
    solver.set('timeout', QUERY_TIMEOUT_MS);
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
