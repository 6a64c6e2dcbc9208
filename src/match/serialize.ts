/**
 * The index serialized, laid out to load fast at any size (see {@link SerializedIndex}), and loaded
 * back. Used for the seed index prebuilt at build time and the archive's snapshots.
 */
import type { CorpusArticle } from '../corpus';
import { StoredArticle, TitleColumn, bodyOf } from './articles';
import { emptyIndex, type CorpusIndex } from './corpus-index';
import { compactShingles } from './shingles';
import { shingleIndex } from './stories';
import { docFrequency, postingsOf, sortedTerms, type Postings } from './terms-index';

/**
 * The serialized index, laid out to load fast at any size: postings in one typed array (a copy, not
 * an object per term, for IndexedDB's structured clone), the docs' heads in columns (typed arrays and
 * a few strings, not an object or a string per doc), and each doc's body as its own JSON string, parsed
 * only when that doc is compared or shown. Loading reads no article text and tokenizes nothing. For a
 * JSON file, see {@link indexToJson}.
 */
export interface SerializedIndex {
  format: 'backstory-index';
  /** Bumped whenever tokenizing, the gazetteer or this layout changes: an older index is rebuilt. */
  version: typeof INDEX_VERSION;
  heads: StoredHeads;
  /** JSON of each doc's StoredBody; absent in a snapshot (kept apart, supplied on demand). */
  bodies?: string[];
  /** The postings' terms in code-unit order, joined by newlines; term k's postings (doc × 256 + tf) are pairs[offsets[k]] to pairs[offsets[k + 1]]. */
  terms: string;
  offsets: ArrayLike<number>;
  pairs: ArrayLike<number>;
  /** In a snapshot, instead of `pairs` (then empty): each term's list packed on its own, unpacked when first read (see packLists). */
  packed?: { bytes: Uint8Array; byteOffsets: ArrayLike<number> };
  docLengths: ArrayLike<number>;
  /** Each doc's story, as the number of the story's first doc (whose id labels it). */
  story: ArrayLike<number>;
  /** Entity id -> number of docs naming it. */
  entityDf: [id: string, docs: number][];
  /** Doc numbers taken out. */
  removed: number[];
  /** The quote shingle index (./shingles.ts): sorted run hashes, offsets into `shingleDocs`, doc numbers. */
  shingleKeys: ArrayLike<number>;
  shingleOffsets: ArrayLike<number>;
  shingleDocs: ArrayLike<number>;
}

/**
 * The docs' heads, a column each. At 100 k articles, the heads as one JSON string were half of a
 * snapshot's bytes (a string with one curly quote is kept at two bytes a character) and parsing them
 * was most of a start's loading; ids are sliced from one string and titles decoded when read.
 */
export interface StoredHeads {
  /** Every id, one after another; id n ends at `idEnds[n]`. */
  ids: string;
  idEnds: ArrayLike<number>;
  /** Every title in UTF-8 (see {@link TitleColumn}); in JSON (see {@link indexToJson}), the same text as a string. */
  titles: ArrayLike<number> | string;
  titleEnds: ArrayLike<number>;
  /** The sources, outlets, bylines and packs, each once; `values[0]` stands for none. */
  values: string[];
  /** Each doc's source, outlet, byline and pack, as a place in `values`. */
  source: ArrayLike<number>;
  outlet: ArrayLike<number>;
  byline: ArrayLike<number>;
  pack: ArrayLike<number>;
}

export const INDEX_VERSION = 5;
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
    heads: headsOf(index.docs),
    ...(bodies ? { bodies: index.docs.map((d) => bodyOf(d)) } : {}),
    terms: termList.join('\n'),
    offsets,
    pairs,
    docLengths: Uint32Array.from(index.terms.docLengths),
    story: storyNumbers(index),
    entityDf: [...index.entityDf],
    removed: [...index.removed],
    shingleKeys: shingles.keys.slice(),
    shingleOffsets: shingles.offsets.slice(),
    shingleDocs: shingles.docs.slice(),
  };
}

/** A serialized index as JSON text (typed arrays as plain arrays); {@link loadIndex} reads it back after JSON.parse. */
export const indexToJson = (data: SerializedIndex): string =>
  JSON.stringify(data, (key, v: unknown) => (key === 'titles' ? titlesText(data.heads) : ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));

/** The titles as one string (a JSON index keeps them so: a byte array would take three or four characters a byte). */
export const titlesText = (heads: StoredHeads): string => (typeof heads.titles === 'string' ? heads.titles : new TextDecoder().decode(titleBytes(heads)));

/** The titles in UTF-8, however they were kept (bytes, an array of them from JSON, or a string). */
const titleBytes = ({ titles }: StoredHeads): Uint8Array =>
  typeof titles === 'string' ? new TextEncoder().encode(titles) : ArrayBuffer.isView(titles) ? (titles as Uint8Array) : Uint8Array.from(titles);

