// The audit trail's retention: events older than the retention period are deleted in the background,
// a small batch at a time, so the trail's size is bounded by the traffic of that period and no request
// waits on a long delete. Every server sharing a PostgreSQL store prunes; deletes of the same old rows
// by two servers are harmless (each deletes what is still there). The period is measured on the
// server's clock (tests move it). docs/cloudtrail.md, "Retention", says which features read the trail.
import { loop, type Worker } from '../store/workers.js';
import type { AuditTrail } from './trail.js';

/**
 * 400 days: IAM's last accessed data reports use within its tracking period of 400 days, and Access
 * Analyzer's unused access looks back up to 365 days; CloudTrail's own event history keeps 90 days,
 * which would leave those features blind to most of the periods they report on.
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

export interface RetentionOptions {
  /** Days an event is kept; 0 keeps every event forever. */
  retentionDays: number;
  /** How often a pass looks for expired events (ms); default one minute. */
  intervalMs?: number;
  /** Events deleted per statement; default 200 (about 10 ms of the store's write lock at 1,000,000 events). */
  batchSize?: number;
  /** Batches per pass at most; default 1,000 (up to 200,000 events a minute). */
  batchesPerPass?: number;
}

/** The background pruning of the trail, or none when events are kept forever. */
export function auditRetentionWorker(audit: AuditTrail, clock: () => Date, options: RetentionOptions): Worker | undefined {
  if (options.retentionDays <= 0) return undefined;
  const periodMs = options.retentionDays * 86_400_000;
  const batchSize = options.batchSize ?? 200;
  const batches = options.batchesPerPass ?? 1000;
  return loop({
    name: 'pruning the audit trail',
    intervalMs: options.intervalMs ?? 60_000,
    async pass() {
      const cutoff = new Date(clock().getTime() - periodMs);
      let deleted = 0;
      for (let i = 0; i < batches; i++) {
        const n = await audit.prune(cutoff, batchSize);
        deleted += n;
        if (n < batchSize) break;
        // Between batches the store's writers (requests' transactions, audit appends) take their turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return deleted > 0;
    },
  });
}
