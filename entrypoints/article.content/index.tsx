import { render } from 'preact';
import { CARD_CSS, Overlay, pageIsDark } from '@/src/annotate/card';
import { PageSession } from '@/src/annotate/session';
import { isSiteDisabled, setSiteDisabled, settings, siteOf, THRESHOLDS } from '@/src/settings';
import { DEFAULT_NEWS_SITES, matchPatterns } from '@/src/settings/sites';

/**
 * The page's full analysis: the article read (JSON-LD, the article container; Readability, a third
 * script, is asked for only when those find no body), the verdict, marks and the card. Not loaded with every page: the first look (../content) loads it, through the worker, only
 * into a page whose headlines name someone on the Russian side, and "Analyze this page" loads it into
 * the tab the reader asks about. Its sites are host permissions so that the worker may load it there.
 */
export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  registration: 'runtime',
  async main(ctx) {
    // Loaded once per page: a second request (a navigation within the page, a second click) finds it here.
    const world = globalThis as { __backstoryArticle?: boolean };
    if (world.__backstoryArticle) return;
    world.__backstoryArticle = true;
    if (await isSiteDisabled(location.href)) return;
    let marksOn = await settings.marks.getValue();
    let cardOn = await settings.card.getValue();
    let theme = await settings.theme.getValue();
    let threshold = THRESHOLDS[await settings.sensitivity.getValue()];
    const session = new PageSession(document, (msg) => browser.runtime.sendMessage(msg), () => marksOn, () => threshold);

    // The shadow-root host is created, and exists, only while there is something to show. A page may own
    // our tag name or take our host away: then there is no card, and the rest still works.
    let ui: Awaited<ReturnType<typeof createShadowRootUi<HTMLElement>>> | undefined;
    let mounted = false;
    let redraw = () => {};
    const draw = (container: HTMLElement) =>
      render(
        <Overlay
          session={session}
          dark={theme === 'dark' || (theme === 'auto' && pageIsDark(document))}
          showCard={cardOn}
          onOpen={(id) => void browser.runtime.sendMessage({ type: 'reader/open', id })}
          onTurnOffSite={() => void setSiteDisabled(location.href, true)}
        />,
        container,
      );
    const showUi = async (show: boolean) => {
      try {
        if (show && !mounted) {
          ui ??= await createShadowRootUi(ctx, {
            name: 'backstory-card',
            position: 'inline',
            anchor: 'body',
            css: CARD_CSS,
            onMount: (container) => {
              draw(container);
              redraw = () => draw(container);
              return container;
            },
            onRemove: (container) => container && render(null, container),
          });
          ui.mount();
          mounted = true;
        } else if (!show && mounted) {
          ui?.remove();
          mounted = false;
        }
      } catch (error) {
        console.debug('[Backstory] in-page card unavailable:', error);
      }
    };
    session.subscribe((s) => void showUi(!!s.result && s.result.related.length > 0));

    // Pointer over a mark opens its card; scrolling keeps an open card beside its mark.
    let frame = 0;
    ctx.addEventListener(document, 'pointermove', (e: PointerEvent) => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => session.pointerAt(e.clientX, e.clientY, e.target));
    }, { passive: true });
    ctx.addEventListener(window, 'scroll', () => {
      const hover = session.current.hover;
      if (hover) requestAnimationFrame(() => session.show(hover.mark, hover.pinned));
    }, { passive: true });
    ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => e.key === 'Escape' && session.hide());
    // Single-page navigation: the marks, the card, the verdict and the badge follow the new address. The
    // event can come before the address changes (Navigation API) and before the app renders the new view:
    // clear at once, analyse once the view has had a moment to render.
    let navTimer: number | undefined;
    ctx.addEventListener(window, 'wxt:locationchange', (e) => {
      session.reset(e.newUrl.href);
      clearTimeout(navTimer);
      navTimer = ctx.setTimeout(() => void session.analyze(e.newUrl.href), 500);
    });

    // Settings apply live.
    const unwatch = [
      settings.marks.watch((v) => ((marksOn = v), void session.remark())),
      settings.card.watch((v) => ((cardOn = v), redraw())),
      settings.theme.watch((v) => ((theme = v), redraw())),
      settings.sensitivity.watch((v) => ((threshold = THRESHOLDS[v]), void session.analyze(location.href))),
      settings.disabledSites.watch((sites) => sites.includes(siteOf(location.href)) && (session.stop(), void showUi(false))),
    ];
    ctx.onInvalidated(() => {
      unwatch.forEach((u) => u());
      session.stop();
    });

    await session.analyze(location.href);
  },
});
