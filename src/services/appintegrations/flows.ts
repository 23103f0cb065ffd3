// AppIntegrations working on the customer's behalf: for a data integration with a schedule and an
// AppFlow source it keeps an AppFlow flow `FlowCreatedByAppIntegrations-<id>` and runs it. Every call
// it makes downstream goes through its service-linked role (sts/on-behalf.ts): decided by the policy
// engine against AppIntegrationsServiceLinkedRolePolicy and the flow's real tags, and written to the
// audit trail. The AppFlow flows, connector profiles, runs and published metrics live in a small
// registry (appflow_* and cloudwatch_metric_data tables).
//
// The flow itself is created with the caller's forward access (the role's policy has no
// appflow:CreateFlow; CreateDataIntegration asks the caller for it), then tagged, started, described,
// stopped and deleted through the role.
import { randomUUID } from 'node:crypto';
import type { Decision } from '../../policy/types.js';
import type { Db, Store, Tx } from '../../store/database.js';
import type { AppFlowConnectorProfileRow, AppFlowFlowRow, AppFlowRunRow, DataIntegrationRow } from '../../store/schema.js';
import type { OnBehalf, OnBehalfCall, RoleSession } from '../sts/on-behalf.js';
import type { LastExecutionStatus, Scope, ScheduleConfiguration, TagMap } from './domain.js';
import { appFlowSource, connectorProfileArn, FLOW_PREFIX, flowArn, MANAGED_TAG, METRIC_NAMESPACE, ROLE_NAME, SERVICE_PRINCIPAL } from './names.js';

const CLAIM_MS = 60_000;
/** Records a successful run "transfers": fixed, so that tests and metrics are deterministic. */
const RECORDS_PER_RUN = 100;

const APPFLOW_CONNECTOR_TYPES = ['Salesforce', 'Servicenow', 'Zendesk', 'SAPOData', 'Marketo', 'Slack', 'S3', 'Veeva', 'Pardot', 'CustomConnector'];

export function flowNameFor(dataIntegrationId: string): string {
  return `${FLOW_PREFIX}${dataIntegrationId}`;
}

/** rate(N unit) as milliseconds; a cron() schedule runs hourly here (linkedrole does not evaluate cron fields). */
export function scheduleIntervalMs(expression: string): number {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression);
  if (!rate) return 3_600_000;
  const unit = rate[2].startsWith('minute') ? 60_000 : rate[2].startsWith('hour') ? 3_600_000 : 86_400_000;
  return Math.max(1, Number(rate[1])) * unit;
}

class DeniedCall extends Error {
  constructor(
    readonly call: OnBehalfCall,
    readonly decision: Decision,
    message: string,
  ) {
    super(message);
  }
}

/** A role session that throws DeniedCall for a refused call (each decision is audited by the session). */
class ServiceCalls {
  constructor(
    readonly session: RoleSession,
    private readonly accountId: string,
  ) {}

