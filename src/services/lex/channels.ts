// Channel integrations (Slack, Facebook, Twilio SMS): AWS offers them only in the Lex console; here
// they are a REST extension (data/extension-models/lex-channels.json) and `linkedrole lex` commands.
// Each channel gets its own AWSServiceRoleForLexV2Channels_<suffix> role (AmazonLexChannelsAccess,
// plus an inline grant to converse with exactly its bot alias), and a message arriving on its webhook
// is answered through that role.
import {
  errors as channelErrors,
  type ChannelDescription,
  type ChannelPlatform,
  type CreateBotChannelRequest,
  type DeleteBotChannelResponse,
  type ListBotChannelsRequest,
  type ListBotChannelsResponse,
  type PlatformConfiguration,
  type PostChannelMessageRequest,
  type PostChannelMessageResponse,
} from '../../aws/generated/lex-channels.js';
import type { LexChannelRow } from '../../store/schema.js';
import { roleKey } from '../iam/roles.js';
import { conflict, invalid, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import type { Conversations } from './conversations.js';
import { botAliasArn, channelArn, CHANNELS_PRINCIPAL } from './ids.js';
import { parseRoleArn } from '../kit/arns.js';
import { notAuthorizedMessage } from '../kit/refusals.js';
import type { LexModels } from './models.js';
import type { Scope } from '../kit/scope.js';

interface ChannelSettings {
  description?: string;
  sessionTimeoutInMinutes: number;
  platformConfiguration: PlatformConfiguration;
}

/** The name of the inline policy that lets a channel's role converse with its alias. */
export const CHANNEL_GRANT_NAME = 'AmazonLexV2-ChannelBotAliasAccess';

const PLATFORM_KEY: Record<ChannelPlatform, keyof PlatformConfiguration> = { Slack: 'slack', Facebook: 'facebook', TwilioSms: 'twilioSms' };

/** The secret a platform presents on each webhook call (Slack's verification token, ...). */
function webhookToken(platform: ChannelPlatform, config: PlatformConfiguration): string | undefined {
  if (platform === 'Slack') return config.slack?.verificationToken;
  if (platform === 'Facebook') return config.facebook?.verifyToken;
  return config.twilioSms?.authToken;
}

export function channelGrant(aliasArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'ConverseWithBotAlias', Effect: 'Allow', Action: ['lex:RecognizeText', 'lex:GetSession', 'lex:PutSession'], Resource: aliasArn }],
  });
}

