// StartConversation (Lex runtime V2): one bidirectional stream of a session's turns. The client's events come in
// as the wire verifies and decodes them; each completed input (a TextInputEvent, DTMF digits up to the end
// character, or an utterance of audio) is one turn of the same engine RecognizeText uses (conversations.ts:
// the bot's role, the stored session, the turn log), answered with its events while the client goes on sending.
import {
  errors,
  type ConfigurationEvent,
  type Message,
  type StartConversationRequest,
  type StartConversationResponseEventStream,
} from '../../aws/generated/lexv2-runtime.js';
import type { Scope } from '../kit/scope.js';
import type { Conversations, TurnOrigin } from './conversations.js';
import type { TurnInputMode } from './turn-log.js';
import { utteranceInputMode, utteranceResponseType } from './utterances.js';

type ResponseEvent = StartConversationResponseEventStream;

/** Lex's DTMF defaults (session attributes x-amz-lex:dtmf:end-character and :deletion-character override them). */
const DTMF_END = '#';
const DTMF_DELETE = '*';

/** Audio answers are sent in chunks of at most this many bytes; an empty chunk ends each answer's audio. */
const AUDIO_CHUNK_BYTES = 16_000;

/**
 * The answers to a StartConversation stream. A bot, alias or locale that cannot converse ends the stream with
 * ResourceNotFoundException before any event is read (the operation's errors are only those of its request;
 * the stream's union carries the rest); a bad event ends it with ValidationException.
 */
export async function* conversationEvents(conversations: Conversations, scope: Scope, input: StartConversationRequest, origin: TurnOrigin): AsyncGenerator<ResponseEvent> {
  await conversations.target(scope, input);
  const session = { botId: input.botId, botAliasId: input.botAliasId, localeId: input.localeId, sessionId: input.sessionId };
  let configuration: ConfigurationEvent | undefined;
  let responseContentType = utteranceResponseType(undefined);
  let sessionStateToApply: ConfigurationEvent['sessionState'];
  let digits = '';
  let speech: { contentType: string; bytes: number } | undefined;
  let eventCount = 0;
  const eventId = () => `RESPONSE-${++eventCount}`;

  async function* turn(text: string, inputMode: TurnInputMode, inputType: string): AsyncGenerator<ResponseEvent> {
    const { response, audio } = await conversations.streamTurn(
      scope,
      { ...session, text, sessionState: sessionStateToApply, requestAttributes: configuration?.requestAttributes },
      origin,
      { inputMode, inputType, responseContentType },
    );
    // The configuration's session state starts the conversation; later turns go on from the stored session.
    sessionStateToApply = undefined;
    if (inputMode === 'Speech') yield { TranscriptEvent: { eventId: eventId(), transcript: text } };
    yield {
      IntentResultEvent: {
        eventId: eventId(),
        inputMode,
        sessionId: input.sessionId,
        interpretations: response.interpretations,
        sessionState: response.sessionState,
        requestAttributes: response.requestAttributes,
      },
    };
    yield* answer(response.messages, audio);
  }

  function* answer(messages: Message[], audio: Buffer | undefined): Generator<ResponseEvent> {
    if (messages.length > 0) yield { TextResponseEvent: { eventId: eventId(), messages } };
    if (audio === undefined || configuration?.disablePlayback) return;
    for (let at = 0; at < audio.length; at += AUDIO_CHUNK_BYTES) {
      yield { AudioResponseEvent: { eventId: eventId(), contentType: responseContentType, audioChunk: audio.subarray(at, at + AUDIO_CHUNK_BYTES) } };
    }
    yield { AudioResponseEvent: { eventId: eventId(), contentType: responseContentType, audioChunk: Buffer.alloc(0) } };
  }

  /** No speech recognizer runs here: an utterance is heard as silence, as in RecognizeUtterance. */
  async function* utteranceEnded(): AsyncGenerator<ResponseEvent> {
    const heard = speech!;
    speech = undefined;
    yield* turn('', 'Speech', heard.contentType);
  }

  for await (const event of input.requestEventStream) {
    // No voice activity detection either: an utterance ends with the client's next event that is not audio.
    if (speech && !event.AudioInputEvent) yield* utteranceEnded();
    if (event.ConfigurationEvent) {
      configuration = event.ConfigurationEvent;
      responseContentType = utteranceResponseType(configuration.responseContentType);
      sessionStateToApply = configuration.sessionState;
      if (configuration.welcomeMessages && configuration.welcomeMessages.length > 0) yield* answer(configuration.welcomeMessages, undefined);
    } else if (event.TextInputEvent) {
      yield* turn(event.TextInputEvent.text, 'Text', 'text/plain; charset=utf-8');
    } else if (event.DTMFInputEvent) {
      const attributes = configuration?.sessionState?.sessionAttributes ?? {};
      const character = event.DTMFInputEvent.inputCharacter;
      if (character === (attributes['x-amz-lex:dtmf:end-character'] ?? DTMF_END)) {
        const entered = digits;
        digits = '';
        if (entered !== '') yield* turn(entered, 'DTMF', 'text/plain; charset=utf-8');
      } else if (character === (attributes['x-amz-lex:dtmf:deletion-character'] ?? DTMF_DELETE)) digits = '';
      else digits += character;
    } else if (event.AudioInputEvent) {
      const { contentType, audioChunk } = event.AudioInputEvent;
      if (utteranceInputMode(contentType) !== 'Speech') throw errors.ValidationException(`Invalid contentType for an AudioInputEvent: ${contentType}.`);
      speech = { contentType, bytes: (speech?.bytes ?? 0) + (audioChunk?.length ?? 0) };
    } else if (event.DisconnectionEvent) {
      return;
    }
    // PlaybackCompletionEvent: nothing plays here that a user could interrupt, so there is nothing to resume.
  }
  if (speech) yield* utteranceEnded();
}
