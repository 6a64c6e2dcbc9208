/**
 * One page's Backstory: runs the pipeline, draws the marks, keeps them right while the page changes
 * (re-rendered articles, infinite scroll, live blogs), and tells the in-page UI what to show. A
 * single-page navigation resets it and runs it again for the new address. Idempotent: analysing or
 * marking again replaces what was there, never adds to it.
 */
import { READ_BUDGET } from '../extract';
import { runSliced, yieldToPage } from '../text/steps';
import { createHighlighter, type Highlighter, type MarkLayer } from './highlighter';
import { bodyBlockSteps, containsWantedBlock, placeMarkSteps, type PlacedMark } from './marks';
import { analyzePage, type PageResult, type Send } from './pipeline';

export interface HoverState {
  mark: PlacedMark;
  /** Where the mark is in the viewport. */
  rect: { left: number; top: number; bottom: number; right: number };
  /** Opened from the keyboard (stays until Escape or another mark), rather than by the pointer. */
  pinned: boolean;
  /** The control that opened it and asked for focus in it: focus goes back there when it closes. */
  opener?: HTMLElement;
}

export interface SessionState {
  url: string;
  result: PageResult | null;
  marks: readonly PlacedMark[];
  hover: HoverState | null;
  /** Moves each time the reader asks for the card by its shortcut: the card opens and takes focus. */
  focusAsked: number;
  /** The article's text column, across the viewport (left and right edges), once measured; null before. */
  column: { left: number; right: number } | null;
}

/** Quiet time after the page's last change before the marks are checked, and the longest wait under a storm of changes. */
const REMARK_DELAY_MS = 300;
const REMARK_MAX_WAIT_MS = 2_000;
const HIDE_DELAY_MS = 300;
/** Added nodes remembered from one burst of changes; past this, the burst counts as a new article. */
const MAX_CHANGED = 500;

export interface SessionOptions {
  send: Send;
  marksEnabled: () => boolean;
  /** Where marks are drawn; none (the page would not take our host): nothing is marked. */
  layer?: MarkLayer;
  /** Whether a node is ours (our host): the page changing it is our own doing. */
  isOurs?: (node: Node) => boolean;
}

export class PageSession {
  private state: SessionState;
  private readonly listeners = new Set<(s: SessionState) => void>();
  private readonly highlighter?: Highlighter;
  private observer?: MutationObserver;
  private remarkTimer?: ReturnType<typeof setTimeout>;
  private burstStart = 0;
  /** Where the page changed since the marks were last checked; null once too much changed to list. */
  private changed: Node[] | null = [];
  private hideTimer?: ReturnType<typeof setTimeout>;
  private run = 0;
  private columnObserver?: IntersectionObserver;
  /** The pointer is over our hover card: keep it open. */
  overCard = false;
  /** Focus is going back to a hover card's opener: its focus must not open the card again. */
  refocusing = false;

  constructor(
    private readonly doc: Document,
    private readonly options: SessionOptions,
  ) {
    this.highlighter = options.layer ? createHighlighter(doc, options.layer) : undefined;
    this.state = { url: '', result: null, marks: [], hover: null, focusAsked: 0, column: null };
  }

  get current(): SessionState {
    return this.state;
  }

