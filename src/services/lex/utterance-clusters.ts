// Bot recommendations' intent discovery (StartBotRecommendation): the missed utterances of the conversations
// this server held (turns the FallbackIntent answered) grouped by a fixed, deterministic similarity, each group
// of at least two turns a recommended intent with its sample utterances (docs/lex.md, Bot recommendations).
// No I/O.
import { utteranceTokens } from './analysis.js';
import { jaccard } from './matching.js';

/** Two utterances are linked when their content words (stop words aside) share at least this (Jaccard). */
export const CLUSTER_THRESHOLD = 0.5;
/** A group becomes a recommended intent from this many missed turns. */
export const MIN_TURNS = 2;

/** Words that say nothing of what the user wants; left out of the similarity and of the names. */
const STOP_WORDS = new Set(
  'a an the i me my we our you your it its is am are was were be been to of in on at for from with and or but if so do does did can could would should will shall may might must please want wanna like need just some any this that these those there here what which who how when where why hi hello hey um uh ok okay yes no not'.split(' '),
);

export interface MissedTurn {
  /** What the user said. */
  text: string;
  /** Which conversation it belongs to (the caller's key). */
  conversation: string;
}

export interface UtteranceCluster {
  /** PascalCase, from the group's most frequent content words. */
  name: string;
  /** Distinct utterances (compared as words), in the first spelling seen, most frequent first. */
  utterances: string[];
  turns: number;
  /** The conversations of its turns, in the order first seen. */
  conversations: string[];
}

const contentWords = (text: string) => utteranceTokens(text).filter((w) => w !== '{}' && !STOP_WORDS.has(w));
const capitalized = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Groups the turns (single link: linked utterances, and what they link to, are one group); names unique against `taken`. */
export function clusterMissedUtterances(turns: MissedTurn[], taken: string[]): UtteranceCluster[] {
  interface Distinct { key: string; text: string; words: string[]; count: number; conversations: string[]; order: number }
  const distinct = new Map<string, Distinct>();
  for (const turn of turns) {
    const words = contentWords(turn.text);
    if (words.length === 0) continue;
    const key = utteranceTokens(turn.text).join(' ');
    const entry = distinct.get(key) ?? { key, text: turn.text.trim(), words, count: 0, conversations: [], order: distinct.size };
    entry.count++;
    if (!entry.conversations.includes(turn.conversation)) entry.conversations.push(turn.conversation);
    distinct.set(key, entry);
  }
  const items = [...distinct.values()];
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  // Only utterances sharing a content word can reach the threshold: compare those (a word index), not every pair.
  const byWord = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const w of new Set(item.words)) byWord.set(w, [...(byWord.get(w) ?? []), i]);
  });
  for (let i = 0; i < items.length; i++) {
    const candidates = new Set<number>();
    for (const w of new Set(items[i].words)) for (const j of byWord.get(w)!) if (j > i) candidates.add(j);
    for (const j of candidates) {
      if (jaccard(items[i].words, items[j].words) >= CLUSTER_THRESHOLD) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, Distinct[]>();
  items.forEach((item, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), item]));
  const names = new Set(taken.map((n) => n.toLowerCase()));
  const clusters: UtteranceCluster[] = [];
  const ordered = [...groups.values()]
    .map((members) => ({ members, turns: members.reduce((n, m) => n + m.count, 0), first: Math.min(...members.map((m) => m.order)) }))
    .filter((g) => g.turns >= MIN_TURNS)
    .sort((a, b) => b.turns - a.turns || a.first - b.first);
  for (const { members, turns: count } of ordered) {
    const frequency = new Map<string, number>();
    for (const m of members) for (const w of new Set(m.words)) frequency.set(w, (frequency.get(w) ?? 0) + m.count);
    const top = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2).map(([w]) => w);
    const base = top.map(capitalized).join('').replace(/[^0-9a-zA-Z]/g, '').slice(0, 90) || 'RecommendedIntent';
    let name = base;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base}${n}`;
    names.add(name.toLowerCase());
    const sorted = [...members].sort((a, b) => b.count - a.count || a.order - b.order);
    const conversations: string[] = [];
    for (const m of [...members].sort((a, b) => a.order - b.order)) for (const c of m.conversations) if (!conversations.includes(c)) conversations.push(c);
    clusters.push({ name, utterances: sorted.map((m) => m.text), turns: count, conversations });
  }
  return clusters;
}
