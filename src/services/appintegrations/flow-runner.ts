// AppIntegrations working on the customer's behalf: for a data integration with a schedule and an
// AppFlow source it keeps an AppFlow flow `FlowCreatedByAppIntegrations-<id>` (appflow.ts) and runs it
// on its schedule. Every call it makes downstream goes through its service-linked role
// (sts/on-behalf.ts): decided by the policy engine against AppIntegrationsServiceLinkedRolePolicy and
// the flow's real tags, and written to the audit trail. Each step's writes are one transaction, made
// after the step's calls. Servers sharing a store run each flow on one of them at a time: a server
// leases the flow's row (store/workers.ts) for as long as it works on it.
//
// The flow itself is created with the caller's forward access (the role's policy has no
// appflow:CreateFlow; CreateDataIntegration asks the caller for it), then tagged, started, described,
// stopped and deleted through the role.
import { randomUUID } from 'node:crypto';
import type { Db, Store, Tx } from '../../store/database.js';
import type { AppFlowFlowRow, AppFlowRunRow, DataIntegrationRow } from '../../store/schema.js';
import type { OnBehalf, OnBehalfCall, RoleSession } from '../sts/on-behalf.js';
import { notAuthorizedMessage } from '../kit/refusals.js';
import type { Scope } from '../kit/scope.js';
import { Leases, loop, type Worker } from '../../store/workers.js';
import { flowKey, flowNameFor, flowTags, type AppFlowRegistry } from './appflow.js';
import type { LastExecutionStatus, ScheduleConfiguration, TagMap } from './domain.js';
import type { CloudWatchMetrics } from './metrics.js';
import { appFlowSource, flowArn, MANAGED_TAG, METRIC_NAMESPACE, ROLE_NAME, SERVICE_PRINCIPAL } from './names.js';
import { partition } from '../../aws/partitions.js';

/** How long a server holds a flow it works on before another may take it over. */
const LEASE_MS = 60_000;
/** Records a successful run "transfers": fixed, so that tests and metrics are deterministic. */
const RECORDS_PER_RUN = 100;

/** rate(N unit) as milliseconds; a cron() schedule runs hourly here (linkedrole does not evaluate cron fields). */
export function scheduleIntervalMs(expression: string): number {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression);
  if (!rate) return 3_600_000;
  const unit = rate[2].startsWith('minute') ? 60_000 : rate[2].startsWith('hour') ? 3_600_000 : 86_400_000;
  return Math.max(1, Number(rate[1])) * unit;
}

/** A role session whose refused calls throw, with AWS's AccessDenied text (each decision is audited by the session). */
class ServiceCalls {
  constructor(
    readonly session: RoleSession,
    private readonly accountId: string,
  ) {}