  subscribe(fn: (s: SessionState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  /**
   * Measures the article's text column, the box around its body blocks, without forcing a layout: an
   * IntersectionObserver reports the blocks' boxes from the browser's own rendering step (reading them
   * here would lay out a huge page inside our task). The card takes its place when it arrives.
   */
  private measureColumn(blocks: readonly Element[]): void {
    this.columnObserver?.disconnect();
    if (typeof IntersectionObserver !== 'function' || !blocks.length) return;
    const observer = new IntersectionObserver((entries) => {
      observer.disconnect();
      let [left, right] = [Infinity, -Infinity];
      for (const { boundingClientRect: r } of entries) {
        if (!r.width) continue;
        left = Math.min(left, r.left);
        right = Math.max(right, r.right);
      }
      if (right > left && this.columnObserver === observer) this.set({ column: { left, right } });
    });
    this.columnObserver = observer;
    for (const block of blocks.slice(0, 100)) observer.observe(block);
  }

  /** The reader pressed the card's shortcut. */
  focusCard(): void {
    this.set({ focusAsked: this.state.focusAsked + 1 });
  }

  /** Marks on a dark page are drawn in lighter colours. */
  setDark(dark: boolean): void {
    this.highlighter?.setDark(dark);
  }

  /** Analyses the page at `url` (again); an older run still in flight is ignored when it ends. */
  async analyze(url: string): Promise<PageResult | null> {
    this.reset(url);
    const run = this.run;
    const result = await analyzePage(this.doc, url, this.options.send);
    if (run !== this.run) return null;
    this.set({ result });
    await this.remark();
    this.watch();
    return result;
  }

  /** Removes every mark and the result (a new address, the site turned off, the extension reloaded). */
  reset(url = this.state.url): void {
    this.run++; // an analysis still in flight is now stale
    this.highlighter?.clear();
    this.observer?.takeRecords();
    this.changed = [];
    this.columnObserver?.disconnect();
    this.columnObserver = undefined;
    this.set({ url, result: null, marks: [], hover: null, column: null });
  }

  /** Places the marks again from the result: after a re-render, or when marks are switched on or off. */
  async remark(): Promise<void> {
    const { result } = this.state;
    this.changed = [];
    if (!result || !this.options.marksEnabled() || !this.highlighter) {
      this.highlighter?.clear();
      this.set({ marks: [], hover: null });
      return;
    }
    const run = this.run;
    await yieldToPage();
    const blocks = await runSliced(bodyBlockSteps(this.doc, result.paragraphs, result.blocks), yieldToPage);
    if (run !== this.run) return;
    this.measureColumn(blocks);
    const marks = await runSliced(placeMarkSteps(blocks, result.marks), yieldToPage);
    if (run !== this.run) return;
    // The card lists the marks first, the marks are drawn after: each in a task of its own.
    this.set({ marks, hover: null });
    await yieldToPage();
    if (run !== this.run) return;
    this.highlighter.show(marks);
  }

  /**
   * Follows the page's changes. The marks are placed again only when they were lost (the page replaced
   * the article's nodes), or, while there are none, when the page added one of the article's paragraphs
   * (an article rendered late); a ticker or a live counter elsewhere changes nothing we read, and costs
   * a look at the changed nodes only. Checked once the page has been quiet a moment, and at the latest
   * a little after a storm of changes began.
   */
  private watch(): void {
    if (this.observer || !this.doc.body) return;
    const win = this.doc.defaultView;
    if (!win?.MutationObserver) return;
    const isOurs = this.options.isOurs ?? (() => false);
    this.observer = new win.MutationObserver((records) => {
      if (!this.state.result) return;
      let relevant = false;
      for (const r of records) {
        if (r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every(isOurs)) continue;
        relevant = true;
        if (!this.changed) continue;
        if (r.type === 'characterData') this.changed.push(r.target);
        else r.addedNodes.forEach((n) => this.changed?.push(n));
        if (this.changed.length > MAX_CHANGED) this.changed = null;
      }
      if (!relevant) return;
      const now = Date.now();
      if (this.remarkTimer === undefined) this.burstStart = now;
      clearTimeout(this.remarkTimer);
      const wait = Math.max(0, Math.min(REMARK_DELAY_MS, this.burstStart + REMARK_MAX_WAIT_MS - now));
      this.remarkTimer = setTimeout(() => {
        this.remarkTimer = undefined;
        this.checkMarks();
      }, wait);
    });
    this.observer.observe(this.doc.body, { childList: true, subtree: true, characterData: true });
  }

  private checkMarks(): void {
    const { result, marks } = this.state;
    const changed = this.changed;
    this.changed = [];
    if (!result || !this.options.marksEnabled()) return;
    const lost = marks.some((m) => !m.range.startContainer.isConnected || !m.range.endContainer.isConnected || m.range.collapsed);
    if (lost) return void this.remark();
    const expected = result.marks.entities.length + result.marks.quotes.length > 0;
    if (marks.length > 0 || !expected) return;
    // No marks yet: look again only if the page added text that could be one of the article's paragraphs.
    if (changed === null || containsWantedBlock(changed, result.paragraphs, READ_BUDGET.blocks)) void this.remark();
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.remarkTimer);
    this.remarkTimer = undefined;
    clearTimeout(this.hideTimer);
    this.reset();
    this.highlighter?.dispose();
  }

  /** Pointer moved: open the card of the mark under it, or close an open one shortly after leaving. */
  pointerAt(x: number, y: number): void {
    if (!this.state.marks.length || !this.highlighter) return;
    const mark = this.highlighter.markAt(x, y);
    if (mark) {
      clearTimeout(this.hideTimer);
      if (this.state.hover?.mark !== mark) this.show(mark, false);
    } else if (this.state.hover && !this.state.hover.pinned && !this.overCard) {
      clearTimeout(this.hideTimer);
      this.hideTimer = setTimeout(() => !this.overCard && this.hide(), HIDE_DELAY_MS);
    }
  }

  show(mark: PlacedMark, pinned: boolean, opener?: HTMLElement): void {
    const r = mark.range.getBoundingClientRect();
    const keep = opener ?? (this.state.hover?.mark === mark ? this.state.hover.opener : undefined);
    this.set({ hover: { mark, pinned, rect: { left: r.left, top: r.top, bottom: r.bottom, right: r.right }, ...(keep ? { opener: keep } : {}) } });
  }

  /**
   * Closes the hover card, whichever way (Escape, ×, the pointer leaving, a click elsewhere): the
   * pointer is no longer over it once it is gone (it gets no pointer-leave then), so the next card
   * closes as it should. Focus goes back to the control that moved it into the card.
   */
  hide(options: { refocus?: boolean } = {}): void {
    clearTimeout(this.hideTimer);
    this.overCard = false;
    const hover = this.state.hover;
    if (!hover) return;
    this.set({ hover: null });
    if (options.refocus && hover.opener?.isConnected) {
      this.refocusing = true;
      hover.opener.focus();
      this.refocusing = false;
    }
  }

  /** A press somewhere on the page (not in our UI): closes the hover card unless it is on its mark. */
  pressedAt(x: number, y: number): void {
    const hover = this.state.hover;
    if (hover && this.highlighter?.markAt(x, y) !== hover.mark) this.hide();
  }
}
