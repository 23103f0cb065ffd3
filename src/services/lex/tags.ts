// Tags on Lex V2 resources (bots, bot aliases, channel integrations, test sets), kept by ARN in lex_tags.
import type { Tx } from '../../store/database.js';
import { invalid, notFound, type LexContext } from './context.js';
import { parseLexArn } from './ids.js';
import type { Scope } from '../kit/scope.js';
import type { BotAliasLookup, BotLookup } from './types.js';

export type Tags = Record<string, string>;

/** Sets each tag (adding or replacing its value) inside the transaction that creates or tags the resource. */
export async function writeTags(tx: Tx, resourceArn: string, tags: Tags): Promise<void> {
  for (const [key, value] of Object.entries(tags)) {
    await tx.deleteFrom('lex_tags').where('resource_arn', '=', resourceArn).where('tag_key', '=', key).execute();
    await tx.insertInto('lex_tags').values({ resource_arn: resourceArn, tag_key: key, tag_value: value }).execute();
  }
}

export class LexTags {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly aliases: BotAliasLookup,
  ) {}

  /** The resource behind a taggable ARN in this account and region, or ResourceNotFoundException. */
  async taggable(scope: Scope, resourceArn: string): Promise<string> {
    const parsed = parseLexArn(resourceArn);
    if (!parsed || parsed.accountId !== scope.accountId || parsed.region !== scope.region) throw notFound(`The resource ${resourceArn} does not exist.`);
    if (parsed.kind === 'bot' && (await this.bots.findBot(scope, parsed.botId!))) return resourceArn;
    if (parsed.kind === 'bot-alias' && (await this.bots.findBot(scope, parsed.botId!)) && (await this.aliases.findAlias(parsed.botId!, parsed.botAliasId!))) return resourceArn;
    if (parsed.kind === 'bot-channel') {
      const channel = await this.ctx.store.db
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
    if (parsed.kind === 'test-set') {
      const testSet = await this.ctx.store.db
        .selectFrom('lex_test_sets')
        .select('test_set_id')
        .where('test_set_id', '=', parsed.testSetId!)
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .executeTakeFirst();
      if (testSet) return resourceArn;
    }
    throw notFound(`The resource ${resourceArn} does not exist.`);
  }

  async tags(resourceArn: string): Promise<Tags> {
    const rows = await this.ctx.store.db.selectFrom('lex_tags').select(['tag_key', 'tag_value']).where('resource_arn', '=', resourceArn).orderBy('tag_key').execute();
    return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
  }

  async tagResource(scope: Scope, resourceArn: string, tags: Tags): Promise<void> {
    await this.taggable(scope, resourceArn);
    const existing = await this.tags(resourceArn);
    if (Object.keys({ ...existing, ...tags }).length > 200) throw invalid('A resource can have at most 200 tags.');
    await this.ctx.store.transaction((tx) => writeTags(tx, resourceArn, tags));
  }

  async untagResource(scope: Scope, resourceArn: string, tagKeys: string[]): Promise<void> {
    await this.taggable(scope, resourceArn);
    if (tagKeys.length > 0) await this.ctx.store.db.deleteFrom('lex_tags').where('resource_arn', '=', resourceArn).where('tag_key', 'in', tagKeys).execute();
  }

  async listTagsForResource(scope: Scope, resourceArn: string) {
    await this.taggable(scope, resourceArn);
    return { tags: await this.tags(resourceArn) };
  }
}
