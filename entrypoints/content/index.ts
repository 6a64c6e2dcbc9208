import { mightBeOnTopic, NO_HEADLINE } from '@/src/detect';
import { readHeadlines } from '@/src/extract/headlines';
import type { PageMessage } from '@/src/messaging';
import { DEFAULT_NEWS_SITES, matchPatterns, siteTurnedOff } from '@/src/settings/sites';

/**
 * The first look, on every page of the news sites: the headlines only. A page naming no one on the
 * Russian side there is reported as such (badge and popup) and left alone; otherwise the worker loads
 * the full analysis (../article.content) into the page. Most news pages are not on topic, and they
 * then pay for a few kilobytes of script rather than for the article extractor and the card.
 */
export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  runAt: 'document_idle',
  async main(ctx) {
    if (await siteTurnedOff(location.href)) return;
    let requested = false;
    const send = (msg: PageMessage) => browser.runtime.sendMessage(msg);
    const look = async (url: string) => {
      if (requested) return;
      try {
        if (document.body && mightBeOnTopic(readHeadlines(document))) {
          requested = true;
          await send({ type: 'page/load' });
        } else {
          await send({ type: 'page/verdict', url: url.slice(0, 4096), verdict: NO_HEADLINE });
        }
      } catch (error) {
        // A hostile or broken page must never surface as an error in the page's console.
        console.debug('[Backstory] first look stopped:', error);
      }
    };
    // A single-page app's next view may be on topic: looked at once it has had a moment to render.
    // Once the full analysis is loaded, it follows the navigation itself.
    let navTimer: number | undefined;
    ctx.addEventListener(window, 'wxt:locationchange', (e) => {
      if (requested) return;
      clearTimeout(navTimer);
      navTimer = ctx.setTimeout(() => void look(e.newUrl.href), 500);
    });
    await look(location.href);
  },
});
