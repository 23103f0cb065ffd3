// Lex V2's generative operations without a model (docs/lex.md, Generative operations): StartBotResourceGeneration
// keeps AWS's requirements and lifecycle, decides the bot role's bedrock:InvokeModel through the role (audited),
// and ends Failed with the reason nothing was generated; GenerateBotElement answers sample utterances made from
// the intent's own utterances, slots and name (a table of intents -> utterances).
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  DescribeBotResourceGenerationCommand,
  GenerateBotElementCommand,
  ListBotResourceGenerationsCommand,
  ListIntentsCommand,
  StartBotResourceGenerationCommand,
  UpdateBotLocaleCommand,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLocale, type LocaleDef } from './definitions.js';
import { ACCOUNT, rejectsWith, useLexEnv } from './support.js';

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
const spec = { enabled: true, bedrockModelSpecification: { modelArn: MODEL } };
const generative = { generativeAISettings: { buildtimeSettings: { descriptiveBotBuilder: spec, sampleUtteranceGeneration: spec } } };
const PROMPT = 'A bot that books hotel rooms: it asks for the city, the check-in date and the number of nights, then confirms the booking.';
const NO_MODEL = 'linkedrole runs no Amazon Bedrock model, so the descriptive bot builder cannot turn the prompt into intents, slots and slot types here. Nothing was generated and the bot locale is unchanged.';

