/**
 * Near-duplicate signatures of a text: MinHash over 3-word shingles of its content words, so syndicated
 * copies with another dateline or a trimmed paragraph still meet, and the hashes they are built from.
 * Pure: used by the archive's duplicate search and by the worker to recognise a page it already has.
 */
import { hash, SMALL, stopwords } from '../text';

/** The hash functions' seeds: one per signature entry. */
export const SEEDS = Array.from({ length: 16 }, (_, i) => hash(`seed${i}`));
/** Signature entries per band. */
export const BAND_SIZE = 2;

/** murmur3's finalizer: spreads a 32-bit value; with a seed xored in, one hash function per seed. */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whether a character separates words: white space and punctuation (ASCII, Latin-1, general and CJK punctuation). */
export function isSeparator(c: number): boolean {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0d) || (c >= 0x20 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  return (c >= 0xa0 && c <= 0xbf) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || (c >= 0x2010 && c <= 0x205f) || (c >= 0x3000 && c <= 0x303f) || c === 0xfeff;
}

/** FNV-1a's start and prime, as {@link hash} uses them. */
const FNV_START = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** The function words' hashes (their {@link SMALL} bits): a word is looked up by its hash, never cut out of the text. */
let stopHashes: Set<number> | undefined;
/** {@link isSeparator} by code unit (a table read), made on first use: not at every start of the worker. */
let separators: Uint8Array | undefined;

/**
 * The hashes ({@link hash}) of the text's words of two characters or more that are not function words,
 * in order; words are the runs between separators. One pass over the char codes, hashing as it goes: no
 * word is cut out as a string (on a 10 k import, making those strings was most of the signatures' time).
 */
export function contentWordHashes(lowered: string): number[] {
  stopHashes ??= new Set([...stopwords()].map((w) => hash(w) & SMALL));
  const separator = (separators ??= Uint8Array.from({ length: 65_536 }, (_, c) => (isSeparator(c) ? 1 : 0)));
  const out: number[] = [];
  // Kept as a signed 32-bit integer while hashing (the engine's fast path), unsigned once per word.
  let h = FNV_START | 0;
  let length = 0;
  for (let i = 0; i <= lowered.length; i++) {
    const c = i < lowered.length ? lowered.charCodeAt(i) : 0x20;
    if (separator[c] === 1) {
      if (length > 1 && !stopHashes.has(h & SMALL)) out.push(h >>> 0);
      h = FNV_START | 0;
      length = 0;
    } else {
      h = Math.imul(h ^ c, FNV_PRIME);
      length++;
    }
  }
  return out;
}

/**
 * MinHash over 3-word shingles of the text's content words (lower-cased, no function words: shingles of
 * function words would make unrelated texts meet on "of the").
 * Each shingle is hashed once; the 16 hash functions are that hash mixed with 16 seeds. (One-permutation
 * MinHash, a hash a shingle, was tried: a short text then has as many samples as shingles, and two
 * short texts of Jaccard 0.55 came out as copies.)
 */
export function signature(paragraphs: readonly string[]): { minhash: number[] } {
  const words = contentWordHashes(paragraphs.join(' ').toLowerCase());
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  const take = (shingle: number) => {
    for (let s = 0; s < SEEDS.length; s++) {
      const v = mix(shingle ^ SEEDS[s]!);
      if (v < mins[s]!) mins[s] = v;
    }
  };
  // A shingle met twice changes no minimum: no set of them is needed.
  for (let i = 0; i + 3 <= words.length; i++) take(mix(Math.imul(words[i]!, 0x9e3779b1) ^ Math.imul(words[i + 1]!, 0x85ebca6b) ^ words[i + 2]!));
  if (words.length > 0 && words.length < 3) take(mix(words.reduce((a, w) => Math.imul(a, 31) ^ w, 0)));
  return { minhash: Array.from(mins) };
}

/** Estimated Jaccard similarity of two texts from their signatures. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / Math.max(1, a.length);
}
/** Above this the two texts are one story (a syndicated copy), not two. */
export const SAME_TEXT = 0.7;
