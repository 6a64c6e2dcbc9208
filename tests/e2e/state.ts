/**
 * Reading what the extension stored for a tab, from one of its own pages: shared by the browser tests
 * and the benchmarks that drive the built extension.
 */
import type { Tab } from './drivers';

export interface StoredState {
  url: string;
  published?: string;
  verdict: { onTopic: boolean; reason: string };
  related: { id: string; title: string }[];
  off?: boolean;
}

/** Polls `fn` until it gives a truthy value or `ms` pass; the last value. */
export async function until<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await fn();
  while (!value && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await fn();
  }
  return value;
}

/** The worker's stored result for the tab showing `url`, read from an extension page. */
/** The highest tab id open now: a tab opened after it has a higher one (see {@link stateFor}'s `newerThan`). */
export const lastTabId = (ext: Tab): Promise<number> =>
  ext.evaluate(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return Math.max(0, ...((await api.tabs.query({})) as { id: number }[]).map((t) => t.id));
  }, null);

/** The stored state of the tab showing `url` (the newest such tab; only tabs above `newerThan` when given). */
export async function stateFor(ext: Tab, url: string | string[], ms = 15_000, newerThan = -1): Promise<{ tabId: number; state: StoredState; badge: string; title: string } | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await ext.evaluate(
      async ([targets, above]: [string[], number]) => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const all = await api.storage.session.get(null);
        // The newest tab at that address first (tab ids only grow): an older tab's state may still be there.
        const entries = (Object.entries(all) as [string, any][]).sort((a, b) => Number(b[0].slice(4)) - Number(a[0].slice(4)));
        for (const [key, state] of entries) {
          if (!key.startsWith('tab:') || !targets.includes(state.url)) continue;
          const tabId = Number(key.slice(4));
          if (tabId <= above) continue;
          const toolbar = api.action ?? api.browserAction;
          const [badge, title] = [await toolbar.getBadgeText({ tabId }), await toolbar.getTitle({ tabId })];
          return { tabId, state, badge, title };
        }
        return null;
      },
      [([] as string[]).concat(url), newerThan] as [string[], number],
    );
    if (found) return found as { tabId: number; state: StoredState; badge: string; title: string };
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}