  async call(eventName: string, action: string, resource: string, extra: Pick<OnBehalfCall, 'resourceTags' | 'context'> = {}): Promise<void> {
    const call: OnBehalfCall = {
      action,
      resource,
      ...extra,
      eventName,
      eventSource: action.startsWith('cloudwatch:') ? 'monitoring.amazonaws.com' : 'appflow.amazonaws.com',
    };
    const decision = await this.session.authorize(call);
    if (decision.decision === 'allowed') return;
    const principal = `arn:aws:sts::${this.accountId}:assumed-role/${ROLE_NAME}/${this.session.sessionName}`;
    const because =
      decision.decision === 'explicitDeny'
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${action} action`;
    const explanation = decision.explanation ? ` (${decision.explanation})` : '';
    throw new DeniedCall(call, decision, `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${because}${explanation}`);
  }
}

export interface FlowRunView {
  ExecutionId: string;
  ExecutionStatus: string;
  StartedAt: Date;
  CompletedAt?: Date;
  RecordsProcessed: number;
  StatusMessage?: string;
}

export interface DataIntegrationFlowView {
  FlowName: string;
  FlowArn: string;
  FlowStatus: string;
  Tags: TagMap;
  ScheduleExpression: string;
  NextRunAt?: Date;
  LastError?: string;
  LastRun?: FlowRunView;
}

export class FlowService {
  readonly serverId = randomUUID();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** The on-behalf path (STS); resolved when used, so the service works as soon as it is wired. */
    private readonly onBehalf: OnBehalf,
  ) {}

  // ---- hooks from the AppIntegrations domain ----------------------------------------------

  /** After CreateDataIntegration: register the connector profile and the flow, then tag, start and run it through the role. */
  async setUp(scope: Scope, integration: DataIntegrationRow): Promise<void> {
    const source = appFlowSource(integration.source_uri ?? undefined);
    const schedule = integration.schedule_config ? (JSON.parse(integration.schedule_config) as ScheduleConfiguration) : undefined;
    if (!source || !schedule) return;
    const profile = await this.ensureConnectorProfile(scope, source.connectorType, source.profileName);
    const now = this.clock();
    const name = flowNameFor(integration.id);
    const flow: AppFlowFlowRow = {
      account_id: scope.accountId,
      region: scope.region,
      flow_name: name,
      arn: flowArn(scope.region, scope.accountId, name),
      data_integration_id: integration.id,
      connector_type: profile.connector_type,
      connector_profile_name: profile.name,
      source_object: schedule.Object ?? null,
      schedule_expression: schedule.ScheduleExpression,
      first_execution_from: schedule.FirstExecutionFrom ?? null,
      flow_status: 'Draft',
      tags: '{}',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      last_error: null,
      next_run_at: null,
      teardown: 0,
      claimed_by: this.serverId,
      claim_expires_at: new Date(now.getTime() + CLAIM_MS).toISOString(),
    };
    await this.store.db.insertInto('appflow_flows').values(flow).execute();
    try {
      const calls = await this.assume(scope);
      await calls.call('UseConnectorProfile', 'appflow:UseConnectorProfile', profile.arn);
      await calls.call('DescribeConnectorEntity', 'appflow:DescribeConnectorEntity', profile.arn);
      const tags = { [MANAGED_TAG]: 'true' };
      await calls.call('TagResource', 'appflow:TagResource', flow.arn, {
        resourceTags: {},
        context: { 'aws:TagKeys': Object.keys(tags), [`aws:RequestTag/${MANAGED_TAG}`]: 'true' },
      });
      await this.updateFlow(scope, name, { tags: JSON.stringify(tags) });
      // StartFlow activates the schedule: its first run is at once, then one every ScheduleExpression.
      await this.runClaimed(calls, scope, name, 0);
    } catch (error) {
      await this.updateFlow(scope, name, { flow_status: 'Errored', last_error: problem(error) });
    } finally {
      await this.release(scope, name);
    }
  }

  /** After DeleteDataIntegration: stop the flow, and delete it now or (with a run in progress) once the run is over. */
  async tearDown(scope: Scope, integration: DataIntegrationRow): Promise<void> {
    const name = flowNameFor(integration.id);
    const flow = await this.flow(scope, name);
    if (!flow) return;
    await this.updateFlow(scope, name, { teardown: 1 });
    if (!(await this.claim(scope, name))) return; // the worker has it and will finish the teardown
    try {
      await this.tearDownClaimed(scope, name);
    } finally {
      await this.release(scope, name);
    }
  }

  async lastExecution(scope: Scope, dataIntegrationId: string): Promise<LastExecutionStatus | undefined> {
    const flow = await this.flow(scope, flowNameFor(dataIntegrationId));
    if (!flow) return undefined;
    const run = await this.lastRun(scope, flow.flow_name);
    if (flow.last_error && (!run || run.status !== 'Error')) return { ExecutionStatus: 'FAILED', StatusMessage: flow.last_error };
    if (!run) return undefined;
    const status = run.status === 'InProgress' ? 'IN_PROGRESS' : run.status === 'Successful' ? 'COMPLETED' : 'FAILED';
    return { ExecutionStatus: status, StatusMessage: run.message ?? undefined };
  }

  /** True while the service uses its role right now: a flow run in progress, or a flow still to be deleted. */
  async inUseNow(accountId: string): Promise<boolean> {
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

  // ---- the extension API: see a data integration's flow, start a run now ----------------------

  async describeDataIntegrationFlow(scope: Scope, dataIntegrationId: string): Promise<DataIntegrationFlowView | undefined> {
    const flow = await this.flow(scope, flowNameFor(dataIntegrationId));
    if (!flow) return undefined;
    const run = await this.lastRun(scope, flow.flow_name);
    return {
      FlowName: flow.flow_name,
      FlowArn: flow.arn,
      FlowStatus: flow.flow_status,
      Tags: JSON.parse(flow.tags) as TagMap,
      ScheduleExpression: flow.schedule_expression,
      NextRunAt: flow.next_run_at ? new Date(flow.next_run_at) : undefined,
      LastError: flow.last_error ?? undefined,
      LastRun: run ? runView(run) : undefined,
    };
  }

  /**
   * Runs the flow now (as its schedule would); with `durationSeconds` the run stays in progress that
   * long (the service is using its role meanwhile). Undefined when another server holds the flow.
   */
  async startRun(scope: Scope, dataIntegrationId: string, durationSeconds = 0): Promise<FlowRunView | undefined> {
    const name = flowNameFor(dataIntegrationId);
    if (!(await this.claim(scope, name))) return undefined;
    try {
      const calls = await this.assume(scope).catch(async (error) => {
        await this.updateFlow(scope, name, { last_error: problem(error) });
        throw error;
      });
      const run = await this.runClaimed(calls, scope, name, durationSeconds);
      return runView(run);
    } finally {
      await this.release(scope, name);
    }
  }

  // ---- the background worker ----------------------------------------------------------------

  /** One pass: finish runs whose time is up, start scheduled runs that are due, delete flows left to delete. */
  async tick(): Promise<void> {
    const now = this.clock().toISOString();
    const finished = await this.store.db
      .selectFrom('appflow_flow_runs')
      .selectAll()
      .where('status', '=', 'InProgress')
      .where('ends_at', '<=', now)
      .limit(50)
      .execute();
    for (const run of finished) {
      const scope = { accountId: run.account_id, region: run.region };
      await this.withClaim(scope, run.flow_name, async () => {
        const calls = await this.assumeOrRecord(scope, run.flow_name);
        await this.finishRun(calls, scope, run);
        const flow = await this.flow(scope, run.flow_name);
        if (flow?.teardown === 1) await this.tearDownClaimed(scope, run.flow_name);
      });
    }
    const due = await this.store.db
      .selectFrom('appflow_flows')
      .selectAll()
      .where('teardown', '=', 0)
      .where('flow_status', '=', 'Active')
      .where('next_run_at', '<=', now)
      .limit(50)
      .execute();
    for (const flow of due) {
      const scope = { accountId: flow.account_id, region: flow.region };
      if ((await this.lastRun(scope, flow.flow_name))?.status === 'InProgress') continue;
      await this.withClaim(scope, flow.flow_name, async () => {
        const calls = await this.assumeOrRecord(scope, flow.flow_name);
        if (calls) await this.runClaimed(calls, scope, flow.flow_name, 0);
        else await this.scheduleNext(scope, flow.flow_name);
      });
    }
    const pending = await this.store.db.selectFrom('appflow_flows').selectAll().where('teardown', '=', 1).limit(50).execute();
    for (const flow of pending) {
      const scope = { accountId: flow.account_id, region: flow.region };
      if ((await this.lastRun(scope, flow.flow_name))?.status === 'InProgress') continue;
      await this.withClaim(scope, flow.flow_name, () => this.tearDownClaimed(scope, flow.flow_name));
    }
  }

  /** The worker for app.ts: ticks every `intervalMs` until stopped. */
  worker(intervalMs = 200): () => () => Promise<void> {
    return () => {
      let stopped = false;
      let running: Promise<void> = Promise.resolve();
      const timer = setInterval(() => {
        if (stopped) return;
        running = running.then(() =>
          this.tick().catch((error) => {
            if (!stopped) console.error('linkedrole: AppIntegrations flow worker:', error);
          }),
        );
      }, intervalMs);
      return async () => {
        stopped = true;
        clearInterval(timer);
        await running;
      };
    };
  }

  // ---- the AppFlow registry, as AppFlow's own API shows it ------------------------------------

  async flow(scope: Scope, name: string, db: Db | Tx = this.store.db): Promise<AppFlowFlowRow | undefined> {
    return db
      .selectFrom('appflow_flows')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('flow_name', '=', name)
      .executeTakeFirst();
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

  async runs(scope: Scope, flowName: string): Promise<AppFlowRunRow[]> {
    return this.store.db
      .selectFrom('appflow_flow_runs')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('flow_name', '=', flowName)
      .orderBy('started_at', 'desc')
      .orderBy('execution_id', 'desc')
      .execute();
  }

  async lastRun(scope: Scope, flowName: string): Promise<AppFlowRunRow | undefined> {
    return (await this.runs(scope, flowName))[0];
  }

  /** A user (re)tags or untags a flow through AppFlow's API. */
  async setFlowTags(scope: Scope, name: string, tags: TagMap): Promise<void> {
    await this.updateFlow(scope, name, { tags: JSON.stringify(tags) });
  }

  async metrics(accountId: string, region?: string) {
    let query = this.store.db.selectFrom('cloudwatch_metric_data').selectAll().where('account_id', '=', accountId);
    if (region) query = query.where('region', '=', region);
    return query.orderBy('timestamp').orderBy('id').execute();
  }

  // ---- internals ----------------------------------------------------------------------------

  private async ensureConnectorProfile(scope: Scope, connector: string, name: string): Promise<AppFlowConnectorProfileRow> {
    const existing = await this.store.db
      .selectFrom('appflow_connector_profiles')
      .selectAll()
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return existing;
    const row: AppFlowConnectorProfileRow = {
      account_id: scope.accountId,
      region: scope.region,
      name,
      arn: connectorProfileArn(scope.region, scope.accountId, name),
      connector_type: APPFLOW_CONNECTOR_TYPES.find((t) => t.toLowerCase() === connector.toLowerCase()) ?? 'CustomConnector',
      created_at: this.clock().toISOString(),
    };
    try {
      await this.store.db.insertInto('appflow_connector_profiles').values(row).execute();
      return row;
    } catch (error) {
      // Registered meanwhile by another request.
      const raced = await this.store.db
        .selectFrom('appflow_connector_profiles')
        .selectAll()
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('name', '=', name)
        .executeTakeFirst();
      if (raced) return raced;
      throw error;
    }
  }

  private async assume(scope: Scope): Promise<ServiceCalls> {
    const session = await this.onBehalf.assume(scope.accountId, SERVICE_PRINCIPAL, ROLE_NAME, scope.region);
    return new ServiceCalls(session, scope.accountId);
  }

  private async assumeOrRecord(scope: Scope, flowName: string): Promise<ServiceCalls | undefined> {
    try {
      return await this.assume(scope);
    } catch (error) {
      await this.updateFlow(scope, flowName, { last_error: `The service could not assume ${ROLE_NAME}: ${problem(error)}` });
      return undefined;
    }
  }

  /** StartFlow through the role, then (for an instant run) DescribeFlow and the run's metrics. */
  private async runClaimed(calls: ServiceCalls, scope: Scope, name: string, durationSeconds: number): Promise<AppFlowRunRow> {
    const flow = await this.flow(scope, name);
    if (!flow) throw new Error(`flow ${name} is gone`);
    const now = this.clock();
    const run: AppFlowRunRow = {
      execution_id: randomUUID(),
      account_id: scope.accountId,
      region: scope.region,
      flow_name: name,
      status: 'InProgress',
      started_at: now.toISOString(),
      ends_at: new Date(now.getTime() + durationSeconds * 1000).toISOString(),
      completed_at: null,
      records_processed: 0,
      message: null,
    };
    try {
      await calls.call('StartFlow', 'appflow:StartFlow', flow.arn, { resourceTags: JSON.parse(flow.tags) as TagMap });
    } catch (error) {
      // The flow did not start: the run is recorded as failed, with the refusal.
      Object.assign(run, { status: 'Error', completed_at: now.toISOString(), message: problem(error) });
      await this.store.db.insertInto('appflow_flow_runs').values(run).execute();
      await this.updateFlow(scope, name, { last_error: run.message });
      await this.scheduleNext(scope, name);
      return run;
    }
    await this.store.db.insertInto('appflow_flow_runs').values(run).execute();
    if (flow.flow_status === 'Draft') await this.updateFlow(scope, name, { flow_status: 'Active' });
    if (durationSeconds <= 0) return this.finishRun(calls, scope, run);
    await this.scheduleNext(scope, name);
    return run;
  }

  /** The end of a run: DescribeFlow for its outcome, PutMetricData in AWS/AppIntegrations. */
  private async finishRun(calls: ServiceCalls | undefined, scope: Scope, run: AppFlowRunRow): Promise<AppFlowRunRow> {
    const flow = await this.flow(scope, run.flow_name);
    const now = this.clock();
    const done: AppFlowRunRow = { ...run, completed_at: now.toISOString() };
    let lastError: string | null = null;
    try {
      if (!calls) throw new Error(`The service could not assume ${ROLE_NAME}.`);
      if (!flow) throw new Error(`The flow ${run.flow_name} no longer exists.`);
      await calls.call('DescribeFlow', 'appflow:DescribeFlow', flow.arn, { resourceTags: JSON.parse(flow.tags) as TagMap });
      Object.assign(done, { status: 'Successful', records_processed: RECORDS_PER_RUN, message: null });
    } catch (error) {
      lastError = problem(error);
      Object.assign(done, { status: 'Error', message: lastError });
    }
    await this.store.db
      .updateTable('appflow_flow_runs')
      .set({ status: done.status, completed_at: done.completed_at, records_processed: done.records_processed, message: done.message })
      .where('execution_id', '=', run.execution_id)
      .execute();
    if (flow) {
      const metricsProblem = await this.publishMetrics(calls, scope, flow, done);
      await this.updateFlow(scope, flow.flow_name, { last_error: lastError ?? metricsProblem });
      await this.scheduleNext(scope, flow.flow_name);
    }
    return done;
  }

  /** PutMetricData through the role; answers the refusal, if any. */
  private async publishMetrics(calls: ServiceCalls | undefined, scope: Scope, flow: AppFlowFlowRow, run: AppFlowRunRow): Promise<string | null> {
    if (!calls) return null;
    try {
      await calls.call('PutMetricData', 'cloudwatch:PutMetricData', '*', { context: { 'cloudwatch:namespace': METRIC_NAMESPACE } });
    } catch (error) {
      return problem(error);
    }
    const dimensions = JSON.stringify([{ Name: 'DataIntegrationId', Value: flow.data_integration_id }]);
    const timestamp = run.completed_at ?? this.clock().toISOString();
    const datum = (metric_name: string, value: number, unit: string) => ({
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
    await this.store.db
      .insertInto('cloudwatch_metric_data')
      .values([
        datum(run.status === 'Successful' ? 'FlowRunSucceeded' : 'FlowRunFailed', 1, 'Count'),
        datum('RecordsProcessed', run.records_processed, 'Count'),
      ])
      .execute();
    return null;
  }

  /** StopFlow, then DeleteFlow once no run is in progress; a refused call leaves the flow to the customer. */
  private async tearDownClaimed(scope: Scope, name: string): Promise<void> {
    const flow = await this.flow(scope, name);
    if (!flow || flow.teardown !== 1) return;
    const calls = await this.assumeOrRecord(scope, name);
    if (!calls) return;
    try {
      const tags = JSON.parse(flow.tags) as TagMap;
      if (flow.flow_status === 'Active') {
        await calls.call('StopFlow', 'appflow:StopFlow', flow.arn, { resourceTags: tags });
        await this.updateFlow(scope, name, { flow_status: 'Suspended', next_run_at: null });
      }
      if ((await this.lastRun(scope, name))?.status === 'InProgress') return; // deleted when the run is over
      await calls.call('DeleteFlow', 'appflow:DeleteFlow', flow.arn, { resourceTags: tags });
      await this.store.transaction(async (tx) => {
        await tx
          .deleteFrom('appflow_flow_runs')
          .where('account_id', '=', scope.accountId)
          .where('region', '=', scope.region)
          .where('flow_name', '=', name)
          .execute();
        await tx
          .deleteFrom('appflow_flows')
          .where('account_id', '=', scope.accountId)
          .where('region', '=', scope.region)
          .where('flow_name', '=', name)
          .execute();
      });
    } catch (error) {
      // The service can no longer manage this flow (e.g. its tag was removed): it stays in the account,
      // no longer the service's (teardown 2), and the refusal is kept on it.
      await this.updateFlow(scope, name, { teardown: 2, last_error: problem(error) });
    }
  }

  private async scheduleNext(scope: Scope, name: string): Promise<void> {
    const flow = await this.flow(scope, name);
    if (!flow || flow.teardown !== 0 || flow.flow_status !== 'Active') return;
    const next = new Date(this.clock().getTime() + scheduleIntervalMs(flow.schedule_expression));
    await this.updateFlow(scope, name, { next_run_at: next.toISOString() });
  }

  private async updateFlow(scope: Scope, name: string, changes: Partial<AppFlowFlowRow>): Promise<void> {
    await this.store.db
      .updateTable('appflow_flows')
      .set({ ...changes, updated_at: this.clock().toISOString() })
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('flow_name', '=', name)
      .execute();
  }

  /** Takes the flow for this server unless another holds an unexpired claim (safe across servers). */
  private async claim(scope: Scope, name: string): Promise<boolean> {
    const now = this.clock();
    const result = await this.store.db
      .updateTable('appflow_flows')
      .set({ claimed_by: this.serverId, claim_expires_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('flow_name', '=', name)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<', now.toISOString())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async release(scope: Scope, name: string): Promise<void> {
    await this.store.db
      .updateTable('appflow_flows')
      .set({ claimed_by: null, claim_expires_at: null })
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('flow_name', '=', name)
      .where('claimed_by', '=', this.serverId)
      .execute();
  }

  private async withClaim(scope: Scope, name: string, work: () => Promise<void>): Promise<void> {
    if (!(await this.claim(scope, name))) return;
    try {
      await work();
    } finally {
      await this.release(scope, name);
    }
  }
}

function runView(run: AppFlowRunRow): FlowRunView {
  return {
    ExecutionId: run.execution_id,
    ExecutionStatus: run.status,
    StartedAt: new Date(run.started_at),
    CompletedAt: run.completed_at ? new Date(run.completed_at) : undefined,
    RecordsProcessed: run.records_processed,
    StatusMessage: run.message ?? undefined,
  };
}

function problem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
