/**
 * How long a content script of ours acts in a page: until the reader turns Backstory off there, or the
 * extension is updated or reloaded (the old script is then orphaned: `runtime.id` is gone). Kept in our
 * scripts' own world, which the page cannot reach, instead of WXT's content-script context, which ends
 * itself on a DOM event that any page can dispatch once it knows the extension's id.
 */
import { browser } from 'wxt/browser';

export interface PageLifetime {
  readonly signal: AbortSignal;
  /** Not ended, and the extension that loaded us is still there. */
  alive(): boolean;
  end(): void;
  onEnd(fn: () => void): void;
}

const WORLD_KEY = '__backstoryLifetimes';
/** How often an orphaned script looks whether it is one, to take its marks and card away. */
const ORPHAN_CHECK_MS = 5_000;

const extensionAlive = (): boolean => {
  try {
    return !!browser.runtime?.id;
  } catch {
    return false; // an orphaned script's extension API throws
  }
};

/**
 * The lifetime of `part` in this page, or null when a live one already runs here (a second load of the
 * same script: a navigation within the page, a second "Analyze this page"). One that ended, or belongs
 * to an orphaned script, is replaced.
 */
export function claimPage(part: string): PageLifetime | null {
  const world = globalThis as { [WORLD_KEY]?: Record<string, PageLifetime> };
  const all = (world[WORLD_KEY] ??= {});
  const existing = all[part];
  if (existing?.alive()) return null;
  existing?.end();
  const controller = new AbortController();
  const { signal } = controller;
  const lifetime: PageLifetime = {
    signal,
    alive: () => !signal.aborted && extensionAlive(),
    end: () => controller.abort(),
    onEnd: (fn) => signal.addEventListener('abort', () => fn(), { once: true }),
  };
  const timer = setInterval(() => extensionAlive() || lifetime.end(), ORPHAN_CHECK_MS);
  lifetime.onEnd(() => clearInterval(timer));
  all[part] = lifetime;
  return lifetime;
}
