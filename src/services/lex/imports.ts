// Lex V2 imports: CreateUploadUrl makes an import and its upload URL (upload-urls.ts); StartImport reads the
// uploaded zip (archive.ts), checks every file against the model's shapes for the operation that will make it
// (CreateBotLocale, CreateSlotType, CreateIntent, CreateSlot, UpdateIntent, custom vocabulary items), and then
// makes the bot, locale or vocabulary through the same domain modules as those operations, so every rule of
// theirs holds. The import is InProgress for the transition time, then Completed, or Failed with its
// failureReasons (nothing made is kept: a bot or locale it created is deleted again). A test set import reads
// the upload as Lex's CSV test-set format (or a .zip holding one .csv, as a test set export is) into a test set
// (test-sets.ts).
import type { Kysely } from 'kysely';
import { AwsError, type ConstraintViolation, validationMessage } from '../../aws/errors.js';
import { errors } from '../../aws/generated/lexv2-models.js';
import type {
  BotImportSpecification,
  BotLocaleImportSpecification,
  CreateUploadUrlResponse,
  CustomVocabularyImportSpecification,
  DeleteImportResponse,
  DescribeImportResponse,
  ImportResourceSpecification,
  ImportSummary,
  TestSetImportResourceSpecification,
  ListImportsRequest,
  ListImportsResponse,
  NewCustomVocabularyItem,
  StartImportRequest,
  StartImportResponse,
} from '../../aws/generated/lexv2-models.js';
import { strFromU8, unzipSync } from 'fflate';
import { loadModel } from '../../aws/model.js';
import { decodeJson } from '../../aws/protocols/json-shared.js';
import { validateShape } from '../../aws/validate.js';
import type { LexImportRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { readArchive, type Archive, type ArchiveLocale, type ArchiveResourceType } from './archive.js';
import { invalid, matchesFilter, notFound, page, parseJson, type LexContext } from './context.js';
import { PASSWORD_REFUSAL, renameSlotTypeRefs, specifiedResource } from './exports.js';
import { DRAFT, FALLBACK_INTENT_ID, lexId } from './ids.js';
import { FALLBACK } from './intents.js';
import type { LexModels } from './models.js';
import { effectiveStatus, transition } from './status.js';
import { newUrlKey, URL_LIFETIME_MS, type TransferUrls } from './upload-urls.js';

type Json = Record<string, unknown>;
type Status = NonNullable<LexImportRow['status']>;

type ImportType = ArchiveResourceType | 'TestSet';

const RESOURCE_TYPES: Record<string, ImportType> = {
  botImportSpecification: 'Bot',
  botLocaleImportSpecification: 'BotLocale',
  customVocabularyImportSpecification: 'CustomVocabulary',
  testSetImportResourceSpecification: 'TestSet',
};

/** The CSV of a test set upload: the file itself, or the one .csv of a .zip (a test set export's archive). */
function testSetCsv(file: Buffer): Buffer | string {
  if (file.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') return file;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(file));
  } catch {
    return 'The uploaded .zip file cannot be read.';
  }
  const csvs = Object.keys(entries).filter((name) => name.toLowerCase().endsWith('.csv'));
  if (csvs.length !== 1) return `The uploaded .zip file must hold exactly one .csv test set file; it holds ${csvs.length}.`;
  return Buffer.from(strFromU8(entries[csvs[0]]), 'utf8');
}

/** The test sets an import makes (test-sets.ts). */
export interface TestSetImporter {
  importCsv(scope: Scope, spec: TestSetImportResourceSpecification, file: Buffer, testSetId: string): Promise<{ failureReasons: string[]; resourceId?: string; resourceName?: string }>;
}

const model = loadModel('lexv2-models');
/** Stands for the bot's id while the archive is checked (the bot may not exist yet). */
const PLACEHOLDER_ID = 'IMPORTBOT0';

/** A value decoded and validated as the model's shape, or the reason it is not one (added to `failures`). */
function asShape(shapeName: string, value: Json, file: string, failures: string[]): Json | undefined {
  const shape = model.shapes[shapeName];
  const violations: ConstraintViolation[] = [];
  try {
    const decoded = decodeJson(model, shape, value, shapeName, violations) as Json;
    validateShape(model, shape, decoded, shapeName, violations);
    if (violations.length === 0) return decoded;
    failures.push(`${file}: ${validationMessage(violations)}`);
  } catch (error) {
    failures.push(`${file}: ${(error as Error).message}`);
  }
  return undefined;
}

/** One locale of an archive, checked: each part as the request that will make it (slot type references as placeholders). */
interface PlannedLocale {
  localeId: string;
  settings: Json;
  slotTypes: { name: string; request: Json; composite: boolean }[];
  intents: { name: string; fallback: boolean; request: Json; slots: { name: string; request: Json }[]; priorities: { priority: number; slotName: string }[] }[];
  vocabulary?: NewCustomVocabularyItem[];
}

/** Custom slot types are referred to by name in the archive and by id in requests: placeholders in between. */
class TypeRefs {
  private readonly byName = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  constructor(names: string[]) {
    names.forEach((name, i) => this.byName.set(name, `TYPEREF${String(i).padStart(3, '0')}`));
  }
  /** A name as a request can hold it: a built-in's signature, else a placeholder (undefined: not in the archive). */
  placeholder(name: unknown): unknown {
    if (typeof name !== 'string' || name.startsWith('AMAZON.')) return name;
    return this.byName.get(name) ?? `unknown:${name}`;
  }
  made(name: string, id: string): void {
    this.ids.set(this.byName.get(name)!, id);
  }
  resolve(ref: unknown): unknown {
    return typeof ref === 'string' ? (this.ids.get(ref) ?? ref) : ref;
  }
}

function planLocale(locale: ArchiveLocale & { vocabularyOnly?: boolean }, spec: Json, failures: string[]): { plan: PlannedLocale; refs: TypeRefs } {
  const base = `BotLocales/${locale.localeId}`;
  const refs = new TypeRefs(locale.slotTypes.map((t) => t.name));
  const key = { botId: PLACEHOLDER_ID, botVersion: DRAFT, localeId: locale.localeId };
  const strip = (request: Json | undefined, ...names: string[]) => {
    if (!request) return undefined;
    const copy = { ...request };
    for (const name of ['botId', 'botVersion', 'localeId', ...names]) delete copy[name];
    return copy;
  };
  const unknownRef = (file: string, value: Json) => {
    const text = JSON.stringify(value);
    const match = /"unknown:([^"]+)"/.exec(text);
    if (match) failures.push(`${file}: the slot type ${match[1]} is neither a slot type of the archive's locale nor a built-in.`);
    return !!match;
  };
  const given = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  // A custom vocabulary's archive has no BotLocale.json: the locale is the import's own.
  const settings = locale.vocabularyOnly ? {} : (strip(asShape('CreateBotLocaleRequest', { ...locale.settings, ...given, ...key }, `${base}/BotLocale.json`, failures)) ?? {});
  const slotTypes: PlannedLocale['slotTypes'] = [];
  for (const type of locale.slotTypes) {
    const file = `${base}/SlotTypes/${type.name}/SlotType.json`;
    const settingsWithRefs = renameSlotTypeRefs(type.settings, (n) => refs.placeholder(n), 'slotTypeName', 'slotTypeId');
    if (unknownRef(file, settingsWithRefs)) continue;
    const request = strip(asShape('CreateSlotTypeRequest', { ...settingsWithRefs, ...key, slotTypeName: type.name }, file, failures));
    if (request) slotTypes.push({ name: type.name, request, composite: request.compositeSlotTypeSetting !== undefined });
  }
  const intents: PlannedLocale['intents'] = [];
  for (const intent of locale.intents) {
    const file = `${base}/Intents/${intent.name}/Intent.json`;
    const fallback = intent.settings.parentIntentSignature === FALLBACK;
    const request = strip(asShape(fallback ? 'UpdateIntentRequest' : 'CreateIntentRequest', { ...intent.settings, ...key, intentId: FALLBACK_INTENT_ID, intentName: intent.name }, file, failures), 'intentId');
    const slots: PlannedLocale['intents'][number]['slots'] = [];
    for (const slot of intent.slots) {
      const slotFile = `${base}/Intents/${intent.name}/Slots/${slot.name}/Slot.json`;
      const withRefs = { ...renameSlotTypeRefs(slot.settings, (n) => refs.placeholder(n), 'slotTypeName', 'slotTypeId'), slotTypeId: refs.placeholder(slot.slotTypeName) };
      if (unknownRef(slotFile, withRefs)) continue;
      const slotRequest = strip(asShape('CreateSlotRequest', { ...withRefs, ...key, intentId: FALLBACK_INTENT_ID, slotName: slot.name }, slotFile, failures), 'intentId');
      if (slotRequest) slots.push({ name: slot.name, request: slotRequest });
    }
    if (fallback && slots.length > 0) failures.push(`${file}: the built-in FallbackIntent cannot have slots.`);
    if (request) intents.push({ name: intent.name, fallback, request, slots, priorities: intent.slotPriorities });
  }
  let vocabulary: NewCustomVocabularyItem[] | undefined;
  if (locale.vocabulary) {
    vocabulary = [];
    const file = `${base}/CustomVocabulary/CustomVocabulary.json`;
    for (const item of locale.vocabulary) {
      const checked = asShape('NewCustomVocabularyItem', item as unknown as Json, file, failures);
      if (checked) vocabulary.push(checked as unknown as NewCustomVocabularyItem);
    }
  }
  return { plan: { localeId: locale.localeId, settings, slotTypes, intents, vocabulary }, refs };
}

