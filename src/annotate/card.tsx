/**
 * The in-page UI, in our closed shadow root (./host.ts), so the page can neither style nor read it: the compact
 * card (verdict, top related articles with reasons, the marks as a keyboard path, collapse, turn off
 * on this site) and the hover card of a mark. Everything from the page or the corpus is rendered as
 * Preact text children, never as markup.
 */
import { browser } from 'wxt/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PriorMention } from '../match/prior-mentions';
import { formatDate, relativeWhen, verdictText } from '../ui/format';
import { RelatedItem } from '../ui/RelatedItem';
import { Marked } from '../ui/Search';
import type { HoverState, PageSession, SessionState } from './session';
import { t, tn } from '../ui/i18n';

/** The open card's width, the narrowest it may be, and its distance from the window's edge (px). */
export const CARD_WIDTH = 360;
export const CARD_MIN_WIDTH = 280;
export const CARD_MARGIN = 16;

export interface Room {
  side: 'right' | 'left';
  /** The open card's width beside the column; 0 where it has no room there (it folds to a tab at the edge). */
  width: number;
}

/** Where the card goes beside a text column spanning [left, right] in a window `width` wide (no column known: its usual place). */
export function roomBeside(column: { left: number; right: number } | null, width: number): Room {
  if (!column) return { side: 'right', width: CARD_WIDTH };
  const [right, left] = [width - column.right, column.left];
  const side = right >= left ? 'right' : 'left';
  const free = Math.max(right, left) - 2 * CARD_MARGIN;
  if (free >= CARD_MIN_WIDTH) return { side, width: Math.min(CARD_WIDTH, Math.floor(free)) };
  // Text across (nearly) the whole window (a page without its styles, a phone layout): no margin to
  // keep clear of, so the card stays open where it always was; in a column with narrow margins, a tab.
  return { side, width: column.right - column.left >= 0.85 * width ? CARD_WIDTH : 0 };
}

export const CARD_CSS = `
.card, .hover { box-sizing: border-box; font: 14px/1.4 system-ui, sans-serif; border-radius: 10px; z-index: 2147483000;
  background: #fffdf8; color: #1d1b16; border: 1px solid #d8cfbf; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
.card { position: fixed; right: 16px; bottom: 16px; width: min(360px, calc(100vw - 32px)); max-height: 60vh; overflow: auto; padding: 12px 14px; }
.card.collapsed { width: auto; padding: 6px 8px; right: 0; border-radius: 10px 0 0 10px; border-right: 0; }
.card.collapsed header { flex-direction: column; gap: 4px; }
.card.collapsed h2 { font-size: 12px; text-align: center; }
.card.collapsed .count-label, .card.collapsed .brand { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.card.collapsed button { font-size: 12px; padding: 1px 6px; }
.card.left { right: auto; left: 16px; }
.card.left.collapsed { left: 0; border-radius: 0 10px 10px 0; border-right: 1px solid; border-left: 0; }
.card.notice { display: flex; align-items: center; gap: 12px; width: auto; max-width: min(420px, calc(100vw - 32px)); }
.card.notice p { margin: 0; }
.hover:focus { outline: none; } .hover:focus-visible { outline: 2px solid #b5782a; }
.hover { position: fixed; width: min(340px, calc(100vw - 16px)); max-height: 50vh; overflow: auto; padding: 10px 12px; }
header { display: flex; align-items: center; gap: 8px; }
h2 { font-size: 14px; margin: 0; flex: 1; }
h3 { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #6b6355; }
button { font: inherit; cursor: pointer; border: 1px solid #b9ad98; background: transparent; color: inherit; border-radius: 6px; padding: 2px 8px; }
button:focus-visible { outline: 2px solid #b5782a; outline-offset: 2px; }
button.link { border: 0; padding: 0; text-decoration: underline; color: #7a2e1d; }
ul { list-style: none; margin: 0; padding: 0; }
.verdict { font-size: 12px; color: #6b6355; margin: 4px 0 0; }
.related { padding: 8px 0; border-top: 1px solid #e8e0d2; }
.related:first-child { border-top: 0; }
.related-title { font-weight: 600; }
a.related-title { display: block; color: inherit; text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: 2px; }
a.related-title:hover { text-decoration-thickness: 2px; }
.related-meta { color: #6b6355; font-size: 12px; }
.same-story { font-size: 12px; margin-top: 2px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.chip { font-size: 11px; padding: 1px 6px; border-radius: 999px; background: #f1e6d2; color: #5a4526; }
.chip.archive { background: #7a2e1d; color: #fffdf8; }
.quote { margin: 6px 0 0; padding-left: 8px; border-left: 3px solid #c79a52; font-style: italic; font-size: 12px; }
.snippet { margin: 4px 0 0; font-size: 12px; color: #4a4438; }
.marks { display: flex; flex-wrap: wrap; gap: 4px; }
.marks button { font-size: 12px; }
.prior { padding: 6px 0; border-top: 1px solid #e8e0d2; }
.prior:first-of-type { border-top: 0; }
mark { background: #f6d77a; color: #1d1b16; }
footer { margin-top: 8px; display: flex; justify-content: flex-end; align-items: baseline; gap: 12px; }
.shortcut { font-size: 11px; color: #6b6355; margin-right: auto; }
.dark .shortcut { color: #b8ae9c; }
.dark .card, .dark .hover { background: #1f1d1a; color: #eee6d8; border-color: #4a4438; }
.dark .related, .dark .prior { border-top-color: #3a362f; }
.dark .related-meta, .dark .snippet, .dark h3, .dark .verdict { color: #b8ae9c; }
.dark .chip { background: #3a3024; color: #f1dcb8; }
.dark button { border-color: #6b6355; } .dark button.link { color: #e89a7d; }
@media (prefers-reduced-motion: no-preference) { .card { transition: width .15s ease; } .hover { animation: fade .12s ease; } }
@keyframes fade { from { opacity: 0; } to { opacity: 1; } }
`;

