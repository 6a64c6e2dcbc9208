/**
 * The archive as the worker's message handler uses it: keep an on-topic page (where the reader's
 * settings allow), list, import, export, delete. Every write goes through here, in the worker, so the
 * archive's database has one owner; after each, the live index follows and `changed()` tells open pages.
 */
import type { ArchiveListItem, PageArticle } from '../messaging';
import type { WorkerArchive } from '../messaging/worker';
import { exportFile, parseImport } from './files';
import type { LiveIndex } from './live-index';
import { idForUrl, makeRecord } from './records';

export interface WorkerArchiveOptions {
  /** Whether the reader's settings allow keeping an article read at this address. */
  mayKeep: (url: string) => Promise<boolean>;
  /** Tells our open pages (the options page) that the archive changed. */
  changed: () => Promise<void>;
}

export function workerArchive(live: LiveIndex, options: WorkerArchiveOptions): WorkerArchive {
  const store = () => live.store();
  const after = async (changedIds: readonly string[] = []) => {
    live.refresh(changedIds);
    await options.changed();
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
      (await (await store()).all())
        .reverse()
        .map((r) => ({ id: r.id, title: r.title, site: r.site, url: r.url, savedAt: r.savedAt, ...(r.published ? { published: r.published } : {}) })),
    importFile: async (file) => {
      const counts = await (await store()).importAll(parseImport(file));
      await after();
      return counts;
    },
    exportFile: async () => exportFile(await (await store()).all()),
    delete: async (id) => {
      await (await store()).delete(id);
      await after([id]);
    },
    clear: async () => {
      await (await store()).clear();
      await after();
    },
  };
}
