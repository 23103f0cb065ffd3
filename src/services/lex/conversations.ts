// Conversations (Lex runtime V2): RecognizeText, RecognizeUtterance, GetSession, PutSession, DeleteSession on a bot
// alias. Lex answers from the bot's intents and, for everything it does beyond that, acts through the
// bot's service-linked role: it assumes the role and each downstream call (Comprehend sentiment,
// CloudWatch Logs text logs, S3 audio logs and their KMS data keys, Kendra queries, Polly speech)
// is decided by the policy engine against the role's policies and recorded in the audit trail.
import {
  errors as runtimeErrors,
  type DeleteSessionResponse,
  type GetSessionResponse,
  type Intent,
  type Interpretation,
  type Message,
  type PutSessionRequest,
  type PutSessionResponse,
  type RecognizeTextRequest,
  type RecognizeUtteranceRequest,
  type RecognizeUtteranceResponse,
  type SessionState,
} from '../../aws/generated/lexv2-runtime.js';
import type { ExpressionBuilder } from 'kysely';
import type { AwsError } from '../../aws/errors.js';
import type { Decision } from '../../policy/types.js';
import type { LexBotAliasRow, LexBotLocaleRow, LexBotRow, LexIntentRow, LexSessionRow, Schema } from '../../store/schema.js';
import type { SlotPriority } from '../../aws/generated/lexv2-models.js';
import { fillSlots, obfuscatedForLog, type FilledDialog } from './slot-filling.js';
import type { OnBehalfCall, RoleSession } from '../sts/on-behalf.js';
import { notFound, parseJson, type LexContext } from './context.js';
import { logGroupBaseArn } from './downstream.js';
import { aliasCapabilities, type AliasCapabilities, type AliasSettings } from './grants.js';
import { botAliasArn, LEX_PRINCIPAL } from './ids.js';
import { parseRoleArn } from '../kit/arns.js';
import { detectSentiment, rank } from './matching.js';
import type { LexModels } from './models.js';
import { effectiveStatus } from './status.js';
import { packHeader, unpackHeader, utteranceInputMode, utteranceResponseType } from './utterances.js';
import type { Scope } from '../kit/scope.js';
import type { TurnInputMode, TurnLog, TurnOperation, TurnRecord } from './turn-log.js';

interface StoredSession {
  sessionState: SessionState;
  interpretations: Interpretation[];
  messages: Message[];
  requestAttributes?: Record<string, string>;
  /** When the conversation started and how many turns it has had (the turn log's session start and turn index). */
  startedAt?: string;
  turns?: number;
}

export interface Turn {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}

/** A turn of text (RecognizeText, or RecognizeUtterance once its input is read). */
type TextTurn = RecognizeTextRequest;

/** The row of the turn's session: a session is keyed by bot, alias, locale and session id. */
const sameSession = (turn: Turn) => (eb: ExpressionBuilder<Schema, 'lex_sessions'>) =>
  eb.and({ bot_id: turn.botId, bot_alias_id: turn.botAliasId, locale_id: turn.localeId, session_id: turn.sessionId });

/** Who a turn comes from: the caller directly, or a channel (whose role the conversation also uses). */
export interface TurnOrigin {
  channelRoleKey?: string;
  /** The channel integration's platform (Slack, Facebook, TwilioSms), for the turn log. */
  channel?: string;
  requestId?: string;
}

/** How a turn reached the bot, for the turn log. */
interface TurnKind {
  operation: TurnOperation;
  inputMode: TurnInputMode;
  inputType?: string;
  outputType?: string;
}

const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

const EMPTY_SESSION: StoredSession = { sessionState: {}, interpretations: [], messages: [] };

interface Target {
  bot: LexBotRow;
  alias: LexBotAliasRow;
  locale: LexBotLocaleRow;
  botVersion: string;
  capabilities: AliasCapabilities;
}

/** AWS's answer when Lex cannot do something through the bot's role. */
export function dependencyFailed(message: string): AwsError {
  return runtimeErrors.DependencyFailedException(message);
}


/** The bot's role as one turn uses it: assumed at most once, every call authorized and audited. */
class BotRole {
  private session: Promise<RoleSession> | undefined;

  constructor(
    private readonly ctx: LexContext,
    readonly scope: Scope,
    private readonly roleArn: string,
    private readonly principal = LEX_PRINCIPAL,
  ) {}

