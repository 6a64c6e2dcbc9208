import { bundledIndex } from '@/src/corpus/bundled';
import type { CorpusIndex } from '@/src/match';
import type { TabState } from '@/src/messaging';
import { createWorkerHandler } from '@/src/messaging/worker';

// The worker owns the corpus index. MV3 stops an idle worker after ~30 s, so the index is a cache
// loaded on demand from the prebuilt seed index, and per-tab results live in session storage.
export default defineBackground(() => {
  let index: CorpusIndex | undefined;
  const tabKey = (tabId: number) => `tab:${tabId}`;
  // Chrome MV3 has `action`; Firefox MV2 has `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;

  const handler = createWorkerHandler({
    extensionId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL('/'),
    index: () => (index ??= bundledIndex()),
    saveTab: (tabId, state) => browser.storage.session.set({ [tabKey(tabId)]: state }),
    loadTab: async (tabId) => ((await browser.storage.session.get(tabKey(tabId)))[tabKey(tabId)] as TabState | undefined) ?? null,
    openReader: async (id, fromTab) => {
      await browser.tabs.create({ url: browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}&tab=${fromTab}`) });
    },
    setBadge: async (tabId, text) => {
      await toolbar.setBadgeText({ tabId, text });
      if (text) await toolbar.setBadgeBackgroundColor({ tabId, color: '#7a2e1d' });
    },
  });

  browser.runtime.onMessage.addListener((message, sender) => handler.handle(message, sender));
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(tabKey(tabId)));
});
