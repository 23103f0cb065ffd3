// The bindings of Lex V2's insight operations on a bot locale: the bot analyzer (analyzer.ts), bot
// recommendations from the conversations this server held (recommendations.ts) and the generative
// operations (generation.ts). Each is lex:<Operation> on the bot, with its tags, as the Service Authorization
// Reference lists it; ListBotAnalyzerHistory is authorized as lex:ListBotAnalyzerRecommendations, the
// Reference's only list action of the analyzer (it has no lex:ListBotAnalyzerHistory). Composed into lexApi (api.ts).
import type { AuthorizationTarget, RequestContext, ServiceOperations } from '../../aws/service.js';
import type { Operations as ModelsOperations } from '../../aws/generated/lexv2-models.js';
import { scopeOf } from '../kit/scope.js';
import type { Lex } from './lex.js';

type OnBot = (action: string) => (input: { botId: string }, ctx: RequestContext) => Promise<AuthorizationTarget[]>;

type Served =
  | 'StartBotAnalyzer' | 'StopBotAnalyzer' | 'DescribeBotAnalyzerRecommendation' | 'DeleteBotAnalyzerRecommendation' | 'ListBotAnalyzerHistory'
  | 'StartBotResourceGeneration' | 'DescribeBotResourceGeneration' | 'ListBotResourceGenerations' | 'GenerateBotElement'
  | 'StartBotRecommendation' | 'DescribeBotRecommendation' | 'ListBotRecommendations' | 'StopBotRecommendation' | 'UpdateBotRecommendation'
  | 'ListRecommendedIntents' | 'SearchAssociatedTranscripts';

export function insightOperations(lex: Lex, onBot: OnBot): ServiceOperations<Pick<ModelsOperations, Served>> {
  return {
    // ---- bot analyzer ----
    StartBotAnalyzer: {
      summary: "Checks a built DRAFT English locale's definition by fixed rules (shared or near-identical utterances between intents, intents without utterances, unknown or unused slots, utterances differing by a slot value, unused slot types); Processing, then Available",
      authorize: onBot('lex:StartBotAnalyzer'),
      handle: (input, ctx) => lex.analyzer.start(scopeOf(ctx), input),
    },
    StopBotAnalyzer: {
      summary: 'Stops a Processing analysis (Stopping, then Stopped, its findings dropped)',
      authorize: onBot('lex:StopBotAnalyzer'),
      handle: (input, ctx) => lex.analyzer.stop(scopeOf(ctx), input.botId, input.botAnalyzerRequestId),
    },
    DescribeBotAnalyzerRecommendation: {
      summary: "An analysis's status and, once Available, its findings (priority, location, description, proposed fix), 5 a page",
      authorize: onBot('lex:DescribeBotAnalyzerRecommendation'),
      handle: (input, ctx) => lex.analyzer.describe(scopeOf(ctx), input),
    },
    DeleteBotAnalyzerRecommendation: {
      summary: 'Deletes an analysis and its findings',
      authorize: onBot('lex:DeleteBotAnalyzerRecommendation'),
      handle: async (input, ctx) => {
        await lex.analyzer.delete(scopeOf(ctx), input.botId, input.botAnalyzerRequestId);
        return {};
      },
    },
    ListBotAnalyzerHistory: {
      summary: "A bot's analyses (of a locale; DRAFT), newest first, paged",
      authorize: onBot('lex:ListBotAnalyzerRecommendations'),
      handle: (input, ctx) => lex.analyzer.history(scopeOf(ctx), input),
    },
    // ---- bot recommendations (from the turn log: recommendations.ts) ----
    StartBotRecommendation: {
      summary: "Reads this server's own conversations with the bot in the locale (the turn log, in the date range; the S3 source is recorded, not read) and groups their missed utterances into recommended intents; Processing, then Available (Failed without conversations)",
      authorize: onBot('lex:StartBotRecommendation'),
      handle: (input, ctx) => lex.recommendations.start(scopeOf(ctx), input),
    },
    DescribeBotRecommendation: {
      summary: 'The status, the transcript source and encryption as given, and once Available the statistics (intents discovered; no slot types, no download URLs)',
      authorize: onBot('lex:DescribeBotRecommendation'),
      handle: (input, ctx) => lex.recommendations.describe(scopeOf(ctx), input),
    },
    ListBotRecommendations: {
      summary: "A locale's recommendations, newest first, paged",
      authorize: onBot('lex:ListBotRecommendations'),
      handle: (input, ctx) => lex.recommendations.list(scopeOf(ctx), input),
    },
    StopBotRecommendation: {
      summary: 'Stops a Processing recommendation (Stopping, then Stopped, its results dropped)',
      authorize: onBot('lex:StopBotRecommendation'),
      handle: (input, ctx) => lex.recommendations.stop(scopeOf(ctx), input),
    },
    UpdateBotRecommendation: {
      summary: "Replaces an Available recommendation's encryption setting (Updating, then Available)",
      authorize: onBot('lex:UpdateBotRecommendation'),
      handle: (input, ctx) => lex.recommendations.update(scopeOf(ctx), input),
    },
    ListRecommendedIntents: {
      summary: 'The recommended intents (a generated id, a name from their most frequent words, the number of sample utterances), paged',
      authorize: onBot('lex:ListRecommendedIntents'),
      handle: (input, ctx) => lex.recommendations.recommendedIntents(scopeOf(ctx), input),
    },
    SearchAssociatedTranscripts: {
      summary: "The conversations behind a recommended intent (IntentId filter), as JSON transcripts of their turns, ordered, paged by index",
      authorize: onBot('lex:SearchAssociatedTranscripts'),
      handle: (input, ctx) => lex.recommendations.searchTranscripts(scopeOf(ctx), input),
    },
    // ---- generative (no model runs here: generation.ts) ----
    StartBotResourceGeneration: {
      summary: "Checks AWS's requirements (DRAFT, descriptive bot builder enabled with a model, one at a time) and the bot role's bedrock:InvokeModel on the model; InProgress, then Failed with the reason (the role's refusal, or that no Bedrock model runs here); the locale is unchanged",
      authorize: onBot('lex:StartBotResourceGeneration'),
      handle: (input, ctx) => lex.generations.start(scopeOf(ctx), input),
    },
    DescribeBotResourceGeneration: {
      summary: "A generation's prompt, model, status and failure reasons",
      authorize: onBot('lex:DescribeBotResourceGeneration'),
      handle: (input, ctx) => lex.generations.describe(scopeOf(ctx), input),
    },
    ListBotResourceGenerations: {
      summary: "A locale's generations, sorted by creation or last update time, paged",
      authorize: onBot('lex:ListBotResourceGenerations'),
      handle: (input, ctx) => lex.generations.list(scopeOf(ctx), input),
    },
    GenerateBotElement: {
      summary: "Sample utterances made from the intent's own data, not by a model: existing utterances with a slot's value written as its {Slot} reference, and the intent's name as words",
      authorize: onBot('lex:GenerateBotElement'),
      handle: (input, ctx) => lex.generations.generateElement(scopeOf(ctx), input),
    },
  };
}
