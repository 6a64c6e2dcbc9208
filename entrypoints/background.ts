import { LiveIndex } from '@/src/archive';
import { workerArchive } from '@/src/archive/worker-archive';
import { bundledIndex, bundledSerializedIndex } from '@/src/corpus/bundled';
import type { PagePart } from '@/src/messaging';
import { forgetTabState, loadTabState, saveTabState } from '@/src/messaging/tab-states';
import { createWorkerHandler } from '@/src/messaging/worker';
import { report } from '@/src/messaging/report';
import { settings, siteOf, THRESHOLDS } from '@/src/settings';
import { followUserSites } from '@/src/settings/user-sites';
import { welcomeOnInstall } from '@/src/settings/welcome';
import { cardShortcut, FOCUS_CARD } from '@/src/settings/shortcut';

/** The scripts loaded into a page on its request (see src/messaging/protocol.ts: page/load). */
const PART_FILES: Record<PagePart, ScriptPublicPath> = { article: '/content-scripts/article.js', readability: '/content-scripts/readability.js' };
/** The badge: the extension's own dark red, which reads on light and dark toolbars alike. */
const BADGE_COLOUR = '#7a2e1d';

// The worker owns the matching index and the archive's database, and answers every message.
export default defineBackground(() => {
  const live = new LiveIndex({ seeds: bundledSerializedIndex, seedsOnly: bundledIndex, report });
  // Chrome MV3 has `action`; Firefox MV2 has `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;
  /** A part of the analysis into one frame of a tab: where the extension may (its news sites, a site the reader granted, or activeTab). */
  const loadPart = async (tabId: number, frameId: number, part: PagePart) => {
    const file = PART_FILES[part];
    if (browser.scripting) await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [file] });
    else await browser.tabs.executeScript(tabId, { file, frameId });
  };

  const handler = createWorkerHandler({
    extensionId: browser.runtime.id,
    extensionUrl: browser.runtime.getURL('/'),
    index: () => live.index(),
    readBodies: (index, docs) => live.readBodies(index, docs),
    archive: workerArchive(live, {
      seeds: () => bundledIndex().docs,
      mayKeep: async (url) => (await settings.archive.getValue()) && !(await settings.archiveOffSites.getValue()).includes(siteOf(url)),
      changed: async () => settings.archiveRevision.setValue((await settings.archiveRevision.getValue()) + 1),
    }),
    saveTab: saveTabState,
    loadTab: loadTabState,
    analyzeTab: (tabId) => loadPart(tabId, 0, 'article'),
    threshold: async () => THRESHOLDS[await settings.sensitivity.getValue()],
    loadPart,
    openReader: async (id, fromTab) => {
      await browser.tabs.create({ url: browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}&tab=${fromTab}`) });
    },
    shortcut: cardShortcut,
    setBadge: async (tabId, text, title) => {
      await toolbar.setBadgeText({ tabId, text });
      await toolbar.setTitle({ tabId, title });
      if (text) await toolbar.setBadgeBackgroundColor({ tabId, color: BADGE_COLOUR });
    },
  });

  browser.runtime.onMessage.addListener((message, sender) => handler.handle(message, sender));
  // The welcome page, once: on install, not on an update or the browser's own update.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    welcomeOnInstall(reason, () => browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') })).catch((error: unknown) => report('opening the welcome page', error));
  });
  // The card's shortcut: the active tab's card takes focus (a tab without one ignores it).
  browser.commands.onCommand.addListener((command) => {
    if (command !== FOCUS_CARD) return;
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id !== undefined) await browser.tabs.sendMessage(tab.id, { type: 'card/focus' });
    })().catch(() => undefined); // no card in that tab: nothing to focus
  });
  followUserSites(report);
  browser.tabs.onRemoved.addListener((tabId) => void forgetTabState(tabId).catch((error: unknown) => report('forgetting a closed tab', error)));
});
