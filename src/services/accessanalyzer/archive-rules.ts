// Archive rules: per analyzer, a named filter (criteria.ts). A new finding that a rule matches is archived
// when it is made (findings.ts reads the filters in its refresh); ApplyArchiveRule archives the analyzer's
// active findings that match; creating, changing or deleting a rule changes no finding already made, as in
// AWS. The analysis catches up before a rule changes, so that a rule applies to the findings made after it
// and to none made before.
import type { ArchiveRuleSummary, Criterion, InlineArchiveRule } from '../../aws/generated/accessanalyzer.js';
import { errors } from '../../aws/generated/accessanalyzer.js';
import type { Store } from '../../store/database.js';
import { isUniqueViolation } from '../iam/roles.js';
import { offsetPage } from '../kit/paging.js';
import type { Analyzer } from './analyzers.js';
import { checkFilter } from './criteria.js';
import { conflict, invalidToken, notFound } from './errors.js';
import type { Findings } from './findings.js';
import { tables, txTables, type AnalyzerTx, type ArchiveRuleRow } from './tables.js';

/** Archive rules an analyzer may have (AWS's quota). */
export const MAX_RULES = 100;

/** arn:aws:access-analyzer:REGION:ACCOUNT:analyzer/NAME/archive-rule/RULE (the Service Authorization Reference's ArchiveRule). */
export const archiveRuleArn = (analyzerArn: string, ruleName: string): string => `${analyzerArn}/archive-rule/${ruleName}`;

const toSummary = (row: ArchiveRuleRow): ArchiveRuleSummary => ({
  ruleName: row.rule_name,
  filter: JSON.parse(row.filter) as Record<string, Criterion>,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export class ArchiveRules {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly findings: Findings,
  ) {}

  /** Writes rules of an analyzer in `db` (CreateAnalyzer's inline rules, CreateArchiveRule). */
  async insert(db: AnalyzerTx, analyzerArn: string, rules: InlineArchiveRule[]): Promise<void> {
    const existing = await db.selectFrom('accessanalyzer_archive_rules').select('rule_name').where('analyzer_arn', '=', analyzerArn).execute();
    if (existing.length + rules.length > MAX_RULES) throw errors.ServiceQuotaExceededException(`An analyzer can have at most ${MAX_RULES} archive rules.`, { resourceId: analyzerArn, resourceType: 'ArchiveRule' });
    const now = this.clock().toISOString();
    const names = new Set(existing.map((r) => r.rule_name));
    for (const rule of rules) {
      checkFilter(rule.filter);
      if (names.has(rule.ruleName)) throw conflict('ArchiveRule', rule.ruleName, `Archive rule ${rule.ruleName} already exists.`);
      names.add(rule.ruleName);
      await db.insertInto('accessanalyzer_archive_rules').values({ analyzer_arn: analyzerArn, rule_name: rule.ruleName, filter: JSON.stringify(rule.filter), created_at: now, updated_at: now }).execute();
    }
  }

  async create(analyzer: Analyzer, rule: InlineArchiveRule): Promise<void> {
    await this.findings.refresh(analyzer);
    try {
      await this.store.transaction((tx) => this.insert(txTables(tx), analyzer.arn, [rule]));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('ArchiveRule', rule.ruleName, `Archive rule ${rule.ruleName} already exists.`);
      throw error;
    }
  }

  private async row(analyzer: Analyzer, ruleName: string): Promise<ArchiveRuleRow> {
    const row = await tables(this.store).selectFrom('accessanalyzer_archive_rules').selectAll().where('analyzer_arn', '=', analyzer.arn).where('rule_name', '=', ruleName).executeTakeFirst();
    if (!row) throw notFound('ArchiveRule', ruleName);
    return row;
  }

  async get(analyzer: Analyzer, ruleName: string): Promise<ArchiveRuleSummary> {
    return toSummary(await this.row(analyzer, ruleName));
  }

  async list(analyzer: Analyzer, maxResults: number | undefined, nextToken: string | undefined): Promise<{ archiveRules: ArchiveRuleSummary[]; nextToken?: string }> {
    const rows = await tables(this.store).selectFrom('accessanalyzer_archive_rules').selectAll().where('analyzer_arn', '=', analyzer.arn).orderBy('rule_name').execute();
    const page = offsetPage(rows, maxResults, nextToken, 100, invalidToken);
    return { archiveRules: page.items.map(toSummary), nextToken: page.nextToken };
  }

  async update(analyzer: Analyzer, ruleName: string, filter: Record<string, Criterion>): Promise<void> {
    checkFilter(filter);
    await this.findings.refresh(analyzer);
    await this.row(analyzer, ruleName);
    await tables(this.store)
      .updateTable('accessanalyzer_archive_rules')
      .set({ filter: JSON.stringify(filter), updated_at: this.clock().toISOString() })
      .where('analyzer_arn', '=', analyzer.arn)
      .where('rule_name', '=', ruleName)
      .execute();
  }

  async delete(analyzer: Analyzer, ruleName: string): Promise<void> {
    await this.findings.refresh(analyzer);
    await this.row(analyzer, ruleName);
    await tables(this.store).deleteFrom('accessanalyzer_archive_rules').where('analyzer_arn', '=', analyzer.arn).where('rule_name', '=', ruleName).execute();
  }

  async apply(analyzer: Analyzer, ruleName: string): Promise<void> {
    const row = await this.row(analyzer, ruleName);
    await this.findings.archiveMatching(analyzer, JSON.parse(row.filter) as Record<string, Criterion>);
  }

  /** The filters of the analyzer's rules (what archives a new finding). */
  static async filters(db: AnalyzerTx, analyzerArn: string): Promise<Record<string, Criterion>[]> {
    const rows = await db.selectFrom('accessanalyzer_archive_rules').select('filter').where('analyzer_arn', '=', analyzerArn).execute();
    return rows.map((r) => JSON.parse(r.filter) as Record<string, Criterion>);
  }

  static async removeAll(db: AnalyzerTx, analyzerArn: string): Promise<void> {
    await db.deleteFrom('accessanalyzer_archive_rules').where('analyzer_arn', '=', analyzerArn).execute();
  }
}
