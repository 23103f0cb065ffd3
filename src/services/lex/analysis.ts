// The bot analyzer's checks (StartBotAnalyzer): what can be decided from a bot locale's definition alone,
// by fixed rules, in the four areas AWS's Bot Analyzer reports on (intent separation, intent overlap, slot
// usage, utterance quality; docs/lex.md, Bot analyzer). AWS's analyzer asks a Bedrock model; these rules are
// linkedrole's own, deterministic, and each finding names the utterances, intents or slots it rests on.
// No I/O: the locale's definition in, the recommendations out, most severe first.
import type { BotAnalyzerRecommendation } from '../../aws/generated/lexv2-models.js';
import type { DefinedIntent, LocaleDefinition } from './locale-definition.js';
import { jaccard } from './matching.js';

/** Two utterances of different intents are "similar" when their word sets share at least this (Jaccard). */
export const SIMILARITY_THRESHOLD = 0.75;
/** At most this many utterance examples are quoted in one finding. */
const EXAMPLES = 3;

/** An utterance's words, lower-cased, a slot reference ({City}) as the one token `{}`. */
export function utteranceTokens(utterance: string): string[] {
  return utterance
    .toLowerCase()
    .replace(/\{[^}]*\}/g, ' {} ')
    .split(/[^\p{L}\p{N}'{}]+/u)
    .filter((w) => w !== '');
}

/** The slot names an utterance refers to ({City} -> City). */
export function slotReferences(utterance: string): string[] {
  return [...utterance.matchAll(/\{([^}]*)\}/g)].map((m) => m[1].trim());
}

const quote = (utterances: string[]) =>
  utterances
    .slice(0, EXAMPLES)
    .map((u) => `"${u}"`)
    .join(', ') + (utterances.length > EXAMPLES ? ` and ${utterances.length - EXAMPLES} more` : '');

type Finding = BotAnalyzerRecommendation;
const PRIORITY_ORDER: Record<string, number> = { High: 0, Medium: 1, Low: 2 };

/** Whether an intent is recognized from its sample utterances (a built-in parent is recognized its own way). */
const utteranceDriven = (intent: DefinedIntent) => intent.parentIntentSignature === undefined;

/** Pairs of intents (by name), each pair once. */
function pairs<T>(items: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) out.push([items[i], items[j]]);
  return out;
}

