// Lex V2's bot recommendations (the automated chatbot designer). AWS reads conversation transcripts from an S3
// bucket; this server has no S3 to read, so the transcripts are the conversations it held with the bot in the
// locale (the turn log, turn-log.ts), within the request's date range. StartBotRecommendation groups their missed
// utterances (utterance-clusters.ts) into recommended intents at once; the recommendation is Processing for the
// transition time, then Available (or Failed when the log has no conversation to read). See docs/lex.md.
import type { Kysely } from 'kysely';
import type {
  BotRecommendationSummary,
  DescribeBotRecommendationResponse,
  EncryptionSetting,
  ListBotRecommendationsRequest,
  ListBotRecommendationsResponse,
  ListRecommendedIntentsRequest,
  ListRecommendedIntentsResponse,
  SearchAssociatedTranscriptsRequest,
  SearchAssociatedTranscriptsResponse,
  StartBotRecommendationRequest,
  StartBotRecommendationResponse,
  StopBotRecommendationResponse,
  TranscriptSourceSetting,
  UpdateBotRecommendationRequest,
  UpdateBotRecommendationResponse,
} from '../../aws/generated/lexv2-models.js';
import type { LexBotRecommendationRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { conflict, invalid, notFound, page, parseJson, type LexContext } from './context.js';
import { DRAFT, lexId } from './ids.js';
import { effectiveStatus, transition } from './status.js';
import type { LoggedConversation, TurnLog } from './turn-log.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import { clusterMissedUtterances } from './utterance-clusters.js';

type Status = LexBotRecommendationRow['status'];

/** A recommended intent as the recommendation keeps it. */
interface RecommendedIntent {
  intentId: string;
  intentName: string;
  sampleUtterances: string[];
  /** The associated transcripts: each conversation of its missed turns (transcriptOf). */
  transcripts: string[];
}

interface Results {
  intents: RecommendedIntent[];
}

/**
 * A conversation as an associated transcript: linkedrole's own JSON (AWS does not document the text it answers),
 * each turn the user's words and the bot's answer.
 */
export function transcriptOf(c: LoggedConversation): string {
  return JSON.stringify({
    sessionId: c.sessionId,
    botAliasId: c.botAliasId,
    localeId: c.localeId,
    startedAt: c.startedAt.toISOString(),
    turns: c.turns.map((t) => ({
      turnIndex: t.turnIndex,
      occurredAt: t.occurredAt.toISOString(),
      ...(t.inputTranscript !== undefined ? { user: t.inputTranscript } : {}),
      intent: t.intentName ?? null,
      missed: t.missed,
      bot: t.messages.map((m) => m.content ?? '').filter((text) => text !== ''),
    })),
  });
}

export class BotRecommendations {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
    private readonly turnLog: TurnLog,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  private async row(scope: Scope, key: { botId: string; botVersion: string; localeId: string; botRecommendationId: string }): Promise<LexBotRecommendationRow> {
    await this.locales.locale(scope, key.botId, key.botVersion, key.localeId);
    const row = await this.db
      .selectFrom('lex_bot_recommendations')
      .selectAll()
      .where('recommendation_id', '=', key.botRecommendationId)
      .where('bot_id', '=', key.botId)
      .where('bot_version', '=', key.botVersion)
      .where('locale_id', '=', key.localeId)
      .executeTakeFirst();
    if (!row) throw notFound(`The bot recommendation ${key.botRecommendationId} does not exist for locale ${key.localeId} of bot ${key.botId}.`);
    return row;
  }

  async start(scope: Scope, input: StartBotRecommendationRequest): Promise<StartBotRecommendationResponse> {
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const source = input.transcriptSourceSetting.s3BucketTranscriptSource;
    if (!source) throw invalid('transcriptSourceSetting must contain s3BucketTranscriptSource.');
    const range = source.transcriptFilter?.lexTranscriptFilter?.dateRangeFilter;
    if (range && range.startDateTime.getTime() >= range.endDateTime.getTime()) throw invalid('The dateRangeFilter startDateTime must be before its endDateTime.');
    const now = this.ctx.clock();
    const running = await this.running(input.botId, input.localeId, now);
    if (running) throw conflict(`The bot recommendation ${running.recommendation_id} is still processing on locale ${input.localeId} of bot ${input.botId}.`);

    const conversations = await this.turnLog.conversations(scope, { botId: input.botId, localeId: input.localeId, from: range?.startDateTime, to: range?.endDateTime });
    const existing = await this.db.selectFrom('lex_intents').select('intent_name').where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', input.localeId).execute();
    const keyOf = (c: LoggedConversation) => JSON.stringify([c.botAliasId, c.sessionId, c.startedAt.toISOString()]);
    const byKey = new Map(conversations.map((c) => [keyOf(c), c]));
    const missed = conversations.flatMap((c) => c.turns.filter((t) => t.missed && t.inputTranscript).map((t) => ({ text: t.inputTranscript!, conversation: keyOf(c) })));
    const clusters = clusterMissedUtterances(missed, existing.map((i) => i.intent_name));
    const results: Results = {
      intents: clusters.map((c) => ({ intentId: lexId(), intentName: c.name, sampleUtterances: c.utterances, transcripts: c.conversations.map((k) => transcriptOf(byKey.get(k)!)) })),
    };
    const failure =
      conversations.length === 0
        ? [`This server held no conversation with bot ${input.botId} in locale ${input.localeId}${range ? ` between ${range.startDateTime.toISOString()} and ${range.endDateTime.toISOString()}` : ''}: there are no transcripts to read (linkedrole reads its own conversations, not the S3 bucket ${source.s3BucketName}).`]
        : [];
    const status = transition<Status>('Processing', failure.length > 0 ? 'Failed' : 'Available', now, this.ctx.transitionMs);
    const id = lexId();
    await this.ctx.store.transaction(async (tx) => {
      if (await this.running(input.botId, input.localeId, now, tx)) throw conflict(`A bot recommendation is still processing on locale ${input.localeId} of bot ${input.botId}.`);
      await tx
        .insertInto('lex_bot_recommendations')
        .values({
          recommendation_id: id,
          account_id: scope.accountId,
          region: scope.region,
          bot_id: input.botId,
          bot_version: DRAFT,
          locale_id: input.localeId,
          ...status,
          transcript_source: JSON.stringify(input.transcriptSourceSetting),
          encryption_setting: input.encryptionSetting ? JSON.stringify(input.encryptionSetting) : null,
          results: JSON.stringify(results),
          failure_reasons: JSON.stringify(failure),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    });
    return {
      botId: input.botId,
      botVersion: DRAFT,
      localeId: input.localeId,
      botRecommendationId: id,
      botRecommendationStatus: status.status,
      creationDateTime: now,
      transcriptSourceSetting: input.transcriptSourceSetting,
      encryptionSetting: input.encryptionSetting,
    };
  }

  private async running(botId: string, localeId: string, now: Date, db: Pick<Kysely<Schema>, 'selectFrom'> = this.db) {
    const rows = await db.selectFrom('lex_bot_recommendations').selectAll().where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
    return rows.find((r) => ['Processing', 'Stopping', 'Updating'].includes(effectiveStatus(r, now)));
  }

  private view(row: LexBotRecommendationRow, now: Date) {
    const status = effectiveStatus(row, now);
    return {
      status,
      transcriptSourceSetting: parseJson<TranscriptSourceSetting>(row.transcript_source, {}),
      encryptionSetting: row.encryption_setting ? parseJson<EncryptionSetting>(row.encryption_setting, {}) : undefined,
      creationDateTime: new Date(row.created_at),
      // A transition's end is when the recommendation last changed.
      lastUpdatedDateTime: new Date(row.status_until && status === row.next_status ? row.status_until : row.updated_at),
    };
  }

  async describe(scope: Scope, key: { botId: string; botVersion: string; localeId: string; botRecommendationId: string }): Promise<DescribeBotRecommendationResponse> {
    const row = await this.row(scope, key);
    const v = this.view(row, this.ctx.clock());
    const results = parseJson<Results>(row.results, { intents: [] });
    return {
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      botRecommendationId: row.recommendation_id,
      botRecommendationStatus: v.status,
      creationDateTime: v.creationDateTime,
      lastUpdatedDateTime: v.lastUpdatedDateTime,
      transcriptSourceSetting: v.transcriptSourceSetting,
      encryptionSetting: v.encryptionSetting,
      failureReasons: v.status === 'Failed' ? parseJson<string[]>(row.failure_reasons, []) : [],
      // No slot types are discovered here; no URLs (no S3): docs/lex.md.
      botRecommendationResults:
        v.status === 'Available' ? { statistics: { intents: { discoveredIntentCount: results.intents.length }, slotTypes: { discoveredSlotTypeCount: 0 } } } : undefined,
    };
  }

  async list(scope: Scope, input: ListBotRecommendationsRequest): Promise<ListBotRecommendationsResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const rows = await this.db.selectFrom('lex_bot_recommendations').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).where('locale_id', '=', input.localeId).orderBy('created_at', 'desc').orderBy('recommendation_id').execute();
    const now = this.ctx.clock();
    const summaries = rows.map((r): BotRecommendationSummary => {
      const v = this.view(r, now);
      return { botRecommendationId: r.recommendation_id, botRecommendationStatus: v.status, creationDateTime: v.creationDateTime, lastUpdatedDateTime: v.lastUpdatedDateTime };
    });
    const { items, nextToken } = page(summaries, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, localeId: input.localeId, botRecommendationSummaries: items, nextToken };
  }

  async stop(scope: Scope, key: { botId: string; botVersion: string; localeId: string; botRecommendationId: string }): Promise<StopBotRecommendationResponse> {
    const row = await this.row(scope, key);
    const now = this.ctx.clock();
    const current = effectiveStatus(row, now);
    if (current !== 'Processing') throw conflict(`The bot recommendation ${row.recommendation_id} is ${current}; only a Processing recommendation can be stopped.`);
    const status = transition<Status>('Stopping', 'Stopped', now, this.ctx.transitionMs);
    await this.db.updateTable('lex_bot_recommendations').set({ ...status, results: JSON.stringify({ intents: [] }), updated_at: now.toISOString() }).where('recommendation_id', '=', row.recommendation_id).execute();
    return { botId: row.bot_id, botVersion: row.bot_version, localeId: row.locale_id, botRecommendationId: row.recommendation_id, botRecommendationStatus: status.status };
  }

  /** Changes the encryption setting of an Available recommendation: Updating, then Available again. */
  async update(scope: Scope, input: UpdateBotRecommendationRequest): Promise<UpdateBotRecommendationResponse> {
    const row = await this.row(scope, input);
    const now = this.ctx.clock();
    const current = effectiveStatus(row, now);
    if (current !== 'Available') throw conflict(`The bot recommendation ${row.recommendation_id} is ${current}; only an Available recommendation can be updated.`);
    const status = transition<Status>('Updating', 'Available', now, this.ctx.transitionMs);
    await this.db
      .updateTable('lex_bot_recommendations')
      .set({ ...status, encryption_setting: JSON.stringify(input.encryptionSetting), updated_at: now.toISOString() })
      .where('recommendation_id', '=', row.recommendation_id)
      .execute();
    return {
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      botRecommendationId: row.recommendation_id,
      botRecommendationStatus: status.status,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: now,
      transcriptSourceSetting: parseJson<TranscriptSourceSetting>(row.transcript_source, {}),
      encryptionSetting: input.encryptionSetting,
    };
  }

  /** The recommended intents, once Available. */
  private async available(scope: Scope, key: { botId: string; botVersion: string; localeId: string; botRecommendationId: string }): Promise<RecommendedIntent[]> {
    const row = await this.row(scope, key);
    const status = effectiveStatus(row, this.ctx.clock());
    if (status !== 'Available') throw invalid(`The bot recommendation ${row.recommendation_id} is ${status}; its results are there once it is Available.`);
    return parseJson<Results>(row.results, { intents: [] }).intents;
  }

  async recommendedIntents(scope: Scope, input: ListRecommendedIntentsRequest): Promise<ListRecommendedIntentsResponse> {
    const intents = await this.available(scope, input);
    const { items, nextToken } = page(intents, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      botRecommendationId: input.botRecommendationId,
      summaryList: items.map((i) => ({ intentId: i.intentId, intentName: i.intentName, sampleUtterancesCount: i.sampleUtterances.length })),
      nextToken,
    };
  }

  async searchTranscripts(scope: Scope, input: SearchAssociatedTranscriptsRequest): Promise<SearchAssociatedTranscriptsResponse> {
    const intents = await this.available(scope, input);
    const filter = input.filters[0];
    // Only intents are discovered here, so a SlotTypeId filter matches no transcript.
    const matching = filter.name === 'IntentId' ? (intents.find((i) => i.intentId === filter.values[0])?.transcripts ?? []) : [];
    const ordered = input.searchOrder === 'Descending' ? [...matching].reverse() : matching;
    const from = input.nextIndex ?? 0;
    const size = input.maxResults ?? 10;
    const slice = ordered.slice(from, from + size);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      botRecommendationId: input.botRecommendationId,
      associatedTranscripts: slice.map((transcript) => ({ transcript })),
      nextIndex: from + size < ordered.length ? from + size : undefined,
      totalResults: ordered.length,
    };
  }
}