describe('Lex V2 StartBotResourceGeneration', () => {
  const env = useLexEnv({ lex: { transitionMs: 60_000 } });
  const MINUTE = 60_001;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

  /** A bot with its own role, allowed bedrock:InvokeModel on MODEL, and a locale with the generative features on; made with settled statuses. */
  async function generativeBot(name: string, options: { invoke: boolean }) {
    const role = await env.iam.send(new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: trust }));
    if (options.invoke) {
      await env.iam.send(new PutRolePolicyCommand({ RoleName: `${name}-role`, PolicyName: 'bedrock', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: MODEL }] }) }));
    }
    const made = await makeLocale(env.models, name, { intents: [] }, { build: false, locale: generative, bot: { roleArn: role.Role!.Arn }, settle: () => env.advance(MINUTE) });
    return { ...made, roleArn: role.Role!.Arn! };
  }
  const at = (botId: string) => ({ botId, botVersion: 'DRAFT', localeId: 'en_US' });

  it('InProgress, then Failed with why nothing was generated; one at a time per locale; the locale unchanged; bedrock:InvokeModel decided through the bot role', async () => {
    const bot = await generativeBot('Builder', { invoke: true });
    const started = await env.models.send(new StartBotResourceGenerationCommand({ ...at(bot.botId), generationInputPrompt: PROMPT }));
    assert.equal(started.generationStatus, 'InProgress');
    assert.match(started.generationId!, /^[0-9A-Z]{10}$/);
    assert.equal(started.generationInputPrompt, PROMPT);
    const describe = () => env.models.send(new DescribeBotResourceGenerationCommand({ ...at(bot.botId), generationId: started.generationId }));
    const running = await describe();
    assert.equal(running.generationStatus, 'InProgress');
    assert.deepEqual(running.failureReasons, []);
    assert.equal(running.modelArn, MODEL);
    await rejectsWith(env.models.send(new StartBotResourceGenerationCommand({ ...at(bot.botId), generationInputPrompt: PROMPT })), 'ConflictException', 409, new RegExp(started.generationId!));
    env.advance(MINUTE);
    const failed = await describe();
    assert.equal(failed.generationStatus, 'Failed');
    assert.deepEqual(failed.failureReasons, [NO_MODEL]);
    assert.ok(failed.lastUpdatedDateTime!.getTime() > failed.creationDateTime!.getTime());
    assert.equal(failed.generatedBotLocaleUrl, undefined);
    const intents = await env.models.send(new ListIntentsCommand(at(bot.botId)));
    assert.deepEqual(intents.intentSummaries?.map((i) => i.intentName), ['FallbackIntent']);
    // The role was asked once (the refused second start asked nothing), and allowed.
    const events = await env.server.app.audit.query({ accountId: ACCOUNT, roleArn: bot.roleArn, kind: 'on-behalf', action: 'bedrock:InvokeModel', limit: 10 });
    assert.deepEqual(events.map((e) => [e.action, e.resource, e.decision]), [['bedrock:InvokeModel', MODEL, 'allowed']]);

    env.advance(1000);
    const second = await env.models.send(new StartBotResourceGenerationCommand({ ...at(bot.botId), generationInputPrompt: PROMPT }));
    const newest = await env.models.send(new ListBotResourceGenerationsCommand(at(bot.botId)));
    assert.deepEqual(newest.generationSummaries?.map((g) => [g.generationId, g.generationStatus]), [
      [second.generationId, 'InProgress'],
      [started.generationId, 'Failed'],
    ]);
    const oldest = await env.models.send(new ListBotResourceGenerationsCommand({ ...at(bot.botId), sortBy: { attribute: 'creationStartTime', order: 'Ascending' }, maxResults: 1 }));
    assert.deepEqual(oldest.generationSummaries?.map((g) => g.generationId), [started.generationId]);
    assert.ok(oldest.nextToken);
  });

  it("a bot role without bedrock:InvokeModel on the model: Failed with the role's refusal", async () => {
    const bot = await generativeBot('NoBedrock', { invoke: false });
    const started = await env.models.send(new StartBotResourceGenerationCommand({ ...at(bot.botId), generationInputPrompt: PROMPT }));
    env.advance(MINUTE);
    const failed = await env.models.send(new DescribeBotResourceGenerationCommand({ ...at(bot.botId), generationId: started.generationId }));
    assert.equal(failed.generationStatus, 'Failed');
    assert.equal(failed.failureReasons?.length, 1);
    assert.match(failed.failureReasons![0], new RegExp(`^Amazon Lex could not call bedrock:InvokeModel on ${MODEL.replace(/[.]/g, '\\.')} as .*NoBedrock-role.*: no policy of the role allows the bedrock:InvokeModel action`));
  });

  it("refuses what AWS's requirements exclude, recording nothing", async () => {
    const bot = await generativeBot('Refused', { invoke: true });
    const start = (input: Partial<{ botId: string; botVersion: string; localeId: string; generationInputPrompt: string }>) =>
      env.models.send(new StartBotResourceGenerationCommand({ ...at(bot.botId), generationInputPrompt: PROMPT, ...input }));
    const cases: [string, () => Promise<unknown>, string, number, RegExp][] = [
      ['a prompt under 100 characters (the model)', () => start({ generationInputPrompt: 'a bot that books rooms' }), 'ValidationException', 400, /generationInputPrompt/],
      ['a numbered version', () => start({ botVersion: '1' }), 'ValidationException', 400, /DRAFT version only/],
      ['a bot that does not exist', () => start({ botId: 'NOSUCHBOT0' }), 'PreconditionFailedException', 412, /does not exist/],
      ['a locale the bot does not have', () => start({ localeId: 'en_GB' }), 'PreconditionFailedException', 412, /does not exist/],
    ];
    for (const [name, call, code, status, message] of cases) await rejectsWith(call(), code, status, message).catch((e: Error) => assert.fail(`${name}: ${e.message}`));
    const update = (buildtimeSettings: object) => env.models.send(new UpdateBotLocaleCommand({ ...at(bot.botId), nluIntentConfidenceThreshold: 0.4, generativeAISettings: { buildtimeSettings } }));
    await update({ descriptiveBotBuilder: { enabled: false, bedrockModelSpecification: { modelArn: MODEL } } });
    await rejectsWith(start({}), 'ValidationException', 400, /descriptive bot builder is not enabled for locale en_US/);
    await update({ descriptiveBotBuilder: { enabled: true } });
    await rejectsWith(start({}), 'ValidationException', 400, /names no Amazon Bedrock model/);
    await update({});
    await rejectsWith(start({}), 'ValidationException', 400, /not enabled/);
    assert.deepEqual((await env.models.send(new ListBotResourceGenerationsCommand(at(bot.botId)))).generationSummaries, []);
    await rejectsWith(env.models.send(new DescribeBotResourceGenerationCommand({ ...at(bot.botId), generationId: 'NOSUCHGEN0' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new ListBotResourceGenerationsCommand({ ...at(bot.botId), localeId: 'en_GB' })), 'ResourceNotFoundException', 404);
  });
});

