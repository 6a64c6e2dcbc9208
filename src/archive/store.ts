/**
 * The archive in IndexedDB (through `idb`). Every write is one transaction: a save, an import of many
 * records, a delete. A transaction that fails (a full quota, a worker stopped mid-way) leaves the old
 * state, so nothing already saved is ever lost. Near-duplicates are found through the MinHash bands
 * index; the same canonical URL is the same record.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { SerializedIndex } from '../match';
import { ArchiveError, SAME_TEXT, signature, similarity, type ArchivedArticle } from './records';

/**
 * The matching index as last built over seeds + archive, without the docs' bodies (those are in the
 * "bodies" store, read on demand). `stamp` is the archive's at the time: a later stamp means records
 * were saved or deleted since, which loading reconciles.
 */
export interface IndexSnapshot {
  stamp: number;
  /** Which seed index it was built on (an update of the extension changes it). */
  seeds: string;
  index: SerializedIndex;
}

interface ArchiveDb extends DBSchema {
  articles: {
    key: string;
    value: ArchivedArticle;
    indexes: { bands: string; outletUrls: string; savedAt: number };
  };
  /** "stamp": a counter every write to the archive bumps in its own transaction; "snapshot": an IndexSnapshot. */
  meta: { key: string; value: unknown };
  /** Archived doc id -> its body in the matching index (text, quotes, names as JSON), written with snapshots. */
  bodies: { key: string; value: string };
}

export type SaveResult = { status: 'saved' | 'updated' | 'merged'; id: string };

const DB_NAME = 'backstory-archive';
const VERSION = 3;

export class ArchiveStore {
  private constructor(private readonly db: IDBPDatabase<ArchiveDb>) {}

