/**
 * The archive in IndexedDB (through `idb`). Every write is one transaction: a save, an import of many
 * records, a delete. A transaction that fails (a full quota, a worker stopped mid-way) leaves the old
 * state, so nothing already saved is ever lost. Duplicates (the same canonical URL, or near-identical
 * text by MinHash) are found in memory: each record's dedupe keys are kept apart in a small store, read
 * once into {@link DuplicateIndex}, and trusted only while the archive's stamp is the one they were read at (any
 * write, from any page of the extension, moves it).
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { DuplicateIndex, dedupeKeys, headOf, type RecordHead } from './duplicates';
import { ArchiveError, type ArchivedArticle } from './records';
import { openDatabases, type ArchiveDb, type IndexDb, type IndexSnapshot } from './schema';
import { readSnapshot, writeSnapshot } from './snapshots';
import { nextTask, runSliced } from '../text/steps';

export type { IndexSnapshot } from './schema';
export type SaveResult = { status: 'saved' | 'updated' | 'merged'; id: string };

/** What the caller of an import hears as it goes. */
export interface ImportOptions {
  /** Told how many records are to be written, as their writing starts (after the duplicates are chosen). */
  writing?: (count: number) => void;
  /**
   * Given each record as its write is asked for (the transaction may still fail: the caller then drops
   * whatever it made of them).
   */
  written?: { set(id: string, record: ArchivedArticle): unknown };
  /** Called once every write is asked for, before the commit. */
  issued?: () => void;
  /**
   * Makes each record written with text of its own (a new one, or one updated) as it is written (the
   * worker adds what matching finds in the text): only those, not the copies merged.
   */
  prepare?: (r: ArchivedArticle) => ArchivedArticle;
}

export class ArchiveStore {
  private constructor(
    /** The archive's database: opening, possibly still. */
    private readonly archiveDb: Promise<IDBPDatabase<ArchiveDb>>,
    /** The index snapshot's small database. */
    private readonly indexDb: IDBPDatabase<IndexDb>,
  ) {}

  static async open(factory?: IDBFactory): Promise<ArchiveStore> {
    const { archiveDb, indexDb } = openDatabases(factory);
    archiveDb.catch(() => undefined); // awaited, and its failure reported, by what needs it
    try {
      return new ArchiveStore(archiveDb, await indexDb);
    } catch (error) {
      void archiveDb.then(
        (db) => db.close(),
        () => undefined,
      );
      throw error;
    }
  }

  close(): void {
    this.indexDb.close();
    void this.archiveDb.then(
      (db) => db.close(),
      () => undefined,
    );
  }

  /** Saves one article, or folds it into the record it duplicates. */
  async save(record: ArchivedArticle): Promise<SaveResult> {
    return this.write(async (tx, duplicates) => {
      const store = tx.objectStore('articles');
      const sameId = duplicates.sameRecord(record);
      const nearId = sameId ? undefined : duplicates.nearDuplicate(record);
      const kept = sameId ?? nearId;
      if (!kept) {
        put(tx, duplicates, record);
        return { status: 'saved', id: record.id };
      }
      const other = await store.get(kept);
      if (!other) throw new Error(`the dedupe keys name ${kept}, which is not kept`);
      // A record saved again may have new text, a merged one new outlets: the index's copy of its body
      // is made again (see reconcile in ./index.ts).
      leaveToTransaction(tx.objectStore('bodies').delete(kept));
      if (sameId) {
        put(tx, duplicates, { ...record, id: other.id, savedAt: other.savedAt, outlets: other.outlets, outletUrls: other.outletUrls });
        return { status: 'updated', id: kept };
      }
      put(tx, duplicates, merged(other, record));
      return { status: 'merged', id: kept };
    });
  }

