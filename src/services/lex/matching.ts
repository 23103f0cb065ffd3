// How a bot understands text here: a deterministic match of the user's words against each intent's
// sample utterances (slot references like {City} are ignored). An exact match scores 1; otherwise
// the share of words the two have in common (Jaccard). Below the locale's confidence threshold, no
// intent matches and the FallbackIntent answers.

export interface IntentCandidate {
  name: string;
  utterances: string[];
}

export interface Scored {
  name: string;
  score: number;
}

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\{[^}]*\}/g, ' ')
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w !== '');
}

/** The share of distinct words two word lists have in common (Jaccard); 0 for two empty lists. */
export function jaccard(a: string[], b: string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  if (setA.size === 0 && setB.size === 0) return 0;
  let common = 0;
  for (const w of setA) if (setB.has(w)) common++;
  return common / (setA.size + setB.size - common);
}

export function similarity(text: string, utterance: string): number {
  const a = words(text);
  const b = words(utterance);
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join(' ') === b.join(' ')) return 1;
  return jaccard(a, b);
}

/** Intents at or above `threshold`, best first (ties by name). */
export function rank(text: string, intents: IntentCandidate[], threshold: number): Scored[] {
  const scored = intents
    .map((intent) => ({ name: intent.name, score: Math.max(0, ...intent.utterances.map((u) => similarity(text, u))) }))
    .filter((s) => s.score > 0 && s.score >= threshold);
  scored.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
  return scored.map((s) => ({ name: s.name, score: Math.round(s.score * 100) / 100 }));
}

const POSITIVE = new Set(['good', 'great', 'love', 'like', 'thanks', 'thank', 'happy', 'excellent', 'awesome', 'wonderful', 'nice', 'perfect', 'amazing', 'glad']);
const NEGATIVE = new Set(['bad', 'hate', 'terrible', 'awful', 'angry', 'horrible', 'worst', 'upset', 'poor', 'sad', 'annoyed', 'broken', 'useless', 'disappointed']);

/** A small lexicon-based stand-in for Amazon Comprehend's DetectSentiment. */
export function detectSentiment(text: string): { sentiment: 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED'; sentimentScore: { positive: number; negative: number; neutral: number; mixed: number } } {
  let positive = 0;
  let negative = 0;
  for (const w of words(text)) {
    if (POSITIVE.has(w)) positive++;
    if (NEGATIVE.has(w)) negative++;
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (positive > 0 && negative > 0) return { sentiment: 'MIXED', sentimentScore: { positive: 0.2, negative: 0.2, neutral: 0.1, mixed: 0.5 } };
  if (positive > 0) {
    const p = round(Math.min(0.99, 0.6 + 0.1 * positive));
    return { sentiment: 'POSITIVE', sentimentScore: { positive: p, negative: 0.01, neutral: round(0.99 - p - 0.01), mixed: 0.01 } };
  }
  if (negative > 0) {
    const n = round(Math.min(0.99, 0.6 + 0.1 * negative));
    return { sentiment: 'NEGATIVE', sentimentScore: { positive: 0.01, negative: n, neutral: round(0.99 - n - 0.01), mixed: 0.01 } };
  }
  return { sentiment: 'NEUTRAL', sentimentScore: { positive: 0.05, negative: 0.05, neutral: 0.89, mixed: 0.01 } };
}
