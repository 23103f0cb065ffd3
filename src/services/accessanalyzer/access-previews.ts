// Access previews: what the external-access findings of a role would be with a proposed trust policy
// (CreateAccessPreview's iamRole configuration), compared with the analyzer's findings of the role now:
// an access the role already grants is UNCHANGED (the existing finding's id and status), one it would newly
// grant NEW (ACTIVE, or ARCHIVED when an archive rule matches it), one it would no longer grant CHANGED
// (RESOLVED). The preview is worked out within the call, so it is COMPLETED when it can be read (FAILED,
// INVALID_CONFIGURATION, for a trust policy that is not JSON).
import { randomUUID } from 'node:crypto';
import type { AccessPreview, AccessPreviewFinding, AccessPreviewSummary, Configuration, Criterion, FindingStatus } from '../../aws/generated/accessanalyzer.js';
import type { Store } from '../../store/database.js';
import { offsetPage } from '../kit/paging.js';
import { isExternalAccess, type Analyzer } from './analyzers.js';
import { checkFilter, matchesFilter, type Attributes } from './criteria.js';
import { invalid, invalidToken, notFound } from './errors.js';
import { externalAccesses, type ExternalAccess } from './external-access.js';
import { digest, type Findings, type RuleFilters } from './findings.js';
import { tables, txTables } from './tables.js';

/** A preview finding as stored (dates as ISO text). */
interface PreviewFinding extends ExternalAccess {
  id: string;
  resource: string;
  changeType: 'NEW' | 'UNCHANGED' | 'CHANGED';
  status: FindingStatus;
  existingFindingId?: string;
  existingFindingStatus?: FindingStatus;
  createdAt: string;
}

const toWire = (f: PreviewFinding, owner: string): AccessPreviewFinding => ({
  id: f.id,
  resource: f.resource,
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: owner,
  changeType: f.changeType,
  status: f.status,
  principal: f.principal,
  action: f.action,
  condition: f.condition,
  isPublic: f.isPublic,
  createdAt: new Date(f.createdAt),
  ...(f.existingFindingId ? { existingFindingId: f.existingFindingId, existingFindingStatus: f.existingFindingStatus } : {}),
});

function previewAttributes(f: PreviewFinding): Attributes {
  const attributes: Attributes = {
    id: [f.id],
    status: [f.status],
    resource: [f.resource],
    resourceType: ['AWS::IAM::Role'],
    isPublic: [String(f.isPublic)],
    action: f.action,
    createdAt: [f.createdAt],
    ...(f.existingFindingId ? { existingFindingId: [f.existingFindingId], existingFindingStatus: [f.existingFindingStatus!] } : {}),
    changeType: [f.changeType],
  };
  for (const [type, value] of Object.entries(f.principal)) attributes[`principal.${type}`] = [value];
  for (const [key, value] of Object.entries(f.condition)) attributes[`condition.${key}`] = [value];
  return attributes;
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]+$/;

