// Service last accessed data (GenerateServiceLastAccessedDetails and the reports it makes): for an IAM
// user, group, role or managed policy, every service its permissions policies allow (service-access.ts),
// each with the latest attempt to use it by the entity (a group's members, a policy's users and roles)
// in the tracking period, read from the audit trail, where every authorization decision of an
// authenticated request is an attempt, allowed or denied, as AWS counts them. A report is computed when
// its job is created and kept (iam_last_accessed_jobs); only the caller that generated it reads it.
import { randomUUID } from 'node:crypto';
import type { AuditTrail, Usage } from '../../audit/trail.js';
import { errors, type AccessAdvisorUsageGranularityType, type ErrorDetails, type jobStatusType } from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import type { IamLastAccessedJobRow } from '../../store/schema.js';
import { roleSessionPrefix, type Entity, type EntityKind, type IamEntities } from './entities.js';
import { serviceCatalog, servicesAllowed } from './service-access.js';

/** AWS reports activity for the last 400 days. */
export const TRACKING_PERIOD_DAYS = 400;

export interface LastUse {
  time: string;
  /** The user's or role's ARN (never a role session's). */
  entity: string;
  region: string;
}

export interface ServiceReport {
  namespace: string;
  name: string;
  last?: LastUse;
  /** How many users and roles attempted to use it in the period. */
  entities: number;
  /** ACTION_LEVEL: the actions attempted, by name, each with its latest attempt. */
  actions?: ({ name: string } & LastUse)[];
}

export interface ReportEntity {
  kind: 'user' | 'role';
  arn: string;
  name: string;
  id: string;
  path: string;
}

export interface EntityUse extends ReportEntity {
  last?: string;
}

export interface LastAccessedReport {
  services: ServiceReport[];
  /** The users and roles whose attempts count (each could have used every service listed). */
  entities: ReportEntity[];
  /** By lower-cased namespace, by entity ARN: its latest attempt (only the entities that attempted it). */
  lastUse: Record<string, Record<string, string>>;
}

/** The report's users and roles for one service (none if the report does not list it), latest attempt first. */
export function entitiesFor(report: LastAccessedReport, namespace: string): EntityUse[] {
  const prefix = namespace.toLowerCase();
  if (!report.services.some((s) => s.namespace.toLowerCase() === prefix)) return [];
  const last = report.lastUse[prefix] ?? {};
  return report.entities
    .map((e): EntityUse => ({ ...e, last: last[e.arn] }))
    .sort((a, b) => ((b.last ?? '') < (a.last ?? '') ? -1 : (b.last ?? '') > (a.last ?? '') ? 1 : a.arn < b.arn ? -1 : 1));
}

export interface LastAccessedJob {
  jobId: string;
  entityArn: string;
  entityKind: EntityKind;
  granularity: AccessAdvisorUsageGranularityType;
  status: jobStatusType;
  created: Date;
  completed?: Date;
  report?: LastAccessedReport;
  error?: ErrorDetails;
}

export class LastAccessed {
  constructor(
    private readonly store: Store,
    private readonly entities: IamEntities,
    private readonly audit: AuditTrail,
    private readonly clock: () => Date,
  ) {}

  /** Creates the job for `ownerArn` (the caller) and computes its report; the job's id. */
  async generate(accountId: string, ownerArn: string, arn: string, granularity: AccessAdvisorUsageGranularityType, created: Date): Promise<string> {
    const entity = await this.entities.resolve(accountId, arn, ['user', 'group', 'role', 'policy']);
    const report = await this.report(entity, granularity === 'ACTION_LEVEL', created);
    const jobId = randomUUID();
    await this.store.db
      .insertInto('iam_last_accessed_jobs')
      .values({
        job_id: jobId,
        account_id: accountId,
        owner_arn: ownerArn,
        entity_arn: entity.arn,
        entity_kind: entity.kind,
        granularity,
        status: 'COMPLETED',
        created_at: created.toISOString(),
        completed_at: this.clock().toISOString(),
        report: JSON.stringify(report),
        error: null,
      })
      .execute();
    return jobId;
  }

