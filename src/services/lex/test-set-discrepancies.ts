// Lex V2 test set discrepancy reports (the Test Workbench's "Validate discrepancy"): the intents a test set
// expects that the target bot alias's version lacks in the locale, and, for the intents it has, the expected
// slots the intent lacks. The report is computed when it is created; it is InProgress for the transition time,
// then Completed (or Failed when the alias points to no version with that locale, with the reason).
import type { Kysely } from 'kysely';
import type {
  CreateTestSetDiscrepancyReportRequest,
  CreateTestSetDiscrepancyReportResponse,
  DescribeTestSetDiscrepancyReportResponse,
  TestSetDiscrepancyErrors,
  TestSetDiscrepancyReportResourceTarget,
} from '../../aws/generated/lexv2-models.js';
import type { LexTestSetDiscrepancyReportRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { invalid, notFound, parseJson, type LexContext } from './context.js';
import { lexId } from './ids.js';
import type { LexModels } from './models.js';
import { effectiveStatus, transition } from './status.js';
import type { TestSets } from './test-sets.js';

type Status = LexTestSetDiscrepancyReportRow['status'];

export class TestSetDiscrepancies {
  constructor(
    private readonly ctx: LexContext,
    private readonly testSets: TestSets,
    private readonly models: LexModels,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findReport(scope: Scope, reportId: string): Promise<LexTestSetDiscrepancyReportRow | undefined> {
    return this.db
      .selectFrom('lex_test_set_discrepancy_reports')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .executeTakeFirst();
  }

  async createReport(scope: Scope, input: CreateTestSetDiscrepancyReportRequest): Promise<CreateTestSetDiscrepancyReportResponse> {
    const testSet = await this.testSets.testSet(scope, input.testSetId);
    const target = input.target.botAliasTarget;
    if (!target) throw invalid('The target must name a botAliasTarget (botId, botAliasId, localeId).');
    await this.models.bots.bot(scope, target.botId);
    const alias = await this.models.aliases.findAlias(target.botId, target.botAliasId);
    if (!alias) throw notFound(`Bot alias ${target.botAliasId} of bot ${target.botId} does not exist.`);
    const { failureReasons, topErrors } = await this.compare(testSet.test_set_id, target.botId, alias.bot_version, target.localeId);
    const reportId = lexId();
    const now = this.ctx.clock();
    const row: LexTestSetDiscrepancyReportRow = {
      report_id: reportId,
      account_id: scope.accountId,
      region: scope.region,
      test_set_id: testSet.test_set_id,
      target: JSON.stringify(input.target),
      ...transition<Status>('InProgress', failureReasons.length > 0 ? 'Failed' : 'Completed', now, this.ctx.transitionMs),
      failure_reasons: JSON.stringify(failureReasons),
      top_errors: JSON.stringify(topErrors),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_test_set_discrepancy_reports').values(row).execute());
    return { testSetDiscrepancyReportId: reportId, creationDateTime: now, testSetId: testSet.test_set_id, target: input.target };
  }

  /** The test set's expected intents and slots against the locale of the alias's version. */
  private async compare(testSetId: string, botId: string, botVersion: string | null, localeId: string): Promise<{ failureReasons: string[]; topErrors: TestSetDiscrepancyErrors }> {
    const topErrors: TestSetDiscrepancyErrors = { intentDiscrepancies: [], slotDiscrepancies: [] };
    if (!botVersion) return { failureReasons: [`The bot alias does not point to a version of bot ${botId}.`], topErrors };
    if (!(await this.models.locales.findLocale(botId, botVersion, localeId))) return { failureReasons: [`Locale ${localeId} is not in version ${botVersion} of bot ${botId}.`], topErrors };
    const intents = await this.models.localeIntents.intents(botId, botVersion, localeId);
    const byName = new Map(intents.map((i) => [i.intent_name, i]));
    const expected = new Map<string, Set<string>>();
    for (const record of await this.testSets.records(testSetId)) {
      const intent = record.turnSpecification.userTurn?.expected.intent;
      if (!intent) continue;
      const slots = expected.get(intent.name) ?? new Set<string>();
      for (const slot of Object.keys(intent.slots ?? {})) slots.add(slot);
      expected.set(intent.name, slots);
    }
    for (const [intentName, slotNames] of [...expected.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const intent = byName.get(intentName);
      if (!intent) {
        topErrors.intentDiscrepancies.push({ intentName, errorMessage: `The intent ${intentName} is not in locale ${localeId} of bot ${botId} version ${botVersion}.` });
        continue;
      }
      const has = new Set((await this.models.slots.slots({ botId, botVersion, localeId, intentId: intent.intent_id })).map((s) => s.slot_name));
      for (const slotName of [...slotNames].sort()) {
        if (!has.has(slotName)) topErrors.slotDiscrepancies.push({ intentName, slotName, errorMessage: `The intent ${intentName} has no slot ${slotName}.` });
      }
    }
    return { failureReasons: [], topErrors };
  }

  async describeReport(scope: Scope, reportId: string): Promise<DescribeTestSetDiscrepancyReportResponse> {
    const row = await this.findReport(scope, reportId);
    if (!row) throw notFound(`The test set discrepancy report ${reportId} does not exist.`);
    const status = effectiveStatus(row, this.ctx.clock());
    const updated = status !== row.status && row.status_until ? row.status_until : row.updated_at;
    return {
      testSetDiscrepancyReportId: row.report_id,
      testSetId: row.test_set_id,
      creationDateTime: new Date(row.created_at),
      target: parseJson<TestSetDiscrepancyReportResourceTarget>(row.target, {}),
      testSetDiscrepancyReportStatus: status,
      lastUpdatedDataTime: new Date(updated),
      ...(status === 'Completed' ? { testSetDiscrepancyTopErrors: parseJson<TestSetDiscrepancyErrors>(row.top_errors, { intentDiscrepancies: [], slotDiscrepancies: [] }) } : {}),
      failureReasons: status === 'Failed' ? parseJson<string[]>(row.failure_reasons, []) : [],
    };
  }

  /** The test set a report is of (for authorization). */
  async testSetOf(scope: Scope, reportId: string): Promise<string | undefined> {
    return (await this.findReport(scope, reportId))?.test_set_id;
  }
}
