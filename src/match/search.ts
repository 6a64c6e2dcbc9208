/**
 * Free-text search over the corpus, for the popup: each query word is read against the corpus
 * vocabulary (fuzzily, with fuse.js, so "Putn Obma" finds Putin and Obama), every word must match, and
 * the best passage of each hit is shown with the matched words marked.
 */
import Fuse from 'fuse.js';
import { normalize, terms, words } from '../text';
import type { ArticleHead } from './articles';
import type { CorpusIndex } from './corpus-index';
import { bm25, topDocs } from './terms-index';

export interface SearchHit extends ArticleHead {
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
    const [passage, highlights] = bestPassage([doc.title, ...doc.paragraphs], wanted);
    const score = Math.round(total[d]! * 100) / 100;
    return { id: doc.id, title: doc.title, outlet: doc.outlet, date: doc.date, source: doc.source, score, passage, highlights, readAs };
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
