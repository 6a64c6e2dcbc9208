/**
 * The archive in IndexedDB (through `idb`). Every write is one transaction: a save, an import of many
 * records, a delete. A transaction that fails (a full quota, a worker stopped mid-way) leaves the old
 * state, so nothing already saved is ever lost. Duplicates (the same canonical URL, or near-identical
 * text by MinHash) are found in memory: each record's dedupe keys are kept apart in a small store, read
 * once into {@link Twins}, and trusted only while the archive's stamp is the one they were read at (any
 * write, from any page of the extension, moves it).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { SerializedIndex } from '../match';
import { packPostings, unpackPostings } from '../match/terms-index';
import { ArchiveError, dedupeKeys, signature, Twins, type ArchivedArticle, type KeysBucket } from './records';

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
    indexes: { outletUrls: string };
  };
  /** "stamp": a counter every write to the archive bumps in its own transaction. */
  meta: { key: string; value: unknown };
  /** Archived doc id -> its body in the matching index (text, quotes, names as JSON), written with snapshots. */
  bodies: { key: string; value: string };
  /** Bucket number -> the dedupe keys (signature, addresses) of the records in it, written with them. */
  keys: { key: number; value: KeysBucket };
}

type Stores = ('articles' | 'meta' | 'bodies' | 'keys')[];

/**
 * The index snapshot, in a small database of its own: a worker started after idle finds the browser has
 * closed both databases, and opening the archive's (tens of MB) takes 60–80 ms on this machine against
 * about 5 ms for this one, so the snapshot is read while the archive's database is still opening.
 */
interface IndexDb extends DBSchema {
  snapshot: { key: string; value: StoredSnapshot };
}
const INDEX_DB = 'backstory-index';

/** A snapshot as kept: its postings packed (see packPostings). */
type StoredSnapshot = IndexSnapshot & { packedPairs?: Uint8Array; pairCount: number };
export type SaveResult = { status: 'saved' | 'updated' | 'merged'; id: string };

const DB_NAME = 'backstory-archive';
const VERSION = 4;

export class ArchiveStore {
  private constructor(
    /** The archive's database: opening, possibly still. */
    private readonly big: Promise<IDBPDatabase<ArchiveDb>>,
    private readonly small: IDBPDatabase<IndexDb>,
  ) {}

  static async open(factory?: IDBFactory): Promise<ArchiveStore> {
    const options = {
      async upgrade(db: IDBPDatabase<ArchiveDb>, oldVersion: number, _: number | null, tx: IDBPTransaction<ArchiveDb, Stores, 'versionchange'>) {
        if (oldVersion < 1) {
          const store = db.createObjectStore('articles', { keyPath: 'id' });
          store.createIndex('outletUrls', 'outletUrls', { multiEntry: true });
        }
        if (oldVersion < 2) db.createObjectStore('meta');
        if (oldVersion < 3) db.createObjectStore('bodies');
        if (oldVersion < 4) {
          // Version 4 finds duplicates in memory from the "keys" store, not through indexes of the records.
          const keys = db.createObjectStore('keys');
          if (oldVersion >= 1) {
            const articles = tx.objectStore('articles');
            for (const name of ['bands', 'savedAt'] as never[]) if (articles.indexNames.contains(name)) articles.deleteIndex(name);
            const twins = new Twins(0);
            for (let c = await articles.openCursor(); c; c = await c.continue()) {
              // Version 3 hashed texts another way: signatures of records kept before it are made again.
              const record = oldVersion < 3 ? { ...c.value, ...signature(c.value.paragraphs) } : c.value;
              if (oldVersion < 3) await c.update(record);
              twins.add(dedupeKeys(record));
            }
            for (const [b, bucket] of twins.takeChanged()) if (bucket) await keys.put(bucket, b);
            // Snapshots are kept in their own database from version 4 on.
            if (oldVersion >= 2) await tx.objectStore('meta').delete('snapshot');
          }
        }
      },
    };
    // Both asked for at once (a factory can be passed for tests: fake-indexeddb; the browser's otherwise);
    // the store is ready when the small one is, and the archive's is awaited by what needs it.
    const [big, small] = withFactory(factory, () => [
      openDB<ArchiveDb>(DB_NAME, VERSION, options),
      openDB<IndexDb>(INDEX_DB, 1, {
        upgrade(db) {
          db.createObjectStore('snapshot');
        },
      }),
    ]);
    big.catch(() => undefined);
    try {
      return new ArchiveStore(big, await small);
    } catch (error) {
      void big.then(
        (db) => db.close(),
        () => undefined,
      );
      throw error;
    }
  }