  private assume(): Promise<RoleSession> {
    const roleName = parseRoleArn(this.roleArn)?.roleName ?? this.roleArn;
    this.session ??= this.ctx.onBehalf
      .assume(this.scope.accountId, this.principal, roleName, this.scope.region)
      .catch((error: unknown) => {
        throw dependencyFailed(`Amazon Lex could not assume the role ${this.roleArn}: ${(error as Error).message}`);
      });
    return this.session;
  }

  /** Decides a downstream call; a refusal becomes DependencyFailedException naming the call and why. */
  async call(call: OnBehalfCall): Promise<void> {
    const session = await this.assume();
    const decision = await session.authorize(call);
    if (decision.decision !== 'allowed') throw dependencyFailed(refusal(session, call, decision));
  }

  /** Like `call`, but a refusal is only recorded (log delivery does not fail the conversation). */
  async tryCall(call: OnBehalfCall): Promise<boolean> {
    try {
      await this.call(call);
      return true;
    } catch (error) {
      if (runtimeErrors.DependencyFailedException.is(error)) return false;
      throw error;
    }
  }
}

export function refusal(session: RoleSession, call: OnBehalfCall, decision: Decision): string {
  const why =
    decision.decision === 'explicitDeny'
      ? 'an explicit deny in a policy of the role'
      : `no policy of the role allows the ${call.action} action on that resource`;
  const detail = decision.explanation ? ` (${decision.explanation})` : '';
  return `Amazon Lex could not call ${call.action} on ${call.resource} as ${session.roleArn}: ${why}${detail}`;
}

export class Conversations {
  constructor(
    private readonly ctx: LexContext,
    private readonly models: LexModels,
    private readonly turnLog: TurnLog,
  ) {}

  private get db() {
    return this.ctx.store.db;
  }

  async target(scope: Scope, turn: Omit<Turn, 'sessionId'>): Promise<Target> {
    const bot = await this.models.bots.findBot(scope, turn.botId);
    if (!bot) throw notFound(`Bot ${turn.botId} does not exist.`);
    const alias = await this.models.aliases.findAlias(turn.botId, turn.botAliasId);
    if (!alias) throw notFound(`Bot alias ${turn.botAliasId} of bot ${turn.botId} does not exist.`);
    if (!alias.bot_version) throw notFound(`Bot alias ${turn.botAliasId} does not point to a bot version.`);
    const locale = await this.models.locales.findLocale(turn.botId, alias.bot_version, turn.localeId);
    if (!locale) throw notFound(`Locale ${turn.localeId} is not in version ${alias.bot_version} of bot ${turn.botId}.`);
    const status = effectiveStatus(locale, this.ctx.clock());
    if (status !== 'Built') throw notFound(`Locale ${turn.localeId} of bot ${turn.botId} version ${alias.bot_version} is ${status}; build it first.`);
    const settings = parseJson<AliasSettings>(alias.settings, {});
    return { bot, alias, locale, botVersion: alias.bot_version, capabilities: aliasCapabilities(settings) };
  }

  private async loadSession(turn: Turn, bot: LexBotRow): Promise<LexSessionRow | undefined> {
    const row = await this.db
      .selectFrom('lex_sessions')
      .selectAll()
      .where(sameSession(turn))
      .executeTakeFirst();
    if (!row) return undefined;
    // A session idle longer than the bot's idle session TTL is over.
    const ttl = parseJson<{ idleSessionTTLInSeconds?: number }>(bot.settings, {}).idleSessionTTLInSeconds ?? 300;
    if (this.ctx.clock().getTime() - Date.parse(row.last_activity_at) > ttl * 1000) return undefined;
    return row;
  }

  /** Saves the session after a turn and, in the same transaction, logs the turn. */
  private async saveSession(scope: Scope, turn: Turn, bot: LexBotRow, state: StoredSession, origin: TurnOrigin, logged: TurnRecord): Promise<void> {
    const row: LexSessionRow = {
      bot_id: turn.botId,
      bot_alias_id: turn.botAliasId,
      locale_id: turn.localeId,
      session_id: turn.sessionId,
      account_id: scope.accountId,
      region: scope.region,
      bot_role_key: bot.role_key,
      channel_role_key: origin.channelRoleKey ?? null,
      state: JSON.stringify(state),
      last_activity_at: this.ctx.clock().toISOString(),
    };
    await this.ctx.store.transaction(async (tx) => {
      await tx
        .deleteFrom('lex_sessions')
        .where(sameSession(turn))
        .execute();
      await tx.insertInto('lex_sessions').values(row).execute();
      await this.turnLog.insert(tx, logged);
    });
  }

