// Slot values in a conversation turn, as far as this server's deterministic matching can find them honestly:
// a custom slot type's values and synonyms appearing in the user's words (resolved by the type's
// resolutionStrategy: TopResolution gives the sample value, OriginalValue the words said), AMAZON.Number as
// digits, AMAZON.Confirmation's yes / no words, an extended AMAZON.AlphaNumeric's regular expression.
// Other built-in types (dates, cities, names...) need a real recognizer: they are never filled from text here,
// only from the session state a client puts. Then the dialog: the first Required slot still empty (in the
// intent's slotPriorities order) is elicited with its prompt; when none is, the intent is fulfilled.
import type { Slot } from '../../aws/generated/lexv2-runtime.js';
import type { MessageGroup, SlotPriority } from '../../aws/generated/lexv2-models.js';
import type { LexSlotRow, LexSlotTypeRow } from '../../store/schema.js';
import { parseJson } from './context.js';
import { words } from './matching.js';
import type { SlotDefinition } from './slots.js';
import { ALPHANUMERIC, type SlotTypeDefinition } from './slot-types.js';

export interface FilledDialog {
  slots: Record<string, Slot>;
  /** The intent's slots whose values conversation logs must not show (obfuscationSetting DefaultObfuscation). */
  obfuscated: string[];
  /** The slot to elicit next and its prompt, when a Required slot has no value yet. */
  elicit?: { slotName: string; messages: { contentType: 'PlainText' | 'SSML'; content: string }[] };
}

const CONFIRMATION: Record<string, string[]> = {
  Yes: ['yes', 'yeah', 'yep', 'sure', 'ok', 'okay', 'correct'],
  No: ['no', 'nope', 'nah', 'negative'],
  Maybe: ['maybe', 'perhaps', 'possibly'],
  "Don't know": ['dunno', 'unsure'],
};

const slotValue = (originalValue: string, interpretedValue: string, resolvedValues: string[] = [interpretedValue]): Slot => ({
  shape: 'Scalar',
  value: { originalValue, interpretedValue, resolvedValues },
});

/** Does `phrase` occur in `said` as whole words? */
function occurs(said: string[], phrase: string): boolean {
  const wanted = words(phrase);
  if (wanted.length === 0) return false;
  for (let i = 0; i + wanted.length <= said.length; i++) if (wanted.every((w, j) => said[i + j] === w)) return true;
  return false;
}

/** The value `text` gives a slot of this type, if the matching can find one. */
export function valueFor(text: string, slotTypeId: string, type: SlotTypeDefinition | undefined): Slot | undefined {
  const said = words(text);
  if (slotTypeId === 'AMAZON.Number') {
    const digits = /(?:^|\s)(-?\d+(?:\.\d+)?)(?=\s|$|[.,!?])/.exec(text);
    return digits ? slotValue(digits[1], digits[1]) : undefined;
  }
  if (slotTypeId === 'AMAZON.Confirmation') {
    for (const [value, synonyms] of Object.entries(CONFIRMATION)) {
      const hit = synonyms.find((s) => said.includes(s));
      if (hit) return slotValue(hit, value);
    }
    return undefined;
  }
  if (!type) return undefined;
  const strategy = type.valueSelectionSetting?.resolutionStrategy ?? 'OriginalValue';
  for (const entry of type.slotTypeValues ?? []) {
    const sample = entry.sampleValue?.value;
    if (!sample) continue;
    const said_as = [sample, ...(entry.synonyms ?? []).map((s) => s.value)].find((phrase) => occurs(said, phrase));
    if (said_as) return slotValue(said_as, strategy === 'TopResolution' ? sample : said_as, [sample]);
  }
  const regex = type.valueSelectionSetting?.regexFilter?.pattern;
  if (type.parentSlotTypeSignature === ALPHANUMERIC && regex) {
    const pattern = new RegExp(`^(?:${regex})$`, 'u');
    const hit = text.split(/\s+/).map((w) => w.replace(/[.,!?]+$/, '')).find((w) => pattern.test(w));
    if (hit) return slotValue(hit, hit);
  }
  return undefined;
}

