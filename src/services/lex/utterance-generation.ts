// GenerateBotElement's sample utterances, made only from the bot's own data (AWS asks a Bedrock model; none
// runs here, docs/lex.md): an existing utterance with a value of one of the intent's slots (a custom slot
// type's sample value or synonym, said as whole words) written as the slot reference, and the intent's
// name as words. Nothing that repeats an utterance the intent has. No I/O.
import { utteranceTokens } from './analysis.js';
import type { DefinedIntent, DefinedSlotType } from './locale-definition.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `utterance` with the first whole-word occurrence of `phrase` outside slot references replaced by `{slot}`. */
function withSlotReference(utterance: string, phrase: string, slot: string): string | undefined {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}'])${escape(phrase)}(?![\\p{L}\\p{N}'])`, 'iu');
  const parts = utterance.split(/(\{[^}]*\})/);
  for (let i = 0; i < parts.length; i += 2) {
    if (pattern.test(parts[i])) {
      parts[i] = parts[i].replace(pattern, `{${slot}}`);
      return parts.join('');
    }
  }
  return undefined;
}

/** The intent's name as lower-case words (OrderPizza, order_pizza -> "order pizza"), when it has two or more. */
function nameAsWords(name: string): string | undefined {
  const words = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
  return words.length >= 2 ? words.join(' ') : undefined;
}

export function generateUtterances(intent: DefinedIntent, slotTypes: DefinedSlotType[]): string[] {
  const typeById = new Map(slotTypes.map((t) => [t.id, t]));
  const seen = new Set(intent.utterances.map((u) => utteranceTokens(u).join(' ')));
  const out: string[] = [];
  const add = (candidate: string | undefined) => {
    if (candidate === undefined) return;
    const key = utteranceTokens(candidate).join(' ');
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    out.push(candidate);
  };
  for (const utterance of intent.utterances) {
    for (const slot of intent.slots) {
      const type = slot.typeId ? typeById.get(slot.typeId) : undefined;
      if (!type) continue;
      // Longer phrases first, so "new york city" wins over "york".
      const phrases = type.values.flat().sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
      for (const phrase of phrases) {
        const made = withSlotReference(utterance, phrase, slot.name);
        if (made) {
          add(made);
          break;
        }
      }
    }
  }
  add(nameAsWords(intent.name));
  return out;
}
