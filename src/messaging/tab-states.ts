/**
 * Each tab's result, in session storage: the worker writes it, the popup and reader read it, and a
 * stopped MV3 worker loses nothing. The popup follows a tab's result through storage's change events.
 */
import { browser } from 'wxt/browser';
import type { TabState } from './protocol';

const keyOf = (tabId: number) => `tab:${tabId}`;

export const saveTabState = (tabId: number, state: TabState): Promise<void> => browser.storage.session.set({ [keyOf(tabId)]: state });

export async function loadTabState(tabId: number): Promise<TabState | null> {
  const found: Record<string, unknown> = await browser.storage.session.get(keyOf(tabId));
  const state = found[keyOf(tabId)];
  return state && typeof state === 'object' ? (state as TabState) : null;
}

export const forgetTabState = (tabId: number): Promise<void> => browser.storage.session.remove(keyOf(tabId));

/** Calls `fn` with the tab's result each time the worker writes it; returns the unsubscribe. */
export function watchTabState(tabId: number, fn: (state: TabState) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    const next = changes[keyOf(tabId)]?.newValue;
    if (next && typeof next === 'object') fn(next as TabState);
  };
  browser.storage.session.onChanged.addListener(listener);
  return () => browser.storage.session.onChanged.removeListener(listener);
}
