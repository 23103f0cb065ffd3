// Condition-key rows of Lex V2's analytics: each action is on the bot and documents aws:ResourceTag/${TagKey}
// (the bot's type); ListUtteranceMetrics and ListUtteranceAnalyticsData are authorized as
// lex:ListAggregatedUtterances (they have no action of their own). The targets are bots made by root (tagged
// team=blue); the calls read an empty turn log, or delete it.
import {
  DeleteUtterancesCommand,
  ListAggregatedUtterancesCommand,
  ListIntentMetricsCommand,
  ListIntentPathsCommand,
  ListIntentStageMetricsCommand,
  ListSessionAnalyticsDataCommand,
  ListSessionMetricsCommand,
  ListUtteranceAnalyticsDataCommand,
  ListUtteranceMetricsCommand,
} from '@aws-sdk/client-lex-models-v2';
import { bot, type Clients, type Row, type Target } from './support.js';

const window = () => ({ startDateTime: new Date(Date.now() - 3_600_000), endDateTime: new Date() });
const count = [{ name: 'Count' as const, statistic: 'Sum' as const }];

type Call = (u: Clients, t: Target) => Promise<unknown>;
const row = (operation: string, call: Call, action = `lex:${operation}`): Row => ({ operation, action, type: 'bot', values: {}, setup: bot, call });

export const rows: Row[] = [
  row('ListSessionMetrics', (u, t) => u.lex.send(new ListSessionMetricsCommand({ botId: t.botId, ...window(), metrics: count }))),
  row('ListIntentMetrics', (u, t) => u.lex.send(new ListIntentMetricsCommand({ botId: t.botId, ...window(), metrics: count }))),
  row('ListIntentStageMetrics', (u, t) => u.lex.send(new ListIntentStageMetricsCommand({ botId: t.botId, ...window(), metrics: count }))),
  row('ListUtteranceMetrics', (u, t) => u.lex.send(new ListUtteranceMetricsCommand({ botId: t.botId, ...window(), metrics: count })), 'lex:ListAggregatedUtterances'),
  row('ListIntentPaths', (u, t) => u.lex.send(new ListIntentPathsCommand({ botId: t.botId, ...window(), intentPath: '/' }))),
  row('ListSessionAnalyticsData', (u, t) => u.lex.send(new ListSessionAnalyticsDataCommand({ botId: t.botId, ...window() }))),
  row('ListUtteranceAnalyticsData', (u, t) => u.lex.send(new ListUtteranceAnalyticsDataCommand({ botId: t.botId, ...window() })), 'lex:ListAggregatedUtterances'),
  row('ListAggregatedUtterances', (u, t) =>
    u.lex.send(new ListAggregatedUtterancesCommand({ botId: t.botId, localeId: 'en_US', botVersion: 'DRAFT', aggregationDuration: { relativeAggregationDuration: { timeDimension: 'Hours', timeValue: 1 } } })),
  ),
  row('DeleteUtterances', (u, t) => u.lex.send(new DeleteUtterancesCommand({ botId: t.botId }))),
];
