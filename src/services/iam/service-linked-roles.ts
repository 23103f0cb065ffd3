// The service-linked role lifecycle, callable by the IAM API and by linked services (AppIntegrations,
// Lex) without HTTP: CreateServiceLinkedRole from the catalog, the protection of the roles (enforced
// in iam.ts), the services' own writes to their roles, and deletion as an asynchronous task.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/errors.js';
import type { Store, Tx } from '../../store/database.js';
import type { DeletionTaskRow } from '../../store/schema.js';
import type { Iam } from './iam.js';
import { awsUniqueId } from './ids.js';
import type { LinkedServiceRegistry, RoleUsageEntry } from './linked-services.js';
import { isUniqueViolation, roleArn, roleKey, type Role } from './roles.js';
import { linkedService, serviceLinkedRolePath, serviceLinkedTrustPolicy, type LinkedServiceEntry } from './slr-catalog.js';

export interface CreateServiceLinkedRoleOptions {
  customSuffix?: string;
  description?: string;
}

/** CONTRACT: what AppIntegrations and Lex use. */
export interface ServiceLinkedRoles {
  /** CreateServiceLinkedRole: InvalidInput for unknown services, suffix rules and taken names, as AWS. */
  create(accountId: string, servicePrincipal: string, options?: CreateServiceLinkedRoleOptions): Promise<Role>;
  /** The service's role (no suffix), created when missing; safe under concurrency (exactly one role). */
  ensure(accountId: string, servicePrincipal: string): Promise<Role>;
  /**
   * A linked service writes an inline policy into its own role (AWS lets only the service do this),
   * in the service's transaction `tx` when given (so that it commits with the service's own state).
   */
  putServicePolicy(accountId: string, roleName: string, policyName: string, document: string, tx?: Tx): Promise<void>;
  /** A linked service removes an inline policy from its own role (in `tx` when given). */
  deleteServicePolicy(accountId: string, roleName: string, policyName: string, tx?: Tx): Promise<void>;
}

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

export function unknownServicePrincipal(servicePrincipal: string): AwsError {
  return new AwsError('InvalidInput', `${servicePrincipal} is not a valid service principal.`, 400);
}

function taken(roleName: string): AwsError {
  return new AwsError('InvalidInput', `Service role name ${roleName} has been taken in this account, please try a different suffix.`, 400);
}

export class ServiceLinkedRoleManager implements ServiceLinkedRoles {
  /** Until this time (ms) the worker polls every tick: this server has just created a task. */
  private busyUntil = 0;

  constructor(
    private readonly store: Store,
    private readonly iam: Iam,
    private readonly linkedServices: LinkedServiceRegistry,
    private readonly clock: () => Date = () => new Date(),
    readonly timing: DeletionTiming = DEFAULT_DELETION_TIMING,
  ) {}

  /** The role name CreateServiceLinkedRole would make, or the error it would answer. */
  static roleNameFor(servicePrincipal: string, customSuffix?: string): { entry: LinkedServiceEntry; roleName: string } {
    const entry = linkedService(servicePrincipal);
    if (!entry) throw unknownServicePrincipal(servicePrincipal);
    if (customSuffix === undefined) return { entry, roleName: entry.roleName };
    if (!entry.customSuffixAllowed) throw new AwsError('InvalidInput', `Custom suffix is not allowed for ${servicePrincipal}`, 400);
    const roleName = `${entry.roleName}_${customSuffix}`;
    if (roleName.length > 64) {
      throw new AwsError('InvalidInput', `The role name ${roleName} is too long: a role name can have at most 64 characters.`, 400);
    }
    return { entry, roleName };
  }

  async create(accountId: string, servicePrincipal: string, options: CreateServiceLinkedRoleOptions = {}): Promise<Role> {
    const { entry, roleName } = ServiceLinkedRoleManager.roleNameFor(servicePrincipal, options.customSuffix);
    const path = serviceLinkedRolePath(servicePrincipal);
    const role: Role = {
      accountId,
      roleName,
      roleId: awsUniqueId('AROA'),
      path,
      arn: roleArn(accountId, path, roleName),
      assumeRolePolicyDocument: serviceLinkedTrustPolicy(servicePrincipal),
      description: options.description ?? entry.description,
      maxSessionDuration: 3600,
      createDate: this.clock(),
      serviceLinked: true,
      servicePrincipal,
    };
    await this.store.transaction(async (tx) => {
      try {
        await this.iam.roles.insert(role, [], tx);
      } catch (error) {
        if ((error as AwsError).code === 'EntityAlreadyExists' || isUniqueViolation(error)) throw taken(roleName);
        throw error;
      }
      for (const arn of entry.managedPolicyArns) await this.iam.attachRolePolicy(accountId, roleName, arn, { asService: true, tx });
    });
    return role;
  }

  async ensure(accountId: string, servicePrincipal: string): Promise<Role> {
    const { roleName } = ServiceLinkedRoleManager.roleNameFor(servicePrincipal);
    for (let attempt = 0; ; attempt++) {
      const existing = await this.iam.roles.find(accountId, roleName);
      if (existing) {
        if (!existing.serviceLinked || existing.servicePrincipal !== servicePrincipal) throw taken(roleName);
        return existing;
      }
      try {
        return await this.create(accountId, servicePrincipal);
      } catch (error) {
        // Someone else created it between our read and our write: read it again.
        if ((error as AwsError).code !== 'InvalidInput' || attempt >= 3) throw error;
      }
    }
  }

