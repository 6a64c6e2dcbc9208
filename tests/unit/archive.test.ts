import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportFile, packFile, parseImport } from '../../src/archive/files';
import { ARCHIVE_LIMITS, ArchiveError, idForUrl, makeRecord } from '../../src/archive/records';
import { ArchiveStore } from '../../src/archive/store';
import { ARCHIVE_DB_VERSION } from '../../src/archive/schema';
import { LiveIndex } from '../../src/archive/live-index';
import { seedIndex } from '../../src/corpus/prebuilt';
import { loadIndex, plainArticle } from '../../src/match';
import { workerArchive } from '../../src/archive/worker-archive';
import { SEEDS_DIR, seedCorpus } from './helpers';

const seeds = seedCorpus();
/** An index's stories as sorted lists of article ids: what groups them, not the order they were added in. */
const storiesOf = (index: { story: readonly string[]; position: ReadonlyMap<string, number> }) => {
  const byStory = new Map<string, string[]>();
  for (const [id, n] of index.position) byStory.set(index.story[n]!, [...(byStory.get(index.story[n]!) ?? []), id]);
  return [...byStory.values()].map((ids) => ids.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
};
/** Words that differ from one number to the next (distinct text: no two records near-duplicates). */
const words = (i: number) =>
  [...String(i * 7919)].map((d) => ['alpha', 'bravo', 'carbon', 'delta', 'echo', 'falcon', 'granite', 'harbor', 'indigo', 'juniper'][Number(d)]).join(' ');

/** idb's openDB on another factory (a fresh in-memory IndexedDB per test). */
async function withGlobalFactory<T>(factory: IDBFactory, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  g.indexedDB = factory;
  try {
    return await fn();
  } finally {
    g.indexedDB = previous;
  }
}
const article = (i: number, url = `https://www.reuters.com/world/story-${i}`) => ({
  url,
  title: seeds[i]!.title,
  paragraphs: seeds[i]!.paragraphs,
  published: '2024-12-27T10:00:00Z',
});

/** A syndicated copy of article i: another dateline, its last paragraph cut. */
const copyOf = (i: number, url: string) => ({ ...article(i, url), paragraphs: ['LONDON (Wire) - Syndicated.', ...seeds[i]!.paragraphs.slice(0, -1)] });

let store: ArchiveStore;
beforeEach(async () => {
  store = await ArchiveStore.open(new IDBFactory());
});
afterEach(() => store.close());

describe('archive store', () => {
  it('saves an article, and a second visit to the same address updates it', async () => {
    expect(await store.save(makeRecord(article(0)))).toEqual({ status: 'saved', id: idForUrl('https://reuters.com/world/story-0') });
    expect((await store.save(makeRecord(article(0, 'http://reuters.com/world/story-0/')))).status).toBe('updated');
    expect(await store.count()).toBe(1);
    expect((await store.all())[0]!.published).toBe('2024-12-27');
  });

  it('folds a syndicated copy (same text, other site, another dateline) into one story with two outlets', async () => {
    await store.save(makeRecord(article(2)));
    const copy = { ...article(2, 'https://www.foxnews.com/politics/putin-july-4'), paragraphs: ['NEW YORK (Wire) - Syndicated.', ...seeds[2]!.paragraphs.slice(0, -1)] };
    const result = await store.save(makeRecord(copy));
    expect(result).toEqual({ status: 'merged', id: idForUrl(article(2).url) });
    const [only] = await store.all();
    expect(only!.outlets.map((o) => o.site)).toEqual(['reuters.com', 'foxnews.com']);
    expect((await store.byUrl(copy.url))?.id).toBe(only!.id);
    // A different story stays separate.
    expect((await store.save(makeRecord(article(3)))).status).toBe('saved');
    expect(await store.count()).toBe(2);
  });

  it("keeps a pack's records as the pack's, leaves what the reader read theirs, and removes a pack as a whole", async () => {
    await store.save(makeRecord(article(0)));
    const counts = { read: 3, kept: 3, offTopic: 0, duplicates: 0, errors: 0 };
    // The pack holds the reader's own article again, and two others.
    const pack = packFile(
      'Wire',
      [0, 3, 4].map((i) => makeRecord(article(i))),
      counts,
    );
    expect(await store.importAll(parseImport(pack))).toEqual({ saved: 2, updated: 1, merged: 0 });
    const owner = new Map((await store.all()).map((r) => [r.title, r.pack]));
    expect(owner).toEqual(
      new Map([
        [seeds[0]!.title, undefined],
        [seeds[3]!.title, 'Wire'],
        [seeds[4]!.title, 'Wire'],
      ]),
    );
    // Another pack with one of Wire's articles: it stays Wire's.
    await store.importAll(parseImport(packFile('Other', [makeRecord(article(3))], { ...counts, read: 1, kept: 1 })));
    expect((await store.all()).filter((r) => r.pack === 'Other')).toEqual([]);
    const removed = await store.deletePack('Wire');
    expect(removed.sort()).toEqual([idForUrl(article(3).url), idForUrl(article(4).url)].sort());
    expect((await store.all()).map((r) => r.title)).toEqual([seeds[0]!.title]);
    // The removed records' keys went with them: the same pack imports again as new.
    expect(await store.importAll(parseImport(pack))).toEqual({ saved: 2, updated: 1, merged: 0 });
    expect(await store.deletePack('None')).toEqual([]);
  });

  /** The live index as the worker's archive sees it, doing nothing (these tests look at the store); `settled` when it says so. */
  const withoutIndex = (settled: () => Promise<void> = async () => undefined) =>
    ({ store: async () => store, refresh: () => undefined, settled, addWritten: async () => new Set(), forget: () => undefined }) as unknown as LiveIndex;

  it('leaves out of an import the copies of the articles Backstory ships with', async () => {
    const live = withoutIndex();
    const archive = workerArchive(live, { mayKeep: async () => true, changed: async () => undefined, seeds: () => seeds.slice(0, 2) });
    const counts = { read: 3, kept: 3, offTopic: 0, duplicates: 0, errors: 0 };
    // A seed republished elsewhere, under another title, with its dateline changed: still a copy.
    const copy = { ...article(1, 'https://www.foxnews.com/world/putin-call'), title: 'Another headline', paragraphs: ['MOSCOW (Wire) -', ...seeds[1]!.paragraphs] };
    const file = packFile('Wire', [makeRecord(copy), makeRecord(article(3)), makeRecord(article(4))], counts);
    expect(await archive.importFile(file)).toEqual({ saved: 2, updated: 0, merged: 0, seedCopies: 1 });
    expect((await store.all()).map((r) => r.title).sort()).toEqual([seeds[3]!.title, seeds[4]!.title].sort());
  });

  it('says where an import stands while it runs (records checked, saved, added to the index), refuses a second meanwhile, and answers nothing after', async () => {
    const seen: string[] = [];
    const live = new LiveIndex({ seeds: () => seedIndex(SEEDS_DIR), seedsOnly: () => loadIndex(seedIndex(SEEDS_DIR)), report: () => undefined, openStore: async () => store });
    const archive = workerArchive(live, { mayKeep: async () => true, changed: async () => undefined, sliceMs: 0 });
    // Enough records for several steps of each stage: each a different story (so none is folded into another).
    const many = Array.from({ length: 260 }, (_, i) =>
      makeRecord({ url: `https://news.example/${i}`, title: `Story ${i}`, paragraphs: [`${words(i)} said the minister in story number ${i}.`] }),
    );
    // And a copy of the first on another site: merged into it as the file is saved.
    const copy = makeRecord({ url: 'https://other.example/copy', title: 'Story 0 again', paragraphs: many[0]!.paragraphs });
    const file = packFile('Many', [...many, copy], { read: 261, kept: 261, offTopic: 0, duplicates: 0, errors: 0 });
    await live.index();
    // The records as written go to the index: none is read back from the store.
    const readBack = vi.spyOn(store, 'records');
    const watch = setInterval(() => {
      const p = archive.importStatus();
      if (p) seen.push(`${p.stage} ${p.done}/${p.total}`);
    }, 0);
    const running = archive.importFile(file);
    await expect(archive.importFile(file)).rejects.toThrow(/under way/);
    const counts = await running;
    clearInterval(watch);
    expect(counts).toMatchObject({ saved: 260, merged: 1 });
    expect(readBack).not.toHaveBeenCalled();
    expect(archive.importStatus()).toBeNull();
    const stages = [...new Set(seen.map((s) => s.split(' ')[0]))];
    expect(stages).toEqual(['checking', 'saving', 'indexing']);
    // Counts that move up to the total: more than one step of checking and of indexing was seen.
    expect(seen.filter((s) => s.startsWith('checking')).length).toBeGreaterThan(1);
    expect(new Set(seen.filter((s) => s.startsWith('indexing'))).size).toBeGreaterThan(1);
    expect(seen.every((s) => Number(s.split(' ')[1]!.split('/')[0]) <= Number(s.split('/')[1]))).toBe(true);
    // The index holds them once the import has answered.
    const index = await live.index();
    expect(index.position.size).toBe(seeds.length + 260);
    // As it was written: the merged copy's site is among the first story's outlets.
    expect(index.docs[index.position.get(many[0]!.id)!]!.outlet).toBe('news.example, other.example');
  });

  it('indexes an import while it commits, and if the commit fails the index holds none of it', async () => {
    const live = new LiveIndex({ seeds: () => seedIndex(SEEDS_DIR), seedsOnly: () => loadIndex(seedIndex(SEEDS_DIR)), report: () => undefined, openStore: async () => store });
    const archive = workerArchive(live, { mayKeep: async () => true, changed: async () => undefined, sliceMs: 0 });
    const records = Array.from({ length: 120 }, (_, i) =>
      makeRecord({ url: `https://news.example/${i}`, title: `Story ${i}`, paragraphs: [`${words(i)} said the minister in story number ${i}.`] }),
    );
    const file = packFile('Full', records, { read: 120, kept: 120, offTopic: 0, duplicates: 0, errors: 0 });
    expect((await live.index()).position.size).toBe(seeds.length);
    // The requests are made, the index takes the records, then the browser refuses the commit (a full disk).
    let indexedBeforeFailure = 0;
    const importAll = vi.spyOn(store, 'importAll').mockImplementation(async (kept, { writing, written, issued, prepare } = {}) => {
      writing?.(kept.length);
      for (const r of kept) written?.set(r.id, prepare ? prepare(r) : r);
      issued?.();
      await vi.waitFor(async () => expect((indexedBeforeFailure = (await live.index()).position.size)).toBe(seeds.length + 120));
      throw new ArchiveError('quota', 'The browser’s storage for Backstory is full.');
    });
    await expect(archive.importFile(file)).rejects.toThrow(/full/);
    importAll.mockRestore();
    expect(indexedBeforeFailure).toBe(seeds.length + 120);
    expect(await store.count()).toBe(0);
    expect((await live.index()).position.size).toBe(seeds.length);
    // Imported for real afterwards: all of it, each once.
    expect((await archive.importFile(file)).saved).toBe(120);
    expect((await live.index()).position.size).toBe(seeds.length + 120);
    expect(archive.importStatus()).toBeNull();
  });

  it('indexes an import’s records while it goes on writing the next ones', async () => {
    const live = new LiveIndex({ seeds: () => seedIndex(SEEDS_DIR), seedsOnly: () => loadIndex(seedIndex(SEEDS_DIR)), report: () => undefined, openStore: async () => store });
    const archive = workerArchive(live, { mayKeep: async () => true, changed: async () => undefined, sliceMs: 0 });
    const records = Array.from({ length: 150 }, (_, i) =>
      makeRecord({ url: `https://news.example/${i}`, title: `Story ${i}`, paragraphs: [`${words(i)} said the minister in story number ${i}.`] }),
    );
    const index = await live.index();
    // How many docs the index held as each record was made ready to write (each taking 2 ms).
    const heldAtEach: number[] = [];
    const importAll = store.importAll.bind(store);
    vi.spyOn(store, 'importAll').mockImplementation((kept, o = {}) =>
      importAll(kept, {
        ...o,
        prepare: (r) => {
          heldAtEach.push(index.position.size);
          const end = performance.now() + 2;
          while (performance.now() < end);
          return o.prepare ? o.prepare(r) : r;
        },
      }),
    );
    expect((await archive.importFile(packFile('Full', records, { read: 150, kept: 150, offTopic: 0, duplicates: 0, errors: 0 }))).saved).toBe(150);
    expect(heldAtEach).toHaveLength(150);
    expect(heldAtEach[0]).toBe(seeds.length);
    expect(heldAtEach[149]).toBeGreaterThanOrEqual(seeds.length + 50);
    expect((await live.index()).position.size).toBe(seeds.length + 150);
  });

  it('takes a file sent in parts (a pack too large for one message): in order, all or nothing, one upload at a time', async () => {
    const live = withoutIndex();
    const archive = workerArchive(live, { mayKeep: async () => true, changed: async () => undefined });
    const records = Array.from({ length: 30 }, (_, i) => makeRecord({ url: `https://news.example/${i}`, title: `Story ${i}`, paragraphs: [`${words(i)} in story ${i}.`] }));
    const file = packFile('Parts', records, { read: 30, kept: 30, offTopic: 0, duplicates: 0, errors: 0 });
    const parts = (n: number) => Array.from({ length: n }, (_, k) => file.slice(Math.floor((k * file.length) / n), Math.floor(((k + 1) * file.length) / n)));
    // A part missing: refused, nothing written, and the next import is not blocked.
    const [p0, p1, p2] = parts(3);
    await archive.importPart('up-1', 0, p0!);
    await expect(archive.importPart('up-1', 2, p2!)).rejects.toThrow(/did not arrive/);
    await expect(archive.importFile({ upload: 'up-1' })).rejects.toThrow(/did not arrive whole/);
    expect(await store.count()).toBe(0);
    // One upload at a time: another one's first part is refused while it runs, its parts are not mixed in.
    await archive.importPart('up-2', 0, p0!);
    await expect(archive.importPart('up-3', 0, p0!)).rejects.toThrow(/under way/);
    await expect(archive.importPart('up-3', 1, p1!)).rejects.toThrow(/did not arrive/);
    await archive.importPart('up-2', 1, p1!);
    await archive.importPart('up-2', 2, p2!);
    expect(await archive.importFile({ upload: 'up-2' })).toEqual({ saved: 30, updated: 0, merged: 0, seedCopies: 0 });
    expect((await store.all()).every((r) => r.pack === 'Parts')).toBe(true);
    // A truncated upload (its last part never sent) changes nothing and says so.
    await store.clear();
    await archive.importPart('up-4', 0, p0!);
    await archive.importPart('up-4', 1, p1!);
    await expect(archive.importFile({ upload: 'up-4' })).rejects.toThrow(/cut short|not JSON/);
    expect(await store.count()).toBe(0);
    // An upload given up (no part for a minute: the options page was closed) no longer blocks another.
    await archive.importPart('up-5', 0, p0!);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    try {
      await archive.importPart('up-6', 0, file);
    } finally {
      vi.restoreAllMocks();
    }
    expect((await archive.importFile({ upload: 'up-6' })).saved).toBe(30);
    // An import saving and indexing (no part coming for over a minute) is never taken for given up.
    let indexed = () => undefined as void;
    const slow = withoutIndex(() => new Promise<void>((r) => (indexed = r)));
    const busy = workerArchive(slow, { mayKeep: async () => true, changed: async () => undefined });
    await store.clear();
    const running = busy.importFile(file);
    await vi.waitFor(() => expect(busy.importStatus()?.stage).toBe('indexing'));
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 120_000);
    try {
      await expect(busy.importPart('up-7', 0, file)).rejects.toThrow(/under way/);
    } finally {
      vi.restoreAllMocks();
    }
    indexed();
    expect((await running).saved).toBe(30);
  });

  it('deletes one, and all', async () => {
    for (const i of [0, 3, 4]) await store.save(makeRecord(article(i)));
    await store.delete(idForUrl(article(3).url));
    expect((await store.all()).map((r) => r.title)).toEqual([seeds[0]!.title, seeds[4]!.title]);
    await store.clear();
    expect(await store.count()).toBe(0);
  });

  it('exports a file that re-imports to the same archive', async () => {
    for (const i of [0, 3, 4]) await store.save(makeRecord(article(i)));
    await store.save(makeRecord({ ...article(0, 'https://apnews.com/a'), paragraphs: seeds[0]!.paragraphs }));
    const before = await store.all();
    const file = exportFile(before);
    const other = await ArchiveStore.open(new IDBFactory());
    expect(await other.importAll(parseImport(file))).toEqual({ saved: 3, updated: 0, merged: 0 });
    const after = await other.all();
    const key = (r: (typeof before)[number]) => ({
      id: r.id,
      url: r.url,
      title: r.title,
      paragraphs: r.paragraphs,
      published: r.published,
      outlets: r.outlets,
      savedAt: r.savedAt,
    });
    expect(after.map(key)).toEqual(before.map(key));
    // Importing it again changes nothing but says so.
    expect(await other.importAll(parseImport(file))).toEqual({ saved: 0, updated: 3, merged: 0 });
    expect(await other.count()).toBe(3);
    other.close();
  });
});

