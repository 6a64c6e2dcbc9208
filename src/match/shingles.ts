/**
 * The quote shingle index of ./stories.ts: which docs' quotes hold a four-word run (by its 32-bit hash).
 * Kept compact, as at 100 k articles it holds millions of runs: the part loaded or built in one go is
 * three typed arrays (sorted hashes, offsets, doc numbers: 4 bytes a run, not a Map entry each), and the
 * docs added since sit in a small Map beside it. It is kept in the snapshot, so a started worker places
 * a new article among the stories without reading every other article's quotes.
 */

/** A run's doc list stops growing here: a phrase in that many quotes says nothing of one story. */
export const SHINGLE_DOCS = 50;

export interface ShingleIndex {
  /** Sorted distinct hashes; hash k's docs are docs[offsets[k]] to docs[offsets[k + 1]]. */
  keys: Uint32Array;
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Hash -> doc numbers added since the arrays were made. */
  added: Map<number, number[]>;
}

export const emptyShingles = (): ShingleIndex => ({ keys: new Uint32Array(0), offsets: new Uint32Array(1), docs: new Uint32Array(0), added: new Map() });

/** Position of `key` in the sorted keys, or -1. */
function find(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The docs whose quotes hold the run with this hash (at most {@link SHINGLE_DOCS}). */
export function docsWith(index: ShingleIndex, key: number): number[] {
  const at = find(index.keys, key);
  const base = at < 0 ? [] : Array.from(index.docs.subarray(index.offsets[at]!, index.offsets[at + 1]!));
  const more = index.added.get(key);
  return more ? [...base, ...more].slice(0, SHINGLE_DOCS) : base;
}

/** Adds doc n's runs. */
export function addShingles(index: ShingleIndex, n: number, keys: Iterable<number>): void {
  for (const key of keys) {
    const list = index.added.get(key);
    if (list) {
      if (list.length < SHINGLE_DOCS) list.push(n);
      continue;
    }
    const at = find(index.keys, key);
    // A run already full in the arrays takes no more docs (the list would be cut at reading anyway).
    if (at < 0 || index.offsets[at + 1]! - index.offsets[at]! < SHINGLE_DOCS) index.added.set(key, [n]);
  }
}

/** The index in three arrays, the added docs folded in (for a snapshot, or after building in one go). */
export function compactShingles(index: ShingleIndex): ShingleIndex {
  if (index.added.size === 0) return index;
  const addedKeys = Uint32Array.from(index.added.keys()).sort();
  const keys = new Uint32Array(index.keys.length + addedKeys.length);
  const offsets = new Uint32Array(keys.length + 1);
  const docs: number[] = [];
  let [i, j, k] = [0, 0, 0];
  while (i < index.keys.length || j < addedKeys.length) {
    const a = i < index.keys.length ? index.keys[i]! : Infinity;
    const b = j < addedKeys.length ? addedKeys[j]! : Infinity;
    const key = Math.min(a, b);
    const list: number[] = [];
    if (a === key) list.push(...index.docs.subarray(index.offsets[i]!, index.offsets[++i]!));
    if (b === key) list.push(...index.added.get(addedKeys[j++]!)!);
    keys[k] = key;
    for (const n of list.slice(0, SHINGLE_DOCS)) docs.push(n);
    offsets[++k] = docs.length;
  }
  return { keys: keys.subarray(0, k), offsets: offsets.subarray(0, k + 1), docs: Uint32Array.from(docs), added: new Map() };
}
