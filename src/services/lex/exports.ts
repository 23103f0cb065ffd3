// Lex V2 exports: CreateExport reads a bot version, one of its locales, or a locale's custom vocabulary into
// Lex's archive (archive.ts) at once and keeps the zip with the export, which is InProgress for the transition
// time, then Completed; DescribeExport then answers a downloadUrl on this server (upload-urls.ts). A test set
// exports as CSV: a .zip holding the test set in Lex's CSV test-set format (test-sets.ts), which imports back.
import type { Kysely } from 'kysely';
import { strToU8, zipSync } from 'fflate';
import { errors } from '../../aws/generated/lexv2-models.js';
import type {
  CreateExportRequest,
  CreateExportResponse,
  DeleteExportResponse,
  DescribeExportResponse,
  ExportResourceSpecification,
  ExportSummary,
  ListExportsRequest,
  ListExportsResponse,
  UpdateExportRequest,
  UpdateExportResponse,
} from '../../aws/generated/lexv2-models.js';
import type { LexExportRow, Schema } from '../../store/schema.js';
import type { Scope } from '../kit/scope.js';
import { writeArchive, type Archive, type ArchiveIntent, type ArchiveLocale, type ArchiveResourceType, type ArchiveSlotType } from './archive.js';
import { invalid, matchesFilter, notFound, page, parseJson, type LexContext } from './context.js';
import { DRAFT, lexId } from './ids.js';
import { LEX_LOCALES } from './locales.js';
import type { LexModels } from './models.js';
import { effectiveStatus, transition } from './status.js';
import { newUrlKey, type TransferUrls } from './upload-urls.js';

type Json = Record<string, unknown>;

/** fflate, the zip library here, has no encryption, and no maintained library for encrypted zips is installed. */
export const PASSWORD_REFUSAL =
  'linkedrole does not encrypt or decrypt archives: filePassword is not supported. Export and import without a password (the download and upload URLs of this server are signed and expire).';
/** The test sets an export reads (test-sets.ts). */
export interface TestSetCsvSource {
  exportCsv(scope: Scope, testSetId: string): Promise<{ row: { test_set_name: string }; csv: string }>;
}

/** The one resource a specification names; exactly one member may be given. */
export function specifiedResource(spec: Record<string, unknown>, what: string): string {
  const given = Object.entries(spec).filter(([, v]) => v !== undefined && v !== null);
  if (given.length !== 1) throw invalid(`The ${what} must contain exactly one resource specification; it contains ${given.length}.`);
  return given[0][0];
}

const RESOURCE_TYPES: Record<string, ArchiveResourceType> = {
  botExportSpecification: 'Bot',
  botLocaleExportSpecification: 'BotLocale',
  customVocabularyExportSpecification: 'CustomVocabulary',
};

/** What a bot's parts refer to by id, by name in the archive: custom slot types (built-ins keep their signature). */
function typeNames(types: { slot_type_id: string; slot_type_name: string }[]) {
  const byId = new Map(types.map((t) => [t.slot_type_id, t.slot_type_name]));
  return (id: unknown) => (typeof id === 'string' ? (byId.get(id) ?? id) : id);
}

/** Replaces `slotTypeId` by `slotTypeName` in composite sub-slots and sub-slot specifications (archive: names). */
export function renameSlotTypeRefs(settings: Json, rename: (value: unknown) => unknown, from: 'slotTypeId' | 'slotTypeName', to: 'slotTypeId' | 'slotTypeName'): Json {
  const swap = (entry: Json) => {
    const { [from]: ref, ...rest } = entry;
    return ref === undefined ? entry : { ...rest, [to]: rename(ref) };
  };
  const out = { ...settings };
  const composite = out.compositeSlotTypeSetting as { subSlots?: Json[] } | undefined;
  if (composite?.subSlots) out.compositeSlotTypeSetting = { ...composite, subSlots: composite.subSlots.map(swap) };
  const sub = out.subSlotSetting as { slotSpecifications?: Record<string, Json> } | undefined;
  if (sub?.slotSpecifications) {
    out.subSlotSetting = { ...sub, slotSpecifications: Object.fromEntries(Object.entries(sub.slotSpecifications).map(([k, v]) => [k, swap(v)])) };
  }
  return out;
}

