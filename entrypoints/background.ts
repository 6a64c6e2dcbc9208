import { ArchiveStore, idForUrl, makeRecord, openArchiveIndex, readAllBodies, readBodies, reconcile, snapshotIndex, type ArchiveIndex } from '@/src/archive';
import { bundledIndex, bundledSerializedIndex } from '@/src/corpus/bundled';
import type { CorpusIndex } from '@/src/match';
import type { PagePart, TabState } from '@/src/messaging';
import { createWorkerHandler } from '@/src/messaging/worker';
import { settings, siteOf } from '@/src/settings';
import { matchPatterns } from '@/src/settings/sites';

const USER_SITES_SCRIPT = 'backstory-user-sites';
/** The scripts loaded into a page on its request (see ../src/messaging: page/load). */
const PART_FILES: Record<PagePart, ScriptPublicPath> = { article: '/content-scripts/article.js', readability: '/content-scripts/readability.js' };
let firefoxRegistration: { unregister(): Promise<void> } | undefined;

/** (Re-)registers the content script for the added sites the reader granted; none when there are none. */
async function syncUserSites(): Promise<void> {
  const sites = await settings.extraSites.getValue();
  const granted: string[] = [];
  for (const site of sites) if (await browser.permissions.contains({ origins: matchPatterns([site]) })) granted.push(site);
  const js = 'content-scripts/content.js';
  if (browser.scripting?.registerContentScripts) {
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [USER_SITES_SCRIPT] });
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [USER_SITES_SCRIPT] });
    if (granted.length) await browser.scripting.registerContentScripts([{ id: USER_SITES_SCRIPT, matches: matchPatterns(granted), js: [js], runAt: 'document_idle' }]);
  } else {
    // Firefox MV2: contentScripts.register (not in the shared typings); registrations end with the worker.
    const contentScripts = (browser as unknown as { contentScripts?: { register(o: object): Promise<{ unregister(): Promise<void> }> } }).contentScripts;
    await firefoxRegistration?.unregister();
    firefoxRegistration =
      contentScripts && granted.length ? await contentScripts.register({ matches: matchPatterns(granted), js: [{ file: `/${js}` }], runAt: 'document_idle' }) : undefined;
  }
}

// The worker owns the corpus index. MV3 stops an idle worker after ~30 s, so the index is a cache
// loaded on demand from the prebuilt seed index, and per-tab results live in session storage.
export default defineBackground(() => {
  // The seeds load from the prebuilt index; archived articles from the last index snapshot, brought up
  // to date with what was saved or deleted since. Each save or change elsewhere updates the index in
  // place (one update at a time), and a snapshot is taken a few seconds after the last change.
  let opened: Promise<ArchiveIndex | undefined> | undefined;
  let updates: Promise<unknown> = Promise.resolve();
  let store: Promise<ArchiveStore> | undefined;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  const archive = () => (store ??= ArchiveStore.open());
  const scheduleSnapshot = () => {
    clearTimeout(snapshotTimer);
    snapshotTimer = setTimeout(() => {
      void Promise.all([archive(), opened, updates])
        .then(([s, ai]) => ai && snapshotIndex(s, bundledSerializedIndex(), ai.index, ai.stamp))
        .catch(() => undefined);
    }, 3000);
  };
  const openIndex = async () => {
    try {
      const ai = await openArchiveIndex(await archive(), bundledSerializedIndex());
      if (!ai.fromSnapshot || ai.stamp !== (await (await archive()).stamp())) scheduleSnapshot();
      // The first answers read only the bodies they need; the rest are read after, in the background
      // (queued with the updates), so later answers find them at hand. Before them, the dedupe keys, so
      // the next save reads nothing to find its duplicates.
      updates = updates
        .then(async () => {
          const s = await archive();
          await s.warm();
          await readAllBodies(ai.index, s);
        })
        .catch(() => undefined);
      return ai;
    } catch (error) {
      console.warn('[Backstory] archive unavailable; matching against the seeds only:', error);
      return undefined;
    }
  };
  const current = () => (opened ??= openIndex());
  let seedsOnly: CorpusIndex | undefined;
  const index = async () => (await current())?.index ?? (seedsOnly ??= bundledIndex());
  /** Brings a loaded index up to date with the archive (not loaded yet: it will be when it loads). */
  const refresh = (changedIds: string[] = []) => {
    if (!opened) return;
    const ai = opened;
    updates = updates
      .then(async () => {
        const a = await ai;
        if (a) await reconcile(a, await archive(), changedIds);
        await (await archive()).warm();
        scheduleSnapshot();
      })
      .catch((error: unknown) => console.warn('[Backstory] index update failed:', error));
  };
  const tabKey = (tabId: number) => `tab:${tabId}`;
  /** A part of the analysis into one frame of a tab: where the extension may (its news sites, a site the reader granted, or activeTab). */
  const loadPart = async (tabId: number, frameId: number, part: PagePart) => {
    const file = PART_FILES[part];
    if (browser.scripting) await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [file] });
    else await browser.tabs.executeScript(tabId, { file, frameId });
  };
  // Chrome MV3 has `action`; Firefox MV2 has `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;

  const handler = createWorkerHandler({
    extensionId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL('/'),
    index,
    readBodies: async (ix, docs) => {
      const ai = await current();
      if (ai?.index === ix) await readBodies(ix, await archive(), docs);
    },
    archive: {
      idForUrl: async (url) => ((await (await archive()).byUrl(url)) ?? (await (await archive()).get(idForUrl(url))))?.id,
      save: async (url, article) => {
        if (!(await settings.archive.getValue()) || (await settings.archiveOffSites.getValue()).includes(siteOf(url))) return null;
        const record = makeRecord({ url, title: article.title, byline: article.byline, published: article.published, paragraphs: article.paragraphs });
        const result = await (await archive()).save(record);
        // In the background: the answer to the page does not wait for the index.
        refresh(result.status === 'saved' ? [] : [result.id]);
        return result;
      },
      changed: () => refresh(),
    },
    saveTab: (tabId, state) => browser.storage.session.set({ [tabKey(tabId)]: state }),
    loadTab: async (tabId) => ((await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as TabState | undefined) ?? null,
    analyzeTab: (tabId) => loadPart(tabId, 0, 'article'),
    loadPart,
    openReader: async (id, fromTab) => {
      await browser.tabs.create({ url: browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}&tab=${fromTab}`) });
    },
    setBadge: async (tabId, text) => {
      await toolbar.setBadgeText({ tabId, text });
      if (text) await toolbar.setBadgeBackgroundColor({ tabId, color: '#7a2e1d' });
    },
  });

  browser.runtime.onMessage.addListener((message, sender) => handler.handle(message, sender));

  // Sites the reader added: the content script is registered for those whose permission was granted.
  void syncUserSites();
  settings.extraSites.watch(() => void syncUserSites());
  browser.permissions.onRemoved?.addListener(() => void syncUserSites());
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(tabKey(tabId)));
});
