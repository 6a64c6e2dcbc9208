/**
 * Draws the marks. With the CSS Custom Highlight API (Chromium, Firefox 140+) the page's DOM is not
 * touched at all: ranges go into `CSS.highlights` and one constructed stylesheet says how they look.
 * Where the API is missing, each mark's text is wrapped in a `<backstory-mark>` element (a custom tag,
 * so page CSS aimed at spans or marks leaves it alone), and removal puts back the very text nodes it
 * split. Either way the document's text is never changed.
 */
import { EXCLUDED, type PlacedMark } from './marks';

export const HIGHLIGHT_NAMES = { name: 'backstory-name', quote: 'backstory-quote' } as const;
const WRAPPER = 'backstory-mark';

const HIGHLIGHT_CSS = `
::highlight(${HIGHLIGHT_NAMES.name}) { text-decoration: underline dotted 2px; text-decoration-color: #b5782a; text-underline-offset: 3px; }
::highlight(${HIGHLIGHT_NAMES.quote}) { background-color: rgba(240, 196, 90, 0.38); }
@media (prefers-color-scheme: dark) {
  ::highlight(${HIGHLIGHT_NAMES.name}) { text-decoration-color: #f0c45a; }
  ::highlight(${HIGHLIGHT_NAMES.quote}) { background-color: rgba(240, 196, 90, 0.28); }
}`;
const WRAPPER_STYLE = 'all: unset; display: inline; text-decoration: underline dotted 2px #b5782a; text-underline-offset: 3px;';

interface HighlightApi {
  highlights: Map<string, unknown>;
  Highlight: new (...ranges: Range[]) => unknown;
}

function highlightApi(doc: Document): HighlightApi | null {
  const win = doc.defaultView as (Window & { CSS?: { highlights?: Map<string, unknown> }; Highlight?: HighlightApi['Highlight'] }) | null;
  const highlights = win?.CSS?.highlights;
  const Highlight = win?.Highlight;
  return highlights && typeof Highlight === 'function' ? { highlights, Highlight } : null;
}

export interface Highlighter {
  /**
   * Replaces whatever marks are shown with the ones `place` finds (so applying twice shows them once).
   * `place` runs after the old marks are gone, on the page's own nodes.
   */
  apply(place: () => readonly PlacedMark[]): readonly PlacedMark[];
  clear(): void;
  /** The mark under a viewport point, if any. */
  markAt(x: number, y: number, target: EventTarget | null): PlacedMark | undefined;
  readonly mode: 'highlight-api' | 'wrappers';
}

export function createHighlighter(doc: Document, options: { forceWrappers?: boolean } = {}): Highlighter {
  const api = options.forceWrappers ? null : highlightApi(doc);
  return api ? highlightApiHighlighter(doc, api) : wrapperHighlighter(doc);
}

function highlightApiHighlighter(doc: Document, api: HighlightApi): Highlighter {
  let shown: readonly PlacedMark[] = [];
  let sheet: CSSStyleSheet | HTMLStyleElement | null = null;
  const installStyle = () => {
    if (sheet) return;
    try {
      // A constructed sheet adds no node to the page (the page's text content stays the same).
      const s = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
      s.replaceSync(HIGHLIGHT_CSS);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, s];
      sheet = s;
    } catch {
      const style = doc.createElement('style');
      style.dataset.backstory = '';
      style.textContent = HIGHLIGHT_CSS;
      (doc.head ?? doc.documentElement).append(style);
      sheet = style;
    }
  };
  const clear = () => {
    api.highlights.delete(HIGHLIGHT_NAMES.name);
    api.highlights.delete(HIGHLIGHT_NAMES.quote);
    shown = [];
  };
  return {
    mode: 'highlight-api',
    apply(place) {
      clear();
      const marks = place();
      if (!marks.length) return marks;
      installStyle();
      for (const kind of ['name', 'quote'] as const) {
        const ranges = marks.filter((m) => m.kind === kind).map((m) => m.range);
        if (ranges.length) api.highlights.set(HIGHLIGHT_NAMES[kind], new api.Highlight(...ranges));
      }
      shown = marks;
      return marks;
    },
    clear,
    markAt(x, y) {
      const point = caretAt(doc, x, y);
      if (!point) return undefined;
      return shown.find((m) => {
        try {
          if (!m.range.isPointInRange(point[0], point[1])) return false;
        } catch {
          return false;
        }
        // The caret snaps to the nearest text: check the pointer is really over the mark's text.
        return Array.from(m.range.getClientRects()).some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1);
      });
    },
  };
}

