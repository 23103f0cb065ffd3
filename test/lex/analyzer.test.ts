// Lex V2's bot analyzer: a table of bot locale definitions -> the findings StartBotAnalyzer reports (by
// the fixed rules of src/services/lex/analysis.ts, docs/lex.md), then the run's lifecycle (Processing ->
// Available, Stopping -> Stopped, one run at a time per locale), its history, deletion, AWS's
// prerequisites (a built DRAFT English locale), the IAM action of ListBotAnalyzerHistory and the AWS CLI.
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBotLocaleCommand,
  DeleteBotAnalyzerRecommendationCommand,
  DeleteBotLocaleCommand,
  DescribeBotAnalyzerRecommendationCommand,
  LexModelsV2Client,
  ListBotAnalyzerHistoryCommand,
  StartBotAnalyzerCommand,
  StopBotAnalyzerCommand,
  type BotAnalyzerRecommendation,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsCliJson } from '../support/aws-cli.js';
import { waitFor } from '../support/wait.js';
import { makeLocale, type LocaleDef, type MadeLocale } from './definitions.js';
import { buildLocale, rejectsWith, useLexEnv } from './support.js';

/** An expected finding: priority, the intent (and `Intent.Slot`) it is located at, what its description says. */
type Expected = [priority: 'High' | 'Medium' | 'Low', intent: string | null, slot: string | null, description: RegExp];

const CASES: { name: string; def: LocaleDef; expected: Expected[] }[] = [
  {
    name: 'a clean locale: nothing to report',
    def: {
      slotTypes: { Size: [['small'], ['large', 'big']] },
      intents: [
        { name: 'OrderPizza', utterances: ['I want a pizza', 'order a {Size} pizza'], slots: [{ name: 'Size', type: 'Size' }] },
        { name: 'Greeting', utterances: ['hello', 'good morning'] },
        { name: 'Help', parentIntentSignature: 'AMAZON.HelpIntent' },
      ],
    },
    expected: [],
  },
  {
    name: 'the same utterance in two intents (ignoring case and punctuation)',
    def: { intents: [{ name: 'BookRoom', utterances: ['book a room', 'reserve a room'] }, { name: 'CancelRoom', utterances: ['Book a room!', 'cancel my booking'] }] },
    expected: [['High', 'BookRoom', null, /^The intents BookRoom and CancelRoom have the same sample utterances .*: "book a room"\./]],
  },
  {
    name: 'an intent without sample utterances',
    def: { intents: [{ name: 'Empty' }, { name: 'Other', utterances: ['hello there'] }] },
    expected: [['High', 'Empty', null, /^The intent Empty has no sample utterances/]],
  },
  {
    name: 'an utterance referring to a slot the intent does not have',
    def: { intents: [{ name: 'Order', utterances: ['order a {Size} pizza', 'order a pizza'] }] },
    expected: [['High', 'Order', null, /refer to \{Size\}, which is not a slot of the intent: "order a \{Size\} pizza"/]],
  },
  {
    name: 'two intents whose utterances differ only by values of one slot type (and the type is unused)',
    def: { slotTypes: { Size: [['small'], ['large', 'big']] }, intents: [{ name: 'OrderSmall', utterances: ['order a small pizza'] }, { name: 'OrderLarge', utterances: ['order a big pizza'] }] },
    expected: [
      ['Medium', 'OrderLarge', null, /^The intents OrderLarge and OrderSmall have sample utterances that differ only by a value of the slot type Size: "order a big pizza" \/ "order a small pizza"/],
      ['Low', null, null, /^The slot type Size is not used by any slot of the locale\./],
    ],
  },
  {
    name: 'utterances of two intents with mostly the same words',
    def: { intents: [{ name: 'Balance', utterances: ['show me my checking account balance today'] }, { name: 'Statement', utterances: ['show me my checking account balance', 'mail my statement'] }] },
    expected: [['Medium', 'Balance', null, /mostly the same words \(at least 75% shared\): "show me my checking account balance today" \/ "show me my checking account balance"/]],
  },
  {
    name: 'an utterance repeated in one intent',
    def: { intents: [{ name: 'Greeting', utterances: ['hello', 'Hello!', 'hi'] }] },
    expected: [['Low', 'Greeting', null, /^The intent Greeting repeats sample utterances .*: "Hello!"\./]],
  },
  {
    name: 'a slot no utterance refers to: elicited only by its prompt, or never filled without one',
    def: {
      intents: [
        {
          name: 'Order',
          utterances: ['order a pizza', 'order {Count} pizzas'],
          slots: [{ name: 'Count', type: 'AMAZON.Number' }, { name: 'Crust', type: 'AMAZON.AlphaNumeric', prompt: 'Which crust?' }, { name: 'Topping', type: 'AMAZON.AlphaNumeric' }],
        },
      ],
    },
    expected: [
      ['Medium', 'Order', 'Order.Topping', /^The slot Topping of Order has no prompt and no sample utterance refers to it, so it is never filled\./],
      ['Low', 'Order', 'Order.Crust', /^No sample utterance of Order refers to its slot Crust/],
    ],
  },
  {
    name: 'several findings, most severe first',
    def: {
      slotTypes: { Color: [['red'], ['blue']] },
      intents: [
        { name: 'Alpha', utterances: ['paint it', 'paint it'], slots: [{ name: 'Shade', type: 'AMAZON.Number', prompt: 'Which shade?' }] },
        { name: 'Beta' },
        { name: 'Gamma', utterances: ['PAINT IT'] },
      ],
    },
    expected: [
      ['High', 'Beta', null, /Beta has no sample utterances/],
      ['High', 'Alpha', null, /Alpha and Gamma have the same sample utterances .*"paint it", "paint it"/],
      ['Low', 'Alpha', null, /Alpha repeats sample utterances/],
      ['Low', 'Alpha', 'Alpha.Shade', /refers to its slot Shade/],
      ['Low', null, null, /slot type Color is not used/],
    ],
  },
];

