// Numbered versions of a Lex V2 bot: a snapshot of built DRAFT locales and their intents (DRAFT itself is
// version 0, created with the bot).
import { invalid, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { DRAFT } from './ids.js';
import { effectiveStatus, settled, transition } from './status.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup, BotLookup, BotVersionLookup } from './types.js';
import { copyLocaleParts, deleteLocaleParts } from './locale-parts.js';
import type { RoleGrants } from './grants.js';
import type { CreateBotVersionRequest, CreateBotVersionResponse, DeleteBotVersionRequest, DeleteBotVersionResponse, DescribeBotResponse, DescribeBotVersionRequest, DescribeBotVersionResponse, ListBotVersionsRequest, ListBotVersionsResponse } from '../../aws/generated/lexv2-models.js';

export class BotVersions implements BotVersionLookup {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
    private readonly grants: RoleGrants,
  ) {}

  async createBotVersion(scope: Scope, input: CreateBotVersionRequest): Promise<CreateBotVersionResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    const now = this.ctx.clock();
    for (const [localeId, spec] of Object.entries(input.botVersionLocaleSpecification)) {
      if (spec.sourceBotVersion !== DRAFT) throw invalid(`Only the DRAFT version can be the source of a new version (locale ${localeId}).`);
      const locale = await this.locales.findLocale(input.botId, DRAFT, localeId);
      if (!locale) throw preconditionFailed(`The locale ${localeId} does not exist in the DRAFT version of bot ${input.botId}.`);
      const status = effectiveStatus(locale, now);
      if (status !== 'Built') throw preconditionFailed(`The locale ${localeId} of bot ${input.botId} is ${status}; build it before creating a version.`);
    }
    const status = transition('Versioning', 'Available', now, this.ctx.transitionMs);
    const version = await this.ctx.store.transaction(async (tx) => {
      const latest = await tx.selectFrom('lex_bot_versions').select('version_number').where('bot_id', '=', input.botId).orderBy('version_number', 'desc').limit(1).executeTakeFirst();
      const number = (latest?.version_number ?? 0) + 1;
      const botVersion = String(number);
      await tx
        .insertInto('lex_bot_versions')
        .values({ bot_id: input.botId, bot_version: botVersion, version_number: number, description: input.description ?? null, ...status, locale_specification: JSON.stringify(input.botVersionLocaleSpecification), created_at: now.toISOString(), bot_settings: JSON.stringify({ ...parseJson<object>(bot.settings, {}), botName: bot.bot_name, roleArn: bot.role_arn }) })
        .execute();
      for (const localeId of Object.keys(input.botVersionLocaleSpecification)) {
        const locale = await tx.selectFrom('lex_bot_locales').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).executeTakeFirstOrThrow();
        await tx.insertInto('lex_bot_locales').values({ ...locale, bot_version: botVersion, ...settled('Built'), created_at: now.toISOString(), updated_at: now.toISOString() }).execute();
        const intents = await tx.selectFrom('lex_intents').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
        for (const intent of intents) await tx.insertInto('lex_intents').values({ ...intent, bot_version: botVersion }).execute();
        await copyLocaleParts(tx, input.botId, localeId, DRAFT, botVersion);
      }
      return botVersion;
    });
    return { botId: input.botId, botVersion: version, description: input.description, botStatus: status.status, creationDateTime: now, botVersionLocaleSpecification: input.botVersionLocaleSpecification };
  }

  async listBotVersions(scope: Scope, input: ListBotVersionsRequest): Promise<ListBotVersionsResponse> {
    const bot = await this.bots.bot(scope, input.botId);
    const rows = await this.ctx.store.db.selectFrom('lex_bot_versions').selectAll().where('bot_id', '=', input.botId).execute();
    const descending = input.sortBy?.order === 'Descending';
    rows.sort((a, b) => (descending ? -1 : 1) * (a.version_number - b.version_number));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersionSummaries: items.map((row) => ({
        botName: bot.bot_name,
        botVersion: row.bot_version,
        description: row.description ?? undefined,
        botStatus: effectiveStatus(row, this.ctx.clock()),
        creationDateTime: new Date(row.created_at),
      })),
      nextToken,
    };
  }

  /** A numbered version: the bot as it was snapshotted (its settings, role and name then). */
  async describeBotVersion(scope: Scope, input: DescribeBotVersionRequest): Promise<DescribeBotVersionResponse> {
    const bot = await this.bots.bot(scope, input.botId);
    const row = await this.ctx.store.db.selectFrom('lex_bot_versions').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).executeTakeFirst();
    if (!row || row.bot_version === DRAFT) throw notFound();
    const snapshot = parseJson<Partial<DescribeBotResponse>>(row.bot_settings, {});
    return {
      botId: input.botId,
      botVersion: row.bot_version,
      botName: snapshot.botName ?? bot.bot_name,
      description: row.description ?? undefined,
      roleArn: snapshot.roleArn ?? bot.role_arn,
      dataPrivacy: snapshot.dataPrivacy,
      idleSessionTTLInSeconds: snapshot.idleSessionTTLInSeconds,
      botType: snapshot.botType,
      botMembers: snapshot.botMembers,
      botStatus: effectiveStatus(row, this.ctx.clock()),
      failureReasons: [],
      creationDateTime: new Date(row.created_at),
    };
  }

  /** Deletes a numbered version and its locales, intents, slots, slot types and vocabularies; refused while an alias serves it. */
  async deleteBotVersion(scope: Scope, input: DeleteBotVersionRequest): Promise<DeleteBotVersionResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    const row = await this.ctx.store.db.selectFrom('lex_bot_versions').select('bot_version').where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).executeTakeFirst();
    if (!row || row.bot_version === DRAFT) throw preconditionFailed();
    const aliases = await this.ctx.store.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
    if (aliases.length > 0 && input.skipResourceInUseCheck !== true) {
      throw preconditionFailed(`Version ${input.botVersion} of bot ${input.botId} is used by bot alias(es) ${aliases.map((a) => a.bot_alias_id).join(', ')}. Point them at another version first, or set skipResourceInUseCheck to delete the version anyway.`);
    }
    await this.ctx.store.transaction(async (tx) => {
      const key = { botId: input.botId, botVersion: input.botVersion };
      await deleteLocaleParts(tx, key);
      await tx.deleteFrom('lex_intents').where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
      await tx.deleteFrom('lex_bot_locales').where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
      await tx.deleteFrom('lex_bot_versions').where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
    });
    // A Kendra search intent of the version may have been the last use of its grant in the bot's role.
    await this.grants.reconcile(bot.role_arn);
    return { botId: input.botId, botVersion: input.botVersion, botStatus: 'Deleting' };
  }

  async versionExists(botId: string, botVersion: string): Promise<boolean> {
    return (await this.ctx.store.db.selectFrom('lex_bot_versions').select('bot_version').where('bot_id', '=', botId).where('bot_version', '=', botVersion).executeTakeFirst()) !== undefined;
  }
}
