// Condition-key rows of Lex V2's insight operations (bot analyzer, bot recommendations, generative
// operations): each action is on the bot and documents aws:ResourceTag/${TagKey} (the bot's type); the
// targets are bots made by root (tagged team=blue), built, with an analysis run or a generation where the
// operation needs one (and the locale's generative features on for the generative operations).
// ListBotAnalyzerHistory is authorized as lex:ListBotAnalyzerRecommendations (the Reference has no
// lex:ListBotAnalyzerHistory). The server of this table settles statuses at once, so a run is Available
// before it can be stopped: StopBotAnalyzer's domain refusal (ValidationException, after authorization) counts
// as authorized, as does StopBotRecommendation's (ConflictException) on an Available recommendation. A recommendation's
// target has two missed utterances in its turn log, so it has a recommended intent to search transcripts of.
import {
  DeleteBotAnalyzerRecommendationCommand,
  DescribeBotAnalyzerRecommendationCommand,
  DescribeBotRecommendationCommand,
  DescribeBotResourceGenerationCommand,
  GenerateBotElementCommand,
  ListBotAnalyzerHistoryCommand,
  ListBotRecommendationsCommand,
  ListRecommendedIntentsCommand,
  SearchAssociatedTranscriptsCommand,
  StartBotRecommendationCommand,
  StopBotRecommendationCommand,
  UpdateBotRecommendationCommand,
  ListBotResourceGenerationsCommand,
  StartBotAnalyzerCommand,
  StartBotResourceGenerationCommand,
  StopBotAnalyzerCommand,
  UpdateBotLocaleCommand,
} from '@aws-sdk/client-lex-models-v2';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { builtBot, type Clients, type Row, type Target } from './support.js';

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
const PROMPT = 'A bot that books hotel rooms: it asks for the city, the check-in date and the number of nights, then confirms the booking.';
const at = (t: Target) => ({ botId: t.botId, botVersion: 'DRAFT', localeId: 'en_US' });

/** A built bot whose locale has the descriptive bot builder and sample utterance generation on. */
async function generative(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  const spec = { enabled: true, bedrockModelSpecification: { modelArn: MODEL } };
  await root.lex.send(new UpdateBotLocaleCommand({ ...at(made), nluIntentConfidenceThreshold: 0.4, generativeAISettings: { buildtimeSettings: { descriptiveBotBuilder: spec, sampleUtteranceGeneration: spec } } }));
  return made;
}
async function withGeneration(root: Clients, n: number): Promise<Target> {
  const made = await generative(root, n);
  const { generationId } = await root.lex.send(new StartBotResourceGenerationCommand({ ...at(made), generationInputPrompt: PROMPT }));
  return { ...made, generationId: generationId! };
}

async function withAnalysis(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  const { botAnalyzerRequestId } = await root.lex.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale', localeId: 'en_US' }));
  return { ...made, requestId: botAnalyzerRequestId! };
}

const SOURCE = { s3BucketTranscriptSource: { s3BucketName: 'my-transcripts', transcriptFormat: 'Lex' as const } };
/** A built bot with two missed utterances in its turn log and a recommendation on them (Available at once here). */
async function withRecommendation(root: Clients, n: number): Promise<Target> {
  const made = await builtBot(root, n);
  for (const text of ['where is my refund', 'refund my money please']) {
    await root.runtime.send(new RecognizeTextCommand({ botId: made.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: `s-${text.length}`, text }));
  }
  const { botRecommendationId } = await root.lex.send(new StartBotRecommendationCommand({ ...at(made), transcriptSourceSetting: SOURCE }));
  const { summaryList } = await root.lex.send(new ListRecommendedIntentsCommand({ ...at(made), botRecommendationId }));
  return { ...made, recommendationId: botRecommendationId!, recommendedIntentId: summaryList![0].intentId! };
}
const rec = (t: Target) => ({ ...at(t), botRecommendationId: t.recommendationId });
/** A recommendation already Available cannot be stopped: that refusal comes after authorization. */
const notProcessing = (e: Error) => {
  if (e.name === 'ConflictException' && /only a Processing recommendation can be stopped/.test(e.message)) return;
  throw e;
};

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
  ...onBot(generative, [
    ['StartBotResourceGeneration', (u, t) => u.lex.send(new StartBotResourceGenerationCommand({ ...at(t), generationInputPrompt: PROMPT }))],
    ['ListBotResourceGenerations', (u, t) => u.lex.send(new ListBotResourceGenerationsCommand(at(t)))],
    ['GenerateBotElement', (u, t) => u.lex.send(new GenerateBotElementCommand({ ...at(t), intentId: t.intentId }))],
  ]),
  ...onBot(builtBot, [
    ['StartBotRecommendation', (u, t) => u.lex.send(new StartBotRecommendationCommand({ ...at(t), transcriptSourceSetting: SOURCE }))],
    ['ListBotRecommendations', (u, t) => u.lex.send(new ListBotRecommendationsCommand(at(t)))],
  ]),
  ...onBot(withRecommendation, [
    ['DescribeBotRecommendation', (u, t) => u.lex.send(new DescribeBotRecommendationCommand(rec(t)))],
    ['ListRecommendedIntents', (u, t) => u.lex.send(new ListRecommendedIntentsCommand(rec(t)))],
    ['SearchAssociatedTranscripts', (u, t) => u.lex.send(new SearchAssociatedTranscriptsCommand({ ...rec(t), filters: [{ name: 'IntentId', values: [t.recommendedIntentId] }] }))],
    ['UpdateBotRecommendation', (u, t) => u.lex.send(new UpdateBotRecommendationCommand({ ...rec(t), encryptionSetting: {} }))],
    ['StopBotRecommendation', (u, t) => u.lex.send(new StopBotRecommendationCommand(rec(t))).catch(notProcessing)],
  ]),
  ...onBot(withGeneration, [['DescribeBotResourceGeneration', (u, t) => u.lex.send(new DescribeBotResourceGenerationCommand({ ...at(t), generationId: t.generationId }))]]),
];