  static async open(factory?: IDBFactory): Promise<ArchiveStore> {
    const options = {
      async upgrade(db: IDBPDatabase<ArchiveDb>, oldVersion: number, _: number | null, tx: IDBPTransaction<ArchiveDb, ('articles' | 'meta' | 'bodies')[], 'versionchange'>) {
        if (oldVersion < 1) {
          const store = db.createObjectStore('articles', { keyPath: 'id' });
          store.createIndex('bands', 'bands', { multiEntry: true });
          store.createIndex('outletUrls', 'outletUrls', { multiEntry: true });
          store.createIndex('savedAt', 'savedAt');
        }
        if (oldVersion < 2) db.createObjectStore('meta');
        if (oldVersion < 3) {
          db.createObjectStore('bodies');
          // Version 3 hashes texts another way: signatures of records kept before are made again.
          if (oldVersion >= 1) {
            for (let c = await tx.objectStore('articles').openCursor(); c; c = await c.continue()) await c.update({ ...c.value, ...signature(c.value.paragraphs) });
          }
        }
      },
    };
    // A factory can be passed for tests (fake-indexeddb); the browser's otherwise.
    const db = factory ? await withFactory(factory, () => openDB<ArchiveDb>(DB_NAME, VERSION, options)) : await openDB<ArchiveDb>(DB_NAME, VERSION, options);
    return new ArchiveStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Saves one article, or folds it into the record it duplicates. */
  async save(record: ArchivedArticle): Promise<SaveResult> {
    return this.write(async (tx) => place(tx, record));
  }

  /**
   * Imports many records in one transaction: all of them, or (on any failure) none. Duplicates are found
   * in memory (one read of the archive, then maps by URL and band) rather than by an index query per
   * record, so a large import costs one pass.
   */
  async importAll(records: readonly ArchivedArticle[]): Promise<Record<SaveResult['status'], number>> {
    return this.write(async (tx) => {
      const store = tx.objectStore('articles');
      const kept = new Map<string, ArchivedArticle>();
      const byUrl = new Map<string, string>();
      const byBand = new Map<string, string[]>();
      const remember = (r: ArchivedArticle) => {
        kept.set(r.id, r);
        for (const u of r.outletUrls) byUrl.set(u, r.id);
        for (const b of r.bands) byBand.set(b, [...(byBand.get(b) ?? []), r.id]);
      };
      for (const r of await store.getAll()) remember(r);
      const counts = { saved: 0, updated: 0, merged: 0 };
      const changed = new Map<string, ArchivedArticle>();
      const updated = new Set<string>();
      for (const record of records) {
        const sameId = kept.has(record.id) ? record.id : byUrl.get(record.url);
        if (sameId) {
          const same = kept.get(sameId)!;
          const next = { ...record, id: same.id, savedAt: same.savedAt, outlets: same.outlets, outletUrls: same.outletUrls };
          kept.set(same.id, next);
          changed.set(same.id, next);
          updated.add(same.id);
          counts.updated++;
          continue;
        }
        const twin = record.bands.flatMap((b) => byBand.get(b) ?? []).map((id) => kept.get(id)!).find((o) => similarity(o.minhash, record.minhash) >= SAME_TEXT);
        if (twin) {
          const outlets = [...twin.outlets, ...record.outlets.filter((o) => !twin.outletUrls.includes(o.url))];
          const next = { ...twin, outlets, outletUrls: outlets.map((o) => o.url) };
          kept.set(twin.id, next);
          for (const u of next.outletUrls) byUrl.set(u, twin.id);
          changed.set(twin.id, next);
          updated.add(twin.id);
          counts.merged++;
          continue;
        }
        remember(record);
        changed.set(record.id, record);
        counts.saved++;
      }
      // Issued together, awaited once: a round trip per record would dominate a large import.
      for (const r of changed.values()) settle(store.put(r));
      for (const id of updated) settle(tx.objectStore('bodies').delete(id));
      return counts;
    });
  }

  all(): Promise<ArchivedArticle[]> {
    return this.db.getAllFromIndex('articles', 'savedAt');
  }

  get(id: string): Promise<ArchivedArticle | undefined> {
    return this.db.get('articles', id);
  }

  /** The record an address was read at (its own, or a syndicated copy folded into another). */
  async byUrl(url: string): Promise<ArchivedArticle | undefined> {
    return this.db.getFromIndex('articles', 'outletUrls', url);
  }

  count(): Promise<number> {
    return this.db.count('articles');
  }

  /** The archive's change counter: any save, import or delete moves it. */
  async stamp(): Promise<number> {
    return ((await this.db.get('meta', 'stamp')) as number | undefined) ?? 0;
  }

  /** The ids of every archived record, and the stamp they are at (one read). */
  async ids(): Promise<{ ids: string[]; stamp: number }> {
    const tx = this.db.transaction(['articles', 'meta']);
    const [ids, stamp] = await Promise.all([tx.objectStore('articles').getAllKeys(), tx.objectStore('meta').get('stamp')]);
    return { ids, stamp: (stamp as number | undefined) ?? 0 };
  }

  /** The last index snapshot, whatever stamp it was taken at. */
  async snapshot(): Promise<IndexSnapshot | undefined> {
    return (await this.db.get('meta', 'snapshot')) as IndexSnapshot | undefined;
  }

  /** The ids whose body is kept. */
  bodyIds(): Promise<string[]> {
    return this.db.getAllKeys('bodies');
  }

  /** Bodies kept with snapshots, by id (the ones not kept are absent from the map). */
  async bodies(ids: readonly string[]): Promise<Map<string, string>> {
    const tx = this.db.transaction('bodies');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    return new Map(ids.flatMap((id, i) => (found[i] === undefined ? [] : [[id, found[i]!] as [string, string]])));
  }

  /**
   * Keeps an index snapshot and the bodies not kept yet, in one transaction, unless the archive
   * changed since `snapshot.stamp` (the snapshot would then be stale: skipped, false).
   */
  async saveSnapshot(snapshot: IndexSnapshot, bodies: Iterable<[id: string, body: string]> = []): Promise<boolean> {
    const tx = this.db.transaction(['meta', 'bodies', 'articles'], 'readwrite');
    const stamp = ((await tx.objectStore('meta').get('stamp')) as number | undefined) ?? 0;
    if (stamp !== snapshot.stamp) return (await tx.done, false);
    const writes: Promise<unknown>[] = [tx.objectStore('meta').put(snapshot, 'snapshot')];
    // Only for records still archived (one deleted since would leave an orphan).
    const kept = new Set(await tx.objectStore('articles').getAllKeys());
    for (const [id, body] of bodies) if (kept.has(id)) writes.push(tx.objectStore('bodies').put(body, id));
    await Promise.all([...writes, tx.done]);
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.write(async (tx) => Promise.all([tx.objectStore('articles').delete(id), tx.objectStore('bodies').delete(id)]));
  }

  async clear(): Promise<void> {
    await this.write(async (tx) => Promise.all([tx.objectStore('articles').clear(), tx.objectStore('bodies').clear()]));
  }

  private async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['articles', 'meta', 'bodies'], 'readwrite', { durability: 'relaxed' });
    // Asked for at once, alongside fn's own reads: one round trip fewer.
    const meta = tx.objectStore('meta');
    const stamp = meta.get('stamp');
    stamp.catch(() => undefined);
    try {
      const out = await fn(tx);
      // In the same transaction: a snapshot taken before this write is no longer current. Writes are not
      // awaited one by one: the transaction's end reports any failure (a full quota among them).
      settle(meta.put((((await stamp) as number | undefined) ?? 0) + 1, 'stamp'));
      await tx.done;
      return out;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      await tx.done.catch(() => undefined);
      const name = (error as { name?: string })?.name;
      if (name === 'QuotaExceededError') throw new ArchiveError('quota', 'The browser’s storage for Backstory is full: nothing new was saved, and nothing saved before was lost.');
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError('storage', `The archive could not be written (${error instanceof Error ? error.message : String(error)}); it is unchanged.`);
    }
  }
}

