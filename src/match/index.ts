/**
 * Article -> ranked related coverage with reasons, and free-text search, over a {@link CorpusIndex}.
 * Pure code: the background worker owns one index; tests, the CLI and the benchmark build their own.
 */
import Fuse from 'fuse.js';
import { namedThings, type CorpusArticle, type NamedThing, type PublicationDate } from '../corpus';
import { ENTITIES, findQuotes, normalize, terms, words } from '../text';
import { cachedSimilarity, matchQuotes, type QuoteMatch } from './quotes';
import { addDocument, bm25, contributions, queryTerms, topDocs, type Postings, type TermsIndex } from './terms-index';

export { cachedSimilarity, matchQuotes, quoteSimilarity, wordContainment, type QuoteMatch } from './quotes';

export type RelationReason = { kind: 'quote'; match: QuoteMatch } | { kind: 'occasion'; name: string } | { kind: 'entities'; names: string[] } | { kind: 'topic'; terms: string[] };

export interface RelatedArticle {
  id: string;
  title: string;
  outlet?: string;
  date?: PublicationDate;
  source: CorpusArticle['source'];
  score: number;
  reasons: RelationReason[];
  snippet: string;
  /** Other corpus articles that are the same story from another outlet (near duplicates), shown with this one. */
  sameStory: { id: string; title: string; outlet?: string; date?: PublicationDate }[];
}

export interface ArticleQuery {
  title: string;
  paragraphs: readonly string[];
  /** Leave this corpus article out (when the page read is itself in the corpus). */
  excludeId?: string;
  /** Leave these out too. */
  excludeIds?: readonly string[];
}

export interface CorpusIndex {
  docs: CorpusArticle[];
  terms: TermsIndex;
  /** entity id -> number of corpus articles naming it. */
  entityDf: Map<string, number>;
  /** doc number -> the entity ids it names (filled on first use: see {@link entityIdsOf}). */
  entityIds: (Set<string> | undefined)[];
  /** article id -> doc number. */
  position: Map<string, number>;
  /** doc number -> story group id (the id of the group's first article). */
  story: string[];
  /** story group id -> its doc numbers. */
  groups: Map<string, number[]>;
  /** Doc numbers of articles taken out (deleted from the archive): never matched or shown again. */
  removed: Set<number>;
}

/** Quote shingle -> doc numbers, kept beside an index once built, for placing added articles. */
const shingleIndex = new WeakMap<CorpusIndex, Map<string, number[]>>();
const OCCASIONS = new Set(ENTITIES.filter((e) => e.occasion).map((e) => e.id));
/** BM25 narrows the corpus to this many candidates; the closer (and dearer) checks run on them only. */
const CANDIDATES = 50;
/** Quotes are compared for this many of the candidates, best first by the cheaper signals. */
const QUOTE_CANDIDATES = 20;
const MIN_SCORE = 0.2;

const fullText = (a: { title: string; paragraphs: readonly string[] }) => `${a.title}\n${a.paragraphs.join('\n')}`;

function emptyIndex(): CorpusIndex {
  return {
    docs: [],
    terms: { postings: new Map(), docLengths: [], avgLength: 0 },
    entityDf: new Map(),
    entityIds: [],
    position: new Map(),
    story: [],
    groups: new Map(),
    removed: new Set(),
  };
}

export function buildIndex(docs: readonly CorpusArticle[]): CorpusIndex {
  const index = emptyIndex();
  for (const doc of docs) addToIndex(index, doc);
  groupStories(
    index,
    index.docs.map((_, i) => i),
  );
  return index;
}

/**
 * Adds one article to the index; its story group is found among the articles sharing its quotes.
 * An id already indexed is left alone (returns false).
 */
export function addArticle(index: CorpusIndex, doc: CorpusArticle): boolean {
  if (index.position.has(doc.id)) return false;
  const n = addToIndex(index, doc);
  groupStories(index, [n]);
  return true;
}

/**
 * Takes an article out (deleted from the archive): it is never matched, searched or shown again. Its
 * postings stay (their weight in the statistics fades as the corpus grows); returns false if absent.
 */
export function removeArticle(index: CorpusIndex, id: string): boolean {
  const n = index.position.get(id);
  if (n === undefined) return false;
  index.position.delete(id);
  index.removed.add(n);
  for (const e of entityIdsOfLoaded(index, n)) index.entityDf.set(e, Math.max(0, (index.entityDf.get(e) ?? 1) - 1));
  const group = index.groups.get(index.story[n]!);
  if (group) group.splice(group.indexOf(n), 1);
  return true;
}

