/**
 * The archive as the worker's message handler uses it: keep an on-topic page (where the reader's
 * settings allow), list, import, export, delete. Every write goes through here, in the worker, so the
 * archive's database has one owner; after each, the live index follows and `changed()` tells open pages.
 */
import type { ArchiveListItem, PageArticle } from '../messaging';
import type { WorkerArchive } from '../messaging/worker';
import { DuplicateIndex } from './duplicates';
import { exportFile, parseImport } from './files';
import type { LiveIndex } from './live-index';
import { idForUrl, makeRecord } from './records';
import { signature } from './signature';
import { normalize } from '../text';

export interface WorkerArchiveOptions {
  /** Whether the reader's settings allow keeping an article read at this address. */
  mayKeep: (url: string) => Promise<boolean>;
  /** Tells our open pages (the options page) that the archive changed. */
  changed: () => Promise<void>;
  /** The articles Backstory ships with: an imported copy of one of them is not kept a second time. */
  seeds?: () => readonly { id: string; paragraphs: readonly string[] }[];
}

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
  const after = async (changedIds: readonly string[] = []) => {
    live.refresh(changedIds);
    await options.changed();
  };
  /** After a change the reader made in the options: answered once the index holds it, so the next page sees it. */
  const afterAll = async (changedIds: readonly string[] = []) => {
    await after(changedIds);
    await live.settled();
  };
  return {
    idForUrl: async (url) => ((await (await store()).byUrl(url)) ?? (await (await store()).get(idForUrl(url))))?.id,
    save: async (url, article: PageArticle) => {
      if (!(await options.mayKeep(url))) return null;
      const record = makeRecord({ url, title: article.title, byline: article.byline, published: article.published, paragraphs: article.paragraphs });
      const result = await (await store()).save(record);
      // In the background: the answer to the page does not wait for the index.
      void after(result.status === 'saved' ? [] : [result.id]);
      return result;
    },
    list: async (): Promise<ArchiveListItem[]> =>
      (await (await store()).all()).reverse().map((r) => ({
        id: r.id,
        title: r.title,
        site: r.site,
        url: r.url,
        savedAt: r.savedAt,
        ...(r.published ? { published: r.published } : {}),
        ...(r.pack ? { pack: r.pack } : {}),
      })),
    importFile: async (file) => {
      const records = parseImport(file);
      const seeds = seedKeys();
      const kept = records.filter((r) => seeds.nearDuplicate(r) === undefined);
      const counts = await (await store()).importAll(kept);
      // Their ids: a record imported again under the same id (after a clear, or from a pack) is read anew.
      await afterAll(kept.map((r) => r.id));
      return { ...counts, seedCopies: records.length - kept.length };
    },
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
