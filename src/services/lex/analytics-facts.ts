// What Lex's analytics count, derived from the turn log (turn-log.ts) with the definitions of AWS's "Key
// definitions" page of the Analytics guide: a conversation's end state, its intents (each invocation with its
// end state: Success, Failed, Switched, Dropped), the stages of those intents (each slot the bot asked for) and
// the utterances. Pure functions of the logged turns: no I/O.
import type { ConversationEndState } from '../../aws/generated/lexv2-models.js';
import type { LoggedConversation, LoggedTurn } from './turn-log.js';

export type Modality = 'Speech' | 'Text' | 'DTMF' | 'MultiMode';
export type IntentEndState = 'Success' | 'Failed' | 'Switched' | 'Dropped';
export type StageEndState = 'Success' | 'Failed' | 'Dropped';

/** The fallback intent's name in a locale (AMAZON.FallbackIntent's intent). */
export const FALLBACK_INTENT = 'FallbackIntent';

/** One invocation of an intent in a conversation: consecutive turns on it until it closes or another intent follows. */
export interface IntentInvocation {
  intentName: string;
  /** Its position in the conversation's intent path, from 1. */
  level: number;
  turns: LoggedTurn[];
  endState: IntentEndState;
}

/** One stage of an intent: a slot the bot asked for, asked once and then again on each retry. */
export interface IntentStage {
  intentName: string;
  stageName: string;
  /** The turn that asked first. */
  firstTurn: LoggedTurn;
  /** How many times the bot asked again. */
  retries: number;
  endState: StageEndState;
  /** The intent the user switched to from this stage, if they did. */
  switchedToIntent?: string;
}

/** A conversation with what analytics derive from it. */
export interface ConversationFacts {
  conversation: LoggedConversation;
  /** The request id of its first turn (AWS's originatingRequestId). */
  originatingRequestId?: string;
  mode: Modality;
  durationSeconds: number;
  endState: ConversationEndState;
  invocations: IntentInvocation[];
  stages: IntentStage[];
  /** The intents in the order they were invoked, as AWS writes a path: /BookCar/BookHotel. */
  intentPath: string;
}

/** An utterance (a turn where the user said something) with its conversation. */
export interface UtteranceFacts {
  turn: LoggedTurn;
  conversation: ConversationFacts;
  /** The slot the utterance answered: the one the bot had asked for on the turn before. */
  associatedSlotName?: string;
}

const closedWith = (turn: LoggedTurn, ...states: string[]) => turn.dialogAction === 'Close' && states.includes(turn.intentState ?? '');

export function conversationFacts(conversation: LoggedConversation): ConversationFacts {
  const turns = conversation.turns;
  const last = turns[turns.length - 1];
  const modes = new Set(turns.filter((t) => t.inputTranscript !== undefined).map((t) => t.inputMode));
  const invocations = intentInvocations(turns);
  return {
    conversation,
    originatingRequestId: turns[0]?.requestId,
    mode: modes.size > 1 ? 'MultiMode' : ([...modes][0] ?? 'Text'),
    durationSeconds: Math.floor((conversation.lastTurnAt.getTime() - conversation.startedAt.getTime()) / 1000),
    endState: conversationEndState(last),
    invocations,
    stages: invocations.flatMap((invocation, i) => intentStages(invocation, invocations[i + 1])),
    intentPath: `/${invocations.map((i) => i.intentName).join('/')}`,
  };
}

/**
 * A conversation's end state, from its last turn: Success when its intent closed fulfilled (or ready for
 * fulfillment), Failure when it closed failed or no intent matched the last utterance (the fallback intent
 * answered), Dropped when the bot was still waiting for the user (the dialog was not closed).
 */
function conversationEndState(last: LoggedTurn | undefined): ConversationEndState {
  if (!last) return 'Dropped';
  if (last.missed) return 'Failure';
  if (closedWith(last, 'Fulfilled', 'ReadyForFulfillment')) return 'Success';
  if (closedWith(last, 'Failed')) return 'Failure';
  return 'Dropped';
}

/**
 * The conversation's intent invocations: a new one starts when the intent changes, or on the same intent after
 * the previous invocation closed. Each ends Success (closed Fulfilled or ReadyForFulfillment), Failed (closed
 * Failed, the fallback intent's own answer to a missed utterance, or the fallback intent followed before it
 * completed), Switched (another intent followed before it
 * completed) or Dropped (the conversation ended before it completed).
 */
function intentInvocations(turns: LoggedTurn[]): IntentInvocation[] {
  const invocations: { intentName: string; turns: LoggedTurn[] }[] = [];
  for (const turn of turns) {
    if (turn.intentName === undefined) continue;
    const current = invocations[invocations.length - 1];
    const currentLast = current?.turns[current.turns.length - 1];
    if (current && current.intentName === turn.intentName && currentLast?.dialogAction !== 'Close') current.turns.push(turn);
    else invocations.push({ intentName: turn.intentName, turns: [turn] });
  }
  return invocations.map((invocation, i) => {
    const last = invocation.turns[invocation.turns.length - 1];
    const next = invocations[i + 1];
    let endState: IntentEndState;
    // The fallback intent answering is a miss, not a success, whatever state it closes with.
    if (last.missed) endState = 'Failed';
    else if (closedWith(last, 'Fulfilled', 'ReadyForFulfillment')) endState = 'Success';
    else if (closedWith(last, 'Failed')) endState = 'Failed';
    else if (next === undefined) endState = 'Dropped';
    else endState = next.intentName === FALLBACK_INTENT ? 'Failed' : 'Switched';
    return { ...invocation, level: i + 1, endState };
  });
}

/**
 * The stages of an invocation: each run of turns on which the bot asked for the same slot. A stage succeeds
 * when the conversation goes on in the intent after it (the slot was filled), fails when the fallback intent
 * followed, and is dropped when the user switched to another intent (switchedToIntent) or stopped answering.
 */
function intentStages(invocation: IntentInvocation, next: IntentInvocation | undefined): IntentStage[] {
  const stages: IntentStage[] = [];
  const turns = invocation.turns;
  for (let i = 0; i < turns.length; i++) {
    const slot = turns[i].slotToElicit;
    if (slot === undefined) continue;
    let j = i;
    while (j + 1 < turns.length && turns[j + 1].slotToElicit === slot) j++;
    const stage: IntentStage = { intentName: invocation.intentName, stageName: slot, firstTurn: turns[i], retries: j - i, endState: 'Dropped' };
    if (j + 1 < turns.length) stage.endState = 'Success';
    else if (next?.intentName === FALLBACK_INTENT) stage.endState = 'Failed';
    else if (next !== undefined) stage.switchedToIntent = next.intentName;
    stages.push(stage);
    i = j;
  }
  return stages;
}

/** The utterances of the conversations, each with the slot it answered. */
export function utteranceFacts(conversations: ConversationFacts[]): UtteranceFacts[] {
  const out: UtteranceFacts[] = [];
  for (const conversation of conversations) {
    const turns = conversation.conversation.turns;
    turns.forEach((turn, i) => {
      if (turn.inputTranscript === undefined) return;
      out.push({ turn, conversation, associatedSlotName: i > 0 ? turns[i - 1].slotToElicit : undefined });
    });
  }
  return out;
}