  async recognizeText(scope: Scope, input: TextTurn, origin: TurnOrigin = {}) {
    return (await this.understand(scope, input, origin)).response;
  }

  /**
   * RecognizeUtterance: text or speech in, text or speech out. No speech engine runs here: speech is
   * heard as silence (an empty transcript, which the fallback intent answers) but still goes where Lex
   * sends it (audio logs through the bot's role); speech out is synthesized through the role as in PutSession.
   */
  async recognizeUtterance(scope: Scope, input: RecognizeUtteranceRequest, origin: TurnOrigin = {}): Promise<RecognizeUtteranceResponse> {
    const inputMode = utteranceInputMode(input.requestContentType);
    const responseContentType = utteranceResponseType(input.responseContentType);
    const sessionState = input.sessionState === undefined ? undefined : unpackHeader<SessionState>('sessionState', input.sessionState);
    const requestAttributes = input.requestAttributes === undefined ? undefined : unpackHeader<Record<string, string>>('requestAttributes', input.requestAttributes);
    const text = inputMode === 'Text' ? Buffer.from(input.inputStream ?? []).toString('utf8') : '';
    const turn: TextTurn = { botId: input.botId, botAliasId: input.botAliasId, localeId: input.localeId, sessionId: input.sessionId, text, sessionState, requestAttributes };
    const { target, role, response } = await this.understand(scope, turn, origin, { operation: 'RecognizeUtterance', inputMode, inputType: input.requestContentType, outputType: responseContentType });
    if (inputMode === 'Speech' && target.capabilities.audioLog) await this.writeAudioLog(scope, role, target, turn, response.messages);
    const audioStream = await this.speak(role, target, turn, responseContentType, response.messages);
    return {
      inputMode,
      contentType: responseContentType,
      messages: response.messages.length > 0 ? packHeader(response.messages) : undefined,
      interpretations: packHeader(response.interpretations),
      sessionState: packHeader(response.sessionState),
      requestAttributes: response.requestAttributes ? packHeader(response.requestAttributes) : undefined,
      sessionId: input.sessionId,
      inputTranscript: packHeader(text),
      audioStream,
    };
  }

  /**
   * One turn of a StartConversation stream (conversation-stream.ts) through the same engine: text, DTMF digits
   * as text, or speech, heard as silence as in RecognizeUtterance (an empty transcript) but audio-logged through
   * the bot's role; the answer is also spoken (through Polly, as in RecognizeUtterance) when the stream asked
   * for audio.
   */
  async streamTurn(
    scope: Scope,
    turn: TextTurn,
    origin: TurnOrigin,
    heard: { inputMode: TurnInputMode; inputType: string; responseContentType: string },
  ): Promise<{ response: Awaited<ReturnType<Conversations['understand']>>['response']; audio?: Buffer }> {
    const kind: TurnKind = { operation: 'StartConversation', inputMode: heard.inputMode, inputType: heard.inputType, outputType: heard.responseContentType };
    const { target, role, response } = await this.understand(scope, turn, origin, kind);
    if (heard.inputMode === 'Speech' && target.capabilities.audioLog) await this.writeAudioLog(scope, role, target, turn, response.messages);
    const audio = await this.speak(role, target, turn, heard.responseContentType, response.messages);
    return { response, audio };
  }

