// Lex V2 analytics, computed from the conversations this server held (the turn log, turn-log.ts): the metrics
// of sessions, intents, intent stages and utterances (binned, grouped, filtered, ordered, paged), intent paths,
// the sessions and utterances themselves, aggregated utterances over a relative window, and DeleteUtterances.
// What each figure means is in analytics-facts.ts and docs/lex.md ("Analytics").
import type {
  AggregatedUtterancesSummary,
  AnalyticsIntentNodeSummary,
  AnalyticsIntentField,
  AnalyticsIntentMetricName,
  AnalyticsIntentStageField,
  AnalyticsIntentStageMetricName,
  AnalyticsSessionField,
  AnalyticsSessionMetricName,
  AnalyticsUtteranceField,
  AnalyticsUtteranceMetricName,
  DeleteUtterancesRequest,
  ListAggregatedUtterancesRequest,
  ListAggregatedUtterancesResponse,
  ListIntentMetricsRequest,
  ListIntentMetricsResponse,
  ListIntentPathsRequest,
  ListIntentPathsResponse,
  ListIntentStageMetricsRequest,
  ListIntentStageMetricsResponse,
  ListSessionAnalyticsDataRequest,
  ListSessionAnalyticsDataResponse,
  ListSessionMetricsRequest,
  ListSessionMetricsResponse,
  ListUtteranceAnalyticsDataRequest,
  ListUtteranceAnalyticsDataResponse,
  ListUtteranceMetricsRequest,
  ListUtteranceMetricsResponse,
  SessionSpecification,
  UtteranceSpecification,
} from '../../aws/generated/lexv2-models.js';
import type { Scope } from '../kit/scope.js';
import { offsetPage } from '../kit/paging.js';
import { metricsResults, type Measure } from './analytics-aggregate.js';
import { conversationFacts, utteranceFacts, type ConversationFacts, type IntentInvocation, type IntentStage, type UtteranceFacts } from './analytics-facts.js';
import { applyFilters, conversationFields, sessionFields, type FilterFields } from './analytics-filters.js';
import { invalid, parseJson, type LexContext } from './context.js';
import { DRAFT } from './ids.js';
import type { LexModels } from './models.js';
import type { TurnLog } from './turn-log.js';

/** The page size when a request gives no maxResults (ListAggregatedUtterances documents 1,000; the others none). */
const DEFAULT_PAGE = 1000;

/** The longest idle session TTL Lex allows (24 hours): a conversation in a window started at most this long before its turns. */
const MAX_SESSION_MS = 86_400_000;

/** The relative windows ListAggregatedUtterances takes (AWS: Hours 1/3/6/12/24, Days 3, Weeks 1/2). */
const AGGREGATION_WINDOWS: Record<string, { values: number[]; ms: number }> = {
  Hours: { values: [1, 3, 6, 12, 24], ms: 3_600_000 },
  Days: { values: [3], ms: 86_400_000 },
  Weeks: { values: [1, 2], ms: 7 * 86_400_000 },
};

const page = <T>(items: T[], maxResults: number | undefined, nextToken: string | undefined) => offsetPage(items, maxResults, nextToken, DEFAULT_PAGE, invalid);

type InvocationFact = { invocation: IntentInvocation; conversation: ConversationFacts };
type StageFact = { stage: IntentStage; conversation: ConversationFacts };

const flag = (yes: boolean) => (yes ? 1 : 0);

const sessionMeasure: Measure<ConversationFacts, AnalyticsSessionField, AnalyticsSessionMetricName> = {
  times: (c) => ({ ConversationStartTime: c.conversation.startedAt, UtteranceTimestamp: c.conversation.lastTurnAt }),
  group: (c, name) => (name === 'ConversationEndState' ? c.endState : c.conversation.localeId),
  value(c, name, bucket) {
    switch (name) {
      case 'Count':
        return 1;
      case 'Success':
      case 'Failure':
      case 'Dropped':
        return flag(c.endState === name);
      case 'Duration':
        return c.durationSeconds;
      case 'TurnsPerConversation':
        return c.conversation.turns.length;
      case 'Concurrency':
        // The conversations of the bucket that were going on at some time during this one (itself included).
        return bucket.filter((o) => o.conversation.startedAt <= c.conversation.lastTurnAt && o.conversation.lastTurnAt >= c.conversation.startedAt).length;
    }
  },
};

