/**
 * Article -> ranked related coverage with reasons, and free-text search, over a {@link CorpusIndex}.
 * Pure code: the background worker owns one index; tests, the CLI and the benchmark build their own.
 */
import Fuse from 'fuse.js';
import { namedThings, type CorpusArticle, type NamedThing, type PublicationDate } from '../corpus';
import { ENTITIES, findQuotes, normalize, terms, words } from '../text';
import { matchQuotes, type QuoteMatch } from './quotes';
import { bm25, buildTermsIndex, queryTerms, type TermsIndex } from './terms-index';

export { matchQuotes, quoteSimilarity, wordContainment, type QuoteMatch } from './quotes';

export type RelationReason =
  | { kind: 'quote'; match: QuoteMatch }
  | { kind: 'occasion'; name: string }
  | { kind: 'entities'; names: string[] }
  | { kind: 'topic'; terms: string[] };

export interface RelatedArticle {
  id: string;
  title: string;
  outlet?: string;
  date?: PublicationDate;
  score: number;
  reasons: RelationReason[];
  snippet: string;
  /** Other corpus articles that are the same story from another outlet (near duplicates). */
  sameStory: { id: string; title: string; outlet?: string }[];
}

export interface ArticleQuery {
  title: string;
  paragraphs: readonly string[];
  /** Leave this corpus article out (when the page read is itself in the corpus). */
  excludeId?: string;
}

export interface CorpusIndex {
  docs: readonly CorpusArticle[];
  terms: TermsIndex;
  /** entity id -> number of corpus articles naming it. */
  entityDf: Map<string, number>;
  /** doc index -> story group id (the id of the group's earliest article). */
  story: string[];
}

const OCCASIONS = new Set(ENTITIES.filter((e) => e.occasion).map((e) => e.id));
const CANDIDATES = 50;
const MIN_SCORE = 0.2;

const fullText = (a: { title: string; paragraphs: readonly string[] }) => `${a.title}\n${a.paragraphs.join('\n')}`;

export function buildIndex(docs: readonly CorpusArticle[]): CorpusIndex {
  const entityDf = new Map<string, number>();
  for (const d of docs) for (const e of d.entities) entityDf.set(e.id, (entityDf.get(e.id) ?? 0) + 1);
  const index: CorpusIndex = { docs, terms: buildTermsIndex(docs.map(fullText)), entityDf, story: docs.map((d) => d.id) };
  groupStories(index);
  return index;
}

/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets. Candidate pairs come from shared four-word runs of their quotes, so
 * the grouping does not compare every pair of a large corpus.
 */
function groupStories(index: CorpusIndex): void {
  const byShingle = new Map<string, number[]>();
  index.docs.forEach((d, i) => {
    const keys = new Set<string>();
    for (const q of d.quotes) {
      const t = terms(q.text);
      for (let k = 0; k + 4 <= t.length; k++) keys.add(t.slice(k, k + 4).join(' '));
    }
    for (const key of keys) {
      const list = byShingle.get(key) ?? [];
      if (list.length < 50) list.push(i);
      byShingle.set(key, list);
    }
  });
  const parent = index.docs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const checked = new Set<string>();
  for (const list of byShingle.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [a, b] = [list[x]!, list[y]!];
        const key = `${a}:${b}`;
        if (checked.has(key)) continue;
        checked.add(key);
        if (sameStory(index.docs[a]!, index.docs[b]!)) parent[find(b)] = find(a);
      }
    }
  }
  index.story = index.docs.map((_, i) => index.docs[find(i)]!.id);
}

function sameStory(a: CorpusArticle, b: CorpusArticle): boolean {
  const occasionsA = new Set(a.entities.filter((e) => OCCASIONS.has(e.id)).map((e) => e.id));
  if (!b.entities.some((e) => occasionsA.has(e.id))) return false;
  if (a.date && b.date && Math.abs(Date.parse(a.date.iso) - Date.parse(b.date.iso)) > 7 * 864e5) return false;
  return matchQuotes(a.quotes.map((q) => q.text), b.quotes.map((q) => q.text), 0.75).length > 0;
}

const entityIdf = (index: CorpusIndex, id: string) => Math.log(1 + index.docs.length / (1 + (index.entityDf.get(id) ?? 0)));

