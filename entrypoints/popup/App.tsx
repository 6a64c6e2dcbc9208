import { useEffect, useState } from 'preact/hooks';
import type { SearchHit } from '@/src/match';
import { LIMITS, type TabState } from '@/src/messaging';
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
  const [state, setState] = useState<{ loading: boolean; tab?: TabState | null; error?: string }>({ loading: true });
  useEffect(() => {
    (async () => {
      const tabId = await targetTab();
      const tab = tabId === undefined ? null : ((await browser.runtime.sendMessage({ type: 'tab/state', tabId })) as TabState | null);
      setState({ loading: false, tab });
    })().catch((e: unknown) => setState({ loading: false, error: String(e) }));
  }, []);
  // The worker drops queries over the protocol's limit: send at most that much.
  const search = async (query: string) =>
    ((await browser.runtime.sendMessage({ type: 'corpus/search', query: query.slice(0, LIMITS.query) })) as SearchHit[] | undefined) ?? [];
  return <PopupView {...state} search={search} />;
}