export class Channels {
  constructor(
    private readonly ctx: LexContext,
    private readonly models: LexModels,
    private readonly conversations: Conversations,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  async create(scope: Scope, input: CreateBotChannelRequest, channelId: string, roleSuffix: string): Promise<ChannelDescription> {
    const bot = await this.models.bots.bot(scope, input.botId);
    const alias = await this.models.aliases.findAlias(input.botId, input.botAliasId);
    if (!alias) throw notFound(`Bot alias ${input.botAliasId} of bot ${input.botId} does not exist.`);
    const key = PLATFORM_KEY[input.platform];
    const given = Object.keys(input.platformConfiguration).filter((k) => input.platformConfiguration[k as keyof PlatformConfiguration] !== undefined);
    if (!input.platformConfiguration[key] || given.length !== 1) {
      throw invalid(`platformConfiguration must hold exactly the ${key} configuration for the ${input.platform} platform.`);
    }
    const version = alias.bot_version;
    const locale = version
      ? await this.db.selectFrom('lex_bot_locales').select('locale_id').where('bot_id', '=', input.botId).where('bot_version', '=', version).where('locale_id', '=', input.localeId).executeTakeFirst()
      : undefined;
    if (!locale) throw invalid(`The locale ${input.localeId} is not in the version the alias ${input.botAliasId} points to.`);
    const clash = await this.db.selectFrom('lex_channels').select('channel_id').where('bot_id', '=', input.botId).where('channel_name', '=', input.channelName).executeTakeFirst();
    if (clash) throw conflict(`A channel integration named '${input.channelName}' already exists for bot ${input.botId}.`);
    // A new role for each channel, allowed to converse with exactly this alias.
    const role = await this.ctx.serviceLinkedRoles.create(scope.accountId, CHANNELS_PRINCIPAL, { customSuffix: roleSuffix });
    const aliasArn = botAliasArn(scope.region, scope.accountId, input.botId, input.botAliasId);
    await this.ctx.serviceLinkedRoles.putServicePolicy(scope.accountId, role.roleName, CHANNEL_GRANT_NAME, channelGrant(aliasArn));
    const now = this.ctx.clock();
    const settings: ChannelSettings = { description: input.description, sessionTimeoutInMinutes: input.sessionTimeoutInMinutes ?? 5, platformConfiguration: input.platformConfiguration };
    const row: LexChannelRow = {
      channel_id: channelId,
      account_id: scope.accountId,
      region: scope.region,
      bot_id: input.botId,
      bot_alias_id: input.botAliasId,
      locale_id: input.localeId,
      channel_name: input.channelName,
      platform: input.platform,
      role_arn: role.arn,
      role_key: roleKey(role.roleName),
      status: 'Created',
      settings: JSON.stringify(settings),
      created_at: now.toISOString(),
    };
    const arn = channelArn(scope.region, scope.accountId, bot.bot_name, alias.bot_alias_name, input.channelName);
    await this.ctx.store.transaction(async (tx) => {
      if (await tx.selectFrom('lex_channels').select('channel_id').where('bot_id', '=', input.botId).where('channel_name', '=', input.channelName).executeTakeFirst()) {
        throw conflict(`A channel integration named '${input.channelName}' already exists for bot ${input.botId}.`);
      }
      await tx.insertInto('lex_channels').values(row).execute();
      for (const [k, v] of Object.entries(input.tags ?? {})) await tx.insertInto('lex_tags').values({ resource_arn: arn, tag_key: k, tag_value: v }).execute();
    });
    return this.view(row, bot.bot_name, alias.bot_alias_name);
  }

  private async view(row: LexChannelRow, botName?: string, aliasName?: string) {
    const settings = parseJson<ChannelSettings>(row.settings, { sessionTimeoutInMinutes: 5, platformConfiguration: {} });
    botName ??= (await this.db.selectFrom('lex_bots').select('bot_name').where('bot_id', '=', row.bot_id).executeTakeFirst())?.bot_name ?? row.bot_id;
    aliasName ??= (await this.models.aliases.findAlias(row.bot_id, row.bot_alias_id))?.bot_alias_name ?? row.bot_alias_id;
    const arn = channelArn(row.region, row.account_id, botName, aliasName, row.channel_name);
    return {
      channelId: row.channel_id,
      channelName: row.channel_name,
      description: settings.description,
      botId: row.bot_id,
      botAliasId: row.bot_alias_id,
      localeId: row.locale_id,
      platform: row.platform,
      channelStatus: row.status,
      roleArn: row.role_arn,
      // The console's General configuration shows the role by name, linked to IAM.
      roleName: parseRoleArn(row.role_arn)?.roleName ?? row.role_arn,
      sessionTimeoutInMinutes: settings.sessionTimeoutInMinutes,
      callbackPath: `/lex/channels/${row.channel_id}/webhook`,
      channelArn: arn,
      creationDateTime: new Date(row.created_at),
      tags: await this.models.tagging.tags(arn),
    };
  }

  private async channel(scope: Scope, botId: string, channelId: string, missing: 'notFound' | 'precondition' = 'notFound'): Promise<LexChannelRow> {
    await this.models.bots.bot(scope, botId);
    const row = await this.db.selectFrom('lex_channels').selectAll().where('bot_id', '=', botId).where('channel_id', '=', channelId).executeTakeFirst();
    if (!row) throw missing === 'notFound' ? notFound(`Channel integration ${channelId} of bot ${botId} does not exist.`) : preconditionFailed();
    return row;
  }

  async describe(scope: Scope, botId: string, channelId: string): Promise<ChannelDescription> {
    return this.view(await this.channel(scope, botId, channelId));
  }

  async list(scope: Scope, input: ListBotChannelsRequest): Promise<ListBotChannelsResponse> {
    await this.models.bots.bot(scope, input.botId);
    const rows = await this.db.selectFrom('lex_channels').selectAll().where('bot_id', '=', input.botId).orderBy('channel_name').execute();
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      channelSummaries: items.map((row) => ({
        channelId: row.channel_id,
        channelName: row.channel_name,
        description: parseJson<ChannelSettings>(row.settings, { sessionTimeoutInMinutes: 5, platformConfiguration: {} }).description,
        platform: row.platform,
        botAliasId: row.bot_alias_id,
        localeId: row.locale_id,
        channelStatus: row.status,
        roleName: parseRoleArn(row.role_arn)?.roleName,
        creationDateTime: new Date(row.created_at),
      })),
      nextToken,
    };
  }