/** What went wrong while making the archive's resources: an AWS error's message, as a failure reason. */
const reasonOf = (error: unknown): string => {
  if (error instanceof AwsError) return error.message;
  throw error;
};

export class Imports {
  constructor(
    private readonly ctx: LexContext,
    private readonly models: LexModels,
    private readonly urls: TransferUrls,
    private readonly testSets: TestSetImporter,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findImport(scope: Scope, importId: string): Promise<LexImportRow | undefined> {
    return this.db.selectFrom('lex_imports').selectAll().where('import_id', '=', importId).where('account_id', '=', scope.accountId).where('region', '=', scope.region).executeTakeFirst();
  }

  /** The bot of an account and region with this name (a bot import's target). */
  async botByName(scope: Scope, botName: string) {
    return this.db.selectFrom('lex_bots').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('bot_name', '=', botName).executeTakeFirst();
  }

  async createUploadUrl(scope: Scope, origin: string): Promise<CreateUploadUrlResponse> {
    const importId = lexId();
    const now = this.ctx.clock();
    const expiresAt = new Date(now.getTime() + URL_LIFETIME_MS);
    const row: LexImportRow = {
      import_id: importId,
      account_id: scope.accountId,
      region: scope.region,
      url_key: newUrlKey(),
      upload_expires_at: expiresAt.toISOString(),
      archive: null,
      status: null,
      status_until: null,
      next_status: null,
      merge_strategy: null,
      resource_type: null,
      resource_specification: null,
      bot_id: null,
      bot_version: null,
      locale_id: null,
      imported_resource_id: null,
      imported_resource_name: null,
      failure_reasons: '[]',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_imports').values(row).execute());
    return { importId, uploadUrl: this.urls.uploadUrl(origin, importId, row.url_key, expiresAt) };
  }

  /** The upload URL's side: the import's key while it takes a file (until started, before it expires). */
  async uploadKey(importId: string): Promise<{ urlKey: string; expiresAt: string } | undefined> {
    const row = await this.db.selectFrom('lex_imports').select(['url_key', 'upload_expires_at', 'status']).where('import_id', '=', importId).executeTakeFirst();
    if (!row || row.status !== null) return undefined;
    return { urlKey: row.url_key, expiresAt: row.upload_expires_at };
  }

  async storeUpload(importId: string, archive: Buffer): Promise<void> {
    await this.ctx.store.transaction((tx) =>
      tx.updateTable('lex_imports').set({ archive: archive.toString('base64'), updated_at: this.ctx.clock().toISOString() }).where('import_id', '=', importId).where('status', 'is', null).execute(),
    );
  }

  /**
   * StartImport. `newBotId`: the id a bot import's new bot (or a test set import's test set) gets (chosen while
   * authorizing, its ARN authorized).
   * Errors of the request itself are thrown; what is wrong with the archive, or with making its resources, fails the import.
   */
  async startImport(scope: Scope, input: StartImportRequest, newBotId: string): Promise<StartImportResponse> {
    const member = specifiedResource(input.resourceSpecification as Json, 'resourceSpecification');
    if (input.filePassword !== undefined) throw invalid(PASSWORD_REFUSAL);
    const type = RESOURCE_TYPES[member];
    if (input.mergeStrategy === 'Append' && type !== 'CustomVocabulary') throw invalid('The Append merge strategy can only be used to import a custom vocabulary.');
    const row = await this.findImport(scope, input.importId);
    if (!row) throw notFound(`The import ${input.importId} does not exist. Create it with CreateUploadUrl.`);
    if (row.status !== null) throw errors.ConflictException(`The import ${input.importId} has already been started.`);
    if (!row.archive) throw invalid(`No file has been uploaded for the import ${input.importId}: upload the .zip file to the uploadUrl of CreateUploadUrl first.`);
    const spec = (input.resourceSpecification as Record<string, Json>)[member];
    let botId: string | undefined;
    let localeId: string | undefined;
    if (type === 'BotLocale' || type === 'CustomVocabulary') {
      const target = spec as unknown as BotLocaleImportSpecification | CustomVocabularyImportSpecification;
      await this.models.bots.bot(scope, target.botId);
      if (type === 'CustomVocabulary') await this.models.locales.locale(scope, target.botId, DRAFT, target.localeId);
      botId = target.botId;
      localeId = target.localeId;
    }
    const now = this.ctx.clock();
    // Claim the import before any work: a second StartImport of the same id loses here.
    const claimed = await this.ctx.store.transaction((tx) =>
      tx.updateTable('lex_imports').set({ status: 'InProgress', updated_at: now.toISOString() }).where('import_id', '=', row.import_id).where('status', 'is', null).executeTakeFirst(),
    );
    if (Number(claimed.numUpdatedRows) !== 1) throw errors.ConflictException(`The import ${input.importId} has already been started.`);
    const result = await this.run(scope, type, spec, input.mergeStrategy, Buffer.from(row.archive, 'base64'), newBotId);
    await this.ctx.store.transaction((tx) =>
      tx
        .updateTable('lex_imports')
        .set({
          ...transition<Status>('InProgress', result.failureReasons.length > 0 ? 'Failed' : 'Completed', now, this.ctx.transitionMs),
          merge_strategy: input.mergeStrategy,
          resource_type: type,
          resource_specification: JSON.stringify(input.resourceSpecification),
          bot_id: result.botId ?? botId ?? null,
          bot_version: type === 'TestSet' ? null : DRAFT,
          locale_id: localeId ?? null,
          imported_resource_id: result.failureReasons.length > 0 ? null : (result.resourceId ?? null),
          imported_resource_name: result.failureReasons.length > 0 ? null : (result.resourceName ?? null),
          failure_reasons: JSON.stringify(result.failureReasons),
          archive: null,
          updated_at: now.toISOString(),
        })
        .where('import_id', '=', row.import_id)
        .execute(),
    );
    return { importId: row.import_id, resourceSpecification: input.resourceSpecification, mergeStrategy: input.mergeStrategy, importStatus: 'InProgress', creationDateTime: new Date(row.created_at) };
  }

  private async run(
    scope: Scope,
    type: ImportType,
    spec: Json,
    mergeStrategy: StartImportRequest['mergeStrategy'],
    zip: Buffer,
    newBotId: string,
  ): Promise<{ failureReasons: string[]; botId?: string; resourceId?: string; resourceName?: string }> {
    if (type === 'TestSet') {
      const csv = testSetCsv(zip);
      if (typeof csv === 'string') return { failureReasons: [csv] };
      return this.testSets.importCsv(scope, spec as unknown as TestSetImportResourceSpecification, csv, newBotId);
    }
    const read = readArchive(new Uint8Array(zip), type);
    if ('failureReasons' in read) return read;
    const archive = read.archive;
    if (type === 'Bot') return this.importBot(scope, spec as unknown as BotImportSpecification, archive, mergeStrategy, newBotId);
    if (type === 'BotLocale') {
      const target = spec as unknown as BotLocaleImportSpecification;
      return this.importLocale(scope, target, archive, mergeStrategy);
    }
    return this.importVocabulary(scope, spec as unknown as CustomVocabularyImportSpecification, archive, mergeStrategy);
  }

  private async importBot(scope: Scope, spec: BotImportSpecification, archive: Archive, mergeStrategy: string, newBotId: string) {
    const failures: string[] = [];
    const plans = archive.locales.map((l) => planLocale(l, {}, failures));
    if (failures.length > 0) return { failureReasons: failures };
    const existing = await this.botByName(scope, spec.botName);
    if (existing && mergeStrategy === 'FailOnConflict') return { failureReasons: [`A bot with the name '${spec.botName}' already exists in this account and region; import with the Overwrite merge strategy to replace it.`] };
    const fromArchive = archive.bot?.settings ?? {};
    const settings = {
      botName: spec.botName,
      roleArn: spec.roleArn,
      dataPrivacy: spec.dataPrivacy,
      idleSessionTTLInSeconds: spec.idleSessionTTLInSeconds ?? (fromArchive.idleSessionTTLInSeconds as number | undefined) ?? 300,
      description: fromArchive.description as string | undefined,
      errorLogSettings: spec.errorLogSettings ?? (fromArchive.errorLogSettings as BotImportSpecification['errorLogSettings']),
    };
    const botId = existing?.bot_id ?? newBotId;
    const noNewRole = async (): Promise<string> => {
      throw invalid('The bot needs a role: botImportSpecification.roleArn.');
    };
    try {
      if (existing) {
        await this.models.bots.updateBot(scope, { ...settings, botId }, noNewRole);
        const locales = await this.db.selectFrom('lex_bot_locales').select('locale_id').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).execute();
        for (const l of locales) await this.models.locales.deleteBotLocale(scope, botId, l.locale_id);
      } else {
        await this.models.bots.createBot(scope, { ...settings, botTags: spec.botTags, testBotAliasTags: spec.testBotAliasTags }, botId, noNewRole);
      }
    } catch (error) {
      return { failureReasons: [reasonOf(error)] };
    }
    for (const { plan, refs } of plans) {
      const reason = await this.makeLocale(scope, botId, plan, refs);
      if (reason) {
        if (!existing) await this.models.bots.deleteBot(scope, botId, true);
        return { failureReasons: [reason] };
      }
    }
    return { failureReasons: [], botId, resourceId: botId, resourceName: spec.botName };
  }

  private async importLocale(scope: Scope, spec: BotLocaleImportSpecification, archive: Archive, mergeStrategy: string) {
    const failures: string[] = [];
    const { botId: _b, botVersion: _v, localeId, ...overrides } = spec;
    const locale = { ...archive.locales[0], localeId };
    const { plan, refs } = planLocale(locale, overrides as Json, failures);
    if (failures.length > 0) return { failureReasons: failures };
    const bot = await this.models.bots.bot(scope, spec.botId);
    const existing = await this.models.locales.findLocale(spec.botId, DRAFT, localeId);
    if (existing && mergeStrategy === 'FailOnConflict') return { failureReasons: [`The bot ${spec.botId} already has the locale ${localeId}; import with the Overwrite merge strategy to replace it.`] };
    try {
      if (existing) await this.models.locales.deleteBotLocale(scope, spec.botId, localeId);
    } catch (error) {
      return { failureReasons: [reasonOf(error)] };
    }
    const reason = await this.makeLocale(scope, spec.botId, plan, refs);
    if (reason) return { failureReasons: [reason] };
    return { failureReasons: [], botId: spec.botId, resourceId: localeId, resourceName: bot.bot_name };
  }

  private async importVocabulary(scope: Scope, spec: CustomVocabularyImportSpecification, archive: Archive, mergeStrategy: string) {
    const failures: string[] = [];
    const { plan } = planLocale({ ...archive.locales[0], localeId: spec.localeId, vocabularyOnly: true }, {}, failures);
    if (failures.length > 0) return { failureReasons: failures };
    const bot = await this.models.bots.bot(scope, spec.botId);
    const key = { botId: spec.botId, botVersion: DRAFT, localeId: spec.localeId };
    const has = await this.db.selectFrom('lex_custom_vocabularies').select('locale_id').where('bot_id', '=', key.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', key.localeId).executeTakeFirst();
    if (has && mergeStrategy === 'FailOnConflict') return { failureReasons: [`The locale ${spec.localeId} of bot ${spec.botId} already has a custom vocabulary; import with the Overwrite or Append merge strategy.`] };
    try {
      if (has && mergeStrategy === 'Overwrite') await this.models.vocabularies.delete(scope, key);
      const reason = await this.addVocabulary(scope, key, plan.vocabulary ?? [], mergeStrategy === 'Append');
      if (reason) return { failureReasons: [reason] };
    } catch (error) {
      return { failureReasons: [reasonOf(error)] };
    }
    return { failureReasons: [], botId: spec.botId, resourceId: spec.localeId, resourceName: bot.bot_name };
  }

  /** Adds items 10 at a time (BatchCreateCustomVocabularyItem's limit); `append`: phrases already there are kept. */
  private async addVocabulary(scope: Scope, key: { botId: string; botVersion: string; localeId: string }, items: NewCustomVocabularyItem[], append: boolean): Promise<string | undefined> {
    for (let i = 0; i < items.length; i += 10) {
      const batch = await this.models.vocabularies.batchCreate(scope, { ...key, customVocabularyItemList: items.slice(i, i + 10) });
      const failed = (batch.errors ?? []).filter((e) => !(append && e.errorCode === 'RESOURCE_ALREADY_EXISTS'));
      if (failed.length > 0) return `CustomVocabulary.json: ${failed.map((e) => `${e.itemId}: ${e.errorMessage} (${e.errorCode})`).join('; ')}`;
    }
    return undefined;
  }

  /** Makes one planned locale in the bot's DRAFT; on failure deletes it again and answers why. */
  private async makeLocale(scope: Scope, botId: string, plan: PlannedLocale, refs: TypeRefs): Promise<string | undefined> {
    const key = { botId, botVersion: DRAFT, localeId: plan.localeId };
    const resolved = (request: Json) => {
      const out = renameSlotTypeRefs(request, (r) => refs.resolve(r), 'slotTypeId', 'slotTypeId');
      return out.slotTypeId === undefined ? out : { ...out, slotTypeId: refs.resolve(out.slotTypeId) };
    };
    try {
      await this.models.locales.createBotLocale(scope, { ...plan.settings, ...key } as never);
      // Composite slot types are made last: they refer to the others.
      for (const type of [...plan.slotTypes.filter((t) => !t.composite), ...plan.slotTypes.filter((t) => t.composite)]) {
        const made = await this.models.slotTypes.createSlotType(scope, { ...resolved(type.request), ...key, slotTypeName: type.name } as never);
        refs.made(type.name, made.slotTypeId!);
      }
      for (const intent of plan.intents) {
        const intentId = intent.fallback ? FALLBACK_INTENT_ID : (await this.models.localeIntents.createIntent(scope, { ...intent.request, ...key, intentName: intent.name } as never)).intentId!;
        const slotIds = new Map<string, string>();
        for (const slot of intent.slots) {
          const made = await this.models.slots.createSlot(scope, { ...resolved(slot.request), ...key, intentId, slotName: slot.name } as never);
          slotIds.set(slot.name, made.slotId!);
        }
        if (intent.fallback || intent.priorities.length > 0) {
          const slotPriorities = intent.priorities.map((p) => ({ priority: p.priority, slotId: slotIds.get(p.slotName)! }));
          await this.models.localeIntents.updateIntent(scope, { ...intent.request, ...key, intentId, intentName: intent.name, ...(slotPriorities.length > 0 ? { slotPriorities } : {}) } as never);
        }
      }
      if (plan.vocabulary) {
        const reason = await this.addVocabulary(scope, key, plan.vocabulary, false);
        if (reason) throw invalid(reason);
      }
      return undefined;
    } catch (error) {
      const reason = reasonOf(error);
      if (await this.models.locales.findLocale(botId, DRAFT, plan.localeId)) await this.models.locales.deleteBotLocale(scope, botId, plan.localeId);
      return reason;
    }
  }

  private summary(row: LexImportRow): ImportSummary & { importStatus: Status; lastUpdatedDateTime: Date } {
    const status = effectiveStatus(row as LexImportRow & { status: Status }, this.ctx.clock());
    const updated = status !== row.status && row.status_until ? row.status_until : row.updated_at;
    return {
      importId: row.import_id,
      importedResourceId: row.imported_resource_id ?? undefined,
      importedResourceName: row.imported_resource_name ?? undefined,
      importedResourceType: (row.resource_type ?? undefined) as ImportSummary['importedResourceType'],
      importStatus: status,
      mergeStrategy: (row.merge_strategy ?? undefined) as ImportSummary['mergeStrategy'],
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(updated),
    };
  }

  /** A started import (one only made by CreateUploadUrl is not yet an import to describe or list). */
  private async started(scope: Scope, importId: string): Promise<LexImportRow> {
    const row = await this.findImport(scope, importId);
    if (!row || row.status === null) throw notFound(`The import ${importId} does not exist.`);
    return row;
  }

  async describeImport(scope: Scope, importId: string): Promise<DescribeImportResponse> {
    const row = await this.started(scope, importId);
    const { importedResourceType: _t, ...summary } = this.summary(row);
    return { ...summary, resourceSpecification: parseJson<ImportResourceSpecification>(row.resource_specification, {}), failureReasons: parseJson<string[]>(row.failure_reasons, []) };
  }

  async listImports(scope: Scope, input: ListImportsRequest): Promise<ListImportsResponse> {
    if (input.localeId !== undefined && input.botId === undefined) throw invalid('A localeId can only be given with a botId.');
    let query = this.db.selectFrom('lex_imports').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('status', 'is not', null);
    if (input.botId !== undefined) query = query.where('bot_id', '=', input.botId);
    if (input.localeId !== undefined) query = query.where('locale_id', '=', input.localeId);
    const rows = await query.execute();
    let items = rows.filter((r) => (input.filters ?? []).every((f) => matchesFilter(r.resource_type ?? '', f))).map((r) => this.summary(r));
    const descending = input.sortBy?.order === 'Descending';
    items = items.sort((a, b) => (a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime()) * (descending ? -1 : 1) || a.importId!.localeCompare(b.importId!));
    const { items: importSummaries, nextToken } = page(items, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, localeId: input.localeId, importSummaries, nextToken };
  }

  async deleteImport(scope: Scope, importId: string): Promise<DeleteImportResponse> {
    const row = await this.findImport(scope, importId);
    if (!row) throw errors.PreconditionFailedException('Failed to retrieve resource since it does not exist');
    if (row.status === 'InProgress' && effectiveStatus(row as LexImportRow & { status: Status }, this.ctx.clock()) === 'InProgress') {
      throw errors.PreconditionFailedException(`The import ${importId} is in progress; delete it when it has completed or failed.`);
    }
    await this.ctx.store.transaction((tx) => tx.deleteFrom('lex_imports').where('import_id', '=', importId).execute());
    return { importId, importStatus: 'Deleting' };
  }
}
