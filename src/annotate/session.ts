/**
 * One page's Backstory: runs the pipeline, draws the marks, keeps them right while the page changes
 * (re-rendered articles, infinite scroll, live blogs), and tells the in-page UI what to show. A
 * single-page navigation resets it and runs it again for the new address. Idempotent: analysing or
 * marking again replaces what was there, never adds to it.
 */
import { createHighlighter, type Highlighter } from './highlighter';
import { findBodyBlocks, placeMarks, type PlacedMark } from './marks';
import { analyzePage, yieldToPage, type PageResult, type Send } from './pipeline';

export interface HoverState {
  mark: PlacedMark;
  /** Where the mark is in the viewport. */
  rect: { left: number; top: number; bottom: number; right: number };
  /** Opened from the keyboard (stays until Escape or another mark), rather than by the pointer. */
  pinned: boolean;
}

export interface SessionState {
  url: string;
  result: PageResult | null;
  marks: readonly PlacedMark[];
  hover: HoverState | null;
}

const REMARK_DELAY_MS = 300;
const HIDE_DELAY_MS = 300;

export class PageSession {
  private state: SessionState;
  private readonly listeners = new Set<(s: SessionState) => void>();
  private readonly highlighter: Highlighter;
  private observer?: MutationObserver;
  private remarkTimer?: ReturnType<typeof setTimeout>;
  private hideTimer?: ReturnType<typeof setTimeout>;
  private run = 0;
  /** The pointer is over our hover card: keep it open. */
  overCard = false;

  constructor(
    private readonly doc: Document,
    private readonly send: Send,
    private marksEnabled: () => boolean,
    private threshold: () => number | undefined = () => undefined,
  ) {
    this.highlighter = createHighlighter(doc);
    this.state = { url: '', result: null, marks: [], hover: null };
  }

  get current(): SessionState {
    return this.state;
  }

  get mode(): Highlighter['mode'] {
    return this.highlighter.mode;
  }

  subscribe(fn: (s: SessionState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  /** Analyses the page at `url` (again); an older run still in flight is ignored when it ends. */
  async analyze(url: string): Promise<PageResult | null> {
    this.reset(url);
    const run = this.run;
    const result = await analyzePage(this.doc, url, this.send, this.threshold());
    if (run !== this.run) return null;
    this.set({ result });
    await this.remark();
    this.watch();
    return result;
  }

  /** Removes every mark and the result (a new address, the site turned off, the extension reloaded). */
  reset(url = this.state.url): void {
    this.run++; // an analysis still in flight is now stale
    this.highlighter.clear();
    this.observer?.takeRecords();
    this.set({ url, result: null, marks: [], hover: null });
  }

  /** Places the marks again from the result: after a re-render, or when marks are switched on or off. */
  async remark(): Promise<void> {
    const { result } = this.state;
    if (!result || !this.marksEnabled()) {
      this.highlighter.clear();
      this.set({ marks: [], hover: null });
      return;
    }
    const run = this.run;
    await yieldToPage();
    const blocks = await findBodyBlocks(this.doc, result.paragraphs, yieldToPage);
    if (run !== this.run) return;
    const marks = this.highlighter.apply(() => placeMarks(blocks, result.marks));
    this.observer?.takeRecords(); // our own wrappers (fallback mode) are not a page change
    this.set({ marks, hover: null });
  }

  /** Re-places the marks when the page replaces or rewrites the article's nodes. */
  private watch(): void {
    if (this.observer || !this.doc.body) return;
    const win = this.doc.defaultView;
    if (!win?.MutationObserver) return;
    this.observer = new win.MutationObserver((records) => {
      if (!this.state.result) return;
      const ours = (n: Node | null) => !!(n as Element | null)?.closest?.('backstory-card, backstory-mark');
      if (records.every((r) => ours(r.target as Node) || ours(r.target.parentNode))) return;
      clearTimeout(this.remarkTimer);
      this.remarkTimer = setTimeout(() => {
        const stale = this.state.marks.some((m) => !m.range.startContainer.isConnected || m.range.collapsed);
        const missing = this.state.marks.length === 0 && this.marksEnabled();
        if (stale || missing) void this.remark();
      }, REMARK_DELAY_MS);
    });
    this.observer.observe(this.doc.body, { childList: true, subtree: true, characterData: true });
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.remarkTimer);
    clearTimeout(this.hideTimer);
    this.reset();
  }

  /** Pointer moved: open the card of the mark under it, or close an open one shortly after leaving. */
  pointerAt(x: number, y: number, target: EventTarget | null): void {
    if (!this.state.marks.length) return;
    const mark = this.highlighter.markAt(x, y, target);
    if (mark) {
      clearTimeout(this.hideTimer);
      if (this.state.hover?.mark !== mark) this.show(mark, false);
    } else if (this.state.hover && !this.state.hover.pinned && !this.overCard) {
      clearTimeout(this.hideTimer);
      this.hideTimer = setTimeout(() => !this.overCard && this.hide(), HIDE_DELAY_MS);
    }
  }

  show(mark: PlacedMark, pinned: boolean): void {
    const r = mark.range.getBoundingClientRect();
    this.set({ hover: { mark, pinned, rect: { left: r.left, top: r.top, bottom: r.bottom, right: r.right } } });
  }

  hide(): void {
    if (this.state.hover) this.set({ hover: null });
  }
}
