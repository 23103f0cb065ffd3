// The slots of a Lex V2 intent: each of a custom slot type of the locale or of a built-in one (AMAZON.Number,
// AMAZON.City, ...), composite slots (a composite slot type with subSlotSetting), multiple values and
// obfuscation. A slot joins its intent's slotPriorities when created (last) and leaves them when deleted, as
// Lex does; every change makes the DRAFT locale NotBuilt.
import type { ExpressionBuilder } from 'kysely';
import type { Tx } from '../../store/database.js';
import type { LexSlotRow, Schema } from '../../store/schema.js';
import { conflict, invalid, matchesFilter, notFound, page, parseJson, preconditionFailed, type LexContext } from './context.js';
import { DRAFT, FALLBACK_INTENT_ID, lexId } from './ids.js';
import { slotTypeCategory, type SlotTypeDefinition, type SlotTypes } from './slot-types.js';
import type { Scope } from '../kit/scope.js';
import type { BotLocaleLookup, BotLookup } from './types.js';
import type {
  CreateSlotRequest,
  CreateSlotResponse,
  DeleteSlotRequest,
  DescribeSlotRequest,
  DescribeSlotResponse,
  ListSlotsRequest,
  ListSlotsResponse,
  SlotPriority,
  UpdateSlotRequest,
  UpdateSlotResponse,
} from '../../aws/generated/lexv2-models.js';
import { errors } from '../../aws/generated/lexv2-models.js';

/** What a slot row keeps in its `definition` JSON: CreateSlot's input less its key, name and type. */
export type SlotDefinition = Omit<CreateSlotRequest, 'botId' | 'botVersion' | 'localeId' | 'intentId' | 'slotName' | 'slotTypeId'>;

/** Lex's quota of slots per intent. */
export const SLOTS_PER_INTENT = 100;

interface IntentKey {
  botId: string;
  botVersion: string;
  localeId: string;
  intentId: string;
}

const sameSlot = (key: IntentKey & { slotId: string }) => (eb: ExpressionBuilder<Schema, 'lex_slots'>) =>
  eb.and({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, intent_id: key.intentId, slot_id: key.slotId });

const sameIntent = (key: IntentKey) => (eb: ExpressionBuilder<Schema, 'lex_intents'>) =>
  eb.and({ bot_id: key.botId, bot_version: key.botVersion, locale_id: key.localeId, intent_id: key.intentId });

export class Slots {
  constructor(
    private readonly ctx: LexContext,
    private readonly bots: BotLookup,
    private readonly locales: BotLocaleLookup,
    private readonly types: SlotTypes,
  ) {}

