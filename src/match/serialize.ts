/**
 * The index serialized, laid out to load fast at any size (see {@link SerializedIndex}), and loaded
 * back. Used for the seed index prebuilt at build time and the archive's snapshots.
 */
import { StoredArticle, bodyOf, type StoredHead } from './articles';
import { emptyIndex, type CorpusIndex } from './corpus-index';
import { compactShingles } from './shingles';
import { groupsOf, shingleIndex } from './stories';
import { docFrequency, postingsOf, sortedTerms, type Postings } from './terms-index';

/**
 * The serialized index, laid out to load fast at any size: postings in one typed array (a copy, not
 * an object per term, for IndexedDB's structured clone), the docs' heads in one JSON string, and each
 * doc's body as its own JSON string, parsed only when that doc is compared or shown. Loading reads
 * no article text and tokenizes nothing. For a JSON file, see {@link indexToJson}.
 */
export interface SerializedIndex {
  format: 'backstory-index';
  /** Bumped whenever tokenizing, the gazetteer or this layout changes: an older index is rebuilt. */
  version: typeof INDEX_VERSION;
  /** JSON of StoredHead[]. */
  heads: string;
  /** JSON of each doc's StoredBody; absent in a snapshot (kept apart, supplied on demand). */
  bodies?: string[];
  /** The postings' terms in code-unit order, joined by newlines; term k's postings (doc × 256 + tf) are pairs[offsets[k]] to pairs[offsets[k + 1]]. */
  terms: string;
  offsets: ArrayLike<number>;
  pairs: ArrayLike<number>;
  /** In a snapshot, instead of `pairs` (then empty): each term's list packed on its own, unpacked when first read (see packLists). */
  packed?: { bytes: Uint8Array; byteOffsets: ArrayLike<number> };
  docLengths: ArrayLike<number>;
  story: string[];
  /** Entity id -> number of docs naming it. */
  entityDf: [id: string, docs: number][];
  /** Doc numbers taken out. */
  removed: number[];
  /** The quote shingle index (./shingles.ts): sorted run hashes, offsets into `shingleDocs`, doc numbers. */
  shingleKeys: ArrayLike<number>;
  shingleOffsets: ArrayLike<number>;
  shingleDocs: ArrayLike<number>;
}

export const INDEX_VERSION = 4;
/**
 * Serializes the index; without `bodies` the docs' bodies are left out (a snapshot keeps them apart,
 * and loading then supplies them on demand).
 */
export function serializeIndex(index: CorpusIndex, bodies = true): SerializedIndex {
  // Compacted here, and kept so in memory too (the Map of added runs is the larger form).
  const shingles = (index.shingles = compactShingles(shingleIndex(index)));
  const termList = sortedTerms(index.terms);
  const offsets = new Uint32Array(termList.length + 1);
  termList.forEach((t, k) => (offsets[k + 1] = offsets[k]! + docFrequency(index.terms, t)));
  const pairs = new Uint32Array(offsets[termList.length]!);
  termList.forEach((t, k) => pairs.set(postingsOf(index.terms, t, false)!, offsets[k]));
  return {
    format: 'backstory-index',
    version: INDEX_VERSION,
    // A pack's name only where there is one: the seeds' heads stay as they were.
    heads: JSON.stringify(
      index.docs.map((d): StoredHead =>
        d.pack ? [d.id, d.title, d.source, d.outlet ?? null, d.byline ?? null, d.pack] : [d.id, d.title, d.source, d.outlet ?? null, d.byline ?? null],
      ),
    ),
    ...(bodies ? { bodies: index.docs.map(bodyOf) } : {}),
    terms: termList.join('\n'),
    offsets,
    pairs,
    docLengths: Uint32Array.from(index.terms.docLengths),
    story: index.story.slice(),
    entityDf: [...index.entityDf],
    removed: [...index.removed],
    shingleKeys: shingles.keys.slice(),
    shingleOffsets: shingles.offsets.slice(),
    shingleDocs: shingles.docs.slice(),
  };
}

/** A serialized index as JSON text (typed arrays as plain arrays); {@link loadIndex} reads it back after JSON.parse. */
export const indexToJson = (data: SerializedIndex): string => JSON.stringify(data, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));

/** Rebuilds the in-memory index from {@link serializeIndex}'s output; throws on another format or version. */
export function loadIndex(data: SerializedIndex): CorpusIndex {
  if (data?.format !== 'backstory-index' || data.version !== INDEX_VERSION) throw new Error(`not a Backstory index (version ${INDEX_VERSION})`);
  const index = emptyIndex();
  const heads = JSON.parse(data.heads) as StoredHead[];
  if ((data.bodies && heads.length !== data.bodies.length) || heads.length !== data.docLengths.length || heads.length !== data.story.length)
    throw new Error('a damaged Backstory index');
  index.docs = heads.map(([id, title, source, outlet, byline, pack], n) => new StoredArticle(id, title, source, outlet, byline, data.bodies?.[n], pack));
  const termList = data.terms ? data.terms.split('\n') : [];
  const docLengths = Array.from(data.docLengths);
  const avgLength = docLengths.reduce((a, b) => a + b, 0) / (docLengths.length || 1);
  if (data.offsets.length !== termList.length + 1) throw new Error('a damaged Backstory index');
  if (data.packed) {
    // A snapshot: each list is unpacked when a query first reads it.
    const { bytes, byteOffsets } = data.packed;
    if (byteOffsets.length !== termList.length + 1 || byteOffsets[termList.length] !== bytes.length) throw new Error('a damaged Backstory index');
    index.terms = { postings: new Map(), packed: { terms: termList, counts: data.offsets, byteOffsets, bytes }, docLengths, avgLength };
  } else {
    // Views into the loaded arrays: a list is copied only when an added doc extends it, so the serialized
    // data stays as it was (it may be loaded again, e.g. the bundled seed index after the archive changed).
    const pairs = ArrayBuffer.isView(data.pairs) ? (data.pairs as Uint32Array) : Uint32Array.from(data.pairs);
    if (data.offsets[termList.length] !== pairs.length) throw new Error('a damaged Backstory index');
    const postings = new Map<string, Postings>();
    termList.forEach((t, k) => postings.set(t, pairs.subarray(data.offsets[k]!, data.offsets[k + 1]!)));
    index.terms = { postings, docLengths, avgLength };
  }
  index.story = data.story.slice();
  index.removed = new Set(data.removed);
  index.docs.forEach((doc, n) => index.removed.has(n) || index.position.set(doc.id, n));
  index.entityDf = new Map(data.entityDf);
  index.groups = groupsOf(data.story, index.removed);
  const [keys, offsets, docs] = [data.shingleKeys, data.shingleOffsets, data.shingleDocs].map((a) => (ArrayBuffer.isView(a) ? (a as Uint32Array) : Uint32Array.from(a)));
  if (!keys || !offsets || !docs || offsets.length !== keys.length + 1 || offsets[keys.length] !== docs.length) throw new Error('a damaged Backstory index');
  index.shingles = { keys, offsets, docs, added: new Map() };
  return index;
}
