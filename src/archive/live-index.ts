/**
 * The worker's matching index over seeds + archive, through its life: opened on demand (the seeds from
 * the prebuilt index, archived articles from the last snapshot brought up to date), kept in step with
 * each change (one update at a time, after the answer to the page), and snapshotted a few seconds after
 * the last change. MV3 stops an idle worker after about 30 s, so all of this is a cache: a new worker
 * opens it again.
 */
import type { CorpusIndex, SerializedIndex } from '../match';
import { addWritten, openArchiveIndex, readBodies, reconcile, snapshotIndex, type ArchiveIndex, type Arriving } from './matching-index';
import type { ArchivedArticle } from './records';
import { ArchiveStore } from './store';

/** Quiet time after the archive's last change before a snapshot is taken. */
const SNAPSHOT_DELAY_MS = 3_000;

export interface LiveIndexOptions {
  /** The prebuilt seed index (serialized, and loaded: matching against the seeds alone when the archive is unavailable). */
  seeds: () => SerializedIndex;
  seedsOnly: () => CorpusIndex;
  /** Where a failure the reader cannot act on is reported (counted, in the console). */
  report: (what: string, error: unknown) => void;
  openStore?: () => Promise<ArchiveStore>;
}

export class LiveIndex {
  private opened?: Promise<ArchiveIndex | undefined>;
  private updates: Promise<unknown> = Promise.resolve();
  private storePromise?: Promise<ArchiveStore>;
  private snapshotTimer?: ReturnType<typeof setTimeout>;
  private seedsIndex?: CorpusIndex;

  constructor(private readonly options: LiveIndexOptions) {}

  /** The archive's store, opened once. */
  store(): Promise<ArchiveStore> {
    return (this.storePromise ??= (this.options.openStore ?? (() => ArchiveStore.open()))());
  }

  /** The index to match against: seeds + archive, or the seeds alone when the archive cannot be opened. */
  async index(): Promise<CorpusIndex> {
    return (await this.current())?.index ?? (this.seedsIndex ??= this.options.seedsOnly());
  }

  /** Makes these docs' bodies readable (an index from a snapshot reads them on demand). */
  async readBodies(index: CorpusIndex, docs: number[]): Promise<void> {
    const live = await this.current();
    if (live?.index === index) await readBodies(index, await this.store(), docs);
  }

  /**
   * Brings the index up to date with the archive. Not loaded yet, it is loaded now and then told of the
   * change: a snapshot taken before a change knows nothing of it, and records imported again under the
   * same ids (after a clear, or with a pack's name) would look unchanged to it. `added` hears how many
   * of the records to add are in; `known` are records just written (an import), not read back.
   */
  refresh(changedIds: readonly string[] = [], added?: (done: number, total: number) => void, known?: ReadonlyMap<string, ArchivedArticle>): void {
    const live = this.current();
    this.queue('index update', async () => {
      const a = await live;
      if (a) await reconcile(a, await this.store(), changedIds, added, known);
      await (await this.store()).warm();
      this.scheduleSnapshot();
    });
  }

  /**
   * Adds records being written (an import, while its transaction commits) to the index; resolves to the
   * ids added. If the write then fails, {@link forget} drops the index they were added to.
   */
  addWritten(records: Iterable<ArchivedArticle> | Arriving, added?: (done: number, total: number) => void, sliceMs?: number): Promise<Set<string>> {
    const live = this.current();
    const done = this.updates.then(async () => {
      const a = await live;
      return a ? addWritten(a, await this.store(), records, added, sliceMs) : new Set<string>();
    });
    this.updates = done.catch((error: unknown) => this.options.report('index update', error));
    return done;
  }

  /** Drops the index (a write it was told of failed): the next use opens it again from the store. */
  forget(): void {
    this.opened = undefined;
  }

  /** The updates queued so far, done (tests, and a snapshot waiting for them). */
  settled(): Promise<unknown> {
    return this.updates;
  }

  private current(): Promise<ArchiveIndex | undefined> {
    return (this.opened ??= this.open());
  }

  private async open(): Promise<ArchiveIndex | undefined> {
    try {
      const store = await this.store();
      const live = await openArchiveIndex(store, this.options.seeds());
      if (!live.fromSnapshot || live.stamp !== (await store.stamp())) this.scheduleSnapshot();
      // Answers read only the bodies they need (the heap holds the index, not the archive's text). In
      // the background, the duplicate keys, so the next save reads nothing to find its duplicates.
      this.queue('reading the archive', async () => void (await store.warm()));
      return live;
    } catch (error) {
      this.options.report('archive unavailable; matching against the seeds only', error);
      return undefined;
    }
  }

  private queue(what: string, step: () => Promise<void>): void {
    this.updates = this.updates.then(step).catch((error: unknown) => this.options.report(what, error));
  }

  private scheduleSnapshot(): void {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      void Promise.all([this.store(), this.opened, this.updates])
        .then(([store, live]) => live && snapshotIndex(store, this.options.seeds(), live.index, live.stamp))
        .catch((error: unknown) => this.options.report('index snapshot', error));
    }, SNAPSHOT_DELAY_MS);
  }
}
