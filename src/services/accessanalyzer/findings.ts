// An analyzer's findings and the resources it analyzed. An analysis (external-access-analysis.ts,
// unused-access.ts) says what it observes now: each resource with a fingerprint of what was analyzed and
// the findings it has. `refresh` reconciles the stored findings with that, in one transaction: a resource
// whose fingerprint changed (its trust policy, its use) or that StartResourceScan names is analyzed anew
// (analyzedAt); a finding seen for the first time is ACTIVE, or ARCHIVED when an archive rule of the
// analyzer matches it; one no longer observed is RESOLVED; a resolved one observed again is ACTIVE again
// (archive rules applied). Every read of the analyzer's findings refreshes first, so a change to a role is
// seen by the next call, as AWS's analysis on change would have seen it; an analysis that can tell when its
// sources changed (Analysis.version: the account's count of role changes, kept in the store, so a change
// made through another server counts too) is observed only when they did, and reads read what is stored.
import { createHash, randomUUID } from 'node:crypto';
import type {
  AnalyzedResource,
  AnalyzedResourceSummary,
  Criterion,
  Finding,
  FindingDetails,
  FindingStatus,
  FindingSummaryV2,
  FindingType,
  GetFindingV2Response,
  GetFindingsStatisticsResponse,
  ResourceType,
  SortCriteria,
} from '../../aws/generated/accessanalyzer.js';
import type { Store } from '../../store/database.js';
import { offsetPage } from '../kit/paging.js';
import { isExternalAccess, type Analyzer } from './analyzers.js';
import { matchesFilter, sortByCriteria, checkFilter, type Attributes } from './criteria.js';
import { invalid, invalidToken, notFound } from './errors.js';
import type { ExternalAccess } from './external-access.js';
import { tables, txTables, type AnalyzedResourceRow, type AnalyzerTx, type FindingRow } from './tables.js';

/** A finding's details as stored: the FindingDetails member of its kind, its dates as ISO text. */
export type StoredDetails =
  | { externalAccessDetails: ExternalAccess }
  | { unusedIamRoleDetails: { lastAccessed?: string } }
  | { unusedIamUserAccessKeyDetails: { accessKeyId: string; lastAccessed?: string } }
  | { unusedIamUserPasswordDetails: { lastAccessed?: string } }
  | { unusedPermissionDetails: { serviceNamespace: string; lastAccessed?: string; actions?: { action: string; lastAccessed?: string }[] } };

export interface ObservedFinding {
  /** What the finding is about, stable across analyses: the same key is the same finding. */
  key: string;
  findingType: FindingType;
  details: StoredDetails;
}

export interface ObservedResource {
  arn: string;
  type: ResourceType;
  owner: string;
  /** Changes when what the analysis looked at changes (then the resource is analyzed anew). */
  fingerprint: string;
  findings: ObservedFinding[];
}

/** What an analyzer of one kind observes in its zone of trust now. */
export interface Analysis {
  observe(analyzer: Analyzer): Promise<ObservedResource[]>;
  /**
   * A token of what `observe` reads, which changes whenever its answer may (read before observing); none:
   * observe on every read (unused access: its answer moves with time and the audit trail).
   */
  version?(analyzer: Analyzer): Promise<string>;
}

export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The archive rules' filters of an analyzer, read in the refreshing transaction. */
export type RuleFilters = (db: AnalyzerTx, analyzerArn: string) => Promise<Record<string, Criterion>[]>;

const DATE_FIELDS = new Set(['lastAccessed']);
const revive = (_key: string, value: unknown) => (DATE_FIELDS.has(_key) && typeof value === 'string' ? new Date(value) : value);

/** A finding row's details as the wire has them (FindingDetails, dates as Date). */
export const detailsOf = (row: FindingRow): FindingDetails => JSON.parse(row.details, revive) as FindingDetails;

/** A finding's attributes by filter key (criteria.ts): what filters, archive rules and sorting see. */
export function attributesOf(row: FindingRow): Attributes {
  const attributes: Attributes = {
    id: [row.id],
    status: [row.status],
    resource: [row.resource],
    resourceType: [row.resource_type],
    resourceOwnerAccount: [row.resource_owner_account],
    findingType: [row.finding_type],
    createdAt: [row.created_at],
    updatedAt: [row.updated_at],
    analyzedAt: [row.analyzed_at],
  };
  const details = JSON.parse(row.details) as StoredDetails;
  if ('externalAccessDetails' in details) {
    const access = details.externalAccessDetails;
    attributes.isPublic = [String(access.isPublic)];
    attributes.action = access.action;
    for (const [type, value] of Object.entries(access.principal)) attributes[`principal.${type}`] = [value];
    for (const [key, value] of Object.entries(access.condition)) attributes[`condition.${key}`] = [value];
  }
  return attributes;
}