const intentMeasure: Measure<InvocationFact, AnalyticsIntentField, AnalyticsIntentMetricName> = {
  times: (f) => ({ ConversationStartTime: f.conversation.conversation.startedAt, UtteranceTimestamp: f.invocation.turns[0].occurredAt }),
  group: (f, name) => (name === 'IntentName' ? f.invocation.intentName : name === 'IntentEndState' ? f.invocation.endState : String(f.invocation.level)),
  value: (f, name) => (name === 'Count' ? 1 : flag(f.invocation.endState === (name === 'Failure' ? 'Failed' : name))),
};

/** What a stage's SwitchedToIntent group is when the user did not switch. */
const NOT_SWITCHED = 'None';

const stageMeasure: Measure<StageFact, AnalyticsIntentStageField, AnalyticsIntentStageMetricName> = {
  times: (f) => ({ ConversationStartTime: f.conversation.conversation.startedAt, UtteranceTimestamp: f.stage.firstTurn.occurredAt }),
  group: (f, name) => (name === 'IntentStageName' ? f.stage.stageName : (f.stage.switchedToIntent ?? NOT_SWITCHED)),
  value: (f, name) => (name === 'Count' ? 1 : name === 'Retry' ? f.stage.retries : flag(f.stage.endState === name)),
};

const utteranceState = (u: UtteranceFacts) => (u.turn.missed ? 'Missed' : 'Detected');

const utteranceMeasure: Measure<UtteranceFacts, AnalyticsUtteranceField, AnalyticsUtteranceMetricName> = {
  times: (u) => ({ ConversationStartTime: u.turn.sessionStartedAt, UtteranceTimestamp: u.turn.occurredAt }),
  group: (u, name) => (name === 'UtteranceText' ? u.turn.inputTranscript! : utteranceState(u)),
  value(u, name) {
    switch (name) {
      case 'Count':
        return 1;
      case 'Missed':
        return flag(u.turn.missed);
      case 'Detected':
        return flag(!u.turn.missed);
      case 'UtteranceTimestamp':
        return u.turn.occurredAt.getTime();
    }
  },
};

const sessionFilters: FilterFields<ConversationFacts> = {
  ...sessionFields((c: ConversationFacts) => c),
  Duration: { operators: ['EQ', 'GT', 'LT'], value: (c) => c.durationSeconds },
  ConversationEndState: { operators: ['EQ'], value: (c) => c.endState },
  IntentPath: { operators: ['EQ'], value: (c) => c.intentPath },
};

const intentFilters: FilterFields<InvocationFact> = {
  ...sessionFields((f: InvocationFact) => f.conversation),
  IntentName: { operators: ['EQ'], value: (f) => f.invocation.intentName },
  IntentEndState: { operators: ['EQ'], value: (f) => f.invocation.endState },
};

const stageFilters: FilterFields<StageFact> = {
  ...sessionFields((f: StageFact) => f.conversation),
  IntentName: { operators: ['EQ'], value: (f) => f.stage.intentName },
  IntentStageName: { operators: ['EQ'], value: (f) => f.stage.stageName },
};

const utteranceFilters: FilterFields<UtteranceFacts> = {
  ...sessionFields((u: UtteranceFacts) => u.conversation),
  // An utterance's modality is its own.
  Modality: { operators: ['EQ'], value: (u) => u.turn.inputMode },
  Channel: { operators: ['EQ'], value: (u) => u.turn.channel },
  UtteranceState: { operators: ['EQ'], value: utteranceState },
  UtteranceText: { operators: ['EQ'], value: (u) => u.turn.inputTranscript },
};

const pathFilters: FilterFields<ConversationFacts> = conversationFields((c: ConversationFacts) => c);

export class LexAnalytics {
  constructor(
    private readonly ctx: LexContext,
    private readonly models: LexModels,
    private readonly turnLog: TurnLog,
  ) {}

  /** The bot's conversations that began at or after `start` and had their last turn at or before `end`. */
  private async conversations(scope: Scope, botId: string, start: Date, end: Date): Promise<ConversationFacts[]> {
    await this.models.bots.bot(scope, botId, 'precondition');
    if (!(start.getTime() < end.getTime())) throw invalid('The startDateTime must be before the endDateTime.');
    const logged = await this.turnLog.conversations(scope, { botId, from: start });
    return logged.filter((c) => c.startedAt >= start && c.lastTurnAt <= end).map(conversationFacts);
  }

