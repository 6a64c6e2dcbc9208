import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { MESSAGE_LIMITS, type TabState } from '@/src/messaging';
import { send } from '@/src/messaging/send';
import { watchTabState } from '@/src/messaging/tab-states';
import { applyTheme, setTurnedOff, settings } from '@/src/settings';
import { PopupView } from '@/src/ui/PopupView';

/** How long "Analyze this page" waits for the page's result before saying there is none. */
const ANALYZE_WAIT_MS = 5_000;

/**
 * Which tab the popup is about: `?tab=ID` when opened as a page (tests, "open in tab"), otherwise the
 * active tab of the current window. Needs no "tabs" permission: only the id is read.
 */
async function targetTab(): Promise<number | undefined> {
  const params = new URLSearchParams(location.search);
  const param = Number(params.get('tab'));
  if (params.has('tab') && Number.isInteger(param) && param >= 0) return param;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function App() {
  const [state, setState] = useState<{ loading: boolean; tab?: TabState | null; error?: string; tabId?: number }>({ loading: true });
  useEffect(() => {
    void settings.theme.getValue().then((t) => applyTheme(document, t));
    let unwatch = () => {};
    (async () => {
      const tabId = await targetTab();
      const tab = tabId === undefined ? null : ((await send({ type: 'tab/state', tabId })) ?? null);
      setState({ loading: false, tab, tabId });
      // The tab's result as the worker writes it (a page analysed again, a navigation within it).
      if (tabId !== undefined) unwatch = watchTabState(tabId, (next) => setState((s) => ({ ...s, tab: next })));
    })().catch((e: unknown) => setState({ loading: false, error: String(e) }));
    return () => unwatch();
  }, []);
  const { tabId } = state;
  const onAnalyze =
    tabId === undefined
      ? undefined
      : async () => {
          // The page's result arrives a moment after the script runs: it comes through storage's change event.
          const arrived = new Promise<TabState | null>((resolve) => {
            const stop = watchTabState(tabId, (tab) => (stop(), resolve(tab)));
            setTimeout(() => (stop(), resolve(null)), ANALYZE_WAIT_MS);
          });
          const reply = await send({ type: 'tab/analyze', tabId });
          if (!reply?.ok) throw new Error(reply?.error ?? 'the browser did not allow it here');
          const tab = await arrived;
          if (!tab) throw new Error('no result from the page');
          setState((s) => ({ ...s, tab }));
        };
  // The worker drops queries over the protocol's limit: send at most that much.
  const search = async (query: string) => (await send({ type: 'corpus/search', query: query.slice(0, MESSAGE_LIMITS.query) })) ?? [];
  const readerUrl = (id: string) => browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}${tabId === undefined ? '' : `&tab=${tabId}`}`);
  return (
    <PopupView
      {...state}
      search={search}
      onAnalyze={onAnalyze}
      readerUrl={readerUrl}
      onTurnOn={(url) => setTurnedOff(url, false)}
      onResume={() => settings.paused.setValue(false)}
    />
  );
}