/** Whether the page itself is dark (its background), so our UI can match the page rather than the OS. */
export function pageIsDark(doc: Document): boolean {
  const win = doc.defaultView;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el || !win) continue;
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/.exec(win.getComputedStyle(el).backgroundColor);
    if (!m || m[4] === '0') continue;
    const [r, g, b] = [m[1], m[2], m[3]].map((x) => Number(x) / 255) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
  }
  return win?.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

function useSession(session: PageSession): SessionState {
  const [state, setState] = useState(session.current);
  useEffect(() => {
    const unsubscribe = session.subscribe(setState);
    setState(session.current); // what changed between the first render and this subscription
    return unsubscribe;
  }, [session]);
  return state;
}

export interface OverlayProps {
  session: PageSession;
  dark: boolean;
  showCard: boolean;
  /** Whether the card starts open (the reader hid it on this site, or the window leaves it no room: a tab at the edge). */
  startOpen: boolean;
  /** The reader opened or hid the card: remembered for the site. */
  onToggle: (open: boolean) => void;
  /** Beside which side of the article's text column the card goes, and how wide it may be there (0: no room, a tab at the edge). */
  room: () => Room;
  /** Opens the reader page for a corpus article. */
  onOpen: (id: string) => void;
  onTurnOffSite: () => void;
}

export function Overlay({ session, dark, showCard, onOpen, onTurnOffSite, startOpen, onToggle, room }: OverlayProps) {
  const state = useSession(session);
  const { result } = state;
  if (!result || result.related.length === 0) return null;
  return (
    <div class={dark ? 'dark' : ''}>
      {showCard ? <InPageCard state={state} session={session} onTurnOffSite={onTurnOffSite} onOpen={onOpen} startOpen={startOpen} onToggle={onToggle} room={room} /> : null}
      {state.hover ? <HoverCard hover={state.hover} session={session} onOpen={onOpen} pageDate={result.published} /> : null}
    </div>
  );
}

