// The Lex V2 model-building domain: bots, their locales and intents, versions, aliases and tags, with
// AWS's rules (names unique per account and region, statuses that move on, the DRAFT version and the
// TSTALIASID test alias of every bot, what may be deleted when). Results use AWS's member names.
import { roleKey } from '../iam/roles.js';
import type { LexBotAliasRow, LexBotLocaleRow, LexBotRow, LexIntentRow } from '../../store/schema.js';
import type { Tx } from '../../store/database.js';
import {
  conflict,
  invalid,
  matchesFilter,
  notFound,
  page,
  parseJson,
  preconditionFailed,
  type Filter,
  type LexContext,
  type Scope,
} from './context.js';
import { DownstreamResources, logGroupBaseArn } from './downstream.js';
import { aliasCapabilities, RoleGrants, type AliasSettings } from './grants.js';
import {
  botAliasArn,
  botArn,
  DRAFT,
  FALLBACK_INTENT_ID,
  LEX_PRINCIPAL,
  lexId,
  parseLexArn,
  parseRoleArn,
  TEST_ALIAS_ID,
  TEST_ALIAS_NAME,
} from './ids.js';
import { LEX_LOCALES } from './locales.js';
import { effectiveStatus, settled, transition } from './status.js';

type Tags = Record<string, string>;

interface BotSettings {
  description?: string;
  dataPrivacy: { childDirected: boolean };
  idleSessionTTLInSeconds: number;
  botType?: string;
  botMembers?: unknown[];
  errorLogSettings?: unknown;
}

export interface CreateBotInput {
  botName: string;
  description?: string;
  roleArn?: string;
  dataPrivacy: { childDirected: boolean };
  idleSessionTTLInSeconds: number;
  botTags?: Tags;
  testBotAliasTags?: Tags;
  botType?: string;
  botMembers?: unknown[];
  errorLogSettings?: unknown;
}

export interface UpdateBotInput extends Omit<CreateBotInput, 'botTags' | 'testBotAliasTags'> {
  botId: string;
}

export interface AliasInput {
  botId: string;
  botAliasName: string;
  description?: string;
  botVersion?: string;
  botAliasLocaleSettings?: AliasSettings['botAliasLocaleSettings'];
  conversationLogSettings?: AliasSettings['conversationLogSettings'];
  sentimentAnalysisSettings?: AliasSettings['sentimentAnalysisSettings'];
  tags?: Tags;
}

const BUILTIN_PREFIX = 'AMAZON.';
const KENDRA = 'AMAZON.KendraSearchIntent';
const FALLBACK = 'AMAZON.FallbackIntent';

export class LexModels {
  readonly grants: RoleGrants;
  readonly downstream: DownstreamResources;

  constructor(private readonly ctx: LexContext) {
    this.grants = new RoleGrants(ctx);
    this.downstream = new DownstreamResources(ctx);
  }

  private now(): Date {
    return this.ctx.clock();
  }

  private get db() {
    return this.ctx.store.db;
  }

  // ---- bots ----

  async findBot(scope: Scope, botId: string): Promise<LexBotRow | undefined> {
    return this.db
      .selectFrom('lex_bots')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .executeTakeFirst();
  }

