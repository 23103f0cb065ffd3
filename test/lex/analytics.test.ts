// Lex V2 analytics through @aws-sdk/client-lex-models-v2, computed from conversations held through
// @aws-sdk/client-lex-runtime-v2: seven conversations in two hours (one spoken), then each metric as a table of
// expected figures by bin and group, the sessions and utterances themselves, intent paths, aggregated
// utterances (also through the AWS CLI), DeleteUtterances and the errors.
import {
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteUtterancesCommand,
  ListAggregatedUtterancesCommand,
  ListIntentMetricsCommand,
  ListIntentPathsCommand,
  ListIntentsCommand,
  ListIntentStageMetricsCommand,
  ListSessionAnalyticsDataCommand,
  ListSessionMetricsCommand,
  ListUtteranceAnalyticsDataCommand,
  ListUtteranceMetricsCommand,
  type AnalyticsBinKey,
} from '@aws-sdk/client-lex-models-v2';
import { RecognizeTextCommand, RecognizeUtteranceCommand } from '@aws-sdk/client-lex-runtime-v2';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { buildLocale, createReadyBot, rejectsWith, useLexEnv } from './support.js';

const HOUR = 3_600_000;
const prompt = (text: string) => ({ slotConstraint: 'Required' as const, promptSpecification: { maxRetries: 2, messageGroups: [{ message: { plainTextMessage: { value: text } } }] } });

type Keyed = { binKeys?: AnalyticsBinKey[]; groupByKeys?: { value?: string }[]; metricsResults?: { value?: number }[] };
/** A result as a row: its bin (as hours after the first bin), its groups, then its metric values. */
const row = (hourA: number) => (r: Keyed) => [
  ...(r.binKeys ?? []).map((k) => (k.value! - hourA) / HOUR),
  ...(r.groupByKeys ?? []).map((g) => g.value),
  ...(r.metricsResults ?? []).map((m) => m.value),
];

