// Deletion of service-linked roles as asynchronous tasks (DeleteServiceLinkedRole and
// GetServiceLinkedRoleDeletionStatus): a task asks the linked service what still uses the role and
// either deletes the role or fails with the reason. Tasks are rows of iam_slr_deletion_tasks, run by a
// background worker that claims each with a conditional UPDATE, so that of several servers sharing one
// database exactly one runs it. Every time written or compared is the injected clock's; only the
// worker's own pacing (how often it polls) is measured on the process's monotonic clock.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errors } from '../../aws/generated/iam.js';
import type { Store, Tx } from '../../store/database.js';
import type { DeletionTaskRow } from '../../store/schema.js';
import type { LinkedServiceRegistry, RoleUsageEntry } from './linked-services.js';
import { roleArn, roleKey, type RoleStore } from './roles.js';
import { serviceLinkedRolePath } from './slr-catalog.js';
import { loop, type Worker } from '../../store/workers.js';

export type DeletionStatus = DeletionTaskRow['status'];

export interface DeletionTaskStatus {
  status: DeletionStatus;
  reason?: { Reason: string; RoleUsageList?: RoleUsageEntry[] };
}

/** How long a task stays NOT_STARTED and then IN_PROGRESS: short, but observable. */
export interface DeletionTiming {
  /** A task waits this long before a worker picks it up. */
  startDelayMs: number;
  /** Then it stays IN_PROGRESS at least this long. */
  progressMs: number;
  /** A claimed task whose server died is picked up again after this long. */
  claimMs: number;
}

export const DEFAULT_DELETION_TIMING: DeletionTiming = { startDelayMs: 20, progressMs: 20, claimMs: 30_000 };

/** AWS's texts for a failed deletion (not confirmed against AWS: see docs/iam.md). */
export const DELETION_REASONS = {
  inUse: 'The service-linked role cannot be deleted because it is in use by resources of the linked service. Delete those resources, then try again.',
  inUseNow: 'The linked service is using the service-linked role right now. Wait a few minutes and try again.',
} as const;

const TASK_ID = /^task\/aws-service-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The role ARN a task id names (for authorization), when the id is well-formed. */
export function roleArnOfTask(accountId: string, taskId: string): string | undefined {
  const match = TASK_ID.exec(taskId);
  return match ? roleArn(accountId, serviceLinkedRolePath(match[1]), match[2]) : undefined;
}

export class DeletionTasks {
  /** Until this time (performance.now(), ms) the worker polls every tick: this server has just created a task. */
  private busyUntil = 0;

  constructor(
    private readonly store: Store,
    private readonly roles: RoleStore,
    private readonly linkedServices: LinkedServiceRegistry,
    private readonly clock: () => Date = () => new Date(),
    readonly timing: DeletionTiming = DEFAULT_DELETION_TIMING,
  ) {}

  /** DeleteServiceLinkedRole: a new task, or the pending one for the role. */
  async request(accountId: string, roleName: string): Promise<string> {
    // This server's worker picks its own tasks up as soon as they are due, without waiting for its idle poll.
    this.busyUntil = performance.now() + this.timing.startDelayMs + 1_000;
    return this.store.transaction(async (tx) => {
      const role = await this.roles.get(accountId, roleName, tx);
      if (!role.serviceLinked || !role.servicePrincipal) {
        throw errors.InvalidInput(`Role ${role.roleName} is not a service-linked role.`);
      }
      const pending = await tx
        .selectFrom('iam_slr_deletion_tasks')
        .select('task_id')
        .where('account_id', '=', accountId)
        .where('role_key', '=', roleKey(role.roleName))
        .where('status', 'in', ['NOT_STARTED', 'IN_PROGRESS'])
        .executeTakeFirst();
      if (pending) return pending.task_id;
      const taskId = `task${role.path}${role.roleName}/${randomUUID()}`;
      const now = this.clock().toISOString();
      await tx
        .insertInto('iam_slr_deletion_tasks')
        .values({
          task_id: taskId,
          account_id: accountId,
          role_key: roleKey(role.roleName),
          role_name: role.roleName,
          service_principal: role.servicePrincipal,
          status: 'NOT_STARTED',
          reason: null,
          role_usage: null,
          created_at: now,
          updated_at: now,
          claimed_by: null,
          claim_expires_at: null,
        })
        .execute();
      return taskId;
    });
  }

