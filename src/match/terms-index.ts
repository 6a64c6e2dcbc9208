/**
 * An inverted index with BM25 weights over the corpus. Matching asks it for candidates first, so the
 * cost of a query grows with the postings of the query's terms, not with the full text of every article.
 * A posting is one number, doc × 256 + term frequency (capped at 255), in doc order: compact and fast
 * to scan, and one Uint32 when stored (up to 16 M docs). A loaded index's lists are views into one
 * typed array, copied into a plain array when a doc is added.
 */
import { termCounts } from '../text';

/** [doc0 × 256 + tf0, doc1 × 256 + tf1, ...], docs ascending. */
export type Postings = number[] | Uint32Array;
const TF = 256;
export const postingDoc = (p: number) => Math.floor(p / TF);
const postingTf = (p: number) => p % TF;

export interface TermsIndex {
  /** The lists at hand: made by adding docs, or unpacked from `packed` on first use. */
  postings: Map<string, Postings>;
  /** A loaded snapshot's lists, each unpacked when a query first reads it (see {@link postingsOf}). */
  packed?: PackedTerms;
  docLengths: number[];
  avgLength: number;
}

/**
 * Postings as a snapshot keeps them: each term's list packed on its own (see {@link packLists}), the
 * terms sorted. A starting worker unpacks only the lists its first query reads, not every list of a
 * large archive (at 100 k articles, tens of MB and a good part of the start).
 */
export interface PackedTerms {
  /** In code-unit order (binary search). */
  terms: readonly string[];
  /** Term k's list has counts[k + 1] - counts[k] postings, packed in bytes[byteOffsets[k]] to bytes[byteOffsets[k + 1]]. */
  counts: ArrayLike<number>;
  byteOffsets: ArrayLike<number>;
  bytes: Uint8Array;
}

/** Where a term is in the packed terms, or -1. */
function packedAt(packed: PackedTerms | undefined, term: string): number {
  if (!packed) return -1;
  const { terms } = packed;
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = terms[mid]!;
    if (t === term) return mid;
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A term's postings, unpacked on first use from a loaded snapshot (and kept, unless `keep` is false:
 * a snapshot being written reads every list once); undefined for a term of no doc.
 */
export function postingsOf(index: TermsIndex, term: string, keep = true): Postings | undefined {
  const list = index.postings.get(term);
  if (list) return list;
  const k = packedAt(index.packed, term);
  if (k < 0) return undefined;
  const { counts, byteOffsets, bytes } = index.packed!;
  const unpacked = unpackList(bytes.subarray(byteOffsets[k]!, byteOffsets[k + 1]!), counts[k + 1]! - counts[k]!);
  if (keep) index.postings.set(term, unpacked);
  return unpacked;
}

/** How many docs a term occurs in (its list is not unpacked for it). */
export function docFrequency(index: TermsIndex, term: string): number {
  const list = index.postings.get(term);
  if (list) return list.length;
  const k = packedAt(index.packed, term);
  return k < 0 ? 0 : index.packed!.counts[k + 1]! - index.packed!.counts[k]!;
}

export const hasTerm = (index: TermsIndex, term: string): boolean => index.postings.has(term) || packedAt(index.packed, term) >= 0;

/** Every term of the index, in code-unit order. */
export function sortedTerms(index: TermsIndex): readonly string[] {
  const packed = index.packed?.terms ?? [];
  const others = [...index.postings.keys()].filter((t) => packedAt(index.packed, t) < 0);
  return others.length === 0 ? packed : [...packed, ...others].sort();
}

const K1 = 1.2;
const B = 0.75;

/** Appends a document (its index is the next doc number); the average length follows. */
export function addDocument(index: TermsIndex, text: string): number {
  const doc = index.docLengths.length;
  const { counts, length } = termCounts(text);
  for (const [t, f] of counts) {
    const p = doc * TF + Math.min(f, TF - 1);
    const list = postingsOf(index, t);
    if (Array.isArray(list)) list.push(p);
    else index.postings.set(t, list ? [...list, p] : [p]);
  }
  index.docLengths.push(length);
  index.avgLength += (length - index.avgLength) / index.docLengths.length;
  return doc;
}

export function idf(index: TermsIndex, term: string): number {
  const n = index.docLengths.length;
  const df = docFrequency(index, term);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Each doc's length normalization, K1 × (1 − B + B × length / average), kept per index until a doc is added. */
const normsOf = new WeakMap<TermsIndex, Float64Array>();
function norms(index: TermsIndex): Float64Array {
  let norm = normsOf.get(index);
  if (norm?.length !== index.docLengths.length) {
    norm = Float64Array.from(index.docLengths, (length) => K1 * (1 - B + (B * length) / (index.avgLength || 1)));
    normsOf.set(index, norm);
  }
  return norm;
}

const termScore = (index: TermsIndex, weight: number, doc: number, f: number) => (weight * f * (K1 + 1)) / (f + norms(index)[doc]!);

/** Adds one term's BM25 contribution to every doc it occurs in (the inner loop of every query: kept lean). */
function addTerm(index: TermsIndex, norm: Float64Array, term: string, qWeight: number, scores: Float64Array): void {
  const list = postingsOf(index, term);
  if (!list) return;
  const w = idf(index, term) * qWeight * (K1 + 1);
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const doc = (p - (p % TF)) / TF;
    const f = p % TF;
    scores[doc]! += (w * f) / (f + norm[doc]!);
  }
}

