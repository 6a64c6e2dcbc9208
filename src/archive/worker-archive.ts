/**
 * The archive as the worker's message handler uses it: keep an on-topic page (where the reader's
 * settings allow), list, import, export, delete. Every write goes through here, in the worker, so the
 * archive's database has one owner; after each, the live index follows and `changed()` tells open pages.
 */
import type { ArchiveListItem, ImportProgress, PageArticle } from '../messaging';
import type { WorkerArchive } from '../messaging/worker';
import { DuplicateIndex } from './duplicates';
import { exportFile, ImportReader } from './files';
import type { LiveIndex } from './live-index';
import type { ArchiveStore } from './store';
import { ArchiveError, idForUrl, makeRecord, type ArchivedArticle } from './records';
import { Arriving, withFindings } from './matching-index';
import { signature } from './signature';
import { normalize } from '../text';
import { nextTask, runSliced } from '../text/steps';

export interface WorkerArchiveOptions {
  /** Whether the reader's settings allow keeping an article read at this address. */
  mayKeep: (url: string) => Promise<boolean>;
  /** Tells our open pages (the options page) that the archive changed. */
  changed: () => Promise<void>;
  /** The articles Backstory ships with: an imported copy of one of them is not kept a second time. */
  seeds?: () => readonly { id: string; paragraphs: readonly string[] }[];
  /** How long the import's checking and indexing run before the worker's other tasks get a turn (ms). */
  sliceMs?: number;
}

/** A file sent a part at a time whose next part has not come for this long was given up: another import may start. */
const UPLOAD_IDLE_MS = 60_000;

export function workerArchive(live: LiveIndex, options: WorkerArchiveOptions): WorkerArchive {
  const store = () => live.store();
  let seedCopies: DuplicateIndex | undefined;
  /** The seeds' near-duplicate signatures, made on the first import. */
  const seedKeys = () => {
    if (seedCopies) return seedCopies;
    seedCopies = new DuplicateIndex(0);
    for (const seed of options.seeds?.() ?? []) seedCopies.add({ id: seed.id, urls: [], minhash: signature(seed.paragraphs.map((p) => normalize(p)).filter(Boolean)).minhash });
    return seedCopies;
  };
  const after = async (changedIds: readonly string[] = [], added?: (done: number, total: number) => void, known?: ReadonlyMap<string, ArchivedArticle>) => {
    live.refresh(changedIds, added, known);
    await options.changed();
  };
  /** After a change the reader made in the options: answered once the index holds it, so the next page sees it. */
  const afterAll = async (changedIds: readonly string[] = [], added?: (done: number, total: number) => void, known?: ReadonlyMap<string, ArchivedArticle>) => {
    await after(changedIds, added, known);
    await live.settled();
  };
  /** Where the import under way stands (the options page asks while it waits). */
  let progress: ImportProgress | null = null;
  const at = (stage: ImportProgress['stage']) => (done: number, total: number) => void (progress = { stage, done, total });
  /** The file the options page is sending a part at a time: its parts are checked as they come. */
  let upload: { id: string; next: number; reader: ImportReader; at: number } | undefined;
  const begin = (id: string) => {
    const abandoned = upload !== undefined && Date.now() - upload.at > UPLOAD_IDLE_MS;
    if (progress && !abandoned) throw new ArchiveError('busy', 'Another import is under way; try again when it is done.');
    progress = { stage: 'checking', done: 0, total: 0 };
    return (upload = { id, next: 0, reader: new ImportReader(at('checking')), at: Date.now() });
  };
  const end = () => {
    progress = null;
    upload = undefined;
  };
  /** Takes a part of the file; any problem ends the import (nothing was written). */
  const takePart = async (id: string, seq: number, text: string) => {
    const current = seq === 0 ? begin(id) : upload;
    const missing = new ArchiveError('invalid', 'A part of the file did not arrive (the import was interrupted). Nothing was imported; please import the file again.');
    // Another upload's part leaves the one under way alone; a part out of order ends it.
    if (!current || current.id !== id) throw missing;
    try {
      if (current.next !== seq) throw missing;
      // In slices: between them the worker answers pages, and the options page's questions about this.
      await runSliced(current.reader.add(text), nextTask, options.sliceMs ?? 30);
    } catch (error) {
      end();
      throw error;
    }
    current.next++;
    current.at = Date.now();
    return current;
  };
  return {
    idForUrl: async (url) => ((await (await store()).byUrl(url)) ?? (await (await store()).get(idForUrl(url))))?.id,
    save: async (url, article: PageArticle) => {
      if (!(await options.mayKeep(url))) return null;
      const record = makeRecord({ url, title: article.title, byline: article.byline, published: article.published, paragraphs: article.paragraphs });
      const result = await (await store()).save(withFindings(record));
      // In the background: the answer to the page does not wait for the index.
      void after(result.status === 'saved' ? [] : [result.id]);
      return result;
    },
    list: async (): Promise<ArchiveListItem[]> => (await store()).list(),
    importPart: async (id, seq, text) => {
      await takePart(id, seq, text);
    },
    importFile: async (file) => {
      // A file in one piece is its own upload, of one part.
      const current = typeof file === 'string' ? await takePart('', 0, file) : upload?.id === file.upload ? upload : undefined;
      if (!current) throw new ArchiveError('invalid', 'The file did not arrive whole (the import was interrupted). Nothing was imported; please import the file again.');
      // No longer an upload that could be given up: saving and indexing a large pack may take minutes
      // without a part coming, and another import waits for this one all the same.
      upload = undefined;
      try {
        const records = await runSliced(current.reader.finish(), nextTask, options.sliceMs ?? 30);
        const seeds = seedKeys();
        const kept = records.filter((r) => seeds.nearDuplicate(r) === undefined);
        at('saving')(0, kept.length);
        // The records as written go to the index as they are (reading 100 k back would take seconds), as
        // they are written: the index takes each batch while the import writes the next and the browser
        // stores them. Should the commit fail, the index they went into is dropped, and opened again from
        // the store as it was.
        const written = new Arriving();
        let indexing: Promise<Set<string>> | undefined;
        const writing = (count: number) => {
          written.expected = count;
          at('indexing')(0, count);
          indexing = live.addWritten(written, at('indexing'), options.sliceMs);
        };
        let counts: Awaited<ReturnType<ArchiveStore['importAll']>>;
        try {
          counts = await (await store()).importAll(kept, { written, writing, issued: () => written.end(), prepare: withFindings });
        } catch (error) {
          written.end();
          await indexing?.catch(() => undefined);
          live.forget();
          throw error;
        }
        const added = (await indexing?.catch(() => undefined)) ?? new Set<string>();
        // Their ids: a record imported again under the same id (after a clear, or from a pack) is read
        // anew; those added while the commit ran are as written already.
        await afterAll(
          kept.map((r) => r.id).filter((id) => !added.has(id)),
          at('indexing'),
          written,
        );
        return { ...counts, seedCopies: records.length - kept.length };
      } finally {
        end();
      }
    },
    importStatus: () => progress,
    exportFile: async () => exportFile(await (await store()).all()),
    delete: async (id) => {
      await (await store()).delete(id);
      await afterAll([id]);
    },
    deletePack: async (name) => {
      const ids = await (await store()).deletePack(name);
      await afterAll(ids);
      return ids.length;
    },
    clear: async () => {
      await (await store()).clear();
      await afterAll();
    },
  };
}