  /** The bot's utterances said at or after `start` and at or before `end`, with their whole conversations. */
  private async utterances(scope: Scope, botId: string, start: Date, end: Date): Promise<UtteranceFacts[]> {
    await this.models.bots.bot(scope, botId, 'precondition');
    if (!(start.getTime() < end.getTime())) throw invalid('The startDateTime must be before the endDateTime.');
    const logged = await this.turnLog.conversations(scope, { botId, from: new Date(start.getTime() - MAX_SESSION_MS) });
    return utteranceFacts(logged.map(conversationFacts)).filter((u) => u.turn.occurredAt >= start && u.turn.occurredAt <= end);
  }

  async listSessionMetrics(scope: Scope, input: ListSessionMetricsRequest): Promise<ListSessionMetricsResponse> {
    const facts = applyFilters(await this.conversations(scope, input.botId, input.startDateTime, input.endDateTime), input.filters, sessionFilters);
    const results = metricsResults(facts, sessionMeasure, input);
    const { items, nextToken } = page(results, input.maxResults, input.nextToken);
    return { botId: input.botId, results: items, nextToken };
  }

  async listIntentMetrics(scope: Scope, input: ListIntentMetricsRequest): Promise<ListIntentMetricsResponse> {
    const conversations = await this.conversations(scope, input.botId, input.startDateTime, input.endDateTime);
    const facts = applyFilters(
      conversations.flatMap((conversation) => conversation.invocations.map((invocation) => ({ invocation, conversation }))),
      input.filters,
      intentFilters,
    );
    const { items, nextToken } = page(metricsResults(facts, intentMeasure, input), input.maxResults, input.nextToken);
    return { botId: input.botId, results: items, nextToken };
  }

  async listIntentStageMetrics(scope: Scope, input: ListIntentStageMetricsRequest): Promise<ListIntentStageMetricsResponse> {
    const conversations = await this.conversations(scope, input.botId, input.startDateTime, input.endDateTime);
    const facts = applyFilters(
      conversations.flatMap((conversation) => conversation.stages.map((stage) => ({ stage, conversation }))),
      input.filters,
      stageFilters,
    );
    const { items, nextToken } = page(metricsResults(facts, stageMeasure, input), input.maxResults, input.nextToken);
    return { botId: input.botId, results: items, nextToken };
  }

  async listUtteranceMetrics(scope: Scope, input: ListUtteranceMetricsRequest): Promise<ListUtteranceMetricsResponse> {
    const facts = applyFilters(await this.utterances(scope, input.botId, input.startDateTime, input.endDateTime), input.filters, utteranceFilters);
    const lastUsedIntent = (input.attributes ?? []).some((a) => a.name === 'LastUsedIntent');
    // LastUsedIntent: the intent the latest utterance of the result was mapped to.
    const attach = (bucket: UtteranceFacts[]) => {
      if (!lastUsedIntent) return {};
      const latest = bucket.reduce((a, b) => (b.turn.occurredAt >= a.turn.occurredAt ? b : a));
      return { attributeResults: latest.turn.intentName ? [{ lastUsedIntent: latest.turn.intentName }] : [] };
    };
    const { items, nextToken } = page(metricsResults(facts, utteranceMeasure, input, attach), input.maxResults, input.nextToken);
    return { botId: input.botId, results: items, nextToken };
  }

  /**
   * The intents that follow a path: for each intent sessions invoked right after the path's intents (in that
   * order, from the conversation's first intent), how many sessions did, as an Inner node (they went on to
   * another intent) and an Exit node (it was their last).
   */
  async listIntentPaths(scope: Scope, input: ListIntentPathsRequest): Promise<ListIntentPathsResponse> {
    const prefix = parseIntentPath(input.intentPath);
    const facts = applyFilters(await this.conversations(scope, input.botId, input.startDateTime, input.endDateTime), input.filters, pathFilters);
    const nodes = new Map<string, AnalyticsIntentNodeSummary>();
    for (const c of facts) {
      const names = c.invocations.map((i) => i.intentName);
      if (names.length <= prefix.length || prefix.some((name, i) => names[i] !== name)) continue;
      const intentName = names[prefix.length];
      const nodeType = names.length > prefix.length + 1 ? 'Inner' : 'Exit';
      const key = `${intentName}\u0000${nodeType}`;
      const node = nodes.get(key) ?? { intentName, intentPath: `/${[...prefix, intentName].join('/')}`, intentLevel: prefix.length + 1, nodeType, intentCount: 0 };
      node.intentCount! += 1;
      nodes.set(key, node);
    }
    const nodeSummaries = [...nodes.values()]
      .sort((a, b) => b.intentCount! - a.intentCount! || a.intentName!.localeCompare(b.intentName!) || a.nodeType!.localeCompare(b.nodeType!))
      .slice(0, 100);
    return { nodeSummaries };
  }