  close(): void {
    this.small.close();
    void this.big.then(
      (db) => db.close(),
      () => undefined,
    );
  }

  /** Saves one article, or folds it into the record it duplicates. */
  async save(record: ArchivedArticle): Promise<SaveResult> {
    return this.write(async (tx, twins) => {
      const store = tx.objectStore('articles');
      const sameId = twins.same(record);
      const twinId = sameId ? undefined : twins.twin(record);
      const kept = sameId ?? twinId;
      if (!kept) return (put(tx, twins, record), { status: 'saved', id: record.id });
      const other = await store.get(kept);
      if (!other) throw new Error(`the dedupe keys name ${kept}, which is not kept`);
      // A record saved again may have new text, a merged one new outlets: the index's copy of its body
      // is made again (see reconcile in ./index.ts).
      settle(tx.objectStore('bodies').delete(kept));
      if (sameId)
        return (put(tx, twins, { ...record, id: other.id, savedAt: other.savedAt, outlets: other.outlets, outletUrls: other.outletUrls }), { status: 'updated', id: kept });
      put(tx, twins, merged(other, record));
      return { status: 'merged', id: kept };
    });
  }

  /**
   * Imports many records in one transaction: all of them, or (on any failure) none. Duplicates are found
   * in memory, against the archive and the file's earlier records alike; only the records a file
   * updates or merges into are read.
   */
  async importAll(records: readonly ArchivedArticle[]): Promise<Record<SaveResult['status'], number>> {
    return this.write(async (tx, twins) => {
      const store = tx.objectStore('articles');
      const counts = { saved: 0, updated: 0, merged: 0 };
      // Decided first (in memory), then the kept records that are changed are read at once.
      const steps: { record: ArchivedArticle; into?: string; how: SaveResult['status'] }[] = [];
      const fresh = new Map<string, ArchivedArticle>();
      for (const record of records) {
        const sameId = twins.same(record);
        const into = sameId ?? twins.twin(record);
        const how = sameId ? 'updated' : into ? 'merged' : 'saved';
        counts[how]++;
        steps.push({ record, into, how });
        // Later records of the file meet this one (its keys only; its record is built below).
        if (into) {
          const k = twins.keysOf(into)!;
          if (how === 'merged') twins.add({ ...k, urls: [...k.urls, ...record.outletUrls.filter((u) => !k.urls.includes(u))] });
        } else {
          twins.add(dedupeKeys(record));
          fresh.set(record.id, record);
        }
      }
      const toRead = [...new Set(steps.flatMap((s) => (s.into && !fresh.has(s.into) ? [s.into] : [])))];
      const read = await Promise.all(toRead.map((id) => store.get(id)));
      const current = new Map<string, ArchivedArticle>(fresh);
      toRead.forEach((id, i) => {
        if (!read[i]) throw new Error(`the dedupe keys name ${id}, which is not kept`);
        current.set(id, read[i]!);
      });
      const changed = new Set<string>(fresh.keys());
      for (const { record, into, how } of steps) {
        if (!into) continue;
        const other = current.get(into)!;
        current.set(into, how === 'updated' ? { ...record, id: other.id, savedAt: other.savedAt, outlets: other.outlets, outletUrls: other.outletUrls } : merged(other, record));
        changed.add(into);
        if (!fresh.has(into)) settle(tx.objectStore('bodies').delete(into));
      }
      // Issued together, awaited once (by the transaction): a round trip per record would dominate.
      for (const id of changed) put(tx, twins, current.get(id)!);
      return counts;
    });
  }