  /**
   * Imports many records in one transaction: all of them, or (on any failure) none. Duplicates are found
   * in memory, against the archive and the file's earlier records alike; only the records a file
   * updates or merges into are read.
   * See {@link ImportOptions} for what the caller hears as it goes.
   */
  async importAll(records: readonly ArchivedArticle[], { written, writing, issued, prepare = (r) => r }: ImportOptions = {}): Promise<Record<SaveResult['status'], number>> {
    return this.write(async (tx, duplicates) => {
      const store = tx.objectStore('articles');
      const counts = { saved: 0, updated: 0, merged: 0 };
      // Decided first (in memory), then the kept records that are changed are read at once.
      const steps: { record: ArchivedArticle; into?: string; how: SaveResult['status'] }[] = [];
      const fresh = new Map<string, ArchivedArticle>();
      const turn = sliced(tx);
      for (const record of records) {
        await turn();
        const sameId = duplicates.sameRecord(record);
        const into = sameId ?? duplicates.nearDuplicate(record);
        const how = sameId ? 'updated' : into ? 'merged' : 'saved';
        counts[how]++;
        steps.push({ record, into, how });
        // Later records of the file meet this one (its keys only; its record is built below).
        if (into) {
          if (how === 'merged') duplicates.addUrls(into, record.outletUrls);
        } else {
          duplicates.add(dedupeKeys(record));
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
        // A record already kept stays whose it was (the reader's own, or another pack's): removing a pack
        // never takes away what the reader read or what came with another pack.
        current.set(
          into,
          how === 'updated' ? { ...record, id: other.id, savedAt: other.savedAt, outlets: other.outlets, outletUrls: other.outletUrls, pack: other.pack } : merged(other, record),
        );
        changed.add(into);
        if (!fresh.has(into)) leaveToTransaction(tx.objectStore('bodies').delete(into));
      }
      // Issued together, awaited once (by the transaction): a round trip per record would dominate. The
      // keys of new and merged records are as the loop above left them; an updated one's text is new.
      const updated = new Set(steps.flatMap((s) => (s.how === 'updated' ? [s.into!] : [])));
      writing?.(changed.size);
      for (const id of changed) {
        await turn();
        // A copy merged into a record kept before adds addresses, not text: that record stays as it was.
        const record = updated.has(id) || fresh.has(id) ? prepare(current.get(id)!) : current.get(id)!;
        const request = updated.has(id) ? put(tx, duplicates, record) : store.put(record);
        leaveToTransaction(request);
        turn.asked(request);
        written?.set(id, record);
      }
      return counts;
    }, issued);
  }

  /** Every record, oldest saved first. */
  async all(): Promise<ArchivedArticle[]> {
    return (await (await this.archiveDb).getAll('articles')).sort((a, b) => a.savedAt - b.savedAt);
  }

  /** Records by id, in one transaction (undefined where there is none). */
  async records(ids: readonly string[]): Promise<(ArchivedArticle | undefined)[]> {
    const tx = (await this.archiveDb).transaction('articles');
    return Promise.all(ids.map((id) => tx.store.get(id)));
  }

  async get(id: string): Promise<ArchivedArticle | undefined> {
    return (await this.archiveDb).get('articles', id);
  }

  /** The record an address was read at (its own, or a syndicated copy folded into another). */
  async byUrl(url: string): Promise<ArchivedArticle | undefined> {
    return (await this.archiveDb).getFromIndex('articles', 'outletUrls', url);
  }

  async count(): Promise<number> {
    return (await this.archiveDb).count('articles');
  }

  /** The archive's change counter: any save, import or delete moves it. */
  async stamp(): Promise<number> {
    return ((await (await this.archiveDb).get('meta', 'stamp')) as number | undefined) ?? 0;
  }

  /** The ids of every archived record, and the stamp they are at (one read). */
  async ids(): Promise<{ ids: string[]; stamp: number }> {
    const tx = (await this.archiveDb).transaction(['articles', 'meta']);
    const [ids, stamp] = await Promise.all([tx.objectStore('articles').getAllKeys(), tx.objectStore('meta').get('stamp')]);
    return { ids, stamp: (stamp as number | undefined) ?? 0 };
  }

  /** The last index snapshot, whatever stamp it was taken at (none if it cannot be read). */
  snapshot(): Promise<IndexSnapshot | undefined> {
    return readSnapshot(this.indexDb);
  }

  /** The ids whose body is kept. */
  async bodyIds(): Promise<string[]> {
    return (await this.archiveDb).getAllKeys('bodies');
  }

  /**
   * Bodies kept with snapshots, by id: those of records kept before records held their findings (a
   * body of this version is the record's, marked by an empty entry). The ones not kept are absent.
   */
  async bodies(ids: readonly string[]): Promise<Map<string, string>> {
    const tx = (await this.archiveDb).transaction('bodies');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    return new Map(ids.flatMap((id, i) => (found[i] ? [[id, found[i]] as const] : [])));
  }

  /**
   * Keeps the bodies not kept yet and then an index snapshot, unless the archive changed since
   * `snapshot.stamp` (the snapshot would then be stale: skipped, false).
   */
  async saveSnapshot(snapshot: IndexSnapshot, bodies: Iterable<[id: string, body: string]> = []): Promise<boolean> {
    return writeSnapshot(await this.archiveDb, this.indexDb, snapshot, bodies);
  }

  async delete(id: string): Promise<void> {
    await this.write(async (tx, duplicates) => {
      for (const name of ['articles', 'bodies'] as const) leaveToTransaction(tx.objectStore(name).delete(id));
      duplicates.remove(id);
    });
  }

  /** Removes every record that came with a pack, in one transaction; the ids of those removed. */
  async deletePack(name: string): Promise<string[]> {
    return this.write(async (tx, duplicates) => {
      const ids: string[] = [];
      for (let c = await tx.objectStore('articles').openCursor(); c; c = await c.continue()) if (c.value.pack === name) ids.push(c.value.id);
      for (const id of ids) {
        for (const store of ['articles', 'bodies'] as const) leaveToTransaction(tx.objectStore(store).delete(id));
        duplicates.remove(id);
      }
      return ids;
    });
  }

  async clear(): Promise<void> {
    await this.write(async (tx, duplicates) => {
      for (const name of ['articles', 'bodies'] as const) leaveToTransaction(tx.objectStore(name).clear());
      duplicates.clear();
    });
  }

  /**
   * Reads the dedupe keys ahead of the first save (the worker does at start, in the background), so
   * that save finds its duplicates without reading them.
   */
  async warm(): Promise<DuplicateIndex> {
    const tx = (await this.archiveDb).transaction(['keys', 'meta']);
    const at = ((await tx.objectStore('meta').get('stamp')) as number | undefined) ?? 0;
    // The keys in memory are kept while the archive is at their stamp: nothing more is read.
    if (this.duplicates?.stamp === at) return this.duplicates;
    // Made in slices: the worker answers pages meanwhile (this runs in the background at its start).
    const duplicates = await runSliced(DuplicateIndex.fromBucketSteps(at, await tx.objectStore('keys').getAll()), nextTask, 30);
    // A write that committed meanwhile has put newer keys in memory: those are kept.
    if (!this.duplicates || this.duplicates.stamp < at) this.duplicates = duplicates;
    return this.duplicates;
  }

  /**
   * Every record's head, newest saved first (as {@link all} reversed orders them): what the archive's
   * list shows, from the dedupe keys (in memory while the archive has not moved), reading no record.
   */
  async list(): Promise<(RecordHead & { id: string })[]> {
    const heads = (await this.warm()).heads();
    // Keys kept without heads (not after the upgrade to version 5): read from the records.
    if (!heads) return (await this.all()).reverse().map((r) => ({ id: r.id, ...headOf(r) }));
    return heads.sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /** The dedupe keys in memory: kept between writes while the archive's stamp says they are current. */
  private duplicates?: DuplicateIndex;

  /**
   * One write transaction. `fn` gets the dedupe keys as of the transaction (those in memory if the stamp
   * is theirs, else read again within it) and changes them as it writes; they are kept only if the
   * transaction commits.
   */
  private async write<T>(fn: (tx: WriteTx, duplicates: DuplicateIndex) => Promise<T>, issued?: () => void): Promise<T> {
    const tx = (await this.archiveDb).transaction(['articles', 'meta', 'bodies', 'keys'], 'readwrite', { durability: 'relaxed' });
    const meta = tx.objectStore('meta');
    try {
      const stamp = ((await meta.get('stamp')) as number | undefined) ?? 0;
      const duplicates = this.duplicates?.stamp === stamp ? this.duplicates : DuplicateIndex.fromBuckets(stamp, await tx.objectStore('keys').getAll());
      // Until the commit, the keys in memory are not trusted (fn changes them).
      this.duplicates = undefined;
      const out = await fn(tx, duplicates);
      const turn = sliced(tx);
      for (const [b, bucket] of duplicates.takeChanged()) {
        const request = bucket ? tx.objectStore('keys').put(bucket, b) : tx.objectStore('keys').delete(b);
        leaveToTransaction(request);
        turn.asked(request);
        await turn();
      }
      // In the same transaction: a snapshot taken before this write is no longer current. Writes are not
      // awaited one by one: the transaction's end reports any failure (a full quota among them).
      leaveToTransaction(meta.put(stamp + 1, 'stamp'));
      if (issued) {
        // Every request is made: the browser may commit without waiting for their answers, and the
        // caller may get on with other work while it does (an import indexes what it is saving).
        tx.commit();
        issued();
      }
      await tx.done;
      duplicates.stamp = stamp + 1;
      this.duplicates = duplicates;
      return out;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted: nothing to undo
      }
      await tx.done.catch(() => undefined);
      const name = (error as { name?: string })?.name;
      if (name === 'QuotaExceededError') throw new ArchiveError('quota', 'The browser’s storage for Backstory is full: nothing new was saved, and nothing saved before was lost.');
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError('storage', `The archive could not be written (${error instanceof Error ? error.message : String(error)}); it is unchanged.`);
    }
  }
}

/** How long an import's writing runs before the worker's other tasks get a turn (ms). */
const SLICE_MS = 30;

/**
 * A turn for the worker's other tasks once every {@link SLICE_MS} of work within a transaction: a
 * request of it, awaited, keeps it open meanwhile (it ends when no request is pending). The request is
 * the first write asked for since the last turn (told by `asked`), whose answer is due; a read of the
 * transaction only when none was asked for (a read among the writes is answered only after every
 * write before it).
 */
function sliced(tx: WriteTx): { (): Promise<void> | void; asked(request: Promise<unknown>): void } {
  let slice = performance.now();
  let since: Promise<unknown> | undefined;
  const turn = () => {
    if (performance.now() - slice < SLICE_MS) return;
    const answer = since ?? tx.objectStore('meta').get('stamp');
    since = undefined;
    const next = () => void (slice = performance.now());
    // A failed write fails the transaction, whose end reports it.
    return answer.then(next, next);
  };
  return Object.assign(turn, { asked: (request: Promise<unknown>) => void (since ??= request) });
}

/** A write left to the transaction: its failure aborts the transaction, whose end the caller awaits and reports. */
const leaveToTransaction = (request: Promise<unknown>) => void request.catch(() => undefined);

type WriteTx = IDBPTransaction<ArchiveDb, ['articles', 'meta', 'bodies', 'keys'], 'readwrite'>;

/** Writes a record; its dedupe keys are noted (and written with their bucket at the end). The write's request. */
function put(tx: WriteTx, duplicates: DuplicateIndex, record: ArchivedArticle): Promise<unknown> {
  const request = tx.objectStore('articles').put(record);
  leaveToTransaction(request);
  duplicates.add(dedupeKeys(record));
  return request;
}

/** A kept story with a syndicated copy's addresses added. */
function merged(story: ArchivedArticle, copy: ArchivedArticle): ArchivedArticle {
  const outlets = [...story.outlets, ...copy.outlets.filter((o) => !story.outletUrls.includes(o.url))];
  return { ...story, outlets, outletUrls: outlets.map((o) => o.url) };
}
