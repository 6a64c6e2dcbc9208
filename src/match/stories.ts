/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets, shown once with the other reports inside.
 */
import { ENTITIES, hash, terms } from '../text';
import { hasBody } from './articles';
import { addShingles, docsWith, emptyShingles, type ShingleIndex } from './shingles';
import type { CorpusArticle } from '../corpus';
import type { CorpusIndex } from './corpus-index';
import { cachedSimilarity, matchQuotes } from './quotes';

/** Two reports are one story when they share a quote this alike, about one occasion, within this many days. */
const STORY_QUOTE_MATCH = 0.75;
const STORY_DAYS = 7;

/** The entities that are occasions (the July 4 message, an inauguration): the same one makes the same moment. */
export const OCCASIONS = new Set(ENTITIES.filter((e) => e.occasion).map((e) => e.id));
/** The hashed four-word runs of an article's quotes (a collision only makes one more pair to compare). */
function shinglesOf(doc: CorpusArticle): Set<number> {
  const keys = new Set<number>();
  for (const q of doc.quotes) {
    const t = terms(q.text);
    for (let k = 0; k + 4 <= t.length; k++) keys.add(hash(t.slice(k, k + 4).join(' ')));
  }
  return keys;
}

/**
 * The index's quote shingles (./shingles.ts). An index without them (built before they were kept)
 * makes them from the docs whose bodies are at hand; `made` hears each doc's runs.
 */
export function shingleIndex(index: CorpusIndex, made?: Map<number, Set<number>>): ShingleIndex {
  if (index.shingles) return index.shingles;
  const shingles = emptyShingles();
  index.docs.forEach((doc, n) => {
    if (index.removed.has(n) || !hasBody(index, n)) return;
    const keys = shinglesOf(doc);
    made?.set(n, keys);
    addShingles(shingles, n, keys);
  });
  return (index.shingles = shingles);
}

/**
 * The docs an article not yet added would be compared with to find its story: those sharing a four-word
 * run of its quotes. Their bodies must be at hand before it is added (see {@link groupStories}).
 */
export function storyCandidates(index: CorpusIndex, doc: CorpusArticle): number[] {
  // An article naming no occasion is a story of its own (see sameStory): nothing to compare it with.
  if (occasionsOf(doc).size === 0) return [];
  const byShingle = shingleIndex(index);
  const found = new Set<number>();
  for (const key of shinglesOf(doc)) for (const b of docsWith(byShingle, key)) if (!index.removed.has(b)) found.add(b);
  return [...found];
}

/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets. Candidate pairs come from shared four-word runs of their quotes, so
 * the grouping does not compare every pair of a large corpus. `fresh` are the doc numbers to place;
 * the docs they share a run with must have their bodies at hand ({@link storyCandidates}).
 */
export function groupStories(index: CorpusIndex, fresh: readonly number[]): void {
  const hadIndex = index.shingles !== undefined;
  const made = new Map<number, Set<number>>();
  const byShingle = shingleIndex(index, made);
  const shingles = fresh.map((n) => made.get(n) ?? shinglesOf(index.docs[n]!));
  // A shingle index made just now holds every doc, the fresh ones among them.
  if (hadIndex) fresh.forEach((n, k) => addShingles(byShingle, n, shingles[k]!));

  // The fresh docs join the groups as stories of their own, then merge with the stories they share one with.
  for (const n of fresh) if (!index.removed.has(n)) joinGroup(index.groups, index.story[n]!, n);
  const similarity = cachedSimilarity();
  // Each pair once: a fresh doc is compared with the fresh docs after it, not those before (which met it).
  const rank = new Map(fresh.map((n, k) => [n, k]));
  for (const [k, a] of fresh.entries()) {
    // Most articles name no occasion, and such an article is a story of its own: none of its runs is read.
    const occasions = occasionsOf(index.docs[a]!);
    if (occasions.size === 0 || index.removed.has(a)) continue;
    const seen = new Set<number>();
    for (const key of shingles[k]!) {
      for (const b of docsWith(byShingle, key)) {
        if (b === a || index.story[a] === index.story[b] || seen.has(b) || (rank.get(b) ?? k) < k || index.removed.has(b)) continue;
        seen.add(b);
        if (sameStoryAs(occasions, index.docs[a]!, index.docs[b]!, similarity)) mergeStories(index, a, b);
      }
    }
  }
}

/** Adds doc n to its story's list of docs (kept in doc order). */
function joinGroup(groups: Map<string, number[]>, story: string, n: number): void {
  const list = groups.get(story);
  if (!list) return void groups.set(story, [n]);
  let at = list.length;
  while (at > 0 && list[at - 1]! > n) at--;
  if (list[at - 1] !== n) list.splice(at, 0, n);
}

/**
 * The stories of docs a and b become one, under the label of the one whose first doc came first; only
 * the other's docs are relabelled (a merge costs the size of the stories, never the corpus's). A story
 * without a list is its one doc's (a loaded index lists only the stories of more than one).
 */
function mergeStories(index: CorpusIndex, a: number, b: number): void {
  const [ga, gb] = [index.story[a]!, index.story[b]!];
  const [la, lb] = [index.groups.get(ga) ?? [a], index.groups.get(gb) ?? [b]];
  const [keep, drop, kept, moved] = (la[0] ?? Infinity) <= (lb[0] ?? Infinity) ? [ga, gb, la, lb] : [gb, ga, lb, la];
  for (const n of moved) index.story[n] = keep;
  index.groups.set(
    keep,
    [...kept, ...moved].sort((x, y) => x - y),
  );
  index.groups.delete(drop);
}

/** The occasions an article names. */
const occasionsOf = (doc: CorpusArticle): Set<string> => new Set(doc.entities.filter((e) => OCCASIONS.has(e.id)).map((e) => e.id));

export const sameStory = (a: CorpusArticle, b: CorpusArticle, similarity: (a: string, b: string) => number): boolean => sameStoryAs(occasionsOf(a), a, b, similarity);

/** {@link sameStory}, with a's occasions found once for all the articles it is compared with. */
function sameStoryAs(occasionsA: ReadonlySet<string>, a: CorpusArticle, b: CorpusArticle, similarity: (a: string, b: string) => number): boolean {
  if (!b.entities.some((e) => occasionsA.has(e.id))) return false;
  if (a.date && b.date && Math.abs(Date.parse(a.date.iso) - Date.parse(b.date.iso)) > STORY_DAYS * 864e5) return false;
  return (
    matchQuotes(
      a.quotes.map((q) => q.text),
      b.quotes.map((q) => q.text),
      STORY_QUOTE_MATCH,
      similarity,
    ).length > 0
  );
}

/**
 * At most this many other reports of a story ride along with it. A story copied to thousands of sites
 * (an import of a wire's feed) would otherwise make every answer read and send all of them.
 */
export const SAME_STORY_SHOWN = 10;
/** The reports of doc n's story that an answer may name: the earliest kept. */
export const storyShown = (index: CorpusIndex, n: number): number[] => (index.groups.get(index.story[n]!) ?? [n]).slice(0, SAME_STORY_SHOWN + 1);
