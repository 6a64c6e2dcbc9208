import { useEffect, useState } from 'preact/hooks';
import type { SearchHit } from '@/src/match';
import { LIMITS, type TabState } from '@/src/messaging';
import { applyTheme, settings } from '@/src/settings';
import { PopupView } from '@/src/ui/PopupView';

/**
 * Which tab the popup is about: `?tab=ID` when opened as a page (tests, "open in tab"), otherwise the
 * active tab of the current window. Needs no "tabs" permission: only the id is read.
 */
async function targetTab(): Promise<number | undefined> {
  const param = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(param) && param >= 0 && new URLSearchParams(location.search).has('tab')) return param;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function App() {
  const [state, setState] = useState<{ loading: boolean; tab?: TabState | null; error?: string; tabId?: number }>({ loading: true });
  useEffect(() => {
    void settings.theme.getValue().then((t) => applyTheme(document, t));
    (async () => {
      const tabId = await targetTab();
      const tab = tabId === undefined ? null : ((await browser.runtime.sendMessage({ type: 'tab/state', tabId })) as TabState | null);
      setState({ loading: false, tab, tabId });
    })().catch((e: unknown) => setState({ loading: false, error: String(e) }));
  }, []);
  const { tabId } = state;
  // The page's result arrives a moment after the script runs: ask for it until it is there.
  const onAnalyze =
    tabId === undefined
      ? undefined
      : async () => {
          const reply = (await browser.runtime.sendMessage({ type: 'tab/analyze', tabId })) as { ok: boolean; error?: string } | undefined;
          if (!reply?.ok) throw new Error(reply?.error ?? 'the browser did not allow it here');
          for (let k = 0; k < 25; k++) {
            const tab = (await browser.runtime.sendMessage({ type: 'tab/state', tabId })) as TabState | null;
            if (tab) return setState((s) => ({ ...s, tab }));
            await new Promise((r) => setTimeout(r, 200));
          }
          throw new Error('no result from the page');
        };
  // The worker drops queries over the protocol's limit: send at most that much.
  const search = async (query: string) => ((await browser.runtime.sendMessage({ type: 'corpus/search', query: query.slice(0, LIMITS.query) })) as SearchHit[] | undefined) ?? [];
  return <PopupView {...state} search={search} onAnalyze={onAnalyze} />;
}
