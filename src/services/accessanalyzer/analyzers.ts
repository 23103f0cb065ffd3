// Analyzers: one per name in an account and region, of the types an account outside any organization can
// have (ACCOUNT: external access to the account's roles; ACCOUNT_UNUSED_ACCESS: unused roles, keys,
// passwords and permissions; ACCOUNT_INTERNAL_ACCESS), their configuration and tags; what they are to the
// service-linked role AWSServiceRoleForAccessAnalyzer (its usage, for IAM's deletion tasks).
import type { AnalyzerConfiguration, AnalyzerSummary, InlineArchiveRule, Type } from '../../aws/generated/accessanalyzer.js';
import { errors } from '../../aws/generated/accessanalyzer.js';
import type { Store } from '../../store/database.js';
import { isUniqueViolation } from '../iam/roles.js';
import { usageByRegion, type LinkedService, type RoleUsage } from '../iam/linked-services.js';
import { offsetPage } from '../kit/paging.js';
import { resourceDoesNotExist } from '../kit/refusals.js';
import { resourceInScope, scopedArn, type Scope } from '../kit/scope.js';
import { checkFilter } from './criteria.js';
import { conflict, invalid, invalidToken, notFound } from './errors.js';
import { tables, txTables, type AnalyzerDb, type AnalyzerRow, type AnalyzerTx } from './tables.js';

export const SERVICE_PRINCIPAL = 'access-analyzer.amazonaws.com';
export const ROLE_NAME = 'AWSServiceRoleForAccessAnalyzer';

/** The unused-access tracking period AWS applies when none is given, and the range it accepts (days). */
export const UNUSED_ACCESS_AGE = { default: 90, min: 1, max: 365 } as const;
/** Tags an analyzer may carry. */
const MAX_TAGS = 50;

export type TagMap = Record<string, string>;

export const analyzerArn = (scope: Scope, name: string): string => scopedArn('access-analyzer', scope, `analyzer/${name}`);

/** The kinds of analysis, by type. */
export const isExternalAccess = (type: string): boolean => type === 'ACCOUNT' || type === 'ORGANIZATION';
export const isUnusedAccess = (type: string): boolean => type === 'ACCOUNT_UNUSED_ACCESS' || type === 'ORGANIZATION_UNUSED_ACCESS';

/** An analyzer as the other parts read it. */
export interface Analyzer {
  scope: Scope;
  name: string;
  arn: string;
  type: Type;
  configuration?: AnalyzerConfiguration;
  tags: TagMap;
  createdAt: Date;
}

const fromRow = (row: AnalyzerRow): Analyzer => ({
  scope: { accountId: row.account_id, region: row.region },
  name: row.name,
  arn: row.arn,
  type: row.type as Type,
  configuration: row.configuration === null ? undefined : (JSON.parse(row.configuration) as AnalyzerConfiguration),
  tags: JSON.parse(row.tags) as TagMap,
  createdAt: new Date(row.created_at),
});

/** The configuration a type keeps: unused access its tracking period (90 days unless given); the others none, or the one given. */
function configurationFor(type: Type, given: AnalyzerConfiguration | undefined): AnalyzerConfiguration | undefined {
  if (isUnusedAccess(type)) {
    if (given?.internalAccess) throw invalid('internalAccess configuration is only valid for analyzers of internal access.', 'configuration');
    const age = given?.unusedAccess?.unusedAccessAge ?? UNUSED_ACCESS_AGE.default;
    if (!Number.isInteger(age) || age < UNUSED_ACCESS_AGE.min || age > UNUSED_ACCESS_AGE.max) {
      throw invalid(`unusedAccessAge must be between ${UNUSED_ACCESS_AGE.min} and ${UNUSED_ACCESS_AGE.max} days.`, 'configuration.unusedAccess.unusedAccessAge');
    }
    return { unusedAccess: { ...given?.unusedAccess, unusedAccessAge: age } };
  }
  if (type === 'ACCOUNT_INTERNAL_ACCESS' || type === 'ORGANIZATION_INTERNAL_ACCESS') {
    if (given?.unusedAccess) throw invalid('unusedAccess configuration is only valid for analyzers of unused access.', 'configuration');
    return given?.internalAccess ? { internalAccess: given.internalAccess } : undefined;
  }
  if (given && (given.unusedAccess || given.internalAccess)) throw invalid(`Analyzers of type ${type} take no configuration.`, 'configuration');
  return undefined;
}

export interface CreateAnalyzerInput {
  analyzerName: string;
  type: Type;
  configuration?: AnalyzerConfiguration;
  tags?: TagMap;
  archiveRules?: InlineArchiveRule[];
}