export class Findings {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly analysisOf: (analyzer: Analyzer) => Analysis | undefined,
    private readonly ruleFilters: RuleFilters,
    /** Records the resource the analyzer analyzed last. */
    private readonly analyzed: (db: AnalyzerTx, analyzerArn: string, resourceArn: string, at: Date) => Promise<void>,
  ) {}

  /** Brings the analyzer's findings up to date with what its analysis observes (`rescan`: analyze that resource anew whatever its fingerprint). */
  async refresh(analyzer: Analyzer, rescan?: string): Promise<void> {
    const analysis = this.analysisOf(analyzer);
    if (!analysis) return;
    // The version is read before observing: a change made meanwhile leaves a newer one, seen by the next read.
    const version = await analysis.version?.(analyzer);
    if (version !== undefined && rescan === undefined) {
      const stored = await tables(this.store).selectFrom('accessanalyzer_analysis_versions').select('source_version').where('analyzer_arn', '=', analyzer.arn).executeTakeFirst();
      if (stored?.source_version === version) return;
    }
    const observed = await analysis.observe(analyzer);
    await this.store.transaction(async (tx) => {
      const db = txTables(tx);
      if (version !== undefined) {
        await db
          .insertInto('accessanalyzer_analysis_versions')
          .values({ analyzer_arn: analyzer.arn, source_version: version })
          .onConflict((oc) => oc.column('analyzer_arn').doUpdateSet({ source_version: version }))
          .execute();
      }
      const now = this.clock().toISOString();
      const stored = new Map((await db.selectFrom('accessanalyzer_analyzed_resources').selectAll().where('analyzer_arn', '=', analyzer.arn).execute()).map((r) => [r.resource_arn, r]));
      const filters = await this.ruleFilters(db, analyzer.arn);
      let last: string | undefined;
      for (const resource of observed) {
        const before = stored.get(resource.arn);
        stored.delete(resource.arn);
        if (before && before.fingerprint === resource.fingerprint && resource.arn !== rescan) continue;
        const row: AnalyzedResourceRow = {
          analyzer_arn: analyzer.arn,
          resource_arn: resource.arn,
          resource_type: resource.type,
          resource_owner_account: resource.owner,
          fingerprint: resource.fingerprint,
          created_at: before?.created_at ?? now,
          analyzed_at: now,
          updated_at: before && before.fingerprint === resource.fingerprint ? before.updated_at : now,
        };
        if (before) await db.updateTable('accessanalyzer_analyzed_resources').set(row).where('analyzer_arn', '=', analyzer.arn).where('resource_arn', '=', resource.arn).execute();
        else await db.insertInto('accessanalyzer_analyzed_resources').values(row).execute();
        await this.reconcile(db, analyzer, resource, filters, now);
        last = resource.arn;
      }
      // Resources gone (a deleted role): their findings are resolved, and they are no longer analyzed.
      for (const gone of stored.values()) {
        await this.reconcile(db, analyzer, { arn: gone.resource_arn, type: gone.resource_type as ResourceType, owner: gone.resource_owner_account, fingerprint: '', findings: [] }, filters, now);
        await db.deleteFrom('accessanalyzer_analyzed_resources').where('analyzer_arn', '=', analyzer.arn).where('resource_arn', '=', gone.resource_arn).execute();
      }
      if (last !== undefined) await this.analyzed(db, analyzer.arn, last, new Date(now));
    });
  }

  private async reconcile(db: AnalyzerTx, analyzer: Analyzer, resource: ObservedResource, filters: Record<string, Criterion>[], now: string): Promise<void> {
    const existing = await db.selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).where('resource', '=', resource.arn).execute();
    const byKey = new Map(existing.map((row) => [row.finding_key, row]));
    const archived = (row: FindingRow) => filters.some((filter) => matchesFilter(attributesOf({ ...row, status: 'ACTIVE' }), filter));
    for (const finding of resource.findings) {
      const key = `${resource.arn}|${finding.key}`;
      const row = byKey.get(key);
      byKey.delete(key);
      const details = JSON.stringify(finding.details);
      if (!row) {
        const fresh: FindingRow = {
          analyzer_arn: analyzer.arn,
          id: randomUUID(),
          finding_key: key,
          finding_type: finding.findingType,
          resource: resource.arn,
          resource_type: resource.type,
          resource_owner_account: resource.owner,
          details,
          status: 'ACTIVE',
          created_at: now,
          updated_at: now,
          analyzed_at: now,
        };
        if (archived(fresh)) fresh.status = 'ARCHIVED';
        await db.insertInto('accessanalyzer_findings').values(fresh).execute();
        continue;
      }
      const reopened = row.status === 'RESOLVED';
      const status = reopened ? (archived({ ...row, details }) ? 'ARCHIVED' : 'ACTIVE') : row.status;
      const changed = reopened || details !== row.details;
      await db
        .updateTable('accessanalyzer_findings')
        .set({ status, details, analyzed_at: now, ...(changed ? { updated_at: now } : {}) })
        .where('analyzer_arn', '=', analyzer.arn)
        .where('id', '=', row.id)
        .execute();
    }
    for (const row of byKey.values()) {
      if (row.status === 'RESOLVED') continue;
      await db.updateTable('accessanalyzer_findings').set({ status: 'RESOLVED', analyzed_at: now, updated_at: now }).where('analyzer_arn', '=', analyzer.arn).where('id', '=', row.id).execute();
    }
  }

  private async rows(analyzer: Analyzer, filter: Record<string, Criterion> | undefined, sort: SortCriteria | undefined): Promise<FindingRow[]> {
    checkFilter(filter);
    await this.refresh(analyzer);
    const rows = await tables(this.store).selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).execute();
    return sortByCriteria(
      rows.filter((row) => matchesFilter(attributesOf(row), filter)),
      attributesOf,
      sort,
    );
  }

  /** The finding's row, the analysis brought up to date first (ResourceNotFound for an unknown id). */
  async row(analyzer: Analyzer, id: string): Promise<FindingRow> {
    await this.refresh(analyzer);
    const row = await tables(this.store).selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Finding', id);
    return row;
  }

  /** ListFindings / GetFinding speak of external access only (ListFindingsV2 / GetFindingV2 of every kind). */
  private externalOnly(analyzer: Analyzer, operation: string): void {
    if (!isExternalAccess(analyzer.type)) throw invalid(`${operation} is not supported for analyzers of type ${analyzer.type}: use ${operation}V2.`, 'analyzerArn');
  }

  async list(analyzer: Analyzer, input: { filter?: Record<string, Criterion>; sort?: SortCriteria; maxResults?: number; nextToken?: string }): Promise<{ findings: Finding[]; nextToken?: string }> {
    this.externalOnly(analyzer, 'ListFindings');
    const page = offsetPage(await this.rows(analyzer, input.filter, input.sort), input.maxResults, input.nextToken, 100, invalidToken);
    return { findings: page.items.map(toFinding), nextToken: page.nextToken };
  }

  async listV2(analyzer: Analyzer, input: { filter?: Record<string, Criterion>; sort?: SortCriteria; maxResults?: number; nextToken?: string }): Promise<{ findings: FindingSummaryV2[]; nextToken?: string }> {
    const page = offsetPage(await this.rows(analyzer, input.filter, input.sort), input.maxResults, input.nextToken, 100, invalidToken);
    return { findings: page.items.map(toSummaryV2), nextToken: page.nextToken };
  }

  async get(analyzer: Analyzer, id: string): Promise<Finding> {
    this.externalOnly(analyzer, 'GetFinding');
    return toFinding(await this.row(analyzer, id));
  }

  async getV2(analyzer: Analyzer, id: string, maxResults: number | undefined, nextToken: string | undefined): Promise<GetFindingV2Response> {
    const row = await this.row(analyzer, id);
    const details = detailsOf(row);
    // An unused-permission finding lists its actions page by page; every other kind has one detail.
    const unused = 'unusedPermissionDetails' in details ? details.unusedPermissionDetails : undefined;
    let findingDetails: FindingDetails[] = [details];
    let next: string | undefined;
    if (unused) {
      const page = offsetPage(unused?.actions ?? [], maxResults, nextToken, 100, invalidToken);
      findingDetails = [{ unusedPermissionDetails: { ...unused, actions: page.items } }];
      next = page.nextToken;
    } else if (nextToken !== undefined) offsetPage([details], maxResults, nextToken, 100, invalidToken);
    return { ...toSummaryV2(row), findingDetails, ...(next ? { nextToken: next } : {}) };
  }

  /** UpdateFindings: ARCHIVED or ACTIVE, for the findings named or every finding of the resource (a resolved finding keeps its status). */
  async update(analyzer: Analyzer, input: { ids?: string[]; resourceArn?: string; status: 'ACTIVE' | 'ARCHIVED' }): Promise<void> {
    if ((input.ids === undefined) === (input.resourceArn === undefined)) throw invalid('Give either ids or resourceArn, not both and not neither.', 'ids');
    await this.refresh(analyzer);
    await this.store.transaction(async (tx) => {
      const db = txTables(tx);
      let query = db.selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn);
      query = input.ids !== undefined ? query.where('id', 'in', input.ids.length ? input.ids : ['']) : query.where('resource', '=', input.resourceArn!);
      const rows = await query.execute();
      const missing = (input.ids ?? []).find((id) => !rows.some((r) => r.id === id));
      if (missing !== undefined) throw notFound('Finding', missing);
      if (input.resourceArn !== undefined && rows.length === 0) throw notFound('AnalyzedResource', input.resourceArn);
      const now = this.clock().toISOString();
      for (const row of rows) {
        if (row.status === 'RESOLVED' || row.status === input.status) continue;
        await db.updateTable('accessanalyzer_findings').set({ status: input.status, updated_at: now }).where('analyzer_arn', '=', analyzer.arn).where('id', '=', row.id).execute();
      }
    });
  }

  /** ApplyArchiveRule: archives the analyzer's ACTIVE findings that the filter matches. */
  async archiveMatching(analyzer: Analyzer, filter: Record<string, Criterion>): Promise<void> {
    await this.refresh(analyzer);
    await this.store.transaction(async (tx) => {
      const db = txTables(tx);
      const rows = await db.selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).where('status', '=', 'ACTIVE').execute();
      const now = this.clock().toISOString();
      for (const row of rows) {
        if (!matchesFilter(attributesOf(row), filter)) continue;
        await db.updateTable('accessanalyzer_findings').set({ status: 'ARCHIVED', updated_at: now }).where('analyzer_arn', '=', analyzer.arn).where('id', '=', row.id).execute();
      }
    });
  }

  // --- analyzed resources (external access) ---------------------------------------------------------

  private externalResources(analyzer: Analyzer, operation: string): void {
    if (!isExternalAccess(analyzer.type)) throw invalid(`${operation} is supported only for analyzers of external access (type ACCOUNT), not ${analyzer.type}.`, 'analyzerArn');
  }

  async listResources(analyzer: Analyzer, input: { resourceType?: ResourceType; maxResults?: number; nextToken?: string }): Promise<{ analyzedResources: AnalyzedResourceSummary[]; nextToken?: string }> {
    this.externalResources(analyzer, 'ListAnalyzedResources');
    await this.refresh(analyzer);
    let query = tables(this.store).selectFrom('accessanalyzer_analyzed_resources').selectAll().where('analyzer_arn', '=', analyzer.arn);
    if (input.resourceType !== undefined) query = query.where('resource_type', '=', input.resourceType);
    const rows = await query.orderBy('resource_arn').execute();
    const page = offsetPage(rows, input.maxResults, input.nextToken, 100, invalidToken);
    return {
      analyzedResources: page.items.map((r) => ({ resourceArn: r.resource_arn, resourceOwnerAccount: r.resource_owner_account, resourceType: r.resource_type as ResourceType })),
      nextToken: page.nextToken,
    };
  }

  async getResource(analyzer: Analyzer, resourceArn: string): Promise<AnalyzedResource> {
    this.externalResources(analyzer, 'GetAnalyzedResource');
    await this.refresh(analyzer);
    const db = tables(this.store);
    const row = await db.selectFrom('accessanalyzer_analyzed_resources').selectAll().where('analyzer_arn', '=', analyzer.arn).where('resource_arn', '=', resourceArn).executeTakeFirst();
    if (!row) throw notFound('AnalyzedResource', resourceArn);
    const findings = await db.selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).where('resource', '=', resourceArn).where('status', '!=', 'RESOLVED').execute();
    const accesses = findings.map((f) => (JSON.parse(f.details) as { externalAccessDetails: ExternalAccess }).externalAccessDetails);
    const actions = [...new Set(accesses.flatMap((a) => a.action))].sort();
    const status: FindingStatus | undefined = findings.some((f) => f.status === 'ACTIVE') ? 'ACTIVE' : findings.length ? 'ARCHIVED' : undefined;
    return {
      resourceArn: row.resource_arn,
      resourceType: row.resource_type as ResourceType,
      resourceOwnerAccount: row.resource_owner_account,
      createdAt: new Date(row.created_at),
      analyzedAt: new Date(row.analyzed_at),
      updatedAt: new Date(row.updated_at),
      isPublic: accesses.some((a) => a.isPublic),
      ...(actions.length ? { actions } : {}),
      ...(status ? { status } : {}),
    };
  }

  /** StartResourceScan: analyzes the resource anew now (ResourceNotFound when the analyzer has no such resource). */
  async scan(analyzer: Analyzer, resourceArn: string): Promise<void> {
    this.externalResources(analyzer, 'StartResourceScan');
    const analysis = this.analysisOf(analyzer);
    const observed = analysis ? await analysis.observe(analyzer) : [];
    if (!observed.some((r) => r.arn === resourceArn)) throw notFound('AnalyzedResource', resourceArn);
    await this.refresh(analyzer, resourceArn);
  }

  async statistics(analyzer: Analyzer): Promise<GetFindingsStatisticsResponse> {
    await this.refresh(analyzer);
    const rows = await tables(this.store).selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).execute();
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const totals = { totalActiveFindings: count('ACTIVE'), totalArchivedFindings: count('ARCHIVED'), totalResolvedFindings: count('RESOLVED') };
    const active = rows.filter((r) => r.status === 'ACTIVE');
    const lastUpdatedAt = rows.reduce<string | undefined>((latest, r) => (latest === undefined || r.updated_at > latest ? r.updated_at : latest), undefined);
    const at = lastUpdatedAt ? { lastUpdatedAt: new Date(lastUpdatedAt) } : {};
    if (isExternalAccess(analyzer.type)) {
      const byType: Record<string, { totalActivePublic: number; totalActiveCrossAccount: number; totalActiveErrors: number }> = {};
      for (const row of active) {
        const entry = (byType[row.resource_type] ??= { totalActivePublic: 0, totalActiveCrossAccount: 0, totalActiveErrors: 0 });
        const access = (JSON.parse(row.details) as { externalAccessDetails: ExternalAccess }).externalAccessDetails;
        if (access.isPublic) entry.totalActivePublic++;
        else entry.totalActiveCrossAccount++;
      }
      return { findingsStatistics: [{ externalAccessFindingsStatistics: { ...totals, resourceTypeStatistics: byType } }], ...at };
    }
    const types = [...new Set(active.map((r) => r.finding_type))].sort();
    return {
      findingsStatistics: [
        {
          unusedAccessFindingsStatistics: {
            ...totals,
            unusedAccessTypeStatistics: types.map((t) => ({ unusedAccessType: t, total: active.filter((r) => r.finding_type === t).length })),
            topAccounts: active.length ? [{ account: analyzer.scope.accountId, numberOfActiveFindings: active.length, details: Object.fromEntries(types.map((t) => [t, active.filter((r) => r.finding_type === t).length])) }] : [],
          },
        },
      ],
      ...at,
    };
  }

  /** Everything of an analyzer's findings and resources (DeleteAnalyzer), in its transaction. */
  static async removeAll(db: AnalyzerTx, analyzerArn: string): Promise<void> {
    await db.deleteFrom('accessanalyzer_findings').where('analyzer_arn', '=', analyzerArn).execute();
    await db.deleteFrom('accessanalyzer_analyzed_resources').where('analyzer_arn', '=', analyzerArn).execute();
    await db.deleteFrom('accessanalyzer_recommendations').where('analyzer_arn', '=', analyzerArn).execute();
    await db.deleteFrom('accessanalyzer_access_previews').where('analyzer_arn', '=', analyzerArn).execute();
    await db.deleteFrom('accessanalyzer_analysis_versions').where('analyzer_arn', '=', analyzerArn).execute();
  }

  /** The analyzer's findings of a resource, brought up to date (what an access preview compares with). */
  async ofResource(analyzer: Analyzer, resourceArn: string): Promise<FindingRow[]> {
    await this.refresh(analyzer);
    return tables(this.store).selectFrom('accessanalyzer_findings').selectAll().where('analyzer_arn', '=', analyzer.arn).where('resource', '=', resourceArn).execute();
  }
}

function toFinding(row: FindingRow): Finding {
  const access = (JSON.parse(row.details) as { externalAccessDetails: ExternalAccess }).externalAccessDetails;
  return {
    id: row.id,
    resource: row.resource,
    resourceType: row.resource_type as ResourceType,
    resourceOwnerAccount: row.resource_owner_account,
    status: row.status as FindingStatus,
    principal: access.principal,
    action: access.action,
    condition: access.condition,
    isPublic: access.isPublic,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    analyzedAt: new Date(row.analyzed_at),
  };
}

function toSummaryV2(row: FindingRow): FindingSummaryV2 {
  return {
    id: row.id,
    findingType: row.finding_type as FindingType,
    resource: row.resource,
    resourceType: row.resource_type as ResourceType,
    resourceOwnerAccount: row.resource_owner_account,
    status: row.status as FindingStatus,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    analyzedAt: new Date(row.analyzed_at),
  };
}