  async listSessionAnalyticsData(scope: Scope, input: ListSessionAnalyticsDataRequest): Promise<ListSessionAnalyticsDataResponse> {
    const facts = applyFilters(await this.conversations(scope, input.botId, input.startDateTime, input.endDateTime), input.filters, sessionFilters);
    const sortBy = input.sortBy ?? { name: 'ConversationStartTime', order: 'Descending' };
    const key = (c: ConversationFacts) =>
      sortBy.name === 'NumberOfTurns' ? c.conversation.turns.length : sortBy.name === 'Duration' ? c.durationSeconds : c.conversation.startedAt.getTime();
    const sign = sortBy.order === 'Ascending' ? 1 : -1;
    facts.sort((a, b) => sign * (key(a) - key(b)) || sign * (a.conversation.startedAt.getTime() - b.conversation.startedAt.getTime()) || a.conversation.sessionId.localeCompare(b.conversation.sessionId));
    const { items, nextToken } = page(facts, input.maxResults, input.nextToken);
    return { botId: input.botId, sessions: items.map(sessionSpecification), nextToken };
  }

  async listUtteranceAnalyticsData(scope: Scope, input: ListUtteranceAnalyticsDataRequest): Promise<ListUtteranceAnalyticsDataResponse> {
    const facts = applyFilters(await this.utterances(scope, input.botId, input.startDateTime, input.endDateTime), input.filters, utteranceFilters);
    const sign = input.sortBy?.order === 'Ascending' ? 1 : -1;
    facts.sort((a, b) => sign * (a.turn.occurredAt.getTime() - b.turn.occurredAt.getTime()) || sign * (a.turn.turnIndex - b.turn.turnIndex));
    const { items, nextToken } = page(facts, input.maxResults, input.nextToken);
    return { botId: input.botId, utterances: items.map(utteranceSpecification), nextToken };
  }

  /**
   * What users said to an alias or a version in a locale over the last hours, days or weeks: one line per
   * distinct utterance text, with how often it was detected (an intent matched) and missed, and when it was
   * first and last said in the window. The window ends now: the aggregation is computed on each call, so it is
   * always refreshed. A bot made with childDirected true gets none, as in AWS.
   */
  async listAggregatedUtterances(scope: Scope, input: ListAggregatedUtterancesRequest): Promise<ListAggregatedUtterancesResponse> {
    const bot = await this.models.bots.bot(scope, input.botId, 'precondition');
    if ((input.botAliasId === undefined) === (input.botVersion === undefined)) {
      throw invalid('Specify either botAliasId or botVersion, but not both.');
    }
    const relative = input.aggregationDuration.relativeAggregationDuration;
    const window = AGGREGATION_WINDOWS[relative.timeDimension];
    if (!window || !window.values.includes(relative.timeValue)) {
      throw invalid(`Invalid timeValue ${relative.timeValue} for timeDimension ${relative.timeDimension}: it must be one of ${window?.values.join(', ') ?? 'none'}.`);
    }
    const now = this.ctx.clock();
    const start = new Date(now.getTime() - relative.timeValue * window.ms);
    const childDirected = parseJson<{ dataPrivacy?: { childDirected?: boolean } }>(bot.settings, {}).dataPrivacy?.childDirected === true;
    const turns = childDirected
      ? []
      : await this.turnLog.turns(scope, { botId: input.botId, localeId: input.localeId, botAliasId: input.botAliasId, botVersion: input.botVersion, from: start, utterancesOnly: true });
    const filter = input.filters?.[0];
    const wanted = filter?.values[0]?.toLowerCase();
    const lines = new Map<string, AggregatedUtterancesSummary & { versions: Set<string> }>();
    for (const turn of turns) {
      const text = turn.inputTranscript!;
      if (text === '' || turn.occurredAt > now) continue;
      if (wanted !== undefined && (filter!.operator === 'EQ' ? text.toLowerCase() !== wanted : !text.toLowerCase().includes(wanted))) continue;
      const line = lines.get(text) ?? { utterance: text, hitCount: 0, missedCount: 0, utteranceFirstRecordedInAggregationDuration: turn.occurredAt, versions: new Set<string>() };
      if (turn.missed) line.missedCount! += 1;
      else line.hitCount! += 1;
      line.utteranceLastRecordedInAggregationDuration = turn.occurredAt;
      line.versions.add(turn.botVersion);
      lines.set(text, line);
    }
    const existing = new Map<string, boolean>();
    for (const line of lines.values()) for (const v of line.versions) if (!existing.has(v)) existing.set(v, v === DRAFT || (await this.models.versions.versionExists(input.botId, v)));
    const sortBy = input.sortBy ?? { attribute: 'HitCount', order: 'Descending' };
    const count = (l: AggregatedUtterancesSummary) => (sortBy.attribute === 'HitCount' ? l.hitCount! : l.missedCount!);
    const sign = sortBy.order === 'Ascending' ? 1 : -1;
    const summaries: AggregatedUtterancesSummary[] = [...lines.values()]
      .sort((a, b) => sign * (count(a) - count(b)) || a.utterance!.localeCompare(b.utterance!))
      .map(({ versions, ...line }) => ({ ...line, containsDataFromDeletedResources: [...versions].some((v) => !existing.get(v)) }));
    const { items, nextToken } = page(summaries, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botAliasId: input.botAliasId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      aggregationDuration: input.aggregationDuration,
      aggregationWindowStartTime: start,
      aggregationWindowEndTime: now,
      aggregationLastRefreshedDateTime: now,
      aggregatedUtterancesSummaries: items,
      nextToken,
    };
  }

