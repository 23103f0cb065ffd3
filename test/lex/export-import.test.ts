// Lex V2 exports and imports in Lex's own archive format (LexJson), through the SDK, the download and upload
// URLs this server hands out (plain HTTP, no SigV4) and the AWS CLI: a bot with two locales, slot types, slots
// and a custom vocabulary exported, deleted and imported back describes the same; AWS's documented example
// archive (test/fixtures/lex-export/) imports; bad archives fail with failureReasons and leave nothing; the
// URLs expire and refuse a wrong signature; the merge strategies; paging, filters and sorting; errors.
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  BatchCreateCustomVocabularyItemCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateExportCommand,
  CreateIntentCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  CreateUploadUrlCommand,
  DeleteCustomVocabularyCommand,
  DeleteBotCommand,
  DeleteExportCommand,
  DeleteImportCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  LexModelsV2Client,
  ListBotLocalesCommand,
  ListBotsCommand,
  ListCustomVocabularyItemsCommand,
  ListExportsCommand,
  ListImportsCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  StartImportCommand,
  UpdateExportCommand,
  UpdateIntentCommand,
  type ImportResourceSpecification,
  type MergeStrategy,
} from '@aws-sdk/client-lex-models-v2';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { awsCli, awsCliJson } from '../support/aws-cli.js';
import { waitFor } from '../support/wait.js';
import { ACCOUNT, botInput, closing, createBot, rejectsWith, useLexEnv } from './support.js';

const DRAFT = 'DRAFT';
const FIXTURE = join(import.meta.dirname, '../fixtures/lex-export/OrderFlowers');

/** A folder's files as a zip, paths relative to it (as a user zips an unpacked archive). */
function zipFolder(folder: string): Uint8Array {
  const files: Zippable = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path)] = new Uint8Array(readFileSync(path));
    }
  };
  walk(folder);
  return zipSync(files);
}
const zipOf = (files: Record<string, unknown>): Uint8Array => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(typeof v === 'string' ? v : JSON.stringify(v))])));
const manifest = (resourceType: string) => ({ metadata: { schemaVersion: '1.0', fileFormat: 'LexJson', resourceType } });

/** Every member but ids, times and statuses; ids of slots and slot types replaced by their names. */
function definition(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => definition(v, names));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const dropped = new Set(['$metadata', 'botId', 'intentId', 'slotId', 'creationDateTime', 'lastUpdatedDateTime', 'lastBuildSubmittedDateTime', 'botStatus', 'botLocaleStatus', 'itemId']);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !dropped.has(k))
      .map(([k, v]) => [k, k === 'slotTypeId' && typeof v === 'string' ? (names.get(v) ?? v) : definition(v, names)]),
  );
}