describe('Lex V2 GenerateBotElement', () => {
  const env = useLexEnv();

  const CASES: { name: string; def: LocaleDef; intent: string; expected: string[] }[] = [
    {
      name: "an utterance with a slot's value said (sample value or synonym, longest first, any case) is written with the slot's reference; the name as words",
      def: {
        slotTypes: { City: [['Paris'], ['New York', 'NYC', 'York']] },
        intents: [{ name: 'BookFlight', utterances: ['book a flight to Paris', 'I want to fly to new york tomorrow', 'fly to {Destination}', 'fly from nyc'], slots: [{ name: 'Destination', type: 'City' }] }],
      },
      intent: 'BookFlight',
      expected: ['book a flight to {Destination}', 'I want to fly to {Destination} tomorrow', 'fly from {Destination}', 'book flight'],
    },
    {
      name: 'nothing that repeats an utterance of the intent (compared as words, slot names aside)',
      def: { slotTypes: { Size: [['large']] }, intents: [{ name: 'Order_Pizza', utterances: ['order a large pizza', 'Order a {Kind} pizza!', 'order pizza'], slots: [{ name: 'Kind', type: 'Size' }] }] },
      intent: 'Order_Pizza',
      expected: [],
    },
    {
      name: 'only whole words outside slot references; built-in slot types have no values here',
      def: { slotTypes: { Color: [['red']] }, intents: [{ name: 'Paint', utterances: ['paint it reddish', 'paint {Shade} now', 'paint {Count} walls'], slots: [{ name: 'Shade', type: 'Color' }, { name: 'Count', type: 'AMAZON.Number' }] }] },
      intent: 'Paint',
      expected: [],
    },
    {
      name: 'an intent without utterances: its name as words',
      def: { intents: [{ name: 'CheckAccountBalance' }] },
      intent: 'CheckAccountBalance',
      expected: ['check account balance'],
    },
  ];
  let n = 0;
  for (const c of CASES) {
    it(c.name, async () => {
      const made = await makeLocale(env.models, `Generated${++n}`, c.def, { build: false, locale: generative });
      const answer = await env.models.send(new GenerateBotElementCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: made.intentIds[c.intent] }));
      assert.equal(answer.$metadata.httpStatusCode, 202);
      assert.equal(answer.intentId, made.intentIds[c.intent]);
      assert.equal(answer.botVersion, 'DRAFT');
      assert.deepEqual(answer.sampleUtterances?.map((u) => u.utterance), c.expected);
    });
  }

  it('refuses without sample utterance generation, for an intent that takes no utterances, a numbered version, a missing intent', async () => {
    const made = await makeLocale(env.models, 'GenerateRefused', { intents: [{ name: 'A', utterances: ['a b'] }] }, { build: false, locale: { generativeAISettings: { buildtimeSettings: { descriptiveBotBuilder: spec } } } });
    const generate = (input: Partial<{ intentId: string; botVersion: string }>) =>
      env.models.send(new GenerateBotElementCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: made.intentIds.A, ...input }));
    await rejectsWith(generate({}), 'ValidationException', 400, /sample utterance generation is not enabled for locale en_US/);
    await env.models.send(new UpdateBotLocaleCommand({ botId: made.botId, botVersion: 'DRAFT', localeId: 'en_US', nluIntentConfidenceThreshold: 0.4, ...generative }));
    await rejectsWith(generate({ intentId: 'FALLBCKINT' }), 'ValidationException', 400, /FallbackIntent \(AMAZON.FallbackIntent\) takes no sample utterances/);
    await rejectsWith(generate({ botVersion: '1' }), 'ValidationException', 400, /DRAFT version only/);
    await rejectsWith(generate({ intentId: 'NOSUCHINT0' }), 'ResourceNotFoundException', 404);
    assert.deepEqual((await generate({})).sampleUtterances, []);
  });
});