/** The entity ids of doc n if its body is at hand, else none (a removed doc's names then stay counted). */
const entityIdsOfLoaded = (index: CorpusIndex, n: number) => (hasBody(index, n) ? entityIdsOf(index, n) : new Set<string>());

function addToIndex(index: CorpusIndex, doc: CorpusArticle): number {
  const n = addDocument(index.terms, fullText(doc));
  index.docs.push(doc);
  index.position.set(doc.id, n);
  const ids = entityIdsOf(index, n);
  for (const id of ids) index.entityDf.set(id, (index.entityDf.get(id) ?? 0) + 1);
  index.story.push(doc.id);
  return n;
}

/** Each doc's head, kept apart from its body: what loading reads of every doc. */
type StoredHead = [id: string, title: string, source: CorpusArticle['source'], outlet: string | null, byline: string | null];
/** Each doc's body as stored: names as [entity id, count], quotes as [text, paragraph, speaker]. */
interface StoredBody {
  paragraphs: string[];
  quotes: [text: string, paragraphIndex: number, speaker?: string][];
  entities: [id: string, count: number][];
  date?: PublicationDate;
}

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
  /** The postings' terms, joined by newlines; term k's postings (doc × 256 + tf) are pairs[offsets[k]] to pairs[offsets[k + 1]]. */
  terms: string;
  offsets: ArrayLike<number>;
  pairs: ArrayLike<number>;
  docLengths: ArrayLike<number>;
  story: string[];
  /** Entity id -> number of docs naming it. */
  entityDf: [id: string, docs: number][];
  /** Doc numbers taken out. */
  removed: number[];
}

export const INDEX_VERSION = 3;
const ENTITY_BY_ID = new Map(ENTITIES.map((e) => [e.id, e]));

/** A loaded doc: the head is read at once, the body (text, quotes, names, date) on first use. */
class StoredArticle implements CorpusArticle {
  readonly outlet?: string;
  readonly byline?: string;
  private body?: Omit<CorpusArticle, 'id' | 'title' | 'source' | 'outlet' | 'byline'>;
  constructor(
    readonly id: string,
    readonly title: string,
    readonly source: CorpusArticle['source'],
    outlet: string | null,
    byline: string | null,
    /** The body as stored; undefined until supplied (see {@link supplyBodies}). */
    public raw: string | undefined,
  ) {
    if (outlet !== null) this.outlet = outlet;
    if (byline !== null) this.byline = byline;
  }
  private read() {
    if (this.body) return this.body;
    if (this.raw === undefined) throw new Error(`the text of ${this.id} was not read yet`);
    const b = JSON.parse(this.raw) as StoredBody;
    return (this.body = {
      paragraphs: b.paragraphs,
      quotes: b.quotes.map(([text, paragraphIndex, speaker]) => (speaker ? { text, paragraphIndex, speaker } : { text, paragraphIndex })),
      entities: b.entities.flatMap(([id, count]) => {
        const e = ENTITY_BY_ID.get(id);
        return e ? [{ id, name: e.name, kind: e.kind, count }] : [];
      }),
      ...(b.date ? { date: b.date } : {}),
    });
  }
  get paragraphs() {
    return this.read().paragraphs;
  }
  get quotes() {
    return this.read().quotes;
  }
  get entities() {
    return this.read().entities;
  }
  get date() {
    return this.read().date;
  }
  /** A plain object (for messages and JSON): the getters above are not own properties. */
  toJSON(): CorpusArticle {
    return plainArticle(this);
  }
}

/** Whether a doc came from a loaded index (rather than being added since). */
export const isStoredArticle = (d: CorpusArticle): boolean => d instanceof StoredArticle;

/** A doc as a plain object, whatever its kind (a loaded doc's fields are getters). */
export function plainArticle(d: CorpusArticle): CorpusArticle {
  const out: CorpusArticle = { id: d.id, title: d.title, source: d.source, paragraphs: d.paragraphs, quotes: d.quotes, entities: d.entities };
  if (d.outlet !== undefined) out.outlet = d.outlet;
  if (d.byline !== undefined) out.byline = d.byline;
  if (d.date !== undefined) out.date = d.date;
  return out;
}

/** A doc's body as stored (its text, quotes, names and date, as JSON). */
export const bodyOf = (d: CorpusArticle): string =>
  d instanceof StoredArticle && d.raw !== undefined
    ? d.raw
    : JSON.stringify({
        paragraphs: d.paragraphs,
        quotes: d.quotes.map((q) => (q.speaker ? [q.text, q.paragraphIndex, q.speaker] : [q.text, q.paragraphIndex])),
        entities: d.entities.map((e) => [e.id, e.count]),
        ...(d.date ? { date: d.date } : {}),
      } satisfies StoredBody);