  /** One turn: the intent the text matches, what Lex does through the bot's role for it, the stored session. */
  private async understand(scope: Scope, input: TextTurn, origin: TurnOrigin, kind: TurnKind = { operation: 'RecognizeText', inputMode: 'Text', inputType: TEXT_CONTENT_TYPE, outputType: TEXT_CONTENT_TYPE }) {
    const target = await this.target(scope, input);
    const { bot, locale, capabilities } = target;
    const role = new BotRole(this.ctx, scope, bot.role_arn);
    const previous = await this.loadSession(input, bot);
    const previousStored = previous ? parseJson<StoredSession>(previous.state, EMPTY_SESSION) : undefined;
    const now = this.ctx.clock(); // one instant per turn: a first turn starts its conversation when it occurs
    const previousState = previousStored?.sessionState ?? {};
    const intents = await this.models.localeIntents.intents(bot.bot_id, target.botVersion, input.localeId);
    const definitions = intents.map((row) => ({ row, definition: parseJson<IntentDefinition>(row.definition, {}) }));
    const threshold = parseJson<{ nluIntentConfidenceThreshold?: number }>(locale.settings, {}).nluIntentConfidenceThreshold ?? 0.4;
    const candidates = definitions
      .filter((d) => !d.definition.parentIntentSignature)
      .map((d) => ({ name: d.row.intent_name, utterances: (d.definition.sampleUtterances ?? []).map((u) => u.utterance) }));
    const ranked = rank(input.text, candidates, threshold);
    const fallback = definitions.find((d) => d.definition.parentIntentSignature === 'AMAZON.FallbackIntent');
    const kendra = definitions.find((d) => d.definition.parentIntentSignature === 'AMAZON.KendraSearchIntent');
    // An intent that was eliciting a slot goes on with this turn (slot-filling.ts), unless the user said another
    // intent's sample utterance exactly (an intent switch).
    const switched = ranked[0] !== undefined && ranked[0].score === 1 && ranked[0].name !== previousState.intent?.name;
    const continuing = previousState.dialogAction?.type === 'ElicitSlot' && !switched ? definitions.find((d) => d.row.intent_name === previousState.intent?.name) : undefined;
    let chosen = continuing ?? (ranked[0] ? definitions.find((d) => d.row.intent_name === ranked[0].name)! : undefined);
    const sessionAttributes: Record<string, string> = { ...(previousState.sessionAttributes ?? {}), ...(input.sessionState?.sessionAttributes ?? {}) };
    if (!chosen && kendra) {
      // No intent matches: the Kendra search intent queries its index through the bot's role.
      const index = kendra.definition.kendraConfiguration!.kendraIndex;
      await role.call({ action: 'kendra:Query', resource: index, eventName: 'Query', eventSource: 'kendra.amazonaws.com' });
      await this.models.downstream.record(scope.accountId, index, 'kendra-query', input.sessionId, input.text);
      sessionAttributes['x-amz-lex:kendra-search-response-question_answer-question-1'] = input.text;
      chosen = kendra;
    }
    chosen ??= fallback;
    const intentName = chosen?.row.intent_name ?? 'FallbackIntent';
    const dialog = chosen && !chosen.definition.parentIntentSignature ? await this.slotDialog(target, input, chosen.row, continuing ? previousState : undefined) : undefined;
    const messages = dialog?.elicit ? dialog.elicit.messages : chosen ? responseMessages(chosen.definition) : [];
    const intent: Intent = { name: intentName, slots: dialog?.slots ?? {}, state: dialog?.elicit ? 'InProgress' : 'Fulfilled', confirmationState: 'None' };
    const interpretations: Interpretation[] = [];
    if (ranked.length > 0 && chosen?.row.intent_name === ranked[0].name) {
      for (const r of ranked.slice(0, 4)) {
        interpretations.push({
          intent: r.name === intentName ? intent : { name: r.name, slots: {} },
          nluConfidence: { score: r.score },
          interpretationSource: 'Lex',
        });
      }
      interpretations.push({ intent: { name: 'FallbackIntent', slots: {} }, interpretationSource: 'Lex' });
    } else {
      interpretations.push({ intent, interpretationSource: 'Lex' });
    }
    if (capabilities.detectSentiment) {
      await role.call({ action: 'comprehend:DetectSentiment', resource: '*', eventName: 'DetectSentiment', eventSource: 'comprehend.amazonaws.com' });
      interpretations[0].sentimentResponse = detectSentiment(input.text);
    }
    const sessionState: SessionState = {
      sessionAttributes,
      activeContexts: [],
      dialogAction: dialog?.elicit ? { type: 'ElicitSlot', slotToElicit: dialog.elicit.slotName } : { type: 'Close' },
      intent,
      originatingRequestId: origin.requestId,
    };
    const stored: StoredSession = { sessionState, interpretations, messages, requestAttributes: input.requestAttributes, ...this.nextTurn(previousStored, now) };
    const missed = !chosen || chosen === fallback;
    const nluConfidence = ranked[0] !== undefined && chosen?.row.intent_name === ranked[0].name && !continuing ? ranked[0].score : undefined;
    const logged = this.turnRecord(scope, target, input, stored, origin, kind, { inputTranscript: input.text, missed, nluConfidence }, now);
    await this.saveSession(scope, input, bot, stored, origin, logged);
    if (capabilities.textLog) {
      const logged = obfuscatedForLog(input.text, stored, dialog?.obfuscated ?? []);
      await this.writeTextLog(scope, role, target, { ...input, text: logged.text }, logged.stored);
    }
    return { target, role, response: { sessionId: input.sessionId, messages, interpretations, sessionState, requestAttributes: input.requestAttributes } };
  }