/** Every check, in the order findings of one priority are reported. */
export function analyzeLocale(definition: LocaleDefinition): BotAnalyzerRecommendation[] {
  const botLocale = definition.localeId;
  const findings: Finding[] = [];
  const intents = definition.intents.filter(utteranceDriven);
  const at = (intent?: DefinedIntent, slotId?: string) => ({ botLocale, ...(intent ? { intentId: intent.id } : {}), ...(slotId ? { slotId } : {}) });

  // Utterance quality: an intent without sample utterances cannot be recognized.
  for (const intent of intents) {
    if (intent.utterances.length === 0) {
      findings.push({
        priority: 'High',
        issueLocation: at(intent),
        issueDescription: `The intent ${intent.name} has no sample utterances, so no user input can be recognized as this intent.`,
        proposedFix: `Add sample utterances to ${intent.name} that say how users ask for it, or delete the intent.`,
      });
    }
  }
  // Slot usage: a reference to a slot the intent does not have is never filled.
  for (const intent of intents) {
    const names = new Set(intent.slots.map((s) => s.name));
    const unknown = intent.utterances.filter((u) => slotReferences(u).some((ref) => !names.has(ref)));
    if (unknown.length > 0) {
      const refs = [...new Set(unknown.flatMap(slotReferences).filter((ref) => !names.has(ref)))];
      findings.push({
        priority: 'High',
        issueLocation: at(intent),
        issueDescription: `Sample utterances of ${intent.name} refer to ${refs.map((r) => `{${r}}`).join(', ')}, which ${refs.length === 1 ? 'is not a slot' : 'are not slots'} of the intent: ${quote(unknown)}.`,
        proposedFix: `Create the slot${refs.length === 1 ? '' : 's'} ${refs.join(', ')} in ${intent.name}, or correct the references to name existing slots.`,
      });
    }
  }
  // Intent overlap: the same utterance in two intents makes the choice between them arbitrary.
  const tokensOf = new Map(intents.map((intent) => [intent, intent.utterances.map((u) => ({ text: u, tokens: utteranceTokens(u) }))]));
  const slotPairs = new Set<string>();
  const values = slotTypeWords(definition);
  for (const [a, b] of pairs(intents)) {
    const inB = new Map(tokensOf.get(b)!.map((u) => [u.tokens.join(' '), u.text]));
    const shared = tokensOf.get(a)!.filter((u) => u.tokens.length > 0 && inB.has(u.tokens.join(' ')));
    if (shared.length > 0) {
      findings.push({
        priority: 'High',
        issueLocation: at(a),
        issueDescription: `The intents ${a.name} and ${b.name} have the same sample utterances (ignoring case, punctuation and slot names): ${quote(shared.map((u) => u.text))}. Input like these cannot be told apart between the two intents.`,
        proposedFix: `Keep each of these utterances in only one of ${a.name} and ${b.name}, or merge the two intents if they serve the same request.`,
      });
    }
    // Slot usage: utterances that differ only by one word that are values of the same custom slot type.
    const viaSlot: { a: string; b: string; type: string }[] = [];
    for (const ua of tokensOf.get(a)!) {
      for (const ub of tokensOf.get(b)!) {
        const type = differsBySlotValue(ua.tokens, ub.tokens, values);
        if (type) viaSlot.push({ a: ua.text, b: ub.text, type });
      }
    }
    if (viaSlot.length > 0) {
      const type = viaSlot[0].type;
      for (const pair of viaSlot) slotPairs.add(`${pair.a}\u0000${pair.b}`);
      findings.push({
        priority: 'Medium',
        issueLocation: at(a),
        issueDescription: `The intents ${a.name} and ${b.name} have sample utterances that differ only by a value of the slot type ${type}: ${viaSlot
          .slice(0, EXAMPLES)
          .map((p) => `"${p.a}" / "${p.b}"`)
          .join(', ')}.`,
        proposedFix: `Combine ${a.name} and ${b.name} into one intent with a slot of type ${type}, and write the utterances with a slot reference in place of the value.`,
      });
    }
    // Intent overlap: utterances of two intents with mostly the same words.
    const similar: string[] = [];
    for (const ua of tokensOf.get(a)!) {
      for (const ub of tokensOf.get(b)!) {
        if (ua.tokens.join(' ') === ub.tokens.join(' ') || slotPairs.has(`${ua.text}\u0000${ub.text}`)) continue;
        if (jaccard(ua.tokens, ub.tokens) >= SIMILARITY_THRESHOLD) similar.push(`"${ua.text}" / "${ub.text}"`);
      }
    }
    if (similar.length > 0) {
      findings.push({
        priority: 'Medium',
        issueLocation: at(a),
        issueDescription: `The intents ${a.name} and ${b.name} have sample utterances with mostly the same words (at least ${SIMILARITY_THRESHOLD * 100}% shared): ${similar.slice(0, EXAMPLES).join(', ')}${similar.length > EXAMPLES ? ` and ${similar.length - EXAMPLES} more` : ''}.`,
        proposedFix: `Make the utterances of ${a.name} and ${b.name} distinct by the words that tell the two requests apart, or merge the intents.`,
      });
    }
  }
  // Utterance quality: the same utterance twice in one intent adds nothing.
  for (const intent of intents) {
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const u of tokensOf.get(intent)!) {
      const key = u.tokens.join(' ');
      if (seen.has(key)) repeated.push(u.text);
      seen.add(key);
    }
    if (repeated.length > 0) {
      findings.push({
        priority: 'Low',
        issueLocation: at(intent),
        issueDescription: `The intent ${intent.name} repeats sample utterances (ignoring case, punctuation and slot names): ${quote(repeated)}.`,
        proposedFix: `Remove the repeated utterances from ${intent.name} and add varied ones instead.`,
      });
    }
  }
  // Slot usage: a slot no utterance mentions is filled only when it is elicited, and never without a prompt.
  for (const intent of intents) {
    if (intent.utterances.length === 0) continue;
    const referenced = new Set(intent.utterances.flatMap(slotReferences));
    for (const slot of intent.slots) {
      if (referenced.has(slot.name)) continue;
      findings.push(
        slot.hasPrompt
          ? {
              priority: 'Low',
              issueLocation: at(intent, slot.id),
              issueDescription: `No sample utterance of ${intent.name} refers to its slot ${slot.name}, so the slot can only be filled by eliciting it.`,
              proposedFix: `Add sample utterances to ${intent.name} that contain {${slot.name}}, so users can give its value with their request.`,
            }
          : {
              priority: 'Medium',
              issueLocation: at(intent, slot.id),
              issueDescription: `The slot ${slot.name} of ${intent.name} has no prompt and no sample utterance refers to it, so it is never filled.`,
              proposedFix: `Give ${slot.name} a prompt (valueElicitationSetting.promptSpecification), or add sample utterances to ${intent.name} that contain {${slot.name}}.`,
            },
      );
    }
  }
  // Slot usage: a custom slot type no slot uses.
  const used = new Set([...definition.intents.flatMap((i) => i.slots.map((s) => s.typeId)), ...definition.slotTypes.flatMap((t) => t.subSlotTypeIds)]);
  for (const type of definition.slotTypes) {
    if (used.has(type.id)) continue;
    findings.push({
      priority: 'Low',
      issueLocation: { botLocale },
      issueDescription: `The slot type ${type.name} is not used by any slot of the locale.`,
      proposedFix: `Use ${type.name} in a slot, or delete it.`,
    });
  }
  return findings.map((f, i) => ({ f, i })).sort((x, y) => PRIORITY_ORDER[x.f.priority] - PRIORITY_ORDER[y.f.priority] || x.i - y.i).map((x) => x.f);
}

/** Each one-word value or synonym of a custom slot type, lower-cased, with the types it belongs to. */
function slotTypeWords(definition: LocaleDefinition): Map<string, string[]> {
  const words = new Map<string, string[]>();
  for (const type of definition.slotTypes) {
    for (const value of type.values.flat()) {
      const tokens = utteranceTokens(value);
      if (tokens.length !== 1) continue;
      const types = words.get(tokens[0]) ?? [];
      if (!types.includes(type.name)) types.push(type.name);
      words.set(tokens[0], types);
    }
  }
  return words;
}

/** The slot type whose two different values are the one word in which `a` and `b` differ, if so. */
function differsBySlotValue(a: string[], b: string[], values: Map<string, string[]>): string | undefined {
  if (a.length !== b.length || a.length < 2) return undefined;
  const at = a.map((w, i) => (w === b[i] ? -1 : i)).filter((i) => i >= 0);
  if (at.length !== 1) return undefined;
  const typesA = values.get(a[at[0]]) ?? [];
  const typesB = values.get(b[at[0]]) ?? [];
  return typesA.find((t) => typesB.includes(t));
}
