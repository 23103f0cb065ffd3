// Lex resources move through statuses (Creating -> Available, Building -> Built, ...) quickly but for
// real: a row keeps its status, the status it moves to and when; readers see the effective status.

export interface StatusColumns {
  status: string;
  status_until: string | null;
  next_status: string | null;
}

export function effectiveStatus(row: StatusColumns, now: Date): string {
  if (row.next_status && row.status_until && now.toISOString() >= row.status_until) return row.next_status;
  return row.status;
}

/** The columns for "now `status`, then `next` after `ms`". */
export function transition(status: string, next: string, now: Date, ms: number): StatusColumns {
  if (ms <= 0) return { status: next, status_until: null, next_status: null };
  return { status, status_until: new Date(now.getTime() + ms).toISOString(), next_status: next };
}

export function settled(status: string): StatusColumns {
  return { status, status_until: null, next_status: null };
}
