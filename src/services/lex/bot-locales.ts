// The locales of a Lex V2 bot version: created (with the built-in FallbackIntent) and built in DRAFT,
// copied into numbered versions by BotVersions.
import type { LexBotLocaleRow } from '../../store/schema.js';
import type { Tx } from '../../store/database.js';
import { conflict, invalid, matchesFilter, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import type { RoleGrants } from './grants.js';
import { DRAFT, FALLBACK_INTENT_ID } from './ids.js';
import { FALLBACK } from './intents.js';
import { LEX_LOCALES } from './locales.js';
import { effectiveStatus, settled, transition } from './status.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import { buildFailures, deleteLocaleParts } from './locale-parts.js';
import type {
  BuildBotLocaleResponse,
  CreateBotLocaleRequest,
  CreateBotLocaleResponse,
  DeleteBotLocaleResponse,
  DescribeBotLocaleResponse,
  ListBotLocalesRequest,
  ListBotLocalesResponse,
  UpdateBotLocaleRequest,
  UpdateBotLocaleResponse,
} from '../../aws/generated/lexv2-models.js';

/** What a locale row keeps in its `settings` JSON: CreateBotLocale's input less the locale's key. */
type LocaleSettings = Omit<CreateBotLocaleRequest, 'botId' | 'botVersion' | 'localeId'>;

export class BotLocales implements BotLocaleLookup {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly grants: RoleGrants,
  ) {}

  async findLocale(botId: string, botVersion: string, localeId: string): Promise<LexBotLocaleRow | undefined> {
    return this.ctx.store.db
      .selectFrom('lex_bot_locales')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('bot_version', '=', botVersion)
      .where('locale_id', '=', localeId)
      .executeTakeFirst();
  }

  async locale(scope: Scope, botId: string, botVersion: string, localeId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexBotLocaleRow> {
    await this.bots.bot(scope, botId, missing);
    const locale = await this.findLocale(botId, botVersion, localeId);
    if (!locale) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return locale;
  }

  async createBotLocale(scope: Scope, input: CreateBotLocaleRequest): Promise<CreateBotLocaleResponse> {
    await this.bots.bot(scope, input.botId, 'precondition');
    if (!LEX_LOCALES[input.localeId]) throw invalid(`The locale ${input.localeId} is not supported. Choose a supported locale.`);
    if (await this.findLocale(input.botId, DRAFT, input.localeId)) {
      throw conflict(`The locale ${input.localeId} already exists in bot ${input.botId}.`);
    }
    const now = this.ctx.clock();
    const { botId: _b, botVersion: _v, localeId: _l, ...settings } = input;
    const status = transition('Creating', 'NotBuilt', now, this.ctx.transitionMs);
    await this.ctx.store.transaction(async (tx) => {
      if (await tx.selectFrom('lex_bot_locales').select('locale_id').where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', input.localeId).executeTakeFirst()) {
        throw conflict(`The locale ${input.localeId} already exists in bot ${input.botId}.`);
      }
      await tx
        .insertInto('lex_bot_locales')
        .values({ bot_id: input.botId, bot_version: DRAFT, locale_id: input.localeId, ...status, settings: JSON.stringify(settings), created_at: now.toISOString(), updated_at: now.toISOString(), last_build_at: null })
        .execute();
      // Every locale starts with the built-in FallbackIntent.
      await tx
        .insertInto('lex_intents')
        .values({
          bot_id: input.botId,
          bot_version: DRAFT,
          locale_id: input.localeId,
          intent_id: FALLBACK_INTENT_ID,
          intent_name: 'FallbackIntent',
          definition: JSON.stringify({ description: 'Default intent when no other intent matches', parentIntentSignature: FALLBACK }),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    });
    return { ...settings, botId: input.botId, botVersion: DRAFT, localeId: input.localeId, localeName: LEX_LOCALES[input.localeId], botLocaleStatus: status.status, creationDateTime: now };
  }

  async describeBotLocale(scope: Scope, botId: string, botVersion: string, localeId: string): Promise<DescribeBotLocaleResponse> {
    const locale = await this.locale(scope, botId, botVersion, localeId);
    const intents = await this.ctx.store.db.selectFrom('lex_intents').select('intent_id').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
    const settings = parseJson<Partial<LocaleSettings>>(locale.settings, {});
    const status = effectiveStatus(locale, this.ctx.clock());
    return {
      ...settings,
      botId,
      botVersion,
      localeId,
      localeName: LEX_LOCALES[localeId],
      botLocaleStatus: status,
      intentsCount: intents.length,
      slotTypesCount: (await this.ctx.store.db.selectFrom('lex_slot_types').select('slot_type_id').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute()).length,
      failureReasons: status === 'Failed' ? await buildFailures(this.ctx.store.db, { botId, botVersion, localeId }) : [],
      creationDateTime: new Date(locale.created_at),
      lastUpdatedDateTime: new Date(locale.updated_at),
      lastBuildSubmittedDateTime: locale.last_build_at ? new Date(locale.last_build_at) : undefined,
      botLocaleHistoryEvents: [],
    };
  }

  async listBotLocales(scope: Scope, input: ListBotLocalesRequest): Promise<ListBotLocalesResponse> {
    await this.bots.bot(scope, input.botId);
    const rows = await this.ctx.store.db.selectFrom('lex_bot_locales').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
    let summaries = rows.map((row) => ({
      localeId: row.locale_id,
      localeName: LEX_LOCALES[row.locale_id] ?? row.locale_id,
      description: parseJson<{ description?: string }>(row.settings, {}).description,
      botLocaleStatus: effectiveStatus(row, this.ctx.clock()),
      lastUpdatedDateTime: new Date(row.updated_at),
      lastBuildSubmittedDateTime: row.last_build_at ? new Date(row.last_build_at) : undefined,
    }));
    for (const filter of input.filters ?? []) summaries = summaries.filter((s) => matchesFilter(s.localeName, filter));
    const descending = input.sortBy?.order === 'Descending';
    summaries.sort((a, b) => (descending ? -1 : 1) * a.localeName.localeCompare(b.localeName));
    const { items, nextToken } = page(summaries, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, botLocaleSummaries: items, nextToken };
  }

  async buildBotLocale(scope: Scope, botId: string, localeId: string): Promise<BuildBotLocaleResponse> {
    const locale = await this.locale(scope, botId, DRAFT, localeId, 'precondition');
    const now = this.ctx.clock();
    const current = effectiveStatus(locale, now);
    if (current === 'Building' || current === 'Creating') throw conflict(`The locale ${localeId} of bot ${botId} is ${current}; wait for it to finish.`);
    const failures = await buildFailures(this.ctx.store.db, { botId, botVersion: DRAFT, localeId });
    const status = transition('Building', failures.length > 0 ? 'Failed' : 'Built', now, this.ctx.transitionMs);
    await this.ctx.store.db
      .updateTable('lex_bot_locales')
      .set({ ...status, last_build_at: now.toISOString(), updated_at: now.toISOString() })
      .where('bot_id', '=', botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', localeId)
      .execute();
    return { botId, botVersion: DRAFT, localeId, botLocaleStatus: status.status, lastBuildSubmittedDateTime: now };
  }

  /** Replaces the DRAFT locale's settings (what CreateBotLocale set); the locale must be built again. */
  async updateBotLocale(scope: Scope, input: UpdateBotLocaleRequest): Promise<UpdateBotLocaleResponse> {
    const locale = await this.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const now = this.ctx.clock();
    const current = effectiveStatus(locale, now);
    if (current === 'Building' || current === 'Creating') throw conflict(`The locale ${input.localeId} of bot ${input.botId} is ${current}; wait for it to finish.`);
    const { botId, botVersion: _v, localeId, ...settings } = input;
    await this.ctx.store.db
      .updateTable('lex_bot_locales')
      .set({ ...settled('NotBuilt'), settings: JSON.stringify(settings), updated_at: now.toISOString() })
      .where('bot_id', '=', botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', localeId)
      .execute();
    return {
      ...settings,
      botId,
      botVersion: DRAFT,
      localeId,
      localeName: LEX_LOCALES[localeId],
      botLocaleStatus: 'NotBuilt',
      failureReasons: [],
      creationDateTime: new Date(locale.created_at),
      lastUpdatedDateTime: now,
    };
  }

  async deleteBotLocale(scope: Scope, botId: string, localeId: string): Promise<DeleteBotLocaleResponse> {
    await this.locale(scope, botId, DRAFT, localeId, 'precondition');
    const hadKendra = await this.hasKendraIntent(botId, DRAFT, localeId);
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_intents').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
      await deleteLocaleParts(tx, { botId, botVersion: DRAFT, localeId });
      await tx.deleteFrom('lex_bot_locales').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
    });
    if (hadKendra) await this.grants.reconcile((await this.bots.bot(scope, botId)).role_arn);
    return { botId, botVersion: DRAFT, localeId, botLocaleStatus: 'Deleting' };
  }

  private async hasKendraIntent(botId: string, botVersion: string, localeId: string): Promise<boolean> {
    const rows = await this.ctx.store.db.selectFrom('lex_intents').select('definition').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
    return rows.some((r) => parseJson<{ kendraConfiguration?: unknown }>(r.definition, {}).kendraConfiguration !== undefined);
  }

  /** An intent changed: the locale must be built again. */
  async markUnbuilt(tx: Tx, botId: string, localeId: string, now: Date): Promise<void> {
    await tx
      .updateTable('lex_bot_locales')
      .set({ ...settled('NotBuilt'), updated_at: now.toISOString() })
      .where('bot_id', '=', botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', localeId)
      .execute();
  }
}