export class AccessPreviews {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly findings: Findings,
    private readonly ruleFilters: RuleFilters,
  ) {}

  async create(analyzer: Analyzer, configurations: Record<string, Configuration>): Promise<string> {
    if (!isExternalAccess(analyzer.type)) throw invalid(`Access previews are for analyzers of external access (type ACCOUNT), not ${analyzer.type}.`, 'analyzerArn');
    const entries = Object.entries(configurations);
    if (entries.length === 0) throw invalid('configurations must name at least one resource.', 'configurations');
    for (const [arn, configuration] of entries) {
      const kinds = Object.keys(configuration).filter((k) => configuration[k as keyof Configuration] !== undefined);
      if (kinds.length !== 1 || kinds[0] !== 'iamRole') throw invalid(`The configuration of ${arn} is not one linkedrole can preview: only iamRole (a role's trust policy) is supported.`, `configurations.${arn}`);
      const m = ROLE_ARN.exec(arn);
      if (!m) throw invalid(`${arn} is not the ARN of an IAM role.`, `configurations.${arn}`);
      if (m[1] !== analyzer.scope.accountId) throw invalid(`${arn} is not a role of the analyzer's account ${analyzer.scope.accountId}.`, `configurations.${arn}`);
    }
    const now = this.clock().toISOString();
    const owner = analyzer.scope.accountId;
    const previewFindings: PreviewFinding[] = [];
    let failed = false;
    for (const [arn, configuration] of entries) {
      const policy = configuration.iamRole?.trustPolicy;
      if (policy !== undefined) {
        try {
          JSON.parse(policy);
        } catch {
          failed = true;
          break;
        }
      }
      const existing = (await this.findings.ofResource(analyzer, arn)).filter((f) => f.status !== 'RESOLVED');
      const byKey = new Map(existing.map((f) => [f.finding_key, f]));
      const filters = await this.store.transaction((tx) => this.ruleFilters(txTables(tx), analyzer.arn));
      for (const access of policy === undefined ? [] : externalAccesses(policy, owner)) {
        const key = `${arn}|${digest([access.principal, access.action, access.condition])}`;
        const found = byKey.get(key);
        byKey.delete(key);
        const base = { ...access, id: randomUUID(), resource: arn, createdAt: now };
        if (found) {
          previewFindings.push({ ...base, changeType: 'UNCHANGED', status: found.status as FindingStatus, existingFindingId: found.id, existingFindingStatus: found.status as FindingStatus });
          continue;
        }
        const draft: PreviewFinding = { ...base, changeType: 'NEW', status: 'ACTIVE' };
        const archived = filters.some((filter) => matchesFilter(previewAttributes(draft), filter));
        previewFindings.push({ ...draft, status: archived ? 'ARCHIVED' : 'ACTIVE' });
      }
      for (const gone of byKey.values()) {
        const access = (JSON.parse(gone.details) as { externalAccessDetails: ExternalAccess }).externalAccessDetails;
        previewFindings.push({ ...access, id: randomUUID(), resource: arn, createdAt: now, changeType: 'CHANGED', status: 'RESOLVED', existingFindingId: gone.id, existingFindingStatus: gone.status as FindingStatus });
      }
    }
    const id = randomUUID();
    await tables(this.store)
      .insertInto('accessanalyzer_access_previews')
      .values({
        id,
        analyzer_arn: analyzer.arn,
        configurations: JSON.stringify(configurations),
        status: failed ? 'FAILED' : 'COMPLETED',
        status_reason: failed ? 'INVALID_CONFIGURATION' : null,
        findings: JSON.stringify(failed ? [] : previewFindings),
        created_at: now,
      })
      .execute();
    return id;
  }

  private async row(analyzer: Analyzer, id: string) {
    const row = await tables(this.store).selectFrom('accessanalyzer_access_previews').selectAll().where('analyzer_arn', '=', analyzer.arn).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('AccessPreview', id);
    return row;
  }

  async get(analyzer: Analyzer, id: string): Promise<AccessPreview> {
    const row = await this.row(analyzer, id);
    return {
      id: row.id,
      analyzerArn: row.analyzer_arn,
      configurations: JSON.parse(row.configurations) as Record<string, Configuration>,
      createdAt: new Date(row.created_at),
      status: row.status as AccessPreview['status'],
      ...(row.status_reason ? { statusReason: { code: row.status_reason as 'INVALID_CONFIGURATION' } } : {}),
    };
  }

  async list(analyzer: Analyzer, maxResults: number | undefined, nextToken: string | undefined): Promise<{ accessPreviews: AccessPreviewSummary[]; nextToken?: string }> {
    const rows = await tables(this.store).selectFrom('accessanalyzer_access_previews').selectAll().where('analyzer_arn', '=', analyzer.arn).orderBy('created_at').orderBy('id').execute();
    const page = offsetPage(rows, maxResults, nextToken, 100, invalidToken);
    return {
      accessPreviews: page.items.map((row) => ({
        id: row.id,
        analyzerArn: row.analyzer_arn,
        createdAt: new Date(row.created_at),
        status: row.status as AccessPreview['status'],
        ...(row.status_reason ? { statusReason: { code: row.status_reason as 'INVALID_CONFIGURATION' } } : {}),
      })),
      nextToken: page.nextToken,
    };
  }

  async findingsOf(analyzer: Analyzer, id: string, input: { filter?: Record<string, Criterion>; maxResults?: number; nextToken?: string }): Promise<{ findings: AccessPreviewFinding[]; nextToken?: string }> {
    checkFilter(input.filter);
    const row = await this.row(analyzer, id);
    const all = (JSON.parse(row.findings) as PreviewFinding[]).filter((f) => matchesFilter(previewAttributes(f), input.filter));
    const page = offsetPage(all, input.maxResults, input.nextToken, 100, invalidToken);
    return { findings: page.items.map((f) => toWire(f, analyzer.scope.accountId)), nextToken: page.nextToken };
  }
}
