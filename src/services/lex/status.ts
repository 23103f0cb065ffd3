// Lex resources move through statuses (Creating -> Available, Building -> Built, ...) quickly but for
// real: a row keeps its status, the status it moves to and when; readers see the effective status.
// `S` is the resource's status enum of the model (BotStatus, BotLocaleStatus, BotAliasStatus).

export interface StatusColumns<S extends string = string> {
  status: S;
  status_until: string | null;
  next_status: S | null;
}

export function effectiveStatus<S extends string>(row: StatusColumns<S>, now: Date): S {
  if (row.next_status && row.status_until && now.toISOString() >= row.status_until) return row.next_status;
  return row.status;
}

/** The columns for "now `status`, then `next` after `ms`". */
export function transition<S extends string>(status: S, next: S, now: Date, ms: number): StatusColumns<S> {
  if (ms <= 0) return { status: next, status_until: null, next_status: null };
  return { status, status_until: new Date(now.getTime() + ms).toISOString(), next_status: next };
}

export function settled<S extends string>(status: S): StatusColumns<S> {
  return { status, status_until: null, next_status: null };
}