  /** Deletes the bot's logged utterances (and so its analytics): all, a locale's, or a session's. */
  async deleteUtterances(scope: Scope, input: DeleteUtterancesRequest): Promise<Record<string, never>> {
    // DeleteUtterances lists no not-found error: a bot that is not there is a bad request.
    if (!(await this.models.bots.findBot(scope, input.botId))) throw invalid(`Bot ${input.botId} does not exist.`);
    await this.turnLog.deleteTurns(scope, { botId: input.botId, localeId: input.localeId, sessionId: input.sessionId });
    return {};
  }
}

/** `/BookCar/BookHotel` as its intent names; `/` is the empty path (the first intents). */
function parseIntentPath(path: string): string[] {
  if (!path.startsWith('/')) throw invalid(`Invalid intentPath ${JSON.stringify(path)}: it must start with a forward slash, as in /BookCar/BookHotel.`);
  const names = path.slice(1).split('/');
  if (names[names.length - 1] === '') names.pop();
  if (names.some((n) => !/^([0-9a-zA-Z][_-]?){1,100}$/.test(n))) throw invalid(`Invalid intentPath ${JSON.stringify(path)}: each part must be an intent name.`);
  return names;
}

function sessionSpecification(c: ConversationFacts): SessionSpecification {
  const conversation = c.conversation;
  return {
    botAliasId: conversation.botAliasId,
    botVersion: conversation.botVersion,
    localeId: conversation.localeId,
    channel: conversation.channel,
    sessionId: conversation.sessionId,
    conversationStartTime: conversation.startedAt,
    conversationEndTime: conversation.lastTurnAt,
    conversationDurationSeconds: c.durationSeconds,
    conversationEndState: c.endState,
    mode: c.mode,
    numberOfTurns: conversation.turns.length,
    invokedIntentSamples: [...new Set(c.invocations.map((i) => i.intentName))].map((intentName) => ({ intentName })),
    originatingRequestId: c.originatingRequestId,
  };
}

function utteranceSpecification(u: UtteranceFacts): UtteranceSpecification {
  const { turn, conversation } = u;
  const filled = Object.entries(turn.slots)
    .filter(([, slot]) => slot?.value?.interpretedValue !== undefined)
    .map(([name]) => name);
  return {
    botAliasId: turn.botAliasId,
    botVersion: turn.botVersion,
    localeId: turn.localeId,
    sessionId: turn.sessionId,
    channel: turn.channel,
    mode: turn.inputMode,
    conversationStartTime: conversation.conversation.startedAt,
    conversationEndTime: conversation.conversation.lastTurnAt,
    utterance: turn.inputTranscript,
    utteranceTimestamp: turn.occurredAt,
    utteranceUnderstood: !turn.missed,
    inputType: turn.inputType,
    outputType: turn.outputType,
    associatedIntentName: turn.intentName,
    associatedSlotName: u.associatedSlotName,
    intentState: turn.intentState as UtteranceSpecification['intentState'],
    dialogActionType: turn.dialogAction,
    slotsFilledInSession: filled.length > 0 ? filled.join(',') : undefined,
    utteranceRequestId: turn.requestId,
    botResponses: turn.messages.map((m) => ({ content: m.content, contentType: m.contentType as 'PlainText' })),
  };
}
