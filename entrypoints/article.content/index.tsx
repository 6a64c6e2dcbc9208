import { render } from 'preact';
import { CARD_CSS, OffNotice, Overlay, pageIsDark, roomBeside } from '@/src/annotate/card';
import { MARKS_CSS } from '@/src/annotate/highlighter';
import { createInPageHost } from '@/src/annotate/host';
import { claimPage } from '@/src/annotate/lifetime';
import { watchNavigation } from '@/src/annotate/navigation';
import { PageSession } from '@/src/annotate/session';
import { send } from '@/src/messaging/send';
import { browser } from 'wxt/browser';
import { isTurnedOff, offReason, setCardHidden, setTurnedOff, settings, siteOf } from '@/src/settings';
import { DEFAULT_NEWS_SITES, matchPatterns } from '@/src/settings/sites';
import { yieldToPage } from '@/src/text/steps';
import { t } from '@/src/ui/i18n';

/**
 * The page's full analysis: the article read (JSON-LD, the article container; Readability, a third
 * script, is asked for only when those find no body), the verdict, marks and the card. Not loaded with
 * every page: the first look (../content) loads it, through the worker, only into a page whose headlines
 * name someone on the Russian side, and "Analyze this page" loads it into the tab the reader asks about.
 * Its sites are host permissions so that the worker may load it there.
 *
 * WXT's content-script context is not used: it can be switched off by an event any page may dispatch,
 * and its location events let a page make our handlers throw. The page's lifetime here is our own
 * (./src/annotate/lifetime.ts), navigation is watched from trusted events only.
 */
/** How long the "off on this site" notice and its Undo stay. */
const NOTICE_MS = 10_000;