describe('Lex V2 analytics', () => {
  const env = useLexEnv();
  let botId: string;
  /** The start of the hour the first conversations were held in, and the window of every request. */
  let hourA: number;
  let window: { startDateTime: Date; endDateTime: Date };
  /**
   * The server's clock is moved (useLexEnv's advance); the SDK clients sign each request with the same offset
   * (set before signing, since the SDK resets it from each response's Date header, which is the real time).
   */
  let offset = 0;
  const setOffset = (ms: number) => {
    env.advance(ms - offset);
    offset = ms;
  };

  before(async () => {
    for (const client of [env.models, env.runtime] as { config: { systemClockOffset?: number }; middlewareStack: { add(m: unknown, o: object): void } }[]) {
      client.middlewareStack.add((next: (args: unknown) => unknown) => (args: unknown) => {
        client.config.systemClockOffset = offset;
        return next(args);
      }, { step: 'build', name: 'analyticsTestClock' });
    }
    // The last conversations are held now (moved at most 7 minutes, so that they and the first ones, two hours
    // and 40 seconds before, each fall well inside an hour), so the AWS CLI, which signs with the real time, is
    // within the server's 15 minutes of clock skew at the end.
    const into = Date.now() % HOUR;
    const final = into < 60_000 ? 120_000 - into : into >= 55 * 60_000 ? HOUR - into + 120_000 : 0;
    // The bot is made and built at the first conversations' time, so its statuses move on as they would.
    setOffset(final - 2 * HOUR - 40_000);
    const bot = await createReadyBot(env.models, 'Analyzed');
    botId = bot.botId!;
    const at = { botId, botVersion: 'DRAFT', localeId: 'en_US' };
    const intentId = (await env.models.send(new ListIntentsCommand(at))).intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    const size = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Size', slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }], valueSelectionSetting: { resolutionStrategy: 'TopResolution' } }));
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: prompt('What size?') }));
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: prompt('How many?') }));
    await buildLocale(env.models, botId);

    hourA = Math.floor((Date.now() + offset) / HOUR) * HOUR;
    const say = (sessionId: string, text: string) => env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text }));
    // Hour A: a greeting; an order with two slots (a retry on Count) over 40 seconds, during which another
    // session's utterance is missed; an order switched to a greeting.
    await say('c-1', 'hello');
    await say('c-2', 'I want to order a pizza');
    setOffset(offset + 40_000);
    await say('c-3', 'what is the capital of peru');
    await say('c-2', 'a big one');
    await say('c-2', 'lots');
    await say('c-2', '3');
    await say('c-4', 'I want to order a pizza');
    await say('c-4', 'hello');
    // Hour A + 2: an order left unanswered; a greeting then a miss; a spoken turn (heard as silence: a miss).
    setOffset(final);
    await say('c-5', 'I want to order a pizza');
    await say('c-6', 'hello');
    await say('c-6', 'what is the capital of peru');
    await env.runtime.send(new RecognizeUtteranceCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'c-7', requestContentType: 'audio/l16; rate=16000; channels=1', inputStream: Buffer.alloc(640) }));
    window = { startDateTime: new Date(hourA), endDateTime: new Date(Date.now() + offset + 60_000) };
  });

  it('counts sessions by end state, turns, duration and concurrency, binned by hour and grouped', async () => {
    // c-2's duration: the 40 seconds the clock was moved, and the real time its last turns took.
    const c2 = (await env.models.send(new ListSessionAnalyticsDataCommand({ botId, ...window, filters: [{ name: 'SessionId', operator: 'EQ', values: ['c-2'] }] }))).sessions![0];
    const longest = c2.conversationDurationSeconds!;
    assert.equal(longest, Math.floor((c2.conversationEndTime!.getTime() - c2.conversationStartTime!.getTime()) / 1000));
    assert.ok(longest >= 40 && longest < 50, `c-2 lasted 40 s and a little (${longest})`);
    const cases: [string, Omit<ConstructorParameters<typeof ListSessionMetricsCommand>[0], 'botId' | 'startDateTime' | 'endDateTime'>, unknown[][] | 'day'][] = [
      [
        'by hour (newest first), every end state and the turns',
        {
          binBy: [{ name: 'ConversationStartTime', interval: 'OneHour' }],
          metrics: [
            ...(['Count', 'Success', 'Failure', 'Dropped', 'TurnsPerConversation'] as const).map((name) => ({ name, statistic: 'Sum' as const })),
            { name: 'TurnsPerConversation', statistic: 'Max' },
          ],
        },
        [
          [2, 3, 0, 2, 1, 4, 2],
          [0, 4, 3, 1, 0, 8, 4],
        ],
      ],
      ['by end state', { groupBy: [{ name: 'ConversationEndState' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [['Dropped', 1], ['Failure', 3], ['Success', 3]]],
      ['by day and locale, ascending', { binBy: [{ name: 'ConversationStartTime', interval: 'OneDay', order: 'Ascending' }], groupBy: [{ name: 'LocaleId' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, 'day'],
      ['average turns, longest conversation, peak concurrency', { metrics: [{ name: 'TurnsPerConversation', statistic: 'Avg' }, { name: 'Duration', statistic: 'Max' }, { name: 'Concurrency', statistic: 'Max' }] }, [[1.714286, longest, 2]]],
      ['ordered by a metric', { groupBy: [{ name: 'ConversationEndState' }], metrics: [{ name: 'TurnsPerConversation', statistic: 'Sum', order: 'Descending' }] }, [['Success', 7], ['Failure', 4], ['Dropped', 1]]],
      ['longer than 30 seconds', { filters: [{ name: 'Duration', operator: 'GT', values: ['30 sec'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[1]]],
      ['spoken', { filters: [{ name: 'Modality', operator: 'EQ', values: ['Speech'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[1]]],
      ['on a path', { filters: [{ name: 'IntentPath', operator: 'EQ', values: ['/OrderPizza/Greeting', '/Greeting/FallbackIntent'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[2]]],
      ['in one session', { filters: [{ name: 'SessionId', operator: 'EQ', values: ['c-2'] }], metrics: [{ name: 'TurnsPerConversation', statistic: 'Sum' }] }, [[4]]],
      ['of another alias', { filters: [{ name: 'BotAliasId', operator: 'EQ', values: ['OTHERALIAS'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, []],
    ];
    for (const [name, request, expected] of cases) {
      const answer = await env.models.send(new ListSessionMetricsCommand({ botId, ...window, ...request }));
      const rows = answer.results!.map(row(hourA));
      if (expected === 'day') {
        const day = (Math.floor(hourA / 86_400_000) * 86_400_000 - hourA) / HOUR;
        const sameDay = Math.floor(hourA / 86_400_000) === Math.floor((hourA + 2 * HOUR) / 86_400_000);
        assert.deepEqual(rows, sameDay ? [[day, 'en_US', 7]] : [[day, 'en_US', 4], [day + 24, 'en_US', 3]], name);
      } else assert.deepEqual(rows, expected, name);
    }
    // Paging: one result a page.
    const first = await env.models.send(new ListSessionMetricsCommand({ botId, ...window, groupBy: [{ name: 'ConversationEndState' }], metrics: [{ name: 'Count', statistic: 'Sum' }], maxResults: 2 }));
    assert.equal(first.results!.length, 2);
    const second = await env.models.send(new ListSessionMetricsCommand({ botId, ...window, groupBy: [{ name: 'ConversationEndState' }], metrics: [{ name: 'Count', statistic: 'Sum' }], maxResults: 2, nextToken: first.nextToken }));
    assert.deepEqual(second.results!.map(row(hourA)), [['Success', 3]]);
    assert.equal(second.nextToken, undefined);
    // The window holds only the conversations that began and ended in it.
    const early = await env.models.send(new ListSessionMetricsCommand({ botId, startDateTime: new Date(hourA), endDateTime: new Date(hourA + HOUR), metrics: [{ name: 'Count', statistic: 'Sum' }] }));
    assert.deepEqual(early.results!.map(row(hourA)), [[4]]);
  });

  it('counts intent invocations by name, end state and level', async () => {
    const cases: [string, Omit<ConstructorParameters<typeof ListIntentMetricsCommand>[0], 'botId' | 'startDateTime' | 'endDateTime'>, unknown[][]][] = [
      [
        'by name and end state',
        { groupBy: [{ name: 'IntentName' }, { name: 'IntentEndState' }], metrics: [{ name: 'Count', statistic: 'Sum' }] },
        [
          ['FallbackIntent', 'Failed', 3],
          ['Greeting', 'Success', 3],
          ['OrderPizza', 'Dropped', 1],
          ['OrderPizza', 'Success', 1],
          ['OrderPizza', 'Switched', 1],
        ],
      ],
      [
        'every metric by name',
        { groupBy: [{ name: 'IntentName' }], metrics: (['Count', 'Success', 'Failure', 'Switched', 'Dropped'] as const).map((name) => ({ name, statistic: 'Sum' as const })) },
        [
          ['FallbackIntent', 3, 0, 3, 0, 0],
          ['Greeting', 3, 3, 0, 0, 0],
          ['OrderPizza', 3, 1, 0, 1, 1],
        ],
      ],
      ['by level', { groupBy: [{ name: 'IntentLevel' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [['1', 7], ['2', 2]]],
      ['by hour of the intent', { binBy: [{ name: 'UtteranceTimestamp', interval: 'OneHour', order: 'Ascending' }], metrics: [{ name: 'Success', statistic: 'Sum' }] }, [[0, 3], [2, 1]]],
      ['one intent', { filters: [{ name: 'IntentName', operator: 'EQ', values: ['OrderPizza'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[3]]],
      ['switched ones', { filters: [{ name: 'IntentEndState', operator: 'EQ', values: ['Switched'] }], groupBy: [{ name: 'IntentName' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [['OrderPizza', 1]]],
    ];
    for (const [name, request, expected] of cases) {
      const answer = await env.models.send(new ListIntentMetricsCommand({ botId, ...window, ...request }));
      assert.deepEqual(answer.results!.map(row(hourA)), expected, name);
    }
  });

  it('counts intent stages (the slots asked for): success, drops, retries, the intent switched to', async () => {
    const cases: [string, Omit<ConstructorParameters<typeof ListIntentStageMetricsCommand>[0], 'botId' | 'startDateTime' | 'endDateTime'>, unknown[][]][] = [
      [
        'by stage',
        { groupBy: [{ name: 'IntentStageName' }], metrics: (['Count', 'Success', 'Failed', 'Dropped', 'Retry'] as const).map((name) => ({ name, statistic: 'Sum' as const })) },
        [
          ['Count', 1, 1, 0, 0, 1],
          ['Size', 3, 1, 0, 2, 0],
        ],
      ],
      ['by the intent switched to', { groupBy: [{ name: 'SwitchedToIntent' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [['Greeting', 1], ['None', 3]]],
      ['one stage', { filters: [{ name: 'IntentStageName', operator: 'EQ', values: ['Size'] }], metrics: [{ name: 'Dropped', statistic: 'Sum' }] }, [[2]]],
    ];
    for (const [name, request, expected] of cases) {
      const answer = await env.models.send(new ListIntentStageMetricsCommand({ botId, ...window, ...request }));
      assert.deepEqual(answer.results!.map(row(hourA)), expected, name);
    }
  });

  it('counts utterances, detected and missed, by text with the last used intent, and by hour', async () => {
    const byText = await env.models.send(
      new ListUtteranceMetricsCommand({
        botId,
        ...window,
        groupBy: [{ name: 'UtteranceText' }],
        metrics: [{ name: 'Count', statistic: 'Sum', order: 'Descending' }, { name: 'Missed', statistic: 'Sum' }],
        attributes: [{ name: 'LastUsedIntent' }],
      }),
    );
    assert.deepEqual(
      byText.results!.map((r) => [...row(hourA)(r), r.attributeResults?.[0]?.lastUsedIntent]),
      [
        ['hello', 3, 0, 'Greeting'],
        ['I want to order a pizza', 3, 0, 'OrderPizza'],
        ['what is the capital of peru', 2, 2, 'FallbackIntent'],
        ['', 1, 1, 'FallbackIntent'],
        ['3', 1, 0, 'OrderPizza'],
        ['a big one', 1, 0, 'OrderPizza'],
        ['lots', 1, 0, 'OrderPizza'],
      ],
    );
    const cases: [string, Omit<ConstructorParameters<typeof ListUtteranceMetricsCommand>[0], 'botId' | 'startDateTime' | 'endDateTime'>, unknown[][]][] = [
      ['by hour and state', { binBy: [{ name: 'UtteranceTimestamp', interval: 'OneHour', order: 'Ascending' }], groupBy: [{ name: 'UtteranceState' }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[0, 'Detected', 7], [0, 'Missed', 1], [2, 'Detected', 2], [2, 'Missed', 2]]],
      ['all', { metrics: [{ name: 'Count', statistic: 'Sum' }, { name: 'Detected', statistic: 'Sum' }, { name: 'Missed', statistic: 'Avg' }] }, [[12, 9, 0.25]]],
      ['missed', { filters: [{ name: 'UtteranceState', operator: 'EQ', values: ['Missed'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[3]]],
      ['spoken', { filters: [{ name: 'Modality', operator: 'EQ', values: ['Speech'] }], metrics: [{ name: 'Count', statistic: 'Sum' }] }, [[1]]],
      ['one text', { filters: [{ name: 'UtteranceText', operator: 'EQ', values: ['hello'] }], metrics: [{ name: 'Detected', statistic: 'Sum' }] }, [[3]]],
    ];
    for (const [name, request, expected] of cases) {
      const answer = await env.models.send(new ListUtteranceMetricsCommand({ botId, ...window, ...request }));
      assert.deepEqual(answer.results!.map(row(hourA)), expected, name);
    }
    const latest = await env.models.send(new ListUtteranceMetricsCommand({ botId, ...window, metrics: [{ name: 'UtteranceTimestamp', statistic: 'Max' }] }));
    assert.ok(latest.results![0].metricsResults![0].value! >= hourA + 2 * HOUR, 'the latest utterance is in hour A + 2');
  });

  it('follows intent paths: the intents after a path, Inner where sessions went on, Exit where they ended', async () => {
    const nodes = async (intentPath: string, filters?: { name: 'Modality'; operator: 'EQ'; values: string[] }[]) =>
      (await env.models.send(new ListIntentPathsCommand({ botId, ...window, intentPath, filters }))).nodeSummaries!.map((n) => [n.intentPath, n.intentName, n.intentLevel, n.nodeType, n.intentCount]);
    assert.deepEqual(await nodes('/'), [
      ['/FallbackIntent', 'FallbackIntent', 1, 'Exit', 2],
      ['/OrderPizza', 'OrderPizza', 1, 'Exit', 2],
      ['/Greeting', 'Greeting', 1, 'Exit', 1],
      ['/Greeting', 'Greeting', 1, 'Inner', 1],
      ['/OrderPizza', 'OrderPizza', 1, 'Inner', 1],
    ]);
    assert.deepEqual(await nodes('/OrderPizza'), [['/OrderPizza/Greeting', 'Greeting', 2, 'Exit', 1]]);
    assert.deepEqual(await nodes('/Greeting/'), [['/Greeting/FallbackIntent', 'FallbackIntent', 2, 'Exit', 1]]);
    assert.deepEqual(await nodes('/Greeting/FallbackIntent'), []);
    assert.deepEqual(await nodes('/', [{ name: 'Modality', operator: 'EQ', values: ['Speech'] }]), [['/FallbackIntent', 'FallbackIntent', 1, 'Exit', 1]]);
  });

  it('lists the sessions: sorted, filtered, paged, each with its figures', async () => {
    const list = async (extra: Partial<ConstructorParameters<typeof ListSessionAnalyticsDataCommand>[0]>) =>
      env.models.send(new ListSessionAnalyticsDataCommand({ botId, ...window, ...extra }));
    const byTurns = await list({ sortBy: { name: 'NumberOfTurns', order: 'Descending' } });
    assert.deepEqual(byTurns.sessions!.map((s) => [s.sessionId, s.numberOfTurns]), [['c-2', 4], ['c-6', 2], ['c-4', 2], ['c-7', 1], ['c-5', 1], ['c-3', 1], ['c-1', 1]]);
    const c2 = byTurns.sessions![0];
    assert.deepEqual(
      [c2.botAliasId, c2.botVersion, c2.localeId, c2.mode, c2.conversationEndState, c2.conversationDurationSeconds, c2.invokedIntentSamples],
      ['TSTALIASID', 'DRAFT', 'en_US', 'Text', 'Success', Math.floor((c2.conversationEndTime!.getTime() - c2.conversationStartTime!.getTime()) / 1000), [{ intentName: 'OrderPizza' }]],
    );
    assert.equal(c2.conversationEndTime!.getTime() - c2.conversationStartTime!.getTime() >= 40_000, true);
    assert.ok(c2.originatingRequestId, 'the first request id');
    const c4 = byTurns.sessions!.find((s) => s.sessionId === 'c-4')!;
    assert.deepEqual(c4.invokedIntentSamples, [{ intentName: 'OrderPizza' }, { intentName: 'Greeting' }]);
    const newest = await list({});
    assert.deepEqual(newest.sessions!.map((s) => s.sessionId), ['c-7', 'c-6', 'c-5', 'c-4', 'c-3', 'c-2', 'c-1']);
    const cases: [string, Partial<ConstructorParameters<typeof ListSessionAnalyticsDataCommand>[0]>, string[]][] = [
      ['failed ones, oldest first', { filters: [{ name: 'ConversationEndState', operator: 'EQ', values: ['Failure'] }], sortBy: { name: 'ConversationStartTime', order: 'Ascending' } }, ['c-3', 'c-6', 'c-7']],
      ['spoken', { filters: [{ name: 'Modality', operator: 'EQ', values: ['Speech'] }] }, ['c-7']],
      ['shorter than 30 seconds and dropped', { filters: [{ name: 'Duration', operator: 'LT', values: ['30'] }, { name: 'ConversationEndState', operator: 'EQ', values: ['Dropped'] }] }, ['c-5']],
      ['longest first', { sortBy: { name: 'Duration', order: 'Descending' }, maxResults: 1 }, ['c-2']],
      ['by its first request', { filters: [{ name: 'OriginatingRequestId', operator: 'EQ', values: [c2.originatingRequestId!] }] }, ['c-2']],
    ];
    for (const [name, extra, expected] of cases) assert.deepEqual((await list(extra)).sessions!.map((s) => s.sessionId), expected, name);
    const pageOne = await list({ maxResults: 4 });
    const pageTwo = await list({ maxResults: 4, nextToken: pageOne.nextToken });
    assert.deepEqual([...pageOne.sessions!, ...pageTwo.sessions!].map((s) => s.sessionId), newest.sessions!.map((s) => s.sessionId));
    assert.equal(pageTwo.nextToken, undefined);
  });

  it('lists the utterances with their intent, the slot they answered, the dialog and the bot’s responses', async () => {
    const answer = await env.models.send(new ListUtteranceAnalyticsDataCommand({ botId, ...window, filters: [{ name: 'SessionId', operator: 'EQ', values: ['c-2'] }], sortBy: { name: 'UtteranceTimestamp', order: 'Ascending' } }));
    assert.deepEqual(
      answer.utterances!.map((u) => [u.utterance, u.utteranceUnderstood, u.associatedIntentName, u.associatedSlotName, u.intentState, u.dialogActionType, u.slotsFilledInSession, u.botResponses?.map((r) => r.content)]),
      [
        ['I want to order a pizza', true, 'OrderPizza', undefined, 'InProgress', 'ElicitSlot', undefined, ['What size?']],
        ['a big one', true, 'OrderPizza', 'Size', 'InProgress', 'ElicitSlot', 'Size', ['How many?']],
        ['lots', true, 'OrderPizza', 'Count', 'InProgress', 'ElicitSlot', 'Size', ['How many?']],
        ['3', true, 'OrderPizza', 'Count', 'Fulfilled', 'Close', 'Size,Count', ['Your pizza is on its way.']],
      ],
    );
    const first = answer.utterances![0];
    assert.deepEqual([first.sessionId, first.botAliasId, first.localeId, first.mode, first.inputType, first.outputType], ['c-2', 'TSTALIASID', 'en_US', 'Text', 'text/plain; charset=utf-8', 'text/plain; charset=utf-8']);
    assert.ok(first.utteranceRequestId);
    assert.equal(first.conversationStartTime!.getTime(), first.utteranceTimestamp!.getTime());
    const missed = await env.models.send(new ListUtteranceAnalyticsDataCommand({ botId, ...window, filters: [{ name: 'UtteranceState', operator: 'EQ', values: ['Missed'] }] }));
    assert.deepEqual(missed.utterances!.map((u) => [u.sessionId, u.utterance, u.mode, u.utteranceUnderstood]), [
      ['c-7', '', 'Speech', false],
      ['c-6', 'what is the capital of peru', 'Text', false],
      ['c-3', 'what is the capital of peru', 'Text', false],
    ]);
  });

  it('aggregates utterances over a relative window, by text: hits, misses, first and last said (SDK and AWS CLI)', async () => {
    const aggregated = (extra: Partial<ConstructorParameters<typeof ListAggregatedUtterancesCommand>[0]>, timeDimension: 'Hours' | 'Days' | 'Weeks' = 'Hours', timeValue = 24) =>
      env.models.send(new ListAggregatedUtterancesCommand({ botId, localeId: 'en_US', botAliasId: 'TSTALIASID', aggregationDuration: { relativeAggregationDuration: { timeDimension, timeValue } }, ...extra }));
    const day = await aggregated({});
    assert.deepEqual(day.aggregatedUtterancesSummaries!.map((s) => [s.utterance, s.hitCount, s.missedCount, s.containsDataFromDeletedResources]), [
      ['hello', 3, 0, false],
      ['I want to order a pizza', 3, 0, false],
      ['3', 1, 0, false],
      ['a big one', 1, 0, false],
      ['lots', 1, 0, false],
      ['what is the capital of peru', 0, 2, false],
    ]);
    const hello = day.aggregatedUtterancesSummaries![0];
    assert.ok(hello.utteranceFirstRecordedInAggregationDuration! < hello.utteranceLastRecordedInAggregationDuration!);
    assert.equal(day.aggregationWindowEndTime!.getTime() - day.aggregationWindowStartTime!.getTime(), 24 * HOUR);
    assert.deepEqual([day.botId, day.botAliasId, day.botVersion, day.localeId], [botId, 'TSTALIASID', undefined, 'en_US']);
    const cases: [string, Partial<ConstructorParameters<typeof ListAggregatedUtterancesCommand>[0]>, 'Hours' | 'Days' | 'Weeks', number, unknown[][]][] = [
      ['the last hour only', {}, 'Hours', 1, [['hello', 1, 0], ['I want to order a pizza', 1, 0], ['what is the capital of peru', 0, 1]]],
      ['most missed first', { sortBy: { attribute: 'MissedCount', order: 'Descending' }, maxResults: 1 }, 'Weeks', 2, [['what is the capital of peru', 0, 2]]],
      ['containing a word', { filters: [{ name: 'Utterance', operator: 'CO', values: ['pizza'] }] }, 'Days', 3, [['I want to order a pizza', 3, 0]]],
      ['equal to a text', { filters: [{ name: 'Utterance', operator: 'EQ', values: ['Hello'] }] }, 'Hours', 24, [['hello', 3, 0]]],
      ['of the DRAFT version', { botAliasId: undefined, botVersion: 'DRAFT', filters: [{ name: 'Utterance', operator: 'EQ', values: ['lots'] }] }, 'Hours', 24, [['lots', 1, 0]]],
      ['of version 1 (none)', { botAliasId: undefined, botVersion: '1' }, 'Hours', 24, []],
    ];
    for (const [name, extra, dimension, value, expected] of cases) {
      const answer = await aggregated(extra, dimension, value);
      assert.deepEqual(answer.aggregatedUtterancesSummaries!.map((s) => [s.utterance, s.hitCount, s.missedCount]), expected, name);
    }
    const pageOne = await aggregated({ maxResults: 4 });
    const pageTwo = await aggregated({ maxResults: 4, nextToken: pageOne.nextToken });
    assert.deepEqual([...pageOne.aggregatedUtterancesSummaries!, ...pageTwo.aggregatedUtterancesSummaries!].map((s) => s.utterance), day.aggregatedUtterancesSummaries!.map((s) => s.utterance));

    const cli = await awsCliJson(env.server.url, [
      'lexv2-models', 'list-aggregated-utterances', '--bot-id', botId, '--bot-alias-id', 'TSTALIASID', '--locale-id', 'en_US',
      '--aggregation-duration', 'relativeAggregationDuration={timeDimension=Hours,timeValue=24}',
      '--sort-by', 'attribute=MissedCount,order=Descending', '--max-results', '2',
    ]);
    assert.deepEqual(cli.aggregatedUtterancesSummaries.map((s: { utterance: string; hitCount: number; missedCount: number }) => [s.utterance, s.hitCount, s.missedCount]), [
      ['what is the capital of peru', 0, 2],
      ['3', 1, 0],
    ]);
    assert.ok(cli.nextToken);

    // A child-directed bot's utterances are not aggregated, as in AWS.
    const child = await createReadyBot(env.models, 'ForChildren', { dataPrivacy: { childDirected: true } });
    await env.runtime.send(new RecognizeTextCommand({ botId: child.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'kid-1', text: 'hello' }));
    const none = await env.models.send(new ListAggregatedUtterancesCommand({ botId: child.botId, localeId: 'en_US', botAliasId: 'TSTALIASID', aggregationDuration: { relativeAggregationDuration: { timeDimension: 'Hours', timeValue: 1 } } }));
    assert.deepEqual(none.aggregatedUtterancesSummaries, []);
  });

  it('refuses bad requests with AWS-shaped errors', async () => {
    const metric = [{ name: 'Count' as const, statistic: 'Sum' as const }];
    const aggregation = { relativeAggregationDuration: { timeDimension: 'Hours' as const, timeValue: 24 } };
    const cases: [string, () => Promise<unknown>, string, number, RegExp][] = [
      ['a bot that does not exist', () => env.models.send(new ListSessionMetricsCommand({ botId: 'NOSUCHBOT0', ...window, metrics: metric })), 'PreconditionFailedException', 412, /does not exist/],
      ['a window that ends before it starts', () => env.models.send(new ListIntentMetricsCommand({ botId, startDateTime: window.endDateTime, endDateTime: window.startDateTime, metrics: metric })), 'ValidationException', 400, /startDateTime/],
      ['an operator a filter does not take', () => env.models.send(new ListSessionMetricsCommand({ botId, ...window, metrics: metric, filters: [{ name: 'BotAliasId', operator: 'GT', values: ['x'] }] })), 'ValidationException', 400, /operator GT/],
      ['a filter name the operation does not take', () => env.models.send(new ListIntentMetricsCommand({ botId, ...window, metrics: metric, filters: [{ name: 'UtteranceText' as 'IntentName', operator: 'EQ', values: ['x'] }] })), 'ValidationException', 400, /UtteranceText/],
      ['a duration that is not seconds', () => env.models.send(new ListSessionAnalyticsDataCommand({ botId, ...window, filters: [{ name: 'Duration', operator: 'GT', values: ['long'] }] })), 'ValidationException', 400, /seconds/],
      ['an order in binBy and in a metric', () => env.models.send(new ListSessionMetricsCommand({ botId, ...window, binBy: [{ name: 'ConversationStartTime', interval: 'OneHour', order: 'Ascending' }], metrics: [{ name: 'Count', statistic: 'Sum', order: 'Descending' }] })), 'ValidationException', 400, /one order/],
      ['a path without its slash', () => env.models.send(new ListIntentPathsCommand({ botId, ...window, intentPath: 'OrderPizza' })), 'ValidationException', 400, /intentPath/],
      ['an alias and a version', () => env.models.send(new ListAggregatedUtterancesCommand({ botId, localeId: 'en_US', botAliasId: 'TSTALIASID', botVersion: 'DRAFT', aggregationDuration: aggregation })), 'ValidationException', 400, /botAliasId or botVersion/],
      ['neither', () => env.models.send(new ListAggregatedUtterancesCommand({ botId, localeId: 'en_US', aggregationDuration: aggregation })), 'ValidationException', 400, /botAliasId or botVersion/],
      ['a window AWS does not offer', () => env.models.send(new ListAggregatedUtterancesCommand({ botId, localeId: 'en_US', botAliasId: 'TSTALIASID', aggregationDuration: { relativeAggregationDuration: { timeDimension: 'Days', timeValue: 2 } } })), 'ValidationException', 400, /timeValue 2/],
      ['a bad page token', () => env.models.send(new ListSessionAnalyticsDataCommand({ botId, ...window, nextToken: 'not-a-token' })), 'ValidationException', 400, /nextToken/],
      ['deleting the utterances of a bot that does not exist', () => env.models.send(new DeleteUtterancesCommand({ botId: 'NOSUCHBOT0' })), 'ValidationException', 400, /does not exist/],
    ];
    for (const [name, call, code, status, message] of cases) {
      await rejectsWith(call(), code, status, message).catch((error: Error) => assert.fail(`${name}: ${error.message}`));
    }
  });

  // Last: it deletes what the others read.
  it('deletes utterances: a session’s, then a locale’s, and the analytics with them', async () => {
    const count = async () => (await env.models.send(new ListSessionMetricsCommand({ botId, ...window, metrics: [{ name: 'Count', statistic: 'Sum' }] }))).results!.map((r) => r.metricsResults![0].value);
    await env.models.send(new DeleteUtterancesCommand({ botId, sessionId: 'c-1' }));
    assert.deepEqual(await count(), [6]);
    await env.models.send(new DeleteUtterancesCommand({ botId, localeId: 'fr_FR' }));
    assert.deepEqual(await count(), [6], 'another locale’s deletion leaves these');
    await env.models.send(new DeleteUtterancesCommand({ botId, localeId: 'en_US' }));
    assert.deepEqual(await count(), []);
    const aggregated = await env.models.send(new ListAggregatedUtterancesCommand({ botId, localeId: 'en_US', botAliasId: 'TSTALIASID', aggregationDuration: { relativeAggregationDuration: { timeDimension: 'Hours', timeValue: 24 } } }));
    assert.deepEqual(aggregated.aggregatedUtterancesSummaries, []);
  });
});
