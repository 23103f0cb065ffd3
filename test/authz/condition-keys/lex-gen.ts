// Condition-key rows of Lex V2's insight operations (bot analyzer, bot recommendations, generative
// operations): each action is on the bot and documents aws:ResourceTag/${TagKey} (the bot's type); the
// targets are bots made by root (tagged team=blue), built, with an analysis run where the operation needs one.
// ListBotAnalyzerHistory is authorized as lex:ListBotAnalyzerRecommendations (the Reference has no
// lex:ListBotAnalyzerHistory). The server of this table settles statuses at once, so a run is Available
// before it can be stopped: StopBotAnalyzer's domain refusal (ValidationException, after authorization) counts
// as authorized.
import {
  DeleteBotAnalyzerRecommendationCommand,
  DescribeBotAnalyzerRecommendationCommand,
  ListBotAnalyzerHistoryCommand,
  StartBotAnalyzerCommand,
  StopBotAnalyzerCommand,
} from '@aws-sdk/client-lex-models-v2';
import { builtBot, type Clients, type Row, type Target } from './support.js';

async function withAnalysis(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  const { botAnalyzerRequestId } = await root.lex.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale', localeId: 'en_US' }));
  return { ...made, requestId: botAnalyzerRequestId! };
}

/** A run already Available cannot be stopped: that refusal comes after authorization. */
const stopped = (e: Error) => {
  if (e.name === 'ValidationException' && /only a Processing analysis can be stopped/.test(e.message)) return;
  throw e;
};

type Call = (u: Clients, t: Target) => Promise<unknown>;
const onBot = (setup: Row['setup'], calls: [string, Call, string?][]): Row[] =>
  calls.map(([operation, call, action]) => ({ operation, action: action ?? `lex:${operation}`, type: 'bot', values: {}, setup, call }));

export const rows: Row[] = [
  ...onBot(builtBot, [
    ['StartBotAnalyzer', (u, t) => u.lex.send(new StartBotAnalyzerCommand({ botId: t.botId, analysisScope: 'BotLocale', localeId: 'en_US' }))],
    ['ListBotAnalyzerHistory', (u, t) => u.lex.send(new ListBotAnalyzerHistoryCommand({ botId: t.botId })), 'lex:ListBotAnalyzerRecommendations'],
  ]),
  ...onBot(withAnalysis, [
    ['DescribeBotAnalyzerRecommendation', (u, t) => u.lex.send(new DescribeBotAnalyzerRecommendationCommand({ botId: t.botId, botAnalyzerRequestId: t.requestId }))],
    ['StopBotAnalyzer', (u, t) => u.lex.send(new StopBotAnalyzerCommand({ botId: t.botId, botAnalyzerRequestId: t.requestId })).catch(stopped)],
    ['DeleteBotAnalyzerRecommendation', (u, t) => u.lex.send(new DeleteBotAnalyzerRecommendationCommand({ botId: t.botId, botAnalyzerRequestId: t.requestId }))],
  ]),
];