function caretAt(doc: Document, x: number, y: number): [Node, number] | null {
  const d = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  const pos = d.caretPositionFromPoint?.(x, y);
  if (pos) return [pos.offsetNode, pos.offset];
  const range = d.caretRangeFromPoint?.(x, y);
  return range ? [range.startContainer, range.startOffset] : null;
}

/** Undo records: a wrapper to unwrap, or a text node we split (its tail goes back into it). */
type Undo = { wrapper: Element } | { node: Text; tail: Text };

function wrapperHighlighter(doc: Document): Highlighter {
  let undo: Undo[] = [];
  let shown: readonly PlacedMark[] = [];
  const clear = () => {
    for (const u of undo.reverse()) {
      if ('wrapper' in u) {
        const { wrapper } = u;
        const parent = wrapper.parentNode;
        if (parent) {
          while (wrapper.firstChild) parent.insertBefore(wrapper.firstChild, wrapper);
          wrapper.remove();
        }
      } else if (u.tail.parentNode) {
        u.node.data += u.tail.data;
        u.tail.remove();
      }
    }
    undo = [];
    shown = [];
  };
  const wrap = (mark: PlacedMark, index: number) => {
    const { range } = mark;
    const texts: Text[] = [];
    const root = range.commonAncestorContainer;
    if (root.nodeType === 3) texts.push(root as Text);
    else {
      const walker = doc.createTreeWalker(root, 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (range.intersectsNode(n) && !n.parentElement?.closest(EXCLUDED)) texts.push(n as Text);
    }
    const [startNode, startOffset, endNode, endOffset] = [range.startContainer, range.startOffset, range.endContainer, range.endOffset];
    texts.forEach((text, k) => {
      let node = text;
      if (node === endNode && endOffset < node.data.length) {
        const tail = node.splitText(endOffset);
        undo.push({ node, tail });
      }
      if (node === startNode && startOffset > 0) {
        const tail = node.splitText(startOffset);
        undo.push({ node, tail });
        node = tail;
      }
      if (!node.data) return;
      const wrapper = doc.createElement(WRAPPER);
      wrapper.setAttribute('style', WRAPPER_STYLE);
      wrapper.setAttribute('data-mark', String(index));
      if (k === 0) wrapper.setAttribute('data-first', '');
      node.parentNode!.insertBefore(wrapper, node);
      wrapper.appendChild(node);
      undo.push({ wrapper });
    });
  };
  return {
    mode: 'wrappers',
    apply(place) {
      clear();
      const marks = place();
      // Last mark first: splitting a later text node leaves the offsets of earlier marks valid.
      const order = marks.map((m, i) => [m, i] as const).sort((a, b) => compare(b[0].range, a[0].range));
      for (const [mark, i] of order) wrap(mark, i);
      shown = marks;
      return marks;
    },
    clear,
    markAt(_x, _y, target) {
      const el = (target as Element | null)?.closest?.(WRAPPER);
      const i = Number(el?.getAttribute('data-mark'));
      return el && Number.isInteger(i) ? shown[i] : undefined;
    },
  };
}

function compare(a: Range, b: Range): number {
  try {
    return a.compareBoundaryPoints(0 /* START_TO_START */, b);
  } catch {
    return 0;
  }
}
