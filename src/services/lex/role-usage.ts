// What uses Lex's service-linked roles, for IAM's deletion tasks: a bot's role is used by the bots
// naming it (listed by region as bot ARNs) and, right now, by conversations in progress on them; a
// channel's role by its channel integration and the conversations arriving on it.
import { usageByRegion, type LinkedService, type RoleUsage } from '../iam/linked-services.js';
import { roleKey } from '../iam/roles.js';
import type { LexContext } from './context.js';
import type { Conversations } from './conversations.js';
import { botArn, channelArn } from './ids.js';

export class BotRoleUsage implements LinkedService {
  constructor(
    private readonly ctx: LexContext,
    private readonly conversations: Conversations,
  ) {}

  async roleUsage(accountId: string, roleName: string): Promise<RoleUsage> {
    const bots = await this.ctx.store.db
      .selectFrom('lex_bots')
      .select(['bot_id', 'region'])
      .where('account_id', '=', accountId)
      .where('role_key', '=', roleKey(roleName))
      .execute();
    return {
      inUseNow: await this.conversations.roleInUse(accountId, 'bot_role_key', roleKey(roleName)),
      usage: usageByRegion(bots.map((b) => ({ region: b.region, arn: botArn(b.region, accountId, b.bot_id) }))),
    };
  }
}

export class ChannelRoleUsage implements LinkedService {
  constructor(
    private readonly ctx: LexContext,
    private readonly conversations: Conversations,
  ) {}

  async roleUsage(accountId: string, roleName: string): Promise<RoleUsage> {
    const channels = await this.ctx.store.db
      .selectFrom('lex_channels')
      .innerJoin('lex_bots', 'lex_bots.bot_id', 'lex_channels.bot_id')
      .innerJoin('lex_bot_aliases', (join) => join.onRef('lex_bot_aliases.bot_id', '=', 'lex_channels.bot_id').onRef('lex_bot_aliases.bot_alias_id', '=', 'lex_channels.bot_alias_id'))
      .select(['lex_channels.region', 'lex_channels.channel_name', 'lex_bots.bot_name', 'lex_bot_aliases.bot_alias_name'])
      .where('lex_channels.account_id', '=', accountId)
      .where('lex_channels.role_key', '=', roleKey(roleName))
      .execute();
    return {
      inUseNow: await this.conversations.roleInUse(accountId, 'channel_role_key', roleKey(roleName)),
      usage: usageByRegion(channels.map((c) => ({ region: c.region, arn: channelArn(c.region, accountId, c.bot_name, c.bot_alias_name, c.channel_name) }))),
    };
  }
}
