// The arithmetic every Lex metrics operation shares (ListSessionMetrics, ListIntentMetrics,
// ListIntentStageMetrics, ListUtteranceMetrics): filter the facts, put them in time bins (binBy) and groups
// (groupBy), compute each requested metric's statistic (Sum, Avg, Max) per bin and group, and order the results
// by the bin key or by one metric, as AWS's request allows one order only.
import type { AnalyticsBinBySpecification, AnalyticsMetricStatistic, AnalyticsSortOrder } from '../../aws/generated/lexv2-models.js';
import { invalid } from './context.js';

/** A fact's two times a request may bin by. */
export interface FactTimes {
  ConversationStartTime: Date;
  UtteranceTimestamp: Date;
}

export interface MetricRequest<M extends string> {
  name: M;
  statistic: AnalyticsMetricStatistic;
  order?: AnalyticsSortOrder;
}

/** How one kind of fact is measured: its times, its group keys, and each metric's value on one fact. */
export interface Measure<F, G extends string, M extends string> {
  times(fact: F): FactTimes;
  group(fact: F, name: G): string;
  /** A metric's value on one fact; `bucket` is every fact of the fact's bin and group (for Concurrency). */
  value(fact: F, name: M, bucket: F[]): number;
}

export interface Bucket<F, G extends string> {
  binKeys?: { name: AnalyticsBinBySpecification['name']; value: number }[];
  groupByKeys?: { name: G; value: string }[];
  facts: F[];
}

export interface MetricsResult<G extends string, M extends string> {
  binKeys?: { name: AnalyticsBinBySpecification['name']; value: number }[];
  groupByKeys?: { name: G; value: string }[];
  metricsResults: { name: M; statistic: AnalyticsMetricStatistic; value: number }[];
}

const INTERVAL_MS = { OneHour: 3_600_000, OneDay: 86_400_000 } as const;

/** The start of the UTC hour or day a time falls in, in epoch milliseconds. */
export function binStart(time: Date, interval: AnalyticsBinBySpecification['interval']): number {
  const ms = INTERVAL_MS[interval];
  return Math.floor(time.getTime() / ms) * ms;
}

/** The facts by bin and group, in the order they first appear. */
export function buckets<F, G extends string>(facts: F[], measure: Pick<Measure<F, G, string>, 'times' | 'group'>, binBy: AnalyticsBinBySpecification | undefined, groupBy: G[]): Bucket<F, G>[] {
  const byKey = new Map<string, Bucket<F, G>>();
  for (const fact of facts) {
    const bin = binBy ? binStart(measure.times(fact)[binBy.name], binBy.interval) : undefined;
    const groups = groupBy.map((name) => ({ name, value: measure.group(fact, name) }));
    const key = JSON.stringify([bin, groups.map((g) => g.value)]);
    let bucket = byKey.get(key);
    if (!bucket) {
      bucket = { facts: [] };
      if (binBy) bucket.binKeys = [{ name: binBy.name, value: bin! }];
      if (groupBy.length > 0) bucket.groupByKeys = groups;
      byKey.set(key, bucket);
    }
    bucket.facts.push(fact);
  }
  return [...byKey.values()];
}

/** Sum, Avg (the sum over the number of facts) or Max of the values. */
export function statistic(values: number[], which: AnalyticsMetricStatistic): number {
  if (values.length === 0) return 0;
  if (which === 'Max') return Math.max(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return which === 'Sum' ? sum : sum / values.length;
}

/**
 * The results of a metrics request: one per bin and group with facts, each with every requested metric, ordered
 * by the one metric that has an order, else by the bin key (descending unless binBy says otherwise, as AWS
 * documents), else by the group keys.
 */
export function metricsResults<F, G extends string, M extends string>(
  facts: F[],
  measure: Measure<F, G, M>,
  request: { metrics: MetricRequest<M>[]; binBy?: AnalyticsBinBySpecification[]; groupBy?: { name: G }[] },
  attach: (facts: F[]) => object = () => ({}),
): MetricsResult<G, M>[] {
  const binBy = request.binBy?.[0];
  const ordered = request.metrics.filter((m) => m.order !== undefined);
  if (ordered.length + (binBy?.order !== undefined ? 1 : 0) > 1) {
    throw invalid('Only one order can be specified in a request: in binBy or in one of the metrics.');
  }
  const groupBy = (request.groupBy ?? []).map((g) => g.name);
  if (new Set(groupBy).size !== groupBy.length) throw invalid('Each groupBy name can be given once.');
  const results = buckets(facts, measure, binBy, groupBy).map((bucket) => ({
    ...(bucket.binKeys ? { binKeys: bucket.binKeys } : {}),
    ...(bucket.groupByKeys ? { groupByKeys: bucket.groupByKeys } : {}),
    metricsResults: request.metrics.map((m) => ({
      name: m.name,
      statistic: m.statistic,
      value: round(statistic(bucket.facts.map((f) => measure.value(f, m.name, bucket.facts)), m.statistic)),
    })),
    ...attach(bucket.facts),
  }));
  const byGroups = (a: MetricsResult<G, M>, b: MetricsResult<G, M>) =>
    JSON.stringify((a.groupByKeys ?? []).map((g) => g.value)).localeCompare(JSON.stringify((b.groupByKeys ?? []).map((g) => g.value)));
  const binValue = (r: MetricsResult<G, M>) => r.binKeys?.[0].value ?? 0;
  const sign = (order: AnalyticsSortOrder | undefined) => (order === 'Ascending' ? 1 : -1);
  if (ordered.length === 1) {
    const index = request.metrics.indexOf(ordered[0]);
    const s = sign(ordered[0].order);
    return results.sort((a, b) => s * (a.metricsResults[index].value - b.metricsResults[index].value) || binValue(a) - binValue(b) || byGroups(a, b));
  }
  if (binBy) {
    const s = sign(binBy.order);
    return results.sort((a, b) => s * (binValue(a) - binValue(b)) || byGroups(a, b));
  }
  return results.sort(byGroups);
}

/** Averages to at most six decimals, so equal figures print equal. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
