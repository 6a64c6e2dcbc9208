/**
 * The page pipeline the content script runs: headlines -> (cheap bail-out) -> extract -> detect ->
 * ask the worker for related coverage. Off-topic pages cost a look at the title, meta description and
 * first heading, plus one small message so the toolbar badge and popup reflect this page.
 */
import { detectTopic, mightBeOnTopic, type TopicVerdict } from '../detect';
import { extractArticle, readHeadlines } from '../extract';
import type { RelatedArticle } from '../match';
import { toPageArticle, type PageMessage, type Replies } from '../messaging';

export interface PageResult {
  title: string;
  verdict: TopicVerdict;
  related: RelatedArticle[];
}

export type Send = (msg: PageMessage) => Promise<unknown>;

const NO_HEADLINE: TopicVerdict = {
  onTopic: false,
  score: 0,
  reason: 'No Russia-side name in the title, description or main heading.',
  evidence: [],
};

/** Runs the pipeline once; resolves to the result for an on-topic page, else null. Never throws. */
export async function analyzePage(doc: Document, url: string, send: Send): Promise<PageResult | null> {
  try {
    if (!doc.body || !mightBeOnTopic(readHeadlines(doc))) {
      await send({ type: 'page/verdict', url: url.slice(0, 4096), verdict: NO_HEADLINE }).catch(() => undefined);
      return null;
    }
    const article = extractArticle(doc, url);
    const verdict = detectTopic(article);
    const reply = (await send({
      type: 'page/verdict',
      url: url.slice(0, 4096),
      verdict: { ...verdict, evidence: verdict.evidence.slice(0, 40) },
      article: verdict.onTopic ? toPageArticle(article) : undefined,
    })) as Replies['page/verdict'] | undefined;
    if (!verdict.onTopic) return null;
    return { title: article.title, verdict, related: reply?.related ?? [] };
  } catch (error) {
    // A hostile or broken page must never surface as an error in the page's console.
    console.debug('[Backstory] page analysis stopped:', error);
    return null;
  }
}
