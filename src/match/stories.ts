/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets, shown once with the other reports inside.
 */
import { ENTITIES, terms } from '../text';
import type { CorpusArticle } from '../corpus';
import type { CorpusIndex } from './corpus-index';
import { cachedSimilarity, matchQuotes } from './quotes';

/** Two reports are one story when they share a quote this alike, about one occasion, within this many days. */
const STORY_QUOTE_MATCH = 0.75;
const STORY_DAYS = 7;

/** Quote shingle -> doc numbers, kept beside an index once built, for placing added articles. */
const shingleIndex = new WeakMap<CorpusIndex, Map<string, number[]>>();
/** The entities that are occasions (the July 4 message, an inauguration): the same one makes the same moment. */
export const OCCASIONS = new Set(ENTITIES.filter((e) => e.occasion).map((e) => e.id));
/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets. Candidate pairs come from shared four-word runs of their quotes, so
 * the grouping does not compare every pair of a large corpus. `fresh` are the doc numbers to place.
 */
export function groupStories(index: CorpusIndex, fresh: readonly number[]): void {
  const shingles = (n: number) => {
    const keys = new Set<string>();
    for (const q of index.docs[n]!.quotes) {
      const t = terms(q.text);
      for (let k = 0; k + 4 <= t.length; k++) keys.add(t.slice(k, k + 4).join(' '));
    }
    return keys;
  };
  let byShingle = shingleIndex.get(index);
  const add = (n: number) => {
    for (const key of shingles(n)) {
      const list = byShingle!.get(key) ?? [];
      if (list.length < 50) list.push(n);
      byShingle!.set(key, list);
    }
  };
  if (!byShingle) {
    shingleIndex.set(index, (byShingle = new Map()));
    index.docs.forEach((_, n) => index.removed.has(n) || add(n));
  } else fresh.forEach(add);

  const parent = new Map<string, string>();
  const find = (g: string): string => {
    const p = parent.get(g) ?? g;
    if (p === g) return g;
    const root = find(p);
    parent.set(g, root);
    return root;
  };
  const similarity = cachedSimilarity();
  const checked = new Set<string>();
  for (const a of fresh) {
    for (const key of shingles(a)) {
      for (const b of byShingle.get(key) ?? []) {
        const pair = a < b ? `${a}:${b}` : `${b}:${a}`;
        if (a === b || checked.has(pair) || index.removed.has(b)) continue;
        checked.add(pair);
        if (!sameStory(index.docs[a]!, index.docs[b]!, similarity)) continue;
        const [ga, gb] = [find(index.story[a]!), find(index.story[b]!)];
        if (ga !== gb) parent.set(index.position.get(ga)! < index.position.get(gb)! ? gb : ga, index.position.get(ga)! < index.position.get(gb)! ? ga : gb);
      }
    }
  }
  if (parent.size > 0) index.story = index.story.map((g) => find(g));
  index.groups = groupsOf(index.story, index.removed);
}

export function groupsOf(story: readonly string[], removed: ReadonlySet<number>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  story.forEach((g, n) => {
    if (removed.has(n)) return;
    const list = groups.get(g);
    if (list) list.push(n);
    else groups.set(g, [n]);
  });
  return groups;
}

function sameStory(a: CorpusArticle, b: CorpusArticle, similarity: (a: string, b: string) => number): boolean {
  const occasionsA = new Set(a.entities.filter((e) => OCCASIONS.has(e.id)).map((e) => e.id));
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
