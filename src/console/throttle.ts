// A brake on guessing console sign-ins: after `freeFailures` wrong sign-ins in a row from one client
// address, that address is locked out for `baseLockMs`, doubled with each further failure (up to
// `maxLockMs`); during a lockout every sign-in from the address, a correct one too, is answered 429
// with Retry-After. A correct sign-in outside a lockout forgets the address's failures.
//
// Hand-written: the rate limiters on npm count requests per window (a fixed budget, then a wait), not
// consecutive failures with a growing lockout, and most are middleware for frameworks the console
// does not use. The state is one Map in memory, bounded both by entries (the oldest dropped first)
// and by time (an address is forgotten `forgetMs` after its last failure, once its lockout is over).
// It is per server: several servers behind a load balancer each keep their own count.

export interface SignInThrottleOptions {
  /** Wrong sign-ins in a row before the first lockout. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  baseLockMs: number;
  /** The longest lockout. */
  maxLockMs: number;
  /** An address without failures for this long (and not locked out) starts again from zero. */
  forgetMs: number;
  /** The most addresses remembered; beyond it the least recently failed are dropped. */
  maxEntries: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  freeFailures: 5,
  baseLockMs: 1_000,
  maxLockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  maxEntries: 10_000,
};

interface Entry {
  failures: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  readonly options: SignInThrottleOptions;

  constructor(
    options: Partial<SignInThrottleOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_SIGN_IN_THROTTLE, ...options };
  }

  /** Whole seconds until `address` may try again (for Retry-After), or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const entry = this.live(address);
    if (!entry) return 0;
    const wait = entry.lockedUntilMs - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Records a wrong sign-in; returns the lockout it starts in whole seconds (0: none yet). */
  failed(address: string): number {
    const now = this.now();
    const entry = this.live(address) ?? { failures: 0, lastFailureMs: now, lockedUntilMs: 0 };
    entry.failures += 1;
    entry.lastFailureMs = now;
    const over = entry.failures - this.options.freeFailures;
    if (over >= 0) {
      // 2 ** over grows past any cap quickly; Math.min keeps it finite (over is bounded by the cap's exponent).
      const lock = Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** Math.min(over, 40));
      entry.lockedUntilMs = now + lock;
    }
    // Re-inserted: the Map's order is then least recently failed first, which is what is dropped.
    this.entries.delete(address);
    this.entries.set(address, entry);
    this.prune(now);
    return this.retryAfterSeconds(address);
  }

  /** A correct sign-in (outside a lockout): the address starts again from zero. */
  succeeded(address: string): void {
    this.entries.delete(address);
  }

  /** How many addresses are remembered (for tests and figures). */
  get size(): number {
    return this.entries.size;
  }

  private live(address: string): Entry | undefined {
    const entry = this.entries.get(address);
    if (entry && this.expired(entry, this.now())) {
      this.entries.delete(address);
      return undefined;
    }
    return entry;
  }

  private expired(entry: Entry, now: number): boolean {
    return entry.lockedUntilMs <= now && now - entry.lastFailureMs >= this.options.forgetMs;
  }

  private prune(now: number): void {
    // Oldest first: stop at the first entry still worth keeping, once under the bound.
    for (const [address, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && !this.expired(entry, now)) break;
      this.entries.delete(address);
    }
  }
}

/**
 * The address a sign-in is counted against: the connection's peer (never a forwarded-for header,
 * which the client writes). IPv4 as is (also when mapped into IPv6); IPv6 by its /64 network, the
 * block one subscriber is usually given, so that a client cannot start afresh by changing the
 * address's last half.
 */
export function clientAddress(request: { socket: { remoteAddress?: string } }): string {
  const remote = request.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  if (mapped) return mapped[1];
  if (!remote.includes(':')) return remote;
  const [head, tail = ''] = remote.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = remote.includes('::') && tail ? tail.split(':') : [];
  const groups = remote.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
