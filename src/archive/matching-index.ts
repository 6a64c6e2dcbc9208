/**
 * The matching index over seeds + archive, kept in step with the store. It is kept as a snapshot
 * without the articles' bodies: a
 * starting worker reads the snapshot (postings and one small head per article), brings it up to date
 * with the records saved or deleted since, and reads an article's body (its text, quotes and names)
 * only when a query first needs it.
 */
import { makeArticle, type CorpusArticle, type PublicationDate } from '../corpus';
import {
  addArticle,
  bodyOf,
  findingsOf,
  readFindings,
  hasBody,
  headOnly,
  INDEX_VERSION,
  headIds,
  titlesText,
  isStoredArticle,
  loadIndex,
  removeArticle,
  serializeIndex,
  storyCandidates,
  supplyBodies,
  type CorpusIndex,
  type SerializedIndex,
} from '../match';
import type { ArchivedArticle } from './records';
import { hash } from '../text';
import { nextTask } from '../text/steps';
import type { ArchiveStore } from './store';

/** An archived article's date, from the one its page stated. */
const dateOf = (r: ArchivedArticle): PublicationDate | undefined =>
  r.published ? { iso: r.published, precision: 'day', evidence: [`The page gave its publication date: ${r.published}`], reasoning: 'the date the page itself states' } : undefined;

/** Archived articles made from a record that keeps its findings: their bodies are the record's. */
const bodyInRecord = new WeakSet<CorpusArticle>();
/**
 * What the bodies store keeps for such an article: only that the snapshot has it (a record saved again
 * with new text has its entry dropped, which is how a starting worker tells it changed; see reconcile).
 */
const BODY_IN_RECORD = '';

/** An archived article as matching and the UI see it (its names and quotes found in the text, unless the record keeps them). */
export function toCorpusArticle(r: ArchivedArticle): CorpusArticle {
  const fields = {
    id: r.id,
    title: r.title,
    byline: r.byline,
    outlet: r.outlets.length > 1 ? r.outlets.map((o) => o.site).join(', ') : r.site,
    date: dateOf(r),
    paragraphs: r.paragraphs,
    source: 'archive' as const,
    ...(r.pack ? { pack: r.pack } : {}),
  };
  if (!r.found) return makeArticle(fields);
  const article = { ...fields, ...readFindings(r.found, r.paragraphs) };
  bodyInRecord.add(article);
  return article;
}

/** The record with what matching finds in its text (names, where quotes stand), as it is written: found once. */
export const withFindings = (r: ArchivedArticle): ArchivedArticle => (r.found ? r : { ...r, found: findingsOf(toCorpusArticle(r)) });

/** Which seed index a snapshot was built on. */
const seedsKey = (seeds: SerializedIndex) =>
  `${seeds.version}:${hash(seeds.heads.ids + titlesText(seeds.heads)).toString(36)}:${hash((seeds.bodies ?? []).join('\n')).toString(36)}`;

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
          headIds(seeds.heads).map((id, n) => [id, seeds.bodies![n]!]),
        );
      const opened = { index, stamp: snap.stamp, fromSnapshot: true };
      if (snap.stamp !== (await store.stamp())) await reconcile(opened, store);
      return opened;
    } catch {
      // an unreadable snapshot: rebuild
    }
  }
  // Rebuilt as an update of the seeds' index: the records read a batch at a time, not all at once.
  const rebuilt = { index: loadIndex(seeds), stamp: 0, fromSnapshot: false };
  await reconcile(rebuilt, store);
  return rebuilt;
}

/** Records read and added to the index at a time while it is brought up to date (each batch one read). */
const ADD_BATCH = 50;
/** How long adding records runs before the worker's other tasks get a turn (ms), unless told otherwise. */
const SLICE_MS = 30;

/**
 * Brings the index up to date with the archive: records saved since are added, deleted ones taken out,
 * and one saved again with new text (its kept body dropped) replaced. Nothing is rebuilt. `added` hears
 * how many of the records to add are in: an import's progress. `known` are records as just written (an
 * import holds them): those are not read back from the store (a 100 k import's records are).
 */
