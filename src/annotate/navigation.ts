/**
 * Where a single-page app has gone: the address after a History API change, back and forward, and
 * the Navigation API's navigations. Only the browser's own events count (`isTrusted`), and each only
 * prompts a look at `location.href`: a page that dispatches forged events (a `navigate` without a
 * destination, an event named like a framework's) can at most make us look again at an address that
 * has not changed. Written here rather than taken from WXT's `wxt:locationchange`, whose handlers read
 * the forged event's fields and threw, and which a page could trigger by name.
 */
export function watchNavigation(win: Window, onChange: (url: string) => void, signal: AbortSignal): void {
  let last = win.location.href;
  const check = () => {
    if (signal.aborted) return;
    const now = win.location.href;
    if (now === last) return;
    last = now;
    onChange(now);
  };
  const soon = (e: Event) => {
    if (e.isTrusted) win.setTimeout(check, 0);
  };
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    // After the entry changed (pushState, replaceState, traversal): the address is the new one.
    navigation.addEventListener('currententrychange', soon, { signal });
  } else {
    // Without the Navigation API, pushState fires no event: a slow look at the address.
    const timer = win.setInterval(check, 1000);
    signal.addEventListener('abort', () => win.clearInterval(timer));
  }
  win.addEventListener('popstate', soon, { signal });
  win.addEventListener('hashchange', soon, { signal });
}
