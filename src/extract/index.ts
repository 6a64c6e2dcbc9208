/**
 * DOM -> Article. Metadata comes, in order of preference, from JSON-LD (NewsArticle and kin), Open
 * Graph / meta tags, then the document itself; the body from JSON-LD `articleBody`, the page's own
 * article container, and last a fallback given by the caller: Mozilla Readability (./readability.ts),
 * which is kept out of this module because it is most of the extractor's size and few news pages need
 * it (in the browser it is a script of its own, loaded into a page only when the first two ways fail).
 * Pure apart from reading the given Document, so it runs in the page, in Node (linkedom) and in tests.
 */
import { normalize } from '../text';
import { firstTag, forgetMetaTags, headlinesOf, meta, metaTags } from './headlines';

export { readHeadlines, type Headlines } from './headlines';

export interface Article {
  title: string;
  byline?: string;
  /** ISO date (or date-time) the page says it was published. */
  published?: string;
  siteName?: string;
  url?: string;
  lang?: string;
  paragraphs: string[];
  isArticle: boolean;
  /** Why the page was judged an article or not. */
  pageKind: string;
  /** Which source gave the body paragraphs. */
  bodySource: 'json-ld' | 'container' | 'readability' | 'none';
}

const ARTICLE_TYPES = /^(?:NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|Article|BlogPosting|Report|ScholarlyArticle|ReviewNewsArticle)$/;
const MAX_PARAGRAPHS = 400;
const MAX_CHARS = 200_000;
/** Prose (characters in paragraphs of 80 or more) below which JSON-LD and the container have not found the body. */
const MIN_BODY = 400;
// Containers whose paragraphs are never the article: furniture, comments, promos.
export const EXCLUDED = 'nav, aside, footer, header, figure, figcaption, form, button, [role="navigation"], [role="complementary"], [aria-hidden="true"], [class*="comment" i], [id*="comment" i], [class*="related" i], [class*="share" i], [class*="promo" i], [class*="newsletter" i], [class*="caption" i]';

type JsonLd = Record<string, unknown>;

/** Article objects from every JSON-LD block, flattened out of arrays and @graph. Broken JSON is skipped. */
export function jsonLdArticles(doc: Document): JsonLd[] {
  const out: JsonLd[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.slice(0, 50).forEach((n) => visit(n, depth + 1));
    const obj = node as JsonLd;
    const types = ([] as unknown[]).concat(obj['@type'] ?? []);
    if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) out.push(obj);
    if (obj['@graph']) visit(obj['@graph'], depth + 1);
  };
  const scripts = Array.from(doc.getElementsByTagName('script')).filter((el) => el.getAttribute('type')?.trim().toLowerCase() === 'application/ld+json');
  for (const script of scripts.slice(0, 20)) {
    const text = script.textContent ?? '';
    if (text.length > 2_000_000) continue;
    try {
      visit(JSON.parse(text), 0);
    } catch {
      // Pages ship malformed JSON-LD often enough; it is simply not a source then.
    }
  }
  return out;
}

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return normalize(v) || undefined;
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object' && 'name' in v) return str((v as JsonLd).name);
  return undefined;
};

const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre, dd, td, div';

/**
 * The text blocks of a container: paragraphs and subheadings, and in `allBlocks` mode (for Readability's
 * cleaned output, where text may sit in bare divs and lists) every block with no block inside it.
 */
export function paragraphsFrom(root: Element, allBlocks = false): string[] {
  const out: string[] = [];
  let chars = 0;
  const nodes = allBlocks
    ? Array.from(root.querySelectorAll(BLOCKS)).filter((el) => !el.querySelector(BLOCKS))
    : Array.from(root.querySelectorAll('p, h2, h3, blockquote > p, li > p'));
  for (const p of nodes) {
    if (p.closest(EXCLUDED)) continue;
    const text = normalize(p.textContent ?? '');
    if (text.length < 2) continue;
    const linkText = Array.from(p.querySelectorAll('a')).reduce((n, a) => n + (a.textContent?.length ?? 0), 0);
    if (p.tagName === 'P' && linkText > 0.6 * text.length) continue;
    if (!allBlocks && p.tagName !== 'P' && (text.length > 200 || out.length === 0)) continue;
    out.push(text);
    chars += text.length;
    if (out.length >= MAX_PARAGRAPHS || chars >= MAX_CHARS) break;
  }
  return out;
}

const proseLength = (paragraphs: string[]) => paragraphs.filter((p) => p.length >= 80).reduce((n, p) => n + p.length, 0);

function containerParagraphs(doc: Document): string[] {
  let best: string[] = [];
  const candidates = [
    ...Array.from(doc.getElementsByTagName('article')),
    ...Array.from(doc.getElementsByTagName('main')),
    ...Array.from(doc.querySelectorAll('[itemprop="articleBody"], [role="main"]')),
  ].slice(0, 30);
  for (const el of candidates) {
    const ps = paragraphsFrom(el);
    if (proseLength(ps) > proseLength(best)) best = ps;
  }
  return best;
}

