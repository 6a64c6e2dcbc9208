import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { detectTopic } from '../../src/detect';
import { buildIndex } from '../../src/match';
import { MESSAGE_LIMITS as LIMITS, type TabState } from '../../src/messaging';
import { createWorkerHandler } from '../../src/messaging/worker';
import { seedCorpus } from './helpers';

const EXT = 'backstory-test-id';
const EXT_URL = `chrome-extension://${EXT}/`;
const article = {
  isArticle: true,
  pageKind: 'one article',
  title: 'Putin tells Obama Russian-American relations matter most',
  paragraphs: [
    'Russian President Vladimir Putin sent President Barack Obama a Fourth of July message, the Kremlin said on Saturday in Moscow.',
    '"Russian-American relations remain the most important factor of international stability and security," Putin said.',
    'The White House said Washington and Moscow still differ on Ukraine and sanctions, and the United States wants talks.',
    'Relations between Russia and the United States have been strained since the annexation of Crimea.',
  ],
};

function setup() {
  let indexAsked = 0;
  const badges = new Map<number, string>();
  const opened: [string, number][] = [];
  const analysed: number[] = [];
  const loaded: [number, number, string][] = [];
  const handler = createWorkerHandler({
    extensionId: EXT,
    extensionUrl: EXT_URL,
    index: () => (indexAsked++, buildIndex(seedCorpus())),
    saveTab: (tabId, state) => fakeBrowser.storage.session.set({ [`tab:${tabId}`]: state }),
    loadTab: async (tabId) => ((await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`] as TabState) ?? null,
    setBadge: async (tabId, text) => void badges.set(tabId, text),
    openReader: async (id, tab) => void opened.push([id, tab]),
    loadPart: async (tabId, frameId, part) => {
      if (tabId === 13) throw new Error('Cannot access contents of the page');
      loaded.push([tabId, frameId, part]);
    },
    analyzeTab: async (tabId) => {
      if (tabId === 13) throw new Error('Cannot access contents of the page');
      analysed.push(tabId);
    },
  });
  fakeBrowser.runtime.onMessage.addListener((msg, sender) => handler.handle(msg, sender as never) as never);
  return { handler, badges, opened, analysed, loaded, indexAsked: () => indexAsked };
}

const verdictOf = (a: { title: string; paragraphs: string[] }) => detectTopic({ ...a, isArticle: true, pageKind: 'test', bodySource: 'container' });

describe('background message handling', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers an on-topic page with marks: names and quotes that appeared before, with the passage', async () => {
    const { handler } = setup();
    const reply = (await handler.handle({ type: 'page/article', url: 'https://www.reuters.com/a', article }, { id: EXT, tab: { id: 5 } })) as {
      marks: { entities: { entityId: string; before: { passage: string; highlight: [number, number] }[] }[]; quotes: { quote: string; before: unknown[] }[] };
    };
    const ids = reply.marks.entities.map((e) => e.entityId);
    expect(ids).toEqual(expect.arrayContaining(['putin', 'obama']));
    expect(ids).not.toContain('russia');
    for (const e of reply.marks.entities) for (const b of e.before) expect(b.passage.slice(...b.highlight).length).toBeGreaterThan(0);
    expect(reply.marks.quotes[0]?.quote).toMatch(/Russian-American relations remain/);
  });

  it('recognises a page that is a corpus article: not its own backstory, named once, the other report kept', async () => {
    const { handler } = setup();
    const s001 = seedCorpus().find((d) => d.id.startsWith('001'))!;
    const page = { title: s001.title, paragraphs: s001.paragraphs, isArticle: true, pageKind: 'one article' };
    const reply = (await handler.handle({ type: 'page/article', url: 'https://www.reuters.com/s001', article: page }, { id: EXT, tab: { id: 7 } })) as {
      related: { id: string; sameStory: { id: string }[] }[];
    };
    const ids = reply.related.flatMap((r) => [r.id, ...r.sameStory.map((x) => x.id)]);
    expect(ids).not.toContain(s001.id);
    expect(ids).toContain('002_d64f5373ac28c482');
    const state = (await fakeBrowser.storage.session.get('tab:7'))['tab:7'] as TabState;
    expect(state.corpusCopy).toEqual({ id: s001.id, title: s001.title, source: 'seed' });
  });

  it('opens the reader for a corpus article, and drops an unknown id', async () => {
    const { handler, opened } = setup();
    const id = seedCorpus()[0]!.id;
    await handler.handle({ type: 'reader/open', id }, { id: EXT, tab: { id: 9 } });
    expect(opened).toEqual([[id, 9]]);
    await handler.handle({ type: 'reader/open', id: 'nope' }, { id: EXT, tab: { id: 9 } });
    expect(opened).toHaveLength(1);
    expect(handler.dropped()).toBe(1);
  });

  it('runs "Analyze this page" for our popup only, and reports a refusal as a message', async () => {
    const { handler, analysed } = setup();
    const popup = { id: EXT, url: `${EXT_URL}popup.html` };
    expect(await handler.handle({ type: 'tab/analyze', tabId: 4 }, popup)).toEqual({ ok: true });
    expect(analysed).toEqual([4]);
    expect(await handler.handle({ type: 'tab/analyze', tabId: 13 }, popup)).toEqual({ ok: false, error: 'Cannot access contents of the page' });
    // A content script cannot ask for it.
    expect(handler.handle({ type: 'tab/analyze', tabId: 4 }, { id: EXT, tab: { id: 4 }, url: 'https://www.reuters.com/' })).toBeUndefined();
    expect(analysed).toEqual([4]);
  });

  it('loads the full analysis into the frame whose first look asked, for content scripts only', async () => {
    const { handler, loaded, indexAsked } = setup();
    await handler.handle({ type: 'page/load' }, { id: EXT, tab: { id: 4 }, frameId: 0, url: 'https://www.reuters.com/a' });
    // The index starts loading at once, before the page's article arrives.
    expect(indexAsked()).toBe(1);
    await handler.handle({ type: 'page/load' }, { id: EXT, tab: { id: 5 }, frameId: 3, url: 'https://www.reuters.com/b' });
    // The full analysis asks for Readability when the page's body was found no other way.
    await handler.handle({ type: 'page/load', part: 'readability' }, { id: EXT, tab: { id: 5 }, frameId: 3, url: 'https://www.reuters.com/b' });
    expect(loaded).toEqual([
      [4, 0, 'article'],
      [5, 3, 'article'],
      [5, 3, 'readability'],
    ]);
    // No other script: a part not in the protocol is dropped.
    expect(handler.handle({ type: 'page/load', part: '../../evil.js' }, { id: EXT, tab: { id: 5 }, url: 'https://www.reuters.com/b' })).toBeUndefined();
    // Not from our own pages, not from another extension, and a refusal (no access) is dropped quietly.
    expect(handler.handle({ type: 'page/load' }, { id: EXT, url: `${EXT_URL}popup.html` })).toBeUndefined();
    expect(handler.handle({ type: 'page/load' }, { id: 'other', tab: { id: 4 }, url: 'https://www.reuters.com/a' })).toBeUndefined();
    await handler.handle({ type: 'page/load' }, { id: EXT, tab: { id: 13 }, url: 'https://www.reuters.com/c' });
    expect(loaded).toHaveLength(3);
    expect(handler.dropped()).toBe(4);
  });

  it('serves a corpus article to our pages, null for an unknown id', async () => {
    const { handler } = setup();
    const id = seedCorpus()[2]!.id;
    expect(await handler.handle({ type: 'corpus/article', id }, { id: EXT, url: `${EXT_URL}reader.html` })).toMatchObject({ id });
    expect(await handler.handle({ type: 'corpus/article', id: 'x' }, { id: EXT, url: `${EXT_URL}reader.html` })).toBeNull();
  });

  it('judges the page it is sent: answers an on-topic one with its verdict and related coverage, stores the tab state and sets the badge', async () => {
    const { handler, badges } = setup();
    const reply = (await handler.handle({ type: 'page/article', url: 'https://www.reuters.com/a', article }, { id: EXT, tab: { id: 7 }, url: 'https://www.reuters.com/a' })) as {
      verdict: { onTopic: boolean; reason: string };
      related: { id: string }[];
    };
    expect(reply.verdict).toEqual(verdictOf(article));
    expect(reply.verdict.onTopic).toBe(true);
    expect(reply.related.length).toBeGreaterThan(0);
    expect(badges.get(7)).toBe(String(reply.related.length));
    const state = (await handler.handle({ type: 'tab/state', tabId: 7 }, { id: EXT, url: `${EXT_URL}popup.html` })) as TabState;
    expect(state.related.map((r) => r.id)).toEqual(reply.related.map((r) => r.id));
    expect(state.verdict.onTopic).toBe(true);
  });

  it('clears the badge for an off-topic page: one the first look judged, and one the worker judged', async () => {
    const { handler, badges } = setup();
    badges.set(3, '4');
    await handler.handle(
      { type: 'page/verdict', url: 'https://x.test/', verdict: { onTopic: false, score: 0, reason: 'no', evidence: [] } },
      { id: EXT, tab: { id: 3 }, url: 'https://x.test/' },
    );
    expect(badges.get(3)).toBe('');
    badges.set(3, '4');
    const offTopic = { ...article, title: 'Markets rally', paragraphs: ['Shares rose on Monday as investors bought technology stocks and bonds fell.'] };
    const reply = (await handler.handle({ type: 'page/article', url: 'https://x.test/b', article: offTopic }, { id: EXT, tab: { id: 3 }, url: 'https://x.test/b' })) as {
      verdict: { onTopic: boolean };
      related: unknown[];
    };
    expect(reply).toMatchObject({ verdict: { onTopic: false }, related: [] });
    expect(badges.get(3)).toBe('');
    // A page that is not one article is not on topic, whatever it names.
    const listing = { ...article, isArticle: false, pageKind: 'a list of links' };
    expect(await handler.handle({ type: 'page/article', url: 'https://x.test/c', article: listing }, { id: EXT, tab: { id: 3 }, url: 'https://x.test/c' })).toMatchObject({
      verdict: { onTopic: false },
    });
  });

  it('judges with the threshold the reader chose', async () => {
    const strict = createWorkerHandler({
      extensionId: EXT,
      extensionUrl: EXT_URL,
      index: () => buildIndex(seedCorpus()),
      threshold: async () => 1e9,
      saveTab: async () => undefined,
      loadTab: async () => null,
      setBadge: async () => undefined,
      openReader: async () => undefined,
    });
    expect(await strict.handle({ type: 'page/article', url: 'https://www.reuters.com/a', article }, { id: EXT, tab: { id: 2 }, url: 'https://www.reuters.com/a' })).toMatchObject({
      verdict: { onTopic: false },
    });
  });

  it('serves the popup opened in a tab (sender has a tab but is our own page)', async () => {
    const { handler } = setup();
    const hits = (await handler.handle({ type: 'corpus/search', query: 'Gorchakov' }, { id: EXT, tab: { id: 9 }, url: `${EXT_URL}popup.html?tab=2` })) as unknown[];
    expect(hits.length).toBe(1);
  });

  it('drops malformed, oversized, foreign and unknown messages without throwing', async () => {
    const { handler } = setup();
    const page = { id: EXT, tab: { id: 1 }, url: 'https://www.reuters.com/' };
    const bad: [unknown, object][] = [
      [null, page],
      ['page/verdict', page],
      [{ type: 'page/verdict' }, page],
      [{ type: 'tab/state', tabId: 1 }, page], // a content script may not read other tabs' state
      [{ type: 'page/verdict', url: 'x'.repeat(LIMITS.url + 1), verdict: verdictOf(article) }, page],
      [{ type: 'page/article', url: 'u', article: { ...article, paragraphs: Array(LIMITS.paragraphs + 1).fill('p') } }, page],
      [{ type: 'page/article', url: 'u', article: { title: 't', paragraphs: ['p'] } }, page], // no page kind
      [
        { type: 'corpus/search', query: 'x' },
        { id: 'another-extension', url: 'chrome-extension://another-extension/' },
      ],
      [{ type: 'nope' }, { id: EXT, url: `${EXT_URL}popup.html` }],
      [
        { type: 'tab/state', tabId: -1 },
        { id: EXT, url: `${EXT_URL}popup.html` },
      ],
    ];
    for (const [msg, sender] of bad) expect(handler.handle(msg, sender)).toBeUndefined();
    expect(handler.dropped()).toBe(bad.length);
  });

  it('is reachable through runtime.onMessage', async () => {
    setup();
    const listeners = fakeBrowser.runtime.onMessage;
    const results = await listeners.trigger({ type: 'corpus/search', query: 'sanctions' }, { id: EXT, url: `${EXT_URL}popup.html` }, () => undefined);
    expect((await results[0]) as unknown[]).not.toHaveLength(0);
  });

  it('answers the options page about the archive through the worker (its database has one owner), and says why a change failed', async () => {
    const calls: string[] = [];
    const handler = createWorkerHandler({
      extensionId: EXT,
      extensionUrl: EXT_URL,
      index: () => buildIndex(seedCorpus()),
      saveTab: async () => undefined,
      loadTab: async () => null,
      setBadge: async () => undefined,
      openReader: async () => undefined,
      archive: {
        idForUrl: async () => undefined,
        save: async () => null,
        list: async () => [{ id: 'a_1', title: 'Kept', site: 'reuters.com', url: 'https://www.reuters.com/k', savedAt: 1 }],
        importPart: async (upload, seq, text) => void calls.push(`part ${upload} ${seq} ${text.length}`),
        importFile: async (file) => {
          calls.push(typeof file === 'string' ? `import ${file.length}` : `import upload ${file.upload}`);
          if (file === 'bad') throw new Error('The file is not JSON.');
          return { saved: 2, updated: 0, merged: 1, seedCopies: 0 };
        },
        importStatus: () => ({ stage: 'indexing', done: 50, total: 200 }),
        exportFile: async () => '{"format":"backstory-archive"}',
        delete: async (id) => void calls.push(`delete ${id}`),
        deletePack: async (name) => (calls.push(`delete pack ${name}`), 2),
        clear: async () => void calls.push('clear'),
      },
    });
    const options = { id: EXT, url: `${EXT_URL}options.html` };
    expect(await handler.handle({ type: 'archive/list' }, options)).toEqual({ items: [expect.objectContaining({ id: 'a_1', title: 'Kept' })] });
    expect(await handler.handle({ type: 'archive/import-status' }, options)).toEqual({ stage: 'indexing', done: 50, total: 200 });
    expect(await handler.handle({ type: 'archive/import', file: '[]' }, options)).toEqual({ ok: true, saved: 2, updated: 0, merged: 1, seedCopies: 0 });
    expect(await handler.handle({ type: 'archive/import', file: 'bad' }, options)).toEqual({ ok: false, error: 'The file is not JSON.' });
    // A large file in parts, then its end; an upload's name is a plain token, and a message is a file or an upload.
    expect(await handler.handle({ type: 'archive/import-part', upload: 'u-1', seq: 0, text: '{"format"' }, options)).toEqual({ ok: true });
    expect(await handler.handle({ type: 'archive/import', upload: 'u-1' }, options)).toMatchObject({ ok: true });
    expect(handler.handle({ type: 'archive/import-part', upload: '<img>', seq: 0, text: '' }, options)).toBeUndefined();
    expect(handler.handle({ type: 'archive/import', upload: 'u-1', file: '[]' }, options)).toBeUndefined();
    expect(handler.handle({ type: 'archive/import' }, options)).toBeUndefined();
    expect(await handler.handle({ type: 'archive/export' }, options)).toEqual({ ok: true, file: '{"format":"backstory-archive"}' });
    expect(await handler.handle({ type: 'archive/delete', id: 'a_1' }, options)).toEqual({ ok: true });
    expect(await handler.handle({ type: 'archive/delete-pack', name: 'Wire 2016' }, options)).toEqual({ ok: true, removed: 2 });
    expect(await handler.handle({ type: 'archive/clear' }, options)).toEqual({ ok: true });
    expect(calls).toEqual(['import 2', 'import 3', 'part u-1 0 9', 'import upload u-1', 'delete a_1', 'delete pack Wire 2016', 'clear']);
    // A page (a content script) can neither read the archive nor change it.
    const page = { id: EXT, tab: { id: 4 }, url: 'https://www.reuters.com/a' };
    for (const msg of [
      { type: 'archive/list' },
      { type: 'archive/export' },
      { type: 'archive/clear' },
      { type: 'archive/delete', id: 'a_1' },
      { type: 'archive/delete-pack', name: 'Wire 2016' },
      { type: 'archive/import-part', upload: 'u-2', seq: 0, text: '[]' },
    ])
      expect(handler.handle(msg, page)).toBeUndefined();
    // Nor a sender that is neither a tab nor one of our pages.
    expect(handler.handle({ type: 'archive/list' }, { id: EXT })).toBeUndefined();
    expect(calls).toHaveLength(7);
    expect(handler.problems().at(-1)).toMatch(/outside a tab/);
  });

  it('without an archive, lists nothing and refuses changes with a reason', async () => {
    const { handler } = setup();
    const options = { id: EXT, url: `${EXT_URL}options.html` };
    expect(await handler.handle({ type: 'archive/list' }, options)).toEqual({ items: [] });
    expect(await handler.handle({ type: 'archive/clear' }, options)).toEqual({ ok: false, error: 'the archive is not available' });
  });
});
