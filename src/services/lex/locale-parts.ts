// The parts of a Lex V2 bot locale beyond its intents, kept per bot version: slots, slot types and the custom
// vocabulary (its status and items). A new version copies DRAFT's parts; deleting an intent, a locale, a
// version or the bot deletes theirs. One place, so that every table a locale owns is copied and deleted alike.
import type { Db, Tx } from '../../store/database.js';
import type { LexCustomVocabularyItemRow, LexCustomVocabularyRow, LexSlotRow, LexSlotTypeRow } from '../../store/schema.js';

export interface PartsKey {
  botId: string;
  /** Every version when absent. */
  botVersion?: string;
  /** Every locale when absent. */
  localeId?: string;
}

/** With the locale's parts, the insight runs on it (bot analyses, resource generations, bot recommendations) go when it goes; they are not copied into versions. */
const LOCALE_TABLES = ['lex_slots', 'lex_slot_types', 'lex_custom_vocabulary_items', 'lex_custom_vocabularies', 'lex_bot_analyses', 'lex_bot_generations', 'lex_bot_recommendations'] as const;

/** Deletes the slots, slot types, custom vocabulary and insight runs of a bot (of one version, of one locale). */
export async function deleteLocaleParts(tx: Tx, key: PartsKey): Promise<void> {
  for (const table of LOCALE_TABLES) {
    let query = tx.deleteFrom(table).where('bot_id', '=', key.botId);
    if (key.botVersion !== undefined) query = query.where('bot_version', '=', key.botVersion);
    if (key.localeId !== undefined) query = query.where('locale_id', '=', key.localeId);
    await query.execute();
  }
}

/** Deletes the slots of one intent. */
export async function deleteIntentSlots(tx: Tx, key: { botId: string; botVersion: string; localeId: string; intentId: string }): Promise<void> {
  await tx.deleteFrom('lex_slots').where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).where('intent_id', '=', key.intentId).execute();
}

/** Copies a locale's slots, slot types and custom vocabulary from DRAFT into the numbered version `toVersion`. */
export async function copyLocaleParts(tx: Tx, botId: string, localeId: string, fromVersion: string, toVersion: string): Promise<void> {
  const key = (table: 'lex_slot_types' | 'lex_slots' | 'lex_custom_vocabularies' | 'lex_custom_vocabulary_items') =>
    tx.selectFrom(table).selectAll().where('bot_id', '=', botId).where('bot_version', '=', fromVersion).where('locale_id', '=', localeId);
  for (const row of await key('lex_slot_types').execute()) await tx.insertInto('lex_slot_types').values({ ...(row as LexSlotTypeRow), bot_version: toVersion }).execute();
  for (const row of await key('lex_slots').execute()) await tx.insertInto('lex_slots').values({ ...(row as LexSlotRow), bot_version: toVersion }).execute();
  for (const row of await key('lex_custom_vocabularies').execute()) await tx.insertInto('lex_custom_vocabularies').values({ ...(row as LexCustomVocabularyRow), bot_version: toVersion }).execute();
  for (const row of await key('lex_custom_vocabulary_items').execute()) await tx.insertInto('lex_custom_vocabulary_items').values({ ...(row as LexCustomVocabularyItemRow), bot_version: toVersion }).execute();
}

/**
 * What keeps a locale from building, of Lex's build checks those this server can make: a slot, or a composite
 * slot type's sub-slot, whose custom slot type no longer exists (DeleteSlotType with skipResourceInUseCheck).
 * While a locale is Failed its DRAFT has not changed since the build (every change makes it NotBuilt), so
 * these are also the reasons DescribeBotLocale reports.
 */
export async function buildFailures(db: Tx | Db, key: { botId: string; botVersion: string; localeId: string }): Promise<string[]> {
  const [slots, types, intents] = await Promise.all([
    db.selectFrom('lex_slots').select(['slot_name', 'slot_type_id', 'intent_id']).where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).execute(),
    db.selectFrom('lex_slot_types').select(['slot_type_id', 'slot_type_name', 'definition']).where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).execute(),
    db.selectFrom('lex_intents').select(['intent_id', 'intent_name']).where('bot_id', '=', key.botId).where('bot_version', '=', key.botVersion).where('locale_id', '=', key.localeId).execute(),
  ]);
  const exists = (id: string) => id.startsWith('AMAZON.') || types.some((t) => t.slot_type_id === id);
  const failures: string[] = [];
  for (const slot of slots) {
    if (slot.slot_type_id && !exists(slot.slot_type_id)) {
      const intent = intents.find((i) => i.intent_id === slot.intent_id)?.intent_name ?? slot.intent_id;
      failures.push(`Slot ${slot.slot_name} in intent ${intent} uses the slot type ${slot.slot_type_id}, which does not exist.`);
    }
  }
  for (const type of types) {
    const subSlots = (JSON.parse(type.definition) as { compositeSlotTypeSetting?: { subSlots?: { name: string; slotTypeId: string }[] } }).compositeSlotTypeSetting?.subSlots ?? [];
    for (const sub of subSlots) if (!exists(sub.slotTypeId)) failures.push(`Sub-slot ${sub.name} of slot type ${type.slot_type_name} uses the slot type ${sub.slotTypeId}, which does not exist.`);
  }
  return failures;
}
