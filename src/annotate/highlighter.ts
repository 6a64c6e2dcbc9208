/**
 * Draws the marks: boxes in our closed shadow root (./host.ts), laid over the page's text where each
 * mark's range is, never in the page's own DOM. The page's text, nodes and styles stay exactly as they
 * were, and the page cannot tell which names and quotes matched: the CSS Custom Highlight API, used
 * before, keeps its ranges in a registry any page script can list (`CSS.highlights`), which told a page
 * which of its quotes the reader's archive held. The boxes let the pointer through to the text; which
 * mark is under the pointer is found by hit-testing the caret position against the marks' ranges.
 * Drawn again when the layout moves (a resize, a scrolled inner container, the page changing).
 */
import type { PlacedMark } from './marks';

/** The marks' look, in the host's shadow root. */
export const MARKS_CSS = `
.mark { position: absolute; pointer-events: none; box-sizing: border-box; }
.mark.name { border-bottom: 2px dotted #8a5a1c; }
.mark.quote { background: rgba(240, 196, 90, 0.38); border-radius: 2px; }
.mark-layer.dark .mark.name { border-bottom-color: #f0c45a; }
.mark-layer.dark .mark.quote { background: rgba(240, 196, 90, 0.28); }
`;

/** Where marks are drawn: a layer and the viewport position of its origin. */
export interface MarkLayer {
  readonly marks: HTMLElement;
  /** Our other UI beside the marks (the card): a change there lays the page out again before marks may be read. */
  readonly ui?: HTMLElement;
  origin(): { x: number; y: number };
}

export interface Highlighter {
  /** Shows these marks, replacing whatever marks were shown (showing the same twice shows them once). */
  show(marks: readonly PlacedMark[]): void;
  clear(): void;
  /** Draws the shown marks again where their text now is. */
  redraw(): void;
  /** The mark under a viewport point, if any. */
  markAt(x: number, y: number): PlacedMark | undefined;
  /** Marks on a dark page are drawn in lighter colours. */
  setDark(dark: boolean): void;
  /** Stops following the layout (the session ends). */
  dispose(): void;
}

/** How many frames the marks wait for our card to stop changing before they are drawn anyway. */
const MAX_DEFERRED_FRAMES = 5;