export class Analyzers implements LinkedService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** Makes AWSServiceRoleForAccessAnalyzer when the account has none (the first analyzer does). */
    private readonly ensureServiceLinkedRole: (accountId: string) => Promise<void>,
    /** Writes the inline archive rules of a new analyzer, in its transaction. */
    private readonly createRules: (tx: AnalyzerTx, analyzerArn: string, rules: InlineArchiveRule[]) => Promise<void>,
    /** Removes what belongs to an analyzer (findings, rules, analyzed resources), in its transaction. */
    private readonly removeContents: (tx: AnalyzerTx, analyzerArn: string) => Promise<void>,
  ) {}

  async create(scope: Scope, input: CreateAnalyzerInput): Promise<Analyzer> {
    if (input.type === 'ORGANIZATION' || input.type === 'ORGANIZATION_UNUSED_ACCESS' || input.type === 'ORGANIZATION_INTERNAL_ACCESS') {
      // linkedrole's accounts belong to no organization, so none can have the organization as its zone of trust.
      throw invalid('Service not enabled for AWS Organizations', 'type');
    }
    const configuration = configurationFor(input.type, input.configuration);
    const tags = input.tags ?? {};
    if (Object.keys(tags).length > MAX_TAGS) throw invalid(`An analyzer can have at most ${MAX_TAGS} tags.`, 'tags');
    // The inline rules are checked before anything is made (the service-linked role included).
    const ruleNames = new Set<string>();
    for (const rule of input.archiveRules ?? []) {
      checkFilter(rule.filter, `archiveRules.${rule.ruleName}.filter`);
      if (ruleNames.has(rule.ruleName)) throw conflict('ArchiveRule', rule.ruleName, `Archive rule ${rule.ruleName} already exists.`);
      ruleNames.add(rule.ruleName);
    }
    const arn = analyzerArn(scope, input.analyzerName);
    await this.ensureServiceLinkedRole(scope.accountId);
    const now = this.clock().toISOString();
    const row: AnalyzerRow = {
      account_id: scope.accountId,
      region: scope.region,
      name: input.analyzerName,
      arn,
      type: input.type,
      configuration: configuration ? JSON.stringify(configuration) : null,
      tags: JSON.stringify(tags),
      status: 'ACTIVE',
      created_at: now,
      last_resource_analyzed: null,
      last_resource_analyzed_at: null,
    };
    const taken = () => conflict('Analyzer', input.analyzerName, `Analyzer ${input.analyzerName} already exists.`);
    if (await this.find(scope, input.analyzerName)) throw taken();
    try {
      await this.store.transaction(async (tx) => {
        const db = txTables(tx);
        if (input.type === 'ACCOUNT') {
          // AWS lets an account outside an organization have one analyzer with the account as its zone of trust.
          const other = await db.selectFrom('accessanalyzer_analyzers').select('name').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('type', '=', 'ACCOUNT').executeTakeFirst();
          if (other) throw errors.ServiceQuotaExceededException(`The account already has an analyzer with the account as its zone of trust in ${scope.region} (${other.name}): only one is allowed.`, { resourceId: other.name, resourceType: 'Analyzer' });
        }
        await db.insertInto('accessanalyzer_analyzers').values(row).execute();
        await this.createRules(db, arn, input.archiveRules ?? []);
      });
    } catch (error) {
      // Another request made an analyzer of that name between our read and our write.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    return fromRow(row);
  }

  async find(scope: Scope, name: string, db: AnalyzerDb | AnalyzerTx = tables(this.store)): Promise<Analyzer | undefined> {
    const row = await db.selectFrom('accessanalyzer_analyzers').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('name', '=', name).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async get(scope: Scope, name: string): Promise<Analyzer> {
    const analyzer = await this.find(scope, name);
    if (!analyzer) throw notFound('Analyzer', name);
    return analyzer;
  }

  /** The analyzer an ARN names in the scope (ResourceNotFound for any other). */
  async byArn(scope: Scope, arn: string): Promise<Analyzer> {
    const name = analyzerNameOf(scope, arn);
    const analyzer = name === undefined ? undefined : await this.find(scope, name);
    if (!analyzer) throw notFound('Analyzer', arn);
    return analyzer;
  }

  /** The analyzer's tags for aws:ResourceTag, or none when it does not exist (then the call fails after authorization). */
  async tagsOf(scope: Scope, name: string | undefined): Promise<TagMap> {
    return name === undefined ? {} : ((await this.find(scope, name))?.tags ?? {});
  }

  async summary(analyzer: Analyzer): Promise<AnalyzerSummary> {
    const row = await tables(this.store).selectFrom('accessanalyzer_analyzers').selectAll().where('arn', '=', analyzer.arn).executeTakeFirst();
    if (!row) throw notFound('Analyzer', analyzer.name);
    return toSummary(row);
  }

  async list(scope: Scope, input: { type?: Type; maxResults?: number; nextToken?: string }): Promise<{ analyzers: AnalyzerSummary[]; nextToken?: string }> {
    let query = tables(this.store).selectFrom('accessanalyzer_analyzers').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region);
    if (input.type !== undefined) query = query.where('type', '=', input.type);
    const rows = await query.orderBy('name').execute();
    const page = offsetPage(rows, input.maxResults, input.nextToken, 100, invalidToken);
    return { analyzers: page.items.map(toSummary), nextToken: page.nextToken };
  }

  async update(scope: Scope, name: string, configuration: AnalyzerConfiguration | undefined): Promise<AnalyzerConfiguration | undefined> {
    const analyzer = await this.get(scope, name);
    if (isExternalAccess(analyzer.type)) throw invalid(`Analyzers of type ${analyzer.type} have no configuration to update.`, 'configuration');
    const next = configurationFor(analyzer.type, configuration);
    await tables(this.store)
      .updateTable('accessanalyzer_analyzers')
      .set({ configuration: next ? JSON.stringify(next) : null })
      .where('arn', '=', analyzer.arn)
      .execute();
    return next;
  }

  async delete(scope: Scope, name: string): Promise<void> {
    const analyzer = await this.get(scope, name);
    await this.store.transaction(async (tx) => {
      const db = txTables(tx);
      await this.removeContents(db, analyzer.arn);
      await db.deleteFrom('accessanalyzer_analyzers').where('arn', '=', analyzer.arn).execute();
    });
  }

  /** Records which resource the analyzer looked at last (lastResourceAnalyzed, lastResourceAnalyzedAt). */
  async analyzed(db: AnalyzerTx, analyzerArn: string, resourceArn: string, at: Date): Promise<void> {
    await db.updateTable('accessanalyzer_analyzers').set({ last_resource_analyzed: resourceArn, last_resource_analyzed_at: at.toISOString() }).where('arn', '=', analyzerArn).execute();
  }

  // --- tags (only analyzers are taggable) -----------------------------------------------------------

  private async taggable(scope: Scope, arn: string, db: AnalyzerDb | AnalyzerTx = tables(this.store)): Promise<Analyzer> {
    const name = analyzerNameOf(scope, arn);
    const analyzer = name === undefined ? undefined : await this.find(scope, name, db);
    if (!analyzer) throw errors.ResourceNotFoundException(resourceDoesNotExist(arn), { resourceId: arn, resourceType: 'Analyzer' });
    return analyzer;
  }

  async listTags(scope: Scope, arn: string): Promise<TagMap> {
    return (await this.taggable(scope, arn)).tags;
  }

  async tag(scope: Scope, arn: string, tags: TagMap): Promise<void> {
    await this.store.transaction(async (tx) => {
      const analyzer = await this.taggable(scope, arn, txTables(tx));
      const merged = { ...analyzer.tags, ...tags };
      if (Object.keys(merged).length > MAX_TAGS) throw invalid(`An analyzer can have at most ${MAX_TAGS} tags.`, 'tags');
      await txTables(tx).updateTable('accessanalyzer_analyzers').set({ tags: JSON.stringify(merged) }).where('arn', '=', analyzer.arn).execute();
    });
  }

  async untag(scope: Scope, arn: string, keys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const analyzer = await this.taggable(scope, arn, txTables(tx));
      const remaining = { ...analyzer.tags };
      for (const key of keys) delete remaining[key];
      await txTables(tx).updateTable('accessanalyzer_analyzers').set({ tags: JSON.stringify(remaining) }).where('arn', '=', analyzer.arn).execute();
    });
  }

  /** What keeps AWSServiceRoleForAccessAnalyzer in use: every analyzer of the account, in any region. */
  async roleUsage(accountId: string, roleName: string): Promise<RoleUsage> {
    if (roleName !== ROLE_NAME) return { inUseNow: false, usage: [] };
    const rows = await tables(this.store).selectFrom('accessanalyzer_analyzers').select(['region', 'arn']).where('account_id', '=', accountId).execute();
    return { inUseNow: false, usage: usageByRegion(rows.map((r) => ({ region: r.region, arn: r.arn }))) };
  }
}

/** The analyzer name an ARN of the scope names (undefined for anything else). */
export function analyzerNameOf(scope: Scope, arn: string): string | undefined {
  const resource = resourceInScope(arn, 'access-analyzer', scope);
  const m = resource === undefined ? null : /^analyzer\/([^/]+)$/.exec(resource);
  return m ? m[1] : undefined;
}

function toSummary(row: AnalyzerRow): AnalyzerSummary {
  const tags = JSON.parse(row.tags) as TagMap;
  return {
    arn: row.arn,
    name: row.name,
    type: row.type as Type,
    status: row.status as AnalyzerSummary['status'],
    createdAt: new Date(row.created_at),
    tags,
    ...(row.configuration !== null ? { configuration: JSON.parse(row.configuration) as AnalyzerConfiguration } : {}),
    ...(row.last_resource_analyzed !== null ? { lastResourceAnalyzed: row.last_resource_analyzed } : {}),
    ...(row.last_resource_analyzed_at !== null ? { lastResourceAnalyzedAt: new Date(row.last_resource_analyzed_at) } : {}),
  };
}