  /** Deletes the channel; its role stays (delete it in IAM, as the seed's procedure says). */
  async delete(scope: Scope, botId: string, channelId: string): Promise<DeleteBotChannelResponse> {
    const row = await this.channel(scope, botId, channelId);
    const view = await this.view(row);
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_tags').where('resource_arn', '=', view.channelArn).execute();
      await tx.deleteFrom('lex_channels').where('channel_id', '=', channelId).execute();
    });
    return { botId, channelId, channelStatus: 'Deleting' };
  }

  /**
   * A message from the platform on the channel's webhook: verified with the platform's token, then
   * answered through the channel's role (it must be allowed lex:RecognizeText on the alias).
   */
  async postMessage(scope: Scope, input: PostChannelMessageRequest, requestId?: string): Promise<PostChannelMessageResponse> {
    const row = await this.db.selectFrom('lex_channels').selectAll().where('channel_id', '=', input.channelId).executeTakeFirst();
    if (!row || row.account_id !== scope.accountId || row.region !== scope.region) throw notFound(`Channel integration ${input.channelId} does not exist.`);
    const settings = parseJson<ChannelSettings>(row.settings, { sessionTimeoutInMinutes: 5, platformConfiguration: {} });
    if (webhookToken(row.platform, settings.platformConfiguration) !== input.token) {
      throw channelErrors.AccessDeniedException(`The request's token does not match the ${row.platform} configuration of channel ${row.channel_id}.`);
    }
    const aliasArn = botAliasArn(row.region, row.account_id, row.bot_id, row.bot_alias_id);
    const roleName = parseRoleArn(row.role_arn)!.roleName;
    let session;
    try {
      session = await this.ctx.onBehalf.assume(scope.accountId, CHANNELS_PRINCIPAL, roleName, scope.region);
    } catch (error) {
      throw channelErrors.AccessDeniedException(`Amazon Lex channels could not assume the role ${row.role_arn}: ${(error as Error).message}`);
    }
    const decision = await session.authorize({ action: 'lex:RecognizeText', resource: aliasArn, eventName: 'RecognizeText', eventSource: 'lex.amazonaws.com' });
    if (decision.decision !== 'allowed') {
      throw channelErrors.AccessDeniedException(notAuthorizedMessage(session.roleArn, 'lex:RecognizeText', aliasArn, decision));
    }
    const sessionId = `${row.platform.toLowerCase()}-${row.channel_id}-${input.userId}`;
    const answer = await this.conversations.recognizeText(
      scope,
      { botId: row.bot_id, botAliasId: row.bot_alias_id, localeId: row.locale_id, sessionId, text: input.text },
      { channelRoleKey: row.role_key, channel: row.platform, requestId },
    );
    return {
      channelId: row.channel_id,
      sessionId,
      intentName: answer.sessionState.intent?.name,
      messages: answer.messages.map((m) => ({ contentType: m.contentType, content: m.content })),
    };
  }
}