export async function reconcile(
  opened: ArchiveIndex,
  store: ArchiveStore,
  changedIds: readonly string[] = [],
  added: (done: number, total: number) => void = () => undefined,
  known: ReadonlyMap<string, ArchivedArticle> = new Map(),
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
  // A batch at a time, one read each (none for the records just written, which are at hand).
  await addInBatches(index, store, toAdd.length, added, async (at) => {
    const batch = toAdd.slice(at, at + ADD_BATCH);
    const unknown = batch.filter((id) => !known.has(id));
    const read = new Map<string, ArchivedArticle | undefined>();
    if (unknown.length) (await store.records(unknown)).forEach((r, i) => read.set(unknown[i]!, r));
    return batch.flatMap((id) => {
      const r = known.get(id) ?? read.get(id);
      return r ? [toCorpusArticle(r)] : [];
    });
  });
  opened.stamp = stamp;
}

/**
 * Records as an import writes them, in order, and how many it will write: the index takes them as
 * they come, while the import goes on writing (both on the worker's thread, the browser writing beside).
 */
export class Arriving extends Map<string, ArchivedArticle> {
  private readonly order: ArchivedArticle[] = [];
  /** How many will come (set as the writing starts). */
  expected = 0;
  private ended = false;
  private wake?: () => void;