/** The reader page's address (shown as the link's target; a click asks the worker to open it). */
const readerUrl = (id: string) => browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}`);

/** Related items the card lists before "N more". */
const CARD_ITEMS = 3;

interface InPageCardProps extends Pick<OverlayProps, 'session' | 'onTurnOffSite' | 'onOpen' | 'startOpen' | 'onToggle' | 'room'> {
  state: SessionState;
}

function InPageCard({ state, session, onTurnOffSite, onOpen, startOpen, onToggle, room }: InPageCardProps) {
  const [open, setOpen] = useState(startOpen && room().width > 0);
  const [place, setPlace] = useState(room());
  const touched = useRef(false);
  const ref = useRef<HTMLElement>(null);
  const shortcut = state.result?.shortcut ?? '';
  // Once the article's column is measured (after the marks are placed), the card moves beside it, or
  // folds to a tab at the edge where neither side has room; unless the reader opened it.
  useEffect(() => {
    const now = room();
    setPlace(now);
    if (now.width === 0 && !touched.current) setOpen(false);
  }, [state.column]);
  // The shortcut: the card opens and takes focus (its first control, once open).
  useEffect(() => {
    if (!state.focusAsked) return;
    touched.current = true;
    setOpen(true);
    // Once the open card is rendered (a timer, not a frame: a tab in the background gets no frames).
    setTimeout(() => ref.current?.querySelector<HTMLElement>('header button')?.focus(), 0);
  }, [state.focusAsked]);
  const toggle = () => {
    touched.current = true;
    setOpen(!open);
    onToggle(!open);
  };
  const [all, setAll] = useState(false);
  const result = state.result!;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return (
    <section
      ref={ref}
      class={`card${open ? '' : ' collapsed'}${place.side === 'left' ? ' left' : ''}`}
      style={open && place.width ? { width: `${place.width}px` } : undefined}
      aria-label={t('cardLabel')}
      data-testid="backstory-card"
      data-open={String(open)}
    >
      <header>
        <h2>
          <span class="brand">Backstory · </span>
          <span data-testid="backstory-count">{result.related.length}</span> <span class="count-label">{tn('cardCount', result.related.length)}</span>
        </h2>
        <button
          type="button"
          aria-expanded={open}
          onClick={toggle}
          data-testid="card-toggle"
          aria-keyshortcuts={shortcut || undefined}
          title={shortcut ? t('cardShortcut', shortcut) : undefined}
        >
          {open ? t('hide') : t('show')}
        </button>
      </header>
      {open ? (
        <>
          <p class="verdict">{verdictText(result.verdict)}</p>
          <ul aria-label={t('cardListLabel', result.title)}>
            {(all ? result.related : result.related.slice(0, CARD_ITEMS)).map((item) => (
              <RelatedItem item={item} showSnippet={false} readerUrl={readerUrl} onOpen={onOpen} pageDate={result.published} />
            ))}
          </ul>
          {!all && result.related.length > CARD_ITEMS ? (
            <button type="button" class="link" data-testid="card-more" onClick={() => setAll(true)}>
              {t('cardMore', result.related.length - CARD_ITEMS)}
            </button>
          ) : null}
          {state.marks.length ? (
            <>
              <h3 id="backstory-marks">{t('markedHeading')}</h3>
              <div class="marks" role="group" aria-labelledby="backstory-marks" data-testid="mark-list">
                {state.marks.map((mark) => (
                  <button
                    type="button"
                    aria-label={tn('markButton', mark.before.length, mark.label, mark.before.length)}
                    onFocus={() => !session.refocusing && session.show(mark, true)}
                    onClick={(e) => {
                      const opener = e.currentTarget;
                      mark.range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
                      // Opened by a press: focus moves into the hover card, and back here when it closes.
                      requestAnimationFrame(() => session.show(mark, true, opener));
                    }}
                  >
                    {mark.kind === 'quote' ? t('markQuote') : mark.label}
                  </button>
                ))}
              </div>
            </>
          ) : null}
          <footer>
            {shortcut ? (
              <span class="shortcut" data-testid="card-shortcut">
                {t('cardShortcut', shortcut)}
              </span>
            ) : null}
            <button type="button" class="link" onClick={onTurnOffSite} data-testid="turn-off-site">
              {t('turnOffSite')}
            </button>
          </footer>
        </>
      ) : null}
    </section>
  );
}

/** Where the card was, once the reader turned Backstory off on this site: what happened, and Undo (focused, for the keyboard). */
export function OffNotice({ dark, site, onUndo }: { dark: boolean; site: string; onUndo: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class={dark ? 'dark' : ''}>
      <section class="card notice" role="status" data-testid="off-notice">
        <p>{t('turnedOffNotice', site)}</p>
        <button type="button" ref={ref} onClick={onUndo} data-testid="undo-turn-off">
          {t('undo')}
        </button>
      </section>
    </div>
  );
}

function HoverCard({ hover, session, onOpen, pageDate }: { hover: HoverState; session: PageSession; onOpen: (id: string) => void; pageDate?: string }) {
  const { mark, rect } = hover;
  const below = rect.bottom + 8;
  const fitsBelow = typeof innerHeight !== 'number' || below + 220 < innerHeight;
  const style = {
    left: `${Math.max(8, Math.min(rect.left, (typeof innerWidth === 'number' ? innerWidth : 1024) - 348))}px`,
    ...(fitsBelow ? { top: `${below}px` } : { bottom: `${Math.max(8, innerHeight - rect.top + 8)}px` }),
  };
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (hover.opener) ref.current?.focus();
  }, [hover.opener, mark]);
  return (
    <section
      ref={ref}
      class="hover"
      role="dialog"
      tabIndex={-1}
      aria-label={t('hoverLabel', mark.label)}
      data-testid="hover-card"
      style={style}
      onPointerEnter={() => (session.overCard = true)}
      onPointerLeave={() => {
        session.overCard = false;
        if (!hover.pinned) session.hide();
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        session.hide({ refocus: true });
      }}
    >
      <header>
        <h2>{mark.label}</h2>
        <button type="button" aria-label={t('close')} onClick={() => session.hide({ refocus: true })}>
          ×
        </button>
      </header>
      <h3>{t('alsoIn')}</h3>
      {mark.before.map((p) => (
        <Prior prior={p} onOpen={onOpen} pageDate={pageDate} />
      ))}
    </section>
  );
}

function Prior({ prior, onOpen, pageDate }: { prior: PriorMention; onOpen: (id: string) => void; pageDate?: string }) {
  const open = (e: MouseEvent) => (e.preventDefault(), onOpen(prior.id));
  const when = relativeWhen(prior.date, pageDate);
  return (
    <div class="prior" data-seed={prior.id}>
      <a class="related-title" href={readerUrl(prior.id)} data-testid="prior-link" onClick={open} onAuxClick={(e) => e.button === 1 && open(e)}>
        {prior.title}
      </a>
      <div class="related-meta">{[prior.outlet, formatDate(prior.date), when].filter(Boolean).join(' · ')}</div>
      <p class="snippet">
        <Marked text={prior.passage} ranges={[prior.highlight]} />
      </p>
    </div>
  );
}