/** Related earlier coverage for an article, best first, each with the reasons it is related. */
export function findRelated(index: CorpusIndex, query: ArticleQuery, limit = 5): RelatedArticle[] {
  const text = fullText(query);
  const hits = bm25(index.terms, queryTerms(index.terms, `${query.title}\n${text}`));
  const candidates = [...hits].sort((a, b) => b[1].score - a[1].score).slice(0, CANDIDATES);
  if (candidates.length === 0) return [];
  const topBm25 = candidates[0]![1].score;
  const qEntities = namedThings(query.paragraphs, query.title);
  const qEntityWeight = qEntities.reduce((n, e) => n + entityIdf(index, e.id), 0) || 1;
  const qQuotes = findQuotes(query.paragraphs).map((q) => q.text);
  const qOccasions = qEntities.filter((e) => OCCASIONS.has(e.id));

  const scored = candidates.flatMap(([docIndex, hit]) => {
    const doc = index.docs[docIndex]!;
    if (doc.id === query.excludeId) return [];
    const reasons: RelationReason[] = [];
    const docEntities = new Map(doc.entities.map((e) => [e.id, e]));
    const quoteMatches = qQuotes.length ? matchQuotes(qQuotes, doc.quotes.map((q) => q.text)) : [];
    for (const match of quoteMatches) reasons.push({ kind: 'quote', match });
    const occasions = qOccasions.filter((e) => docEntities.has(e.id));
    for (const o of occasions) reasons.push({ kind: 'occasion', name: o.name });
    const shared = qEntities.filter((e) => docEntities.has(e.id) && !OCCASIONS.has(e.id));
    const sharedWeight = shared.reduce((n, e) => n + entityIdf(index, e.id), 0);
    if (shared.length) reasons.push({ kind: 'entities', names: rankShared(index, shared).map((e) => e.name) });
    const topical = [...hit.terms].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    const entityWords = new Set(shared.flatMap((e) => words(e.name)));
    const topicTerms = topical.filter((t) => !entityWords.has(t)).slice(0, 5);
    if (topicTerms.length) reasons.push({ kind: 'topic', terms: topicTerms });

    const quoteScore = quoteMatches.reduce((m, q) => Math.max(m, q.similarity), 0);
    const score =
      0.35 * (hit.score / topBm25) * Math.min(1, hit.score / 8) +
      0.35 * (sharedWeight / qEntityWeight) +
      0.15 * Math.min(1, occasions.length) +
      0.3 * quoteScore;
    return [{ docIndex, doc, score: Math.round(score * 1000) / 1000, reasons }];
  });

  const ranked = scored.filter((s) => s.score >= MIN_SCORE).sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id));
  return ranked.slice(0, limit).map(({ docIndex, doc, score, reasons }) => ({
    id: doc.id,
    title: doc.title,
    outlet: doc.outlet,
    date: doc.date,
    score,
    reasons,
    snippet: snippetFor(doc, reasons),
    sameStory: index.docs
      .filter((d, i) => i !== docIndex && index.story[i] === index.story[docIndex])
      .map((d) => ({ id: d.id, title: d.title, outlet: d.outlet })),
  }));
}

function rankShared(index: CorpusIndex, shared: NamedThing[]): NamedThing[] {
  return [...shared].sort((a, b) => entityIdf(index, b.id) - entityIdf(index, a.id) || b.count - a.count).slice(0, 6);
}

/** The passage that best shows why: a matched quote's paragraph, else the lead. */
function snippetFor(doc: CorpusArticle, reasons: RelationReason[]): string {
  const quote = reasons.find((r) => r.kind === 'quote');
  const para = quote?.kind === 'quote' ? doc.quotes.find((q) => q.text === quote.match.passage)?.paragraph : undefined;
  return clip(para ?? doc.paragraphs[0] ?? '', 240);
}

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

export interface SearchHit {
  id: string;
  title: string;
  outlet?: string;
  date?: PublicationDate;
  score: number;
  /** The paragraph that best matches, and where the matched words stand in it. */
  passage: string;
  highlights: [start: number, end: number][];
  /** What each query word was read as (misspellings corrected against the corpus vocabulary). */
  readAs: string[];
}

const vocabularyFuse = new WeakMap<CorpusIndex, Fuse<string>>();

/** Corpus terms a query word may mean: itself when the corpus has it, else its closest fuzzy spellings. */
function expandWord(index: CorpusIndex, word: string): string[] {
  if (index.terms.postings.has(word)) return [word];
  let fuse = vocabularyFuse.get(index);
  if (!fuse) {
    fuse = new Fuse([...index.terms.postings.keys()], { includeScore: true, threshold: 0.34, ignoreLocation: true });
    vocabularyFuse.set(index, fuse);
  }
  return fuse
    .search(word, { limit: 3 })
    .filter((r) => Math.abs(r.item.length - word.length) <= 3)
    .map((r) => r.item);
}

/** Free-text fuzzy search over the corpus, for the popup: every query word must match (fuzzily). */
export function searchCorpus(index: CorpusIndex, query: string, limit = 10): SearchHit[] {
  const qWords = terms(query).slice(0, 8);
  if (qWords.length === 0) return [];
  const expanded = qWords.map((w) => expandWord(index, w));
  const perWord = expanded.map((alts) => bm25(index.terms, new Map(alts.map((t) => [t, 1]))));
  const docs = [...(perWord[0]?.keys() ?? [])].filter((d) => perWord.every((m) => m.has(d)));
  const readAs = expanded.map((alts, i) => alts[0] ?? `${qWords[i]}?`);
  return docs
    .map((d) => ({ d, score: perWord.reduce((n, m) => n + m.get(d)!.score, 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ d, score }) => {
      const doc = index.docs[d]!;
      const wanted = new Set(expanded.flat());
      const [passage, highlights] = bestPassage([doc.title, ...doc.paragraphs], wanted);
      return { id: doc.id, title: doc.title, outlet: doc.outlet, date: doc.date, score: Math.round(score * 100) / 100, passage, highlights, readAs };
    });
}

function bestPassage(blocks: string[], wanted: Set<string>): [string, [number, number][]] {
  let best: [string, [number, number][]] = [blocks[0] ?? '', []];
  let bestCount = -1;
  for (const block of blocks) {
    const text = normalize(block);
    const ranges: [number, number][] = [];
    const seen = new Set<string>();
    for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['.+][\p{L}\p{N}]+)*/gu)) {
      const w = words(m[0])[0];
      if (w && wanted.has(w)) {
        ranges.push([m.index, m.index + m[0].length]);
        seen.add(w);
      }
    }
    if (seen.size > bestCount) [best, bestCount] = [[text, ranges], seen.size];
  }
  return best;
}
