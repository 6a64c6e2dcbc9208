/**
 * The matching index over seeds + archive, kept in step with the store. It is kept as a snapshot
 * without the articles' bodies: a
 * starting worker reads the snapshot (postings and one small head per article), brings it up to date
 * with the records saved or deleted since, and reads an article's body (its text, quotes and names)
 * only when a query first needs it.
 */
import { makeArticle, type CorpusArticle } from '../corpus';
import {
  addArticle,
  bodyOf,
  hasBody,
  INDEX_VERSION,
  isStoredArticle,
  loadIndex,
  removeArticle,
  serializeIndex,
  supplyBodies,
  type CorpusIndex,
  type SerializedIndex,
} from '../match';
import type { ArchivedArticle } from './records';
import { hash } from './signature';
import type { ArchiveStore } from './store';

/** An archived article as matching and the UI see it. */
export function toCorpusArticle(r: ArchivedArticle): CorpusArticle {
  return makeArticle({
    id: r.id,
    title: r.title,
    byline: r.byline,
    outlet: r.outlets.length > 1 ? r.outlets.map((o) => o.site).join(', ') : r.site,
    date: r.published
      ? { iso: r.published, precision: 'day', evidence: [`The page gave its publication date: ${r.published}`], reasoning: 'the date the page itself states' }
      : undefined,
    paragraphs: r.paragraphs,
    source: 'archive',
    ...(r.pack ? { pack: r.pack } : {}),
  });
}

/** Which seed index a snapshot was built on. */
const seedsKey = (seeds: SerializedIndex) => `${seeds.version}:${hash(seeds.heads).toString(36)}:${hash((seeds.bodies ?? []).join('\n')).toString(36)}`;

export interface ArchiveIndex {
  index: CorpusIndex;
  /** The archive stamp the index reflects. */
  stamp: number;
  fromSnapshot: boolean;
}

/**
 * The matching index over seeds + archive for a starting worker: the last snapshot when it was built
 * on these seeds, brought up to date with the archive; else rebuilt from the records.
 */
export async function openArchiveIndex(store: ArchiveStore, seeds: SerializedIndex): Promise<ArchiveIndex> {
  const snap = await store.snapshot();
  if (snap && snap.seeds === seedsKey(seeds) && snap.index.version === INDEX_VERSION) {
    try {
      const index = loadIndex(snap.index);
      // The seeds' bodies come with the extension.
      if (seeds.bodies)
        supplyBodies(
          index,
          JSON.parse(seeds.heads).map((h: [string], n: number) => [h[0], seeds.bodies![n]!]),
        );
      const opened = { index, stamp: snap.stamp, fromSnapshot: true };
      if (snap.stamp !== (await store.stamp())) await reconcile(opened, store);
      return opened;
    } catch {
      // an unreadable snapshot: rebuild
    }
  }
  const stamp = await store.stamp();
  const index = loadIndex(seeds);
  for (const r of await store.all()) addArticle(index, toCorpusArticle(r));
  return { index, stamp, fromSnapshot: false };
}

/** Records read and added to the index at a time while it is brought up to date (each batch one read). */
const ADD_BATCH = 50;

/**
 * Brings the index up to date with the archive: records saved since are added, deleted ones taken out,
 * and one saved again with new text (its kept body dropped) replaced. Nothing is rebuilt. `added` hears
 * how many of the records to add are in: an import's progress.
 */
export async function reconcile(
  opened: ArchiveIndex,
  store: ArchiveStore,
  changedIds: readonly string[] = [],
  added: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  const { index } = opened;
  const { ids, stamp } = await store.ids();
  const archived = new Set(ids);
  const indexed = [...index.position].filter(([, n]) => index.docs[n]!.source === 'archive');
  // A record saved again with new text had its kept body dropped: it is taken out and added again.
  const withBody = new Set(await store.bodyIds());
  const stale = new Set([...changedIds, ...indexed.filter(([id, n]) => archived.has(id) && isKept(index.docs[n]!) && !withBody.has(id)).map(([id]) => id)]);
  for (const [id] of indexed) if (!archived.has(id) || stale.has(id)) removeArticle(index, id);
  const toAdd = ids.filter((id) => !index.position.has(id));
  // Bodies are read before anything is added: placing a new article among the stories reads the others'.
  if (toAdd.length) await readAllBodies(index, store);
  // A batch at a time: one read each, and between them the worker answers what else it is asked.
  for (let at = 0; at < toAdd.length; at += ADD_BATCH) {
    added(at, toAdd.length);
    for (const record of await store.records(toAdd.slice(at, at + ADD_BATCH))) if (record) addArticle(index, toCorpusArticle(record));
  }
  if (toAdd.length) added(toAdd.length, toAdd.length);
  opened.stamp = stamp;
}

/** Makes sure the given docs' bodies are at hand before matching reads them (one read for the missing ones). */
export async function readBodies(index: CorpusIndex, store: ArchiveStore, docs: Iterable<number>): Promise<void> {
  const missing = [...docs].filter((n) => !hasBody(index, n)).map((n) => index.docs[n]!.id);
  if (missing.length === 0) return;
  const found = await store.bodies(missing);
  supplyBodies(index, found);
  // A body not kept (the store lost it, or the record was saved again since): made again from the record.
  for (const id of missing.filter((m) => !found.has(m))) {
    const record = await store.get(id);
    supplyBodies(index, [[id, bodyOf(record ? toCorpusArticle(record) : makeArticle({ id, title: '', paragraphs: [], source: 'archive' }))]]);
  }
}

/** Every body at hand (before the index grows: placing a new article among the stories reads the others). */
export function readAllBodies(index: CorpusIndex, store: ArchiveStore): Promise<void> {
  return readBodies(
    index,
    store,
    index.docs.map((_, n) => n).filter((n) => !index.removed.has(n)),
  );
}

/** Keeps a snapshot of the index and the bodies not kept yet, if the archive is still at `stamp` (else it would be stale: skipped). */
export async function snapshotIndex(store: ArchiveStore, seeds: SerializedIndex, index: CorpusIndex, stamp: number): Promise<boolean> {
  const bodies = index.docs.flatMap((d, n): [string, string][] => (d.source === 'archive' && !index.removed.has(n) && !isKept(d) ? [[d.id, bodyOf(d)]] : []));
  const saved = await store.saveSnapshot({ stamp, seeds: seedsKey(seeds), index: serializeIndex(index, false) }, bodies);
  if (saved) for (const d of index.docs) kept.add(d);
  return saved;
}

/** Docs whose body the store holds: loaded from a snapshot (their bodies are read from it), or written with one. */
const kept = new WeakSet<CorpusArticle>();
const isKept = (d: CorpusArticle) => kept.has(d) || isStoredArticle(d);
