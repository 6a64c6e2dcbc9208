/**
 * What Backstory shows inside a page, read the way only the extension itself can: our host's shadow
 * root is closed, so neither the page nor the drivers' page queries reach it. Queries run in the
 * extension's own isolated world of the tab (`Tab.isolated`), where the browsers hand extensions the
 * page's closed roots (`chrome.dom.openOrClosedShadowRoot`; Firefox's `element.openOrClosedShadowRoot`).
 * Each query is sent as source text, so it must be self-contained.
 */
import type { Tab } from './drivers';
import { until } from './state';

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

export interface ContrastIssue {
  text: string;
  ratio: number;
  needs: number;
  fg: string;
  bg: string;
}

/**
 * Every piece of text in our root whose contrast with what lies behind it is under WCAG AA (4.5:1, or
 * 3:1 for large text), with the colours computed as the browser draws them. axe cannot enter a closed
 * shadow root; this reads the real one from the extension's world. Backgrounds are composed from the
 * element up to the first opaque one (the page's body colour behind all).
 */
export function contrastIssues(tab: Tab, selector: string): Promise<ContrastIssue[]> {
  return inCard(
    tab,
    (root, sel) => {
      const parse = (c: string): [number, number, number, number] => {
        const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
        return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
      };
      const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + under[i]! * (1 - top[3]!)).concat(1);
      const lum = (c: number[]) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const pageBg = parse(getComputedStyle(document.body).backgroundColor);
      const base = pageBg[3] ? pageBg : [255, 255, 255, 1];
      const issues: { text: string; ratio: number; needs: number; fg: string; bg: string }[] = [];
      for (const scope of root?.querySelectorAll(sel) ?? []) {
        for (const el of [scope, ...scope.querySelectorAll('*')]) {
          const own = [...el.childNodes].filter((n) => n.nodeType === 3 && (n.textContent ?? '').trim()).map((n) => n.textContent!.trim());
          if (!own.length) continue;
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden' || (el as HTMLElement).getBoundingClientRect().width < 2) continue;
          // The backgrounds from the element outwards, composed over the page's.
          const layers: number[][] = [];
          for (let at: Element | null = el; at; at = at.parentElement ?? ((at.getRootNode() as ShadowRoot).host as Element | undefined) ?? null) {
            const bg = parse(getComputedStyle(at).backgroundColor);
            if (bg[3]) layers.push(bg);
            if (bg[3] === 1) break;
          }
          let bg: number[] = base;
          for (const layer of layers.reverse()) bg = over(layer, bg);
          const fg = over(parse(style.color), bg);
          const [a, b] = [lum(fg), lum(bg)];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          const size = parseFloat(style.fontSize);
          const bold = Number(style.fontWeight) >= 700;
          const needs = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
          if (ratio < needs)
            issues.push({ text: own.join(' ').slice(0, 40), ratio: Math.round(ratio * 100) / 100, needs, fg: style.color, bg: `rgb(${bg.slice(0, 3).map(Math.round).join(',')})` });
        }
      }
      return issues;
    },
    selector,
  );
}

/** The marks drawn on a page, once there are some; each stands in the article, none in its furniture. */
export async function assertMarked(tab: Tab, ms = 8_000): Promise<MarkBox[]> {
  const marks = await until(async () => {
    const boxes = await markBoxes(tab);
    return boxes.length ? boxes : null;
  }, ms);
  if (!marks) throw new Error('no mark drawn on the article');
  const outside = marks.filter((m) => m.inFurniture);
  if (outside.length) throw new Error(`a mark outside the article body: ${JSON.stringify(outside)}`);
  return marks;
}
