// The CloudWatch metrics AppIntegrations publishes (cloudwatch:PutMetricData through its role, namespace
// AWS/AppIntegrations): one FlowRunSucceeded or FlowRunFailed count and RecordsProcessed per finished run,
// with the DataIntegrationId dimension (table cloudwatch_metric_data).
import { randomUUID } from 'node:crypto';
import type { Db, Store, Tx } from '../../store/database.js';
import type { AppFlowRunRow, MetricDatumRow } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { METRIC_NAMESPACE } from './names.js';

export class CloudWatchMetrics {
  constructor(private readonly store: Store) {}

  /** The data points of a finished run of the data integration's flow. */
  async recordRun(scope: Scope, dataIntegrationId: string, run: AppFlowRunRow, timestamp: string, db: Db | Tx = this.store.db): Promise<void> {
    const dimensions = JSON.stringify([{ Name: 'DataIntegrationId', Value: dataIntegrationId }]);
    const datum = (metric_name: string, value: number, unit: string): MetricDatumRow => ({
      id: randomUUID(),
      account_id: scope.accountId,
      region: scope.region,
      namespace: METRIC_NAMESPACE,
      metric_name,
      dimensions,
      value,
      unit,
      timestamp,
    });
    await db
      .insertInto('cloudwatch_metric_data')
      .values([datum(run.status === 'Successful' ? 'FlowRunSucceeded' : 'FlowRunFailed', 1, 'Count'), datum('RecordsProcessed', run.records_processed, 'Count')])
      .execute();
  }

  /** What was published in the account (and region), oldest first. */
  async data(accountId: string, region?: string): Promise<MetricDatumRow[]> {
    let query = this.store.db.selectFrom('cloudwatch_metric_data').selectAll().where('account_id', '=', accountId);
    if (region) query = query.where('region', '=', region);
    return query.orderBy('timestamp').orderBy('id').execute();
  }
}
