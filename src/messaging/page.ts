/**
 * What the content script needs of the protocol at run time: the size limits and the article as it is
 * sent. Kept apart from ./index.ts, whose schemas (valibot) only the worker runs.
 */
import type { PageArticle } from '.';

export const LIMITS = { title: 1_000, url: 4_096, paragraphs: 400, paragraph: 20_000, query: 200, evidence: 40 } as const;

/** The extracted article cut to the protocol's limits. */
export function toPageArticle(a: { title: string; paragraphs: readonly string[]; siteName?: string; published?: string; byline?: string; url?: string }): PageArticle {
  return {
    title: a.title.slice(0, LIMITS.title),
    paragraphs: a.paragraphs.slice(0, LIMITS.paragraphs).map((p) => p.slice(0, LIMITS.paragraph)),
    siteName: a.siteName?.slice(0, LIMITS.title),
    published: a.published?.slice(0, 100),
    byline: a.byline?.slice(0, 300),
    canonicalUrl: a.url && /^https?:\/\//i.test(a.url) ? a.url.slice(0, LIMITS.url) : undefined,
  };
}
