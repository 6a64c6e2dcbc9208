/**
 * The page pipeline the content script runs: headlines -> (cheap bail-out) -> extract -> the worker,
 * which judges the article and answers with related coverage. Off-topic pages cost a look at the title, meta description and
 * first heading, plus one small message so the toolbar badge and popup reflect this page. Extraction
 * runs in slices (../text/steps.ts) that give the page a turn between them.
 */
import { mightBeOnTopicSteps, NO_HEADLINE } from '../detect/first-look';
import type { TopicVerdict } from '../detect';
import { extractSteps, FALLBACK_GLOBAL, needsFallback, readabilityFits, readHeadlines, textNearTop, type BodyFallback } from '../extract';
import { runSliced, yieldToPage } from '../text/steps';
import type { RelatedArticle } from '../match';
import type { PageMarks } from '../match/prior-mentions';
import type { PageMessage, Replies } from '../messaging';
import { MESSAGE_LIMITS, toPageArticle } from '../messaging/limits';

export interface PageResult {
  title: string;
  /** The day the page says it was published (ISO), if it says: related items are earlier or later than it. */
  published?: string;
  verdict: TopicVerdict;
  related: RelatedArticle[];
  /** The article's body paragraphs as extracted: where marks may go. */
  paragraphs: string[];
  /** The page's elements they were read from, where the page gave them (not from JSON-LD). */
  blocks?: Element[];
  marks: PageMarks;
  /** The card's keyboard shortcut as the browser has it ("" when none is set). */
  shortcut?: string;
}

/** Sends a page's message to the worker (../messaging/send.ts in the browser; a fake in tests). */
export type Send = <M extends PageMessage>(msg: M) => Promise<Replies[M['type']] | undefined>;

/**
 * The extractor's last resort (Readability), loaded into the page by the worker when first needed and
 * found in our scripts' shared world; undefined where it cannot be loaded.
 */
async function bodyFallback(send: Send): Promise<BodyFallback | undefined> {
  const world = globalThis as Record<string, unknown>;
  if (typeof world[FALLBACK_GLOBAL] !== 'function') await send({ type: 'page/load', part: 'readability' }).catch(() => undefined); // no worker to ask: no fallback
  return typeof world[FALLBACK_GLOBAL] === 'function' ? (world[FALLBACK_GLOBAL] as BodyFallback) : undefined;
}

/** Runs the pipeline once; resolves to the result for an on-topic page, else null. Never throws. */
export async function analyzePage(doc: Document, url: string, send: Send): Promise<PageResult | null> {
  try {
    if (
      !doc.body ||
      !(await runSliced(
        mightBeOnTopicSteps(readHeadlines(doc), () => textNearTop(doc)),
        yieldToPage,
      ))
    ) {
      await send({ type: 'page/verdict', url: url.slice(0, MESSAGE_LIMITS.url), verdict: NO_HEADLINE }).catch(() => undefined); // no worker (the extension reloaded): nothing to tell
      return null;
    }
    await yieldToPage();
    let article = await runSliced(extractSteps(doc, url), yieldToPage);
    // Readability only where nothing else found the body, and only on a page it can read quickly.
    if (needsFallback(article) && (await runSliced(readabilityFits(doc), yieldToPage))) {
      const fallback = await bodyFallback(send);
      if (fallback) article = await runSliced(extractSteps(doc, url, fallback), yieldToPage);
    }
    // The worker judges the article (the detector, its gazetteers and the corpus are there) and answers.
    const reply = await send({ type: 'page/article', url: url.slice(0, MESSAGE_LIMITS.url), article: toPageArticle(article) });
    if (!reply?.verdict.onTopic) return null;
    return {
      title: article.title,
      published: article.published,
      verdict: reply.verdict,
      related: reply.related,
      paragraphs: article.paragraphs,
      blocks: article.blocks,
      marks: reply.marks,
      shortcut: reply.shortcut,
    };
  } catch (error) {
    // A hostile or broken page must never surface as an error in the page's console.
    console.debug('[Backstory] page analysis stopped:', error);
    return null;
  }
}
