/**
 * What the content script needs of the protocol at run time: the size limits and the article as it is
 * sent. Kept apart from ./protocol.ts, whose schemas (valibot) only the worker runs.
 */
import type { PageArticle } from './protocol';

/**
 * The largest message fields the worker accepts (longer ones fail validation and are dropped). A file
 * larger than `importFile` is sent in parts of at most `importPart` characters (a browser caps one
 * message at 64 MiB of JSON, and a part's text may take three bytes a character).
 */
export const MESSAGE_LIMITS = {
  title: 1_000,
  url: 4_096,
  paragraphs: 400,
  paragraph: 20_000,
  query: 200,
  evidence: 40,
  importFile: 16 * 1024 * 1024,
  importPart: 16 * 1024 * 1024,
} as const;

/** The extracted article cut to the protocol's limits. */
export function toPageArticle(a: {
  title: string;
  paragraphs: readonly string[];
  siteName?: string;
  published?: string;
  date?: { source: NonNullable<PageArticle['dateSource']>; evidence: string };
  lang?: string;
  byline?: string;
  url?: string;
  isArticle: boolean;
  pageKind: string;
  truncated?: boolean;
}): PageArticle {
  return {
    title: a.title.slice(0, MESSAGE_LIMITS.title),
    paragraphs: a.paragraphs.slice(0, MESSAGE_LIMITS.paragraphs).map((p) => p.slice(0, MESSAGE_LIMITS.paragraph)),
    siteName: a.siteName?.slice(0, MESSAGE_LIMITS.title),
    published: a.published?.slice(0, 100),
    dateSource: a.date?.source,
    dateEvidence: a.date?.evidence.slice(0, 300),
    lang: a.lang?.slice(0, 35),
    byline: a.byline?.slice(0, 300),
    canonicalUrl: a.url && /^https?:\/\//i.test(a.url) ? a.url.slice(0, MESSAGE_LIMITS.url) : undefined,
    isArticle: a.isArticle,
    pageKind: a.pageKind.slice(0, 200),
    ...(a.truncated ? { truncated: true } : {}),
  };
}