export class Exports {
  constructor(
    private readonly ctx: LexContext,
    private readonly models: LexModels,
    private readonly urls: TransferUrls,
    private readonly testSets: TestSetCsvSource,
  ) {}

  private get db(): Kysely<Schema> {
    return this.ctx.store.db;
  }

  async findExport(scope: Scope, exportId: string): Promise<LexExportRow | undefined> {
    return this.db.selectFrom('lex_exports').selectAll().where('export_id', '=', exportId).where('account_id', '=', scope.accountId).where('region', '=', scope.region).executeTakeFirst();
  }

  private async exportRow(scope: Scope, exportId: string): Promise<LexExportRow> {
    const row = await this.findExport(scope, exportId);
    if (!row) throw notFound(`The export ${exportId} does not exist.`);
    return row;
  }

  /** The bot id a specification names (for authorization). */
  static botOf(spec: ExportResourceSpecification): string | undefined {
    return (spec.botExportSpecification ?? spec.botLocaleExportSpecification ?? spec.customVocabularyExportSpecification)?.botId;
  }

  /** Reads one locale of a bot version into the archive's shape. */
  private async readLocale(botId: string, botVersion: string, localeId: string, settingsJson: string): Promise<ArchiveLocale> {
    const key = { botId, botVersion, localeId };
    const typeRows = await this.models.slotTypes.slotTypes(key);
    const nameOf = typeNames(typeRows);
    const slotTypes: ArchiveSlotType[] = typeRows.map((row) => ({
      name: row.slot_type_name,
      identifier: row.slot_type_id,
      settings: renameSlotTypeRefs(parseJson<Json>(row.definition, {}), nameOf, 'slotTypeId', 'slotTypeName'),
    }));
    const intents: ArchiveIntent[] = [];
    for (const row of await this.models.localeIntents.intents(botId, botVersion, localeId)) {
      const { slotPriorities, ...settings } = parseJson<Json & { slotPriorities?: { priority: number; slotId: string }[] }>(row.definition, {});
      const slotRows = await this.models.slots.slots({ ...key, intentId: row.intent_id });
      const slotName = new Map(slotRows.map((s) => [s.slot_id, s.slot_name]));
      intents.push({
        name: row.intent_name,
        identifier: row.intent_id,
        settings,
        slotPriorities: (slotPriorities ?? []).map((p) => ({ priority: p.priority, slotName: slotName.get(p.slotId) ?? p.slotId })),
        slots: slotRows.map((s) => ({
          name: s.slot_name,
          identifier: s.slot_id,
          slotTypeName: nameOf(s.slot_type_id ?? undefined) as string | undefined,
          settings: renameSlotTypeRefs(parseJson<Json>(s.definition, {}), nameOf, 'slotTypeId', 'slotTypeName'),
        })),
      });
    }
    return { localeId, name: LEX_LOCALES[localeId], settings: parseJson<Json>(settingsJson, {}), intents, slotTypes, vocabulary: await this.vocabulary(botId, botVersion, localeId) };
  }

  private async vocabulary(botId: string, botVersion: string, localeId: string) {
    const vocabulary = await this.db.selectFrom('lex_custom_vocabularies').select('locale_id').where('bot_id', '=', botId).where('bot_version', '=', botVersion).where('locale_id', '=', localeId).executeTakeFirst();
    if (!vocabulary) return undefined;
    const items = await this.db
      .selectFrom('lex_custom_vocabulary_items')
      .selectAll()
      .where('bot_id', '=', botId)
      .where('bot_version', '=', botVersion)
      .where('locale_id', '=', localeId)
      .orderBy('created_at')
      .orderBy('item_id')
      .execute();
    return items.map((i) => ({ phrase: i.phrase, ...(i.weight !== null ? { weight: i.weight } : {}), ...(i.display_as !== null ? { displayAs: i.display_as } : {}) }));
  }

