// A bot locale's definition as the insight operations read it (the analyzer, utterance generation, the
// recommendations that compare missed utterances with the bot): its intents with their sample utterances
// and slots, and its custom slot types with their values. One read of the store, no rules.
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { parseJson } from './context.js';

export interface DefinedSlot {
  id: string;
  name: string;
  /** A custom slot type's id or a built-in's signature (AMAZON.Number). */
  typeId: string | null;
  /** Whether the slot has a prompt to elicit its value with (valueElicitationSetting.promptSpecification). */
  hasPrompt: boolean;
}

export interface DefinedIntent {
  id: string;
  name: string;
  description?: string;
  /** A built-in parent (AMAZON.FallbackIntent, AMAZON.KendraSearchIntent, ...): such an intent needs no utterances. */
  parentIntentSignature?: string;
  utterances: string[];
  slots: DefinedSlot[];
}

export interface DefinedSlotType {
  id: string;
  name: string;
  /** Each value with its synonyms, the sample value first. */
  values: string[][];
  /** The slot types a composite type's sub-slots use. */
  subSlotTypeIds: string[];
}

export interface LocaleDefinition {
  localeId: string;
  /** By name. */
  intents: DefinedIntent[];
  /** By name. */
  slotTypes: DefinedSlotType[];
}

interface IntentJson {
  description?: string;
  parentIntentSignature?: string;
  sampleUtterances?: { utterance: string }[];
}
interface SlotJson {
  valueElicitationSetting?: { promptSpecification?: unknown };
}
interface SlotTypeJson {
  slotTypeValues?: { sampleValue?: { value: string }; synonyms?: { value: string }[] }[];
  compositeSlotTypeSetting?: { subSlots?: { slotTypeId?: string }[] };
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function readLocaleDefinition(db: Kysely<Schema>, botId: string, botVersion: string, localeId: string): Promise<LocaleDefinition> {
  const inLocale = { bot_id: botId, bot_version: botVersion, locale_id: localeId };
  const [intentRows, slotRows, typeRows] = await Promise.all([
    db.selectFrom('lex_intents').selectAll().where((eb) => eb.and(inLocale)).execute(),
    db.selectFrom('lex_slots').selectAll().where((eb) => eb.and(inLocale)).execute(),
    db.selectFrom('lex_slot_types').selectAll().where((eb) => eb.and(inLocale)).execute(),
  ]);
  const intents = intentRows.map((row): DefinedIntent => {
    const definition = parseJson<IntentJson>(row.definition, {});
    return {
      id: row.intent_id,
      name: row.intent_name,
      description: definition.description,
      parentIntentSignature: definition.parentIntentSignature,
      utterances: (definition.sampleUtterances ?? []).map((u) => u.utterance),
      slots: slotRows
        .filter((s) => s.intent_id === row.intent_id)
        .map((s) => ({
          id: s.slot_id,
          name: s.slot_name,
          typeId: s.slot_type_id,
          hasPrompt: parseJson<SlotJson>(s.definition, {}).valueElicitationSetting?.promptSpecification !== undefined,
        }))
        .sort(byName),
    };
  });
  const slotTypes = typeRows.map((row): DefinedSlotType => {
    const definition = parseJson<SlotTypeJson>(row.definition, {});
    return {
      id: row.slot_type_id,
      name: row.slot_type_name,
      values: (definition.slotTypeValues ?? []).map((v) => [v.sampleValue?.value, ...(v.synonyms ?? []).map((s) => s.value)].filter((x): x is string => typeof x === 'string')),
      subSlotTypeIds: (definition.compositeSlotTypeSetting?.subSlots ?? []).map((s) => s.slotTypeId).filter((x): x is string => typeof x === 'string'),
    };
  });
  return { localeId, intents: intents.sort(byName), slotTypes: slotTypes.sort(byName) };
}
