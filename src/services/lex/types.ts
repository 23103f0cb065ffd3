// What Lex's resource classes ask of one another (a bot's locales ask for the bot, its aliases for its
// locales and versions, tags for bots and aliases, ...): each class takes these interfaces, not the
// other classes, and implements its own, so the class modules never import each other's types and no
// import cycle runs through them (checked by .dependency-cruiser.cjs).
import type { Tx } from '../../store/database.js';
import type { LexBotAliasRow, LexBotLocaleRow, LexBotRow } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';

/** The error for a resource that is not there: 'notFound' (ResourceNotFoundException) or 'precondition' (PreconditionFailedException). */
export type Missing = 'notFound' | 'precondition';

/** Bots (bots.ts). */
export interface BotLookup {
  findBot(scope: Scope, botId: string): Promise<LexBotRow | undefined>;
  /** The bot, or the error `missing` names. */
  bot(scope: Scope, botId: string, missing?: Missing): Promise<LexBotRow>;
}

/** A bot's locales (bot-locales.ts). */
export interface BotLocaleLookup {
  findLocale(botId: string, botVersion: string, localeId: string): Promise<LexBotLocaleRow | undefined>;
  /** The locale of a bot in this scope, or the error `missing` names. */
  locale(scope: Scope, botId: string, botVersion: string, localeId: string, missing?: Missing): Promise<LexBotLocaleRow>;
  /** An intent changed: the locale must be built again. */
  markUnbuilt(tx: Tx, botId: string, localeId: string, now: Date): Promise<void>;
}

/** A bot's numbered versions (bot-versions.ts). */
export interface BotVersionLookup {
  versionExists(botId: string, botVersion: string): Promise<boolean>;
}

/** A bot's aliases (bot-aliases.ts). */
export interface BotAliasLookup {
  findAlias(botId: string, botAliasId: string): Promise<LexBotAliasRow | undefined>;
}