/**
 * Whether the page is one article rather than a home page, section front or listing. Structured data
 * wins; without it, a page counts as an article only when it has a run of real prose paragraphs and
 * its address is not a site's front page.
 */
const isFrontPath = (path: string) => path === '/' || /^\/(?:index\.html?|home|[a-z]{2}(?:-[a-z]{2})?)?\/?$/i.test(path);

function pathOf(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'https://x.invalid/').pathname;
  } catch {
    return undefined;
  }
}

function judgePage(doc: Document, url: string | undefined, ld: JsonLd[], paragraphs: string[], canonical?: string): [boolean, string] {
  const ogType = meta(doc, 'og:type')?.toLowerCase();
  // A page is a front page if its address says so, or if its canonical address (or og:url) does: a home
  // page may be served under any address, and some fronts even call themselves og:type "article".
  const front = [pathOf(url ?? doc.location?.href), pathOf(canonical)].some((p) => p !== undefined && isFrontPath(p));
  if (front) return [false, 'site front page'];
  const prose = proseLength(paragraphs);
  // A page that declares itself an article may be a short brief: two paragraphs are enough.
  if (ld.length > 0 && prose >= 200) return [true, 'JSON-LD article'];
  if (ogType === 'article' && prose >= 200) return [true, 'og:type article'];
  const longParagraphs = paragraphs.filter((p) => p.length >= 120).length;
  if (prose >= 800 && longParagraphs >= 3) return [true, 'prose paragraphs'];
  return [false, prose < 800 ? 'too little prose for an article' : 'front or listing page'];
}

const EMPTY: Article = { title: '', paragraphs: [], isArticle: false, pageKind: 'empty document', bodySource: 'none' };

/** The last way to a body, for pages where JSON-LD and the article container found none: paragraphs. */
export type BodyFallback = (doc: Document) => string[];

/** Where the Readability script, once loaded into a page, leaves its {@link BodyFallback} (our scripts' own world). */
export const FALLBACK_GLOBAL = '__backstoryReadability';

/** Whether an article read without a fallback would want one: JSON-LD and the container found too little prose. */
export const needsFallback = (article: Article): boolean => proseLength(article.paragraphs) < MIN_BODY;

/** Never throws: a document too broken to read is an empty non-article. */
export function extractArticle(doc: Document, url?: string, fallback?: BodyFallback): Article {
  if (!doc.documentElement) return { ...EMPTY, url };
  forgetMetaTags(doc);
  try {
    return extractFrom(doc, url, fallback);
  } catch (error) {
    return { ...EMPTY, url, pageKind: `unreadable document (${error instanceof Error ? error.message : 'error'})` };
  }
}

function extractFrom(doc: Document, url?: string, fallback?: BodyFallback): Article {
  const ld = jsonLdArticles(doc);
  const first = ld[0] ?? {};
  const headlines = headlinesOf(doc);

  let bodySource: Article['bodySource'] = 'none';
  let paragraphs: string[] = [];
  const ldBody = str(first['articleBody']);
  const fromContainer = containerParagraphs(doc);
  if (ldBody && ldBody.length >= 500) {
    // normalize() folded newlines away; split the raw field instead.
    paragraphs = String(first['articleBody']).split(/\n+/).map(normalize).filter(Boolean).slice(0, MAX_PARAGRAPHS);
    bodySource = 'json-ld';
  }
  // Some sites truncate articleBody to a teaser: the page's own container wins when it holds clearly more.
  if (proseLength(fromContainer) >= MIN_BODY && proseLength(fromContainer) > 1.5 * proseLength(paragraphs)) {
    [paragraphs, bodySource] = [fromContainer, 'container'];
  }
  if (fallback && proseLength(paragraphs) < MIN_BODY) {
    let fromReadability: string[] = [];
    try {
      fromReadability = fallback(doc);
    } catch {
      // A fallback that fails on this page leaves what the first two ways found.
    }
    if (proseLength(fromReadability) > proseLength(paragraphs)) [paragraphs, bodySource] = [fromReadability, 'readability'];
  }

  const canonical = Array.from(doc.getElementsByTagName('link')).find((l) => l.getAttribute('rel')?.toLowerCase() === 'canonical')?.getAttribute('href') ?? meta(doc, 'og:url');
  const [isArticle, pageKind] = judgePage(doc, url, ld, paragraphs, canonical);
  return {
    title: str(first['headline']) ?? (headlines.title || headlines.h1),
    byline: str(first['author']) ?? meta(doc, 'author', 'article:author', 'byl'),
    published: str(first['datePublished']) ?? meta(doc, 'article:published_time', 'datePublished', 'pubdate', 'date'),
    siteName: str((first['publisher'] as JsonLd | undefined)?.name) ?? meta(doc, 'og:site_name', 'application-name'),
    url: canonical ?? url,
    lang: doc.documentElement?.getAttribute('lang') ?? meta(doc, 'og:locale') ?? undefined,
    paragraphs,
    isArticle,
    pageKind,
    bodySource,
  };
}
