// The turn log: every runtime turn a Lex bot answered (RecognizeText, RecognizeUtterance, PutSession,
// StartConversation), written in the same transaction as the turn's session, so what analytics, test-set
// generation and bot recommendations read is exactly the conversations this server held. One insert per
// turn on the hot path; the reads go by bot, locale and time through the table's indexes.
import { randomUUID } from 'node:crypto';
import type { Message, Slot } from '../../aws/generated/lexv2-runtime.js';
import type { Tx } from '../../store/database.js';
import type { LexConversationTurnRow } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { parseJson, type LexContext } from './context.js';

export type TurnOperation = LexConversationTurnRow['operation'];
export type TurnInputMode = LexConversationTurnRow['input_mode'];

/** One logged turn, in the names the readers use. */
export interface LoggedTurn {
  turnId: string;
  accountId: string;
  region: string;
  botId: string;
  botVersion: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
  /** When the turn's conversation started; with sessionId it names the conversation (a session id may be reused after it expired). */
  sessionStartedAt: Date;
  /** The turn's position in its conversation, from 1. */
  turnIndex: number;
  operation: TurnOperation;
  /** The channel integration's platform (Slack, Facebook, TwilioSms), undefined for a direct call. */
  channel?: string;
  inputMode: TurnInputMode;
  occurredAt: Date;
  /** What the user said; undefined for PutSession. */
  inputTranscript?: string;
  intentName?: string;
  nluConfidence?: number;
  slots: Record<string, Slot>;
  dialogAction?: string;
  /** The slot the bot asked for next (dialog action ElicitSlot). */
  slotToElicit?: string;
  intentState?: string;
  /** What the bot answered. */
  messages: Message[];
  /** The request's and the response's content types. */
  inputType?: string;
  outputType?: string;
  /** No intent matched: the fallback intent answered. */
  missed: boolean;
  /** The turn closed the conversation (dialog action Close). */
  conversationEnded: boolean;
  requestId?: string;
}

/** What a turn records; the log chooses the id. */
export type TurnRecord = Omit<LoggedTurn, 'turnId'>;

/** Which turns to read: one bot's, optionally narrowed; `from` inclusive, `to` exclusive. */
export interface TurnQuery {
  botId: string;
  localeId?: string;
  botVersion?: string;
  botAliasId?: string;
  sessionId?: string;
  from?: Date;
  to?: Date;
  /** Only turns where the user said something (not PutSession). */
  utterancesOnly?: boolean;
}

/** One conversation of the log: its turns in order. */
export interface LoggedConversation {
  botId: string;
  botVersion: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
  channel?: string;
  startedAt: Date;
  /** The time of its last turn. */
  lastTurnAt: Date;
  turns: LoggedTurn[];
}

export class TurnLog {
  constructor(private readonly ctx: LexContext) {}

  /** Records a turn inside the transaction that saves its session. */
  async insert(tx: Tx, turn: TurnRecord): Promise<void> {
    await tx.insertInto('lex_conversation_turns').values(toRow(randomUUID(), turn)).execute();
  }

  /** The turns of a bot in the scope, oldest first (by time, then by position in their conversation). */
  async turns(scope: Scope, query: TurnQuery): Promise<LoggedTurn[]> {
    let q = this.ctx.store.db
      .selectFrom('lex_conversation_turns')
      .selectAll()
      .where('bot_id', '=', query.botId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region);
    if (query.localeId !== undefined) q = q.where('locale_id', '=', query.localeId);
    if (query.botVersion !== undefined) q = q.where('bot_version', '=', query.botVersion);
    if (query.botAliasId !== undefined) q = q.where('bot_alias_id', '=', query.botAliasId);
    if (query.sessionId !== undefined) q = q.where('session_id', '=', query.sessionId);
    if (query.from !== undefined) q = q.where('occurred_at', '>=', query.from.toISOString());
    if (query.to !== undefined) q = q.where('occurred_at', '<', query.to.toISOString());
    if (query.utterancesOnly) q = q.where('input_transcript', 'is not', null);
    const rows = await q.orderBy('occurred_at').orderBy('session_started_at').orderBy('turn_index').execute();
    return rows.map(fromRow);
  }

