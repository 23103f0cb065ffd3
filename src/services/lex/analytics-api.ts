// The bindings of Lex V2's analytics (analytics.ts): each on the bot, lex:<Operation> with the bot's tags
// (aws:ResourceTag/*); ListUtteranceMetrics and ListUtteranceAnalyticsData have no action of their own in the
// Service Authorization Reference, and AWS's API reference says they need lex:ListAggregatedUtterances.
// Composed into lexApi's operations (api.ts).
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import { scopeOf } from '../kit/scope.js';
import type { Lex } from './lex.js';

type OnBot = (action: string) => (input: { botId: string }, ctx: RequestContext) => Promise<AuthorizationTarget[]>;

type Served =
  | 'ListSessionMetrics' | 'ListUtteranceMetrics' | 'ListIntentMetrics' | 'ListIntentStageMetrics' | 'ListIntentPaths'
  | 'ListSessionAnalyticsData' | 'ListUtteranceAnalyticsData' | 'ListAggregatedUtterances' | 'DeleteUtterances';

export function analyticsOperations(lex: Lex, onBot: OnBot): ServiceOperations<Pick<ModelsOperations, Served>> {
  const analytics = lex.analytics;
  return {
    ListSessionMetrics: {
      summary: 'Session metrics (Count, Success, Failure, Dropped, Duration, TurnsPerConversation, Concurrency) of the conversations this server held, binned, grouped, filtered',
      authorize: onBot('lex:ListSessionMetrics'),
      handle: (input, ctx) => analytics.listSessionMetrics(scopeOf(ctx), input),
    },
    ListIntentMetrics: {
      summary: 'Intent metrics (Count, Success, Failure, Switched, Dropped) of the intents invoked in the logged conversations, by name, end state, level',
      authorize: onBot('lex:ListIntentMetrics'),
      handle: (input, ctx) => analytics.listIntentMetrics(scopeOf(ctx), input),
    },
    ListIntentStageMetrics: {
      summary: 'Intent stage metrics (Count, Success, Failed, Dropped, Retry) of the slots the bot asked for in the logged conversations',
      authorize: onBot('lex:ListIntentStageMetrics'),
      handle: (input, ctx) => analytics.listIntentStageMetrics(scopeOf(ctx), input),
    },
    ListUtteranceMetrics: {
      summary: 'Utterance metrics (Count, Missed, Detected, UtteranceTimestamp) of what users said, by text or state, with the last used intent',
      authorize: onBot('lex:ListAggregatedUtterances'),
      handle: (input, ctx) => analytics.listUtteranceMetrics(scopeOf(ctx), input),
    },
    ListIntentPaths: {
      summary: 'The intents sessions invoked after an intent path, with how many sessions went on (Inner) or ended (Exit) there',
      authorize: onBot('lex:ListIntentPaths'),
      handle: (input, ctx) => analytics.listIntentPaths(scopeOf(ctx), input),
    },
    ListSessionAnalyticsData: {
      summary: 'The logged conversations: start, end, duration, end state, mode, turns, invoked intents; filtered, sorted, paged',
      authorize: onBot('lex:ListSessionAnalyticsData'),
      handle: (input, ctx) => analytics.listSessionAnalyticsData(scopeOf(ctx), input),
    },
    ListUtteranceAnalyticsData: {
      summary: "The logged utterances: text, time, understood or not, intent, slot, dialog action, the bot's responses; filtered, sorted, paged",
      authorize: onBot('lex:ListAggregatedUtterances'),
      handle: (input, ctx) => analytics.listUtteranceAnalyticsData(scopeOf(ctx), input),
    },
    ListAggregatedUtterances: {
      summary: 'What users said to an alias or version in a locale over the last hours/days/weeks, by text: hit and missed counts, first and last said; computed live',
      authorize: onBot('lex:ListAggregatedUtterances'),
      handle: (input, ctx) => analytics.listAggregatedUtterances(scopeOf(ctx), input),
    },
    DeleteUtterances: {
      summary: "Deletes the bot's logged utterances (all, a locale's or a session's) at once, and with them their analytics",
      authorize: onBot('lex:DeleteUtterances'),
      handle: (input, ctx) => analytics.deleteUtterances(scopeOf(ctx), input),
    },
  };
}
