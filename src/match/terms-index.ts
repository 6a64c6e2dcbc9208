/**
 * An inverted index with BM25 weights over the corpus. Matching asks it for candidates first, so the
 * cost of a query grows with the postings of the query's terms, not with the full text of every article.
 */
import { terms } from '../text';

export interface TermsIndex {
  /** term -> [docIndex, termFrequency] pairs. */
  postings: Map<string, [number, number][]>;
  docLengths: number[];
  avgLength: number;
}

const K1 = 1.2;
const B = 0.75;

export function buildTermsIndex(texts: readonly string[]): TermsIndex {
  const postings = new Map<string, [number, number][]>();
  const docLengths: number[] = [];
  texts.forEach((text, doc) => addToIndex(postings, docLengths, doc, text));
  return { postings, docLengths, avgLength: average(docLengths) };
}

function addToIndex(postings: TermsIndex['postings'], docLengths: number[], doc: number, text: string): void {
  const tf = new Map<string, number>();
  const ts = terms(text);
  for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, f] of tf) {
    let list = postings.get(t);
    if (!list) postings.set(t, (list = []));
    list.push([doc, f]);
  }
  docLengths[doc] = ts.length;
}

const average = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function idf(index: TermsIndex, term: string): number {
  const n = index.docLengths.length;
  const df = index.postings.get(term)?.length ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** BM25 score of every document containing any of the weighted query terms. */
export function bm25(index: TermsIndex, query: Map<string, number>): Map<number, { score: number; terms: Map<string, number> }> {
  const out = new Map<number, { score: number; terms: Map<string, number> }>();
  for (const [term, qWeight] of query) {
    const list = index.postings.get(term);
    if (!list) continue;
    const w = idf(index, term) * qWeight;
    for (const [doc, f] of list) {
      const len = index.docLengths[doc] ?? 0;
      const s = (w * f * (K1 + 1)) / (f + K1 * (1 - B + (B * len) / (index.avgLength || 1)));
      let hit = out.get(doc);
      if (!hit) out.set(doc, (hit = { score: 0, terms: new Map() }));
      hit.score += s;
      hit.terms.set(term, s);
    }
  }
  return out;
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