  /**
   * The conversations with a turn in the query's window, each with all its turns in the window, ordered by
   * start. A conversation is its bot, alias, locale, session id and start.
   */
  async conversations(scope: Scope, query: TurnQuery): Promise<LoggedConversation[]> {
    const byKey = new Map<string, LoggedConversation>();
    for (const turn of await this.turns(scope, { ...query, utterancesOnly: false })) {
      const key = JSON.stringify([turn.botAliasId, turn.localeId, turn.sessionId, turn.sessionStartedAt.getTime()]);
      let conversation = byKey.get(key);
      if (!conversation) {
        conversation = {
          botId: turn.botId,
          botVersion: turn.botVersion,
          botAliasId: turn.botAliasId,
          localeId: turn.localeId,
          sessionId: turn.sessionId,
          channel: turn.channel,
          startedAt: turn.sessionStartedAt,
          lastTurnAt: turn.occurredAt,
          turns: [],
        };
        byKey.set(key, conversation);
      }
      conversation.turns.push(turn);
      conversation.lastTurnAt = turn.occurredAt;
    }
    for (const c of byKey.values()) c.turns.sort((a, b) => a.turnIndex - b.turnIndex);
    return [...byKey.values()].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.sessionId.localeCompare(b.sessionId));
  }

  /** Deletes a bot's logged turns (of one locale, or of one session id); the number deleted. */
  async deleteTurns(scope: Scope, which: { botId: string; localeId?: string; sessionId?: string }): Promise<number> {
    let q = this.ctx.store.db
      .deleteFrom('lex_conversation_turns')
      .where('bot_id', '=', which.botId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region);
    if (which.localeId !== undefined) q = q.where('locale_id', '=', which.localeId);
    if (which.sessionId !== undefined) q = q.where('session_id', '=', which.sessionId);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(turnId: string, t: TurnRecord): LexConversationTurnRow {
  return {
    turn_id: turnId,
    account_id: t.accountId,
    region: t.region,
    bot_id: t.botId,
    bot_version: t.botVersion,
    bot_alias_id: t.botAliasId,
    locale_id: t.localeId,
    session_id: t.sessionId,
    session_started_at: t.sessionStartedAt.toISOString(),
    turn_index: t.turnIndex,
    operation: t.operation,
    channel: t.channel ?? null,
    input_mode: t.inputMode,
    occurred_at: t.occurredAt.toISOString(),
    input_transcript: t.inputTranscript ?? null,
    intent_name: t.intentName ?? null,
    nlu_confidence: t.nluConfidence ?? null,
    slots: JSON.stringify(t.slots),
    dialog_action: t.dialogAction ?? null,
    intent_state: t.intentState ?? null,
    missed: t.missed ? 1 : 0,
    conversation_ended: t.conversationEnded ? 1 : 0,
    request_id: t.requestId ?? null,
    slot_to_elicit: t.slotToElicit ?? null,
    messages: JSON.stringify(t.messages),
    input_type: t.inputType ?? null,
    output_type: t.outputType ?? null,
  };
}

function fromRow(r: LexConversationTurnRow): LoggedTurn {
  return {
    turnId: r.turn_id,
    accountId: r.account_id,
    region: r.region,
    botId: r.bot_id,
    botVersion: r.bot_version,
    botAliasId: r.bot_alias_id,
    localeId: r.locale_id,
    sessionId: r.session_id,
    sessionStartedAt: new Date(r.session_started_at),
    turnIndex: Number(r.turn_index),
    operation: r.operation,
    channel: r.channel ?? undefined,
    inputMode: r.input_mode,
    occurredAt: new Date(r.occurred_at),
    inputTranscript: r.input_transcript ?? undefined,
    intentName: r.intent_name ?? undefined,
    nluConfidence: r.nlu_confidence === null ? undefined : Number(r.nlu_confidence),
    slots: parseJson<Record<string, Slot>>(r.slots, {}),
    dialogAction: r.dialog_action ?? undefined,
    intentState: r.intent_state ?? undefined,
    missed: Number(r.missed) === 1,
    conversationEnded: Number(r.conversation_ended) === 1,
    requestId: r.request_id ?? undefined,
    slotToElicit: r.slot_to_elicit ?? undefined,
    messages: parseJson<Message[]>(r.messages, []),
    inputType: r.input_type ?? undefined,
    outputType: r.output_type ?? undefined,
  };
}
