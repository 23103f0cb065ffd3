// The custom slot types of a Lex V2 bot locale, in their four categories as Lex derives them: Custom (values
// and synonyms), Extended (parentSlotTypeSignature AMAZON.AlphaNumeric with a regular expression),
// ExternalGrammar (an SRGS grammar in S3, recorded as given: S3 is not reachable here, so the grammar is not
// read nor validated) and Composite (sub-slots of other types). A change makes the DRAFT locale NotBuilt.
import type { ExpressionBuilder } from 'kysely';
import type { LexSlotTypeRow, Schema } from '../../store/schema.js';
import { builtInSlotType } from './built-ins.js';
import { conflict, invalid, matchesFilter, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { DRAFT, lexId } from './ids.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import type {
  CreateSlotTypeRequest,
  CreateSlotTypeResponse,
  DeleteSlotTypeRequest,
  DescribeSlotTypeRequest,
  DescribeSlotTypeResponse,
  ListSlotTypesRequest,
  ListSlotTypesResponse,
  SlotTypeCategory,
  UpdateSlotTypeRequest,
  UpdateSlotTypeResponse,
} from '../../aws/generated/lexv2-models.js';

/** What a slot type row keeps in its `definition` JSON: CreateSlotType's input less its key and name. */
export type SlotTypeDefinition = Omit<CreateSlotTypeRequest, 'botId' | 'botVersion' | 'localeId' | 'slotTypeName'>;

/** The one parent signature Lex V2 accepts: an extended AMAZON.AlphaNumeric with a regexFilter. */
export const ALPHANUMERIC = 'AMAZON.AlphaNumeric';

export interface LocaleKey {
  botId: string;
  botVersion: string;
  localeId: string;
}

const sameType = (key: LocaleKey & { slotTypeId: string }) => (eb: ExpressionBuilder<Schema, 'lex_slot_types'>) =>
  eb.and({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, slot_type_id: key.slotTypeId });

export function slotTypeCategory(definition: SlotTypeDefinition): SlotTypeCategory {
  if (definition.compositeSlotTypeSetting) return 'Composite';
  if (definition.externalSourceSetting) return 'ExternalGrammar';
  if (definition.parentSlotTypeSignature) return 'Extended';
  return 'Custom';
}

