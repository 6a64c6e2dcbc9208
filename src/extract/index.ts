/**
 * DOM -> Article. Metadata comes, in order of preference, from JSON-LD (./jsonld.ts), Open Graph / meta
 * tags (./headlines.ts), then the document itself; the body from JSON-LD `articleBody`, the page's own
 * article container (./blocks.ts), a fallback given by the caller (Mozilla Readability, ./readability.ts,
 * kept out of this module because it is most of the extractor's size and few news pages need it; in the
 * browser a script of its own, loaded only when the first two ways fail), and last the element holding
 * the most paragraphs; the page's kind in ./page-kind.ts. Everything is read within ./budget.ts's limits,
 * as sliced work (../text/steps.ts).
 * Pure apart from reading the given Document, so it runs in the page, in Node (linkedom) and in tests.
 */
import { runToEnd, type Steps } from '../text/steps';
import { clusterSteps, containerSteps, MIN_BODY, proseLength, type Body } from './blocks';
import { forgetMetaTags, headlinesOf, meta, type Headlines } from './headlines';
import { jsonLdSteps, ldParagraphs, str, type JsonLd } from './jsonld';
import { judgePage } from './page-kind';
import { pageDateSteps, type PageDate } from './page-date';

export { READ_BUDGET, readText } from './budget';
export { articleContainers, blocksUnder, blockText, EXCLUDED, paragraphsFrom, readabilityFits, type Body } from './blocks';
export { jsonLdArticles } from './jsonld';
export { readHeadlines, textNearTop, type Headlines } from './headlines';
export type { PageDate } from './page-date';

export interface Article {
  title: string;
  byline?: string;
  /** The day the page says it was published ("YYYY-MM-DD", or less precise), if it says. */
  published?: string;
  /** That date, with where the page said it. */
  date?: PageDate;
  siteName?: string;
  url?: string;
  lang?: string;
  paragraphs: string[];
  isArticle: boolean;
  /** Why the page was judged an article or not. */
  pageKind: string;
  /** Which source gave the body paragraphs. */
  bodySource: 'json-ld' | 'container' | 'cluster' | 'readability' | 'none';
  /** The body went on past the reading budget (../extract/budget.ts): only its first part was read. */
  truncated?: boolean;
  /**
   * The page's own elements the paragraphs were read from, one a paragraph, where they came from the page
   * (the container, the paragraph cluster): the marks go there. Not serialized; absent from JSON-LD.
   */
  blocks?: Element[];
}

const EMPTY: Article = { title: '', paragraphs: [], isArticle: false, pageKind: 'empty document', bodySource: 'none' };

/** The last way to a body, for pages where JSON-LD and the article container found none: paragraphs. */
export type BodyFallback = (doc: Document) => string[];

/** Where the Readability script, once loaded into a page, leaves its {@link BodyFallback} (our scripts' own world). */
export const FALLBACK_GLOBAL = '__backstoryReadability';

/** Whether an article read without a fallback would want one: JSON-LD and the container found too little prose. */
export const needsFallback = (article: Article): boolean => article.bodySource === 'cluster' || proseLength(article.paragraphs) < MIN_BODY;

/**
 * The article's headline: the page's og:title or twitter:title, else its `<title>` unless that is only
 * the site's name (it then does not hold the first heading's words), in which case the first heading.
 */
function articleTitle(doc: Document, headlines: Headlines): string {
  if (meta(doc, 'og:title', 'twitter:title')) return headlines.title;
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2);
  const h1 = words(headlines.h1);
  const inTitle = new Set(words(headlines.title));
  const titleHoldsHeading = h1.length === 0 || h1.filter((w) => inTitle.has(w)).length >= Math.min(3, h1.length);
  return titleHoldsHeading || headlines.h1.length < 20 ? headlines.title || headlines.h1 : headlines.h1;
}

/** Never throws: a document too broken to read is an empty non-article. */
export function extractArticle(doc: Document, url?: string, fallback?: BodyFallback): Article {
  return runToEnd(extractSteps(doc, url, fallback));
}

/** {@link extractArticle} as sliced work (../text/steps.ts), for the content script on a big page. */
export function* extractSteps(doc: Document, url?: string, fallback?: BodyFallback): Steps<Article> {
  if (!doc.documentElement) return { ...EMPTY, url };
  forgetMetaTags(doc);
  try {
    return yield* extractFrom(doc, url, fallback);
  } catch (error) {
    return { ...EMPTY, url, pageKind: `unreadable document (${error instanceof Error ? error.message : 'error'})` };
  }
}

function* extractFrom(doc: Document, url?: string, fallback?: BodyFallback): Steps<Article> {
  const ld = yield* jsonLdSteps(doc);
  const first = ld[0] ?? {};
  const headlines = headlinesOf(doc);

  let bodySource: Article['bodySource'] = 'none';
  let body: Body = { paragraphs: [], truncated: false };
  const rawBody = first['articleBody'];
  const fromContainer = yield* containerSteps(doc);
  if (typeof rawBody === 'string' && rawBody.length >= 500) {
    const fromLd = ldParagraphs(rawBody);
    if (fromLd.paragraphs.reduce((n, p) => n + p.length, 0) >= 500) [body, bodySource] = [fromLd, 'json-ld'];
  }
  // Some sites truncate articleBody to a teaser: the page's own container wins when it holds clearly more.
  const containerProse = proseLength(fromContainer.paragraphs);
  if (containerProse >= MIN_BODY && containerProse > 1.5 * proseLength(body.paragraphs)) [body, bodySource] = [fromContainer, 'container'];
  if (fallback && proseLength(body.paragraphs) < MIN_BODY) {
    yield;
    let fromReadability: string[] = [];
    try {
      fromReadability = fallback(doc);
    } catch {
      // A fallback that fails on this page leaves what the first two ways found.
    }
    if (proseLength(fromReadability) > proseLength(body.paragraphs)) [body, bodySource] = [{ paragraphs: fromReadability, truncated: false }, 'readability'];
  }
  // Last: the element with the most paragraphs of its own (Readability reads such pages better, where it may run).
  if (proseLength(body.paragraphs) < MIN_BODY) {
    const cluster = yield* clusterSteps(doc);
    if (proseLength(cluster.paragraphs) > proseLength(body.paragraphs)) [body, bodySource] = [cluster, 'cluster'];
  }

  const canonical =
    Array.from(doc.getElementsByTagName('link'))
      .find((l) => l.getAttribute('rel')?.toLowerCase() === 'canonical')
      ?.getAttribute('href') ?? meta(doc, 'og:url');
  const { paragraphs } = body;
  const [isArticle, pageKind] = judgePage(doc, url, ld, paragraphs, canonical);
  const lang = doc.documentElement?.getAttribute('lang') ?? meta(doc, 'og:locale') ?? undefined;
  yield;
  const title = str(first['headline']) ?? articleTitle(doc, headlines);
  const date = yield* pageDateSteps(doc, ld, url, lang, body.elements, title);
  return {
    title,
    byline: str(first['author']) ?? meta(doc, 'author', 'article:author', 'byl'),
    ...(date ? { published: date.iso, date } : {}),
    siteName: str((first['publisher'] as JsonLd | undefined)?.name) ?? meta(doc, 'og:site_name', 'application-name'),
    url: canonical ?? url,
    lang,
    paragraphs,
    isArticle,
    pageKind,
    bodySource,
    ...(body.truncated ? { truncated: true } : {}),
    ...(body.elements && (bodySource === 'container' || bodySource === 'cluster') ? { blocks: body.elements } : {}),
  };
}
