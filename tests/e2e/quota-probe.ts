/** Bundled into a page by ./quota.ts: the archive store against real Chromium IndexedDB with a full quota. */
import { ArchiveError, makeRecord } from '../../src/archive';
import { ArchiveStore } from '../../src/archive/store';

const article = (i: number, words: number) => ({
  url: `https://archive.example/report-${i}`,
  title: `Report ${i} on Putin and Washington`,
  // Random words: IndexedDB compresses values, and repetitive text would hardly use any room.
  paragraphs: Array.from({ length: Math.ceil(words / 50) }, () => Array.from({ length: 50 }, () => Math.random().toString(36).slice(2, 9)).join(' ')),
});

(globalThis as Record<string, unknown>).__quota = {
  /** Saves three small articles; what the store then holds. */
  async fill() {
    const store = await ArchiveStore.open();
    for (const i of [1, 2, 3]) await store.save(makeRecord(article(i, 200)));
    const ids = (await store.all()).map((r) => r.id);
    store.close();
    return ids;
  },
  /** Tries a large import and one large save; the errors, and what the store holds after. */
  async overflow() {
    const store = await ArchiveStore.open();
    const outcome = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return { ok: true };
      } catch (e) {
        return { ok: false, kind: e instanceof ArchiveError ? e.kind : 'other', message: String((e as Error).message) };
      }
    };
    const imported = await outcome(() => store.importAll(Array.from({ length: 300 }, (_, i) => makeRecord(article(100 + i, 2000)))));
    const saved = await outcome(() => store.save(makeRecord(article(9, 60_000))));
    const ids = (await store.all()).map((r) => r.id);
    store.close();
    return { imported, saved, ids };
  },
};