  /** Every record, oldest saved first. */
  async all(): Promise<ArchivedArticle[]> {
    return (await (await this.big).getAll('articles')).sort((a, b) => a.savedAt - b.savedAt);
  }

  async get(id: string): Promise<ArchivedArticle | undefined> {
    return (await this.big).get('articles', id);
  }

  /** The record an address was read at (its own, or a syndicated copy folded into another). */
  async byUrl(url: string): Promise<ArchivedArticle | undefined> {
    return (await this.big).getFromIndex('articles', 'outletUrls', url);
  }

  async count(): Promise<number> {
    return (await this.big).count('articles');
  }

  /** The archive's change counter: any save, import or delete moves it. */
  async stamp(): Promise<number> {
    return ((await (await this.big).get('meta', 'stamp')) as number | undefined) ?? 0;
  }

  /** The ids of every archived record, and the stamp they are at (one read). */
  async ids(): Promise<{ ids: string[]; stamp: number }> {
    const tx = (await this.big).transaction(['articles', 'meta']);
    const [ids, stamp] = await Promise.all([tx.objectStore('articles').getAllKeys(), tx.objectStore('meta').get('stamp')]);
    return { ids, stamp: (stamp as number | undefined) ?? 0 };
  }

  /** The last index snapshot, whatever stamp it was taken at (none if it cannot be read). */
  async snapshot(): Promise<IndexSnapshot | undefined> {
    const stored = await this.small.get('snapshot', 'snapshot');
    if (!stored?.packedPairs) return stored;
    const { packedPairs, pairCount, ...snapshot } = stored;
    try {
      return { ...snapshot, index: { ...snapshot.index, pairs: unpackPostings(packedPairs, pairCount) } };
    } catch {
      return undefined;
    }
  }

  /** The ids whose body is kept. */
  async bodyIds(): Promise<string[]> {
    return (await this.big).getAllKeys('bodies');
  }

  /** Bodies kept with snapshots, by id (the ones not kept are absent from the map). */
  async bodies(ids: readonly string[]): Promise<Map<string, string>> {
    const tx = (await this.big).transaction('bodies');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    return new Map(ids.flatMap((id, i) => (found[i] === undefined ? [] : [[id, found[i]!] as [string, string]])));
  }

  /**
   * Keeps the bodies not kept yet and then an index snapshot, unless the archive changed since
   * `snapshot.stamp` (the snapshot would then be stale: skipped, false).
   */
  async saveSnapshot(snapshot: IndexSnapshot, bodies: Iterable<[id: string, body: string]> = []): Promise<boolean> {
    const tx = (await this.big).transaction(['meta', 'bodies', 'articles'], 'readwrite');
    const stamp = ((await tx.objectStore('meta').get('stamp')) as number | undefined) ?? 0;
    if (stamp !== snapshot.stamp) return (await tx.done, false);
    // Only for records still archived (one deleted since would leave an orphan).
    const kept = new Set(await tx.objectStore('articles').getAllKeys());
    const writes: Promise<unknown>[] = [];
    for (const [id, body] of bodies) if (kept.has(id)) writes.push(tx.objectStore('bodies').put(body, id));
    await Promise.all([...writes, tx.done]);
    // Then the snapshot, in its own database. A write to the archive landing in between leaves it
    // claiming the stamp it reflects, older than the archive's: the next start reconciles, as always.
    // The postings packed: the snapshot is read at every start, and its size is most of that read.
    const stored: StoredSnapshot = {
      ...snapshot,
      index: { ...snapshot.index, pairs: [] },
      packedPairs: packPostings(snapshot.index.pairs),
      pairCount: snapshot.index.pairs.length,
    };
    await this.small.put('snapshot', stored, 'snapshot');
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.write(async (tx, twins) => {
      for (const name of ['articles', 'bodies'] as const) settle(tx.objectStore(name).delete(id));
      twins.remove(id);
    });
  }

