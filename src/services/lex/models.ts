// The Lex V2 model-building domain, assembled from one module per resource: bots, their locales and
// intents, versions, aliases and tags. AWS's rules live in those modules; this class only wires them
// together and offers their operations under one name, as the API binding and the other Lex modules
// (conversations, channels) call them. Results use AWS's member names.
import { BotAliases } from './bot-aliases.js';
import { BotLocales } from './bot-locales.js';
import { BotVersions } from './bot-versions.js';
import { Bots } from './bots.js';
import type { LexContext } from './context.js';
import { DownstreamResources } from './downstream.js';
import { RoleGrants } from './grants.js';
import { Intents } from './intents.js';
import { LexTags } from './tags.js';

export class LexModels {
  readonly grants: RoleGrants;
  readonly downstream: DownstreamResources;
  readonly bots: Bots;
  readonly locales: BotLocales;
  /** The intents of the bots' locales (`intents` is the operation that lists one locale's). */
  readonly localeIntents: Intents;
  readonly versions: BotVersions;
  readonly aliases: BotAliases;
  readonly tagging: LexTags;

  constructor(ctx: LexContext) {
    this.grants = new RoleGrants(ctx);
    this.downstream = new DownstreamResources(ctx);
    this.bots = new Bots(ctx, this.grants);
    this.locales = new BotLocales(ctx, this.bots, this.grants);
    this.localeIntents = new Intents(ctx, this.bots, this.locales, this.grants, this.downstream);
    this.versions = new BotVersions(ctx, this.bots, this.locales);
    this.aliases = new BotAliases(ctx, this.bots, this.locales, this.versions, this.grants, this.downstream);
    this.tagging = new LexTags(ctx, this.bots, this.aliases);
  }

  findBot: Bots['findBot'] = (...args) => this.bots.findBot(...args);
  bot: Bots['bot'] = (...args) => this.bots.bot(...args);
  createBotRole: Bots['createBotRole'] = (...args) => this.bots.createBotRole(...args);
  createBot: Bots['createBot'] = (...args) => this.bots.createBot(...args);
  botView: Bots['botView'] = (...args) => this.bots.botView(...args);
  describeBot: Bots['describeBot'] = (...args) => this.bots.describeBot(...args);
  updateBot: Bots['updateBot'] = (...args) => this.bots.updateBot(...args);
  listBots: Bots['listBots'] = (...args) => this.bots.listBots(...args);
  deleteBot: Bots['deleteBot'] = (...args) => this.bots.deleteBot(...args);

  locale: BotLocales['locale'] = (...args) => this.locales.locale(...args);
  createBotLocale: BotLocales['createBotLocale'] = (...args) => this.locales.createBotLocale(...args);
  describeBotLocale: BotLocales['describeBotLocale'] = (...args) => this.locales.describeBotLocale(...args);
  listBotLocales: BotLocales['listBotLocales'] = (...args) => this.locales.listBotLocales(...args);
  buildBotLocale: BotLocales['buildBotLocale'] = (...args) => this.locales.buildBotLocale(...args);
  deleteBotLocale: BotLocales['deleteBotLocale'] = (...args) => this.locales.deleteBotLocale(...args);

  createIntent: Intents['createIntent'] = (...args) => this.localeIntents.createIntent(...args);
  intentView: Intents['intentView'] = (...args) => this.localeIntents.intentView(...args);
  intents: Intents['intents'] = (...args) => this.localeIntents.intents(...args);
  describeIntent: Intents['describeIntent'] = (...args) => this.localeIntents.describeIntent(...args);
  listIntents: Intents['listIntents'] = (...args) => this.localeIntents.listIntents(...args);
  deleteIntent: Intents['deleteIntent'] = (...args) => this.localeIntents.deleteIntent(...args);

  createBotVersion: BotVersions['createBotVersion'] = (...args) => this.versions.createBotVersion(...args);
  listBotVersions: BotVersions['listBotVersions'] = (...args) => this.versions.listBotVersions(...args);
  versionExists: BotVersions['versionExists'] = (...args) => this.versions.versionExists(...args);

  findAlias: BotAliases['findAlias'] = (...args) => this.aliases.findAlias(...args);
  aliasView: BotAliases['aliasView'] = (...args) => this.aliases.aliasView(...args);
  alias: BotAliases['alias'] = (...args) => this.aliases.alias(...args);
  describeBotAlias: BotAliases['describeBotAlias'] = (...args) => this.aliases.describeBotAlias(...args);
  createBotAlias: BotAliases['createBotAlias'] = (...args) => this.aliases.createBotAlias(...args);
  updateBotAlias: BotAliases['updateBotAlias'] = (...args) => this.aliases.updateBotAlias(...args);
  listBotAliases: BotAliases['listBotAliases'] = (...args) => this.aliases.listBotAliases(...args);
  deleteBotAlias: BotAliases['deleteBotAlias'] = (...args) => this.aliases.deleteBotAlias(...args);

  taggable: LexTags['taggable'] = (...args) => this.tagging.taggable(...args);
  tags: LexTags['tags'] = (...args) => this.tagging.tags(...args);
  tagResource: LexTags['tagResource'] = (...args) => this.tagging.tagResource(...args);
  untagResource: LexTags['untagResource'] = (...args) => this.tagging.untagResource(...args);
  listTagsForResource: LexTags['listTagsForResource'] = (...args) => this.tagging.listTagsForResource(...args);
}
