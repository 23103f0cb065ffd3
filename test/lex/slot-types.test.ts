// Lex V2 slot types through @aws-sdk/client-lex-models-v2: the four categories (Custom, Extended,
// ExternalGrammar, Composite), validation, paging, sorting and filters, deletion refused while in use, the
// locale NotBuilt after each change, and the built-in catalog (ListBuiltInIntents / ListBuiltInSlotTypes).
import {
  BuildBotLocaleCommand,
  CreateBotVersionCommand,
  CreateSlotCommand,
  DeleteSlotCommand,
  ListSlotsCommand,
  CreateSlotTypeCommand,
  DeleteSlotTypeCommand,
  DescribeBotLocaleCommand,
  DescribeSlotTypeCommand,
  ListBuiltInIntentsCommand,
  ListBuiltInSlotTypesCommand,
  ListIntentsCommand,
  ListSlotTypesCommand,
  UpdateSlotTypeCommand,
  type CreateSlotTypeCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/wait.js';
import { buildLocale, createReadyBot, rejectsWith, useLexEnv } from './support.js';

const values = (...names: string[]) => names.map((value) => ({ sampleValue: { value }, synonyms: [{ value: `${value}s` }] }));
const original = { resolutionStrategy: 'OriginalValue' as const };
const prompt = { maxRetries: 1, messageGroups: [{ message: { plainTextMessage: { value: 'Which one?' } } }] };

describe('Lex V2 slot types', () => {
  const env = useLexEnv();
  const locale = (botId: string) => ({ botId, botVersion: 'DRAFT', localeId: 'en_US' });

  it('creates each category, derives slotTypeCategory, and makes the built locale NotBuilt', async () => {
    const { botId } = await createReadyBot(env.models, 'TypesBot');
    const at = locale(botId!);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'Built');
    const custom = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Size', slotTypeValues: values('small', 'large'), valueSelectionSetting: original, description: 'pizza sizes' }));
    assert.match(custom.slotTypeId!, /^[0-9A-Z]{10}$/);
    assert.deepEqual(custom.slotTypeValues, values('small', 'large'));
    const described = await env.models.send(new DescribeBotLocaleCommand(at));
    assert.equal(described.botLocaleStatus, 'NotBuilt');
    assert.equal(described.slotTypesCount, 1);
    await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Code', parentSlotTypeSignature: 'AMAZON.AlphaNumeric', valueSelectionSetting: { ...original, regexFilter: { pattern: '[A-Z]{3}[0-9]{2}' } } }));
    const grammar = await env.models.send(
      new CreateSlotTypeCommand({ ...at, slotTypeName: 'Account', externalSourceSetting: { grammarSlotTypeSetting: { source: { s3BucketName: 'grammars', s3ObjectKey: 'account.grxml' } } } }),
    );
    assert.deepEqual(grammar.externalSourceSetting, { grammarSlotTypeSetting: { source: { s3BucketName: 'grammars', s3ObjectKey: 'account.grxml' } } });
    await env.models.send(
      new CreateSlotTypeCommand({ ...at, slotTypeName: 'Car', compositeSlotTypeSetting: { subSlots: [{ name: 'Make', slotTypeId: custom.slotTypeId! }, { name: 'Year', slotTypeId: 'AMAZON.Number' }] } }),
    );
    const list = await env.models.send(new ListSlotTypesCommand(at));
    assert.deepEqual(
      list.slotTypeSummaries?.map((s) => [s.slotTypeName, s.slotTypeCategory, s.parentSlotTypeSignature]),
      [
        ['Account', 'ExternalGrammar', undefined],
        ['Car', 'Composite', undefined],
        ['Code', 'Extended', 'AMAZON.AlphaNumeric'],
        ['Size', 'Custom', undefined],
      ],
    );
    const filtered = await env.models.send(new ListSlotTypesCommand({ ...at, filters: [{ name: 'ExternalSourceType', operator: 'EQ', values: ['S3'] }] }));
    assert.deepEqual(filtered.slotTypeSummaries?.map((s) => s.slotTypeName), ['Account']);
    const byName = await env.models.send(new ListSlotTypesCommand({ ...at, filters: [{ name: 'SlotTypeName', operator: 'CO', values: ['c'] }], sortBy: { attribute: 'SlotTypeName', order: 'Descending' } }));
    assert.deepEqual(byName.slotTypeSummaries?.map((s) => s.slotTypeName), ['Code', 'Car', 'Account']);
    const first = await env.models.send(new ListSlotTypesCommand({ ...at, maxResults: 3 }));
    assert.equal(first.slotTypeSummaries?.length, 3);
    const second = await env.models.send(new ListSlotTypesCommand({ ...at, maxResults: 3, nextToken: first.nextToken }));
    assert.deepEqual(second.slotTypeSummaries?.map((s) => s.slotTypeName), ['Size']);
    assert.equal(second.nextToken, undefined);
  });

  it('refuses invalid slot types with AWS errors and changes nothing', async () => {
    const { botId } = await createReadyBot(env.models, 'BadTypesBot');
    const at = locale(botId!);
    const cases: [string, Partial<CreateSlotTypeCommandInput>, string, number, RegExp][] = [
      ['no values, grammar, composition or parent', {}, 'ValidationException', 400, /slotTypeValues/],
      ['values without a selection setting', { slotTypeValues: values('a') }, 'ValidationException', 400, /valueSelectionSetting/],
      ['values and a grammar', { slotTypeValues: values('a'), valueSelectionSetting: original, externalSourceSetting: { grammarSlotTypeSetting: { source: { s3BucketName: 'bucket', s3ObjectKey: 'k' } } } }, 'ValidationException', 400, /only one/],
      ['a parent other than AMAZON.AlphaNumeric', { parentSlotTypeSignature: 'AMAZON.City', valueSelectionSetting: original }, 'ValidationException', 400, /AMAZON\.AlphaNumeric/],
      ['a bad regular expression', { parentSlotTypeSignature: 'AMAZON.AlphaNumeric', valueSelectionSetting: { ...original, regexFilter: { pattern: '([' } } }, 'ValidationException', 400, /regular expression/],
      ['a duplicated value', { slotTypeValues: values('a', 'A'), valueSelectionSetting: original }, 'ValidationException', 400, /duplicated/],
      ['a composite of a missing type', { compositeSlotTypeSetting: { subSlots: [{ name: 'X', slotTypeId: 'NOSUCHTYPE' }] } }, 'ValidationException', 400, /does not exist/],
      ['a composite of a built-in not in the locale', { compositeSlotTypeSetting: { subSlots: [{ name: 'X', slotTypeId: 'AMAZON.UKPostalCode' }] } }, 'ValidationException', 400, /does not exist/],
      ['a selection strategy Lex does not have', { slotTypeValues: values('a'), valueSelectionSetting: { resolutionStrategy: 'Best' as never } }, 'ValidationException', 400, /resolutionStrategy/],
    ];
    for (const [what, extra, name, status, message] of cases) {
      await rejectsWith(env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Broken', ...extra })), name, status, message).catch((e) => assert.fail(`${what}: ${e.message}`));
    }
    await rejectsWith(env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Confirmation', slotTypeValues: values('a'), valueSelectionSetting: original })), 'ValidationException', 400, /reserved/);
    await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Once', slotTypeValues: values('a'), valueSelectionSetting: original }));
    await rejectsWith(env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Once', slotTypeValues: values('b'), valueSelectionSetting: original })), 'ConflictException', 409, /Once/);
    await rejectsWith(env.models.send(new CreateSlotTypeCommand({ ...at, localeId: 'fr_FR', slotTypeName: 'X', slotTypeValues: values('a'), valueSelectionSetting: original })), 'PreconditionFailedException', 412);
    await rejectsWith(env.models.send(new DescribeSlotTypeCommand({ ...at, slotTypeId: 'NOSUCHTYPE' })), 'ResourceNotFoundException', 404);
    const list = await env.models.send(new ListSlotTypesCommand(at));
    assert.deepEqual(list.slotTypeSummaries?.map((s) => s.slotTypeName), ['Once']);
  });

  it('updates a slot type (a PUT of all its settings) and refuses deleting it while a slot uses it', async () => {
    const { botId } = await createReadyBot(env.models, 'UseTypesBot');
    const at = locale(botId!);
    const type = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Crust', slotTypeValues: values('thin'), valueSelectionSetting: original }));
    await buildLocale(env.models, botId!);
    const updated = await env.models.send(new UpdateSlotTypeCommand({ ...at, slotTypeId: type.slotTypeId, slotTypeName: 'Crusts', slotTypeValues: values('thin', 'thick'), valueSelectionSetting: { resolutionStrategy: 'TopResolution' } }));
    assert.equal(updated.$metadata.httpStatusCode, 202);
    const described = await env.models.send(new DescribeSlotTypeCommand({ ...at, slotTypeId: type.slotTypeId }));
    assert.equal(described.slotTypeName, 'Crusts');
    assert.deepEqual(described.slotTypeValues, values('thin', 'thick'));
    assert.deepEqual(described.valueSelectionSetting, { resolutionStrategy: 'TopResolution' });
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at))).botLocaleStatus, 'NotBuilt');
    const intents = await env.models.send(new ListIntentsCommand(at));
    const intentId = intents.intentSummaries!.find((i) => i.intentName === 'OrderPizza')!.intentId!;
    await env.models.send(new CreateSlotCommand({ ...at, intentId, slotName: 'Crust', slotTypeId: type.slotTypeId, valueElicitationSetting: { slotConstraint: 'Required', promptSpecification: prompt } }));
    const composite = await env.models.send(new CreateSlotTypeCommand({ ...at, slotTypeName: 'Order', compositeSlotTypeSetting: { subSlots: [{ name: 'Kind', slotTypeId: type.slotTypeId! }] } }));
    await rejectsWith(env.models.send(new DeleteSlotTypeCommand({ ...at, slotTypeId: type.slotTypeId })), 'PreconditionFailedException', 412, /in use by slot Crust/);
    await rejectsWith(env.models.send(new DeleteSlotTypeCommand({ ...at, slotTypeId: 'NOSUCHTYPE' })), 'PreconditionFailedException', 412, 'Failed to retrieve resource since it does not exist');
    await env.models.send(new DeleteSlotTypeCommand({ ...at, slotTypeId: composite.slotTypeId }));
    await env.models.send(new DeleteSlotTypeCommand({ ...at, slotTypeId: type.slotTypeId, skipResourceInUseCheck: true }));
    await rejectsWith(env.models.send(new DescribeSlotTypeCommand({ ...at, slotTypeId: type.slotTypeId })), 'ResourceNotFoundException', 404);
    assert.deepEqual((await env.models.send(new ListSlotTypesCommand(at))).slotTypeSummaries, []);
    // The slot still names the deleted type: the build fails, saying why, and no version can be made of it.
    await env.models.send(new BuildBotLocaleCommand(at));
    const failed = await waitFor(() => env.models.send(new DescribeBotLocaleCommand(at)), (l) => l.botLocaleStatus !== 'Building');
    assert.equal(failed.botLocaleStatus, 'Failed');
    assert.deepEqual(failed.failureReasons, [`Slot Crust in intent OrderPizza uses the slot type ${type.slotTypeId}, which does not exist.`]);
    await rejectsWith(env.models.send(new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } })), 'PreconditionFailedException', 412, /Failed/);
    const slots = await env.models.send(new ListSlotsCommand({ ...at, intentId }));
    await env.models.send(new DeleteSlotCommand({ ...at, intentId, slotId: slots.slotSummaries![0].slotId }));
    await buildLocale(env.models, botId!);
    assert.deepEqual((await env.models.send(new DescribeBotLocaleCommand(at))).failureReasons, []);
  });

  it('lists the built-in intents and slot types of a locale from the catalog, 20 a page, sorted', async () => {
    const intents = await env.models.send(new ListBuiltInIntentsCommand({ localeId: 'en_US' }));
    const signatures = intents.builtInIntentSummaries?.map((i) => i.intentSignature);
    assert.ok(signatures?.includes('AMAZON.FallbackIntent') && signatures.includes('AMAZON.KendraSearchIntent') && signatures.includes('AMAZON.HelpIntent'));
    assert.deepEqual(signatures, [...signatures!].sort());
    const french = await env.models.send(new ListBuiltInIntentsCommand({ localeId: 'fr_FR', sortBy: { attribute: 'IntentSignature', order: 'Descending' } }));
    const frenchSignatures = french.builtInIntentSummaries!.map((i) => i.intentSignature!);
    assert.ok(!frenchSignatures.includes('AMAZON.KendraSearchIntent'), 'Kendra search is offered in English only');
    assert.deepEqual(frenchSignatures, [...frenchSignatures].sort().reverse());
    const slots = await env.models.send(new ListBuiltInSlotTypesCommand({ localeId: 'en_GB' }));
    assert.equal(slots.builtInSlotTypeSummaries?.length, 18);
    assert.ok(slots.nextToken === undefined);
    assert.ok(slots.builtInSlotTypeSummaries?.some((s) => s.slotTypeSignature === 'AMAZON.UKPostalCode'));
    const us = await env.models.send(new ListBuiltInSlotTypesCommand({ localeId: 'en_US' }));
    assert.ok(!us.builtInSlotTypeSummaries?.some((s) => s.slotTypeSignature === 'AMAZON.UKPostalCode'));
    assert.ok(us.builtInSlotTypeSummaries?.every((s) => s.description && s.slotTypeSignature?.startsWith('AMAZON.')));
    await rejectsWith(env.models.send(new ListBuiltInSlotTypesCommand({ localeId: 'xx_XX' })), 'ValidationException', 400, /xx_XX/);
    await rejectsWith(env.models.send(new ListBuiltInSlotTypesCommand({ localeId: 'en_US', maxResults: 5 })), 'ValidationException', 400, /maxResults/);
  });

});