  /** The chosen intent's slots after this turn, and the slot to elicit next (slot-filling.ts). */
  private async slotDialog(target: Target, input: TextTurn, row: LexIntentRow, previous: SessionState | undefined): Promise<FilledDialog> {
    const key = { botId: target.bot.bot_id, botVersion: target.botVersion, localeId: input.localeId };
    const [slots, slotTypes] = await Promise.all([this.models.slots.slots({ ...key, intentId: row.intent_id }), this.models.slotTypes.slotTypes(key)]);
    const priorities = parseJson<{ slotPriorities?: SlotPriority[] }>(row.definition, {}).slotPriorities;
    const filled = { ...(previous?.intent?.slots ?? {}), ...(input.sessionState?.intent?.name === row.intent_name ? (input.sessionState.intent.slots ?? {}) : {}) };
    return fillSlots(input.text, slots, slotTypes, priorities, filled, previous?.dialogAction?.slotToElicit);
  }

  /**
   * Speech out: the messages synthesized by Amazon Polly through the bot's role (AmazonLexV2BotPolicy
   * grants polly:SynthesizeSpeech) and logged as audio if audio logs are on; undefined for text out.
   */
  private async speak(role: BotRole, target: Target, turn: Turn, contentType: string, messages: Message[]): Promise<Buffer | undefined> {
    if (!contentType.startsWith('audio/')) return undefined;
    if (messages.length > 0) {
      await role.call({ action: 'polly:SynthesizeSpeech', resource: '*', eventName: 'SynthesizeSpeech', eventSource: 'polly.amazonaws.com' });
      if (target.capabilities.audioLog) await this.writeAudioLog(role.scope, role, target, turn, messages);
    }
    return speechAudio(contentType, messages);
  }

  /** Conversation text logs: CreateLogStream once per stream, PutLogEvents per turn, through the bot role. */
  private async writeTextLog(scope: Scope, role: BotRole, target: Target, turn: Turn & { text: string }, stored: StoredSession): Promise<void> {
    const log = target.capabilities.textLog!;
    const group = logGroupBaseArn(log.logGroupArn);
    const stream = `${log.logPrefix}${target.bot.bot_id}-${target.alias.bot_alias_id}-${turn.localeId}`;
    const streamArn = `${group}:log-stream:${stream}`;
    if (!(await this.models.downstream.hasLocation(group, 'log-stream', stream))) {
      const created = await role.tryCall({ action: 'logs:CreateLogStream', resource: group, eventName: 'CreateLogStream', eventSource: 'logs.amazonaws.com' });
      if (!created) return;
      await this.models.downstream.record(scope.accountId, group, 'log-stream', stream, '');
    }
    const put = await role.tryCall({ action: 'logs:PutLogEvents', resource: streamArn, eventName: 'PutLogEvents', eventSource: 'logs.amazonaws.com' });
    if (!put) return;
    const event = {
      messageVersion: '2.0',
      bot: { id: target.bot.bot_id, name: target.bot.bot_name, aliasId: target.alias.bot_alias_id, aliasName: target.alias.bot_alias_name, localeId: turn.localeId, version: target.botVersion },
      sessionId: turn.sessionId,
      inputTranscript: turn.text,
      interpretations: stored.interpretations,
      messages: stored.messages,
      sessionState: stored.sessionState,
      timestamp: this.ctx.clock().toISOString(),
      missedUtterance: stored.sessionState.intent?.name === 'FallbackIntent',
    };
    await this.models.downstream.record(scope.accountId, group, 'log-event', stream, JSON.stringify(event));
  }

