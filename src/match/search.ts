/**
 * Free-text search over the corpus, for the popup: each query word is read against the corpus
 * vocabulary (fuzzily, with fuse.js, so "Putn Obma" finds Putin and Obama), every word must match, and
 * the best passage of each hit is shown with the matched words marked.
 */
import Fuse from 'fuse.js';
import { normalize, terms, WORD, wordTerm } from '../text';
import { articleHead, type ArticleHead } from './articles';
import type { CorpusIndex } from './corpus-index';
import { bm25AllOf, docFrequency, hasTerm, sortedTerms } from './terms-index';

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
  /**
   * The terms by their first letter and length ("p5": putin), and by their second letter and length,
   * made on first use; and fuse.js over each such bucket, also made on first use.
   */
  buckets?: Map<string, string[]>;
  fuses: Map<string, Fuse<string>>;
}
const vocabularies = new WeakMap<CorpusIndex, Vocabulary>();

function vocabularyOf(index: CorpusIndex): Vocabulary {
  let v = vocabularies.get(index);
  if (!v) {
    v = { sorted: sortedTerms(index.terms).slice(), fuses: new Map() };
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

function bucketsOf(vocabulary: Vocabulary): Map<string, string[]> {
  if (vocabulary.buckets) return vocabulary.buckets;
  const buckets = new Map<string, string[]>();
  const put = (key: string, term: string) => {
    const list = buckets.get(key);
    if (list) list.push(term);
    else buckets.set(key, [term]);
  };
  for (const term of vocabulary.sorted) {
    put(`1${term[0]}${term.length}`, term);
    if (term.length > 1) put(`2${term[1]}${term.length}`, term);
  }
  return (vocabulary.buckets = buckets);
}

/**
 * The spellings fuse.js proposes for a word, best first. A slip of the keyboard keeps the word's first
 * letter or its second (Putn, Obma, uPtin), and a confident correction is a few letters longer or shorter
 * at most ({@link confidentEdits}): so fuse.js reads only the terms of those lengths that begin with the
 * word's first letter, and those whose second letter is its second. A scan of every term of a real
 * vocabulary, for every word typed, took 25 ms at 1 k articles of real text; of the terms that share the
 * first or second letter, 3-8 ms.
 */
function proposedSpellings(vocabulary: Vocabulary, word: string): string[] {
  const buckets = bucketsOf(vocabulary);
  const edits = confidentEdits(word);
  const found = new Map<string, number>();
  for (const key of ['1' + word[0], '2' + (word[1] ?? '')])
    for (let length = Math.max(1, word.length - edits); length <= word.length + edits; length++) {
      const bucket = key + length;
      let fuse = vocabulary.fuses.get(bucket);
      if (!fuse) {
        const list = buckets.get(bucket);
        if (!list) continue;
        vocabulary.fuses.set(bucket, (fuse = new Fuse(list, FUSE_VOCABULARY)));
      }
      for (const r of fuse.search(word, { limit: PROPOSALS })) found.set(r.item, Math.min(found.get(r.item) ?? 1, r.score ?? 1));
    }
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
    if (hasTerm(index.terms, stem)) out.push(stem);
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
  if (hasTerm(index.terms, word)) return [word, ...forms];
  if (forms.length) return forms;
  // Of the confident corrections, the closest first, and among equally close ones the word more articles
  // use (Putn: putin before pun).
  return proposedSpellings(vocabulary, word)
    .map((term) => ({ term, edits: editDistance(term, word), df: docFrequency(index.terms, term) }))
    .filter((c) => c.edits <= confidentEdits(word))
    .sort((a, b) => a.edits - b.edits || b.df - a.df)
    .slice(0, 3)
    .map((c) => c.term);
}

/** The first step of {@link searchCorpus}: the hits' doc numbers and scores, before any doc's body is read. */
export interface PreparedSearch {
  hits: number[];
  scores: number[];
  readAs: string[];
  wanted: Set<string>;
}

export function prepareSearch(index: CorpusIndex, query: string, limit = 10): PreparedSearch {
  const qWords = terms(query).slice(0, 8);
  const expanded = qWords.map((w) => expandWord(index, w));
  // Every word must match: a word read as nothing (no confident spelling) leaves no hit.
  const found = expanded.some((alts) => alts.length === 0) ? [] : bm25AllOf(index.terms, expanded, limit, index.removed);
  const readAs = expanded.map((alts, i) => alts[0] ?? `${qWords[i]}?`);
  return { hits: found.map(([d]) => d), scores: found.map(([, s]) => s), readAs, wanted: new Set(expanded.flat()) };
}

/** Free-text fuzzy search over the corpus, for the popup: every query word must match (fuzzily). */
export function searchCorpus(index: CorpusIndex, query: string, limit = 10, prepared = prepareSearch(index, query, limit)): SearchHit[] {
  const { hits, scores, readAs, wanted } = prepared;
  return hits.map((d, k) => {
    const doc = index.docs[d]!;
    const [passage, highlights, at] = bestPassage([doc.title, ...doc.paragraphs], wanted);
    const score = Math.round(scores[k]! * 100) / 100;
    const matched = [...new Set(highlights.map(([a, b]) => wordTerm(passage.slice(a, b))))];
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

/** Where the wanted terms stand in a text, and how many different ones it has. */
function matchedWords(text: string, wanted: Set<string>): [ranges: [number, number][], distinct: number] {
  const ranges: [number, number][] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const w = wordTerm(m[0]);
    if (wanted.has(w)) {
      ranges.push([m.index, m.index + m[0].length]);
      seen.add(w);
    }
  }
  return [ranges, seen.size];
}

/**
 * The block with the most different wanted terms (the first of equals), normalized, with where they
 * stand in it. Blocks are compared as they are, and only the one shown is normalized.
 */
function bestPassage(blocks: string[], wanted: Set<string>): [string, [number, number][], number] {
  let [at, bestCount] = [0, -1];
  const list = [...wanted];
  for (const [k, block] of blocks.entries()) {
    // The wanted terms found anywhere in the block, as parts of words too, are as many as it can have:
    // a block that cannot beat the best so far is not read word by word.
    const lower = block.toLowerCase().replaceAll('.', '');
    if (list.filter((w) => lower.includes(w)).length <= bestCount) continue;
    const count = matchedWords(block, wanted)[1];
    if (count > bestCount) [at, bestCount] = [k, count];
  }
  const text = normalize(blocks[at] ?? '');
  return [text, matchedWords(text, wanted)[0], at];
}
