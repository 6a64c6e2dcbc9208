/**
 * The archive in IndexedDB (through `idb`). Every write is one transaction: a save, an import of many
 * records, a delete. A transaction that fails (a full quota, a worker stopped mid-way) leaves the old
 * state, so nothing already saved is ever lost. Near-duplicates are found through the MinHash bands
 * index; the same canonical URL is the same record.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { SerializedIndex } from '../match';
import { ArchiveError, SAME_TEXT, similarity, type ArchivedArticle } from './records';

/** The matching index as last built over seeds + archive, valid while the archive's stamp is unchanged. */
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
}

export type SaveResult = { status: 'saved' | 'updated' | 'merged'; id: string };

const DB_NAME = 'backstory-archive';

export class ArchiveStore {
  private constructor(private readonly db: IDBPDatabase<ArchiveDb>) {}

  static async open(factory?: IDBFactory): Promise<ArchiveStore> {
    const options = {
      upgrade(db: IDBPDatabase<ArchiveDb>, oldVersion: number) {
        if (oldVersion < 1) {
          const store = db.createObjectStore('articles', { keyPath: 'id' });
          store.createIndex('bands', 'bands', { multiEntry: true });
          store.createIndex('outletUrls', 'outletUrls', { multiEntry: true });
          store.createIndex('savedAt', 'savedAt');
        }
        if (oldVersion < 2) db.createObjectStore('meta');
      },
    };
    // A factory can be passed for tests (fake-indexeddb); the browser's otherwise.
    const db = factory ? await withFactory(factory, () => openDB<ArchiveDb>(DB_NAME, 2, options)) : await openDB<ArchiveDb>(DB_NAME, 2, options);
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
      for (const record of records) {
        const sameId = kept.has(record.id) ? record.id : byUrl.get(record.url);
        if (sameId) {
          const same = kept.get(sameId)!;
          const next = { ...record, id: same.id, savedAt: same.savedAt, outlets: same.outlets, outletUrls: same.outletUrls };
          kept.set(same.id, next);
          changed.set(same.id, next);
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
          counts.merged++;
          continue;
        }
        remember(record);
        changed.set(record.id, record);
        counts.saved++;
      }
      for (const r of changed.values()) await store.put(r);
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

  /** The last index snapshot, if it was taken at the archive's current stamp. */
  async snapshot(): Promise<IndexSnapshot | undefined> {
    const tx = this.db.transaction('meta');
    const [stamp, snap] = await Promise.all([tx.store.get('stamp'), tx.store.get('snapshot')]);
    const s = snap as IndexSnapshot | undefined;
    return s && s.stamp === ((stamp as number | undefined) ?? 0) ? s : undefined;
  }

  /** Keeps an index snapshot, unless the archive changed since `stamp` (then it would be stale). */
  async saveSnapshot(snapshot: IndexSnapshot): Promise<boolean> {
    const tx = this.db.transaction('meta', 'readwrite');
    const stamp = ((await tx.store.get('stamp')) as number | undefined) ?? 0;
    if (stamp !== snapshot.stamp) return (await tx.done, false);
    await tx.store.put(snapshot, 'snapshot');
    await tx.done;
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.write(async (tx) => tx.objectStore('articles').delete(id));
  }

  async clear(): Promise<void> {
    await this.write(async (tx) => tx.objectStore('articles').clear());
  }

  private async write<T>(fn: (tx: IDBPTransaction<ArchiveDb, ['articles', 'meta'], 'readwrite'>) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['articles', 'meta'], 'readwrite');
    try {
      const out = await fn(tx);
      // In the same transaction: a snapshot taken before this write is no longer current.
      const meta = tx.objectStore('meta');
      await meta.put((((await meta.get('stamp')) as number | undefined) ?? 0) + 1, 'stamp');
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
async function place(tx: IDBPTransaction<ArchiveDb, ['articles', 'meta'], 'readwrite'>, record: ArchivedArticle): Promise<SaveResult> {
  const store = tx.objectStore('articles');
  const same = (await store.get(record.id)) ?? (await store.index('outletUrls').get(record.url));
  if (same) {
    await store.put({ ...record, id: same.id, savedAt: same.savedAt, outlets: same.outlets, outletUrls: same.outletUrls });
    return { status: 'updated', id: same.id };
  }
  for (const band of record.bands) {
    for (const other of await store.index('bands').getAll(band)) {
      if (similarity(other.minhash, record.minhash) < SAME_TEXT) continue;
      const outlets = [...other.outlets, ...record.outlets.filter((o) => !other.outletUrls.includes(o.url))];
      await store.put({ ...other, outlets, outletUrls: outlets.map((o) => o.url) });
      return { status: 'merged', id: other.id };
    }
  }
  await store.put(record);
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
