/**
 * Free-text search over the corpus, for the popup: each query word is read against the corpus
 * vocabulary (fuzzily, with fuse.js, so "Putn Obma" finds Putin and Obama), every word must match, and
 * the best passage of each hit is shown with the matched words marked.
 */
import Fuse from 'fuse.js';
import { normalize, terms, words } from '../text';
import { articleHead, type ArticleHead } from './articles';
import type { CorpusIndex } from './corpus-index';
import { bm25, topDocs } from './terms-index';

export interface SearchHit extends ArticleHead {
  score: number;
  /** The paragraph that best matches, and where the matched words stand in it. */
  passage: string;
  highlights: [start: number, end: number][];
  /** Which of the article's paragraphs that is (-1: its title), for the reader to open there. */
  paragraph: number;
  /** The corpus words the query matched, for the reader to mark. */
  matched: string[];
  /** What each query word was read as (misspellings corrected against the corpus vocabulary). */
  readAs: string[];
}

interface Vocabulary {
  /** The corpus terms in code-unit order, for the word forms that share a stem (binary search by prefix). */
  sorted: string[];
  /** fuse.js over the terms that begin with a letter, and over those whose second letter it is, made on first use. */
  byFirst: Map<string, Fuse<string>>;
  bySecond: Map<string, Fuse<string>>;
  second?: Map<string, string[]>;
}
const vocabularies = new WeakMap<CorpusIndex, Vocabulary>();

function vocabularyOf(index: CorpusIndex): Vocabulary {
  let v = vocabularies.get(index);
  if (!v) {
    v = { sorted: [...index.terms.postings.keys()].sort(), byFirst: new Map(), bySecond: new Map() };
    vocabularies.set(index, v);
  }
  return v;
}

/** Where `key` is, or would go, in a sorted list of terms (binary search): the first term not below it. */
function firstAtOrAfter(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const FUSE_VOCABULARY = { includeScore: true, threshold: 0.34, ignoreLocation: true } as const;
/** Spellings taken from each fuse.js search: many score alike (put, pun, putin for putn), and the edits and use decide. */
const PROPOSALS = 20;

/**
 * The spellings fuse.js proposes for a word, best first. A slip of the keyboard keeps the word's first
 * letter or its second (Putn, Obma, uPtin), so fuse.js reads only the terms that begin with its first letter
 * and those whose second letter is its second: a scan of every term of a real vocabulary, for every word
 * typed, took 25 ms at 1 k articles of real text.
 */
function proposedSpellings(vocabulary: Vocabulary, word: string): string[] {
  const [first, second] = [word[0] ?? '', word[1] ?? ''];
  let byFirst = vocabulary.byFirst.get(first);
  if (!byFirst) {
    const { sorted } = vocabulary;
    const lo = firstAtOrAfter(sorted, first);
    let end = lo;
    while (end < sorted.length && sorted[end]!.startsWith(first)) end++;
    vocabulary.byFirst.set(first, (byFirst = new Fuse(sorted.slice(lo, end), FUSE_VOCABULARY)));
  }
  let bySecond = vocabulary.bySecond.get(second);
  if (!bySecond) {
    if (!vocabulary.second) {
      vocabulary.second = new Map();
      for (const term of vocabulary.sorted) {
        const list = vocabulary.second.get(term[1] ?? '');
        if (list) list.push(term);
        else vocabulary.second.set(term[1] ?? '', [term]);
      }
    }
    vocabulary.bySecond.set(second, (bySecond = new Fuse(vocabulary.second.get(second) ?? [], FUSE_VOCABULARY)));
  }
  const found = new Map<string, number>();
  for (const fuse of [byFirst, bySecond]) for (const r of fuse.search(word, { limit: PROPOSALS })) found.set(r.item, Math.min(found.get(r.item) ?? 1, r.score ?? 1));
  return [...found].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([term]) => term);
}

/** Longest ending a word form may add to or drop from a word: Crimea / Crimean, sanction / sanctions / sanctioned. */
const MAX_ENDING = 3;
/** Shortest word whose forms are looked for: shorter prefixes stand for too many words. */
const MIN_STEM = 4;