function promptMessages(groups: MessageGroup[] | undefined): NonNullable<FilledDialog['elicit']>['messages'] {
  const out: NonNullable<FilledDialog['elicit']>['messages'] = [];
  for (const group of groups ?? []) {
    if (group.message?.plainTextMessage) out.push({ contentType: 'PlainText', content: group.message.plainTextMessage.value });
    else if (group.message?.ssmlMessage) out.push({ contentType: 'SSML', content: group.message.ssmlMessage.value });
  }
  return out;
}

/**
 * The intent's slots after this turn: those already filled (the session's), those the text fills (the slot being
 * elicited first, then every other empty one), and the next Required slot to elicit.
 */
export function fillSlots(
  text: string,
  slots: LexSlotRow[],
  slotTypes: LexSlotTypeRow[],
  priorities: SlotPriority[] | undefined,
  filled: Record<string, Slot | null> | undefined,
  eliciting: string | undefined,
): FilledDialog {
  const order = [...slots].sort((a, b) => rankOf(priorities, a.slot_id) - rankOf(priorities, b.slot_id) || a.slot_name.localeCompare(b.slot_name));
  const typeOf = (id: string | null) => (id ? slotTypes.find((t) => t.slot_type_id === id) : undefined);
  const result: Record<string, Slot> = {};
  for (const [name, value] of Object.entries(filled ?? {})) if (value) result[name] = value;
  const tryFill = (slot: LexSlotRow) => {
    if (result[slot.slot_name] || !slot.slot_type_id) return;
    const type = typeOf(slot.slot_type_id);
    const value = valueFor(text, slot.slot_type_id, type ? parseJson<SlotTypeDefinition>(type.definition, {}) : undefined);
    if (value) result[slot.slot_name] = value;
  };
  const current = order.find((s) => s.slot_name === eliciting);
  if (current) tryFill(current);
  for (const slot of order) tryFill(slot);
  const obfuscated = order.filter((s) => parseJson<SlotDefinition>(s.definition, {} as SlotDefinition).obfuscationSetting?.obfuscationSettingType === 'DefaultObfuscation').map((s) => s.slot_name);
  const missing = order.find((s) => !result[s.slot_name] && parseJson<SlotDefinition>(s.definition, {} as SlotDefinition).valueElicitationSetting?.slotConstraint === 'Required');
  if (!missing) return { slots: result, obfuscated };
  const prompt = parseJson<SlotDefinition>(missing.definition, {} as SlotDefinition).valueElicitationSetting?.promptSpecification;
  return { slots: result, obfuscated, elicit: { slotName: missing.slot_name, messages: promptMessages(prompt?.messageGroups) } };
}

function rankOf(priorities: SlotPriority[] | undefined, slotId: string): number {
  return priorities?.find((p) => p.slotId === slotId)?.priority ?? Number.MAX_SAFE_INTEGER;
}

/**
 * What a conversation log shows of a turn with obfuscated slots, as Lex writes it: each such slot's value as its
 * name in braces ({Password}), in the slots of the session state and the interpretations and in the transcript.
 */
export function obfuscatedForLog<T extends { sessionState: { intent?: { slots?: Record<string, Slot | null> } }; interpretations: { intent?: { slots?: Record<string, Slot | null> } }[] }>(
  text: string,
  stored: T,
  obfuscated: string[],
): { text: string; stored: T } {
  if (obfuscated.length === 0) return { text, stored };
  const copy = JSON.parse(JSON.stringify(stored)) as T;
  let transcript = text;
  const hide = (slots: Record<string, Slot | null> | undefined) => {
    for (const name of obfuscated) {
      const slot = slots?.[name];
      if (!slot?.value) continue;
      const original = slot.value.originalValue ?? slot.value.interpretedValue;
      if (original) transcript = transcript.split(original).join(`{${name}}`);
      slot.value = { originalValue: `{${name}}`, interpretedValue: `{${name}}`, resolvedValues: [`{${name}}`] };
    }
  };
  hide(copy.sessionState.intent?.slots);
  for (const interpretation of copy.interpretations) hide(interpretation.intent?.slots);
  return { text: transcript, stored: copy };
}
