// Policy generation (StartPolicyGeneration and the jobs it makes): what an IAM user or role was allowed to
// do in a period, read from the audit trail (the one trail here: every decision of the principal's own
// requests, including the extra permissions a call needed on its behalf such as iam:PassRole, and the calls
// a service made through the role's sessions), kept per job as (action, resource) pairs from which
// GetGeneratedPolicy writes the policy (generated-policy.ts). Access Analyzer reads the trail through the
// job's access role, as in AWS: it assumes the role as access-analyzer.amazonaws.com (its trust policy
// decides) and needs cloudtrail:GetTrail on each trail and iam:GenerateServiceLastAccessedDetails and
// iam:GetServiceLastAccessedDetails; a refusal fails the job (AUTHORIZATION_ERROR), a principal or role
// that does not exist too (RESOURCE_NOT_FOUND_ERROR). A job is worked when it is started, so it is
// SUCCEEDED or FAILED when StartPolicyGeneration answers.
import { randomUUID } from 'node:crypto';
import { errors, type CloudTrailDetails, type JobError, type JobStatus, type Trail } from '../../aws/generated/accessanalyzer.js';
import { errors as iamErrors } from '../../aws/generated/iam.js';
import { partition, partitionOfArn } from '../../aws/partitions.js';
import type { AccessAnalyzerGenerationRow } from '../../store/schema.js';
import { IamEntities, roleSessionPrefix } from '../iam/entities.js';
import type { LinkedServicePlatform } from '../kit/module.js';
import type { ObservedUse } from './generated-policy.js';

export const ACCESS_ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';
/** ListPolicyGenerations lists the generations requested in the last seven days. */
export const LISTED_DAYS = 7;

export interface PolicyGenerationJob {
  jobId: string;
  principalArn: string;
  status: JobStatus;
  startedOn: Date;
  completedOn?: Date;
  error?: JobError;
  /** The period and trails analyzed, as given (endTime defaulted to the start). */
  cloudTrail: { startTime: Date; endTime: Date; trails: Trail[] };
  uses: ObservedUse[];
}

const TRAIL_ARN = /^arn:([^:]*):cloudtrail:([^:]*):([^:]*):trail\/(.+)$/;
const ROLE_ARN = /^arn:[^:]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

const invalid = (message: string, field?: string) =>
  errors.ValidationException(message, { reason: 'fieldValidationFailed', fieldList: field ? [{ name: field, message }] : undefined });

export class PolicyGenerations {
  private readonly entities: IamEntities;

  constructor(private readonly platform: LinkedServicePlatform) {
    this.entities = new IamEntities(platform.iam, platform.iamIdentities);
  }

  /** Starts (and works) a job; the same clientToken again answers the job it started (for another principal: ConflictException). */
  async start(
    scope: { accountId: string; region: string; now: Date },
    input: { principalArn: string; cloudTrailDetails?: CloudTrailDetails; clientToken?: string },
  ): Promise<string> {
    const db = this.platform.store.db;
    if (input.clientToken) {
      const earlier = await db
        .selectFrom('accessanalyzer_policy_generations')
        .select(['job_id', 'principal_arn'])
        .where('account_id', '=', scope.accountId)
        .where('client_token', '=', input.clientToken)
        .executeTakeFirst();
      if (earlier && earlier.principal_arn !== input.principalArn) {
        throw errors.ConflictException(`The client token ${input.clientToken} was used to start a policy generation for another principal.`, { resourceId: earlier.job_id, resourceType: 'PolicyGeneration' });
      }
      if (earlier) return earlier.job_id;
    }
    const details = input.cloudTrailDetails;
    // The audit trail is the only source of activity here: without a period there is nothing to read.
    if (!details) throw invalid('cloudTrailDetails is required: policies are generated from the trail over its startTime to endTime.', 'cloudTrailDetails');
    const endTime = details.endTime ?? scope.now;
    if (details.startTime.getTime() > scope.now.getTime()) throw invalid('startTime must not be in the future.', 'cloudTrailDetails.startTime');
    if (endTime.getTime() <= details.startTime.getTime()) throw invalid('endTime must be after startTime.', 'cloudTrailDetails.endTime');
    if (details.trails.length === 0) throw invalid('At least one trail is required.', 'cloudTrailDetails.trails');
    for (const trail of details.trails) {
      if (trail.allRegions && trail.regions && trail.regions.length > 0) throw invalid('A trail takes regions or allRegions, not both.', 'cloudTrailDetails.trails');
    }
    const cloudTrail = { startTime: details.startTime, endTime, trails: details.trails };
    const outcome = await this.work(scope, input.principalArn, details.accessRole, cloudTrail);
    const jobId = randomUUID();
    await db
      .insertInto('accessanalyzer_policy_generations')
      .values({
        job_id: jobId,
        account_id: scope.accountId,
        principal_arn: input.principalArn,
        client_token: input.clientToken ?? null,
        status: outcome.error ? 'FAILED' : 'SUCCEEDED',
        started_on: scope.now.toISOString(),
        completed_on: this.platform.clock().toISOString(),
        cloud_trail: JSON.stringify({ startTime: cloudTrail.startTime.toISOString(), endTime: endTime.toISOString(), trails: cloudTrail.trails }),
        uses: JSON.stringify(outcome.uses),
        job_error: outcome.error ? JSON.stringify(outcome.error) : null,
      })
      .execute();
    return jobId;
  }

