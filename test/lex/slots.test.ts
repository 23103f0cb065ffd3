// Lex V2 slots through @aws-sdk/client-lex-models-v2: slots of custom and built-in types, the intent's
// slotPriorities, composite slots, multiple values and obfuscation, validation, paging, sorting, filters,
// and the locale made NotBuilt by each change.
import {
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteIntentCommand,
  DeleteSlotCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  UpdateBotAliasCommand,
  UpdateSlotCommand,
  type CreateSlotCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { buildLocale, createReadyBot, rejectsWith, useLexEnv } from './support.js';

const prompt = (text: string) => ({ maxRetries: 2, messageGroups: [{ message: { plainTextMessage: { value: text } } }] });
const required = (text: string) => ({ slotConstraint: 'Required' as const, promptSpecification: prompt(text) });
const original = { resolutionStrategy: 'OriginalValue' as const };

describe('Lex V2 slots', () => {
  const env = useLexEnv();

  async function pizzaIntent(name: string) {
    const { botId } = await createReadyBot(env.models, name);
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    const intents = await env.models.send(new ListIntentsCommand(at));
    const intentId = intents.intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    const size = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Size', slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }], valueSelectionSetting: original }));
    await buildLocale(env.models, botId!);
    return { at, intentId, sizeTypeId: size.slotTypeId! };
  }

  it('creates slots of custom and built-in types, each joining the intent slotPriorities, and makes the locale NotBuilt', async () => {
    const { at, intentId, sizeTypeId } = await pizzaIntent('SlotBot');
    const size = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: sizeTypeId, valueElicitationSetting: required('What size?'), description: 'the size' }));
    assert.match(size.slotId!, /^[0-9A-Z]{10}$/);
    assert.equal(size.slotTypeId, sizeTypeId);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
    const count = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('How many?'), obfuscationSetting: { obfuscationSettingType: 'DefaultObfuscation' } }));
    const city = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'City', slotTypeId: 'AMAZON.City', valueElicitationSetting: { slotConstraint: 'Optional' } }));
    const intent = await env.models.send(new DescribeIntentCommand({ ...at, intentId }));
    assert.deepEqual(intent.slotPriorities, [
      { priority: 1, slotId: size.slotId },
      { priority: 2, slotId: count.slotId },
      { priority: 3, slotId: city.slotId },
    ]);
    const described = await env.models.send(new DescribeSlotCommand({ ...at, intentId, slotId: count.slotId }));
    assert.deepEqual(
      [described.slotName, described.slotTypeId, described.obfuscationSetting, described.valueElicitationSetting?.slotConstraint],
      ['Count', 'AMAZON.Number', { obfuscationSettingType: 'DefaultObfuscation' }, 'Required'],
    );
    assert.ok(described.lastUpdatedDateTime instanceof Date);
    const list = await env.models.send(new ListSlotsCommand({ ...at, intentId }));
    assert.deepEqual(list.slotSummaries?.map((s) => [s.slotName, s.slotTypeId, s.slotConstraint]), [
      ['City', 'AMAZON.City', 'Optional'],
      ['Count', 'AMAZON.Number', 'Required'],
      ['Size', sizeTypeId, 'Required'],
    ]);
    assert.deepEqual(list.slotSummaries?.[2].valueElicitationPromptSpecification, prompt('What size?'));
    const page1 = await env.models.send(new ListSlotsCommand({ ...at, intentId, maxResults: 2, sortBy: { attribute: 'SlotName', order: 'Descending' } }));
    assert.deepEqual(page1.slotSummaries?.map((s) => s.slotName), ['Size', 'Count']);
    const page2 = await env.models.send(new ListSlotsCommand({ ...at, intentId, maxResults: 2, sortBy: { attribute: 'SlotName', order: 'Descending' }, nextToken: page1.nextToken }));
    assert.deepEqual(page2.slotSummaries?.map((s) => s.slotName), ['City']);
    const filtered = await env.models.send(new ListSlotsCommand({ ...at, intentId, filters: [{ name: 'SlotName', operator: 'EQ', values: ['count'] }] }));
    assert.deepEqual(filtered.slotSummaries?.map((s) => s.slotName), ['Count']);
    // Deleting a slot takes it out of the priorities.
    await env.models.send(new DeleteSlotCommand({ ...at, intentId, slotId: count.slotId }));
    const after = await env.models.send(new DescribeIntentCommand({ ...at, intentId }));
    assert.deepEqual(after.slotPriorities?.map((p) => p.slotId), [size.slotId, city.slotId]);
    await rejectsWith(env.models.send(new DescribeSlotCommand({ ...at, intentId, slotId: count.slotId })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteSlotCommand({ ...at, intentId, slotId: count.slotId })), 'PreconditionFailedException', 412, 'Failed to retrieve resource since it does not exist');
  });

  it('refuses invalid slots with AWS errors and creates nothing', async () => {
    const { at, intentId, sizeTypeId } = await pizzaIntent('BadSlotBot');
    const cases: [string, Partial<CreateSlotCommandInput>, string, number, RegExp][] = [
      ['no slot type', { slotTypeId: undefined }, 'ValidationException', 400, /slotTypeId/],
      ['a missing custom type', { slotTypeId: 'NOSUCHTYPE' }, 'ValidationException', 400, /does not exist/],
      ['a built-in not offered in the locale', { slotTypeId: 'AMAZON.UKPostalCode' }, 'ValidationException', 400, /does not exist/],
      ['a made-up built-in', { slotTypeId: 'AMAZON.Pizza' }, 'ValidationException', 400, /does not exist/],
      ['a required slot without a prompt', { valueElicitationSetting: { slotConstraint: 'Required' } }, 'ValidationException', 400, /promptSpecification/],
      ['a sub-slot setting on a plain slot', { subSlotSetting: { expression: 'A' } }, 'ValidationException', 400, /composite/],
      ['multiple values of a built-in type', { slotTypeId: 'AMAZON.Number', multipleValuesSetting: { allowMultipleValues: true } }, 'ValidationException', 400, /custom slot type/],
      ['a bad constraint', { valueElicitationSetting: { slotConstraint: 'Sometimes' as never } }, 'ValidationException', 400, /slotConstraint/],
      ['a bad slot name', { slotName: 'bad name!' }, 'ValidationException', 400, /slotName/],
    ];
    for (const [what, extra, name, status, message] of cases) {
      const input = { ...at, intentId, slotName: 'Size', slotTypeId: sizeTypeId, valueElicitationSetting: required('Size?'), ...extra } as CreateSlotCommandInput;
      await rejectsWith(env.models.send(new CreateSlotCommand(input)), name, status, message).catch((e) => assert.fail(`${what}: ${e.message}`));
    }
    await rejectsWith(env.models.send(new CreateSlotCommand({ ...at, intentId: 'FALLBCKINT', slotName: 'X', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('?') })), 'ValidationException', 400, /FallbackIntent/);
    await rejectsWith(env.models.send(new CreateSlotCommand({ ...at, intentId: 'NOSUCHINTE', slotName: 'X', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('?') })), 'PreconditionFailedException', 412);
    await rejectsWith(env.models.send(new CreateSlotCommand({ ...at, botVersion: '1', intentId, slotName: 'X', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('?') })), 'ValidationException', 400, /botVersion/);
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: sizeTypeId, valueElicitationSetting: required('Size?'), multipleValuesSetting: { allowMultipleValues: true } }));
    await rejectsWith(env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('?') })), 'ConflictException', 409, /Size/);
    const list = await env.models.send(new ListSlotsCommand({ ...at, intentId }));
    assert.deepEqual(list.slotSummaries?.map((s) => s.slotName), ['Size']);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
  });

  it('makes composite slots from a composite slot type, checking the sub-slots and the expression', async () => {
    const { at, intentId, sizeTypeId } = await pizzaIntent('CompositeBot');
    const car = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Pizza', compositeSlotTypeSetting: { subSlots: [{ name: 'PizzaSize', slotTypeId: sizeTypeId }, { name: 'Count', slotTypeId: 'AMAZON.Number' }] } }));
    const spec = (slotTypeId: string, text: string) => ({ slotTypeId, valueElicitationSetting: { promptSpecification: prompt(text) } });
    const subSlotSetting = { expression: 'PizzaSize AND Count', slotSpecifications: { PizzaSize: spec(sizeTypeId, 'Size?'), Count: spec('AMAZON.Number', 'How many?') } };
    const made = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Order', slotTypeId: car.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required' }, subSlotSetting }));
    assert.deepEqual((await env.models.send(new DescribeSlotCommand({ ...at, intentId, slotId: made.slotId }))).subSlotSetting, subSlotSetting);
    const bad: [Partial<CreateSlotCommandInput>, RegExp][] = [
      [{ subSlotSetting: undefined }, /subSlotSetting is required/],
      [{ subSlotSetting: { expression: 'PizzaSize OR Topping' } }, /Topping/],
      [{ subSlotSetting: { slotSpecifications: { Topping: spec('AMAZON.Number', '?') } } }, /Topping/],
      [{ subSlotSetting: { slotSpecifications: { Count: spec(sizeTypeId, '?') } } }, /AMAZON\.Number/],
    ];
    for (const [extra, message] of bad) {
      await rejectsWith(env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Other', slotTypeId: car.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required' }, ...extra } as CreateSlotCommandInput)), 'ValidationException', 400, message);
    }
  });

  it('updates a slot (a PUT of its settings), refusing a name taken in the intent, and deletes slots with their intent', async () => {
    const { at, intentId, sizeTypeId } = await pizzaIntent('UpdateSlotBot');
    const a = await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'A', slotTypeId: sizeTypeId, valueElicitationSetting: required('A?') }));
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'B', slotTypeId: 'AMAZON.Date', valueElicitationSetting: required('B?') }));
    await buildLocale(env.models, at.botId);
    const updated = await env.models.send(new UpdateSlotCommand({ ...at, intentId, slotId: a.slotId, slotName: 'Alpha', slotTypeId: 'AMAZON.Time', valueElicitationSetting: { slotConstraint: 'Optional' } }));
    assert.equal(updated.slotName, 'Alpha');
    const described = await env.models.send(new DescribeSlotCommand({ ...at, intentId, slotId: a.slotId }));
    assert.deepEqual([described.slotName, described.slotTypeId, described.valueElicitationSetting, described.description], ['Alpha', 'AMAZON.Time', { slotConstraint: 'Optional' }, undefined]);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
    await rejectsWith(env.models.send(new UpdateSlotCommand({ ...at, intentId, slotId: a.slotId, slotName: 'B', slotTypeId: 'AMAZON.Time', valueElicitationSetting: { slotConstraint: 'Optional' } })), 'ConflictException', 409, /B/);
    await rejectsWith(env.models.send(new UpdateSlotCommand({ ...at, intentId, slotId: 'NOSUCHSLOT', slotName: 'Z', slotTypeId: 'AMAZON.Time', valueElicitationSetting: { slotConstraint: 'Optional' } })), 'PreconditionFailedException', 412);
    await env.models.send(new DeleteIntentCommand({ ...at, intentId }));
    await rejectsWith(env.models.send(new ListSlotsCommand({ ...at, intentId })), 'ResourceNotFoundException', 404);
  });

  it('fills slots in a conversation where the matching can (custom values and synonyms, digits), eliciting each Required slot with its prompt', async () => {
    const { botId } = await createReadyBot(env.models, 'TalkingSlotsBot');
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    const intentId = (await env.models.send(new ListIntentsCommand(at))).intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    const size = await env.models.send(
      new CreateSlotTypeCommand({ ...at, slotTypeName: 'Size', slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }], valueSelectionSetting: { resolutionStrategy: 'TopResolution' } }),
    );
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: required('What size?') }));
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('How many?') }));
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'When', slotTypeId: 'AMAZON.Date', valueElicitationSetting: { slotConstraint: 'Optional' } }));
    await buildLocale(env.models, botId!);
    const say = (sessionId: string, text: string) => env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId, text }));
    const first = await say('s1', 'I want to order a pizza');
    assert.deepEqual([first.sessionState?.intent?.name, first.sessionState?.intent?.state, first.sessionState?.dialogAction], ['OrderPizza', 'InProgress', { type: 'ElicitSlot', slotToElicit: 'Size' }]);
    assert.deepEqual(first.messages, [{ contentType: 'PlainText', content: 'What size?' }]);
    const second = await say('s1', 'a big one please');
    assert.deepEqual(second.sessionState?.intent?.slots?.Size, { shape: 'Scalar', value: { originalValue: 'big', interpretedValue: 'large', resolvedValues: ['large'] } });
    assert.deepEqual(second.sessionState?.dialogAction, { type: 'ElicitSlot', slotToElicit: 'Count' });
    assert.deepEqual(second.messages, [{ contentType: 'PlainText', content: 'How many?' }]);
    // Another intent's exact sample utterance switches intents; the session then starts the order again.
    const greeting = await say('s3', 'I want to order a pizza');
    assert.equal(greeting.sessionState?.dialogAction?.slotToElicit, 'Size');
    const switched = await say('s3', 'hello');
    assert.deepEqual([switched.sessionState?.intent?.name, switched.sessionState?.dialogAction?.type], ['Greeting', 'Close']);
    const unclear = await say('s1', 'lots');
    assert.deepEqual([unclear.sessionState?.dialogAction?.slotToElicit, unclear.messages?.[0].content], ['Count', 'How many?']);
    const last = await say('s1', '3');
    assert.deepEqual([last.sessionState?.intent?.state, last.sessionState?.dialogAction?.type], ['Fulfilled', 'Close']);
    assert.equal(last.sessionState?.intent?.slots?.Count?.value?.interpretedValue, '3');
    assert.equal(last.sessionState?.intent?.slots?.Size?.value?.interpretedValue, 'large');
    assert.equal(last.sessionState?.intent?.slots?.When, undefined, 'a date is not recognized from text here');
    assert.deepEqual(last.messages, [{ contentType: 'PlainText', content: 'Your pizza is on its way.' }]);
    // One turn can fill several slots; the sample utterance still picks the intent.
    const direct = await say('s2', 'order a small pizza 2');
    assert.deepEqual([direct.sessionState?.intent?.name, direct.sessionState?.intent?.state, direct.sessionState?.intent?.slots?.Size?.value?.interpretedValue, direct.sessionState?.intent?.slots?.Count?.value?.interpretedValue], ['OrderPizza', 'Fulfilled', 'small', '2']);
  });

  it("writes an obfuscated slot's value as {SlotName} in conversation logs, and the value itself to the caller", async () => {
    const { botId } = await createReadyBot(env.models, 'SecretSlotsBot');
    const at = { botId: botId!, botVersion: 'DRAFT', localeId: 'en_US' };
    const intentId = (await env.models.send(new ListIntentsCommand(at))).intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Pin', slotTypeId: 'AMAZON.Number', valueElicitationSetting: required('Your PIN?'), obfuscationSetting: { obfuscationSettingType: 'DefaultObfuscation' } }));
    await buildLocale(env.models, botId!);
    const logGroup = 'arn:aws:logs:us-east-1:123456789012:log-group:pizza-secrets';
    await env.models.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        conversationLogSettings: { textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: logGroup, logPrefix: 'chat/' } } }] },
      }),
    );
    const say = (text: string) => env.runtime.send(new RecognizeTextCommand({ botId, botAliasId: 'TSTALIASID', localeId: 'en_US', sessionId: 'secret-1', text }));
    await say('I want to order a pizza');
    const answer = await say('it is 4321');
    assert.equal(answer.sessionState?.intent?.slots?.Pin?.value?.interpretedValue, '4321');
    const logged = (await env.server.app.lex.models.downstream.events(logGroup)).filter((e) => e.kind === 'log-event').map((e) => JSON.parse(e.content));
    assert.deepEqual(logged.map((e) => e.inputTranscript), ['I want to order a pizza', 'it is {Pin}']);
    assert.deepEqual(logged[1].sessionState.intent.slots.Pin.value, { originalValue: '{Pin}', interpretedValue: '{Pin}', resolvedValues: ['{Pin}'] });
    assert.ok(!JSON.stringify(logged).includes('4321'));
  });
});
