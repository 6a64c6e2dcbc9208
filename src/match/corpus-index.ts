/**
 * The matching index over a corpus: BM25 postings for candidates, how many articles name each entity,
 * and story groups (near-duplicate coverage). Built from articles, added to one at a time, and taken
 * from (an archived article deleted). Serialized in ./serialize.ts; ranked in ./related.ts.
 */
import type { CorpusArticle } from '../corpus';
import { hasBody } from './articles';
import { compactShingles, type ShingleIndex } from './shingles';
import { groupStories } from './stories';
import { addDocument, type TermsIndex } from './terms-index';

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
  /** Which docs' quotes hold each four-word run (./shingles.ts); made on first use when absent. */
  shingles?: ShingleIndex;
  /** Doc numbers of articles taken out (deleted from the archive): never matched or shown again. */
  removed: Set<number>;
}

/** An article's words as one text (a space between blocks, as normalizing makes of a line break: normalized blocks stay normalized). */
export const fullText = (a: { title: string; paragraphs: readonly string[] }) => `${a.title} ${a.paragraphs.join(' ')}`;
export function emptyIndex(): CorpusIndex {
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
  index.shingles = compactShingles(index.shingles!);
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
/** The entity ids doc n names. */
export function entityIdsOf(index: CorpusIndex, n: number): Set<string> {
  return (index.entityIds[n] ??= new Set(index.docs[n]!.entities.map((e) => e.id)));
}

export const entityIdf = (index: CorpusIndex, id: string) => Math.log(1 + index.docs.length / (1 + (index.entityDf.get(id) ?? 0)));
