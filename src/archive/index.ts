/**
 * The personal archive: on-topic articles the reader opened, kept in this browser (IndexedDB) and
 * matched against like the seeds. Records, files and validation in ./records.ts; storage in ./store.ts.
 */
import { makeArticle, type CorpusArticle } from '../corpus';
import { addArticle, INDEX_VERSION, loadIndex, serializeIndex, type CorpusIndex, type SerializedIndex } from '../match';
import type { ArchivedArticle } from './records';
import type { ArchiveStore } from './store';

export { ArchiveError, exportFile, idForUrl, makeRecord, parseImport, type ArchivedArticle, type NewArticle } from './records';
export { ArchiveStore, type IndexSnapshot, type SaveResult } from './store';

/** An archived article as matching and the UI see it. */
export function toCorpusArticle(r: ArchivedArticle): CorpusArticle {
  return makeArticle({
    id: r.id,
    title: r.title,
    byline: r.byline,
    outlet: r.outlets.length > 1 ? r.outlets.map((o) => o.site).join(', ') : r.site,
    date: r.published ? { iso: r.published, precision: 'day', evidence: [`The page gave its publication date: ${r.published}`], reasoning: 'the date the page itself states' } : undefined,
    paragraphs: r.paragraphs,
    source: 'archive',
  });
}

/** Which seed index a snapshot was built on. */
const seedsKey = (seeds: SerializedIndex) => `${seeds.version}:${seeds.docs.map((d) => d.id).join(',')}`;

export interface ArchiveIndex {
  index: CorpusIndex;
  /** The archive stamp the index reflects. */
  stamp: number;
  fromSnapshot: boolean;
}

/**
 * The matching index over seeds + archive for a starting worker: the last snapshot when it is current
 * (no text is read or tokenized again), else rebuilt from the records.
 */
export async function openArchiveIndex(store: ArchiveStore, seeds: SerializedIndex): Promise<ArchiveIndex> {
  const snap = await store.snapshot();
  if (snap && snap.seeds === seedsKey(seeds) && snap.index.version === INDEX_VERSION) {
    try {
      return { index: loadIndex(snap.index), stamp: snap.stamp, fromSnapshot: true };
    } catch {
      // an unreadable snapshot: rebuild
    }
  }
  const stamp = await store.stamp();
  const index = loadIndex(seeds);
  for (const r of await store.all()) addArticle(index, toCorpusArticle(r));
  return { index, stamp, fromSnapshot: false };
}

/** Keeps a snapshot of the index, if the archive is still at `stamp` (else it would be stale: skipped). */
export function snapshotIndex(store: ArchiveStore, seeds: SerializedIndex, index: CorpusIndex, stamp: number): Promise<boolean> {
  return store.saveSnapshot({ stamp, seeds: seedsKey(seeds), index: serializeIndex(index) });
}
