// The small Amazon AppFlow that AppIntegrations' flows live in, as AppFlow's own API shows it: the
// connector profiles the service uses, the flows it created (FlowCreatedByAppIntegrations-<id>) and
// their runs (tables appflow_*). State only: what runs the flows through the service-linked role is
// flow-runner.ts; what a user reaches of it is appflow-api.ts.
import type { Db, Store, Tx } from '../../store/database.js';
import type { AppFlowConnectorProfileRow, AppFlowFlowRow, AppFlowRunRow } from '../../store/schema.js';
import { insertOrReread } from '../kit/race.js';
import type { Scope } from '../kit/scope.js';
import type { TagMap } from './domain.js';
import { connectorProfileArn, FLOW_PREFIX } from './names.js';

const CONNECTOR_TYPES = ['Salesforce', 'Servicenow', 'Zendesk', 'SAPOData', 'Marketo', 'Slack', 'S3', 'Veeva', 'Pardot', 'CustomConnector'];
/** How many rows of each kind a scheduler pass looks at. */
const BATCH = 50;

export function flowNameFor(dataIntegrationId: string): string {
  return `${FLOW_PREFIX}${dataIntegrationId}`;
}

/** The key of a flow's row. */
export const flowKey = (scope: Scope, flowName: string) => ({ account_id: scope.accountId, region: scope.region, flow_name: flowName });

export const flowTags = (flow: AppFlowFlowRow): TagMap => JSON.parse(flow.tags) as TagMap;

export class AppFlowRegistry {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  async flow(scope: Scope, name: string, db: Db | Tx = this.store.db): Promise<AppFlowFlowRow | undefined> {
    return db.selectFrom('appflow_flows').selectAll().where((eb) => eb.and(flowKey(scope, name))).executeTakeFirst();
  }

  async flows(scope: Scope): Promise<AppFlowFlowRow[]> {
    return this.store.db
      .selectFrom('appflow_flows')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .orderBy('flow_name')
      .execute();
  }

  async connectorProfiles(scope: Scope): Promise<AppFlowConnectorProfileRow[]> {
    return this.store.db
      .selectFrom('appflow_connector_profiles')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .orderBy('name')
      .execute();
  }

  /** A flow's runs, newest first. */
  async runs(scope: Scope, flowName: string, db: Db | Tx = this.store.db): Promise<AppFlowRunRow[]> {
    return db
      .selectFrom('appflow_flow_runs')
      .selectAll()
      .where((eb) => eb.and(flowKey(scope, flowName)))
      .orderBy('started_at', 'desc')
      .orderBy('execution_id', 'desc')
      .execute();
  }

  async lastRun(scope: Scope, flowName: string, db: Db | Tx = this.store.db): Promise<AppFlowRunRow | undefined> {
    return (await this.runs(scope, flowName, db))[0];
  }

  /** The connector profile of that name, registered on first use. */
  async ensureConnectorProfile(scope: Scope, connector: string, name: string): Promise<AppFlowConnectorProfileRow> {
    const read = () =>
      this.store.db
        .selectFrom('appflow_connector_profiles')
        .selectAll()
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('name', '=', name)
        .executeTakeFirst();
    return insertOrReread(read, async () => {
      const row: AppFlowConnectorProfileRow = {
        account_id: scope.accountId,
        region: scope.region,
        name,
        arn: connectorProfileArn(scope.region, scope.accountId, name),
        connector_type: CONNECTOR_TYPES.find((t) => t.toLowerCase() === connector.toLowerCase()) ?? 'CustomConnector',
        created_at: this.clock().toISOString(),
      };
      await this.store.db.insertInto('appflow_connector_profiles').values(row).execute();
      return row;
    });
  }

  async insertFlow(flow: AppFlowFlowRow): Promise<void> {
    await this.store.db.insertInto('appflow_flows').values(flow).execute();
  }

  async updateFlow(scope: Scope, name: string, changes: Partial<AppFlowFlowRow>, db: Db | Tx = this.store.db): Promise<void> {
    await db
      .updateTable('appflow_flows')
      .set({ ...changes, updated_at: this.clock().toISOString() })
      .where((eb) => eb.and(flowKey(scope, name)))
      .execute();
  }

  /** A user (re)tags or untags a flow through AppFlow's API. */
  async setFlowTags(scope: Scope, name: string, tags: TagMap): Promise<void> {
    await this.updateFlow(scope, name, { tags: JSON.stringify(tags) });
  }

  async insertRun(run: AppFlowRunRow, db: Db | Tx = this.store.db): Promise<void> {
    await db.insertInto('appflow_flow_runs').values(run).execute();
  }

  async finishRun(run: AppFlowRunRow, db: Db | Tx = this.store.db): Promise<void> {
    await db
      .updateTable('appflow_flow_runs')
      .set({ status: run.status, completed_at: run.completed_at, records_processed: run.records_processed, message: run.message })
      .where('execution_id', '=', run.execution_id)
      .execute();
  }

  /** Deletes the flow and its runs, in one transaction. */
  async deleteFlow(scope: Scope, name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.deleteFrom('appflow_flow_runs').where((eb) => eb.and(flowKey(scope, name))).execute();
      await tx.deleteFrom('appflow_flows').where((eb) => eb.and(flowKey(scope, name))).execute();
    });
  }

  // ---- what the scheduler looks for ---------------------------------------------------------------

  /** Runs in progress whose time is up. */
  async runsEnded(now: Date): Promise<AppFlowRunRow[]> {
    return this.store.db.selectFrom('appflow_flow_runs').selectAll().where('status', '=', 'InProgress').where('ends_at', '<=', now.toISOString()).limit(BATCH).execute();
  }

  /** Active flows whose next scheduled run is due. */
  async flowsDue(now: Date): Promise<AppFlowFlowRow[]> {
    return this.store.db
      .selectFrom('appflow_flows')
      .selectAll()
      .where('teardown', '=', 0)
      .where('flow_status', '=', 'Active')
      .where('next_run_at', '<=', now.toISOString())
      .limit(BATCH)
      .execute();
  }

  /** Flows whose data integration is gone, left to delete. */
  async flowsToDelete(): Promise<AppFlowFlowRow[]> {
    return this.store.db.selectFrom('appflow_flows').selectAll().where('teardown', '=', 1).limit(BATCH).execute();
  }

  /** True while the account has a run in progress, or a flow still to delete. */
  async busy(accountId: string): Promise<boolean> {
    const running = await this.store.db
      .selectFrom('appflow_flow_runs')
      .select('execution_id')
      .where('account_id', '=', accountId)
      .where('status', '=', 'InProgress')
      .limit(1)
      .executeTakeFirst();
    if (running) return true;
    const pending = await this.store.db
      .selectFrom('appflow_flows')
      .select('flow_name')
      .where('account_id', '=', accountId)
      .where('teardown', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return pending !== undefined;
  }
}