  /** The archive of what the specification names, read now. */
  private async read(scope: Scope, type: ArchiveResourceType, botId: string, botVersion: string, localeId: string | undefined): Promise<Archive> {
    const bot = await this.models.bots.bot(scope, botId);
    let botSettings: Json;
    let botName = bot.bot_name;
    if (botVersion === DRAFT) {
      const { botId: _i, botName: _n, botStatus: _s, roleArn: _r, creationDateTime: _c, lastUpdatedDateTime: _u, ...settings } = this.models.bots.botView(bot);
      botSettings = settings;
    } else {
      const version = await this.models.versions.describeBotVersion(scope, { botId, botVersion });
      botName = version.botName ?? botName;
      botSettings = { description: version.description, dataPrivacy: version.dataPrivacy, idleSessionTTLInSeconds: version.idleSessionTTLInSeconds, botType: version.botType, botMembers: version.botMembers };
    }
    const localeRows = await this.db.selectFrom('lex_bot_locales').selectAll().where('bot_id', '=', botId).where('bot_version', '=', botVersion).orderBy('locale_id').execute();
    if (botVersion !== DRAFT && localeRows.length === 0) throw notFound(`The bot ${botId} has no version ${botVersion}.`);
    const wanted = localeId === undefined ? localeRows : localeRows.filter((l) => l.locale_id === localeId);
    if (localeId !== undefined && wanted.length === 0) throw notFound(`The bot ${botId} version ${botVersion} has no locale ${localeId}.`);
    const locales: ArchiveLocale[] = [];
    for (const row of wanted) locales.push(await this.readLocale(botId, botVersion, row.locale_id, row.settings));
    if (type === 'CustomVocabulary' && !locales[0].vocabulary) throw notFound(`The locale ${localeId} of bot ${botId} version ${botVersion} has no custom vocabulary.`);
    const settings = Object.fromEntries(Object.entries(botSettings).filter(([, v]) => v !== undefined));
    return {
      resourceType: type,
      botName,
      bot: type === 'Bot' ? { name: botName, identifier: botId, version: botVersion, settings } : undefined,
      locales,
    };
  }