/** BM25 score of every document for the weighted query terms (0 where none occurs). */
export function bm25(index: TermsIndex, query: ReadonlyMap<string, number>): Float64Array {
  const scores = new Float64Array(index.docLengths.length);
  const norm = norms(index);
  for (const [term, qWeight] of query) addTerm(index, norm, term, qWeight, scores);
  return scores;
}

/**
 * The `k` docs of highest BM25 score for the weighted query terms, best first (ties: lower doc first),
 * leaving out `skip`: as {@link bm25} then {@link topDocs}, with no array the size of the corpus made
 * for each query (one is kept per index and cleared after use).
 */
export function bm25Top(index: TermsIndex, query: ReadonlyMap<string, number>, k: number, skip: Iterable<number> = []): [doc: number, score: number][] {
  const scores = scratchOf(index).score;
  const norm = norms(index);
  for (const [term, qWeight] of query) addTerm(index, norm, term, qWeight, scores);
  for (const n of skip) if (n < scores.length) scores[n] = 0;
  const view = scores.subarray(0, index.docLengths.length);
  const top = topDocs(view, k).map((d): [number, number] => [d, view[d]!]);
  scores.fill(0);
  return top;
}

/** Scratch arrays for {@link bm25AllOf} and {@link bm25Top}, one pair per index, grown with it and left cleared after each use. */
const scratches = new WeakMap<TermsIndex, { score: Float64Array; matched: Uint8Array }>();
function scratchOf(index: TermsIndex): { score: Float64Array; matched: Uint8Array } {
  const n = index.docLengths.length;
  let scratch = scratches.get(index);
  if (!scratch || scratch.score.length < n) scratches.set(index, (scratch = { score: new Float64Array(n + 1024), matched: new Uint8Array(n + 1024) }));
  return scratch;
}

/**
 * The documents in which every group of terms has at least one term, with their BM25 score (each term
 * weighing 1), highest first, at most `limit` (ties: lower doc first); `skip` are never returned. Only
 * the postings of the groups' terms are read, the rarest group first, so the cost follows how common
 * the query's words are, not the size of the corpus.
 */
export function bm25AllOf(index: TermsIndex, groups: readonly (readonly string[])[], limit: number, skip: ReadonlySet<number> = new Set()): [doc: number, score: number][] {
  const n = index.docLengths.length;
  if (groups.length === 0 || groups.length > 255 || n === 0 || limit <= 0) return [];
  const { score, matched } = scratchOf(index);
  const size = (group: readonly string[]) => group.reduce((sum, t) => sum + docFrequency(index, t), 0);
  const ordered = [...groups].sort((a, b) => size(a) - size(b));
  const norm = norms(index);
  const touched: number[] = [];
  // matched[doc] = how many groups the doc has a term of so far; a doc missing one group is out.
  ordered.forEach((group, g) => {
    for (const term of group) {
      const list = postingsOf(index, term);
      if (!list) continue;
      const w = idf(index, term) * (K1 + 1);
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        const doc = postingDoc(p);
        if (matched[doc]! < g) continue;
        if (g === 0 && matched[doc] === 0) touched.push(doc);
        const f = postingTf(p);
        score[doc]! += (w * f) / (f + norm[doc]!);
        matched[doc] = g + 1;
      }
    }
  });
  // The best `limit`, kept in order as they come (most docs fall below the last and cost one comparison).
  const top: [number, number][] = [];
  const below = (a: [number, number], b: [number, number]) => a[1] < b[1] || (a[1] === b[1] && a[0] > b[0]);
  for (const doc of touched) {
    const s = score[doc]!;
    const last = top.length === limit ? top[limit - 1]! : undefined;
    if (matched[doc] === ordered.length && !skip.has(doc) && !(last && (s < last[1] || (s === last[1] && doc > last[0])))) {
      const hit: [number, number] = [doc, s];
      let i = top.length === limit ? limit - 1 : top.length;
      while (i > 0 && below(top[i - 1]!, hit)) {
        top[i] = top[i - 1]!;
        i--;
      }
      top[i] = hit;
    }
    score[doc] = 0;
    matched[doc] = 0;
  }
  return top;
}

/** What each query term contributed to one document's score, largest first. */
export function contributions(index: TermsIndex, query: ReadonlyMap<string, number>, doc: number): [string, number][] {
  const out: [string, number][] = [];
  for (const [term, qWeight] of query) {
    const list = postingsOf(index, term);
    const at = list ? findDoc(list, doc) : -1;
    if (at >= 0) out.push([term, termScore(index, idf(index, term) * qWeight, doc, postingTf(list![at]!))]);
  }
  return out.sort((a, b) => b[1] - a[1]);
}

