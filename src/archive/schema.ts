/**
 * The archive's two IndexedDB databases, their stores and versions, and how an older one is upgraded:
 * the archive's own ("backstory-archive": records, bodies, duplicate keys, the change stamp) and the
 * index snapshot's ("backstory-index", small, read while the big one is still opening).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { SerializedIndex } from '../match';
import { DuplicateIndex, dedupeKeys, type KeysBucket } from './duplicates';
import type { ArchivedArticle } from './records';
import { signature } from './signature';

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

export interface ArchiveDb extends DBSchema {
  articles: {
    key: string;
    value: ArchivedArticle;
    indexes: { outletUrls: string };
  };
  /** "stamp": a counter every write to the archive bumps in its own transaction. */
  meta: { key: string; value: unknown };
  /** Archived doc id -> its body in the matching index (names, and where its quotes stand, as JSON; the text and date are the record's), written with snapshots. */
  bodies: { key: string; value: string };
  /** Bucket number -> the dedupe keys (signature, addresses) and heads of the records in it, written with them. */
  keys: { key: number; value: KeysBucket };
}

export type Stores = ('articles' | 'meta' | 'bodies' | 'keys')[];

/**
 * The index snapshot, in a small database of its own: a worker started after idle finds the browser has
 * closed both databases, and opening the archive's (tens of MB) takes several times longer than opening
 * this one, so the snapshot is read while the archive's database is still opening.
 */
export interface IndexDb extends DBSchema {
  snapshot: { key: string; value: StoredSnapshot };
}
export const INDEX_DB = 'backstory-index';

/** A snapshot as kept: its postings packed a list at a time (index.packed); `packedPairs` all in one, in those kept before. */
export type StoredSnapshot = IndexSnapshot & { packedPairs?: Uint8Array; pairCount?: number };

export const ARCHIVE_DB = 'backstory-archive';
export const ARCHIVE_DB_VERSION = 5;

/** Creates the stores a database of an older version lacks, and moves its data to the newer layout. */
const archiveDbOptions = {
  async upgrade(db: IDBPDatabase<ArchiveDb>, oldVersion: number, _: number | null, tx: IDBPTransaction<ArchiveDb, Stores, 'versionchange'>) {
    if (oldVersion < 1) {
      const store = db.createObjectStore('articles', { keyPath: 'id' });
      store.createIndex('outletUrls', 'outletUrls', { multiEntry: true });
    }
    if (oldVersion < 2) db.createObjectStore('meta');
    if (oldVersion < 3) db.createObjectStore('bodies');
    if (oldVersion < 4) {
      // Version 4 finds duplicates in memory from the "keys" store, not through indexes of the records.
      db.createObjectStore('keys');
      if (oldVersion >= 1) {
        const articles = tx.objectStore('articles');
        // Indexes of older versions, which the current schema's types do not name.
        for (const name of ['bands', 'savedAt'] as never[]) if (articles.indexNames.contains(name)) articles.deleteIndex(name);
        // Snapshots are kept in their own database from version 4 on.
        if (oldVersion >= 2) await tx.objectStore('meta').delete('snapshot');
      }
    }
    if (oldVersion >= 1 && oldVersion < 5) {
      // Version 5 keeps each record's head (what the archive's list shows) with its dedupe keys, in more
      // buckets: the keys are made again from the records.
      const keys = tx.objectStore('keys');
      await keys.clear();
      const duplicates = new DuplicateIndex(0);
      for (let c = await tx.objectStore('articles').openCursor(); c; c = await c.continue()) {
        // Version 3 hashed texts another way: signatures of records kept before it are made again.
        const record = oldVersion < 3 ? { ...c.value, ...signature(c.value.paragraphs) } : c.value;
        if (oldVersion < 3) await c.update(record);
        duplicates.add(dedupeKeys(record));
      }
      for (const [b, bucket] of duplicates.takeChanged()) if (bucket) await keys.put(bucket, b);
    }
  },
};

/**
 * Asks for both databases at once (a factory can be passed for tests: fake-indexeddb; the browser's
 * otherwise): the store is ready when the small one is, and the archive's is awaited by what needs it.
 */
export function openDatabases(factory?: IDBFactory): { archiveDb: Promise<IDBPDatabase<ArchiveDb>>; indexDb: Promise<IDBPDatabase<IndexDb>> } {
  return withFactory(factory, () => ({
    archiveDb: openDB<ArchiveDb>(ARCHIVE_DB, ARCHIVE_DB_VERSION, archiveDbOptions),
    indexDb: openDB<IndexDb>(INDEX_DB, 1, {
      upgrade(db) {
        db.createObjectStore('snapshot');
      },
    }),
  }));
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