  /** The conversation's start and this turn's position: a session that expired (or never was) starts now. */
  private nextTurn(previous: StoredSession | undefined, now: Date): { startedAt: string; turns: number } {
    if (!previous) return { startedAt: now.toISOString(), turns: 1 };
    return { startedAt: previous.startedAt ?? now.toISOString(), turns: (previous.turns ?? 0) + 1 };
  }

  /** The turn log's record of a turn whose session is about to be saved as `stored`. */
  private turnRecord(
    scope: Scope,
    target: Target,
    turn: Turn,
    stored: StoredSession,
    origin: TurnOrigin,
    kind: TurnKind,
    heard: { inputTranscript?: string; missed: boolean; nluConfidence?: number },
    now: Date,
  ): TurnRecord {
    const state = stored.sessionState;
    return {
      accountId: scope.accountId,
      region: scope.region,
      botId: turn.botId,
      botVersion: target.botVersion,
      botAliasId: turn.botAliasId,
      localeId: turn.localeId,
      sessionId: turn.sessionId,
      sessionStartedAt: new Date(stored.startedAt!),
      turnIndex: stored.turns!,
      operation: kind.operation,
      channel: origin.channel,
      inputMode: kind.inputMode,
      occurredAt: now,
      inputTranscript: heard.inputTranscript,
      intentName: state.intent?.name,
      nluConfidence: heard.nluConfidence,
      slots: (state.intent?.slots ?? {}) as TurnRecord['slots'],
      dialogAction: state.dialogAction?.type,
      slotToElicit: state.dialogAction?.type === 'ElicitSlot' ? state.dialogAction.slotToElicit : undefined,
      intentState: state.intent?.state,
      messages: stored.messages,
      inputType: kind.inputType,
      outputType: kind.outputType,
      missed: heard.missed,
      conversationEnded: state.dialogAction?.type === 'Close',
      requestId: origin.requestId,
    };
  }

  async getSession(scope: Scope, turn: Turn): Promise<GetSessionResponse> {
    const { bot } = await this.target(scope, turn);
    const row = await this.loadSession(turn, bot);
    if (!row) throw notFound(`Session ${turn.sessionId} does not exist.`);
    const stored = parseJson<StoredSession>(row.state, { sessionState: {}, interpretations: [], messages: [] });
    return { sessionId: turn.sessionId, messages: stored.messages, interpretations: stored.interpretations, sessionState: stored.sessionState };
  }

  async putSession(
    scope: Scope,
    input: PutSessionRequest,
    origin: TurnOrigin = {},
  ): Promise<PutSessionResponse> {
    const target = await this.target(scope, input);
    const messages = input.messages ?? [];
    // PutSession says nothing, but it goes on (or starts) the conversation: it is logged as a turn without a transcript.
    const previous = await this.loadSession(input, target.bot);
    const previousStored = previous ? parseJson<StoredSession>(previous.state, EMPTY_SESSION) : undefined;
    const now = this.ctx.clock(); // one instant per turn: a first turn starts its conversation when it occurs
    const stored: StoredSession = { sessionState: input.sessionState, interpretations: [], messages, requestAttributes: input.requestAttributes, ...this.nextTurn(previousStored, now) };
    const contentType = input.responseContentType ?? 'text/plain; charset=utf-8';
    const audioStream = await this.speak(new BotRole(this.ctx, scope, target.bot.role_arn), target, input, contentType, messages);
    const logged = this.turnRecord(scope, target, input, stored, origin, { operation: 'PutSession', inputMode: 'Text', outputType: contentType }, { missed: false }, now);
    await this.saveSession(scope, input, target.bot, stored, origin, logged);
    return {
      contentType,
      audioStream,
      sessionId: input.sessionId,
      sessionState: packHeader(input.sessionState),
      messages: messages.length > 0 ? packHeader(messages) : undefined,
      requestAttributes: input.requestAttributes ? packHeader(input.requestAttributes) : undefined,
    };
  }