async function allFindings(models: LexModelsV2Client, botId: string, botAnalyzerRequestId: string): Promise<BotAnalyzerRecommendation[]> {
  const found: BotAnalyzerRecommendation[] = [];
  let nextToken: string | undefined;
  do {
    const page = await models.send(new DescribeBotAnalyzerRecommendationCommand({ botId, botAnalyzerRequestId, maxResults: 2, nextToken }));
    assert.equal(page.botAnalyzerStatus, 'Available');
    assert.ok((page.botAnalyzerRecommendationList ?? []).length <= 2);
    found.push(...(page.botAnalyzerRecommendationList ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

const location = (made: MadeLocale, intent: string | null, slot: string | null) => ({
  botLocale: made.localeId,
  ...(intent ? { intentId: made.intentIds[intent] } : {}),
  ...(slot ? { slotId: made.slotIds[slot] } : {}),
});

describe('Lex V2 bot analyzer findings', () => {
  const env = useLexEnv();
  let n = 0;
  for (const c of CASES) {
    it(c.name, async () => {
      const made = await makeLocale(env.models, `Analyzed${++n}`, c.def);
      const started = await env.models.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale', localeId: 'en_US' }));
      const done = await waitFor(
        () => env.models.send(new DescribeBotAnalyzerRecommendationCommand({ botId: made.botId, botAnalyzerRequestId: started.botAnalyzerRequestId })),
        (d) => d.botAnalyzerStatus !== 'Processing',
      );
      assert.equal(done.botAnalyzerStatus, 'Available');
      const found = await allFindings(env.models, made.botId, started.botAnalyzerRequestId!);
      assert.deepEqual(
        found.map((f) => [f.priority, f.issueLocation]),
        c.expected.map(([priority, intent, slot]) => [priority, location(made, intent, slot)]),
        JSON.stringify(found, null, 1),
      );
      c.expected.forEach(([, , , description], i) => {
        assert.match(found[i].issueDescription!, description);
        assert.ok(found[i].proposedFix!.length > 0);
      });
    });
  }
});

describe('Lex V2 bot analyzer runs', () => {
  // Transitions last a minute; the test moves the server's clock.
  const env = useLexEnv({ lex: { transitionMs: 60_000 } });
  const MINUTE = 60_001;
  const def: LocaleDef = { intents: [{ name: 'Empty' }, { name: 'Other', utterances: ['hello there'] }, { name: 'Third' }] };

  /** Statuses here move only with the clock: makeLocale moves it past each transition. */
  const slowLocale = (name: string) => makeLocale(env.models, name, def, { settle: () => env.advance(MINUTE) });

  it('Processing -> Available; one run at a time per locale; Stop: Stopping -> Stopped; history newest first; delete', async () => {
    const { botId } = await slowLocale('Lifecycle');
    const first = await env.models.send(new StartBotAnalyzerCommand({ botId, analysisScope: 'BotLocale', localeId: 'en_US' }));
    assert.match(first.botAnalyzerRequestId!, /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/);
    assert.equal(first.botAnalyzerStatus, 'Processing');
    assert.equal(first.botVersion, 'DRAFT');
    assert.equal(first.localeId, 'en_US');
    const describe = (botAnalyzerRequestId: string, extra = {}) => env.models.send(new DescribeBotAnalyzerRecommendationCommand({ botId, botAnalyzerRequestId, ...extra }));
    const processing = await describe(first.botAnalyzerRequestId!);
    assert.equal(processing.botAnalyzerStatus, 'Processing');
    assert.deepEqual(processing.botAnalyzerRecommendationList, []);
    await rejectsWith(env.models.send(new StartBotAnalyzerCommand({ botId, analysisScope: 'BotLocale', localeId: 'en_US' })), 'ConflictException', 409, new RegExp(first.botAnalyzerRequestId!));
    const stopped = await env.models.send(new StopBotAnalyzerCommand({ botId, botAnalyzerRequestId: first.botAnalyzerRequestId }));
    assert.equal(stopped.botAnalyzerStatus, 'Stopping');
    env.advance(MINUTE);
    assert.equal((await describe(first.botAnalyzerRequestId!)).botAnalyzerStatus, 'Stopped');
    await rejectsWith(env.models.send(new StopBotAnalyzerCommand({ botId, botAnalyzerRequestId: first.botAnalyzerRequestId })), 'ValidationException', 400, /is Stopped; only a Processing analysis can be stopped/);

    env.advance(1000);
    const second = await env.models.send(new StartBotAnalyzerCommand({ botId, analysisScope: 'BotLocale', localeId: 'en_US', botVersion: 'DRAFT' }));
    env.advance(MINUTE);
    const page1 = await describe(second.botAnalyzerRequestId!);
    assert.equal(page1.botAnalyzerStatus, 'Available');
    // The default page is 5; two findings here (Empty and Third have no utterances), in one page.
    assert.deepEqual(page1.botAnalyzerRecommendationList?.map((r) => r.issueDescription?.split(' has ')[0]), ['The intent Empty', 'The intent Third']);
    assert.equal(page1.nextToken, undefined);
    const one = await describe(second.botAnalyzerRequestId!, { maxResults: 1 });
    assert.equal(one.botAnalyzerRecommendationList?.length, 1);
    const rest = await describe(second.botAnalyzerRequestId!, { maxResults: 1, nextToken: one.nextToken });
    assert.deepEqual([...one.botAnalyzerRecommendationList!, ...rest.botAnalyzerRecommendationList!], page1.botAnalyzerRecommendationList);
    await rejectsWith(env.models.send(new StopBotAnalyzerCommand({ botId, botAnalyzerRequestId: second.botAnalyzerRequestId })), 'ValidationException', 400, /is Available/);

    const history = await env.models.send(new ListBotAnalyzerHistoryCommand({ botId }));
    assert.equal(history.botVersion, 'DRAFT');
    assert.deepEqual(history.botAnalyzerHistoryList?.map((h) => [h.botAnalyzerRequestId, h.botAnalyzerStatus]), [
      [second.botAnalyzerRequestId, 'Available'],
      [first.botAnalyzerRequestId, 'Stopped'],
    ]);
    const paged = await env.models.send(new ListBotAnalyzerHistoryCommand({ botId, maxResults: 1 }));
    assert.equal(paged.botAnalyzerHistoryList?.length, 1);
    assert.ok(paged.nextToken);
    assert.deepEqual((await env.models.send(new ListBotAnalyzerHistoryCommand({ botId, localeId: 'en_GB' }))).botAnalyzerHistoryList, []);

    await env.models.send(new DeleteBotAnalyzerRecommendationCommand({ botId, botAnalyzerRequestId: first.botAnalyzerRequestId }));
    await rejectsWith(describe(first.botAnalyzerRequestId!), 'ResourceNotFoundException', 404, new RegExp(first.botAnalyzerRequestId!));
    await rejectsWith(env.models.send(new DeleteBotAnalyzerRecommendationCommand({ botId, botAnalyzerRequestId: first.botAnalyzerRequestId })), 'ResourceNotFoundException', 404);
    assert.deepEqual((await env.models.send(new ListBotAnalyzerHistoryCommand({ botId }))).botAnalyzerHistoryList?.map((h) => h.botAnalyzerRequestId), [second.botAnalyzerRequestId]);

    // The runs go with their locale.
    await env.models.send(new DeleteBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    assert.deepEqual((await env.models.send(new ListBotAnalyzerHistoryCommand({ botId }))).botAnalyzerHistoryList, []);
  });
});

describe('Lex V2 bot analyzer prerequisites and authorization', () => {
  const env = useLexEnv();

  it("refuses what AWS's prerequisites exclude, with nothing recorded", async () => {
    const made = await makeLocale(env.models, 'Unbuilt', { intents: [{ name: 'A', utterances: ['a b c'] }] }, { build: false });
    const start = (input: Partial<{ localeId: string; botId: string }> = {}) =>
      env.models.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale', localeId: 'en_US', ...input }));
    const cases: [string, () => Promise<unknown>, string, number, RegExp][] = [
      ['an unbuilt locale', () => start(), 'ValidationException', 400, /must be built before it is analyzed; it is NotBuilt/],
      ['no locale', () => env.models.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale' })), 'ValidationException', 400, /localeId is required/],
      ['a locale the bot does not have', () => start({ localeId: 'en_GB' }), 'ResourceNotFoundException', 404, /./],
      ['a bot that does not exist', () => start({ botId: 'NOSUCHBOT0' }), 'ResourceNotFoundException', 404, /./],
    ];
    for (const [name, call, code, status, message] of cases) await rejectsWith(call(), code, status, message).catch((e: Error) => assert.fail(`${name}: ${e.message}`));
    // A locale AWS's analyzer does not support (English only).
    await env.models.send(new CreateBotLocaleCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'fr_FR', nluIntentConfidenceThreshold: 0.4 }));
    await buildLocale(env.models, made.botId, 'fr_FR');
    await rejectsWith(start({ localeId: 'fr_FR' }), 'ValidationException', 400, /does not support the locale fr_FR. It supports en_AU, en_GB, en_IN, en_US, en_ZA/);
    assert.deepEqual((await env.models.send(new ListBotAnalyzerHistoryCommand({ botId: made.botId }))).botAnalyzerHistoryList, []);
    await rejectsWith(
      env.models.send(new DescribeBotAnalyzerRecommendationCommand({ botId: made.botId, botAnalyzerRequestId: '00000000-0000-0000-0000-000000000000' })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('ListBotAnalyzerHistory is authorized as lex:ListBotAnalyzerRecommendations (the Service Authorization Reference has no lex:ListBotAnalyzerHistory)', async () => {
    const made = await makeLocale(env.models, 'Listed', { intents: [{ name: 'A', utterances: ['a b c'] }] });
    const user = async (name: string, action: string) => {
      await env.iam.send(new CreateUserCommand({ UserName: name }));
      await env.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'lex', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }) }));
      const key = (await env.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      return env.client(LexModelsV2Client, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
    };
    const allowed = await user('lister', 'lex:ListBotAnalyzerRecommendations');
    const refused = await user('historian', 'lex:ListBotAnalyzerHistory');
    assert.deepEqual((await allowed.send(new ListBotAnalyzerHistoryCommand({ botId: made.botId }))).botAnalyzerHistoryList, []);
    await rejectsWith(refused.send(new ListBotAnalyzerHistoryCommand({ botId: made.botId })), 'AccessDeniedException', 403, /lex:ListBotAnalyzerRecommendations/);
    await rejectsWith(allowed.send(new StartBotAnalyzerCommand({ botId: made.botId, analysisScope: 'BotLocale', localeId: 'en_US' })), 'AccessDeniedException', 403, /lex:StartBotAnalyzer/);
  });

  it('the AWS CLI: start-bot-analyzer, describe-bot-analyzer-recommendation', async () => {
    const made = await makeLocale(env.models, 'Cli', { intents: [{ name: 'Empty' }, { name: 'Other', utterances: ['hello'] }] });
    const started = await awsCliJson(env.server.url, ['lexv2-models', 'start-bot-analyzer', '--bot-id', made.botId, '--analysis-scope', 'BotLocale', '--locale-id', 'en_US']);
    assert.equal(started.botAnalyzerStatus, 'Processing');
    const described = await waitFor(
      () => awsCliJson(env.server.url, ['lexv2-models', 'describe-bot-analyzer-recommendation', '--bot-id', made.botId, '--bot-analyzer-request-id', started.botAnalyzerRequestId]),
      (d) => d.botAnalyzerStatus === 'Available',
    );
    assert.deepEqual(described.botAnalyzerRecommendationList.map((r: BotAnalyzerRecommendation) => [r.priority, r.issueLocation]), [['High', { botLocale: 'en_US', intentId: made.intentIds.Empty }]]);
  });
});
