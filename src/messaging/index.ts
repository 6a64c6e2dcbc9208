/**
 * The one protocol between the page (content script), the UI (popup) and the background worker.
 * Messages are discriminated unions named by direction; everything arriving at the worker is
 * validated with valibot and bounded in size, because a content script speaks for a page we do not trust.
 */
import * as v from 'valibot';
import type { TopicVerdict } from '../detect';
import type { CorpusArticle } from '../corpus';
import type { RelatedArticle, SearchHit } from '../match';
import type { PageMarks } from '../match/marks';

import { LIMITS } from './page';

export { LIMITS, toPageArticle } from './page';

const Evidence = v.object({
  name: v.pipe(v.string(), v.maxLength(200)),
  side: v.picklist(['ru', 'us', 'link']),
  where: v.picklist(['title', 'lead', 'body']),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const Verdict = v.object({
  onTopic: v.boolean(),
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  reason: v.pipe(v.string(), v.maxLength(500)),
  evidence: v.pipe(v.array(Evidence), v.maxLength(LIMITS.evidence)),
  partlyRead: v.optional(v.boolean()),
});

const PageArticle = v.object({
  title: v.pipe(v.string(), v.maxLength(LIMITS.title)),
  paragraphs: v.pipe(v.array(v.pipe(v.string(), v.maxLength(LIMITS.paragraph))), v.maxLength(LIMITS.paragraphs)),
  siteName: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.title))),
  published: v.optional(v.pipe(v.string(), v.maxLength(100))),
  byline: v.optional(v.pipe(v.string(), v.maxLength(300))),
  /** The page's canonical address, when it states one (else the address it was read at). */
  canonicalUrl: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.url))),
});

/** The scripts the worker loads into a page on its request: the full analysis, and its extractor's last resort. */
export const PAGE_PARTS = ['article', 'readability'] as const;
export type PagePart = (typeof PAGE_PARTS)[number];

/** Page -> worker. */
export const PageToWorker = v.variant('type', [
  v.object({
    type: v.literal('page/verdict'),
    url: v.pipe(v.string(), v.maxLength(LIMITS.url)),
    verdict: Verdict,
    /** Sent only when the page is on topic: the worker needs it to find related coverage. */
    article: v.optional(PageArticle),
  }),
  /**
   * The first look found a Russia-side name in the headlines: the worker loads the full analysis into the
   * page; or the full analysis found no body by JSON-LD or the article container: it loads Readability.
   */
  v.object({ type: v.literal('page/load'), part: v.optional(v.picklist(PAGE_PARTS)) }),
  /** A hover card's "open" link: the worker opens the reader page in a new tab. */
  v.object({ type: v.literal('reader/open'), id: v.pipe(v.string(), v.maxLength(200)) }),
]);

/** UI (popup, reader) -> worker. */
export const UiToWorker = v.variant('type', [
  v.object({ type: v.literal('tab/state'), tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ type: v.literal('corpus/search'), query: v.pipe(v.string(), v.maxLength(LIMITS.query)) }),
  v.object({ type: v.literal('corpus/article'), id: v.pipe(v.string(), v.maxLength(200)) }),
  /** "Analyze this page": run the page pipeline once in this tab (activeTab, granted by opening the popup). */
  v.object({ type: v.literal('tab/analyze'), tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /** The options page changed the archive (import, delete): the worker rebuilds its index. */
  v.object({ type: v.literal('archive/changed') }),
]);

export type PageMessage = v.InferOutput<typeof PageToWorker>;
export type UiMessage = v.InferOutput<typeof UiToWorker>;
export type PageArticle = v.InferOutput<typeof PageArticle>;

/** What the worker keeps for a tab (in session storage, so a stopped worker loses nothing). */
export interface TabState {
  url: string;
  title: string;
  /** When the page says it was published (ISO), if it says. */
  published?: string;
  /** The corpus article this page is (a seed, or an archived copy at another address), if it is one. */
  itself?: { id: string; title: string; source: 'seed' | 'archive' };
  /** What the archive did with this page: kept it, updated it, folded it into another outlet's copy. */
  archived?: 'saved' | 'updated' | 'merged';
  /** Why it was not kept, when the archive could not write (a full quota). */
  archiveError?: string;
  verdict: TopicVerdict;
  related: RelatedArticle[];
  analyzedAt: number;
}

export interface Replies {
  'page/verdict': { related: RelatedArticle[]; marks: PageMarks };
  'reader/open': void;
  'tab/state': TabState | null;
  'corpus/search': SearchHit[];
  'corpus/article': CorpusArticle | null;
  'tab/analyze': { ok: boolean; error?: string };
  'archive/changed': void;
}

export type Reply<M extends { type: keyof Replies }> = Replies[M['type']];

/** Bounds an extracted article to what the protocol accepts, so a huge page never fails validation. */
export const parsePageMessage = (msg: unknown) => v.safeParse(PageToWorker, msg);
export const parseUiMessage = (msg: unknown) => v.safeParse(UiToWorker, msg);