  /** The caller's job: NoSuchEntity for another caller's, or one the account does not have. */
  async job(accountId: string, ownerArn: string, jobId: string): Promise<LastAccessedJob> {
    const row = await this.store.db.selectFrom('iam_last_accessed_jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    if (!row || row.account_id !== accountId || row.owner_arn !== ownerArn) throw errors.NoSuchEntity(`No such job: ${jobId}. A job is read by the user or role session that generated it.`);
    return fromRow(row);
  }

  /** The report of an entity now: its services, their last use in the tracking period, and who used them. */
  async report(entity: Entity, actionLevel: boolean, now: Date): Promise<LastAccessedReport> {
    const [policies, users] = await Promise.all([this.entities.permissionsPolicies(entity), this.entities.usersAndRoles(entity)]);
    const allowed = await servicesAllowed(policies.map((p) => p.document));
    const since = new Date(now.getTime() - TRACKING_PERIOD_DAYS * 86_400_000);
    const byPrincipal = new Map<string, Entity>();
    const prefixes: string[] = [];
    for (const u of users) {
      if (u.kind === 'role') prefixes.push(roleSessionPrefix(u.accountId, u.name));
      else byPrincipal.set(u.arn, u);
    }
    const uses = await this.audit.usage({ accountId: entity.accountId, principalArns: [...byPrincipal.keys()], principalPrefixes: prefixes, startTime: since, endTime: now });
    const roleOf = (principalArn: string) => users.find((u) => u.kind === 'role' && principalArn.startsWith(roleSessionPrefix(u.accountId, u.name)));
    const ownerOf = (use: Usage) => byPrincipal.get(use.principalArn) ?? roleOf(use.principalArn);

    const catalog = await serviceCatalog();
    const services: ServiceReport[] = [];
    const lastUse: Record<string, Record<string, string>> = {};
    for (const prefix of [...allowed].sort()) {
      const service = catalog.get(prefix)!;
      const latestBy = new Map<string, LastUse>();
      const actions = new Map<string, { name: string } & LastUse>();
      for (const use of uses) {
        const [namespace, actionName = ''] = use.action.split(':');
        if (namespace.toLowerCase() !== prefix) continue;
        const owner = ownerOf(use);
        if (!owner) continue;
        const last: LastUse = { time: use.lastTime, entity: owner.arn, region: use.region };
        if ((latestBy.get(owner.arn)?.time ?? '') < use.lastTime) latestBy.set(owner.arn, last);
        const name = service.actions.find((a) => a.toLowerCase() === actionName.toLowerCase()) ?? actionName;
        if ((actions.get(name)?.time ?? '') < use.lastTime) actions.set(name, { name, ...last });
      }
      const latest = [...latestBy.values()].sort((a, b) => (a.time < b.time ? 1 : -1))[0];
      services.push({
        namespace: service.namespace,
        name: service.name,
        last: latest,
        entities: latestBy.size,
        actions: actionLevel ? [...actions.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) : undefined,
      });
      if (latestBy.size > 0) lastUse[prefix] = Object.fromEntries([...latestBy].map(([arn, use]) => [arn, use.time]));
    }
    const entities = users.map((u): ReportEntity => ({ kind: u.kind as 'user' | 'role', arn: u.arn, name: u.name, id: u.id, path: u.path }));
    return { services, entities, lastUse };
  }
}

function fromRow(row: IamLastAccessedJobRow): LastAccessedJob {
  return {
    jobId: row.job_id,
    entityArn: row.entity_arn,
    entityKind: row.entity_kind as EntityKind,
    granularity: row.granularity as AccessAdvisorUsageGranularityType,
    status: row.status as jobStatusType,
    created: new Date(row.created_at),
    completed: row.completed_at ? new Date(row.completed_at) : undefined,
    report: row.report ? (JSON.parse(row.report) as LastAccessedReport) : undefined,
    error: row.error ? (JSON.parse(row.error) as ErrorDetails) : undefined,
  };
}