  /** The bot, or the error the operation answers when it is missing. */
  async bot(scope: Scope, botId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexBotRow> {
    const bot = await this.findBot(scope, botId);
    if (!bot) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return bot;
  }

  /** The role a new bot gets when none is given: a new AWSServiceRoleForLexV2Bots_<suffix>. */
  async createBotRole(scope: Scope, customSuffix: string): Promise<string> {
    const role = await this.ctx.slr().create(scope.accountId, LEX_PRINCIPAL, { customSuffix });
    return role.arn;
  }

  private async checkRole(scope: Scope, roleArn: string): Promise<string> {
    const parsed = parseRoleArn(roleArn);
    if (!parsed || parsed.accountId !== scope.accountId) {
      throw invalid(`The role ARN ${roleArn} is not valid: it must name a role in account ${scope.accountId}.`);
    }
    const role = await this.ctx.findRole(scope.accountId, parsed.roleName);
    if (!role) throw invalid(`The role ARN ${roleArn} is not valid: the role does not exist.`);
    return role.arn;
  }

  private async checkBotName(scope: Scope, botName: string, exceptBotId?: string): Promise<void> {
    const clash = await this.db
      .selectFrom('lex_bots')
      .select('bot_id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('bot_name', '=', botName)
      .executeTakeFirst();
    if (clash && clash.bot_id !== exceptBotId) throw conflict(`A bot with the name '${botName}' already exists in this account.`);
  }

  /** CreateBot. `roleArn` undefined: `newRole` makes the bot's own service-linked role (as the console does). */
  async createBot(scope: Scope, input: CreateBotInput, botId: string, newRole: () => Promise<string>) {
    await this.checkBotName(scope, input.botName);
    const roleArn = input.roleArn ? await this.checkRole(scope, input.roleArn) : await newRole();
    const now = this.now();
    const settings: BotSettings = {
      description: input.description,
      dataPrivacy: input.dataPrivacy,
      idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
      botType: input.botType,
      botMembers: input.botMembers,
      errorLogSettings: input.errorLogSettings,
    };
    const row: LexBotRow = {
      bot_id: botId,
      account_id: scope.accountId,
      region: scope.region,
      bot_name: input.botName,
      role_arn: roleArn,
      role_key: roleKey(parseRoleArn(roleArn)!.roleName),
      ...transition('Creating', 'Available', now, this.ctx.transitionMs),
      settings: JSON.stringify(settings),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx
        .selectFrom('lex_bots')
        .select('bot_id')
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('bot_name', '=', input.botName)
        .executeTakeFirst();
      if (clash) throw conflict(`A bot with the name '${input.botName}' already exists in this account.`);
      await tx.insertInto('lex_bots').values(row).execute();
      await tx
        .insertInto('lex_bot_versions')
        .values({ bot_id: botId, bot_version: DRAFT, version_number: 0, description: null, ...settled('Available'), locale_specification: '{}', created_at: now.toISOString() })
        .execute();
      await tx
        .insertInto('lex_bot_aliases')
        .values({
          bot_id: botId,
          bot_alias_id: TEST_ALIAS_ID,
          bot_alias_name: TEST_ALIAS_NAME,
          bot_version: DRAFT,
          ...settled('Available'),
          settings: JSON.stringify({ description: 'test bot alias' }),
          history: JSON.stringify([{ botVersion: DRAFT, startDate: now.toISOString() }]),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
      await this.writeTags(tx, botArn(scope.region, scope.accountId, botId), input.botTags ?? {});
      await this.writeTags(tx, botAliasArn(scope.region, scope.accountId, botId, TEST_ALIAS_ID), input.testBotAliasTags ?? {});
    });
    await this.grants.reconcile(roleArn);
    return {
      botId,
      botName: input.botName,
      description: input.description,
      roleArn,
      dataPrivacy: input.dataPrivacy,
      idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
      botStatus: row.status,
      creationDateTime: now,
      botTags: input.botTags,
      testBotAliasTags: input.testBotAliasTags,
      botType: input.botType,
      botMembers: input.botMembers,
      errorLogSettings: input.errorLogSettings,
    };
  }

  botView(bot: LexBotRow) {
    const settings = parseJson<BotSettings>(bot.settings, { dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 });
    return {
      botId: bot.bot_id,
      botName: bot.bot_name,
      description: settings.description,
      roleArn: bot.role_arn,
      dataPrivacy: settings.dataPrivacy,
      idleSessionTTLInSeconds: settings.idleSessionTTLInSeconds,
      botStatus: effectiveStatus(bot, this.now()),
      creationDateTime: new Date(bot.created_at),
      lastUpdatedDateTime: new Date(bot.updated_at),
      botType: settings.botType,
      botMembers: settings.botMembers,
      errorLogSettings: settings.errorLogSettings,
    };
  }

  async describeBot(scope: Scope, botId: string) {
    return this.botView(await this.bot(scope, botId));
  }

  async updateBot(scope: Scope, input: UpdateBotInput, newRole: () => Promise<string>) {
    const bot = await this.bot(scope, input.botId, 'precondition');
    const status = effectiveStatus(bot, this.now());
    if (status === 'Deleting') throw preconditionFailed();
    await this.checkBotName(scope, input.botName, bot.bot_id);
    let roleArn = bot.role_arn;
    if (input.roleArn) roleArn = await this.checkRole(scope, input.roleArn);
    else if (!(await this.ctx.findRole(scope.accountId, parseRoleArn(bot.role_arn)!.roleName))) roleArn = await newRole();
    const now = this.now();
    const settings: BotSettings = {
      description: input.description,
      dataPrivacy: input.dataPrivacy,
      idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
      botType: input.botType,
      botMembers: input.botMembers,
      errorLogSettings: input.errorLogSettings,
    };
    const statusColumns = transition('Updating', 'Available', now, this.ctx.transitionMs);
    await this.db
      .updateTable('lex_bots')
      .set({
        bot_name: input.botName,
        role_arn: roleArn,
        role_key: roleKey(parseRoleArn(roleArn)!.roleName),
        settings: JSON.stringify(settings),
        ...statusColumns,
        updated_at: now.toISOString(),
      })
      .where('bot_id', '=', bot.bot_id)
      .execute();
    if (roleArn !== bot.role_arn) await this.grants.reconcile(bot.role_arn);
    await this.grants.reconcile(roleArn);
    const updated = this.botView((await this.findBot(scope, bot.bot_id))!);
    return { ...updated, botStatus: statusColumns.status };
  }

  async listBots(scope: Scope, input: { filters?: Filter[]; sortBy?: { attribute: string; order: string }; maxResults?: number; nextToken?: string }) {
    const rows = await this.db.selectFrom('lex_bots').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
    const versions = await this.latestVersions(rows.map((r) => r.bot_id));
    let bots = rows.map((row) => this.botView(row));
    for (const filter of input.filters ?? []) {
      bots = bots.filter((b) => matchesFilter(filter.name === 'BotType' ? (b.botType ?? 'Bot') : b.botName, filter));
    }
    const descending = input.sortBy?.order === 'Descending';
    bots.sort((a, b) => (descending ? -1 : 1) * a.botName.localeCompare(b.botName));
    const { items, nextToken } = page(bots, input.maxResults, input.nextToken);
    return {
      botSummaries: items.map((b) => ({
        botId: b.botId,
        botName: b.botName,
        description: b.description,
        botStatus: b.botStatus,
        latestBotVersion: versions.get(b.botId),
        lastUpdatedDateTime: b.lastUpdatedDateTime,
        botType: b.botType ?? 'Bot',
      })),
      nextToken,
    };
  }

  private async latestVersions(botIds: string[]): Promise<Map<string, string>> {
    const latest = new Map<string, string>();
    if (botIds.length === 0) return latest;
    const rows = await this.db.selectFrom('lex_bot_versions').select(['bot_id', 'bot_version', 'version_number']).where('bot_id', 'in', botIds).where('version_number', '>', 0).execute();
    const best = new Map<string, number>();
    for (const row of rows) {
      if ((best.get(row.bot_id) ?? 0) < row.version_number) {
        best.set(row.bot_id, row.version_number);
        latest.set(row.bot_id, row.bot_version);
      }
    }
    return latest;
  }

  async deleteBot(scope: Scope, botId: string, skipResourceInUseCheck: boolean) {
    const bot = await this.bot(scope, botId, 'precondition');
    if (!skipResourceInUseCheck) {
      const aliases = await this.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', botId).where('bot_alias_id', '!=', TEST_ALIAS_ID).execute();
      const channels = await this.db.selectFrom('lex_channels').select('channel_name').where('bot_id', '=', botId).execute();
      if (aliases.length > 0 || channels.length > 0) {
        const users = [...aliases.map((a) => `bot alias ${a.bot_alias_id}`), ...channels.map((c) => `channel integration ${c.channel_name}`)];
        throw preconditionFailed(
          `Bot ${botId} is used by ${users.join(', ')}. Delete them first, or set skipResourceInUseCheck to delete the bot anyway.`,
        );
      }
    }
    const aliasArns = (await this.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', botId).execute()).map((a) =>
      botAliasArn(scope.region, scope.accountId, botId, a.bot_alias_id),
    );
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_intents').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_locales').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_versions').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_aliases').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_channels').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_tags').where('resource_arn', 'in', [botArn(scope.region, scope.accountId, botId), ...aliasArns]).execute();
      await tx.deleteFrom('lex_bots').where('bot_id', '=', botId).execute();
    });
    await this.grants.reconcile(bot.role_arn);
    return { botId, botStatus: 'Deleting' };
  }

  // ---- locales ----

  private async findLocale(botId: string, botVersion: string, localeId: string): Promise<LexBotLocaleRow | undefined> {
    return this.db
      .selectFrom('lex_bot_locales')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('bot_version', '=', botVersion)
      .where('locale_id', '=', localeId)
      .executeTakeFirst();
  }

  async locale(scope: Scope, botId: string, botVersion: string, localeId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexBotLocaleRow> {
    await this.bot(scope, botId, missing);
    const locale = await this.findLocale(botId, botVersion, localeId);
    if (!locale) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return locale;
  }

  async createBotLocale(scope: Scope, input: { botId: string; botVersion: string; localeId: string; description?: string; nluIntentConfidenceThreshold: number; voiceSettings?: unknown; [k: string]: unknown }) {
    await this.bot(scope, input.botId, 'precondition');
    if (!LEX_LOCALES[input.localeId]) throw invalid(`The locale ${input.localeId} is not supported. Choose a supported locale.`);
    if (await this.findLocale(input.botId, DRAFT, input.localeId)) {
      throw conflict(`The locale ${input.localeId} already exists in bot ${input.botId}.`);
    }
    const now = this.now();
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

  async describeBotLocale(scope: Scope, botId: string, botVersion: string, localeId: string) {
    const locale = await this.locale(scope, botId, botVersion, localeId);
    const intents = await this.db.selectFrom('lex_intents').select('intent_id').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
    const settings = parseJson<Record<string, unknown>>(locale.settings, {});
    return {
      ...settings,
      botId,
      botVersion,
      localeId,
      localeName: LEX_LOCALES[localeId],
      botLocaleStatus: effectiveStatus(locale, this.now()),
      intentsCount: intents.length,
      slotTypesCount: 0,
      failureReasons: [],
      creationDateTime: new Date(locale.created_at),
      lastUpdatedDateTime: new Date(locale.updated_at),
      lastBuildSubmittedDateTime: locale.last_build_at ? new Date(locale.last_build_at) : undefined,
      botLocaleHistoryEvents: [],
    };
  }

  async listBotLocales(scope: Scope, input: { botId: string; botVersion: string; filters?: Filter[]; sortBy?: { order: string }; maxResults?: number; nextToken?: string }) {
    await this.bot(scope, input.botId);
    const rows = await this.db.selectFrom('lex_bot_locales').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', input.botVersion).execute();
    let summaries = rows.map((row) => ({
      localeId: row.locale_id,
      localeName: LEX_LOCALES[row.locale_id] ?? row.locale_id,
      description: parseJson<{ description?: string }>(row.settings, {}).description,
      botLocaleStatus: effectiveStatus(row, this.now()),
      lastUpdatedDateTime: new Date(row.updated_at),
      lastBuildSubmittedDateTime: row.last_build_at ? new Date(row.last_build_at) : undefined,
    }));
    for (const filter of input.filters ?? []) summaries = summaries.filter((s) => matchesFilter(s.localeName, filter));
    const descending = input.sortBy?.order === 'Descending';
    summaries.sort((a, b) => (descending ? -1 : 1) * a.localeName.localeCompare(b.localeName));
    const { items, nextToken } = page(summaries, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, botLocaleSummaries: items, nextToken };
  }

  async buildBotLocale(scope: Scope, botId: string, localeId: string) {
    const locale = await this.locale(scope, botId, DRAFT, localeId, 'precondition');
    const now = this.now();
    const current = effectiveStatus(locale, now);
    if (current === 'Building' || current === 'Creating') throw conflict(`The locale ${localeId} of bot ${botId} is ${current}; wait for it to finish.`);
    const status = transition('Building', 'Built', now, this.ctx.transitionMs);
    await this.db
      .updateTable('lex_bot_locales')
      .set({ ...status, last_build_at: now.toISOString(), updated_at: now.toISOString() })
      .where('bot_id', '=', botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', localeId)
      .execute();
    return { botId, botVersion: DRAFT, localeId, botLocaleStatus: status.status, lastBuildSubmittedDateTime: now };
  }

  async deleteBotLocale(scope: Scope, botId: string, localeId: string) {
    await this.locale(scope, botId, DRAFT, localeId, 'precondition');
    const hadKendra = await this.hasKendraIntent(botId, DRAFT, localeId);
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_intents').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
      await tx.deleteFrom('lex_bot_locales').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
    });
    if (hadKendra) await this.grants.reconcile((await this.bot(scope, botId)).role_arn);
    return { botId, botVersion: DRAFT, localeId, botLocaleStatus: 'Deleting' };
  }

  private async hasKendraIntent(botId: string, botVersion: string, localeId: string): Promise<boolean> {
    const rows = await this.db.selectFrom('lex_intents').select('definition').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
    return rows.some((r) => parseJson<{ kendraConfiguration?: unknown }>(r.definition, {}).kendraConfiguration !== undefined);
  }

  private async markUnbuilt(tx: Tx, botId: string, localeId: string, now: Date): Promise<void> {
    await tx
      .updateTable('lex_bot_locales')
      .set({ ...settled('NotBuilt'), updated_at: now.toISOString() })
      .where('bot_id', '=', botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', localeId)
      .execute();
  }

  // ---- intents ----

  async createIntent(scope: Scope, input: { botId: string; botVersion: string; localeId: string; intentName: string; parentIntentSignature?: string; kendraConfiguration?: { kendraIndex: string }; sampleUtterances?: { utterance: string }[]; [k: string]: unknown }) {
    const bot = await this.bot(scope, input.botId, 'precondition');
    await this.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const signature = input.parentIntentSignature;
    if (signature !== undefined && !signature.startsWith(BUILTIN_PREFIX)) {
      throw invalid(`The parent intent signature ${signature} is not a built-in intent.`);
    }
    if (signature === FALLBACK) throw conflict('The locale already has the built-in FallbackIntent.');
    if (signature === KENDRA && !input.kendraConfiguration) {
      throw invalid('kendraConfiguration is required for an intent whose parentIntentSignature is AMAZON.KendraSearchIntent.');
    }
    if (input.kendraConfiguration && signature !== KENDRA) {
      throw invalid('kendraConfiguration can only be set on an intent whose parentIntentSignature is AMAZON.KendraSearchIntent.');
    }
    if (signature === KENDRA && (input.sampleUtterances?.length ?? 0) > 0) {
      throw invalid('An AMAZON.KendraSearchIntent intent cannot have sample utterances.');
    }
    if (input.kendraConfiguration) {
      const index = parseKendraIndex(input.kendraConfiguration.kendraIndex);
      if (index.accountId !== scope.accountId) throw invalid(`The Kendra index ${input.kendraConfiguration.kendraIndex} must be in account ${scope.accountId}.`);
    }
    const now = this.now();
    const intentId = lexId();
    const { botId: _b, botVersion: _v, localeId: _l, intentName, ...definition } = input;
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx
        .selectFrom('lex_intents')
        .select('intent_id')
        .where('bot_id', '=', input.botId)
        .where('bot_version', '=', DRAFT)
        .where('locale_id', '=', input.localeId)
        .where('intent_name', '=', intentName)
        .executeTakeFirst();
      if (clash) throw conflict(`An intent with the name '${intentName}' already exists in locale ${input.localeId}.`);
      await tx
        .insertInto('lex_intents')
        .values({ bot_id: input.botId, bot_version: DRAFT, locale_id: input.localeId, intent_id: intentId, intent_name: intentName, definition: JSON.stringify(definition), created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await this.markUnbuilt(tx, input.botId, input.localeId, now);
    });
    if (input.kendraConfiguration) {
      await this.downstream.register(scope.accountId, input.kendraConfiguration.kendraIndex, 'kendra-index');
      await this.grants.reconcile(bot.role_arn);
    }
    return { ...definition, botId: input.botId, botVersion: DRAFT, localeId: input.localeId, intentId, intentName, creationDateTime: now };
  }

  intentView(row: LexIntentRow) {
    return {
      ...parseJson<{ description?: string; parentIntentSignature?: string; [k: string]: unknown }>(row.definition, {}),
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      intentId: row.intent_id,
      intentName: row.intent_name,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async intents(botId: string, botVersion: string, localeId: string): Promise<LexIntentRow[]> {
    return this.db.selectFrom('lex_intents').selectAll().where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).execute();
  }

  async describeIntent(scope: Scope, input: { botId: string; botVersion: string; localeId: string; intentId: string }) {
    await this.locale(scope, input.botId, input.botVersion, input.localeId);
    const row = await this.db
      .selectFrom('lex_intents')
      .selectAll()
      .where('bot_id', '=', input.botId)
      .where('bot_version', '=', input.botVersion)
      .where('locale_id', '=', input.localeId)
      .where('intent_id', '=', input.intentId)
      .executeTakeFirst();
    if (!row) throw notFound();
    return this.intentView(row);
  }

  async listIntents(scope: Scope, input: { botId: string; botVersion: string; localeId: string; filters?: Filter[]; sortBy?: { attribute: string; order: string }; maxResults?: number; nextToken?: string }) {
    await this.locale(scope, input.botId, input.botVersion, input.localeId);
    let rows = (await this.intents(input.botId, input.botVersion, input.localeId)).map((r) => this.intentView(r));
    for (const filter of input.filters ?? []) rows = rows.filter((r) => matchesFilter(r.intentName, filter));
    const descending = input.sortBy?.order === 'Descending';
    const byTime = input.sortBy?.attribute === 'LastUpdatedDateTime';
    rows.sort((a, b) => (descending ? -1 : 1) * (byTime ? a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime() : a.intentName.localeCompare(b.intentName)));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      intentSummaries: items.map((r) => ({
        intentId: r.intentId,
        intentName: r.intentName,
        description: r.description,
        parentIntentSignature: r.parentIntentSignature,
        lastUpdatedDateTime: r.lastUpdatedDateTime,
      })),
      nextToken,
    };
  }

  async deleteIntent(scope: Scope, input: { botId: string; localeId: string; intentId: string }) {
    const bot = await this.bot(scope, input.botId, 'precondition');
    const row = await this.db
      .selectFrom('lex_intents')
      .selectAll()
      .where('bot_id', '=', input.botId)
      .where('bot_version', '=', DRAFT)
      .where('locale_id', '=', input.localeId)
      .where('intent_id', '=', input.intentId)
      .executeTakeFirst();
    if (!row) throw preconditionFailed();
    if (row.intent_id === FALLBACK_INTENT_ID) throw invalid('The built-in FallbackIntent cannot be deleted.');
    await this.ctx.store.transaction(async (tx) => {
      await tx
        .deleteFrom('lex_intents')
        .where('bot_id', '=', input.botId)
        .where('bot_version', '=', DRAFT)
        .where('locale_id', '=', input.localeId)
        .where('intent_id', '=', input.intentId)
        .execute();
      await this.markUnbuilt(tx, input.botId, input.localeId, this.now());
    });
    if (parseJson<{ kendraConfiguration?: unknown }>(row.definition, {}).kendraConfiguration) await this.grants.reconcile(bot.role_arn);
  }

  // ---- versions ----

  async createBotVersion(scope: Scope, input: { botId: string; description?: string; botVersionLocaleSpecification: Record<string, { sourceBotVersion: string }> }) {
    await this.bot(scope, input.botId, 'precondition');
    const now = this.now();
    for (const [localeId, spec] of Object.entries(input.botVersionLocaleSpecification)) {
      if (spec.sourceBotVersion !== DRAFT) throw invalid(`Only the DRAFT version can be the source of a new version (locale ${localeId}).`);
      const locale = await this.findLocale(input.botId, DRAFT, localeId);
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
        .values({ bot_id: input.botId, bot_version: botVersion, version_number: number, description: input.description ?? null, ...status, locale_specification: JSON.stringify(input.botVersionLocaleSpecification), created_at: now.toISOString() })
        .execute();
      for (const localeId of Object.keys(input.botVersionLocaleSpecification)) {
        const locale = await tx.selectFrom('lex_bot_locales').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).executeTakeFirstOrThrow();
        await tx.insertInto('lex_bot_locales').values({ ...locale, bot_version: botVersion, ...settled('Built'), created_at: now.toISOString(), updated_at: now.toISOString() }).execute();
        const intents = await tx.selectFrom('lex_intents').selectAll().where('bot_id', '=', input.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).execute();
        for (const intent of intents) await tx.insertInto('lex_intents').values({ ...intent, bot_version: botVersion }).execute();
      }
      return botVersion;
    });
    return { botId: input.botId, botVersion: version, description: input.description, botStatus: status.status, creationDateTime: now, botVersionLocaleSpecification: input.botVersionLocaleSpecification };
  }

  async listBotVersions(scope: Scope, input: { botId: string; sortBy?: { order: string }; maxResults?: number; nextToken?: string }) {
    const bot = await this.bot(scope, input.botId);
    const rows = await this.db.selectFrom('lex_bot_versions').selectAll().where('bot_id', '=', input.botId).execute();
    const descending = input.sortBy?.order === 'Descending';
    rows.sort((a, b) => (descending ? -1 : 1) * (a.version_number - b.version_number));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersionSummaries: items.map((row) => ({
        botName: bot.bot_name,
        botVersion: row.bot_version,
        description: row.description ?? undefined,
        botStatus: effectiveStatus(row, this.now()),
        creationDateTime: new Date(row.created_at),
      })),
      nextToken,
    };
  }

  async versionExists(botId: string, botVersion: string): Promise<boolean> {
    return (await this.db.selectFrom('lex_bot_versions').select('bot_version').where('bot_id', '=', botId).where('bot_version', '=', botVersion).executeTakeFirst()) !== undefined;
  }

  // ---- aliases ----

  async findAlias(botId: string, botAliasId: string): Promise<LexBotAliasRow | undefined> {
    return this.db.selectFrom('lex_bot_aliases').selectAll().where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).executeTakeFirst();
  }

  private async checkAliasSettings(scope: Scope, botId: string, botVersion: string | undefined, input: AliasInput): Promise<void> {
    if (botVersion !== undefined && botVersion !== DRAFT && !(await this.versionExists(botId, botVersion))) {
      throw preconditionFailed(`Version ${botVersion} of bot ${botId} does not exist.`);
    }
    for (const localeId of Object.keys(input.botAliasLocaleSettings ?? {})) {
      const locale = botVersion === undefined ? undefined : await this.findLocale(botId, botVersion, localeId);
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

  async createBotAlias(scope: Scope, input: AliasInput, botAliasId = lexId()) {
    const bot = await this.bot(scope, input.botId, 'precondition');
    await this.checkAliasSettings(scope, input.botId, input.botVersion, input);
    const now = this.now();
    const settings: AliasSettings & { description?: string } = {
      description: input.description,
      botAliasLocaleSettings: input.botAliasLocaleSettings,
      conversationLogSettings: input.conversationLogSettings,
      sentimentAnalysisSettings: input.sentimentAnalysisSettings,
    };
    const status = transition('Creating', 'Available', now, this.ctx.transitionMs);
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', input.botId).where('bot_alias_name', '=', input.botAliasName).executeTakeFirst();
      if (clash) throw conflict(`An alias with the name '${input.botAliasName}' already exists for bot ${input.botId}.`);
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
      await this.writeTags(tx, botAliasArn(scope.region, scope.accountId, input.botId, botAliasId), input.tags ?? {});
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
      botAliasStatus: effectiveStatus(row, this.now()),
      botAliasHistoryEvents: history.map((h) => ({ botVersion: h.botVersion, startDate: new Date(h.startDate), endDate: h.endDate ? new Date(h.endDate) : undefined })),
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async alias(scope: Scope, botId: string, botAliasId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexBotAliasRow> {
    await this.bot(scope, botId, missing);
    const alias = await this.findAlias(botId, botAliasId);
    if (!alias) throw missing === 'notFound' ? notFound() : preconditionFailed();
    return alias;
  }

  async describeBotAlias(scope: Scope, botId: string, botAliasId: string) {
    return this.aliasView(await this.alias(scope, botId, botAliasId));
  }

  async updateBotAlias(scope: Scope, input: AliasInput & { botAliasId: string }) {
    const bot = await this.bot(scope, input.botId, 'precondition');
    const alias = await this.alias(scope, input.botId, input.botAliasId, 'precondition');
    if (alias.bot_alias_id === TEST_ALIAS_ID && input.botVersion !== undefined && input.botVersion !== DRAFT) {
      throw invalid('The test alias TSTALIASID always points to the DRAFT version.');
    }
    const botVersion = alias.bot_alias_id === TEST_ALIAS_ID ? DRAFT : input.botVersion;
    await this.checkAliasSettings(scope, input.botId, botVersion, input);
    if (input.botAliasName !== alias.bot_alias_name) {
      const clash = await this.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', input.botId).where('bot_alias_name', '=', input.botAliasName).executeTakeFirst();
      if (clash) throw conflict(`An alias with the name '${input.botAliasName}' already exists for bot ${input.botId}.`);
    }
    const now = this.now();
    const settings: AliasSettings & { description?: string } = {
      description: input.description,
      botAliasLocaleSettings: input.botAliasLocaleSettings,
      conversationLogSettings: input.conversationLogSettings,
      sentimentAnalysisSettings: input.sentimentAnalysisSettings,
    };
    const history = parseJson<{ botVersion: string; startDate: string; endDate?: string }[]>(alias.history, []);
    if ((botVersion ?? null) !== alias.bot_version) {
      const open = history.find((h) => !h.endDate);
      if (open) open.endDate = now.toISOString();
      if (botVersion) history.push({ botVersion, startDate: now.toISOString() });
    }
    // BotAliasStatus has no Updating: an update keeps the alias Available.
    await this.db
      .updateTable('lex_bot_aliases')
      .set({ bot_alias_name: input.botAliasName, bot_version: botVersion ?? null, ...settled('Available'), settings: JSON.stringify(settings), history: JSON.stringify(history), updated_at: now.toISOString() })
      .where('bot_id', '=', input.botId)
      .where('bot_alias_id', '=', input.botAliasId)
      .execute();
    await this.registerDownstream(scope, settings);
    await this.grants.reconcile(bot.role_arn);
    return { ...settings, botAliasId: input.botAliasId, botAliasName: input.botAliasName, botId: input.botId, botVersion, botAliasStatus: 'Available', creationDateTime: new Date(alias.created_at), lastUpdatedDateTime: now };
  }

  async listBotAliases(scope: Scope, input: { botId: string; maxResults?: number; nextToken?: string }) {
    await this.bot(scope, input.botId);
    const rows = await this.db.selectFrom('lex_bot_aliases').selectAll().where('bot_id', '=', input.botId).execute();
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

  async deleteBotAlias(scope: Scope, botId: string, botAliasId: string, skipResourceInUseCheck: boolean) {
    const bot = await this.bot(scope, botId, 'precondition');
    await this.alias(scope, botId, botAliasId, 'precondition');
    if (botAliasId === TEST_ALIAS_ID) throw invalid('The test alias TSTALIASID cannot be deleted.');
    const channels = await this.db.selectFrom('lex_channels').select('channel_name').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
    if (channels.length > 0 && !skipResourceInUseCheck) {
      throw preconditionFailed(
        `Bot alias ${botAliasId} is used by channel integration(s) ${channels.map((c) => c.channel_name).join(', ')}. Delete them first, or set skipResourceInUseCheck to delete the alias anyway.`,
      );
    }
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_channels').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
      await tx.deleteFrom('lex_tags').where('resource_arn', '=', botAliasArn(scope.region, scope.accountId, botId, botAliasId)).execute();
      await tx.deleteFrom('lex_bot_aliases').where('bot_id', '=', botId).where('bot_alias_id', '=', botAliasId).execute();
    });
    await this.grants.reconcile(bot.role_arn);
    return { botId, botAliasId, botAliasStatus: 'Deleting' };
  }

  // ---- tags ----

  private async writeTags(tx: Tx, resourceArn: string, tags: Tags): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      await tx.deleteFrom('lex_tags').where('resource_arn', '=', resourceArn).where('tag_key', '=', key).execute();
      await tx.insertInto('lex_tags').values({ resource_arn: resourceArn, tag_key: key, tag_value: value }).execute();
    }
  }

  /** The resource behind a taggable ARN in this account and region, or ResourceNotFoundException. */
  async taggable(scope: Scope, resourceArn: string): Promise<string> {
    const parsed = parseLexArn(resourceArn);
    if (!parsed || parsed.accountId !== scope.accountId || parsed.region !== scope.region) throw notFound(`The resource ${resourceArn} does not exist.`);
    if (parsed.kind === 'bot' && (await this.findBot(scope, parsed.botId!))) return resourceArn;
    if (parsed.kind === 'bot-alias' && (await this.findBot(scope, parsed.botId!)) && (await this.findAlias(parsed.botId!, parsed.botAliasId!))) return resourceArn;
    if (parsed.kind === 'bot-channel') {
      const channel = await this.db
        .selectFrom('lex_channels')
        .innerJoin('lex_bots', 'lex_bots.bot_id', 'lex_channels.bot_id')
        .innerJoin('lex_bot_aliases', (join) => join.onRef('lex_bot_aliases.bot_id', '=', 'lex_channels.bot_id').onRef('lex_bot_aliases.bot_alias_id', '=', 'lex_channels.bot_alias_id'))
        .select('lex_channels.channel_id')
        .where('lex_channels.account_id', '=', scope.accountId)
        .where('lex_channels.region', '=', scope.region)
        .where('lex_bots.bot_name', '=', parsed.botName!)
        .where('lex_bot_aliases.bot_alias_name', '=', parsed.botAliasName!)
        .where('lex_channels.channel_name', '=', parsed.channelName!)
        .executeTakeFirst();
      if (channel) return resourceArn;
    }
    throw notFound(`The resource ${resourceArn} does not exist.`);
  }

  async tags(resourceArn: string): Promise<Tags> {
    const rows = await this.db.selectFrom('lex_tags').select(['tag_key', 'tag_value']).where('resource_arn', '=', resourceArn).orderBy('tag_key').execute();
    return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
  }

  async tagResource(scope: Scope, resourceArn: string, tags: Tags): Promise<void> {
    await this.taggable(scope, resourceArn);
    const existing = await this.tags(resourceArn);
    if (Object.keys({ ...existing, ...tags }).length > 200) throw invalid('A resource can have at most 200 tags.');
    await this.ctx.store.transaction((tx) => this.writeTags(tx, resourceArn, tags));
  }

  async untagResource(scope: Scope, resourceArn: string, tagKeys: string[]): Promise<void> {
    await this.taggable(scope, resourceArn);
    if (tagKeys.length > 0) await this.db.deleteFrom('lex_tags').where('resource_arn', '=', resourceArn).where('tag_key', 'in', tagKeys).execute();
  }

  async listTagsForResource(scope: Scope, resourceArn: string) {
    await this.taggable(scope, resourceArn);
    return { tags: await this.tags(resourceArn) };
  }
}

export function parseKendraIndex(arn: string): { region: string; accountId: string; indexId: string } {
  const m = /^arn:aws:kendra:([a-z0-9-]+):(\d{12}):index\/(.+)$/.exec(arn);
  if (!m) throw invalid(`The Kendra index ARN ${arn} is not valid.`);
  return { region: m[1], accountId: m[2], indexId: m[3] };
}