export function createHighlighter(doc: Document, layer: MarkLayer): Highlighter {
  const win = doc.defaultView;
  let shown: readonly PlacedMark[] = [];
  let frame = 0;

  const draw = () => {
    const boxes: HTMLElement[] = [];
    if (shown.length) {
      const o = layer.origin();
      for (const [i, mark] of shown.entries()) {
        for (const r of lineBoxes(rectsOf(mark.range))) {
          const box = doc.createElement('div');
          box.className = `mark ${mark.kind}`;
          box.dataset.key = mark.key;
          box.dataset.mark = String(i);
          // Through the CSSOM, which a page's CSP does not govern (a style attribute it would).
          box.style.left = `${r.left - o.x}px`;
          box.style.top = `${r.top - o.y}px`;
          box.style.width = `${r.width}px`;
          box.style.height = `${r.height + (mark.kind === 'name' ? 2 : 0)}px`;
          boxes.push(box);
        }
      }
    }
    layer.marks.replaceChildren(...boxes);
  };
  // Drawn after the next paint: the page's layout is fresh then, and reading it costs nothing. Read at
  // once, after our host went in or the page changed, it would be laid out for us (50 ms on a 10 MB page).
  // Our own card changing after that paint (a re-render between the paint and the draw) would leave the
  // page to be laid out again (70 ms on a 10 MB page, all of it in our task): then the next paint is awaited.
  let pending: ReturnType<typeof setTimeout> | undefined;
  let uiChanged = false;
  let deferred = 0;
  const uiWatch = layer.ui && win?.MutationObserver ? new win.MutationObserver(() => (uiChanged = true)) : undefined;
  if (layer.ui) uiWatch?.observe(layer.ui, { childList: true, subtree: true, attributes: true, characterData: true });
  const later = () => {
    if (frame || pending !== undefined || !shown.length) return;
    if (!win?.requestAnimationFrame) return draw();
    frame = win.requestAnimationFrame(() => {
      frame = 0;
      uiChanged = false;
      pending = setTimeout(() => {
        pending = undefined;
        // A card that changes every frame does not hold the marks back for more than a few frames.
        if (uiChanged && deferred++ < MAX_DEFERRED_FRAMES) return later();
        deferred = 0;
        draw();
      }, 0);
    });
  };

  // The layout moves under the marks: the window resized, the body grew (an image or ad loaded above
  // the article), or an inner scroll container scrolled (the document's own scrolling moves the host
  // with the text, so nothing needs doing then).
  const onScroll = (e: Event) => e.target !== doc && later();
  win?.addEventListener('resize', later, { passive: true });
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });
  let resize: ResizeObserver | undefined;
  try {
    resize = win?.ResizeObserver ? new win.ResizeObserver(later) : undefined;
    if (doc.body) resize?.observe(doc.body);
  } catch {
    resize = undefined; // no ResizeObserver (old browsers, jsdom): resizes and mutations still redraw
  }
  void doc.fonts?.ready.then(later, () => undefined);

  return {
    show(marks) {
      shown = marks;
      if (marks.length) later();
      else layer.marks.replaceChildren();
    },
    clear() {
      shown = [];
      if (frame) win?.cancelAnimationFrame(frame);
      clearTimeout(pending);
      [frame, pending] = [0, undefined];
      layer.marks.replaceChildren();
    },
    redraw: later,
    markAt(x, y) {
      if (!shown.length) return undefined;
      const point = caretAt(doc, x, y);
      if (!point) return undefined;
      return shown.find((m) => {
        try {
          if (!m.range.isPointInRange(point[0], point[1])) return false;
        } catch {
          return false; // the range's nodes left the document
        }
        // The caret snaps to the nearest text: check the pointer is really over the mark's text.
        return rectsOf(m.range).some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1);
      });
    },
    setDark(dark) {
      layer.marks.classList.toggle('dark', dark);
    },
    dispose() {
      win?.removeEventListener('resize', later);
      doc.removeEventListener('scroll', onScroll, { capture: true });
      resize?.disconnect();
      uiWatch?.disconnect();
      this.clear();
    },
  };
}

/**
 * A range's boxes merged by line: a range over several text nodes and elements gets a box for each, and
 * boxes laid over each other would show darker where they overlap.
 */
function lineBoxes(rects: readonly DOMRect[]): { left: number; top: number; width: number; height: number }[] {
  const out: { left: number; top: number; right: number; bottom: number }[] = [];
  for (const r of [...rects].filter((r) => r.width >= 1 && r.height >= 1).sort((a, b) => a.top - b.top || a.left - b.left)) {
    const last = out[out.length - 1];
    // One line: boxes that share most of their height (a space or a quotation mark's box is a little
    // taller or shorter than the words beside it) and touch. Drawn apart, they would show as darker bars.
    const shared = last ? Math.min(last.bottom, r.bottom) - Math.max(last.top, r.top) : 0;
    if (last && shared > 0.5 * Math.min(last.bottom - last.top, r.bottom - r.top) && r.left <= last.right + 1) {
      last.right = Math.max(last.right, r.right);
      last.top = Math.min(last.top, r.top);
      last.bottom = Math.max(last.bottom, r.bottom);
    } else out.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  }
  return out.map((b) => ({ left: b.left, top: b.top, width: b.right - b.left, height: b.bottom - b.top }));
}

/** A range's boxes in the viewport; none where the engine has no layout (tests in jsdom). */
function rectsOf(range: Range): DOMRect[] {
  return typeof range.getClientRects === 'function' ? Array.from(range.getClientRects()) : [];
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