  async slots(key: IntentKey): Promise<LexSlotRow[]> {
    return this.ctx.store.db.selectFrom('lex_slots').selectAll().where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).where('intent_id', '=', key.intentId).execute();
  }

  /** The DRAFT intent a slot is created, changed or deleted under (412 when it is not there). */
  private async draftIntent(scope: Scope, key: IntentKey) {
    await this.locales.locale(scope, key.botId, DRAFT, key.localeId, 'precondition');
    const intent = await this.ctx.store.db.selectFrom('lex_intents').selectAll().where(sameIntent({ ...key, botVersion: DRAFT })).executeTakeFirst();
    if (!intent) throw preconditionFailed();
    return intent;
  }

  /** AWS's rules for a slot's type and settings (the model checked shapes and lengths already). */
  private async validate(key: IntentKey, slotTypeId: string | undefined, definition: SlotDefinition): Promise<void> {
    if (key.intentId === FALLBACK_INTENT_ID) throw invalid('The built-in FallbackIntent cannot have slots.');
    if (slotTypeId === undefined) throw invalid('slotTypeId is required.');
    const locale = { botId: key.botId, botVersion: DRAFT, localeId: key.localeId };
    if (!(await this.types.usable(locale, slotTypeId))) throw invalid(`The slot type ${slotTypeId} does not exist in locale ${key.localeId}.`);
    const custom = slotTypeId.startsWith('AMAZON.') ? undefined : await this.types.findSlotType({ ...locale, slotTypeId });
    const category = custom ? slotTypeCategory(parseJson<SlotTypeDefinition>(custom.definition, {})) : undefined;
    const elicitation = definition.valueElicitationSetting;
    if (elicitation.slotConstraint === 'Required' && !elicitation.promptSpecification && category !== 'Composite') {
      throw invalid('promptSpecification is required for a slot whose slotConstraint is Required.');
    }
    if (category === 'Composite') {
      const subSlots = parseJson<SlotTypeDefinition>(custom!.definition, {}).compositeSlotTypeSetting?.subSlots ?? [];
      const specifications = definition.subSlotSetting?.slotSpecifications ?? {};
      if (!definition.subSlotSetting) throw invalid(`subSlotSetting is required for a slot of the composite slot type ${slotTypeId}.`);
      for (const name of Object.keys(specifications)) {
        const sub = subSlots.find((s) => s.name === name);
        if (!sub) throw invalid(`The sub-slot ${name} is not part of the composite slot type ${slotTypeId}.`);
        if (specifications[name].slotTypeId !== sub.slotTypeId) throw invalid(`The sub-slot ${name} must use the slot type ${sub.slotTypeId} of the composite slot type.`);
      }
      const expression = definition.subSlotSetting.expression;
      if (expression !== undefined) {
        const tokens = expression.split(/[\s()]+/).filter((t) => t !== '');
        for (const token of tokens) {
          if (token === 'AND' || token === 'OR') continue;
          if (!subSlots.some((s) => s.name === token)) throw invalid(`The expression ${expression} names ${token}, which is not a sub-slot of ${slotTypeId}.`);
        }
      }
    } else if (definition.subSlotSetting) {
      throw invalid('subSlotSetting can only be set on a slot of a composite slot type.');
    }
    if (definition.multipleValuesSetting?.allowMultipleValues && category !== 'Custom' && category !== 'Extended') {
      throw invalid('Multiple values can only be allowed for a slot of a custom slot type.');
    }
  }

  private async priorities(tx: Tx, key: IntentKey, change: (current: SlotPriority[]) => SlotPriority[], now: Date): Promise<void> {
    const intent = await tx.selectFrom('lex_intents').select('definition').where(sameIntent(key)).executeTakeFirstOrThrow();
    const definition = parseJson<{ slotPriorities?: SlotPriority[] }>(intent.definition, {});
    const slotPriorities = change(definition.slotPriorities ?? []);
    await tx.updateTable('lex_intents').set({ definition: JSON.stringify({ ...definition, slotPriorities }), updated_at: now.toISOString() }).where(sameIntent(key)).execute();
  }

  async createSlot(scope: Scope, input: CreateSlotRequest): Promise<CreateSlotResponse> {
    const { botId, botVersion: _v, localeId, intentId, slotName, slotTypeId, ...definition } = input;
    const key = { botId, botVersion: DRAFT, localeId, intentId };
    await this.draftIntent(scope, key);
    await this.validate(key, slotTypeId, definition);
    const now = this.ctx.clock();
    const slotId = lexId();
    await this.ctx.store.transaction(async (tx) => {
      const existing = await tx.selectFrom('lex_slots').select(['slot_id', 'slot_name']).where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).where('intent_id', '=', intentId).execute();
      if (existing.some((s) => s.slot_name === slotName)) throw conflict(`A slot with the name '${slotName}' already exists in intent ${intentId}.`);
      if (existing.length >= SLOTS_PER_INTENT) throw errors.ServiceQuotaExceededException(`An intent can have at most ${SLOTS_PER_INTENT} slots.`);
      await tx
        .insertInto('lex_slots')
        .values({ bot_id: botId, bot_version: DRAFT, locale_id: localeId, intent_id: intentId, slot_id: slotId, slot_name: slotName, slot_type_id: slotTypeId ?? null, definition: JSON.stringify(definition), created_at: now.toISOString(), updated_at: now.toISOString() })
        .execute();
      await this.priorities(tx, key, (current) => [...current, { priority: current.reduce((max, p) => Math.max(max, p.priority), 0) + 1, slotId }], now);
      await this.locales.markUnbuilt(tx, botId, localeId, now);
    });
    return { ...definition, botId, botVersion: DRAFT, localeId, intentId, slotId, slotName, slotTypeId, creationDateTime: now };
  }

  view(row: LexSlotRow): DescribeSlotResponse & { slotId: string; slotName: string; lastUpdatedDateTime: Date } {
    return {
      ...parseJson<SlotDefinition>(row.definition, {} as SlotDefinition),
      botId: row.bot_id,
      botVersion: row.bot_version,
      localeId: row.locale_id,
      intentId: row.intent_id,
      slotId: row.slot_id,
      slotName: row.slot_name,
      slotTypeId: row.slot_type_id ?? undefined,
      creationDateTime: new Date(row.created_at),
      lastUpdatedDateTime: new Date(row.updated_at),
    };
  }

  async describeSlot(scope: Scope, input: DescribeSlotRequest): Promise<DescribeSlotResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const row = await this.ctx.store.db.selectFrom('lex_slots').selectAll().where(sameSlot(input)).executeTakeFirst();
    if (!row) throw notFound();
    return this.view(row);
  }

  async updateSlot(scope: Scope, input: UpdateSlotRequest): Promise<UpdateSlotResponse> {
    const { botId, botVersion: _v, localeId, intentId, slotId, slotName, slotTypeId, ...definition } = input;
    const key = { botId, botVersion: DRAFT, localeId, intentId };
    await this.draftIntent(scope, key);
    const row = await this.ctx.store.db.selectFrom('lex_slots').selectAll().where(sameSlot({ ...key, slotId })).executeTakeFirst();
    if (!row) throw preconditionFailed();
    await this.validate(key, slotTypeId, definition);
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (tx) => {
      const clash = await tx.selectFrom('lex_slots').select('slot_id').where('bot_id', '=', botId).where('bot_version', '=', DRAFT).where('locale_id', '=', localeId).where('intent_id', '=', intentId).where('slot_name', '=', slotName).where('slot_id', '!=', slotId).executeTakeFirst();
      if (clash) throw conflict(`A slot with the name '${slotName}' already exists in intent ${intentId}.`);
      await tx.updateTable('lex_slots').set({ slot_name: slotName, slot_type_id: slotTypeId ?? null, definition: JSON.stringify(definition), updated_at: now.toISOString() }).where(sameSlot({ ...key, slotId })).execute();
      await this.locales.markUnbuilt(tx, botId, localeId, now);
    });
    return { ...definition, botId, botVersion: DRAFT, localeId, intentId, slotId, slotName, slotTypeId, creationDateTime: new Date(row.created_at), lastUpdatedDateTime: now };
  }

  async deleteSlot(scope: Scope, input: DeleteSlotRequest): Promise<void> {
    await this.bots.bot(scope, input.botId, 'precondition');
    const key = { botId: input.botId, botVersion: DRAFT, localeId: input.localeId, intentId: input.intentId };
    const row = await this.ctx.store.db.selectFrom('lex_slots').select('slot_id').where(sameSlot({ ...key, slotId: input.slotId })).executeTakeFirst();
    if (!row) throw preconditionFailed();
    const now = this.ctx.clock();
    await this.ctx.store.transaction(async (tx) => {
      await tx.deleteFrom('lex_slots').where(sameSlot({ ...key, slotId: input.slotId })).execute();
      await this.priorities(tx, key, (current) => current.filter((p) => p.slotId !== input.slotId), now);
      await this.locales.markUnbuilt(tx, key.botId, key.localeId, now);
    });
  }

  async listSlots(scope: Scope, input: ListSlotsRequest): Promise<ListSlotsResponse> {
    await this.locales.locale(scope, input.botId, input.botVersion, input.localeId);
    const intent = await this.ctx.store.db.selectFrom('lex_intents').select('intent_id').where(sameIntent(input)).executeTakeFirst();
    if (!intent) throw notFound();
    let rows = (await this.slots(input)).map((r) => this.view(r));
    for (const filter of input.filters ?? []) rows = rows.filter((r) => matchesFilter(r.slotName, filter));
    const descending = input.sortBy?.order === 'Descending';
    const byTime = input.sortBy?.attribute === 'LastUpdatedDateTime';
    rows.sort((a, b) => (descending ? -1 : 1) * (byTime ? a.lastUpdatedDateTime.getTime() - b.lastUpdatedDateTime.getTime() : a.slotName.localeCompare(b.slotName)));
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      botId: input.botId,
      botVersion: input.botVersion,
      localeId: input.localeId,
      intentId: input.intentId,
      slotSummaries: items.map((r) => ({
        slotId: r.slotId,
        slotName: r.slotName,
        slotTypeId: r.slotTypeId,
        description: r.description,
        slotConstraint: r.valueElicitationSetting?.slotConstraint,
        valueElicitationPromptSpecification: r.valueElicitationSetting?.promptSpecification,
        lastUpdatedDateTime: r.lastUpdatedDateTime,
      })),
      nextToken,
    };
  }
}
