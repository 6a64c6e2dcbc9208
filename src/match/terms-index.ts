/**
 * An inverted index with BM25 weights over the corpus. Matching asks it for candidates first, so the
 * cost of a query grows with the postings of the query's terms, not with the full text of every article.
 * Postings are flat arrays of (doc, term frequency) pairs in doc order: compact, fast to scan, and
 * plain JSON when serialized.
 */
import { terms } from '../text';

export interface TermsIndex {
  /** term -> [doc0, tf0, doc1, tf1, ...], docs ascending. */
  postings: Map<string, number[]>;
  docLengths: number[];
  avgLength: number;
}

const K1 = 1.2;
const B = 0.75;

export function buildTermsIndex(texts: readonly string[]): TermsIndex {
  const index: TermsIndex = { postings: new Map(), docLengths: [], avgLength: 0 };
  for (const text of texts) addDocument(index, text);
  return index;
}

/** Appends a document (its index is the next doc number); the average length follows. */
export function addDocument(index: TermsIndex, text: string): number {
  const doc = index.docLengths.length;
  const tf = new Map<string, number>();
  const ts = terms(text);
  for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, f] of tf) {
    let list = index.postings.get(t);
    if (!list) index.postings.set(t, (list = []));
    list.push(doc, f);
  }
  index.docLengths.push(ts.length);
  index.avgLength += (ts.length - index.avgLength) / index.docLengths.length;
  return doc;
}

export function idf(index: TermsIndex, term: string): number {
  const n = index.docLengths.length;
  const df = (index.postings.get(term)?.length ?? 0) / 2;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

const termScore = (index: TermsIndex, weight: number, doc: number, f: number) =>
  (weight * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (index.docLengths[doc] ?? 0)) / (index.avgLength || 1)));

/** BM25 score of every document for the weighted query terms (0 where none occurs). */
export function bm25(index: TermsIndex, query: ReadonlyMap<string, number>): Float64Array {
  const scores = new Float64Array(index.docLengths.length);
  for (const [term, qWeight] of query) {
    const list = index.postings.get(term);
    if (!list) continue;
    const w = idf(index, term) * qWeight;
    for (let i = 0; i < list.length; i += 2) scores[list[i]!]! += termScore(index, w, list[i]!, list[i + 1]!);
  }
  return scores;
}

/** What each query term contributed to one document's score, largest first. */
export function contributions(index: TermsIndex, query: ReadonlyMap<string, number>, doc: number): [string, number][] {
  const out: [string, number][] = [];
  for (const [term, qWeight] of query) {
    const list = index.postings.get(term);
    const at = list ? findDoc(list, doc) : -1;
    if (at >= 0) out.push([term, termScore(index, idf(index, term) * qWeight, doc, list![at + 1]!)]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

/** Binary search of a flat postings list for a doc; the position of its pair, or -1. */
function findDoc(list: readonly number[], doc: number): number {
  let lo = 0;
  let hi = list.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = list[mid * 2]!;
    if (d === doc) return mid * 2;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The k highest positive scores' doc numbers, best first (ties: lower doc first). */
export function topDocs(scores: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d]!;
    if (s <= 0 || (top.length === k && s <= scores[top[k - 1]!]!)) continue;
    let i = top.length === k ? k - 1 : top.length;
    while (i > 0 && scores[top[i - 1]!]! < s) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = d;
  }
  return top;
}

/** The query's most distinctive terms (tf × idf against the corpus), as BM25 query weights. */
export function queryTerms(index: TermsIndex, text: string, limit = 40): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  const ranked = [...tf]
    .filter(([t]) => index.postings.has(t))
    .map(([t, f]) => [t, Math.log(1 + f) * idf(index, t)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit);
  return new Map(ranked.map(([t]) => [t, 1]));
}