  /** Reads the trail through the access role: the principal's allowed (action, resource) pairs, or why not. */
  private async work(
    scope: { accountId: string; region: string },
    principalArn: string,
    accessRole: string,
    cloudTrail: PolicyGenerationJob['cloudTrail'],
  ): Promise<{ uses: ObservedUse[]; error?: JobError }> {
    const { accountId } = scope;
    const role = ROLE_ARN.exec(accessRole);
    if (!role || role[1] !== accountId || (await this.platform.findRole(accountId, role[2]))?.arn !== accessRole) {
      return { uses: [], error: { code: 'RESOURCE_NOT_FOUND_ERROR', message: `The access role ${accessRole} does not exist in account ${accountId}.` } };
    }
    const principal = await this.entities.resolve(accountId, principalArn, ['user', 'role']).catch((error: unknown) => {
      if (iamErrors.InvalidInput.is(error) || iamErrors.NoSuchEntity.is(error)) return undefined;
      throw error;
    });
    if (!principal) return { uses: [], error: { code: 'RESOURCE_NOT_FOUND_ERROR', message: `The principal ${principalArn} does not exist in account ${accountId}.` } };
    let session;
    try {
      session = await this.platform.onBehalf.assume(accountId, ACCESS_ANALYZER_PRINCIPAL, role[2], scope.region);
    } catch {
      return { uses: [], error: { code: 'AUTHORIZATION_ERROR', message: `IAM Access Analyzer could not assume the access role ${accessRole}: its trust policy must allow ${ACCESS_ANALYZER_PRINCIPAL} sts:AssumeRole.` } };
    }
    const needed = [
      ...cloudTrail.trails.map((t) => ({ action: 'cloudtrail:GetTrail', resource: t.cloudTrailArn, eventName: 'GetTrail', requestParameters: { name: t.cloudTrailArn } })),
      { action: 'iam:GenerateServiceLastAccessedDetails', resource: principal.arn, eventName: 'GenerateServiceLastAccessedDetails', requestParameters: { arn: principal.arn } },
      { action: 'iam:GetServiceLastAccessedDetails', resource: '*', eventName: 'GetServiceLastAccessedDetails' },
    ];
    for (const call of needed) {
      const decision = await session.authorize(call);
      if (decision.decision !== 'allowed') {
        return { uses: [], error: { code: 'AUTHORIZATION_ERROR', message: `The access role ${accessRole} is not allowed ${call.action} on ${call.resource}.` } };
      }
    }
    const uses = await this.platform.audit.usage({
      accountId,
      principalArns: principal.kind === 'user' ? [principal.arn] : [],
      principalPrefixes: principal.kind === 'role' ? [roleSessionPrefix(accountId, principal.name)] : [],
      startTime: cloudTrail.startTime,
      endTime: cloudTrail.endTime,
      allowedOnly: true,
      byResource: true,
    });
    const inTrails = (region: string) =>
      cloudTrail.trails.some((t) => t.allRegions || (t.regions && t.regions.length > 0 ? t.regions.includes(region) : TRAIL_ARN.exec(t.cloudTrailArn)?.[2] === region));
    const seen = new Set<string>();
    const kept: ObservedUse[] = [];
    for (const use of uses) {
      if (!inTrails(use.region)) continue;
      const key = `${use.action}\u0000${use.resource}`;
      if (seen.has(key)) continue;
      seen.add(key);
      kept.push({ action: use.action, resource: use.resource! });
    }
    kept.sort((a, b) => (a.action === b.action ? (a.resource < b.resource ? -1 : 1) : a.action < b.action ? -1 : 1));
    return { uses: kept };
  }

  /** A job of the account: ValidationException when it has none by that id. */
  async get(accountId: string, jobId: string): Promise<PolicyGenerationJob> {
    const row = await this.platform.store.db.selectFrom('accessanalyzer_policy_generations').selectAll().where('job_id', '=', jobId).where('account_id', '=', accountId).executeTakeFirst();
    if (!row) throw invalid(`No policy generation job ${jobId} in this account.`, 'jobId');
    return fromRow(row);
  }

  /** The jobs started in the last seven days, newest first (of one principal, when given). */
  async list(accountId: string, now: Date, principalArn?: string): Promise<PolicyGenerationJob[]> {
    let query = this.platform.store.db
      .selectFrom('accessanalyzer_policy_generations')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('started_on', '>=', new Date(now.getTime() - LISTED_DAYS * 86_400_000).toISOString());
    if (principalArn) query = query.where('principal_arn', '=', principalArn);
    return (await query.orderBy('started_on', 'desc').orderBy('job_id').execute()).map(fromRow);
  }

  /** Cancels a job in progress; a finished one (every job once started, here) is left as it is. */
  async cancel(accountId: string, jobId: string, now: Date): Promise<void> {
    await this.get(accountId, jobId);
    await this.platform.store.db
      .updateTable('accessanalyzer_policy_generations')
      .set({ status: 'CANCELED', completed_on: now.toISOString() })
      .where('job_id', '=', jobId)
      .where('status', '=', 'IN_PROGRESS')
      .execute();
  }
}

/** The partition of the principal's ARN (what the generated policy's resources name). */
export function principalPartition(principalArn: string): string {
  return partitionOfArn(principalArn) ?? partition();
}

function fromRow(row: AccessAnalyzerGenerationRow): PolicyGenerationJob {
  const trail = JSON.parse(row.cloud_trail) as { startTime: string; endTime: string; trails: Trail[] };
  return {
    jobId: row.job_id,
    principalArn: row.principal_arn,
    status: row.status as JobStatus,
    startedOn: new Date(row.started_on),
    completedOn: row.completed_on ? new Date(row.completed_on) : undefined,
    error: row.job_error ? (JSON.parse(row.job_error) as JobError) : undefined,
    cloudTrail: { startTime: new Date(trail.startTime), endTime: new Date(trail.endTime), trails: trail.trails },
    uses: JSON.parse(row.uses) as ObservedUse[],
  };
}