export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  async main() {
    // Loaded once per page: a second request (a navigation within the page, a second click) finds it here.
    const lifetime = claimPage('article');
    if (!lifetime) return;
    // Chromium hands a content script its messages on the first lookup (10-20 ms on a busy machine):
    // here, in a task of its own, rather than inside the card's first render.
    t('cardLabel');
    if (await isTurnedOff(location.href)) return lifetime.end();
    let marksOn = await settings.marks.getValue();
    let cardOn = await settings.card.getValue();
    let theme = await settings.theme.getValue();
    const cardHidden = (await settings.cardHiddenSites.getValue()).includes(siteOf(location.href));

    // Our one element in the page, created now and attached only while there is something to show.
    const host = createInPageHost(document, CARD_CSS + MARKS_CSS);
    const session = new PageSession(document, {
      send,
      marksEnabled: () => marksOn,
      layer: host ?? undefined,
      isOurs: (node) => !!host?.owns(node),
    });
    /** Where the open card fits beside the article's text column, as wide as it can be there. */
    const room = () => roomBeside(session.current.column, innerWidth); // innerWidth: reading clientWidth would lay the page out in our task
    // The page's own background, read once now, while the page is idle: read when the card is drawn, after
    // our marks went in, it would have the browser restyle a huge page inside our task.
    let pageDark: boolean | undefined = theme === 'auto' ? pageIsDark(document) : undefined;
    const dark = () => theme === 'dark' || (theme === 'auto' && (pageDark ??= pageIsDark(document)));
    // Just turned off on this site: a short notice with Undo stands where the card was.
    let off = false;
    let notice = false;
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      if (!host) return;
      session.setDark(dark());
      render(
        <>
          {notice ? <OffNotice dark={dark()} site={siteOf(location.href)} onUndo={() => void setTurnedOff(location.href, false)} /> : null}
          <Overlay
            session={session}
            dark={dark()}
            showCard={cardOn}
            onOpen={(id) => void send({ type: 'reader/open', id })}
            onTurnOffSite={() => void setTurnedOff(location.href, true)}
            startOpen={!cardHidden}
            onToggle={(open) => void setCardHidden(location.href, !open)}
            room={room}
          />
        </>,
        host.ui,
      );
    };
    let drawn = false;
    const sync = () => {
      const s = session.current;
      const show = notice || (!!s.result && s.result.related.length > 0);
      if (show && !host?.shown) host?.show();
      if (!show && host?.shown) host.hide();
      if (show && !drawn) {
        // Drawn in a task of its own, not in the one that attached our host or placed the marks.
        drawn = true;
        void yieldToPage().then(() => lifetime.alive() && draw());
      }
    };
    session.subscribe(sync);
    const setNotice = (on: boolean) => {
      notice = on;
      clearTimeout(noticeTimer);
      if (on) noticeTimer = setTimeout(() => setNotice(false), NOTICE_MS);
      draw();
      sync();
    };
    /** Turned off on this site or paused (here, in another tab, in the options): everything goes; on again: read anew. */
    const followSite = async () => {
      const reason = await offReason(location.href);
      const nowOff = reason !== null;
      if (nowOff === off || !lifetime.alive()) return;
      off = nowOff;
      if (off) {
        session.reset();
        // The notice and its Undo are for the site turned off from this page's card; a pause says nothing here.
        if (reason === 'site') setNotice(true);
        void send({ type: 'page/off', url: location.href, paused: reason === 'paused' }).catch(() => undefined); // no worker: the badge goes with the tab
      } else {
        setNotice(false);
        void session.analyze(location.href);
      }
    };
    lifetime.onEnd(() => {
      clearTimeout(noticeTimer);
      session.stop();
      if (host) render(null, host.ui);
      host?.hide();
    });

    const { signal } = lifetime;
    // Pointer over a mark opens its card; scrolling keeps an open card beside its mark.
    let frame = 0;
    document.addEventListener(
      'pointermove',
      (e: PointerEvent) => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => lifetime.alive() && session.pointerAt(e.clientX, e.clientY));
      },
      { passive: true, signal },
    );
    window.addEventListener(
      'scroll',
      () => {
        const hover = session.current.hover;
        if (hover) requestAnimationFrame(() => session.show(hover.mark, hover.pinned));
      },
      { passive: true, signal },
    );
    document.addEventListener('keydown', (e: KeyboardEvent) => e.key === 'Escape' && session.hide({ refocus: true }), { signal });
    // A press outside our UI closes the hover card (a press in our root reaches the page as one on our host).
    document.addEventListener('pointerdown', (e: PointerEvent) => !host?.owns(e.target as Node | null) && session.pressedAt(e.clientX, e.clientY), { passive: true, signal });
    // Single-page navigation: the marks, the card, the verdict and the badge follow the new address. The
    // app may render the new view after the address changes: clear at once, analyse after a moment.
    let navTimer: ReturnType<typeof setTimeout> | undefined;
    watchNavigation(
      window,
      (url) => {
        if (!lifetime.alive()) return;
        session.reset(url);
        if (off) return;
        clearTimeout(navTimer);
        navTimer = setTimeout(() => lifetime.alive() && void session.analyze(url), 500);
      },
      signal,
    );

    // Settings apply live.
    const unwatch = [
      settings.marks.watch((v) => ((marksOn = v), void session.remark())),
      settings.card.watch((v) => ((cardOn = v), draw())),
      // A new theme reads the page's background again (the page may have turned dark since).
      settings.theme.watch((v) => ((theme = v), (pageDark = undefined), draw())),
      // The worker reads the sensitivity when it judges the page: analyse again.
      settings.sensitivity.watch(() => void session.analyze(location.href)),
      settings.turnedOffSites.watch(() => void followSite()),
      settings.paused.watch(() => void followSite()),
    ];
    lifetime.onEnd(() => unwatch.forEach((u) => u()));

    // The card's shortcut, sent by the worker (browser `commands`); nothing else is taken from a message here.
    const onMessage = (message: unknown, sender: { id?: string }) => {
      // Only our own contexts can message a content script (the worker on the command); a page cannot.
      if (sender.id !== browser.runtime.id || (message as { type?: unknown } | null)?.type !== 'card/focus') return;
      if (lifetime.alive()) session.focusCard();
    };
    browser.runtime.onMessage.addListener(onMessage);
    lifetime.onEnd(() => browser.runtime.onMessage.removeListener(onMessage));

    await session.analyze(location.href);
  },
});