/** Binary search of a postings list for a doc; its position, or -1. */
function findDoc(list: Postings, doc: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = postingDoc(list[mid]!);
    if (d === doc) return mid;
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
  const ranked = [...termCounts(text).counts]
    .filter(([t]) => hasTerm(index, t))
    .map(([t, f]) => [t, Math.log(1 + f) * idf(index, t)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit);
  return new Map(ranked.map(([t]) => [t, 1]));
}

/**
 * Postings packed for storage: each value's difference from the one before, zigzag and varint coded.
 * Lists are in doc order, so most differences take one or two bytes rather than four: a snapshot read
 * from disk is that much smaller, and unpacking costs less than the bytes saved.
 */
export function packPostings(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 5 + 5);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < values.length; i++) {
    const delta = values[i]! - previous;
    previous = values[i]!;
    let z = delta >= 0 ? delta * 2 : -delta * 2 - 1;
    while (z >= 128) {
      out[at++] = (z % 128) + 128;
      z = Math.floor(z / 128);
    }
    out[at++] = z;
  }
  return out.slice(0, at);
}

/**
 * Lists packed one after another, each on its own ({@link packList}), so that any one can be unpacked
 * alone: term k's list is bytes[byteOffsets[k]] to bytes[byteOffsets[k + 1]].
 */
export function packLists(values: ArrayLike<number>, counts: ArrayLike<number>): { bytes: Uint8Array; byteOffsets: Uint32Array } {
  const lists = counts.length - 1;
  const byteOffsets = new Uint32Array(lists + 1);
  // At most five bytes for a doc's gap and one for its term frequency.
  const out = new Uint8Array(values.length * 6 + 1);
  for (let k = 0; k < lists; k++) byteOffsets[k + 1] = packList(values, counts[k]!, counts[k + 1]!, out, byteOffsets[k]!);
  return { bytes: out.slice(0, byteOffsets[lists]), byteOffsets };
}

/**
 * One postings list (docs ascending) written at `at`: for each doc, its gap from the one before and
 * whether its term frequency is more than 1, as a varint ((gap - 1) × 2 + that); then the frequency in
 * a byte if it is. Most postings take one byte (a frequency of 1, a gap under 64), where the difference
 * coding of {@link packPostings} takes two. Returns where the list ends.
 */
function packList(values: ArrayLike<number>, from: number, to: number, out: Uint8Array, at: number): number {
  let previous = -1;
  for (let i = from; i < to; i++) {
    const doc = postingDoc(values[i]!);
    const tf = postingTf(values[i]!);
    if (doc <= previous) throw new Error('postings out of order');
    let code = (doc - previous - 1) * 2 + (tf > 1 ? 1 : 0);
    previous = doc;
    while (code >= 128) {
      out[at++] = (code & 127) | 128;
      code = Math.floor(code / 128);
    }
    out[at++] = code;
    if (tf > 1) out[at++] = tf;
  }
  return at;
}

/** The list {@link packList} wrote; throws if the bytes do not hold exactly `count` postings. */
export function unpackList(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  let doc = -1;
  for (let i = 0; i < count; i++) {
    let byte = bytes[at++]!;
    let code = byte & 127;
    for (let shift = 128; byte >= 128; shift *= 128) {
      if (shift > 2 ** 28) throw new Error('packed postings: a value is too long');
      byte = bytes[at++]!;
      code += (byte & 127) * shift;
    }
    doc += Math.floor(code / 2) + 1;
    const tf = code % 2 === 1 ? bytes[at++]! : 1;
    if (!(tf >= 1)) throw new Error('packed postings end early');
    out[i] = doc * TF + tf;
  }
  if (at !== bytes.length) throw new Error(at > bytes.length ? 'packed postings end early' : 'packed postings run on');
  return out;
}

/** The values {@link packPostings} packed; throws if the bytes do not hold exactly `count` of them. */
export function unpackPostings(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    // Up to four bytes (28 bits) with integer operations; a fifth, rare, with floating point. Reading
    // past the end gives undefined (0, and no continuation): caught by the length check below.
    let byte = bytes[at++]!;
    let z = byte & 127;
    if (byte >= 128) {
      byte = bytes[at++]!;
      z |= (byte & 127) << 7;
      if (byte >= 128) {
        byte = bytes[at++]!;
        z |= (byte & 127) << 14;
        if (byte >= 128) {
          byte = bytes[at++]!;
          z |= (byte & 127) << 21;
          if (byte >= 128) {
            byte = bytes[at++]!;
            z += (byte & 127) * 268435456;
            if (byte >= 128) throw new Error('packed postings: a value is too long');
          }
        }
      }
    }
    previous += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    out[i] = previous;
  }
  if (at !== bytes.length) throw new Error(at > bytes.length ? 'packed postings end early' : 'packed postings run on');
  return out;
}