describe('archive dedupe keys', () => {
  it('are read again when another page of the extension wrote since (the stamp moved)', async () => {
    const factory = new IDBFactory();
    const worker = await ArchiveStore.open(factory);
    const options = await ArchiveStore.open(factory);
    await worker.save(makeRecord(article(0)));
    // The options page imports a story the worker's keys in memory do not know.
    await options.importAll([makeRecord(article(2))]);
    expect(await worker.save(makeRecord(copyOf(2, 'https://apnews.com/copy')))).toEqual({ status: 'merged', id: idForUrl(article(2).url) });
    await options.delete(idForUrl(article(0).url));
    expect((await worker.save(makeRecord(article(0)))).status).toBe('saved');
    expect(await worker.count()).toBe(2);
    worker.close();
    options.close();
  });

  it('are left as they were when a write fails', async () => {
    await store.save(makeRecord(article(0)));
    const b = makeRecord(article(3));
    await expect(store.importAll([b, { ...makeRecord(article(4)), paragraphs: [() => 1] as unknown as string[] }])).rejects.toThrow(/unchanged/);
    // Had the failed import's keys been kept, this would be an "update" of a record that is not there.
    expect(await store.save(b)).toEqual({ status: 'saved', id: b.id });
    expect(await store.count()).toBe(2);
  });

  it('find duplicates within one imported file, and the file again updates', async () => {
    const file = [makeRecord(article(3)), makeRecord(copyOf(3, 'https://apnews.com/copy-3')), makeRecord(article(4))];
    expect(await store.importAll(file)).toEqual({ saved: 2, updated: 0, merged: 1 });
    expect((await store.byUrl('https://apnews.com/copy-3'))?.id).toBe(file[0]!.id);
    expect(await store.importAll(file)).toEqual({ saved: 0, updated: 3, merged: 0 });
    expect(await store.count()).toBe(2);
    await store.warm();
    expect((await store.save(makeRecord(copyOf(4, 'https://apnews.com/copy-4')))).status).toBe('merged');
  });

  it('keep the addresses of copies merged on import, in memory and as stored', async () => {
    const factory = new IDBFactory();
    const first = await ArchiveStore.open(factory);
    const file = [makeRecord(article(3)), makeRecord(copyOf(3, 'https://apnews.com/copy-3')), makeRecord(copyOf(3, 'https://afp.com/copy-3'))];
    // Into a story of the same file, and into one kept before.
    expect(await first.importAll(file.slice(0, 2))).toEqual({ saved: 1, updated: 0, merged: 1 });
    expect(await first.importAll(file.slice(2))).toEqual({ saved: 0, updated: 0, merged: 1 });
    // The keys as stored know every address of the story (another page's store reads them)...
    const raw = await withGlobalFactory(factory, () => openDB('backstory-archive', ARCHIVE_DB_VERSION));
    const stored = (await raw.getAll('keys')).flatMap((b: { ids: string; urls: string }) => {
      const urls = JSON.parse(b.urls) as string[][];
      return b.ids.split('\n').map((id, i) => [id, urls[i]] as const);
    });
    raw.close();
    expect(stored).toEqual([[file[0]!.id, file.map((r) => r.url)]]);
    // ...and so do those in memory (the copies asked first: saving the story rewrites its keys).
    for (const r of [...file].reverse()) expect(await first.save(makeRecord({ ...article(4), url: r.url }))).toEqual({ status: 'updated', id: file[0]!.id });
    first.close();
  });

  it('are made from the records when an archive of version 3 (bands as an index) is opened', async () => {
    const factory = new IDBFactory();
    const old = await withGlobalFactory(factory, () =>
      openDB('backstory-archive', 3, {
        upgrade(db) {
          const s = db.createObjectStore('articles', { keyPath: 'id' });
          s.createIndex('bands', 'bands', { multiEntry: true });
          s.createIndex('outletUrls', 'outletUrls', { multiEntry: true });
          s.createIndex('savedAt', 'savedAt');
          db.createObjectStore('meta');
          db.createObjectStore('bodies');
        },
      }),
    );
    await old.put('articles', makeRecord(article(2)));
    await old.put('meta', { stamp: 1, seeds: 'old', index: {} }, 'snapshot');
    old.close();
    const upgraded = await ArchiveStore.open(factory);
    // Snapshots now live in a database of their own: the old one is dropped, none is found.
    expect(await upgraded.snapshot()).toBeUndefined();
    expect(await upgraded.save(makeRecord(copyOf(2, 'https://apnews.com/copy')))).toEqual({ status: 'merged', id: idForUrl(article(2).url) });
    expect((await upgraded.save(makeRecord(article(2, 'http://reuters.com/world/story-2/')))).status).toBe('updated');
    expect(await upgraded.count()).toBe(1);
    upgraded.close();
    const raw = await withGlobalFactory(factory, () => openDB('backstory-archive', ARCHIVE_DB_VERSION));
    expect(await raw.get('meta', 'snapshot')).toBeUndefined();
    raw.close();
  });
});

