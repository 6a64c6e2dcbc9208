import { ArchiveStore, idForUrl, makeRecord, openArchiveIndex, snapshotIndex, toCorpusArticle } from '@/src/archive';
import { bundledIndex, bundledSerializedIndex } from '@/src/corpus/bundled';
import { addArticle, type CorpusIndex } from '@/src/match';
import type { TabState } from '@/src/messaging';
import { createWorkerHandler } from '@/src/messaging/worker';
import { settings, siteOf } from '@/src/settings';
import { matchPatterns } from '@/src/settings/sites';

const USER_SITES_SCRIPT = 'backstory-user-sites';
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
    firefoxRegistration = contentScripts && granted.length ? await contentScripts.register({ matches: matchPatterns(granted), js: [{ file: `/${js}` }], runAt: 'document_idle' }) : undefined;
  }
}

// The worker owns the corpus index. MV3 stops an idle worker after ~30 s, so the index is a cache
// loaded on demand from the prebuilt seed index, and per-tab results live in session storage.
export default defineBackground(() => {
  // The seeds load from the prebuilt index; archived articles come from the last index snapshot when it
  // is current, else are added one by one. Each newly saved article is added as it is saved, and a
  // snapshot is taken a few seconds after the last change, so the next worker start reads no text again.
  let index: Promise<CorpusIndex> | undefined;
  let indexStamp = 0;
  let store: Promise<ArchiveStore> | undefined;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  const archive = () => (store ??= ArchiveStore.open());
  const scheduleSnapshot = () => {
    clearTimeout(snapshotTimer);
    snapshotTimer = setTimeout(() => {
      const pending = index;
      if (pending) void Promise.all([archive(), pending]).then(([s, ix]) => snapshotIndex(s, bundledSerializedIndex(), ix, indexStamp)).catch(() => undefined);
    }, 3000);
  };
  const loadIndex = async () => {
    try {
      const opened = await openArchiveIndex(await archive(), bundledSerializedIndex());
      indexStamp = opened.stamp;
      if (!opened.fromSnapshot) scheduleSnapshot();
      return opened.index;
    } catch (error) {
      console.warn('[Backstory] archive unavailable; matching against the seeds only:', error);
      return bundledIndex();
    }
  };
  const tabKey = (tabId: number) => `tab:${tabId}`;
  // Chrome MV3 has `action`; Firefox MV2 has `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;

  const handler = createWorkerHandler({
    extensionId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL('/'),
    index: () => (index ??= loadIndex()),
    archive: {
      idForUrl: async (url) => ((await (await archive()).byUrl(url)) ?? (await (await archive()).get(idForUrl(url))))?.id,
      save: async (url, article) => {
        if (!(await settings.archive.getValue()) || (await settings.archiveOffSites.getValue()).includes(siteOf(url))) return null;
        const record = makeRecord({ url, title: article.title, byline: article.byline, published: article.published, paragraphs: article.paragraphs });
        const s = await archive();
        const result = await s.save(record);
        if (index) {
          if (result.status === 'saved') addArticle(await index, toCorpusArticle(record));
          indexStamp = await s.stamp();
          scheduleSnapshot();
        }
        return result;
      },
      changed: () => void (index = undefined),
    },
    saveTab: (tabId, state) => browser.storage.session.set({ [tabKey(tabId)]: state }),
    loadTab: async (tabId) => ((await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as TabState | undefined) ?? null,
    analyzeTab: async (tabId) => {
      const file = '/content-scripts/content.js';
      if (browser.scripting) await browser.scripting.executeScript({ target: { tabId }, files: [file] });
      else await browser.tabs.executeScript(tabId, { file });
    },
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
