// Background work over the store, safe across servers sharing it (the linked services' schedulers, IAM's
// deletion tasks). A loop runs one pass every interval until stopped (a pass never overlaps the one before;
// a failed pass is logged, not fatal), slowing to an idle interval while passes find nothing to do. A lease is a row a server takes for a
// while with a conditional UPDATE of its `claimed_by` / `claim_expires_at` columns, so that of several
// servers exactly one works on it, and another takes it over once a lease of a server that died expires.
// Leases' times come from the injected clock (tests move it); the loop's pacing is the monotonic clock's
// (performance.now()), which no test moves.
import { randomUUID } from 'node:crypto';
import type { Store, Tx } from './database.js';
import type { Schema } from './schema.js';

/** Starts a piece of background work and returns its stopper (which waits for a pass in progress). */
export type Worker = () => () => Promise<void>;

export interface LoopOptions {
  /** What the loop does, for the log of a failed pass. */
  name: string;
  /** How often a pass may start (ms). */
  intervalMs: number;
  /** After a pass that found nothing to do, the next waits this long (ms); default: intervalMs. */
  idleIntervalMs?: number;
  /** One pass; `false` when it found nothing to do. */
  pass(): Promise<boolean | void>;
  /** True while there is surely work (this server just made some): the idle wait is skipped. */
  awake?(): boolean;
}

export function loop(options: LoopOptions): Worker {
  return () => {
    let stopped = false;
    let busy = false;
    let running: Promise<unknown> = Promise.resolve();
    let nextPassAt = 0;
    const timer = setInterval(() => {
      if (busy || stopped) return;
      const now = performance.now();
      if (now < nextPassAt && !options.awake?.()) return;
      busy = true;
      running = options
        .pass()
        .then((worked) => {
          nextPassAt = worked === false ? performance.now() + (options.idleIntervalMs ?? options.intervalMs) : 0;
        })
        .catch((error: unknown) => {
          if (!stopped) console.error(`linkedrole: ${options.name}:`, error);
        })
        .finally(() => {
          busy = false;
        });
    }, options.intervalMs);
    timer.unref();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  };
}

/** The tables whose rows can be leased: they have the two lease columns. */
export type LeasedTable = {
  [T in keyof Schema]: Schema[T] extends { claimed_by: string | null; claim_expires_at: string | null } ? T : never;
}[keyof Schema];

/** The leases of one table's rows, held by this server (`holder`) for `durationMs` at a time. */
export class Leases<T extends LeasedTable> {
  constructor(
    private readonly store: Store,
    private readonly table: T,
    private readonly clock: () => Date,
    readonly durationMs: number,
    readonly holder: string = randomUUID(),
  ) {}

  /** Takes the row `key` names unless another holder's lease on it has not expired; true when taken. */
  async take(key: Partial<Schema[T]>, db: Store['db'] | Tx = this.store.db): Promise<boolean> {
    const now = this.clock();
    const result = await db
      .updateTable(this.table as LeasedTable)
      .set({ claimed_by: this.holder, claim_expires_at: new Date(now.getTime() + this.durationMs).toISOString() })
      .where((eb) => eb.and(key as never))
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives the row back, if this holder still has it. */
  async release(key: Partial<Schema[T]>): Promise<void> {
    await this.store.db
      .updateTable(this.table as LeasedTable)
      .set({ claimed_by: null, claim_expires_at: null })
      .where((eb) => eb.and(key as never))
      .where('claimed_by', '=', this.holder)
      .execute();
  }

  /** Runs `work` holding the row's lease; false (nothing run) when another holder has it. */
  async holding(key: Partial<Schema[T]>, work: () => Promise<void>): Promise<boolean> {
    if (!(await this.take(key))) return false;
    try {
      await work();
    } finally {
      await this.release(key);
    }
    return true;
  }

  /** The columns of a row inserted already leased by this holder. */
  leasedNow(): { claimed_by: string; claim_expires_at: string } {
    return { claimed_by: this.holder, claim_expires_at: new Date(this.clock().getTime() + this.durationMs).toISOString() };
  }
}