/** Whether doc n's body is at hand (an index loaded without bodies has them supplied on demand). */
export const hasBody = (index: CorpusIndex, n: number): boolean => {
  const d = index.docs[n];
  return !!d && (!(d instanceof StoredArticle) || d.raw !== undefined);
};

/** Supplies bodies (as {@link bodyOf} wrote them) of docs loaded without theirs, by id. */
export function supplyBodies(index: CorpusIndex, bodies: Iterable<[id: string, body: string]>): void {
  for (const [id, body] of bodies) {
    const d = index.docs[index.position.get(id) ?? -1];
    if (d instanceof StoredArticle && d.raw === undefined) d.raw = body;
  }
}

/**
 * Serializes the index; without `bodies` the docs' bodies are left out (a snapshot keeps them apart,
 * and loading then supplies them on demand).
 */
export function serializeIndex(index: CorpusIndex, bodies = true): SerializedIndex {
  const termList = [...index.terms.postings.keys()];
  const offsets = new Uint32Array(termList.length + 1);
  termList.forEach((t, k) => (offsets[k + 1] = offsets[k]! + index.terms.postings.get(t)!.length));
  const pairs = new Uint32Array(offsets[termList.length]!);
  termList.forEach((t, k) => pairs.set(index.terms.postings.get(t)!, offsets[k]));
  return {
    format: 'backstory-index',
    version: INDEX_VERSION,
    heads: JSON.stringify(index.docs.map((d): StoredHead => [d.id, d.title, d.source, d.outlet ?? null, d.byline ?? null])),
    ...(bodies ? { bodies: index.docs.map(bodyOf) } : {}),
    terms: termList.join('\n'),
    offsets,
    pairs,
    docLengths: Uint32Array.from(index.terms.docLengths),
    story: index.story.slice(),
    entityDf: [...index.entityDf],
    removed: [...index.removed],
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
  index.docs = heads.map(([id, title, source, outlet, byline], n) => new StoredArticle(id, title, source, outlet, byline, data.bodies?.[n]));
  // Views into the loaded arrays: a list is copied only when an added doc extends it, so the serialized
  // data stays as it was (it may be loaded again, e.g. the bundled seed index after the archive changed).
  const pairs = ArrayBuffer.isView(data.pairs) ? (data.pairs as Uint32Array) : Uint32Array.from(data.pairs);
  const termList = data.terms ? data.terms.split('\n') : [];
  if (data.offsets.length !== termList.length + 1 || data.offsets[termList.length] !== pairs.length) throw new Error('a damaged Backstory index');
  const postings = new Map<string, Postings>();
  termList.forEach((t, k) => postings.set(t, pairs.subarray(data.offsets[k]!, data.offsets[k + 1]!)));
  const docLengths = Array.from(data.docLengths);
  index.terms = { postings, docLengths, avgLength: docLengths.reduce((a, b) => a + b, 0) / (docLengths.length || 1) };
  index.story = data.story.slice();
  index.removed = new Set(data.removed);
  index.docs.forEach((doc, n) => index.removed.has(n) || index.position.set(doc.id, n));
  index.entityDf = new Map(data.entityDf);
  index.groups = groupsOf(data.story, index.removed);
  return index;
}

/**
 * Near-duplicate coverage: two articles that share a quote and an occasion, published within a week,
 * are one story from two outlets. Candidate pairs come from shared four-word runs of their quotes, so
 * the grouping does not compare every pair of a large corpus. `fresh` are the doc numbers to place.
 */
function groupStories(index: CorpusIndex, fresh: readonly number[]): void {
  const shingles = (n: number) => {
    const keys = new Set<string>();
    for (const q of index.docs[n]!.quotes) {
      const t = terms(q.text);
      for (let k = 0; k + 4 <= t.length; k++) keys.add(t.slice(k, k + 4).join(' '));
    }
    return keys;
  };
  let byShingle = shingleIndex.get(index);
  const add = (n: number) => {
    for (const key of shingles(n)) {
      const list = byShingle!.get(key) ?? [];
      if (list.length < 50) list.push(n);
      byShingle!.set(key, list);
    }
  };
  if (!byShingle) {
    shingleIndex.set(index, (byShingle = new Map()));
    index.docs.forEach((_, n) => index.removed.has(n) || add(n));
  } else fresh.forEach(add);

  const parent = new Map<string, string>();
  const find = (g: string): string => {
    const p = parent.get(g) ?? g;
    if (p === g) return g;
    const root = find(p);
    parent.set(g, root);
    return root;
  };
  const similarity = cachedSimilarity();
  const checked = new Set<string>();
  for (const a of fresh) {
    for (const key of shingles(a)) {
      for (const b of byShingle.get(key) ?? []) {
        const pair = a < b ? `${a}:${b}` : `${b}:${a}`;
        if (a === b || checked.has(pair) || index.removed.has(b)) continue;
        checked.add(pair);
        if (!sameStory(index.docs[a]!, index.docs[b]!, similarity)) continue;
        const [ga, gb] = [find(index.story[a]!), find(index.story[b]!)];
        if (ga !== gb) parent.set(index.position.get(ga)! < index.position.get(gb)! ? gb : ga, index.position.get(ga)! < index.position.get(gb)! ? ga : gb);
      }
    }
  }
  if (parent.size > 0) index.story = index.story.map((g) => find(g));
  index.groups = groupsOf(index.story, index.removed);
}

function groupsOf(story: readonly string[], removed: ReadonlySet<number>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  story.forEach((g, n) => {
    if (removed.has(n)) return;
    const list = groups.get(g);
    if (list) list.push(n);
    else groups.set(g, [n]);
  });
  return groups;
}

function sameStory(a: CorpusArticle, b: CorpusArticle, similarity: (a: string, b: string) => number): boolean {
  const occasionsA = new Set(a.entities.filter((e) => OCCASIONS.has(e.id)).map((e) => e.id));
  if (!b.entities.some((e) => occasionsA.has(e.id))) return false;
  if (a.date && b.date && Math.abs(Date.parse(a.date.iso) - Date.parse(b.date.iso)) > 7 * 864e5) return false;
  return (
    matchQuotes(
      a.quotes.map((q) => q.text),
      b.quotes.map((q) => q.text),
      0.75,
      similarity,
    ).length > 0
  );
}

/** The entity ids doc n names. */
function entityIdsOf(index: CorpusIndex, n: number): Set<string> {
  return (index.entityIds[n] ??= new Set(index.docs[n]!.entities.map((e) => e.id)));
}

const entityIdf = (index: CorpusIndex, id: string) => Math.log(1 + index.docs.length / (1 + (index.entityDf.get(id) ?? 0)));

/** The first, cheap step of {@link findRelated}: BM25 candidates, before any doc's body is read. */
export interface PreparedQuery {
  weights: Map<string, number>;
  scores: Float64Array;
  candidates: number[];
  excludedIds: Set<string>;
}

export function prepareRelated(index: CorpusIndex, query: ArticleQuery): PreparedQuery {
  const weights = queryTerms(index.terms, `${query.title}\n${fullText(query)}`);
  const scores = bm25(index.terms, weights);
  const excludedIds = new Set([query.excludeId, ...(query.excludeIds ?? [])].filter((id): id is string => id !== undefined));
  for (const id of excludedIds) {
    const excluded = index.position.get(id);
    if (excluded !== undefined) scores[excluded] = 0;
  }
  for (const n of index.removed) scores[n] = 0;
  return { weights, scores, candidates: topDocs(scores, CANDIDATES), excludedIds };
}

/**
 * At most this many other reports of a story ride along with it. A story copied to thousands of sites
 * (an import of a wire's feed) would otherwise make every answer read and send all of them.
 */
const SAME_STORY_SHOWN = 10;
/** The reports of doc n's story that an answer may name: the earliest kept. */
const storyShown = (index: CorpusIndex, n: number): number[] => (index.groups.get(index.story[n]!) ?? [n]).slice(0, SAME_STORY_SHOWN + 1);

/** The docs whose bodies {@link findRelated} reads for a prepared query: the candidates and their near-duplicates. */
export const docsToRead = (index: CorpusIndex, prepared: PreparedQuery): number[] => [...new Set(prepared.candidates.flatMap((n) => [n, ...storyShown(index, n)]))];

/** Related earlier coverage for an article, best first, each with the reasons it is related. */
export function findRelated(index: CorpusIndex, query: ArticleQuery, limit = 5, prepared = prepareRelated(index, query)): RelatedArticle[] {
  const { weights, scores, candidates, excludedIds } = prepared;
  if (candidates.length === 0) return [];
  const topBm25 = scores[candidates[0]!]!;
  const qEntities = namedThings(query.paragraphs, query.title);
  const qEntityWeight = qEntities.reduce((n, e) => n + entityIdf(index, e.id), 0) || 1;
  const qQuotes = findQuotes(query.paragraphs).map((q) => q.text);
  const qOccasions = qEntities.filter((e) => OCCASIONS.has(e.id));

  const scored = candidates.map((docIndex) => {
    const ids = entityIdsOf(index, docIndex);
    const occasions = qOccasions.filter((e) => ids.has(e.id));
    const shared = qEntities.filter((e) => ids.has(e.id) && !OCCASIONS.has(e.id));
    const sharedWeight = shared.reduce((n, e) => n + entityIdf(index, e.id), 0);
    const bm = scores[docIndex]!;
    // The same two leaders (one Russian, one American) is the story's strongest "same people" signal.
    const leaders = new Set(shared.filter((e) => e.kind === 'person').map((e) => ENTITY_BY_ID.get(e.id)?.side));
    const sameLeaders = leaders.has('ru') && leaders.has('us');
    const base = 0.35 * (bm / topBm25) * Math.min(1, bm / 8) + 0.35 * (sharedWeight / qEntityWeight) + 0.15 * Math.min(1, occasions.length) + (sameLeaders ? 0.1 : 0);
    return { docIndex, occasions, shared, base, quotes: [] as QuoteMatch[], score: base };
  });
  if (qQuotes.length) {
    const similarity = cachedSimilarity();
    for (const s of [...scored].sort((a, b) => b.base - a.base).slice(0, QUOTE_CANDIDATES)) {
      s.quotes = matchQuotes(
        qQuotes,
        index.docs[s.docIndex]!.quotes.map((q) => q.text),
        0.6,
        similarity,
      );
      s.score += 0.3 * s.quotes.reduce((m, q) => Math.max(m, q.similarity), 0);
    }
  }

  const byId = (n: number) => index.docs[n]!.id;
  const ranked = scored
    .map((s) => ({ ...s, score: Math.round(s.score * 1000) / 1000 }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || byId(a.docIndex).localeCompare(byId(b.docIndex)));
  // One entry per story: near-duplicates ranked lower ride along in the first one's sameStory.
  const seenStories = new Set<string>();
  const perStory = ranked.filter((s) => {
    const story = index.story[s.docIndex]!;
    if (seenStories.has(story)) return false;
    seenStories.add(story);
    return true;
  });
  return perStory.slice(0, limit).map(({ docIndex, score, quotes, occasions, shared }) => {
    const doc = index.docs[docIndex]!;
    const reasons: RelationReason[] = quotes.map((match) => ({ kind: 'quote', match }));
    for (const o of occasions) reasons.push({ kind: 'occasion', name: o.name });
    if (shared.length) reasons.push({ kind: 'entities', names: rankShared(index, shared).map((e) => e.name) });
    const entityWords = new Set(shared.flatMap((e) => words(e.name)));
    const topicTerms = contributions(index.terms, weights, docIndex)
      .map(([t]) => t)
      .filter((t) => !entityWords.has(t))
      .slice(0, 5);
    if (topicTerms.length) reasons.push({ kind: 'topic', terms: topicTerms });
    return {
      id: doc.id,
      title: doc.title,
      outlet: doc.outlet,
      date: doc.date,
      source: doc.source,
      score,
      reasons,
      snippet: snippetFor(doc, reasons),
      sameStory: storyShown(index, docIndex)
        .filter((n) => n !== docIndex && !excludedIds.has(index.docs[n]!.id))
        .slice(0, SAME_STORY_SHOWN)
        .map((n) => index.docs[n]!)
        .map((d) => ({ id: d.id, title: d.title, outlet: d.outlet, date: d.date })),
    };
  });
}

function rankShared(index: CorpusIndex, shared: NamedThing[]): NamedThing[] {
  return [...shared].sort((a, b) => entityIdf(index, b.id) - entityIdf(index, a.id) || b.count - a.count).slice(0, 6);
}

/** The passage that best shows why: the words around a matched quote, else the lead. */
function snippetFor(doc: CorpusArticle, reasons: RelationReason[]): string {
  const quote = reasons.find((r) => r.kind === 'quote');
  const matched = quote?.kind === 'quote' ? doc.quotes.find((q) => q.text === quote.match.passage) : undefined;
  const para = matched ? normalize(doc.paragraphs[matched.paragraphIndex] ?? '') : undefined;
  return para && matched ? around(para, para.indexOf(matched.text), 240) : clip(doc.paragraphs[0] ?? '', 240);
}

/** About `max` characters of text around position `at`, cut at word boundaries, with ellipses. */
export function around(text: string, at: number, max: number): string {
  if (text.length <= max || at < 0) return clip(text, max);
  let start = Math.max(0, Math.min(at - 40, text.length - max));
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  const rest = clip(text.slice(start), max);
  return start > 0 ? `…${rest}` : rest;
}

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

export interface SearchHit {
  id: string;
  title: string;
  outlet?: string;
  date?: PublicationDate;
  source: CorpusArticle['source'];
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