/** Inserts, updates (same URL) or merges (near-identical text) one record within a transaction. */
/** A write left to the transaction: its failure aborts the transaction, which the caller awaits. */
const settle = (request: Promise<unknown>) => void request.catch(() => undefined);

/** How many records sharing bands with a new one are compared with it. */
const TWIN_CANDIDATES = 16;

type WriteTx = IDBPTransaction<ArchiveDb, ['articles', 'meta', 'bodies'], 'readwrite'>;

async function place(tx: WriteTx, record: ArchivedArticle): Promise<SaveResult> {
  const store = tx.objectStore('articles');
  // Every lookup at once: one round trip to the database rather than one per band. Bands give keys
  // only; the records sharing the most bands with this one (a near-duplicate shares about half of them)
  // are then read and compared, so a band many texts share costs keys, not records.
  const [byId, byUrl, ...banded] = await Promise.all([
    store.get(record.id),
    store.index('outletUrls').get(record.url),
    ...record.bands.map((band) => store.index('bands').getAllKeys(band)),
  ]);
  const shared = new Map<string, number>();
  for (const id of (banded as string[][]).flat()) shared.set(id, (shared.get(id) ?? 0) + 1);
  const closest = [...shared].sort((a, b) => b[1] - a[1]).slice(0, TWIN_CANDIDATES).map(([id]) => id);
  const same = (byId as ArchivedArticle | undefined) ?? (byUrl as ArchivedArticle | undefined);
  if (same) {
    settle(store.put({ ...record, id: same.id, savedAt: same.savedAt, outlets: same.outlets, outletUrls: same.outletUrls }));
    // Its text may have changed: the index's copy is made again (see reconcile in ./index.ts).
    settle(tx.objectStore('bodies').delete(same.id));
    return { status: 'updated', id: same.id };
  }
  const candidates = await Promise.all(closest.map((id) => store.get(id)));
  const other = candidates.find((o): o is ArchivedArticle => !!o && similarity(o.minhash, record.minhash) >= SAME_TEXT);
  if (other) {
    const outlets = [...other.outlets, ...record.outlets.filter((o) => !other.outletUrls.includes(o.url))];
    settle(store.put({ ...other, outlets, outletUrls: outlets.map((o) => o.url) }));
    settle(tx.objectStore('bodies').delete(other.id));
    return { status: 'merged', id: other.id };
  }
  settle(store.put(record));
  return { status: 'saved', id: record.id };
}

/** idb's openDB uses the global indexedDB: point it at another factory for the call (tests). */
async function withFactory<T>(factory: IDBFactory, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  g.indexedDB = factory;
  try {
    return await fn();
  } finally {
    g.indexedDB = previous;
  }
}
