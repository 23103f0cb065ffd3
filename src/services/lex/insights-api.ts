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

type Served = 'StartBotAnalyzer' | 'StopBotAnalyzer' | 'DescribeBotAnalyzerRecommendation' | 'DeleteBotAnalyzerRecommendation' | 'ListBotAnalyzerHistory';

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
  };
}