/** The corpus terms that are this word with a short ending, or this word without one. */
function wordForms(index: CorpusIndex, vocabulary: Vocabulary, word: string): string[] {
  if (word.length < MIN_STEM) return [];
  const out: string[] = [];
  const { sorted } = vocabulary;
  for (let i = firstAtOrAfter(sorted, word); i < sorted.length && sorted[i]!.startsWith(word); i++)
    if (sorted[i]!.length - word.length <= MAX_ENDING && sorted[i] !== word) out.push(sorted[i]!);
  for (let cut = 1; cut <= MAX_ENDING && word.length - cut >= MIN_STEM; cut++) {
    const stem = word.slice(0, -cut);
    if (index.terms.postings.has(stem)) out.push(stem);
  }
  return out;
}

/** Edits (insert, delete, substitute, swap two neighbours) between two short words: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** How many edits a correction may make: a slip of the keyboard, not another word (Lavrov is not Zakharova). */
export const confidentEdits = (word: string): number => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

/**
 * Corpus terms a query word may mean: itself and its word forms when the corpus has them (Crimea finds
 * Crimean), else its closest spellings, but only a confident correction: fuse.js proposes, and a
 * spelling within {@link confidentEdits} of the word is kept. No confident match: no term.
 */
function expandWord(index: CorpusIndex, word: string): string[] {
  const vocabulary = vocabularyOf(index);
  const forms = wordForms(index, vocabulary, word);
  if (index.terms.postings.has(word)) return [word, ...forms];
  if (forms.length) return forms;
  // Of the confident corrections, the closest first, and among equally close ones the word more articles
  // use (Putn: putin before pun).
  return proposedSpellings(vocabulary, word)
    .map((term) => ({ term, edits: editDistance(term, word), df: index.terms.postings.get(term)?.length ?? 0 }))
    .filter((c) => c.edits <= confidentEdits(word))
    .sort((a, b) => a.edits - b.edits || b.df - a.df)
    .slice(0, 3)
    .map((c) => c.term);
}

/** The first step of {@link searchCorpus}: the hits' doc numbers, before any doc's body is read. */
export interface PreparedSearch {
  hits: number[];
  total: Float64Array;
  readAs: string[];
  wanted: Set<string>;
}

export function prepareSearch(index: CorpusIndex, query: string, limit = 10): PreparedSearch {
  const qWords = terms(query).slice(0, 8);
  if (qWords.length === 0) return { hits: [], total: new Float64Array(0), readAs: [], wanted: new Set() };
  const expanded = qWords.map((w) => expandWord(index, w));
  const perWord = expanded.map((alts) => bm25(index.terms, new Map(alts.map((t) => [t, 1]))));
  const total = new Float64Array(index.docs.length);
  for (let d = 0; d < total.length; d++) {
    let sum = 0;
    for (const s of perWord) {
      if (!(s[d]! > 0)) {
        sum = 0;
        break;
      }
      sum += s[d]!;
    }
    total[d] = sum;
  }
  for (const n of index.removed) total[n] = 0;
  const readAs = expanded.map((alts, i) => alts[0] ?? `${qWords[i]}?`);
  return { hits: topDocs(total, limit), total, readAs, wanted: new Set(expanded.flat()) };
}

/** Free-text fuzzy search over the corpus, for the popup: every query word must match (fuzzily). */
export function searchCorpus(index: CorpusIndex, query: string, limit = 10, prepared = prepareSearch(index, query, limit)): SearchHit[] {
  const { hits, total, readAs, wanted } = prepared;
  return hits.map((d) => {
    const doc = index.docs[d]!;
    const [passage, highlights, at] = bestPassage([doc.title, ...doc.paragraphs], wanted);
    const score = Math.round(total[d]! * 100) / 100;
    const matched = [...new Set(highlights.map(([a, b]) => words(passage.slice(a, b))[0] ?? ''))].filter(Boolean);
    return {
      ...articleHead(doc),
      score,
      passage,
      highlights,
      paragraph: at - 1,
      matched,
      readAs,
    };
  });
}

function bestPassage(blocks: string[], wanted: Set<string>): [string, [number, number][], number] {
  let best: [string, [number, number][], number] = [blocks[0] ?? '', [], 0];
  let bestCount = -1;
  for (const [k, block] of blocks.entries()) {
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
    if (seen.size > bestCount) [best, bestCount] = [[text, ranges, k], seen.size];
  }
  return best;
}