  async putServicePolicy(accountId: string, roleName: string, policyName: string, document: string, tx?: Tx): Promise<void> {
    await this.serviceLinkedRole(accountId, roleName, tx);
    await this.iam.putRolePolicy(accountId, roleName, policyName, document, { asService: true, tx });
  }

  async deleteServicePolicy(accountId: string, roleName: string, policyName: string, tx?: Tx): Promise<void> {
    await this.serviceLinkedRole(accountId, roleName, tx);
    try {
      await this.iam.deleteRolePolicy(accountId, roleName, policyName, { asService: true, tx });
    } catch (error) {
      // Removing a policy that is already gone is not an error for the service.
      if ((error as AwsError).code !== 'NoSuchEntity') throw error;
    }
  }

  // --- deletion -------------------------------------------------------------------------------------

  /** DeleteServiceLinkedRole: a new task, or the pending one for the role. */
  async requestDeletion(accountId: string, roleName: string): Promise<string> {
    // This server's worker picks its own tasks up as soon as they are due, without waiting for its idle poll.
    this.busyUntil = Date.now() + this.timing.startDelayMs + 1_000;
    return this.store.transaction(async (tx) => {
      const role = await this.iam.roles.get(accountId, roleName, tx);
      if (!role.serviceLinked || !role.servicePrincipal) {
        throw new AwsError('InvalidInput', `Role ${role.roleName} is not a service-linked role.`, 400);
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
      const now = new Date().toISOString();
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
  async deletionStatus(accountId: string, taskId: string): Promise<DeletionTaskStatus> {
    if (!TASK_ID.test(taskId)) throw new AwsError('InvalidInput', `Invalid deletion task id: ${taskId}`, 400);
    const row = await this.store.db
      .selectFrom('iam_slr_deletion_tasks')
      .selectAll()
      .where('task_id', '=', taskId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw new AwsError('NoSuchEntity', `Deletion task ${taskId} does not exist.`, 404);
    if (row.status !== 'FAILED') return { status: row.status };
    const usage = row.role_usage ? (JSON.parse(row.role_usage) as RoleUsageEntry[]) : [];
    return { status: 'FAILED', reason: { Reason: row.reason ?? '', ...(usage.length > 0 ? { RoleUsageList: usage } : {}) } };
  }

  /** The role ARN a task id names (for authorization), when the id is well-formed. */
  static roleArnOfTask(accountId: string, taskId: string): string | undefined {
    const match = TASK_ID.exec(taskId);
    return match ? roleArn(accountId, serviceLinkedRolePath(match[1]), match[2]) : undefined;
  }

  /**
   * One pass of the deletion worker: claims each due task (NOT_STARTED for long enough, or claimed by
   * a server whose claim expired) with a conditional UPDATE, so that of several servers sharing one
   * database exactly one runs it, and runs it. Returns when the claimed tasks are finished.
   */
  async runDueTasks(workerId: string): Promise<number> {
    const now = Date.now();
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
    const now = new Date();
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
          updated_at: new Date().toISOString(),
          claim_expires_at: null,
        })
        .where('task_id', '=', taskId)
        .where('status', '=', 'IN_PROGRESS')
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) return;
      if (outcome.status === 'SUCCEEDED') {
        const role = await this.iam.roles.find(task.account_id, task.role_name, tx);
        if (role?.serviceLinked) await this.iam.roles.delete(task.account_id, role.roleName, tx);
      }
    });
  }

  /**
   * The background worker: a starter that returns its stopper (registered in app.ts). It looks for due
   * tasks every `intervalMs` while there is work (tasks found, or this server just created one), and
   * every `idleIntervalMs` otherwise: tasks another server created and then abandoned are rare, and an
   * idle server should not query its store a hundred times a second.
   */
  worker(workerId = `worker-${randomUUID()}`, intervalMs = 10, idleIntervalMs = 250): () => () => Promise<void> {
    return () => {
      let stopped = false;
      let running: Promise<unknown> = Promise.resolve();
      let busy = false;
      let nextPollAt = 0;
      const timer = setInterval(() => {
        if (busy || stopped) return;
        const now = Date.now();
        if (now < nextPollAt && now >= this.busyUntil) return;
        busy = true;
        running = this.runDueTasks(workerId)
          .then((ran) => {
            nextPollAt = ran > 0 ? 0 : Date.now() + idleIntervalMs;
          })
          .catch((error) => {
            if (!stopped) console.error('linkedrole: service-linked role deletion worker:', error);
          })
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
      timer.unref();
      return async () => {
        stopped = true;
        clearInterval(timer);
        await running;
      };
    };
  }

  private async serviceLinkedRole(accountId: string, roleName: string, tx?: Tx): Promise<Role> {
    const role = await this.iam.roles.get(accountId, roleName, tx);
    if (!role.serviceLinked) throw new AwsError('InvalidInput', `Role ${role.roleName} is not a service-linked role.`, 400);
    return role;
  }
}
