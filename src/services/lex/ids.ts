// Lex V2 identifiers and ARNs: ids are 10 uppercase letters and digits (bots, aliases, intents,
// channels); the test alias of every bot is TSTALIASID.
import { randomInt } from 'node:crypto';
import { partition } from '../../aws/partitions.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const TEST_ALIAS_ID = 'TSTALIASID';
export const TEST_ALIAS_NAME = 'TestBotAlias';
export const DRAFT = 'DRAFT';
export const FALLBACK_INTENT_ID = 'FALLBCKINT';
export const LEX_PRINCIPAL = 'lexv2.amazonaws.com';
export const CHANNELS_PRINCIPAL = 'channels.lexv2.amazonaws.com';

export function lexId(length = 10): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export function botArn(region: string, accountId: string, botId: string): string {
  return `arn:${partition()}:lex:${region}:${accountId}:bot/${botId}`;
}

export function botAliasArn(region: string, accountId: string, botId: string, botAliasId: string): string {
  return `arn:${partition()}:lex:${region}:${accountId}:bot-alias/${botId}/${botAliasId}`;
}

/** The Service Authorization Reference's `channel` resource. */
export function channelArn(region: string, accountId: string, botName: string, botAliasName: string, channelName: string): string {
  return `arn:${partition()}:lex:${region}:${accountId}:bot-channel:${botName}:${botAliasName}:${channelName}`;
}

/** The Service Authorization Reference's `test set` resource. */
export function testSetArn(region: string, accountId: string, testSetId: string): string {
  return `arn:${partition()}:lex:${region}:${accountId}:test-set/${testSetId}`;
}

export interface ParsedLexArn {
  region: string;
  accountId: string;
  kind: 'bot' | 'bot-alias' | 'bot-channel' | 'test-set';
  testSetId?: string;
  botId?: string;
  botAliasId?: string;
  botName?: string;
  botAliasName?: string;
  channelName?: string;
}

export function parseLexArn(arn: string): ParsedLexArn | undefined {
  let m = /^arn:aws(?:-cn|-us-gov)?:lex:([a-z0-9-]+):(\d{12}):bot\/([0-9A-Za-z]{10})$/.exec(arn);
  if (m) return { region: m[1], accountId: m[2], kind: 'bot', botId: m[3] };
  m = /^arn:aws(?:-cn|-us-gov)?:lex:([a-z0-9-]+):(\d{12}):bot-alias\/([0-9A-Za-z]{10})\/([0-9A-Za-z]{10})$/.exec(arn);
  if (m) return { region: m[1], accountId: m[2], kind: 'bot-alias', botId: m[3], botAliasId: m[4] };
  m = /^arn:aws(?:-cn|-us-gov)?:lex:([a-z0-9-]+):(\d{12}):bot-channel:([^:]+):([^:]+):([^:]+)$/.exec(arn);
  if (m) return { region: m[1], accountId: m[2], kind: 'bot-channel', botName: m[3], botAliasName: m[4], channelName: m[5] };
  m = /^arn:aws(?:-cn|-us-gov)?:lex:([a-z0-9-]+):(\d{12}):test-set\/([0-9A-Za-z]{10})$/.exec(arn);
  if (m) return { region: m[1], accountId: m[2], kind: 'test-set', testSetId: m[3] };
  return undefined;
}