  async call(eventName: string, action: string, resource: string, extra: Pick<OnBehalfCall, 'resourceTags' | 'context'> = {}): Promise<void> {
    const eventSource = action.startsWith('cloudwatch:') ? 'monitoring.amazonaws.com' : 'appflow.amazonaws.com';
    const decision = await this.session.authorize({ action, resource, ...extra, eventName, eventSource });
    if (decision.decision === 'allowed') return;
    const principal = `arn:${partition()}:sts::${this.accountId}:assumed-role/${ROLE_NAME}/${this.session.sessionName}`;
    throw new Error(notAuthorizedMessage(principal, action, resource, decision));
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

export class FlowRunner {
  private readonly leases: Leases<'appflow_flows'>;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly appFlow: AppFlowRegistry,
    private readonly metrics: CloudWatchMetrics,
    private readonly onBehalf: OnBehalf,
  ) {
    this.leases = new Leases(store, 'appflow_flows', clock, LEASE_MS);
  }

  // ---- hooks from the AppIntegrations domain ----------------------------------------------

  /** After CreateDataIntegration: register the connector profile and the flow, then tag, start and run it through the role. */
  async setUp(scope: Scope, integration: DataIntegrationRow): Promise<void> {
    const source = appFlowSource(integration.source_uri ?? undefined);
    const schedule = integration.schedule_config ? (JSON.parse(integration.schedule_config) as ScheduleConfiguration) : undefined;
    if (!source || !schedule) return;
    const profile = await this.appFlow.ensureConnectorProfile(scope, source.connectorType, source.profileName);
    const now = this.clock().toISOString();
    const name = flowNameFor(integration.id);
    const flow: AppFlowFlowRow = {
      ...flowKey(scope, name),
      arn: flowArn(scope.region, scope.accountId, name),
      data_integration_id: integration.id,
      connector_type: profile.connector_type,
      connector_profile_name: profile.name,
      source_object: schedule.Object ?? null,
      schedule_expression: schedule.ScheduleExpression,
      first_execution_from: schedule.FirstExecutionFrom ?? null,
      flow_status: 'Draft',
      tags: '{}',
      created_at: now,
      updated_at: now,
      last_error: null,
      next_run_at: null,
      teardown: 0,
      // Created leased: the server that creates it runs it first.
      ...this.leases.leasedNow(),
    };
    await this.appFlow.insertFlow(flow);
    try {
      const calls = await this.assume(scope);
      await calls.call('UseConnectorProfile', 'appflow:UseConnectorProfile', profile.arn);
      await calls.call('DescribeConnectorEntity', 'appflow:DescribeConnectorEntity', profile.arn);
      const tags = { [MANAGED_TAG]: 'true' };
      await calls.call('TagResource', 'appflow:TagResource', flow.arn, {
        resourceTags: {},
        context: { 'aws:TagKeys': Object.keys(tags), [`aws:RequestTag/${MANAGED_TAG}`]: 'true' },
      });
      await this.appFlow.setFlowTags(scope, name, tags);
      // StartFlow activates the schedule: its first run is at once, then one every ScheduleExpression.
      await this.runLeased(calls, scope, name, 0);
    } catch (error) {
      await this.appFlow.updateFlow(scope, name, { flow_status: 'Errored', last_error: problem(error) });
    } finally {
      await this.leases.release(flowKey(scope, name));
    }
  }

  /** After DeleteDataIntegration: stop the flow, and delete it now or (with a run in progress) once the run is over. */
  async tearDown(scope: Scope, integration: DataIntegrationRow): Promise<void> {
    const name = flowNameFor(integration.id);
    if (!(await this.appFlow.flow(scope, name))) return;
    await this.appFlow.updateFlow(scope, name, { teardown: 1 });
    // When another server has the flow, its worker finishes the teardown.
    await this.leases.holding(flowKey(scope, name), () => this.tearDownLeased(scope, name));
  }

  async lastExecution(scope: Scope, dataIntegrationId: string): Promise<LastExecutionStatus | undefined> {
    const flow = await this.appFlow.flow(scope, flowNameFor(dataIntegrationId));
    if (!flow) return undefined;
    const run = await this.appFlow.lastRun(scope, flow.flow_name);
    if (flow.last_error && (!run || run.status !== 'Error')) return { ExecutionStatus: 'FAILED', StatusMessage: flow.last_error };
    if (!run) return undefined;
    const status = run.status === 'InProgress' ? 'IN_PROGRESS' : run.status === 'Successful' ? 'COMPLETED' : 'FAILED';
    return { ExecutionStatus: status, StatusMessage: run.message ?? undefined };
  }

  /** True while the service uses its role right now: a flow run in progress, or a flow still to be deleted. */
  inUseNow(accountId: string): Promise<boolean> {
    return this.appFlow.busy(accountId);
  }

  // ---- the extension API: see a data integration's flow, start a run now ----------------------

  async describeDataIntegrationFlow(scope: Scope, dataIntegrationId: string): Promise<DataIntegrationFlowView | undefined> {
    const flow = await this.appFlow.flow(scope, flowNameFor(dataIntegrationId));
    if (!flow) return undefined;
    const run = await this.appFlow.lastRun(scope, flow.flow_name);
    return {
      FlowName: flow.flow_name,
      FlowArn: flow.arn,
      FlowStatus: flow.flow_status,
      Tags: flowTags(flow),
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
    let run: AppFlowRunRow | undefined;
    await this.leases.holding(flowKey(scope, name), async () => {
      const calls = await this.assume(scope).catch(async (error) => {
        await this.appFlow.updateFlow(scope, name, { last_error: problem(error) });
        throw error;
      });
      run = await this.runLeased(calls, scope, name, durationSeconds);
    });
    return run ? runView(run) : undefined;
  }

  // ---- the scheduler ----------------------------------------------------------------------------

  /** One pass: finish runs whose time is up, start scheduled runs that are due, delete flows left to delete. */
  async tick(): Promise<void> {
    const now = this.clock();
    for (const run of await this.appFlow.runsEnded(now)) {
      const scope = { accountId: run.account_id, region: run.region };
      await this.leases.holding(flowKey(scope, run.flow_name), async () => {
        const calls = await this.assumeOrRecord(scope, run.flow_name);
        await this.finishRun(calls, scope, run);
        const flow = await this.appFlow.flow(scope, run.flow_name);
        if (flow?.teardown === 1) await this.tearDownLeased(scope, run.flow_name);
      });
    }
    for (const flow of await this.appFlow.flowsDue(now)) {
      const scope = { accountId: flow.account_id, region: flow.region };
      if ((await this.appFlow.lastRun(scope, flow.flow_name))?.status === 'InProgress') continue;
      await this.leases.holding(flowKey(scope, flow.flow_name), async () => {
        const calls = await this.assumeOrRecord(scope, flow.flow_name);
        if (calls) await this.runLeased(calls, scope, flow.flow_name, 0);
        else await this.scheduleNext(scope, flow.flow_name);
      });
    }
    for (const flow of await this.appFlow.flowsToDelete()) {
      const scope = { accountId: flow.account_id, region: flow.region };
      if ((await this.appFlow.lastRun(scope, flow.flow_name))?.status === 'InProgress') continue;
      await this.leases.holding(flowKey(scope, flow.flow_name), () => this.tearDownLeased(scope, flow.flow_name));
    }
  }

  /** The scheduler, a pass every `intervalMs`. */
  worker(intervalMs = 200): Worker {
    return loop({ name: 'AppIntegrations flow worker', intervalMs, pass: () => this.tick() });
  }

  // ---- internals (the flow's lease held) ---------------------------------------------------------

  private async assume(scope: Scope): Promise<ServiceCalls> {
    const session = await this.onBehalf.assume(scope.accountId, SERVICE_PRINCIPAL, ROLE_NAME, scope.region);
    return new ServiceCalls(session, scope.accountId);
  }

  private async assumeOrRecord(scope: Scope, flowName: string): Promise<ServiceCalls | undefined> {
    try {
      return await this.assume(scope);
    } catch (error) {
      await this.appFlow.updateFlow(scope, flowName, { last_error: `The service could not assume ${ROLE_NAME}: ${problem(error)}` });
      return undefined;
    }
  }

  /** StartFlow through the role, then (for an instant run) DescribeFlow and the run's metrics. */
  private async runLeased(calls: ServiceCalls, scope: Scope, name: string, durationSeconds: number): Promise<AppFlowRunRow> {
    const flow = await this.appFlow.flow(scope, name);
    if (!flow) throw new Error(`flow ${name} is gone`);
    const now = this.clock();
    const run: AppFlowRunRow = {
      execution_id: randomUUID(),
      ...flowKey(scope, name),
      status: 'InProgress',
      started_at: now.toISOString(),
      ends_at: new Date(now.getTime() + durationSeconds * 1000).toISOString(),
      completed_at: null,
      records_processed: 0,
      message: null,
    };
    try {
      await calls.call('StartFlow', 'appflow:StartFlow', flow.arn, { resourceTags: flowTags(flow) });
    } catch (error) {
      // The flow did not start: the run is recorded as failed, with the refusal.
      const failed: AppFlowRunRow = { ...run, status: 'Error', completed_at: now.toISOString(), message: problem(error) };
      await this.store.transaction(async (tx) => {
        await this.appFlow.insertRun(failed, tx);
        await this.appFlow.updateFlow(scope, name, { last_error: failed.message }, tx);
        await this.scheduleNext(scope, name, tx);
      });
      return failed;
    }
    await this.store.transaction(async (tx) => {
      await this.appFlow.insertRun(run, tx);
      if (flow.flow_status === 'Draft') await this.appFlow.updateFlow(scope, name, { flow_status: 'Active' }, tx);
      if (durationSeconds > 0) await this.scheduleNext(scope, name, tx);
    });
    return durationSeconds > 0 ? run : this.finishRun(calls, scope, run);
  }

  /** The end of a run: DescribeFlow for its outcome, PutMetricData in AWS/AppIntegrations. */
  private async finishRun(calls: ServiceCalls | undefined, scope: Scope, run: AppFlowRunRow): Promise<AppFlowRunRow> {
    const flow = await this.appFlow.flow(scope, run.flow_name);
    const completedAt = this.clock().toISOString();
    let done: AppFlowRunRow;
    try {
      if (!calls) throw new Error(`The service could not assume ${ROLE_NAME}.`);
      if (!flow) throw new Error(`The flow ${run.flow_name} no longer exists.`);
      await calls.call('DescribeFlow', 'appflow:DescribeFlow', flow.arn, { resourceTags: flowTags(flow) });
      done = { ...run, completed_at: completedAt, status: 'Successful', records_processed: RECORDS_PER_RUN, message: null };
    } catch (error) {
      done = { ...run, completed_at: completedAt, status: 'Error', message: problem(error) };
    }
    // PutMetricData through the role; a refusal is the flow's last problem unless the run had one.
    let metricsProblem: string | null = null;
    let publish = false;
    if (flow && calls) {
      try {
        await calls.call('PutMetricData', 'cloudwatch:PutMetricData', '*', { context: { 'cloudwatch:namespace': METRIC_NAMESPACE } });
        publish = true;
      } catch (error) {
        metricsProblem = problem(error);
      }
    }
    await this.store.transaction(async (tx) => {
      await this.appFlow.finishRun(done, tx);
      if (!flow) return;
      if (publish) await this.metrics.recordRun(scope, flow.data_integration_id, done, done.completed_at ?? completedAt, tx);
      await this.appFlow.updateFlow(scope, flow.flow_name, { last_error: done.status === 'Error' ? done.message : metricsProblem }, tx);
      await this.scheduleNext(scope, flow.flow_name, tx);
    });
    return done;
  }

  /** StopFlow, then DeleteFlow once no run is in progress; a refused call leaves the flow to the customer. */
  private async tearDownLeased(scope: Scope, name: string): Promise<void> {
    const flow = await this.appFlow.flow(scope, name);
    if (!flow || flow.teardown !== 1) return;
    const calls = await this.assumeOrRecord(scope, name);
    if (!calls) return;
    try {
      const tags = flowTags(flow);
      if (flow.flow_status === 'Active') {
        await calls.call('StopFlow', 'appflow:StopFlow', flow.arn, { resourceTags: tags });
        await this.appFlow.updateFlow(scope, name, { flow_status: 'Suspended', next_run_at: null });
      }
      if ((await this.appFlow.lastRun(scope, name))?.status === 'InProgress') return; // deleted when the run is over
      await calls.call('DeleteFlow', 'appflow:DeleteFlow', flow.arn, { resourceTags: tags });
      await this.appFlow.deleteFlow(scope, name);
    } catch (error) {
      // The service can no longer manage this flow (e.g. its tag was removed): it stays in the account,
      // no longer the service's (teardown 2), and the refusal is kept on it.
      await this.appFlow.updateFlow(scope, name, { teardown: 2, last_error: problem(error) });
    }
  }

  private async scheduleNext(scope: Scope, name: string, db: Db | Tx = this.store.db): Promise<void> {
    const flow = await this.appFlow.flow(scope, name, db);
    if (!flow || flow.teardown !== 0 || flow.flow_status !== 'Active') return;
    const next = new Date(this.clock().getTime() + scheduleIntervalMs(flow.schedule_expression));
    await this.appFlow.updateFlow(scope, name, { next_run_at: next.toISOString() }, db);
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