  async createExport(scope: Scope, input: CreateExportRequest): Promise<CreateExportResponse> {
    const member = specifiedResource(input.resourceSpecification as Json, 'resourceSpecification');
    if (input.filePassword !== undefined) throw invalid(PASSWORD_REFUSAL);
    if (member === 'testSetExportSpecification') return this.exportTestSet(scope, input);
    if (input.fileFormat !== 'LexJson') throw invalid(`The file format ${input.fileFormat} is not supported for this export: linkedrole exports bots, bot locales and custom vocabularies as LexJson.`);
    const type = RESOURCE_TYPES[member];
    const spec = (input.resourceSpecification as Record<string, { botId: string; botVersion: string; localeId?: string }>)[member];
    const archive = await this.read(scope, type, spec.botId, spec.botVersion, spec.localeId);
    const exportId = lexId();
    const now = this.ctx.clock();
    const fileName = spec.localeId === undefined ? `${archive.botName}_${spec.botVersion}_${exportId}_LexJson.zip` : `${archive.botName}_${spec.botVersion}_${spec.localeId}_${exportId}_LEX_JSON.zip`;
    const row: LexExportRow = {
      export_id: exportId,
      account_id: scope.accountId,
      region: scope.region,
      bot_id: spec.botId,
      bot_version: spec.botVersion,
      locale_id: spec.localeId ?? null,
      resource_type: type,
      resource_specification: JSON.stringify(input.resourceSpecification),
      file_format: input.fileFormat,
      ...transition('InProgress', 'Completed', now, this.ctx.transitionMs),
      failure_reasons: '[]',
      archive: Buffer.from(writeArchive(archive)).toString('base64'),
      file_name: fileName,
      url_key: newUrlKey(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_exports').values(row).execute());
    return { exportId, resourceSpecification: input.resourceSpecification, fileFormat: input.fileFormat, exportStatus: row.status, creationDateTime: now };
  }

  /** A test set as a .zip holding its CSV (fileFormat CSV only). */
  private async exportTestSet(scope: Scope, input: CreateExportRequest): Promise<CreateExportResponse> {
    if (input.fileFormat !== 'CSV') throw invalid(`The file format ${input.fileFormat} is not supported for a test set export: test sets export as CSV.`);
    const testSetId = input.resourceSpecification.testSetExportSpecification!.testSetId;
    const { row: testSet, csv } = await this.testSets.exportCsv(scope, testSetId);
    const exportId = lexId();
    const now = this.ctx.clock();
    const row: LexExportRow = {
      export_id: exportId,
      account_id: scope.accountId,
      region: scope.region,
      bot_id: '',
      bot_version: '',
      locale_id: null,
      test_set_id: testSetId,
      resource_type: 'TestSet',
      resource_specification: JSON.stringify(input.resourceSpecification),
      file_format: input.fileFormat,
      ...transition('InProgress', 'Completed', now, this.ctx.transitionMs),
      failure_reasons: '[]',
      archive: Buffer.from(zipSync({ [`${testSet.test_set_name}.csv`]: strToU8(csv) })).toString('base64'),
      file_name: `${testSet.test_set_name}_${exportId}_CSV.zip`,
      url_key: newUrlKey(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ctx.store.transaction((tx) => tx.insertInto('lex_exports').values(row).execute());
    return { exportId, resourceSpecification: input.resourceSpecification, fileFormat: input.fileFormat, exportStatus: row.status, creationDateTime: now };
  }

  private summary(row: LexExportRow): ExportSummary & { exportStatus: LexExportRow['status']; lastUpdatedDateTime: Date } {
    const status = effectiveStatus(row, this.ctx.clock());
    // A status that has moved on was last updated when it moved.
    const updated = status !== row.status && row.status_until ? row.status_until : row.updated_at;
    return {
      exportId: row.export_id,
      resourceSpecification: parseJson<ExportResourceSpecification>(row.resource_specification, {}),
      fileFormat: row.file_format as ExportSummary['fileFormat'],
      exportStatus: status,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(updated),
    };
  }

  async describeExport(scope: Scope, exportId: string, origin: string): Promise<DescribeExportResponse> {
    const row = await this.exportRow(scope, exportId);
    const summary = this.summary(row);
    return {
      ...summary,
      failureReasons: parseJson<string[]>(row.failure_reasons, []),
      downloadUrl: summary.exportStatus === 'Completed' ? this.urls.downloadUrl(origin, row.export_id, row.file_name, row.url_key) : undefined,
    };
  }

  async listExports(scope: Scope, input: ListExportsRequest): Promise<ListExportsResponse> {
    if (input.localeId !== undefined && input.botId === undefined) throw invalid('A localeId can only be given with a botId.');
    let query = this.db.selectFrom('lex_exports').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region);
    if (input.botId !== undefined) query = query.where('bot_id', '=', input.botId);
    if (input.botVersion !== undefined) query = query.where('bot_version', '=', input.botVersion);
    if (input.localeId !== undefined) query = query.where('locale_id', '=', input.localeId);
    const rows = await query.execute();
    let items = rows.filter((r) => (input.filters ?? []).every((f) => matchesFilter(r.resource_type, f))).map((r) => this.summary(r));
    const descending = input.sortBy?.order === 'Descending';
    items = items.sort((a, b) => (a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime()) * (descending ? -1 : 1) || a.exportId!.localeCompare(b.exportId!));
    const { items: exportSummaries, nextToken } = page(items, input.maxResults, input.nextToken);
    return { botId: input.botId, botVersion: input.botVersion, localeId: input.localeId, exportSummaries, nextToken };
  }

  /** UpdateExport only sets the archive's password, which this server cannot apply (PASSWORD_REFUSAL). */
  async updateExport(scope: Scope, input: UpdateExportRequest): Promise<UpdateExportResponse> {
    const row = await this.exportRow(scope, input.exportId);
    if (input.filePassword !== undefined) throw invalid(PASSWORD_REFUSAL);
    return this.summary(row);
  }

  async deleteExport(scope: Scope, exportId: string): Promise<DeleteExportResponse> {
    const row = await this.findExport(scope, exportId);
    if (!row) throw errors.PreconditionFailedException('Failed to retrieve resource since it does not exist');
    await this.ctx.store.transaction((tx) => tx.deleteFrom('lex_exports').where('export_id', '=', exportId).execute());
    return { exportId, exportStatus: 'Deleting' };
  }

  /** An export's archive for its download URL: only once Completed. */
  async archiveFor(exportId: string): Promise<{ urlKey: string; archive: string; fileName: string } | undefined> {
    const row = await this.db.selectFrom('lex_exports').selectAll().where('export_id', '=', exportId).executeTakeFirst();
    if (!row || !row.archive || effectiveStatus(row, this.ctx.clock()) !== 'Completed') return undefined;
    return { urlKey: row.url_key, archive: row.archive, fileName: row.file_name };
  }
}
