// Lex V2 bots: names unique per account and region, the role each bot acts through (given, or its own
// service-linked role), and the DRAFT version and TSTALIASID test alias every bot is created with.
import { roleKey } from '../iam/roles.js';
import type { LexBotRow } from '../../store/schema.js';
import type { Db } from '../../store/database.js';
import { conflict, invalid, matchesFilter, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import type { RoleGrants } from './grants.js';
import { botAliasArn, botArn, DRAFT, LEX_PRINCIPAL, TEST_ALIAS_ID, TEST_ALIAS_NAME } from './ids.js';
import { parseRoleArn } from '../kit/arns.js';
import { effectiveStatus, settled, transition } from './status.js';
import { writeTags, type Tags } from './tags.js';
import type { Scope } from '../kit/scope.js';
import type { BotLookup } from './types.js';
import { deleteLocaleParts } from './locale-parts.js';
import type {
  CreateBotRequest,
  CreateBotResponse,
  DeleteBotResponse,
  DescribeBotResponse,
  ListBotsRequest,
  ListBotsResponse,
  UpdateBotRequest,
  UpdateBotResponse,
} from '../../aws/generated/lexv2-models.js';

/** CreateBot's input; the role is optional (see api.ts: without one, Lex creates the bot's own role). */
export type CreateBotInput = Omit<CreateBotRequest, 'roleArn'> & { roleArn?: string };
export type UpdateBotInput = Omit<UpdateBotRequest, 'roleArn'> & { roleArn?: string };

/** What a bot row keeps in its `settings` JSON: the input's members that have no column. */
type BotSettings = Pick<CreateBotRequest, 'description' | 'dataPrivacy' | 'idleSessionTTLInSeconds' | 'botType' | 'botMembers' | 'errorLogSettings'>;

function botSettings(input: UpdateBotInput | CreateBotInput): BotSettings {
  return {
    description: input.description,
    dataPrivacy: input.dataPrivacy,
    idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
    botType: input.botType,
    botMembers: input.botMembers,
    errorLogSettings: input.errorLogSettings,
  };
}

export class Bots implements BotLookup {
  constructor(
    private readonly ctx: LexContext,
    private readonly grants: RoleGrants,
  ) {}

  async findBot(scope: Scope, botId: string): Promise<LexBotRow | undefined> {
    return this.ctx.store.db
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
    const role = await this.ctx.serviceLinkedRoles.create(scope.accountId, LEX_PRINCIPAL, { customSuffix });
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

  /** `db` is the store, or the transaction that inserts the bot (which checks again, racing creates). */
  private async checkBotName(db: Db, scope: Scope, botName: string, exceptBotId?: string): Promise<void> {
    const clash = await db
      .selectFrom('lex_bots')
      .select('bot_id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('bot_name', '=', botName)
      .executeTakeFirst();
    if (clash && clash.bot_id !== exceptBotId) throw conflict(`A bot with the name '${botName}' already exists in this account.`);
  }

  /** CreateBot. `roleArn` undefined: `newRole` makes the bot's own service-linked role (as the console does). */
  async createBot(scope: Scope, input: CreateBotInput, botId: string, newRole: () => Promise<string>): Promise<CreateBotResponse> {
    await this.checkBotName(this.ctx.store.db, scope, input.botName);
    const roleArn = input.roleArn ? await this.checkRole(scope, input.roleArn) : await newRole();
    const now = this.ctx.clock();
    const settings = botSettings(input);
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
      await this.checkBotName(tx, scope, input.botName);
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
      await writeTags(tx, botArn(scope.region, scope.accountId, botId), input.botTags ?? {});
      await writeTags(tx, botAliasArn(scope.region, scope.accountId, botId, TEST_ALIAS_ID), input.testBotAliasTags ?? {});
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

  botView(bot: LexBotRow): DescribeBotResponse & Required<Pick<DescribeBotResponse, 'botId' | 'botName' | 'botStatus' | 'lastUpdatedDateTime'>> {
    const settings = parseJson<BotSettings>(bot.settings, { dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 });
    return {
      botId: bot.bot_id,
      botName: bot.bot_name,
      description: settings.description,
      roleArn: bot.role_arn,
      dataPrivacy: settings.dataPrivacy,
      idleSessionTTLInSeconds: settings.idleSessionTTLInSeconds,
      botStatus: effectiveStatus(bot, this.ctx.clock()),
      creationDateTime: new Date(bot.created_at),
      lastUpdatedDateTime: new Date(bot.updated_at),
      botType: settings.botType,
      botMembers: settings.botMembers,
      errorLogSettings: settings.errorLogSettings,
    };
  }

  async describeBot(scope: Scope, botId: string): Promise<DescribeBotResponse> {
    return this.botView(await this.bot(scope, botId));
  }

  async updateBot(scope: Scope, input: UpdateBotInput, newRole: () => Promise<string>): Promise<UpdateBotResponse> {
    const bot = await this.bot(scope, input.botId, 'precondition');
    const status = effectiveStatus(bot, this.ctx.clock());
    if (status === 'Deleting') throw preconditionFailed();
    await this.checkBotName(this.ctx.store.db, scope, input.botName, bot.bot_id);
    let roleArn = bot.role_arn;
    if (input.roleArn) roleArn = await this.checkRole(scope, input.roleArn);
    else if (!(await this.ctx.findRole(scope.accountId, parseRoleArn(bot.role_arn)!.roleName))) roleArn = await newRole();
    const now = this.ctx.clock();
    const settings = botSettings(input);
    const statusColumns = transition('Updating', 'Available', now, this.ctx.transitionMs);
    await this.ctx.store.db
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

  async listBots(scope: Scope, input: ListBotsRequest): Promise<ListBotsResponse> {
    const rows = await this.ctx.store.db.selectFrom('lex_bots').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
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
    const rows = await this.ctx.store.db.selectFrom('lex_bot_versions').select(['bot_id', 'bot_version', 'version_number']).where('bot_id', 'in', botIds).where('version_number', '>', 0).execute();
    const best = new Map<string, number>();
    for (const row of rows) {
      if ((best.get(row.bot_id) ?? 0) < row.version_number) {
        best.set(row.bot_id, row.version_number);
        latest.set(row.bot_id, row.bot_version);
      }
    }
    return latest;
  }

  async deleteBot(scope: Scope, botId: string, skipResourceInUseCheck: boolean): Promise<DeleteBotResponse> {
    const bot = await this.bot(scope, botId, 'precondition');
    if (!skipResourceInUseCheck) {
      const aliases = await this.ctx.store.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', botId).where('bot_alias_id', '!=', TEST_ALIAS_ID).execute();
      const channels = await this.ctx.store.db.selectFrom('lex_channels').select('channel_name').where('bot_id', '=', botId).execute();
      if (aliases.length > 0 || channels.length > 0) {
        const users = [...aliases.map((a) => `bot alias ${a.bot_alias_id}`), ...channels.map((c) => `channel integration ${c.channel_name}`)];
        throw preconditionFailed(
          `Bot ${botId} is used by ${users.join(', ')}. Delete them first, or set skipResourceInUseCheck to delete the bot anyway.`,
        );
      }
    }
    const aliasArns = (await this.ctx.store.db.selectFrom('lex_bot_aliases').select('bot_alias_id').where('bot_id', '=', botId).execute()).map((a) =>
      botAliasArn(scope.region, scope.accountId, botId, a.bot_alias_id),
    );
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_intents').where('bot_id', '=', botId).execute();
      await deleteLocaleParts(tx, { botId });
      await tx.deleteFrom('lex_resource_policies').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_locales').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_versions').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_bot_aliases').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_channels').where('bot_id', '=', botId).execute();
      // The bot's conversations go with it (the turn log, turn-log.ts): nothing can read them any more.
      await tx.deleteFrom('lex_conversation_turns').where('bot_id', '=', botId).execute();
      await tx.deleteFrom('lex_tags').where('resource_arn', 'in', [botArn(scope.region, scope.accountId, botId), ...aliasArns]).execute();
      await tx.deleteFrom('lex_bots').where('bot_id', '=', botId).execute();
    });
    await this.grants.reconcile(bot.role_arn);
    return { botId, botStatus: 'Deleting' };
  }
}