  /** Audio logs: a KMS data key if the bucket destination names a key, then s3:PutObject under the prefix. */
  private async writeAudioLog(scope: Scope, role: BotRole, target: Target, turn: Turn, messages: Message[]): Promise<void> {
    const audio = target.capabilities.audioLog!;
    if (audio.kmsKeyArn) {
      if (!(await role.tryCall({ action: 'kms:GenerateDataKey', resource: audio.kmsKeyArn, eventName: 'GenerateDataKey', eventSource: 'kms.amazonaws.com' }))) return;
      await this.models.downstream.record(scope.accountId, audio.kmsKeyArn, 'data-key', turn.sessionId, 'AES_256');
    }
    const key = `${audio.logPrefix}${target.bot.bot_id}/${target.alias.bot_alias_id}/${turn.localeId}/${turn.sessionId}/${this.ctx.clock().getTime()}.wav`;
    const objectArn = `${audio.bucketArn}/${key}`;
    if (!(await role.tryCall({ action: 's3:PutObject', resource: objectArn, eventName: 'PutObject', eventSource: 's3.amazonaws.com' }))) return;
    await this.models.downstream.record(scope.accountId, audio.bucketArn, 's3-object', key, JSON.stringify({ messages, encrypted: audio.kmsKeyArn ?? null }));
  }

  async deleteSession(scope: Scope, turn: Turn): Promise<DeleteSessionResponse> {
    const { bot } = await this.target(scope, turn);
    const row = await this.loadSession(turn, bot);
    if (!row) throw notFound(`Session ${turn.sessionId} does not exist.`);
    await this.db
      .deleteFrom('lex_sessions')
      .where(sameSession(turn))
      .execute();
    return { botId: turn.botId, botAliasId: turn.botAliasId, localeId: turn.localeId, sessionId: turn.sessionId };
  }

  /** Is a conversation in progress (a turn within the activity window) on a role? */
  async roleInUse(accountId: string, column: 'bot_role_key' | 'channel_role_key', roleKey: string): Promise<boolean> {
    const since = new Date(this.ctx.clock().getTime() - this.ctx.conversationActiveMs).toISOString();
    const row = await this.db
      .selectFrom('lex_sessions')
      .select('session_id')
      .where('account_id', '=', accountId)
      .where(column, '=', roleKey)
      .where('last_activity_at', '>=', since)
      .executeTakeFirst();
    return row !== undefined;
  }

  aliasArn(scope: Scope, botId: string, botAliasId: string): string {
    return botAliasArn(scope.region, scope.accountId, botId, botAliasId);
  }
}

interface IntentDefinition {
  parentIntentSignature?: string;
  sampleUtterances?: { utterance: string }[];
  kendraConfiguration?: { kendraIndex: string };
  intentClosingSetting?: { closingResponse?: MessageGroupHolder; active?: boolean };
  initialResponseSetting?: { initialResponse?: MessageGroupHolder };
  fulfillmentCodeHook?: { postFulfillmentStatusSpecification?: { successResponse?: MessageGroupHolder } };
}

interface MessageGroupHolder {
  messageGroups?: { message?: { plainTextMessage?: { value: string }; ssmlMessage?: { value: string } } }[];
}

/** What the intent says when it is done: its closing response, else its initial response. */
function responseMessages(definition: IntentDefinition): Message[] {
  const holder =
    definition.intentClosingSetting?.closingResponse ??
    definition.fulfillmentCodeHook?.postFulfillmentStatusSpecification?.successResponse ??
    definition.initialResponseSetting?.initialResponse;
  const out: Message[] = [];
  for (const group of holder?.messageGroups ?? []) {
    if (group.message?.plainTextMessage) out.push({ contentType: 'PlainText', content: group.message.plainTextMessage.value });
    else if (group.message?.ssmlMessage) out.push({ contentType: 'SSML', content: group.message.ssmlMessage.value });
  }
  return out;
}

/**
 * The audio of synthesized messages. linkedrole has no speech engine: for `audio/pcm` (16 kHz, 16-bit
 * mono, as Lex answers) it returns silence lasting as long as the words would take to say (about 0.4 s
 * a word), so clients can play and measure it; encoded formats (mpeg, ogg) get an empty stream.
 */
export function speechAudio(contentType: string, messages: { content?: string }[]): Buffer {
  if (!contentType.startsWith('audio/pcm')) return Buffer.alloc(0);
  const words = messages.reduce((n, m) => n + (m.content?.split(/\s+/).filter(Boolean).length ?? 0), 0);
  const samples = Math.round(words * 0.4 * 16_000);
  return Buffer.alloc(samples * 2);
}
