// Aliases of a Lex V2 bot: which version they serve, their conversation logs and sentiment analysis
// (capabilities granted in the bot's role), and the TSTALIASID test alias that always serves DRAFT.
import type { Db } from '../../store/database.js';
import type { LexBotAliasRow } from '../../store/schema.js';
import { conflict, invalid, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { logGroupBaseArn, type DownstreamResources } from './downstream.js';
import { aliasCapabilities, type AliasSettings, type RoleGrants } from './grants.js';
import { botAliasArn, DRAFT, lexId, TEST_ALIAS_ID } from './ids.js';
import { settled, effectiveStatus, transition } from './status.js';
import { writeTags, type Tags } from './tags.js';
import type { Scope } from '../kit/scope.js';
import type { BotAliasLookup, BotLocaleLookup, BotLookup, BotVersionLookup } from './types.js';
import type {
  CreateBotAliasRequest,
  CreateBotAliasResponse,
  DeleteBotAliasResponse,
  DescribeBotAliasResponse,
  ListBotAliasesRequest,
  ListBotAliasesResponse,
  UpdateBotAliasRequest,
  UpdateBotAliasResponse,
} from '../../aws/generated/lexv2-models.js';

/** CreateBotAlias's or UpdateBotAlias's input. */
type AliasInput = CreateBotAliasRequest | UpdateBotAliasRequest;

/** What an alias row keeps in its `settings` JSON. */
function aliasSettings(input: AliasInput): AliasSettings {
  return {
    description: input.description,
    botAliasLocaleSettings: input.botAliasLocaleSettings,
    conversationLogSettings: input.conversationLogSettings,
    sentimentAnalysisSettings: input.sentimentAnalysisSettings,
  };
}

/** Alias names are unique per bot. */
async function checkAliasName(db: Db, botId: string, botAliasName: string): Promise<void> {
  const clash = await db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', botId).where('bot_alias_name', '=', botAliasName).executeTakeFirst();
  if (clash) throw conflict(`An alias with the name '${botAliasName}' already exists for bot ${botId}.`);
}

export class BotAliases implements BotAliasLookup {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
    private readonly versions: BotVersionLookup,
    private readonly grants: RoleGrants,
    private readonly downstream: DownstreamResources,
  ) {}

  async findAlias(botId: string, botAliasId: string): Promise<LexBotAliasRow | undefined> {
    return this.ctx.store.db.selectFrom('lex_bot_aliases').selectAll().where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).executeTakeFirst();
  }

  private async checkAliasSettings(scope: Scope, botId: string, botVersion: string | undefined, input: AliasInput): Promise<void> {
    if (botVersion !== undefined && botVersion !== DRAFT && !(await this.versions.versionExists(botId, botVersion))) {
      throw preconditionFailed(`Version ${botVersion} of bot ${botId} does not exist.`);
    }
    for (const localeId of Object.keys(input.botAliasLocaleSettings ?? {})) {
      const locale = botVersion === undefined ? undefined : await this.locales.findLocale(botId, botVersion, localeId);
      if (!locale) throw invalid(`The locale ${localeId} is not in version ${botVersion ?? '(none)'} of bot ${botId}.`);
    }
    const caps = aliasCapabilities(input);
    for (const [arn, what] of [
      [caps.textLog?.logGroupArn, 'log group'],
      [caps.audioLog?.kmsKeyArn, 'KMS key'],
    ] as const) {
      if (arn && arn.split(':')[4] !== scope.accountId) throw invalid(`The ${what} ${arn} must be in account ${scope.accountId}.`);
    }
  }

  private async registerDownstream(scope: Scope, settings: AliasSettings): Promise<void> {
    const caps = aliasCapabilities(settings);
    if (caps.textLog) await this.downstream.register(scope.accountId, logGroupBaseArn(caps.textLog.logGroupArn), 'log-group');
    if (caps.audioLog) await this.downstream.register(scope.accountId, caps.audioLog.bucketArn, 's3-bucket');
    if (caps.audioLog?.kmsKeyArn) await this.downstream.register(scope.accountId, caps.audioLog.kmsKeyArn, 'kms-key');
  }

  async createBotAlias(scope: Scope, input: CreateBotAliasRequest, botAliasId = lexId()): Promise<CreateBotAliasResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    await this.checkAliasSettings(scope, input.botId, input.botVersion, input);
    const now = this.ctx.clock();
    const settings = aliasSettings(input);
    const status = transition('Creating', 'Available', now, this.ctx.transitionMs);
    await this.ctx.store.transaction(async (tx) => {
      await checkAliasName(tx, input.botId, input.botAliasName);
      await tx
        .insertInto('lex_bot_aliases')
        .values({
          bot_id: input.botId,
          bot_alias_id: botAliasId,
          bot_alias_name: input.botAliasName,
          bot_version: input.botVersion ?? null,
          ...status,
          settings: JSON.stringify(settings),
          history: JSON.stringify(input.botVersion ? [{ botVersion: input.botVersion, startDate: now.toISOString() }] : []),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
      await writeTags(tx, botAliasArn(scope.region, scope.accountId, input.botId, botAliasId), input.tags ?? {});
    });
    await this.registerDownstream(scope, settings);
    await this.grants.reconcile(bot.role_arn);
    return { ...settings, botAliasId, botAliasName: input.botAliasName, botId: input.botId, botVersion: input.botVersion, botAliasStatus: status.status, creationDateTime: now, tags: input.tags };
  }

  aliasView(row: LexBotAliasRow) {
    const settings = parseJson<AliasSettings>(row.settings, {});
    const history = parseJson<{ botVersion: string; startDate: string; endDate?: string }[]>(row.history, []);
    return {
      ...settings,
      botAliasId: row.bot_alias_id,
      botAliasName: row.bot_alias_name,
      botId: row.bot_id,
      botVersion: row.bot_version ?? undefined,
      botAliasStatus: effectiveStatus(row, this.ctx.clock()),
      botAliasHistoryEvents: history.map((h) => ({ botVersion: h.botVersion, startDate: new Date(h.startDate), endDate: h.endDate ? new Date(h.endDate) : undefined })),
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async alias(scope: Scope, botId: string, botAliasId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexBotAliasRow> {
    await this.bots.bot(scope, botId, missing);
    const alias = await this.findAlias(botId, botAliasId);
    if (!alias) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return alias;
  }

  async describeBotAlias(scope: Scope, botId: string, botAliasId: string): Promise<DescribeBotAliasResponse> {
    return this.aliasView(await this.alias(scope, botId, botAliasId));
  }

  async updateBotAlias(scope: Scope, input: UpdateBotAliasRequest): Promise<UpdateBotAliasResponse> {
    const bot = await this.bots.bot(scope, input.botId, 'precondition');
    const alias = await this.alias(scope, input.botId, input.botAliasId, 'precondition');
    if (alias.bot_alias_id === TEST_ALIAS_ID && input.botVersion !== undefined && input.botVersion !== DRAFT) {
      throw invalid('The test alias TSTALIASID always points to the DRAFT version.');
    }
    const botVersion = alias.bot_alias_id === TEST_ALIAS_ID ? DRAFT : input.botVersion;
    await this.checkAliasSettings(scope, input.botId, botVersion, input);
    if (input.botAliasName !== alias.bot_alias_name) await checkAliasName(this.ctx.store.db, input.botId, input.botAliasName);
    const now = this.ctx.clock();
    const settings = aliasSettings(input);
    const history = parseJson<{ botVersion: string; startDate: string; endDate?: string }[]>(alias.history, []);
    if ((botVersion ?? null) !== alias.bot_version) {
      const open = history.find((h) => !h.endDate);
      if (open) open.endDate = now.toISOString();
      if (botVersion) history.push({ botVersion, startDate: now.toISOString() });
    }
    // BotAliasStatus has no Updating: an update keeps the alias Available.
    await this.ctx.store.db
      .updateTable('lex_bot_aliases')
      .set({ bot_alias_name: input.botAliasName, bot_version: botVersion ?? null, ...settled('Available'), settings: JSON.stringify(settings), history: JSON.stringify(history), updated_at: now.toISOString() })
      .where('bot_id', '=', input.botId)
      .where('bot_alias_id', '=', input.botAliasId)
      .execute();
    await this.registerDownstream(scope, settings);
    await this.grants.reconcile(bot.role_arn);
    return { ...settings, botAliasId: input.botAliasId, botAliasName: input.botAliasName, botId: input.botId, botVersion, botAliasStatus: 'Available', creationDateTime: new Date(alias.created_at), lastUpdatedDateTime: now };
  }

  async listBotAliases(scope: Scope, input: ListBotAliasesRequest): Promise<ListBotAliasesResponse> {
    await this.bots.bot(scope, input.botId);
    const rows = await this.ctx.store.db.selectFrom('lex_bot_aliases').selectAll().where('bot_id', '=', input.botId).execute();
    rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.bot_alias_name.localeCompare(b.bot_alias_name));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botAliasSummaries: items.map((row) => {
        const view = this.aliasView(row);
        return {
          botAliasId: view.botAliasId,
          botAliasName: view.botAliasName,
          description: view.description,
          botVersion: view.botVersion,
          botAliasStatus: view.botAliasStatus,
          creationDateTime: view.creationDateTime,
          lastUpdatedDateTime: view.lastUpdatedDateTime,
        };
      }),
      nextToken,
    };
  }

  async deleteBotAlias(scope: Scope, botId: string, botAliasId: string, skipResourceInUseCheck: boolean): Promise<DeleteBotAliasResponse> {
    const bot = await this.bots.bot(scope, botId, 'precondition');
    await this.alias(scope, botId, botAliasId, 'precondition');
    if (botAliasId === TEST_ALIAS_ID) throw invalid('The test alias TSTALIASID cannot be deleted.');
    const channels = await this.ctx.store.db.selectFrom('lex_channels').select('channel_name').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
    if (channels.length > 0 && !skipResourceInUseCheck) {
      throw preconditionFailed(
        `Bot alias ${botAliasId} is used by channel integration(s) ${channels.map((c) => c.channel_name).join(', ')}. Delete them first, or set skipResourceInUseCheck to delete the alias anyway.`,
      );
    }
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_channels').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
      await tx.deleteFrom('lex_tags').where('resource_arn', '=', botAliasArn(scope.region, scope.accountId, botId, botAliasId)).execute();
      await tx.deleteFrom('lex_resource_policies').where('resource_arn', '=', botAliasArn(scope.region, scope.accountId, botId, botAliasId)).execute();
      await tx.deleteFrom('lex_bot_aliases').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
    });
    await this.grants.reconcile(bot.role_arn);
    return { botId, botAliasId, botAliasStatus: 'Deleting' };
  }
}