/** Rebuilds the in-memory index from {@link serializeIndex}'s output; throws on another format or version. */
export function loadIndex(data: SerializedIndex): CorpusIndex {
  if (data?.format !== 'backstory-index' || data.version !== INDEX_VERSION) throw new Error(`not a Backstory index (version ${INDEX_VERSION})`);
  const index = emptyIndex();
  const { heads } = data;
  const n = heads?.idEnds?.length ?? 0;
  const columns = [heads?.titleEnds, heads?.source, heads?.outlet, heads?.byline, heads?.pack, data.docLengths, data.story];
  if (
    !heads ||
    typeof heads.ids !== 'string' ||
    (n ? heads.idEnds[n - 1] : 0) !== heads.ids.length ||
    (data.bodies && n !== data.bodies.length) ||
    columns.some((c) => c?.length !== n)
  )
    throw new Error('a damaged Backstory index');
  const titles = new TitleColumn(titleBytes(heads), heads.titleEnds);
  if ((n ? heads.titleEnds[n - 1] : 0) !== titles.bytes.length) throw new Error('a damaged Backstory index');
  const value = (k: number) => (k > 0 ? (heads.values[k] ?? null) : null);
  const ids = headIds(heads);
  const loaded: StoredArticle[] = (index.docs = new Array(n));
  for (let k = 0; k < n; k++) {
    const id = ids[k]!;
    loaded[k] = new StoredArticle(
      id,
      titles,
      value(heads.source[k]!) as CorpusArticle['source'],
      value(heads.outlet[k]!),
      value(heads.byline[k]!),
      data.bodies?.[k],
      value(heads.pack[k]!),
      k,
    );
  }
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
  index.removed = new Set(data.removed);
  index.docs.forEach((doc, n) => index.removed.has(n) || index.position.set(doc.id, n));
  index.entityDf = new Map(data.entityDf);
  loadStories(index, data.story);
  const [keys, offsets, docs] = [data.shingleKeys, data.shingleOffsets, data.shingleDocs].map((a) => (ArrayBuffer.isView(a) ? (a as Uint32Array) : Uint32Array.from(a)));
  if (!keys || !offsets || !docs || offsets.length !== keys.length + 1 || offsets[keys.length] !== docs.length) throw new Error('a damaged Backstory index');
  index.shingles = { keys, offsets, docs, added: new Map() };
  return index;
}

/** The docs' heads in columns (see {@link StoredHeads}). */
function headsOf(docs: readonly CorpusArticle[]): StoredHeads {
  const values = [''];
  const at = new Map<string, number>();
  const place = (v: string | undefined) => {
    if (v === undefined) return 0;
    let k = at.get(v);
    if (k === undefined) at.set(v, (k = values.push(v) - 1));
    return k;
  };
  const column = () => new Uint32Array(docs.length);
  const [idEnds, titleEnds, source, outlet, byline, pack] = [column(), column(), column(), column(), column(), column()];
  const encoder = new TextEncoder();
  const titles = docs.map((d) => encoder.encode(d.title));
  let [ids, idLength, titleLength] = ['', 0, 0];
  docs.forEach((d, n) => {
    ids += d.id;
    idEnds[n] = idLength += d.id.length;
    titleEnds[n] = titleLength += titles[n]!.length;
    source[n] = place(d.source);
    outlet[n] = place(d.outlet);
    byline[n] = place(d.byline);
    pack[n] = place(d.pack);
  });
  const titleBytes = new Uint8Array(titleLength);
  titles.forEach((t, n) => titleBytes.set(t, n === 0 ? 0 : titleEnds[n - 1]));
  return { ids, idEnds, titles: titleBytes, titleEnds, values, source, outlet, byline, pack };
}

/** The docs' ids, in doc order. */
export function headIds(heads: StoredHeads): string[] {
  const ids = new Array<string>(heads.idEnds.length);
  for (let k = 0, start = 0; k < ids.length; k++) ids[k] = heads.ids.slice(start, (start = heads.idEnds[k]!));
  return ids;
}

/** Each doc's story as the number of the first doc with the story's label (the id of its first doc). */
function storyNumbers(index: CorpusIndex): Uint32Array {
  const first = new Map<string, number>();
  index.docs.forEach((d, n) => first.has(d.id) || first.set(d.id, n));
  return Uint32Array.from(index.story, (label) => {
    const n = first.get(label);
    if (n === undefined) throw new Error(`a story is labelled ${label}, which is no doc's id`);
    return n;
  });
}

/**
 * The stories of a loaded index: each doc's label, and the lists of the stories of more than one doc.
 * A story of one doc (most of them) gets no list: one is made when another doc joins it (see
 * ./stories.ts), and a doc without one is shown alone.
 */
function loadStories(index: CorpusIndex, story: ArrayLike<number>): void {
  const n = index.docs.length;
  const shared = new Set<number>();
  index.story = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const first = story[k]!;
    if (!(first < n)) throw new Error('a damaged Backstory index');
    index.story[k] = index.docs[first]!.id;
    if (first !== k) shared.add(first);
  }
  for (let k = 0; k < n; k++) {
    if (!shared.has(story[k]!) || index.removed.has(k)) continue;
    const label = index.story[k]!;
    const list = index.groups.get(label);
    if (list) list.push(k);
    else index.groups.set(label, [k]);
  }
}