describe('archive list', () => {
  /** What the options page lists, read from the records themselves (newest saved first). */
  const fromRecords = async (s: ArchiveStore) =>
    (await s.all()).reverse().map((r) => ({
      id: r.id,
      title: r.title,
      site: r.site,
      url: r.url,
      savedAt: r.savedAt,
      ...(r.published ? { published: r.published } : {}),
      ...(r.pack ? { pack: r.pack } : {}),
    }));

  it('lists every record as the records say, after saves, copies, imports and deletes, reading no record', async () => {
    const reads = vi.spyOn(store, 'all');
    const steps: (() => Promise<unknown>)[] = [
      () => store.save(makeRecord(article(0), 1000)),
      () => store.save(makeRecord(article(2), 1000)),
      () => store.save(makeRecord({ ...article(2, 'https://apnews.com/copy'), paragraphs: seeds[2]!.paragraphs.slice(1) }, 2000)),
      () => store.save(makeRecord({ ...article(0), title: 'Saved again under a new title' }, 3000)),
      () =>
        store.importAll(
          [3, 4].map((i) => ({ ...makeRecord({ url: `https://pack.example/${i}`, title: `Pack ${i}`, paragraphs: [words(i), words(i + 50)] }, 4000), pack: 'Pack A' })),
        ),
      () => store.delete(idForUrl(article(2).url)),
      () => store.deletePack('Pack A'),
    ];
    for (const step of steps) {
      await step();
      reads.mockClear();
      const listed = await store.list();
      expect(reads).not.toHaveBeenCalled();
      expect(listed).toEqual(await fromRecords(store));
    }
    expect((await store.list()).map((i) => i.title)).toEqual(['Saved again under a new title']);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it('lists what another page of the extension wrote since (the stamp moved)', async () => {
    const factory = new IDBFactory();
    const [worker, options] = [await ArchiveStore.open(factory), await ArchiveStore.open(factory)];
    await worker.save(makeRecord(article(0), 1000));
    expect((await options.list()).map((i) => i.id)).toEqual([idForUrl(article(0).url)]);
    await worker.save(makeRecord(article(3), 2000));
    expect((await options.list()).map((i) => i.id)).toEqual([idForUrl(article(3).url), idForUrl(article(0).url)]);
    worker.close();
    options.close();
  });

  it('is made from the records when an archive of version 4 (keys without heads, fewer buckets) is opened', async () => {
    const factory = new IDBFactory();
    const old = await withGlobalFactory(factory, () =>
      openDB('backstory-archive', 4, {
        upgrade(db) {
          db.createObjectStore('articles', { keyPath: 'id' }).createIndex('outletUrls', 'outletUrls', { multiEntry: true });
          for (const name of ['meta', 'bodies', 'keys']) db.createObjectStore(name);
        },
      }),
    );
    const records = [makeRecord(article(2), 1000), makeRecord(article(0), 2000)];
    for (const r of records) await old.put('articles', r);
    // The keys as version 4 kept them: 64 buckets, no heads.
    for (const r of records) await old.put('keys', { ids: r.id, minhash: Uint32Array.from(r.minhash), urls: JSON.stringify([r.outletUrls]) }, 7);
    await old.put('meta', 1, 'stamp');
    old.close();
    const upgraded = await ArchiveStore.open(factory);
    const all = vi.spyOn(upgraded, 'all');
    expect((await upgraded.list()).map((i) => [i.id, i.title, i.savedAt])).toEqual([...records].reverse().map((r) => [r.id, r.title, r.savedAt]));
    expect(all).not.toHaveBeenCalled();
    // The keys still find a copy.
    expect(await upgraded.save(makeRecord(copyOf(2, 'https://apnews.com/copy')))).toEqual({ status: 'merged', id: records[0]!.id });
    upgraded.close();
  });
});

describe('archive import', () => {
  it('reads a plain JSON array of {title, url, date, text}', () => {
    const records = parseImport(
      JSON.stringify([{ title: 'Putin and Trump talk', url: 'https://example.com/a', date: '2019-01-02', text: 'First paragraph.\n\nSecond paragraph.' }]),
    );
    expect(records[0]).toMatchObject({ title: 'Putin and Trump talk', site: 'example.com', published: '2019-01-02', paragraphs: ['First paragraph.', 'Second paragraph.'] });
  });

  it('rejects a file with any invalid record, naming the record and the problem, and leaves the archive unchanged', async () => {
    await store.save(makeRecord(article(0)));
    const good = { title: 'A', url: 'https://example.com/a', date: '2019-01-02', text: 'Text.' };
    const cases: [unknown, RegExp][] = [
      [[good, { ...good, url: 'javascript:alert(1)' }], /Record 2: url/],
      [[good, good, { ...good, title: '' }], /Record 3: title is empty/],
      [[{ ...good, date: 'yesterday' }], /Record 1: date is not a date/],
      [[{ ...good, text: 42 }], /Record 1: text/],
      [{ format: 'backstory-archive', version: 1, articles: [{ url: 'https://e.com/x', title: 'T', paragraphs: [] }] }, /Record 1: paragraphs has no text/],
      [{ hello: 1 }, /Expected a Backstory export or a JSON array/],
    ];
    for (const [data, message] of cases) {
      expect(() => parseImport(JSON.stringify(data))).toThrow(message);
    }
    expect(() => parseImport('{not json')).toThrow(/not JSON/);
    expect(() => parseImport(JSON.stringify(Array.from({ length: ARCHIVE_LIMITS.records + 1 }, () => good)))).toThrow(/at most 100000/);
    expect(await store.count()).toBe(1);
  });

  it('prepares on import only the records written with text of their own (not copies merged), letting other tasks run between', async () => {
    const { withFindings } = await import('../../src/archive');
    await store.save(withFindings(makeRecord(article(2))));
    const file = [makeRecord(article(3)), makeRecord(copyOf(2, 'https://apnews.com/copy-2')), makeRecord(article(4)), makeRecord(copyOf(3, 'https://www.bbc.com/copy-3'))];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    // Each takes longer than a slice: a timer runs between the two.
    const prepared: [id: string, ticks: number][] = [];
    const slow = (r: (typeof file)[number]) => {
      prepared.push([r.id, ticks]);
      const end = performance.now() + 40;
      while (performance.now() < end);
      return withFindings(r);
    };
    try {
      expect(await store.importAll(file, { prepare: slow })).toEqual({ saved: 2, updated: 0, merged: 2 });
    } finally {
      clearInterval(timer);
    }
    expect(prepared.map(([id]) => id).sort()).toEqual([file[0]!.id, file[2]!.id].sort());
    expect(prepared[1]![1]).toBeGreaterThan(prepared[0]![1]);
    const all = await store.all();
    expect(all).toHaveLength(3);
    for (const r of all) expect(r.found).toEqual(withFindings({ ...r, found: undefined }).found);
    expect(all.find((r) => r.id === file[0]!.id)!.outletUrls).toContain('https://www.bbc.com/copy-3');
  });

  it('writes all of a valid file or nothing: a failure half-way leaves the archive as it was', async () => {
    await store.save(makeRecord(article(0)));
    const records = parseImport(JSON.stringify([1, 2, 3].map((i) => ({ title: `T${i}`, url: `https://example.com/${i}`, text: seeds[i]!.paragraphs.join('\n') }))));
    // A record IndexedDB cannot store (a function cannot be cloned) fails the transaction mid-way.
    const broken = [...records.slice(0, 2), { ...records[2]!, paragraphs: [() => 1] as unknown as string[] }];
    await expect(store.importAll(broken)).rejects.toThrow(/unchanged/);
    expect(await store.count()).toBe(1);
    expect(await store.importAll(records)).toEqual({ saved: 3, updated: 0, merged: 0 });
  });
});

describe('index snapshot', () => {
  const query = { title: 'Putin letter to Trump', paragraphs: ['Putin wrote to Trump that Moscow was ready for dialogue, the Kremlin said.'] };
  const setup = async () => {
    const { openArchiveIndex, snapshotIndex, readBodies, reconcile } = await import('../../src/archive');
    const { docsToRead, findRelated, prepareRelated } = await import('../../src/match');
    const { seedIndex } = await import('../../src/corpus/prebuilt');
    const { SEEDS_DIR } = await import('./helpers');
    const seedsIndex = seedIndex(SEEDS_DIR);
    /** What the worker does: BM25 first, then the bodies it needs, then the ranking. */
    const related = async (index: import('../../src/match').CorpusIndex) => {
      const prepared = prepareRelated(index, query);
      await readBodies(index, store, docsToRead(index, prepared));
      return findRelated(index, query, 5, prepared);
    };
    /** The index opened again from its snapshot, answering as `built` does, with these records' bodies read. */
    const reopen = async (built: { index: import('../../src/match').CorpusIndex }, ids: readonly string[]) => {
      const opened = await openArchiveIndex(store, seedsIndex);
      expect(opened.fromSnapshot).toBe(true);
      expect(await related(opened.index)).toEqual(await related(built.index));
      const at = (id: string) => opened.index.position.get(id)!;
      await readBodies(opened.index, store, ids.map(at));
      return { opened, at };
    };
    return { openArchiveIndex, snapshotIndex, reconcile, findRelated, seedsIndex, related, reopen };
  };

  it('is used at the next start, reading no article body until a query needs it, and answers as the rebuilt index', async () => {
    const { openArchiveIndex, snapshotIndex, findRelated, seedsIndex, related } = await setup();
    for (const i of [0, 3]) await store.save(makeRecord(article(i)));
    const first = await openArchiveIndex(store, seedsIndex);
    expect(first.fromSnapshot).toBe(false);
    expect(first.index.docs).toHaveLength(seeds.length + 2);
    expect(await snapshotIndex(store, seedsIndex, first.index, first.stamp)).toBe(true);
    const second = await openArchiveIndex(store, seedsIndex);
    expect(second.fromSnapshot).toBe(true);
    // An archived body is not read at start: matching without reading it first fails loudly.
    expect(() => findRelated(second.index, query)).toThrow(/not read yet/);
    expect(await related(second.index)).toEqual(findRelated(first.index, query));
    // A snapshot is refused once the archive moved on.
    await store.delete(idForUrl(article(3).url));
    expect(await snapshotIndex(store, seedsIndex, first.index, first.stamp)).toBe(false);
  });

  it('keeps an article’s text and date once, in its record: a kept body holds names and where its quotes stand, and is read with the record; one kept with its text still reads', async () => {
    const { openArchiveIndex, snapshotIndex, seedsIndex, reopen } = await setup();
    const { readBodies } = await import('../../src/archive');
    const records = [0, 3].map((i) => makeRecord(article(i)));
    for (const r of records) await store.save(r);
    const built = await openArchiveIndex(store, seedsIndex);
    await snapshotIndex(store, seedsIndex, built.index, built.stamp);
    const db = await (store as unknown as { archiveDb: Promise<import('idb').IDBPDatabase> }).archiveDb;
    const bodies = (await db.getAll('bodies')) as string[];
    expect(bodies).toHaveLength(2);
    const quotes = records.flatMap((r) => built.index.docs[built.index.position.get(r.id)!]!.quotes);
    expect(quotes.length).toBeGreaterThan(2);
    for (const body of bodies) {
      expect(Object.keys(JSON.parse(body)).sort()).toEqual(['entities', 'quotes']);
      expect(JSON.parse(body).entities.length).toBeGreaterThan(0);
      // Not a paragraph's text, nor a quote's, in another field.
      for (const text of [...records.flatMap((r) => r.paragraphs), ...quotes.map((q) => q.text)].filter((p) => p.length > 20)) expect(body).not.toContain(text);
    }
    const { opened, at } = await reopen(
      built,
      records.map((r) => r.id),
    );
    for (const r of records) {
      const [loaded, made] = [opened.index.docs[at(r.id)]!, built.index.docs[at(r.id)]!];
      expect([loaded.paragraphs, loaded.quotes, loaded.entities, loaded.date]).toEqual([r.paragraphs, made.quotes, made.entities, made.date]);
      expect(loaded.date?.iso).toBe(r.published);
    }
    // A body kept with its text (as versions before this one kept them) is read alone.
    const [r] = records;
    const old = JSON.parse((await db.get('bodies', r!.id)) as string);
    await db.put('bodies', JSON.stringify({ paragraphs: ['The text the body was kept with.'], ...old }), r!.id);
    const again = await openArchiveIndex(store, seedsIndex);
    await readBodies(again.index, store, [again.index.position.get(r!.id)!]);
    expect(again.index.docs[again.index.position.get(r!.id)!]!.paragraphs).toEqual(['The text the body was kept with.']);
  });

  it('reads what a record keeps of its names and quotes exactly as they are found in its text, on real pages in several languages', async () => {
    const { toCorpusArticle, withFindings } = await import('../../src/archive');
    const { realisticCorpus } = await import('../bench/real-corpus');
    const texts = [...seeds.map((s) => ({ title: s.title, paragraphs: s.paragraphs })), ...realisticCorpus(300)];
    let quotes = 0;
    texts.forEach((d, i) => {
      const record = makeRecord({ url: `https://example.com/${i}`, title: d.title, paragraphs: d.paragraphs, published: '2019-05-06' });
      const kept = withFindings(record);
      expect(kept.found).toBeDefined();
      // Kept as places in the text, not as its words.
      expect(JSON.stringify(kept.found)).not.toMatch(/[a-z]{3,} [a-z]{3,}/);
      const [made, read] = [toCorpusArticle(record), toCorpusArticle(kept)];
      expect(plainArticle(read)).toEqual(plainArticle(made));
      quotes += made.quotes.length;
    });
    expect(quotes).toBeGreaterThan(300);
  });

  it('a record that keeps its findings is its own body: the snapshot keeps only a mark for it, a query reads the record alone, and a save with new text is seen at the next start', async () => {
    const { openArchiveIndex, snapshotIndex, seedsIndex, reopen } = await setup();
    const { readBodies, withFindings } = await import('../../src/archive');
    const records = [0, 3].map((i) => withFindings(makeRecord(article(i))));
    for (const r of records) await store.save(r);
    const built = await openArchiveIndex(store, seedsIndex);
    await snapshotIndex(store, seedsIndex, built.index, built.stamp);
    const db = await (store as unknown as { archiveDb: Promise<import('idb').IDBPDatabase> }).archiveDb;
    expect(await db.getAll('bodies')).toEqual(['', '']);
    const bodies = vi.spyOn(store, 'bodies');
    const { opened, at } = await reopen(
      built,
      records.map((r) => r.id),
    );
    for (const r of records) expect(plainArticle(opened.index.docs[at(r.id)]!)).toEqual(plainArticle(built.index.docs[at(r.id)]!));
    expect(bodies).not.toHaveBeenCalled();
    // Saved again with new text (by a worker that stopped before its index heard of it): the next start
    // finds its mark gone, and reads the new text.
    const changed = withFindings(
      makeRecord({ ...article(0), paragraphs: ['Putin and Trump spoke by phone about a new arms control treaty and quillwort, the Kremlin said on Monday.'] }),
    );
    expect((await store.save(changed)).status).toBe('updated');
    const next = await openArchiveIndex(store, seedsIndex);
    // Indexed anew: its new words find it.
    const { prepareSearch } = await import('../../src/match');
    expect(prepareSearch(next.index, 'quillwort', 5).hits).toContain(next.index.position.get(changed.id));
    await readBodies(next.index, store, [next.index.position.get(changed.id)!]);
    expect(next.index.docs[next.index.position.get(changed.id)!]!.paragraphs).toEqual(changed.paragraphs);
    expect(next.index.docs[next.index.position.get(changed.id)!]!.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['putin', 'trump']));
  });

  it('unpacks the postings of a term only when a query reads them, and answers and searches as the rebuilt index; a snapshot of the older layout still opens', async () => {
    const { openArchiveIndex, snapshotIndex, seedsIndex, related } = await setup();
    const { prepareSearch, serializeIndex } = await import('../../src/match');
    const { sortedTerms, packPostings } = await import('../../src/match/terms-index');
    for (const i of [0, 1, 3, 4]) await store.save(makeRecord(article(i)));
    const built = await openArchiveIndex(store, seedsIndex);
    await snapshotIndex(store, seedsIndex, built.index, built.stamp);
    const opened = await openArchiveIndex(store, seedsIndex);
    expect(opened.fromSnapshot).toBe(true);
    const terms = sortedTerms(opened.index.terms);
    expect(terms).toEqual(sortedTerms(built.index.terms));
    // Nothing unpacked at start; after a query, only some of the lists.
    expect(opened.index.terms.postings.size).toBe(0);
    expect(await related(opened.index)).toEqual(await related(built.index));
    expect(opened.index.terms.postings.size).toBeGreaterThan(0);
    expect(opened.index.terms.postings.size).toBeLessThan(terms.length / 4);
    for (const q of ['Putin letter', 'Kremlin', 'Trump Putn', 'sanctions']) {
      const [a, b] = [prepareSearch(opened.index, q, 10), prepareSearch(built.index, q, 10)];
      expect(a.hits.length).toBeGreaterThan(0);
      expect([a.hits, a.scores]).toEqual([b.hits, b.scores]);
    }
    // Serialized again, every list is there as it was, and none of it was kept unpacked for that.
    const unpacked = opened.index.terms.postings.size;
    expect(Array.from(serializeIndex(opened.index, false).pairs)).toEqual(Array.from(serializeIndex(built.index, false).pairs));
    expect(opened.index.terms.postings.size).toBe(unpacked);
    // A snapshot kept before lists were packed one by one (all the postings in one run) opens and answers alike.
    const old = serializeIndex(built.index, false);
    const db = (store as unknown as { indexDb: import('idb').IDBPDatabase }).indexDb;
    const current = (await db.get('snapshot', 'snapshot')) as object;
    await db.put('snapshot', { ...current, index: { ...old, pairs: [] }, packedPairs: packPostings(old.pairs), pairCount: old.pairs.length }, 'snapshot');
    const older = await openArchiveIndex(store, seedsIndex);
    expect(older.fromSnapshot).toBe(true);
    expect(older.index.terms.packed).toBeUndefined();
    expect(await related(older.index)).toEqual(await related(built.index));
  });

  it('holds only the bodies used last: the others are let go and read again when a query needs them', async () => {
    const { openArchiveIndex, snapshotIndex, seedsIndex, related } = await setup();
    const { readBodies } = await import('../../src/archive');
    const { hasBody } = await import('../../src/match');
    for (const i of [0, 1, 2, 3]) await store.save(makeRecord(article(i)));
    const built = await openArchiveIndex(store, seedsIndex);
    // Before the snapshot the store does not keep their bodies: none is let go.
    const archived = [...built.index.position.values()].filter((n) => built.index.docs[n]!.source === 'archive');
    for (const n of archived) await readBodies(built.index, store, [n], 1);
    expect(archived.every((n) => hasBody(built.index, n))).toBe(true);
    await snapshotIndex(store, seedsIndex, built.index, built.stamp);
    // After it, they are let go, the longest unused first; the one in use never.
    for (const n of archived) await readBodies(built.index, store, [n], 1);
    expect(archived.map((n) => hasBody(built.index, n))).toEqual([false, false, false, true]);
    const [a, b] = archived;
    await readBodies(built.index, store, [a!, b!], 1);
    expect(archived.map((n) => hasBody(built.index, n))).toEqual([true, true, false, false]);
    // The seeds' bodies are never let go, and the answers are those of an index holding every body.
    expect([...built.index.position.values()].filter((n) => built.index.docs[n]!.source === 'seed').every((n) => hasBody(built.index, n))).toBe(true);
    const fresh = await openArchiveIndex(store, seedsIndex);
    expect(await related(built.index)).toEqual(await related(fresh.index));
    expect(built.index.docs[a!]!.paragraphs).toEqual(fresh.index.docs[a!]!.paragraphs);
  });

  it('places an article saved after the snapshot among the stories, reading only the bodies of those sharing its quotes', async () => {
    const { openArchiveIndex, snapshotIndex, reconcile, seedsIndex } = await setup();
    const { hasBody, loadIndex, addArticle } = await import('../../src/match');
    const { toCorpusArticle } = await import('../../src/archive');
    const quote = 'our two nations carry a shared responsibility for peace on every continent and in the wider world';
    const report = (url: string, title: string, lead: string, tail: string) =>
      makeRecord({ url, title, published: '2015-07-04', paragraphs: [lead, `"${quote}," the message said.`, tail] });
    const first = report(
      'https://www.reuters.com/world/july-4-message',
      'Putin sends Obama a July 4 message',
      'President Vladimir Putin sent Barack Obama a message for the Fourth of July holiday, the Kremlin said on Saturday.',
      'Relations between Moscow and Washington have been strained by the crisis in Ukraine and by sanctions.',
    );
    const other = makeRecord({
      url: 'https://www.bbc.com/news/sanctions',
      title: 'Sanctions on Russian banks widened',
      paragraphs: ['The European Union widened its sanctions on Russian banks on Monday, officials in Brussels said.'],
    });
    for (const r of [first, other]) await store.save(r);
    const built = await openArchiveIndex(store, seedsIndex);
    await snapshotIndex(store, seedsIndex, built.index, built.stamp);
    const opened = await openArchiveIndex(store, seedsIndex);
    expect(opened.fromSnapshot).toBe(true);
    const at = (id: string) => opened.index.position.get(id)!;
    expect(hasBody(opened.index, at(first.id))).toBe(false);
    // Another outlet's report of the same message, saved after the snapshot.
    const second = report(
      'https://apnews.com/article/kremlin-independence-day',
      'Kremlin: Putin congratulates Americans on Independence Day',
      'In a telegram marking Independence Day, the Russian leader told his American counterpart that dialogue must go on, his spokesman Dmitry Peskov told reporters.',
      'The White House did not comment on the telegram by Sunday evening.',
    );
    expect((await store.save(second)).status).toBe('saved');
    await reconcile(opened, store);
    expect(opened.index.story[at(second.id)]).toBe(opened.index.story[at(first.id)]);
    // Only the report sharing its quote was read to place it; the other article's body was not.
    expect(hasBody(opened.index, at(first.id))).toBe(true);
    expect(hasBody(opened.index, at(other.id))).toBe(false);
    // The same stories as an index rebuilt from every record.
    const rebuilt = loadIndex(seedsIndex);
    for (const r of await store.all()) addArticle(rebuilt, toCorpusArticle(r));
    // The same partition into stories (the docs' order, and so each story's label, follows the order read).
    expect(storiesOf(opened.index)).toEqual(storiesOf(rebuilt));
    expect(rebuilt.story[rebuilt.position.get(second.id)!]).toBe(rebuilt.story[rebuilt.position.get(first.id)!]);
  });

  it('is brought up to date at start with what was saved, deleted or saved again since, without a rebuild', async () => {
    const { openArchiveIndex, snapshotIndex, seedsIndex, related } = await setup();
    for (const i of [0, 3]) await store.save(makeRecord(article(i)));
    const first = await openArchiveIndex(store, seedsIndex);
    await snapshotIndex(store, seedsIndex, first.index, first.stamp);
    const [id0, id3] = [idForUrl(article(0).url), idForUrl(article(3).url)];
    await store.delete(id3);
    await store.save(makeRecord(article(4)));
    // Saved again at the same address with other text: the index must not keep the old text.
    const changed = { ...article(0), title: 'Kremlin denies letter', paragraphs: ['An entirely different text about a Kremlin denial of any letter.'] };
    await store.save(makeRecord(changed));
    const next = await openArchiveIndex(store, seedsIndex);
    expect(next.fromSnapshot).toBe(true);
    expect(next.stamp).toBe(await store.stamp());
    expect(next.index.position.has(id3)).toBe(false);
    expect(next.index.position.has(idForUrl(article(4).url))).toBe(true);
    const ids = (await related(next.index)).flatMap((r) => [r.id, ...r.sameStory.map((s) => s.id)]);
    expect(ids).not.toContain(id3);
    const doc0 = next.index.docs[next.index.position.get(id0)!]!;
    expect(doc0.title).toBe('Kremlin denies letter');
    // The same as rebuilding from scratch.
    const { loadIndex, addArticle } = await import('../../src/match');
    const { toCorpusArticle } = await import('../../src/archive');
    const rebuilt = loadIndex(seedsIndex);
    for (const r of await store.all()) addArticle(rebuilt, toCorpusArticle(r));
    const { findRelated } = await import('../../src/match');
    expect((await related(next.index)).map((r) => r.id)).toEqual(findRelated(rebuilt, query).map((r) => r.id));
  });
});
