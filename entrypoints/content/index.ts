import { claimPage } from '@/src/annotate/lifetime';
import { watchNavigation } from '@/src/annotate/navigation';
import { mightBeOnTopicSteps, NO_HEADLINE } from '@/src/detect/first-look';
import { readHeadlines, textNearTop } from '@/src/extract/headlines';
import { MESSAGE_LIMITS } from '@/src/messaging/limits';
import { send } from '@/src/messaging/send';
import { DEFAULT_NEWS_SITES, matchPatterns, offReason, turnedOn } from '@/src/settings/sites';
import { runSliced, yieldToPage } from '@/src/text/steps';

/**
 * The first look, on every page of the news sites: the headlines only. A page naming no one on the
 * Russian side there is reported as such (badge and popup) and left alone; otherwise the worker loads
 * the full analysis (../article.content) into the page. Most news pages are not on topic, and they
 * then pay for a few kilobytes of script rather than for the article extractor and the card.
 * WXT's content-script context is not used (see ../article.content): no message to the page, nothing
 * a page's event can switch off.
 */
export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  async main() {
    const lifetime = claimPage('first-look');
    if (!lifetime) return;
    // Off on this site: the worker is told (empty badge, the popup says so), and the look waits for the
    // reader to turn it back on (from the popup or the options), which needs no reload.
    const off = await offReason(location.href);
    if (off) {
      await send({ type: 'page/off', url: location.href.slice(0, MESSAGE_LIMITS.url), paused: off === 'paused' }).catch(() => undefined); // no worker: nothing to tell
      if (!(await turnedOn(location.href, lifetime.signal))) return;
    }
    let requested = false;
    const look = async (url: string) => {
      if (requested || !lifetime.alive()) return;
      try {
        if (
          document.body &&
          (await runSliced(
            mightBeOnTopicSteps(readHeadlines(document), () => textNearTop(document)),
            yieldToPage,
          ))
        ) {
          requested = true;
          await send({ type: 'page/load' });
        } else {
          await send({ type: 'page/verdict', url: url.slice(0, MESSAGE_LIMITS.url), verdict: NO_HEADLINE });
        }
      } catch (error) {
        // A hostile or broken page must never surface as an error in the page's console.
        console.debug('[Backstory] first look stopped:', error);
      }
    };
    // A single-page app's next view may be on topic: looked at once it has had a moment to render.
    // Once the full analysis is loaded, it follows the navigation itself.
    let navTimer: ReturnType<typeof setTimeout> | undefined;
    watchNavigation(
      window,
      (url) => {
        if (requested) return lifetime.end();
        clearTimeout(navTimer);
        navTimer = setTimeout(() => void look(url), 500);
      },
      lifetime.signal,
    );
    await look(location.href);
  },
});