  async clear(): Promise<void> {
    await this.write(async (tx, twins) => {
      for (const name of ['articles', 'bodies'] as const) settle(tx.objectStore(name).clear());
      twins.clear();
    });
  }

  /**
   * Reads the dedupe keys ahead of the first save (the worker does at start, in the background), so
   * that save finds its duplicates without reading them.
   */
  async warm(): Promise<void> {
    const tx = (await this.big).transaction(['keys', 'meta']);
    const [keys, stamp] = await Promise.all([tx.objectStore('keys').getAll(), tx.objectStore('meta').get('stamp')]);
    const at = (stamp as number | undefined) ?? 0;
    if (this.twins?.stamp !== at) this.twins = Twins.fromBuckets(at, keys);
  }

  /** The dedupe keys in memory: kept between writes while the archive's stamp says they are current. */
  private twins?: Twins;

  /**
   * One write transaction. `fn` gets the dedupe keys as of the transaction (those in memory if the stamp
   * is theirs, else read again within it) and changes them as it writes; they are kept only if the
   * transaction commits.
   */
  private async write<T>(fn: (tx: WriteTx, twins: Twins) => Promise<T>): Promise<T> {
    const tx = (await this.big).transaction(['articles', 'meta', 'bodies', 'keys'], 'readwrite', { durability: 'relaxed' });
    const meta = tx.objectStore('meta');
    try {
      const stamp = ((await meta.get('stamp')) as number | undefined) ?? 0;
      const twins = this.twins?.stamp === stamp ? this.twins : Twins.fromBuckets(stamp, await tx.objectStore('keys').getAll());
      // Until the commit, the keys in memory are not trusted (fn changes them).
      this.twins = undefined;
      const out = await fn(tx, twins);
      for (const [b, bucket] of twins.takeChanged()) settle(bucket ? tx.objectStore('keys').put(bucket, b) : tx.objectStore('keys').delete(b));
      // In the same transaction: a snapshot taken before this write is no longer current. Writes are not
      // awaited one by one: the transaction's end reports any failure (a full quota among them).
      settle(meta.put(stamp + 1, 'stamp'));
      await tx.done;
      twins.stamp = stamp + 1;
      this.twins = twins;
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

/** A write left to the transaction: its failure aborts the transaction, which the caller awaits. */
const settle = (request: Promise<unknown>) => void request.catch(() => undefined);

type WriteTx = IDBPTransaction<ArchiveDb, ['articles', 'meta', 'bodies', 'keys'], 'readwrite'>;

/** Writes a record; its dedupe keys are noted (and written with their bucket at the end). */
function put(tx: WriteTx, twins: Twins, record: ArchivedArticle): void {
  settle(tx.objectStore('articles').put(record));
  twins.add(dedupeKeys(record));
}

/** A kept story with a syndicated copy's addresses added. */
function merged(story: ArchivedArticle, copy: ArchivedArticle): ArchivedArticle {
  const outlets = [...story.outlets, ...copy.outlets.filter((o) => !story.outletUrls.includes(o.url))];
  return { ...story, outlets, outletUrls: outlets.map((o) => o.url) };
}

/** idb's openDB uses the global indexedDB: point it at another factory while the opens are asked for (tests). */
function withFactory<T>(factory: IDBFactory | undefined, fn: () => T): T {
  if (!factory) return fn();
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  g.indexedDB = factory;
  try {
    return fn();
  } finally {
    g.indexedDB = previous;
  }
}