describe('Lex V2 exports and imports (LexJson archives)', () => {
  const env = useLexEnv();
  const at = (botId: string, localeId = 'en_US') => ({ botId, botVersion: DRAFT, localeId });

  /** A bot with two locales: slot types (custom with synonyms, extended AlphaNumeric), an intent with two slots and priorities, an updated FallbackIntent, a custom vocabulary. */
  async function richBot(name: string) {
    const models = env.models;
    const bot = await createBot(models, name, { description: 'pizza and more' });
    const botId = bot.botId!;
    await models.send(new CreateBotLocaleCommand({ ...at(botId), nluIntentConfidenceThreshold: 0.55, voiceSettings: { voiceId: 'Joanna', engine: 'neural' }, description: 'US' }));
    await models.send(new CreateBotLocaleCommand({ ...at(botId, 'en_GB'), nluIntentConfidenceThreshold: 0.4 }));
    const size = await models.send(
      new CreateSlotTypeCommand({ ...at(botId), slotTypeName: 'Size', description: 'pizza sizes', slotTypeValues: [{ sampleValue: { value: 'small' } }, { sampleValue: { value: 'large' }, synonyms: [{ value: 'big' }] }], valueSelectionSetting: { resolutionStrategy: 'TopResolution' } }),
    );
    await models.send(new CreateSlotTypeCommand({ ...at(botId), slotTypeName: 'OrderCode', parentSlotTypeSignature: 'AMAZON.AlphaNumeric', valueSelectionSetting: { resolutionStrategy: 'OriginalValue', regexFilter: { pattern: '[A-Z]{2}[0-9]{4}' } } }));
    const order = await models.send(new CreateIntentCommand({ ...at(botId), intentName: 'OrderPizza', sampleUtterances: [{ utterance: 'order a {Size} pizza' }, { utterance: '{Count} pizzas please' }], intentClosingSetting: closing('On its way.') }));
    const prompt = (text: string) => ({ slotConstraint: 'Required' as const, promptSpecification: { maxRetries: 1, messageGroups: [{ message: { plainTextMessage: { value: text } } }] } });
    const sizeSlot = await models.send(new CreateSlotCommand({ ...at(botId), intentId: order.intentId, slotName: 'Size', slotTypeId: size.slotTypeId, valueElicitationSetting: prompt('What size?'), description: 'the size' }));
    const countSlot = await models.send(new CreateSlotCommand({ ...at(botId), intentId: order.intentId, slotName: 'Count', slotTypeId: 'AMAZON.Number', valueElicitationSetting: prompt('How many?') }));
    await models.send(
      new UpdateIntentCommand({
        ...at(botId),
        intentId: order.intentId,
        intentName: 'OrderPizza',
        sampleUtterances: [{ utterance: 'order a {Size} pizza' }, { utterance: '{Count} pizzas please' }],
        intentClosingSetting: closing('On its way.'),
        slotPriorities: [{ priority: 1, slotId: countSlot.slotId }, { priority: 2, slotId: sizeSlot.slotId }],
      }),
    );
    await models.send(new UpdateIntentCommand({ ...at(botId), intentId: 'FALLBCKINT', intentName: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent', intentClosingSetting: closing('Sorry?') }));
    await models.send(new CreateIntentCommand({ ...at(botId, 'en_GB'), intentName: 'Hello', sampleUtterances: [{ utterance: 'hello' }] }));
    await models.send(new BatchCreateCustomVocabularyItemCommand({ ...at(botId, 'en_GB'), customVocabularyItemList: [{ phrase: 'margherita', weight: 2 }, { phrase: 'calzone', displayAs: 'Calzone' }] }));
    return { botId, roleArn: bot.roleArn! };
  }

  /** All a bot's definition, as Describe* answer it, by names. */
  async function snapshot(botId: string) {
    const models = env.models;
    const { roleArn: _r, ...bot } = (await models.send(new DescribeBotCommand({ botId }))) as unknown as Record<string, unknown>;
    const locales: Record<string, unknown> = {};
    for (const { localeId } of (await models.send(new ListBotLocalesCommand({ botId, botVersion: DRAFT }))).botLocaleSummaries!) {
      const key = at(botId, localeId);
      const types = (await models.send(new ListSlotTypesCommand(key))).slotTypeSummaries ?? [];
      const names = new Map(types.map((t) => [t.slotTypeId!, t.slotTypeName!]));
      const slotTypes: Record<string, unknown> = {};
      for (const t of types) slotTypes[t.slotTypeName!] = definition(await models.send(new DescribeSlotTypeCommand({ ...key, slotTypeId: t.slotTypeId })), names);
      const intents: Record<string, unknown> = {};
      for (const i of (await models.send(new ListIntentsCommand(key))).intentSummaries!) {
        const slots = (await models.send(new ListSlotsCommand({ ...key, intentId: i.intentId }))).slotSummaries ?? [];
        for (const s of slots) names.set(s.slotId!, s.slotName!);
        const described = (await models.send(new DescribeIntentCommand({ ...key, intentId: i.intentId }))) as unknown as Record<string, unknown> & { slotPriorities?: { priority: number; slotId: string }[] };
        const slotDefs: Record<string, unknown> = {};
        for (const s of slots) slotDefs[s.slotName!] = definition(await models.send(new DescribeSlotCommand({ ...key, intentId: i.intentId, slotId: s.slotId })), names);
        intents[i.intentName!] = { ...(definition(described, names) as object), slotPriorities: described.slotPriorities?.map((p) => [p.priority, names.get(p.slotId)]), slots: slotDefs };
      }
      // Items added in one batch share their time: compared by phrase.
      const vocabulary = await models.send(new ListCustomVocabularyItemsCommand(key)).then((v) => definition([...(v.customVocabularyItems ?? [])].sort((a, b) => a.phrase!.localeCompare(b.phrase!)), names), (e: Error) => e.name);
      locales[localeId!] = { locale: definition(await models.send(new DescribeBotLocaleCommand(key)), names), intents, slotTypes, vocabulary };
    }
    return { bot: definition(bot, new Map()), locales };
  }

  async function exported(resourceSpecification: Record<string, unknown>) {
    const created = await env.models.send(new CreateExportCommand({ resourceSpecification, fileFormat: 'LexJson' }));
    assert.equal(created.exportStatus, 'InProgress');
    const done = await waitFor(() => env.models.send(new DescribeExportCommand({ exportId: created.exportId })), (e) => e.exportStatus !== 'InProgress');
    assert.equal(done.exportStatus, 'Completed');
    const download = await fetch(done.downloadUrl!);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/zip');
    return { exportId: created.exportId!, url: done.downloadUrl!, zip: new Uint8Array(await download.arrayBuffer()), disposition: download.headers.get('content-disposition') };
  }

  async function uploaded(zip: Uint8Array) {
    const { importId, uploadUrl } = await env.models.send(new CreateUploadUrlCommand({}));
    const put = await fetch(uploadUrl!, { method: 'PUT', body: zip });
    assert.equal(put.status, 200);
    return importId!;
  }

  async function imported(zip: Uint8Array, resourceSpecification: ImportResourceSpecification, mergeStrategy: MergeStrategy = 'FailOnConflict') {
    const importId = await uploaded(zip);
    const started = await env.models.send(new StartImportCommand({ importId, resourceSpecification, mergeStrategy }));
    assert.equal(started.importStatus, 'InProgress');
    return waitFor(() => env.models.send(new DescribeImportCommand({ importId })), (i) => i.importStatus !== 'InProgress');
  }

  it('round trip: a bot exported, deleted and imported back describes the same (locales, intents, slots, slot types, vocabulary)', async () => {
    const { botId, roleArn } = await richBot('RoundTrip');
    const before = await snapshot(botId);
    const { zip, disposition } = await exported({ botExportSpecification: { botId, botVersion: DRAFT } });
    assert.match(disposition!, /RoundTrip_DRAFT_[0-9A-Z]{10}_LexJson\.zip/);
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files).sort(), [
      'Manifest.json',
      'RoundTrip/Bot.json',
      'RoundTrip/BotLocales/en_GB/BotLocale.json',
      'RoundTrip/BotLocales/en_GB/CustomVocabulary/CustomVocabulary.json',
      'RoundTrip/BotLocales/en_GB/Intents/FallbackIntent/Intent.json',
      'RoundTrip/BotLocales/en_GB/Intents/Hello/Intent.json',
      'RoundTrip/BotLocales/en_US/BotLocale.json',
      'RoundTrip/BotLocales/en_US/Intents/FallbackIntent/Intent.json',
      'RoundTrip/BotLocales/en_US/Intents/OrderPizza/Intent.json',
      'RoundTrip/BotLocales/en_US/Intents/OrderPizza/Slots/Count/Slot.json',
      'RoundTrip/BotLocales/en_US/Intents/OrderPizza/Slots/Size/Slot.json',
      'RoundTrip/BotLocales/en_US/SlotTypes/OrderCode/SlotType.json',
      'RoundTrip/BotLocales/en_US/SlotTypes/Size/SlotType.json',
    ]);
    const read = (path: string) => JSON.parse(strFromU8(files[path]));
    assert.deepEqual(read('Manifest.json'), manifest('Bot'));
    assert.deepEqual(read('RoundTrip/Bot.json'), { name: 'RoundTrip', identifier: botId, version: DRAFT, description: 'pizza and more', dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 300 });
    const locale = read('RoundTrip/BotLocales/en_US/BotLocale.json');
    assert.deepEqual([locale.identifier, locale.name, locale.nluConfidenceThreshold, locale.voiceSettings], ['en_US', 'English (US)', 0.55, { voiceId: 'Joanna', engine: 'neural' }]);
    assert.deepEqual(read('RoundTrip/BotLocales/en_US/Intents/OrderPizza/Intent.json').slotPriorities, [{ priority: 1, slotName: 'Count' }, { priority: 2, slotName: 'Size' }]);
    assert.equal(read('RoundTrip/BotLocales/en_US/Intents/OrderPizza/Slots/Size/Slot.json').slotTypeName, 'Size');
    assert.equal(read('RoundTrip/BotLocales/en_US/Intents/OrderPizza/Slots/Count/Slot.json').slotTypeName, 'AMAZON.Number');
    const items = read('RoundTrip/BotLocales/en_GB/CustomVocabulary/CustomVocabulary.json').customVocabularyItems as { phrase: string }[];
    assert.deepEqual(items.sort((a, b) => a.phrase.localeCompare(b.phrase)), [{ phrase: 'calzone', displayAs: 'Calzone' }, { phrase: 'margherita', weight: 2 }]);

    await env.models.send(new DeleteBotCommand({ botId, skipResourceInUseCheck: true }));
    const done = await imported(zip, { botImportSpecification: { botName: 'RoundTrip', roleArn, dataPrivacy: { childDirected: false } } });
    assert.deepEqual([done.importStatus, done.failureReasons, done.importedResourceName, done.mergeStrategy], ['Completed', [], 'RoundTrip', 'FailOnConflict']);
    assert.notEqual(done.importedResourceId, botId);
    assert.deepEqual(await snapshot(done.importedResourceId!), before);
  });

  it("imports AWS's documented example archive (OrderFlowers): its slot type, slots by name, priorities, the FallbackIntent and the vocabulary", async () => {
    const roleArn = (await createBot(env.models, 'RoleDonor')).roleArn!;
    const done = await imported(zipFolder(FIXTURE), { botImportSpecification: { botName: 'OrderFlowers', roleArn, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 600, botTags: { team: 'flowers' } } });
    assert.deepEqual([done.importStatus, done.failureReasons], ['Completed', []]);
    const botId = done.importedResourceId!;
    const bot = await env.models.send(new DescribeBotCommand({ botId }));
    assert.deepEqual([bot.botName, bot.description, bot.idleSessionTTLInSeconds, bot.roleArn], ['OrderFlowers', 'Orders flowers for pickup', 600, roleArn]);
    const locale = await env.models.send(new DescribeBotLocaleCommand(at(botId)));
    assert.deepEqual([locale.nluIntentConfidenceThreshold, locale.voiceSettings?.voiceId, locale.description, locale.intentsCount, locale.slotTypesCount], [0.4, 'Ivy', 'The flower shop in US English', 2, 1]);
    const intents = (await env.models.send(new ListIntentsCommand(at(botId)))).intentSummaries!;
    const order = intents.find((i) => i.intentName === 'OrderFlowers')!;
    const described = await env.models.send(new DescribeIntentCommand({ ...at(botId), intentId: order.intentId }));
    const slots = (await env.models.send(new ListSlotsCommand({ ...at(botId), intentId: order.intentId }))).slotSummaries!;
    const slotName = new Map(slots.map((s) => [s.slotId!, s.slotName!]));
    assert.deepEqual(described.slotPriorities?.map((p) => [p.priority, slotName.get(p.slotId!)]), [[1, 'FlowerType'], [2, 'PickupDate']]);
    assert.deepEqual(described.sampleUtterances?.map((u) => u.utterance), ['I would like to pick up flowers', 'I would like to order some flowers', 'I want {FlowerType} for {PickupDate}']);
    const types = (await env.models.send(new ListSlotTypesCommand(at(botId)))).slotTypeSummaries!;
    const flowerType = slots.find((s) => s.slotName === 'FlowerType')!;
    assert.equal(flowerType.slotTypeId, types.find((t) => t.slotTypeName === 'FlowerTypes')!.slotTypeId);
    assert.equal(slots.find((s) => s.slotName === 'PickupDate')!.slotTypeId, 'AMAZON.Date');
    const vocabulary = await env.models.send(new ListCustomVocabularyItemsCommand(at(botId)));
    assert.deepEqual(vocabulary.customVocabularyItems?.map((i) => [i.phrase, i.weight, i.displayAs]).sort(), [['alstroemeria', 2, 'Alstroemeria'], ['ranunculus', 3, undefined]]);
    const listed = await env.models.send(new ListBotsCommand({ filters: [{ name: 'BotName', values: ['OrderFlowers'], operator: 'EQ' }] }));
    assert.equal(listed.botSummaries?.length, 1);
  });

  // Each archive is wrong in one way; the import fails with that reason and no bot is made.
  const roleOf = async () => (await createBot(env.models, `Donor${Math.floor(Math.random() * 1e6)}`)).roleArn!;
  const good = () => Object.fromEntries(Object.entries(unzipSync(zipFolder(FIXTURE))).map(([k, v]) => [k, JSON.parse(strFromU8(v))]));
  const without = (files: Record<string, unknown>, path: string) => Object.fromEntries(Object.entries(files).filter(([k]) => k !== path));
  const L = 'OrderFlowers/BotLocales/en_US';
  const failures: [string, () => Uint8Array, RegExp][] = [
    ['not a zip', () => strToU8('hello'), /^The import file is not a valid \.zip archive\.$/],
    ['no manifest', () => zipOf(without(good(), 'Manifest.json')), /has no Manifest\.json/],
    ['a locale archive', () => zipOf({ ...good(), 'Manifest.json': manifest('BotLocale') }), /holds a "BotLocale" resource; this import's resourceSpecification imports a Bot/],
    ['another format', () => zipOf({ ...good(), 'Manifest.json': { metadata: { schemaVersion: '1.0', fileFormat: 'TSV', resourceType: 'Bot' } } }), /fileFormat must be "LexJson"/],
    ['a file that is not JSON', () => zipOf({ ...good(), [`${L}/BotLocale.json`]: '{nope' }), /BotLocale\.json: the file is not valid JSON/],
    ['no Bot.json', () => zipOf(without(good(), 'OrderFlowers/Bot.json')), /exactly one <BotName>\/Bot\.json; it holds 0/],
    ['a slot of a type the archive lacks', () => zipOf(without(good(), `${L}/SlotTypes/FlowerTypes/SlotType.json`)), /Slot\.json: the slot type FlowerTypes is neither a slot type of the archive's locale nor a built-in/],
    ['a priority of a slot the intent lacks', () => zipOf(without(good(), `${L}/Intents/OrderFlowers/Slots/PickupDate/Slot.json`)), /slotPriorities names the slot PickupDate/],
    ['a member of the wrong type', () => zipOf({ ...good(), [`${L}/Intents/OrderFlowers/Intent.json`]: { ...good()[`${L}/Intents/OrderFlowers/Intent.json`] as object, sampleUtterances: 'hi' } }), /Intent\.json: Unexpected value type/],
    ['a value the model refuses', () => zipOf({ ...good(), [`${L}/BotLocale.json`]: { identifier: 'en_US', nluConfidenceThreshold: 7 } }), /BotLocale\.json: 1 validation error detected: .*nluIntentConfidenceThreshold/],
    ['an unknown built-in', () => zipOf({ ...good(), [`${L}/Intents/OrderFlowers/Slots/PickupDate/Slot.json`]: { ...good()[`${L}/Intents/OrderFlowers/Slots/PickupDate/Slot.json`] as object, slotTypeName: 'AMAZON.Nothing' } }), /AMAZON\.Nothing/],
  ];
  for (const [what, archive, reason] of failures) {
    it(`an archive with ${what} fails the import with its reason, and makes nothing`, async () => {
      const roleArn = await roleOf();
      const botName = `Broken${what.replace(/[^a-zA-Z]/g, '')}`;
      const done = await imported(archive(), { botImportSpecification: { botName, roleArn, dataPrivacy: { childDirected: false } } });
      assert.equal(done.importStatus, 'Failed');
      assert.ok(done.failureReasons!.some((r) => reason.test(r)), JSON.stringify(done.failureReasons));
      assert.equal(done.importedResourceId, undefined);
      const bots = await env.models.send(new ListBotsCommand({ filters: [{ name: 'BotName', values: [botName], operator: 'EQ' }] }));
      assert.deepEqual(bots.botSummaries, []);
    });
  }

  it('merge strategies: FailOnConflict fails on an existing bot, Overwrite replaces its DRAFT; a locale and a vocabulary import; Append only for vocabularies', async () => {
    const roleArn = await roleOf();
    const zip = zipFolder(FIXTURE);
    const spec = { botImportSpecification: { botName: 'Merged', roleArn, dataPrivacy: { childDirected: false } } };
    const first = await imported(zip, spec);
    const botId = first.importedResourceId!;
    const conflict = await imported(zip, spec);
    assert.deepEqual([conflict.importStatus, conflict.failureReasons], ['Failed', ["A bot with the name 'Merged' already exists in this account and region; import with the Overwrite merge strategy to replace it."]]);
    await env.models.send(new CreateBotLocaleCommand({ ...at(botId, 'en_GB'), nluIntentConfidenceThreshold: 0.3 }));
    const overwritten = await imported(zip, spec, 'Overwrite');
    assert.deepEqual([overwritten.importStatus, overwritten.importedResourceId], ['Completed', botId]);
    const locales = (await env.models.send(new ListBotLocalesCommand({ botId, botVersion: DRAFT }))).botLocaleSummaries!.map((l) => l.localeId);
    assert.deepEqual(locales, ['en_US'], 'Overwrite replaces the DRAFT with the archive');

    // The locale alone, exported and imported into another bot under another locale id, with a new threshold.
    const { zip: localeZip } = await exported({ botLocaleExportSpecification: { ...at(botId) } });
    assert.deepEqual(JSON.parse(strFromU8(unzipSync(localeZip)['Manifest.json'])), manifest('BotLocale'));
    assert.equal(unzipSync(localeZip)['Merged/Bot.json'], undefined);
    const other = (await createBot(env.models, 'LocaleTarget')).botId!;
    const toLocale = { botLocaleImportSpecification: { botId: other, botVersion: DRAFT, localeId: 'en_GB', nluIntentConfidenceThreshold: 0.7 } };
    const localeDone = await imported(localeZip, toLocale);
    assert.deepEqual([localeDone.importStatus, localeDone.importedResourceId], ['Completed', 'en_GB']);
    assert.equal((await env.models.send(new DescribeBotLocaleCommand(at(other, 'en_GB')))).nluIntentConfidenceThreshold, 0.7);
    assert.equal((await imported(localeZip, toLocale)).importStatus, 'Failed');
    assert.equal((await imported(localeZip, toLocale, 'Overwrite')).importStatus, 'Completed');

    // The vocabulary: FailOnConflict on an existing one, Append adds only new phrases, Overwrite replaces.
    const { zip: vocabularyZip } = await exported({ customVocabularyExportSpecification: { ...at(botId) } });
    assert.deepEqual(Object.keys(unzipSync(vocabularyZip)).sort(), ['Manifest.json', 'Merged/BotLocales/en_US/CustomVocabulary/CustomVocabulary.json']);
    const vocabularyAt = { customVocabularyImportSpecification: at(other, 'en_GB') };
    // The locale import brought the archive's vocabulary: start again from another one.
    await env.models.send(new DeleteCustomVocabularyCommand(at(other, 'en_GB')));
    await env.models.send(new BatchCreateCustomVocabularyItemCommand({ ...at(other, 'en_GB'), customVocabularyItemList: [{ phrase: 'peony' }, { phrase: 'ranunculus', weight: 1 }] }));
    assert.equal((await imported(vocabularyZip, vocabularyAt)).importStatus, 'Failed');
    assert.equal((await imported(vocabularyZip, vocabularyAt, 'Append')).importStatus, 'Completed');
    const phrases = async () => (await env.models.send(new ListCustomVocabularyItemsCommand(at(other, 'en_GB')))).customVocabularyItems!.map((i) => [i.phrase, i.weight]).sort();
    assert.deepEqual(await phrases(), [['alstroemeria', 2], ['peony', undefined], ['ranunculus', 1]]);
    assert.equal((await imported(vocabularyZip, vocabularyAt, 'Overwrite')).importStatus, 'Completed');
    assert.deepEqual(await phrases(), [['alstroemeria', 2], ['ranunculus', 3]]);
    await rejectsWith(
      env.models.send(new StartImportCommand({ importId: await uploaded(zip), resourceSpecification: spec, mergeStrategy: 'Append' })),
      'ValidationException',
      400,
      'The Append merge strategy can only be used to import a custom vocabulary.',
    );
  });

  it('the URLs: signed, for one resource and method, expiring after 5 minutes, with S3-shaped refusals', async () => {
    const { botId } = await richBot('Urls');
    const { url, exportId } = await exported({ botExportSpecification: { botId, botVersion: DRAFT } });
    const s3 = async (answer: Response) => [answer.status, /<Code>(\w+)<\/Code>/.exec(await answer.text())?.[1]];
    const tampered = url.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`);
    assert.deepEqual(await s3(await fetch(tampered)), [403, 'SignatureDoesNotMatch']);
    assert.deepEqual(await s3(await fetch(url.replace(exportId, 'ZZZZZZZZZZ'))), [404, 'NoSuchKey']);
    assert.deepEqual(await s3(await fetch(url.split('?')[0])), [403, 'AccessDenied']);
    assert.deepEqual(await s3(await fetch(url, { method: 'PUT', body: 'x' })), [405, 'MethodNotAllowed']);
    const { importId, uploadUrl } = await env.models.send(new CreateUploadUrlCommand({}));
    assert.match(uploadUrl!, new RegExp(`^${env.server.url}/lexv2-transfers/imports/${importId}\\?`));
    assert.deepEqual(await s3(await fetch(uploadUrl!.replace(importId!, 'ZZZZZZZZZZ'), { method: 'PUT', body: 'x' })), [404, 'NoSuchKey']);
    env.advance(5 * 60 * 1000 + 1000);
    assert.deepEqual(await s3(await fetch(url)), [403, 'AccessDenied']);
    assert.deepEqual(await s3(await fetch(uploadUrl!, { method: 'PUT', body: 'x' })), [403, 'AccessDenied']);
    // A fresh DescribeExport hands out a fresh URL.
    const again = await env.models.send(new DescribeExportCommand({ exportId }));
    assert.equal((await fetch(again.downloadUrl!)).status, 200);
    await env.models.send(new DeleteExportCommand({ exportId }));
    assert.deepEqual(await s3(await fetch(again.downloadUrl!)), [404, 'NoSuchKey']);
  });

  it('errors: passwords, test sets, other formats, missing bots, versions, locales and vocabularies, imports not uploaded, started twice, unknown', async () => {
    const { botId } = await richBot('Errors');
    const bot = { botExportSpecification: { botId, botVersion: DRAFT } };
    const exportOf = (resourceSpecification: Record<string, unknown>, more: Record<string, unknown> = {}) => env.models.send(new CreateExportCommand({ resourceSpecification, fileFormat: 'LexJson', ...more }));
    await rejectsWith(exportOf(bot, { filePassword: 'secret' }), 'ValidationException', 400, /filePassword is not supported/);
    await rejectsWith(exportOf({ testSetExportSpecification: { testSetId: 'TESTSET001' } }, { fileFormat: 'CSV' }), 'ResourceNotFoundException', 404, 'The test set TESTSET001 does not exist.');
    await rejectsWith(exportOf(bot, { fileFormat: 'TSV' }), 'ValidationException', 400, /The file format TSV is not supported/);
    await rejectsWith(exportOf({ ...bot, botLocaleExportSpecification: { ...at(botId) } }), 'ValidationException', 400, /exactly one resource specification; it contains 2/);
    await rejectsWith(exportOf({ botExportSpecification: { botId: 'NOSUCHBOT0', botVersion: DRAFT } }), 'ResourceNotFoundException', 404);
    await rejectsWith(exportOf({ botExportSpecification: { botId, botVersion: '7' } }), 'ResourceNotFoundException', 404);
    await rejectsWith(exportOf({ botLocaleExportSpecification: { ...at(botId, 'fr_FR') } }), 'ResourceNotFoundException', 404);
    await rejectsWith(exportOf({ customVocabularyExportSpecification: { ...at(botId) } }), 'ResourceNotFoundException', 404, /has no custom vocabulary/);
    await rejectsWith(env.models.send(new DescribeExportCommand({ exportId: 'NOSUCHEXP0' })), 'ResourceNotFoundException', 404);
    await rejectsWith(env.models.send(new DeleteExportCommand({ exportId: 'NOSUCHEXP0' })), 'PreconditionFailedException', 412);
    const { exportId } = await exportOf(bot);
    await rejectsWith(env.models.send(new UpdateExportCommand({ exportId, filePassword: 'secret' })), 'ValidationException', 400, /filePassword is not supported/);

    const spec = { botImportSpecification: { botName: 'ErrorsCopy', roleArn: (await env.models.send(new DescribeBotCommand({ botId }))).roleArn!, dataPrivacy: { childDirected: false } } };
    const start = (importId: string, more: Record<string, unknown> = {}) => env.models.send(new StartImportCommand({ importId, resourceSpecification: spec, mergeStrategy: 'FailOnConflict', ...more }));
    await rejectsWith(start('NOSUCHIMP0'), 'ResourceNotFoundException', 404);
    const { importId: empty } = await env.models.send(new CreateUploadUrlCommand({}));
    await rejectsWith(start(empty!), 'ValidationException', 400, /No file has been uploaded/);
    await rejectsWith(env.models.send(new DescribeImportCommand({ importId: empty })), 'ResourceNotFoundException', 404, /has not been started|does not exist/);
    const ready = await uploaded(zipFolder(FIXTURE));
    await rejectsWith(start(ready, { filePassword: 'secret' }), 'ValidationException', 400, /filePassword is not supported/);
    await rejectsWith(start(ready, { resourceSpecification: { botLocaleImportSpecification: at('NOSUCHBOT0') } }), 'ResourceNotFoundException', 404);
    await start(ready);
    await rejectsWith(start(ready), 'ConflictException', 409, `The import ${ready} has already been started.`);
    await waitFor(() => env.models.send(new DescribeImportCommand({ importId: ready })), (i) => i.importStatus !== 'InProgress');
    await rejectsWith(env.models.send(new DeleteImportCommand({ importId: 'NOSUCHIMP0' })), 'PreconditionFailedException', 412);
    assert.equal((await env.models.send(new DeleteImportCommand({ importId: ready }))).importStatus, 'Deleting');
    await rejectsWith(env.models.send(new DescribeImportCommand({ importId: ready })), 'ResourceNotFoundException', 404);
  });

  it('ListExports and ListImports: by bot and locale, the resource type filter, sorted by LastUpdatedDateTime, paged', async () => {
    const { botId } = await richBot('Listed');
    const made: string[] = [];
    for (const spec of [{ botExportSpecification: { botId, botVersion: DRAFT } }, { botLocaleExportSpecification: at(botId) }, { botLocaleExportSpecification: at(botId, 'en_GB') }, { customVocabularyExportSpecification: at(botId, 'en_GB') }]) {
      made.push((await exported(spec)).exportId);
      env.advance(1000);
    }
    const list = (input: Record<string, unknown>) => env.models.send(new ListExportsCommand({ botId, ...input }));
    assert.deepEqual((await list({ sortBy: { attribute: 'LastUpdatedDateTime', order: 'Ascending' } })).exportSummaries!.map((e) => e.exportId), made);
    assert.deepEqual((await list({ sortBy: { attribute: 'LastUpdatedDateTime', order: 'Descending' } })).exportSummaries!.map((e) => e.exportId), [...made].reverse());
    assert.deepEqual((await list({ filters: [{ name: 'ExportResourceType', values: ['BotLocale'], operator: 'EQ' }] })).exportSummaries!.map((e) => e.exportId).sort(), [made[1], made[2]].sort());
    assert.deepEqual((await list({ localeId: 'en_GB' })).exportSummaries!.map((e) => e.exportId).sort(), [made[2], made[3]].sort());
    const first = await list({ maxResults: 3, sortBy: { attribute: 'LastUpdatedDateTime', order: 'Ascending' } });
    assert.equal(first.exportSummaries!.length, 3);
    const second = await list({ maxResults: 3, nextToken: first.nextToken, sortBy: { attribute: 'LastUpdatedDateTime', order: 'Ascending' } });
    assert.deepEqual(second.exportSummaries!.map((e) => e.exportId), [made[3]]);
    assert.equal(second.nextToken, undefined);
    await rejectsWith(env.models.send(new ListExportsCommand({ localeId: 'en_US' })), 'ValidationException', 400, 'A localeId can only be given with a botId.');

    const roleArn = await roleOf();
    const a = await imported(zipFolder(FIXTURE), { botImportSpecification: { botName: 'ListedCopy', roleArn, dataPrivacy: { childDirected: false } } });
    env.advance(1000);
    const { zip } = await exported({ customVocabularyExportSpecification: at(botId, 'en_GB') });
    const b = await imported(zip, { customVocabularyImportSpecification: at(botId, 'en_GB') }, 'Overwrite');
    const imports = await env.models.send(new ListImportsCommand({ sortBy: { attribute: 'LastUpdatedDateTime', order: 'Descending' } }));
    const mine = imports.importSummaries!.filter((i) => i.importId === a.importId || i.importId === b.importId);
    assert.deepEqual(mine.map((i) => [i.importId, i.importedResourceType, i.importStatus]), [[b.importId, 'CustomVocabulary', 'Completed'], [a.importId, 'Bot', 'Completed']]);
    const vocabularies = await env.models.send(new ListImportsCommand({ filters: [{ name: 'ImportResourceType', values: ['CustomVocabulary'], operator: 'EQ' }] }));
    assert.ok(vocabularies.importSummaries!.every((i) => i.importedResourceType === 'CustomVocabulary'));
    assert.deepEqual((await env.models.send(new ListImportsCommand({ botId: a.importedResourceId }))).importSummaries!.map((i) => i.importId), [a.importId]);
  });

  it("StartImport of a bot needs iam:PassRole of its role, as CreateBot does; the import's lex:StartImport is on the bot it makes", async () => {
    const roleArn = await roleOf();
    await env.iam.send(new CreateUserCommand({ UserName: 'importer' }));
    const { AccessKey } = await env.iam.send(new CreateAccessKeyCommand({ UserName: 'importer' }));
    const policy = (statements: object[]) => env.iam.send(new PutUserPolicyCommand({ UserName: 'importer', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const importer = env.client(LexModelsV2Client, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const importId = await uploaded(zipFolder(FIXTURE));
    const start = () => importer.send(new StartImportCommand({ importId, mergeStrategy: 'FailOnConflict', resourceSpecification: { botImportSpecification: { botName: 'Passed', roleArn, dataPrivacy: { childDirected: false } } } }));
    await policy([{ Effect: 'Allow', Action: 'lex:*', Resource: '*' }]);
    await rejectsWith(start(), 'AccessDeniedException', 403, /iam:PassRole/);
    await policy([{ Effect: 'Allow', Action: 'lex:*', NotResource: `arn:aws:lex:us-east-1:${ACCOUNT}:bot/*` }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn }]);
    await rejectsWith(start(), 'AccessDeniedException', 403, /lex:StartImport/);
    await policy([{ Effect: 'Allow', Action: 'lex:*', Resource: '*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'lexv2.amazonaws.com' } } }]);
    await start();
    const done = await waitFor(() => importer.send(new DescribeImportCommand({ importId })), (i) => i.importStatus !== 'InProgress');
    assert.equal(done.importStatus, 'Completed');
  });

  it('through the AWS CLI: create-export, describe-export (the download), create-upload-url, start-import, describe-import, list-imports', async () => {
    const { botId, roleArn } = await richBot('CliExport');
    const created = await awsCliJson(env.server.url, ['lexv2-models', 'create-export', '--resource-specification', JSON.stringify({ botExportSpecification: { botId, botVersion: DRAFT } }), '--file-format', 'LexJson']);
    assert.equal(created.exportStatus, 'InProgress');
    const described = await waitFor(() => awsCliJson(env.server.url, ['lexv2-models', 'describe-export', '--export-id', created.exportId]), (e) => e.exportStatus === 'Completed');
    const zip = new Uint8Array(await (await fetch(described.downloadUrl)).arrayBuffer());
    assert.ok(unzipSync(zip)['CliExport/Bot.json']);
    const upload = await awsCliJson(env.server.url, ['lexv2-models', 'create-upload-url']);
    assert.equal((await fetch(upload.uploadUrl, { method: 'PUT', body: zip })).status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'linkedrole-lex-import-'));
    try {
      const specFile = join(dir, 'spec.json');
      writeFileSync(specFile, JSON.stringify({ botImportSpecification: { botName: 'CliImported', roleArn, dataPrivacy: { childDirected: false } } }));
      const started = await awsCliJson(env.server.url, ['lexv2-models', 'start-import', '--import-id', upload.importId, '--resource-specification', `file://${specFile}`, '--merge-strategy', 'FailOnConflict']);
      assert.equal(started.importStatus, 'InProgress');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const done = await waitFor(() => awsCliJson(env.server.url, ['lexv2-models', 'describe-import', '--import-id', upload.importId]), (i) => i.importStatus !== 'InProgress');
    assert.deepEqual([done.importStatus, done.importedResourceName], ['Completed', 'CliImported']);
    const listed = await awsCliJson(env.server.url, ['lexv2-models', 'list-imports', '--bot-id', done.importedResourceId]);
    assert.deepEqual(listed.importSummaries.map((i: { importId: string }) => i.importId), [upload.importId]);
    const refused = await awsCli(env.server.url, ['lexv2-models', 'create-export', '--resource-specification', JSON.stringify({ botExportSpecification: { botId, botVersion: DRAFT } }), '--file-format', 'LexJson', '--file-password', 'pw']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /An error occurred \(ValidationException\) when calling the CreateExport operation: linkedrole does not encrypt or decrypt archives/);
  });
});

describe('Lex V2 export and import statuses: InProgress for the transition time, then Completed', () => {
  const env = useLexEnv({ lex: { transitionMs: 60_000 } });

  it('no downloadUrl while an export is InProgress; the upload URL takes nothing once its import has started', async () => {
    const bot = await env.models.send(new CreateBotCommand(botInput('Slow')));
    env.advance(60_001);
    const botId = bot.botId!;
    await env.models.send(new CreateBotLocaleCommand({ botId, botVersion: DRAFT, localeId: 'en_US', nluIntentConfidenceThreshold: 0.4 }));
    const { exportId } = await env.models.send(new CreateExportCommand({ resourceSpecification: { botExportSpecification: { botId, botVersion: DRAFT } }, fileFormat: 'LexJson' }));
    const early = await env.models.send(new DescribeExportCommand({ exportId }));
    assert.deepEqual([early.exportStatus, early.downloadUrl], ['InProgress', undefined]);
    env.advance(60_001);
    const late = await env.models.send(new DescribeExportCommand({ exportId }));
    assert.equal(late.exportStatus, 'Completed');
    assert.ok(late.lastUpdatedDateTime! > early.lastUpdatedDateTime!);
    const zip = new Uint8Array(await (await fetch(late.downloadUrl!)).arrayBuffer());

    const { importId, uploadUrl } = await env.models.send(new CreateUploadUrlCommand({}));
    assert.equal((await fetch(uploadUrl!, { method: 'PUT', body: zip })).status, 200);
    const roleArn = (await env.models.send(new DescribeBotCommand({ botId }))).roleArn!;
    await env.models.send(new StartImportCommand({ importId, mergeStrategy: 'FailOnConflict', resourceSpecification: { botImportSpecification: { botName: 'SlowCopy', roleArn, dataPrivacy: { childDirected: false } } } }));
    assert.equal((await env.models.send(new DescribeImportCommand({ importId }))).importStatus, 'InProgress');
    assert.equal((await fetch(uploadUrl!, { method: 'PUT', body: zip })).status, 404);
    env.advance(60_001);
    const done = await env.models.send(new DescribeImportCommand({ importId }));
    assert.deepEqual([done.importStatus, done.importedResourceName], ['Completed', 'SlowCopy']);
  });
});
