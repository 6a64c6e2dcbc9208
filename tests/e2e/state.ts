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
export async function stateFor(ext: Tab, url: string | string[], ms = 15_000): Promise<{ tabId: number; state: StoredState; badge: string; title: string } | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const found = await ext.evaluate(
      async (targets: string[]) => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const all = await api.storage.session.get(null);
        for (const [key, state] of Object.entries(all) as [string, any][]) {
          if (!key.startsWith('tab:') || !targets.includes(state.url)) continue;
          const tabId = Number(key.slice(4));
          const toolbar = api.action ?? api.browserAction;
          const [badge, title] = [await toolbar.getBadgeText({ tabId }), await toolbar.getTitle({ tabId })];
          return { tabId, state, badge, title };
        }
        return null;
      },
      ([] as string[]).concat(url),
    );
    if (found) return found as { tabId: number; state: StoredState; badge: string; title: string };
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}