export class SlotTypes {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
  ) {}

  async findSlotType(key: LocaleKey & { slotTypeId: string }): Promise<LexSlotTypeRow | undefined> {
    return this.ctx.store.db.selectFrom('lex_slot_types').selectAll().where(sameType(key)).executeTakeFirst();
  }

  async slotTypes(key: LocaleKey): Promise<LexSlotTypeRow[]> {
    return this.ctx.store.db.selectFrom('lex_slot_types').selectAll().where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).execute();
  }

  /** Whether `slotTypeId` names a type a slot of this locale may use: a custom type of the locale or a built-in offered in it. */
  async usable(key: LocaleKey, slotTypeId: string): Promise<boolean> {
    if (slotTypeId.startsWith('AMAZON.')) return builtInSlotType(slotTypeId, key.localeId) !== undefined;
    return (await this.findSlotType({ ...key, slotTypeId })) !== undefined;
  }

  /** AWS's rules for a slot type's settings (the model checked shapes and lengths already). */
  private async validate(key: LocaleKey, name: string, definition: SlotTypeDefinition, selfId?: string): Promise<void> {
    // Lex reserves "Confirmation" for AMAZON.Confirmation (the Lex V2 guide, AMAZON.Confirmation).
    if (name === 'Confirmation') throw invalid(`The slot type name ${name} is reserved for a built-in slot type. Choose a different name.`);
    const kinds = [definition.slotTypeValues, definition.externalSourceSetting, definition.compositeSlotTypeSetting].filter((k) => k !== undefined).length;
    if (kinds > 1) throw invalid('Specify only one of slotTypeValues, externalSourceSetting or compositeSlotTypeSetting.');
    const parent = definition.parentSlotTypeSignature;
    if (parent !== undefined && parent !== ALPHANUMERIC) throw invalid(`The parentSlotTypeSignature ${parent} is not valid. The only valid value is ${ALPHANUMERIC}.`);
    if (parent === ALPHANUMERIC && (definition.externalSourceSetting || definition.compositeSlotTypeSetting)) {
      throw invalid(`A slot type that extends ${ALPHANUMERIC} cannot have an externalSourceSetting or a compositeSlotTypeSetting.`);
    }
    if (parent === ALPHANUMERIC && !definition.valueSelectionSetting?.regexFilter && !definition.slotTypeValues) {
      throw invalid(`A slot type that extends ${ALPHANUMERIC} needs a valueSelectionSetting with a regexFilter, or slotTypeValues.`);
    }
    if (kinds === 0 && parent === undefined) throw invalid('Specify slotTypeValues, externalSourceSetting, compositeSlotTypeSetting or parentSlotTypeSignature.');
    if (definition.slotTypeValues && !definition.valueSelectionSetting) throw invalid('valueSelectionSetting is required for a slot type with slotTypeValues.');
    const regex = definition.valueSelectionSetting?.regexFilter?.pattern;
    if (regex !== undefined) {
      if (parent !== ALPHANUMERIC) throw invalid(`A regexFilter can only be set on a slot type that extends ${ALPHANUMERIC}.`);
      try {
        new RegExp(regex, 'u');
      } catch {
        throw invalid(`The regular expression ${regex} is not valid.`);
      }
    }
    const seen = new Set<string>();
    for (const value of definition.slotTypeValues ?? []) {
      const v = value.sampleValue?.value;
      if (v === undefined) throw invalid('Every slot type value needs a sampleValue.');
      if (seen.has(v.toLowerCase())) throw invalid(`The slot type value ${v} is duplicated.`);
      seen.add(v.toLowerCase());
    }
    const source = definition.externalSourceSetting?.grammarSlotTypeSetting?.source;
    if (definition.externalSourceSetting && !source) throw invalid('externalSourceSetting needs a grammarSlotTypeSetting with a source.');
    if (definition.compositeSlotTypeSetting) {
      const subSlots = definition.compositeSlotTypeSetting.subSlots ?? [];
      if (subSlots.length === 0) throw invalid('A composite slot type needs at least one sub-slot.');
      const names = new Set<string>();
      for (const sub of subSlots) {
        if (names.has(sub.name)) throw invalid(`The sub-slot name ${sub.name} is duplicated.`);
        names.add(sub.name);
        if (sub.slotTypeId === selfId) throw invalid('A composite slot type cannot contain itself.');
        if (!(await this.usable(key, sub.slotTypeId))) throw invalid(`The slot type ${sub.slotTypeId} of sub-slot ${sub.name} does not exist in locale ${key.localeId}.`);
        if (!sub.slotTypeId.startsWith('AMAZON.')) {
          const row = await this.findSlotType({ ...key, slotTypeId: sub.slotTypeId });
          if (row && slotTypeCategory(parseJson<SlotTypeDefinition>(row.definition, {})) === 'Composite') throw invalid(`The sub-slot ${sub.name} cannot use the composite slot type ${sub.slotTypeId}.`);
        }
      }
    }
  }

  async createSlotType(scope: Scope, input: CreateSlotTypeRequest): Promise<CreateSlotTypeResponse> {
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const { botId, botVersion: _v, localeId, slotTypeName, ...definition } = input;
    const key = { botId, botVersion: DRAFT, localeId };
    await this.validate(key, slotTypeName, definition);
    const now = this.ctx.clock();
    const slotTypeId = lexId();
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx.selectFrom('lex_slot_types').select('slot_type_id').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).where('slot_type_name', '=', slotTypeName).executeTakeFirst();
      if (clash) throw conflict(`A slot type with the name '${slotTypeName}' already exists in locale ${localeId}.`);
      await tx
        .insertInto('lex_slot_types')
        .values({ bot_id: botId, bot_version: DRAFT, locale_id: localeId, slot_type_id: slotTypeId, slot_type_name: slotTypeName, definition: JSON.stringify(definition), created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await this.locales.markUnbuilt(tx, botId, localeId, now);
    });
    return { ...definition, botId, botVersion: DRAFT, localeId, slotTypeId, slotTypeName, creationDateTime: now };
  }

  view(row: LexSlotTypeRow): DescribeSlotTypeResponse & { slotTypeId: string; slotTypeName: string; lastUpdatedDateTime: Date } {
    return {
      ...parseJson<SlotTypeDefinition>(row.definition, {}),
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      slotTypeId: row.slot_type_id,
      slotTypeName: row.slot_type_name,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async describeSlotType(scope: Scope, input: DescribeSlotTypeRequest): Promise<DescribeSlotTypeResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const row = await this.findSlotType(input);
    if (!row) throw notFound();
    return this.view(row);
  }

  async updateSlotType(scope: Scope, input: UpdateSlotTypeRequest): Promise<UpdateSlotTypeResponse> {
    await this.locales.locale(scope, input.botId, DRAFT, input.localeId, 'precondition');
    const { botId, botVersion: _v, localeId, slotTypeId, slotTypeName, ...definition } = input;
    const key = { botId, botVersion: DRAFT, localeId };
    const row = await this.findSlotType({ ...key, slotTypeId });
    if (!row) throw preconditionFailed();
    await this.validate(key, slotTypeName, definition, slotTypeId);
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx.selectFrom('lex_slot_types').select('slot_type_id').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).where('slot_type_name', '=', slotTypeName).where('slot_type_id', '!=', slotTypeId).executeTakeFirst();
      if (clash) throw conflict(`A slot type with the name '${slotTypeName}' already exists in locale ${localeId}.`);
      await tx.updateTable('lex_slot_types').set({ slot_type_name: slotTypeName, definition: JSON.stringify(definition), updated_at: now.toISOString() }).where(sameType({ ...key, slotTypeId })).execute();
      await this.locales.markUnbuilt(tx, botId, localeId, now);
    });
    return { ...definition, botId, botVersion: DRAFT, localeId, slotTypeId, slotTypeName, creationDateTime: new Date(row.created_at), lastUpdatedDateTime: now };
  }

  async deleteSlotType(scope: Scope, input: DeleteSlotTypeRequest): Promise<void> {
    await this.bots.bot(scope, input.botId, 'precondition');
    const key = { botId: input.botId, botVersion: DRAFT, localeId: input.localeId, slotTypeId: input.slotTypeId };
    if (!(await this.findSlotType(key))) throw preconditionFailed();
    await this.ctx.store.transaction(async (tx) => {
      if (input.skipResourceInUseCheck !== true) {
        const slot = await tx.selectFrom('lex_slots').select(['slot_name', 'intent_id']).where('bot_id', '=', key.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', key.localeId).where('slot_type_id', '=', key.slotTypeId).executeTakeFirst();
        if (slot) throw preconditionFailed(`Slot type ${key.slotTypeId} is in use by slot ${slot.slot_name} of intent ${slot.intent_id}. Remove the slot type from the slot, or delete with skipResourceInUseCheck.`);
        const types = await tx.selectFrom('lex_slot_types').select(['slot_type_name', 'definition']).where('bot_id', '=', key.botId).where('bot_version', '=', DRAFT).where('locale_id', '=', key.localeId).execute();
        const composite = types.find((t) => parseJson<SlotTypeDefinition>(t.definition, {}).compositeSlotTypeSetting?.subSlots?.some((s) => s.slotTypeId === key.slotTypeId));
        if (composite) throw preconditionFailed(`Slot type ${key.slotTypeId} is in use by composite slot type ${composite.slot_type_name}. Remove it from the composite slot type, or delete with skipResourceInUseCheck.`);
      }
      await tx.deleteFrom('lex_slot_types').where(sameType(key)).execute();
      await this.locales.markUnbuilt(tx, key.botId, key.localeId, this.ctx.clock());
    });
  }

  async listSlotTypes(scope: Scope, input: ListSlotTypesRequest): Promise<ListSlotTypesResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    let rows = (await this.slotTypes(input)).map((r) => this.view(r));
    for (const filter of input.filters ?? []) {
      rows = rows.filter((r) => (filter.name === 'ExternalSourceType' ? matchesFilter(r.externalSourceSetting ? 'S3' : '', filter) : matchesFilter(r.slotTypeName, filter)));
    }
    const descending = input.sortBy?.order === 'Descending';
    const byTime = input.sortBy?.attribute === 'LastUpdatedDateTime';
    rows.sort((a, b) => (descending ? -1 : 1) * (byTime ? a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime() : a.slotTypeName.localeCompare(b.slotTypeName)));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      slotTypeSummaries: items.map((r) => ({
        slotTypeId: r.slotTypeId,
        slotTypeName: r.slotTypeName,
        description: r.description,
        parentSlotTypeSignature: r.parentSlotTypeSignature,
        slotTypeCategory: slotTypeCategory(r),
        lastUpdatedDateTime: r.lastUpdatedDateTime,
      })),
      nextToken,
    };
  }
}