  /** GetServiceLinkedRoleDeletionStatus. */
  async status(accountId: string, taskId: string): Promise<DeletionTaskStatus> {
    if (!TASK_ID.test(taskId)) throw errors.InvalidInput(`Invalid deletion task id: ${taskId}`);
    const row = await this.store.db
      .selectFrom('iam_slr_deletion_tasks')
      .selectAll()
      .where('task_id', '=', taskId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw errors.NoSuchEntity(`Deletion task ${taskId} does not exist.`);
    if (row.status !== 'FAILED') return { status: row.status };
    const usage = row.role_usage ? (JSON.parse(row.role_usage) as RoleUsageEntry[]) : [];
    return { status: 'FAILED', reason: { Reason: row.reason ?? '', ...(usage.length > 0 ? { RoleUsageList: usage } : {}) } };
  }

  /**
   * One pass of the worker: claims each due task (NOT_STARTED for long enough, or claimed by a server
   * whose claim expired) and runs it. Returns when the claimed tasks are finished.
   */
  async runDue(workerId: string): Promise<number> {
    const now = this.clock().getTime();
    const due = await this.store.db
      .selectFrom('iam_slr_deletion_tasks')
      .select(['task_id', 'status'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'NOT_STARTED'), eb('created_at', '<=', new Date(now - this.timing.startDelayMs).toISOString())]),
          eb.and([eb('status', '=', 'IN_PROGRESS'), eb('claim_expires_at', '<', new Date(now).toISOString())]),
        ]),
      )
      .orderBy('created_at')
      .limit(20)
      .execute();
    let ran = 0;
    await Promise.all(
      due.map(async (task) => {
        if (await this.claim(task.task_id, task.status, workerId)) {
          ran++;
          await new Promise((resolve) => setTimeout(resolve, this.timing.progressMs));
          await this.finish(task.task_id, workerId);
        }
      }),
    );
    return ran;
  }

  private async claim(taskId: string, seenStatus: DeletionStatus, workerId: string): Promise<boolean> {
    const now = this.clock();
    const result = await this.store.db
      .updateTable('iam_slr_deletion_tasks')
      .set({ status: 'IN_PROGRESS', claimed_by: workerId, claim_expires_at: new Date(now.getTime() + this.timing.claimMs).toISOString(), updated_at: now.toISOString() })
      .where('task_id', '=', taskId)
      .where((eb) =>
        seenStatus === 'NOT_STARTED'
          ? eb('status', '=', 'NOT_STARTED')
          : eb.and([eb('status', '=', 'IN_PROGRESS'), eb('claim_expires_at', '<', now.toISOString())]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async finish(taskId: string, workerId: string): Promise<void> {
    const task = await this.store.db.selectFrom('iam_slr_deletion_tasks').selectAll().where('task_id', '=', taskId).executeTakeFirst();
    if (!task || task.status !== 'IN_PROGRESS' || task.claimed_by !== workerId) return;
    let outcome: { status: 'SUCCEEDED' | 'FAILED'; reason?: string; usage?: RoleUsageEntry[] };
    try {
      const usage = await this.linkedServices.roleUsage(task.service_principal, task.account_id, task.role_name);
      const inUse = usage.usage.filter((u) => u.Resources.length > 0);
      if (inUse.length > 0) outcome = { status: 'FAILED', reason: DELETION_REASONS.inUse, usage: inUse };
      else if (usage.inUseNow) outcome = { status: 'FAILED', reason: DELETION_REASONS.inUseNow };
      else outcome = { status: 'SUCCEEDED' };
    } catch (error) {
      console.error(`linkedrole: deletion task ${taskId}: asking ${task.service_principal} what uses the role failed:`, error);
      outcome = { status: 'FAILED', reason: DELETION_REASONS.inUseNow };
    }
    await this.store.transaction(async (tx: Tx) => {
      const update = await tx
        .updateTable('iam_slr_deletion_tasks')
        .set({
          status: outcome.status,
          reason: outcome.reason ?? null,
          role_usage: outcome.usage ? JSON.stringify(outcome.usage) : null,
          updated_at: this.clock().toISOString(),
          claim_expires_at: null,
        })
        .where('task_id', '=', taskId)
        .where('status', '=', 'IN_PROGRESS')
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) return;
      if (outcome.status === 'SUCCEEDED') {
        const role = await this.roles.find(task.account_id, task.role_name, tx);
        if (role?.serviceLinked) await this.roles.delete(task.account_id, role.roleName, tx);
      }
    });
  }

  /**
   * The background worker: a starter that returns its stopper (registered in app.ts). It looks for due
   * tasks every `intervalMs` while there is work (tasks found, or this server just created one), and
   * every `idleIntervalMs` otherwise: tasks another server created and then abandoned are rare, and an
   * idle server should not query its store a hundred times a second.
   */
  worker(workerId = `worker-${randomUUID()}`, intervalMs = 10, idleIntervalMs = 250): Worker {
    return loop({
      name: 'service-linked role deletion worker',
      intervalMs,
      idleIntervalMs,
      pass: async () => (await this.runDue(workerId)) > 0,
      awake: () => performance.now() < this.busyUntil,
    });
  }
}
