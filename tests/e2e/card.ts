/**
 * What Backstory shows inside a page, read the way only the extension itself can: our host's shadow
 * root is closed, so neither the page nor the drivers' page queries reach it. Queries run in the
 * extension's own isolated world of the tab (`Tab.isolated`), where the browsers hand extensions the
 * page's closed roots (`chrome.dom.openOrClosedShadowRoot`; Firefox's `element.openOrClosedShadowRoot`).
 * Each query is sent as source text, so it must be self-contained.
 */
import type { Tab } from './drivers';

/** Source of an expression that finds our host's root (or null) in the isolated world. */
const ROOT = `(() => {
  const rootOf = (el) => {
    try {
      return (globalThis.chrome?.dom?.openOrClosedShadowRoot ? chrome.dom.openOrClosedShadowRoot(el) : el.openOrClosedShadowRoot) ?? null;
    } catch {
      return null; // not an HTML element (an <svg> in the body)
    }
  };
  const host = [...(document.body?.children ?? [])].find((el) => [...(rootOf(el)?.children ?? [])].some((c) => c.classList.contains('ui')));
  return host ? rootOf(host) : null;
})()`;

/** What `query(root, arg)` gives on our closed root in the tab (root null when we show nothing there). */
export function inCard<A, T>(tab: Tab, query: (root: ShadowRoot | null, arg: A) => T, arg: A): Promise<T> {
  return tab.isolated<T>(`(${query.toString()})(${ROOT}, ${JSON.stringify(arg)})`);
}

/** Text of the first element matching `selector` in our root, waiting up to `ms`; null if none. */
export async function cardText(tab: Tab, selector: string, ms: number): Promise<string | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = await inCard(tab, (root, sel) => root?.querySelector(sel)?.textContent ?? null, selector).catch(() => null);
    if (text !== null || Date.now() >= deadline) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Clicks, or focuses, the first element matching `selector` in our root; false if there is none. */
export const cardAct = (tab: Tab, selector: string, act: 'click' | 'focus'): Promise<boolean> =>
  inCard(
    tab,
    (root, [sel, how]) => {
      const el = root?.querySelector(sel) as HTMLElement | null | undefined;
      if (!el) return false;
      if (how === 'click') el.click();
      else el.focus();
      return true;
    },
    [selector, act] as const,
  );

export interface MarkBox {
  kind: string;
  /** The mark's entity id, or its quote. */
  key: string;
  /** Which mark it draws (a mark over two lines has two boxes). */
  mark: number;
  /** The box in the viewport. */
  rect: [left: number, top: number, width: number, height: number];
  /** The page's word under the box's start, and whether it stands in page furniture. */
  word: string;
  inFurniture: boolean;
}

/** The marks drawn in our root, each with the page's own text under it (read through the caret there). */
export function markBoxes(tab: Tab): Promise<MarkBox[]> {
  return inCard(
    tab,
    (root) => {
      const [sx, sy] = [scrollX, scrollY];
      const boxes = [...(root?.querySelectorAll('.mark') ?? [])].map((box) => {
        // The caret is found only at points in the viewport: bring each box there first.
        const first = box.getBoundingClientRect();
        if (first.top < 0 || first.bottom > innerHeight) window.scrollBy(0, first.top - innerHeight / 2);
        const b = box.getBoundingClientRect();
        const [x, y] = [b.left + Math.min(b.width / 2, 4), b.top + b.height / 2 - 1];
        const d = document as Document & {
          caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
          caretRangeFromPoint?: (x: number, y: number) => Range | null;
        };
        const pos = d.caretPositionFromPoint?.(x, y);
        const range = pos ? null : d.caretRangeFromPoint?.(x, y);
        const node = pos?.offsetNode ?? range?.startContainer ?? null;
        const offset = pos?.offset ?? range?.startOffset ?? 0;
        const text = node?.nodeType === 3 ? (node as Text).data : '';
        let [s, e] = [offset, offset];
        while (s > 0 && /[\p{L}\p{N}'’-]/u.test(text[s - 1]!)) s--;
        while (e < text.length && /[\p{L}\p{N}'’-]/u.test(text[e]!)) e++;
        const el = node?.parentElement ?? null;
        return {
          kind: box.classList.contains('quote') ? 'quote' : 'name',
          key: (box as HTMLElement).dataset.key ?? '',
          mark: Number((box as HTMLElement).dataset.mark),
          rect: [b.left, b.top, b.width, b.height] as [number, number, number, number],
          word: text.slice(s, e),
          inFurniture: !!el?.closest('nav, aside, footer, header, [class*="comment" i]'),
        };
      });
      window.scrollTo(sx, sy);
      return boxes;
    },
    null,
  );
}
