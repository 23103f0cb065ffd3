// Lex V2's bot recommendations from the conversations this server held (docs/lex.md, Bot recommendations): the
// turn log's missed utterances grouped into recommended intents, their associated transcripts, the statuses
// (Processing -> Available or Failed, Stopping -> Stopped, Updating -> Available) and the refusals.
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import {
  DescribeBotRecommendationCommand,
  ListBotRecommendationsCommand,
  ListRecommendedIntentsCommand,
  SearchAssociatedTranscriptsCommand,
  StartBotRecommendationCommand,
  StopBotRecommendationCommand,
  UpdateBotRecommendationCommand,
  type StartBotRecommendationCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeLocale, type MadeLocale } from './definitions.js';
import { rejectsWith, useLexEnv } from './support.js';

const SOURCE = { s3BucketTranscriptSource: { s3BucketName: 'my-transcripts', transcriptFormat: 'Lex' as const } };
const KMS = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('Lex V2 bot recommendations', () => {
  const env = useLexEnv({ lex: { transitionMs: 60_000 } });
  const MINUTE = 60_001;
  let bot: MadeLocale;
  const at = () => ({ botId: bot.botId, botVersion: 'DRAFT' as const, localeId: 'en_US' });
  const start = (extra: Partial<StartBotRecommendationCommandInput> = {}) => env.models.send(new StartBotRecommendationCommand({ ...at(), transcriptSourceSetting: SOURCE, ...extra }));
  const describeRec = (botRecommendationId: string) => env.models.send(new DescribeBotRecommendationCommand({ ...at(), botRecommendationId }));

  before(async () => {
    bot = await makeLocale(
      env.models,
      'Designed',
      { intents: [{ name: 'OrderPizza', utterances: ['I want to order a pizza', 'order a large pizza'] }, { name: 'Greeting', utterances: ['hello', 'good morning'] }] },
      { settle: () => env.advance(MINUTE) },
    );
    const say = (sessionId: string, text: string) => env.runtime.send(new RecognizeTextCommand({ botId: bot.botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text }));
    // Missed (FallbackIntent): two about refunds, two about deliveries, one alone; and some that match.
    await say('s1', 'where is my refund');
    await say('s1', 'hello');
    await say('s2', 'refund my money please');
    await say('s3', 'track my delivery');
    await say('s3', 'I want to order a pizza');
    await say('s4', 'where is my delivery');
    await say('s5', 'what is the weather');
  });

  it('groups the missed utterances into recommended intents: Processing, then Available, with their transcripts', async () => {
    const started = await start({ encryptionSetting: { kmsKeyArn: KMS } });
    assert.equal(started.botRecommendationStatus, 'Processing');
    assert.match(started.botRecommendationId!, /^[0-9A-Z]{10}$/);
    assert.deepEqual(started.transcriptSourceSetting, SOURCE);
    const id = started.botRecommendationId!;
    await rejectsWith(start(), 'ConflictException', 409, new RegExp(id));
    await rejectsWith(env.models.send(new ListRecommendedIntentsCommand({ ...at(), botRecommendationId: id })), 'ValidationException', 400, /is Processing/);
    env.advance(MINUTE);

    const described = await describeRec(id);
    assert.equal(described.botRecommendationStatus, 'Available');
    assert.deepEqual(described.botRecommendationResults?.statistics, { intents: { discoveredIntentCount: 2 }, slotTypes: { discoveredSlotTypeCount: 0 } });
    assert.equal(described.botRecommendationResults?.botLocaleExportUrl, undefined);
    assert.deepEqual(described.encryptionSetting, { kmsKeyArn: KMS });
    assert.deepEqual(described.failureReasons, []);

    const intents = await env.models.send(new ListRecommendedIntentsCommand({ ...at(), botRecommendationId: id }));
    assert.deepEqual(intents.summaryList?.map((i) => [i.intentName, i.sampleUtterancesCount]), [
      ['RefundMoney', 2],
      ['DeliveryTrack', 2],
    ]);
    for (const i of intents.summaryList!) assert.match(i.intentId!, /^[0-9A-Z]{10}$/);
    const paged = await env.models.send(new ListRecommendedIntentsCommand({ ...at(), botRecommendationId: id, maxResults: 1 }));
    assert.equal(paged.summaryList?.length, 1);
    assert.ok(paged.nextToken);

    const search = (intentId: string, extra = {}) =>
      env.models.send(new SearchAssociatedTranscriptsCommand({ ...at(), botRecommendationId: id, filters: [{ name: 'IntentId', values: [intentId] }], ...extra }));
    const refund = intents.summaryList![0].intentId!;
    const found = await search(refund);
    assert.equal(found.totalResults, 2);
    const transcripts = found.associatedTranscripts!.map((t) => JSON.parse(t.transcript!));
    assert.deepEqual(transcripts.map((t) => t.sessionId), ['s1', 's2']);
    assert.deepEqual(transcripts[0].turns.map((t: { user: string; intent: string; missed: boolean }) => [t.user, t.intent, t.missed]), [
      ['where is my refund', 'FallbackIntent', true],
      ['hello', 'Greeting', false],
    ]);
    const descending = await search(refund, { searchOrder: 'Descending', maxResults: 1 });
    assert.deepEqual(descending.associatedTranscripts!.map((t) => JSON.parse(t.transcript!).sessionId), ['s2']);
    assert.equal(descending.nextIndex, 1);
    const next = await search(refund, { searchOrder: 'Descending', maxResults: 1, nextIndex: 1 });
    assert.deepEqual(next.associatedTranscripts!.map((t) => JSON.parse(t.transcript!).sessionId), ['s1']);
    assert.equal(next.nextIndex, undefined);
    const delivery = await search(intents.summaryList![1].intentId!);
    assert.deepEqual(delivery.associatedTranscripts!.map((t) => JSON.parse(t.transcript!).sessionId), ['s3', 's4']);
    const bySlotType = await env.models.send(new SearchAssociatedTranscriptsCommand({ ...at(), botRecommendationId: id, filters: [{ name: 'SlotTypeId', values: ['ABCDEFGHIJ'] }] }));
    assert.deepEqual(bySlotType.associatedTranscripts, []);

    // UpdateBotRecommendation: the encryption setting, Updating -> Available.
    const updated = await env.models.send(new UpdateBotRecommendationCommand({ ...at(), botRecommendationId: id, encryptionSetting: { kmsKeyArn: KMS, associatedTranscriptsPassword: 'secret' } }));
    assert.equal(updated.botRecommendationStatus, 'Updating');
    await rejectsWith(env.models.send(new UpdateBotRecommendationCommand({ ...at(), botRecommendationId: id, encryptionSetting: {} })), 'ConflictException', 409, /is Updating/);
    env.advance(MINUTE);
    const after = await describeRec(id);
    assert.equal(after.botRecommendationStatus, 'Available');
    assert.deepEqual(after.encryptionSetting, { kmsKeyArn: KMS, associatedTranscriptsPassword: 'secret' });
  });

  it('StopBotRecommendation: Stopping, then Stopped; a date range without conversations ends Failed; the list newest first', async () => {
    env.advance(1000);
    const stopping = await start();
    const stopped = await env.models.send(new StopBotRecommendationCommand({ ...at(), botRecommendationId: stopping.botRecommendationId }));
    assert.equal(stopped.botRecommendationStatus, 'Stopping');
    env.advance(MINUTE);
    assert.equal((await describeRec(stopping.botRecommendationId!)).botRecommendationStatus, 'Stopped');
    await rejectsWith(env.models.send(new StopBotRecommendationCommand({ ...at(), botRecommendationId: stopping.botRecommendationId })), 'ConflictException', 409, /is Stopped/);

    env.advance(1000);
    const range = { startDateTime: new Date('2020-01-01T00:00:00Z'), endDateTime: new Date('2020-02-01T00:00:00Z') };
    const empty = await start({ transcriptSourceSetting: { s3BucketTranscriptSource: { ...SOURCE.s3BucketTranscriptSource, transcriptFilter: { lexTranscriptFilter: { dateRangeFilter: range } } } } });
    env.advance(MINUTE);
    const failed = await describeRec(empty.botRecommendationId!);
    assert.equal(failed.botRecommendationStatus, 'Failed');
    assert.deepEqual(failed.failureReasons, [
      `This server held no conversation with bot ${bot.botId} in locale en_US between 2020-01-01T00:00:00.000Z and 2020-02-01T00:00:00.000Z: there are no transcripts to read (linkedrole reads its own conversations, not the S3 bucket my-transcripts).`,
    ]);
    assert.equal(failed.botRecommendationResults, undefined);
    const listed = await env.models.send(new ListBotRecommendationsCommand(at()));
    assert.deepEqual(listed.botRecommendationSummaries?.map((s) => [s.botRecommendationId, s.botRecommendationStatus]).slice(0, 2), [
      [empty.botRecommendationId, 'Failed'],
      [stopping.botRecommendationId, 'Stopped'],
    ]);
    assert.equal(listed.botRecommendationSummaries?.length, 3);
  });

  it('refuses a source without an S3 bucket, a reversed date range, a missing locale or recommendation', async () => {
    await rejectsWith(start({ transcriptSourceSetting: {} }), 'ValidationException', 400, /s3BucketTranscriptSource/);
    const reversed = { startDateTime: new Date('2020-02-01T00:00:00Z'), endDateTime: new Date('2020-01-01T00:00:00Z') };
    await rejectsWith(start({ transcriptSourceSetting: { s3BucketTranscriptSource: { ...SOURCE.s3BucketTranscriptSource, transcriptFilter: { lexTranscriptFilter: { dateRangeFilter: reversed } } } } }), 'ValidationException', 400, /before its endDateTime/);
    await rejectsWith(start({ localeId: 'en_GB' }), 'PreconditionFailedException', 412);
    await rejectsWith(describeRec('NOSUCHREC0'), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListBotRecommendationsCommand({ ...at(), localeId: 'en_GB' })), 'ResourceNotFoundException', 404);
  });
});