  override set(id: string, record: ArchivedArticle): this {
    super.set(id, record);
    this.order.push(record);
    this.wake?.();
    return this;
  }
  /** No more will come (all are written, or the import failed). */
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  /** Records [from, to), once they have come (fewer if the import ended first). */
  async slice(from: number, to: number): Promise<ArchivedArticle[]> {
    while (this.order.length < Math.min(to, this.expected) && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.order.slice(from, to);
  }
}

/**
 * Adds records being written (an import, while it writes and commits them) without asking the store
 * which records it holds: those not indexed yet are added, a batch at a time as they come; returns
 * their ids. The index's stamp is left as it was: the reconcile after the commit still checks it
 * against the store.
 */
export async function addWritten(
  opened: ArchiveIndex,
  store: ArchiveStore,
  records: Iterable<ArchivedArticle> | Arriving,
  added: (done: number, total: number) => void = () => undefined,
  sliceMs = SLICE_MS,
): Promise<Set<string>> {
  const isNew = (r: ArchivedArticle) => !opened.index.position.has(r.id);
  if (records instanceof Arriving)
    return addInBatches(opened.index, store, records.expected, added, async (at) => (await records.slice(at, at + ADD_BATCH)).filter(isNew).map(toCorpusArticle), sliceMs);
  const fresh = [...records].filter(isNew);
  return addInBatches(opened.index, store, fresh.length, added, async (at) => fresh.slice(at, at + ADD_BATCH).map(toCorpusArticle), sliceMs);
}

/**
 * Adds `count` articles to the index, {@link ADD_BATCH} at a time as `batch(at)` gives them: placing an
 * article among the stories compares its quotes with those sharing a run of them, so only their bodies
 * are read first. Every `sliceMs`, a turn for the worker's other tasks (pages' questions, a commit's
 * answers); not after every batch.
 * `added` hears the progress; returns the ids added.
 */
async function addInBatches(
  index: CorpusIndex,
  store: ArchiveStore,
  count: number,
  added: (done: number, total: number) => void,
  batch: (at: number) => Promise<CorpusArticle[]>,
  sliceMs = SLICE_MS,
): Promise<Set<string>> {
  const ids = new Set<string>();
  let slice = performance.now();
  for (let at = 0; at < count; at += ADD_BATCH) {
    added(at, count);
    const articles = await batch(at);
    await readBodies(index, store, new Set(articles.flatMap((a) => storyCandidates(index, a))));
    for (const article of articles)
      if (addArticle(index, article)) {
        hold(index, index.position.get(article.id)!);
        ids.add(article.id);
      }
    if (performance.now() - slice >= sliceMs) {
      await nextTask();
      slice = performance.now();
    }
  }
  if (count) added(count, count);
  return ids;
}

/**
 * Makes sure the given docs' bodies are at hand before matching reads them (one read for the missing
 * ones). Bodies held longest unused are let go first when more than {@link BODIES_HELD} are held.
 */
export async function readBodies(index: CorpusIndex, store: ArchiveStore, docs: Iterable<number>, limit = BODIES_HELD): Promise<void> {
  const wanted = [...docs];
  for (const n of wanted) hold(index, n);
  release(index, new Set(wanted), limit);
  const missing = wanted.filter((n) => !hasBody(index, n)).map((n) => index.docs[n]!.id);
  if (missing.length === 0) return;
  // The records first: one that keeps its findings is the whole body (one read).
  const records = await store.records(missing);
  const text = (r: ArchivedArticle) => ({ paragraphs: r.paragraphs, date: dateOf(r) });
  supplyBodies(
    index,
    records.flatMap((r) => (r?.found ? [[r.id, r.found, text(r)] as const] : [])),
  );
  // Records kept before they held findings: the body kept with the last snapshot (with the text, or
  // without it since this version's first bodies), else made again from the record.
  const older = missing.flatMap((id, i) => (records[i]?.found ? [] : [[id, records[i]] as const]));
  if (older.length === 0) return;
  const bodies = await store.bodies(older.map(([id]) => id));
  for (const [id, record] of older) {
    const body = bodies.get(id);
    if (body && (body.startsWith('{"paragraphs":') || record)) supplyBodies(index, [[id, body, record && text(record)]]);
    else supplyBodies(index, [[id, bodyOf(record ? toCorpusArticle(record) : makeArticle({ id, title: '', paragraphs: [], source: 'archive' }))]]);
  }
}

/**
 * How many archived articles' bodies (text, quotes, names) the worker holds at most: those used last.
 * The rest are read again from the store when a query needs them; a worker's heap then holds the index,
 * not the archive's text (~5 kB an article, 500 MB at 100 k). The seeds' bodies are always held.
 */
export const BODIES_HELD = 2_000;
/**
 * Per index, the archived docs whose bodies are held: `order`, those the store keeps, least recently
 * used first (let go beyond the limit); `pending`, those it does not keep yet (added since the last
 * snapshot: never let go, and kept apart so that letting go does not walk past them, which made a
 * 100 k import's indexing quadratic).
 */
const held = new WeakMap<CorpusIndex, { order: Map<number, true>; pending: Set<number> }>();
function heldOf(index: CorpusIndex) {
  let h = held.get(index);
  if (!h) held.set(index, (h = { order: new Map(), pending: new Set() }));
  return h;
}
function hold(index: CorpusIndex, n: number): void {
  const d = index.docs[n];
  if (!d || d.source === 'seed') return;
  const { order, pending } = heldOf(index);
  if (!isKept(d)) return void pending.add(n);
  order.delete(n);
  order.set(n, true);
}
/** Lets go of the bodies used longest ago beyond `limit`, but not those in use, nor any the store does not keep yet. */
function release(index: CorpusIndex, inUse: ReadonlySet<number>, limit: number): void {
  const { order } = heldOf(index);
  if (order.size <= limit) return;
  for (const n of order.keys()) {
    if (order.size <= limit) break;
    const d = index.docs[n];
    if (inUse.has(n) || !d || !isKept(d)) continue;
    order.delete(n);
    // Its head stays; the body is parsed again from the store's copy when it is next needed.
    if (hasBody(index, n)) index.docs[n] = headOnly(d);
  }
}

/** Keeps a snapshot of the index and the bodies not kept yet, if the archive is still at `stamp` (else it would be stale: skipped). */
export async function snapshotIndex(store: ArchiveStore, seeds: SerializedIndex, index: CorpusIndex, stamp: number): Promise<boolean> {
  // The docs as they are now: one added while the snapshot is written is not in it, nor its body.
  const docs = index.docs.slice();
  const bodies = docs.flatMap((d, n): [string, string][] =>
    d.source === 'archive' && !index.removed.has(n) && !isKept(d) ? [[d.id, bodyInRecord.has(d) ? BODY_IN_RECORD : bodyOf(d, false)]] : [],
  );
  const saved = await store.saveSnapshot({ stamp, seeds: seedsKey(seeds), index: serializeIndex(index, false) }, bodies);
  if (!saved) return false;
  for (const d of docs) kept.add(d);
  // Their bodies may be let go now, those used longest ago first (an import's, past the limit, at once).
  const { order, pending } = heldOf(index);
  for (const n of pending)
    if (n < docs.length) {
      pending.delete(n);
      order.set(n, true);
    }
  release(index, new Set(), BODIES_HELD);
  return true;
}

/** Docs whose body the store holds: loaded from a snapshot (their bodies are read from it), or written with one. */
const kept = new WeakSet<CorpusArticle>();
const isKept = (d: CorpusArticle) => kept.has(d) || isStoredArticle(d);
