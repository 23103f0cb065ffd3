// Lex V2's bot analyzer: StartBotAnalyzer reads a built DRAFT locale of an English locale (AWS's
// prerequisites) and runs the checks of analysis.ts on it at once; the run is Processing for the
// transition time, then Available with its findings. StopBotAnalyzer stops a Processing run (Stopping,
// then Stopped, its findings dropped). Runs are kept per bot until deleted (DeleteBotAnalyzerRecommendation)
// or until the locale or bot goes.
import { randomUUID } from 'node:crypto';
import type {
  BotAnalyzerRecommendation,
  DescribeBotAnalyzerRecommendationRequest,
  DescribeBotAnalyzerRecommendationResponse,
  ListBotAnalyzerHistoryRequest,
  ListBotAnalyzerHistoryResponse,
  StartBotAnalyzerRequest,
  StartBotAnalyzerResponse,
  StopBotAnalyzerResponse,
} from '../../aws/generated/lexv2-models.js';
import type { LexBotAnalysisRow } from '../../store/schema.js';
import { offsetPage } from '../kit/paging.js';
import type { Scope } from '../kit/scope.js';
import { analyzeLocale } from './analysis.js';
import { conflict, invalid, notFound, page, parseJson, type LexContext } from './context.js';
import { DRAFT } from './ids.js';
import { readLocaleDefinition } from './locale-definition.js';
import { effectiveStatus, transition } from './status.js';
import type { BotLocaleLookup, BotLookup } from './types.js';

/** The locales AWS's Bot Analyzer supports (Lex V2 Developer Guide, Bot Analyzer prerequisites). */
export const ANALYZER_LOCALES = ['en_AU', 'en_GB', 'en_IN', 'en_US', 'en_ZA'];
/** DescribeBotAnalyzerRecommendation's default page size (API reference: "The default is 5"). */
const RECOMMENDATIONS_PAGE = 5;

export class BotAnalyzer {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  private async run(scope: Scope, botId: string, requestId: string): Promise<LexBotAnalysisRow> {
    await this.bots.bot(scope, botId);
    const row = await this.db.selectFrom('lex_bot_analyses').selectAll().where('request_id', '=', requestId).where('bot_id', '=', botId).executeTakeFirst();
    if (!row) throw notFound(`The bot analyzer request ${requestId} does not exist for bot ${botId}.`);
    return row;
  }

  async start(scope: Scope, input: StartBotAnalyzerRequest): Promise<StartBotAnalyzerResponse> {
    const botVersion = input.botVersion ?? DRAFT;
    if (input.localeId === undefined) throw invalid('localeId is required when analysisScope is BotLocale.');
    const localeId = input.localeId;
    const locale = await this.locales.locale(scope, input.botId, botVersion, localeId);
    if (!ANALYZER_LOCALES.includes(localeId)) {
      throw invalid(`The bot analyzer does not support the locale ${localeId}. It supports ${ANALYZER_LOCALES.join(', ')}.`);
    }
    const now = this.ctx.clock();
    const localeStatus = effectiveStatus(locale, now);
    if (localeStatus !== 'Built') throw invalid(`The bot locale ${localeId} must be built before it is analyzed; it is ${localeStatus}.`);
    const recommendations = analyzeLocale(await readLocaleDefinition(this.db, input.botId, botVersion, localeId));
    const requestId = randomUUID();
    const status = transition<LexBotAnalysisRow['status']>('Processing', 'Available', now, this.ctx.transitionMs);
    await this.ctx.store.transaction(async (tx) => {
      const runs = await tx.selectFrom('lex_bot_analyses').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
      const running = runs.find((r) => ['Processing', 'Stopping'].includes(effectiveStatus(r, now)));
      if (running) throw conflict(`The bot analyzer request ${running.request_id} is still running on locale ${localeId} of bot ${input.botId}.`);
      await tx
        .insertInto('lex_bot_analyses')
        .values({ request_id: requestId, account_id: scope.accountId, region: scope.region, bot_id: input.botId, bot_version: botVersion, locale_id: localeId, ...status, recommendations: JSON.stringify(recommendations), created_at: now.toISOString() })
        .execute();
    });
    return { botId: input.botId, botVersion, localeId, botAnalyzerRequestId: requestId, botAnalyzerStatus: status.status, creationDateTime: now };
  }

  async stop(scope: Scope, botId: string, requestId: string): Promise<StopBotAnalyzerResponse> {
    const row = await this.run(scope, botId, requestId);
    const now = this.ctx.clock();
    const current = effectiveStatus(row, now);
    if (current !== 'Processing') throw invalid(`The bot analyzer request ${requestId} is ${current}; only a Processing analysis can be stopped.`);
    const status = transition<LexBotAnalysisRow['status']>('Stopping', 'Stopped', now, this.ctx.transitionMs);
    await this.db.updateTable('lex_bot_analyses').set({ ...status, recommendations: '[]' }).where('request_id', '=', requestId).execute();
    return { botId, botVersion: row.bot_version, localeId: row.locale_id, botAnalyzerRequestId: requestId, botAnalyzerStatus: status.status };
  }

  async describe(scope: Scope, input: DescribeBotAnalyzerRecommendationRequest): Promise<DescribeBotAnalyzerRecommendationResponse> {
    const row = await this.run(scope, input.botId, input.botAnalyzerRequestId);
    const status = effectiveStatus(row, this.ctx.clock());
    const all = status === 'Available' ? parseJson<BotAnalyzerRecommendation[]>(row.recommendations, []) : [];
    const { items, nextToken } = offsetPage(all, input.maxResults, input.nextToken, RECOMMENDATIONS_PAGE, invalid);
    return {
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      botAnalyzerStatus: status,
      creationDateTime: new Date(row.created_at),
      botAnalyzerRecommendationList: items,
      nextToken,
    };
  }

  async delete(scope: Scope, botId: string, requestId: string): Promise<void> {
    await this.run(scope, botId, requestId);
    await this.db.deleteFrom('lex_bot_analyses').where('request_id', '=', requestId).execute();
  }

  async history(scope: Scope, input: ListBotAnalyzerHistoryRequest): Promise<ListBotAnalyzerHistoryResponse> {
    await this.bots.bot(scope, input.botId);
    const botVersion = input.botVersion ?? DRAFT;
    let query = this.db.selectFrom('lex_bot_analyses').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', botVersion);
    if (input.localeId !== undefined) query = query.where('locale_id', '=', input.localeId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('request_id').execute();
    const now = this.ctx.clock();
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion,
      localeId: input.localeId,
      botAnalyzerHistoryList: items.map((r) => ({ botAnalyzerRequestId: r.request_id, botAnalyzerStatus: effectiveStatus(r, now), creationDateTime: new Date(r.created_at) })),
      nextToken,
    };
  }
}
