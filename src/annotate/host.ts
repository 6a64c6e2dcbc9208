/**
 * The one element Backstory adds to a page: a plain `<div>` holding a *closed* shadow root, in which
 * the marks are drawn and the card and hover cards render. The page's scripts cannot reach inside a
 * closed root (no `shadowRoot`, no query, no event retargeted past the host), so they cannot read what
 * we show (a related title, an article from the reader's archive, the verdict) nor rewrite it; the
 * only references to the root live in this content script. A plain `<div>` rather than a custom tag:
 * a page cannot define a custom element for it and so cannot be handed the root through
 * `ElementInternals` when we attach it.
 */
export interface InPageHost {
  /** Where the marks are drawn (positioned from the host's own origin). */
  readonly marks: HTMLElement;
  /** Where the card and hover cards render. */
  readonly ui: HTMLElement;
  /** Attaches the host to the page when it is not (or no longer) there. */
  show(): void;
  hide(): void;
  readonly shown: boolean;
  /** Whether a node is our host: mutation records about it are our own doing, not the page's. */
  owns(node: Node | null): boolean;
  /** The host's origin in the viewport now: marks are placed relative to it. */
  origin(): { x: number; y: number };
}

/**
 * Host styles with `!important` inside the shadow root win over the page's, even its own `!important`
 * rules on the host (the cascade puts an inner important rule above an outer one). The host is a point
 * at the top left of the page's body that lets the pointer through; the card and hover cards take it.
 */
const HOST_CSS = `:host { all: initial !important; display: block !important; position: absolute !important; left: 0 !important; top: 0 !important;
  width: 0 !important; height: 0 !important; overflow: visible !important; z-index: 2147483000 !important; pointer-events: none !important;
  visibility: visible !important; opacity: 1 !important; transform: none !important; contain: none !important; }
.mark-layer { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.ui > * { pointer-events: auto; }
`;

export function createInPageHost(doc: Document, css: string): InPageHost | null {
  const host = doc.createElement('div');
  let root: ShadowRoot;
  try {
    root = host.attachShadow({ mode: 'closed' });
  } catch {
    return null; // the element cannot have our root (a page that patched it): no card, nothing marked
  }
  adoptStyle(doc, root, HOST_CSS + css);
  const marks = doc.createElement('div');
  marks.className = 'mark-layer';
  const ui = doc.createElement('div');
  ui.className = 'ui';
  root.append(marks, ui);
  return {
    marks,
    ui,
    show() {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    hide() {
      host.remove();
    },
    get shown() {
      return host.isConnected;
    },
    owns: (node) => node === host,
    origin() {
      const r = host.getBoundingClientRect();
      return { x: r.left, y: r.top };
    },
  };
}

/**
 * A constructed stylesheet where the browser allows it (no node, and no page CSP applies to it),
 * otherwise a `<style>` inside the root. The sheet is made with the page's own constructor: Firefox
 * refuses a sheet from the content script's compartment in the page's document.
 */
function adoptStyle(doc: Document, root: ShadowRoot, css: string): void {
  try {
    const sheet = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
