/**
 * DOM -> Article. Metadata comes, in order of preference, from JSON-LD (NewsArticle and kin), Open
 * Graph / meta tags, then the document itself; the body from JSON-LD `articleBody`, the page's own
 * article container, a fallback given by the caller (Mozilla Readability, ./readability.ts: kept out of
 * this module because it is most of the extractor's size and few news pages need it; in the browser a
 * script of its own, loaded only when the first two ways fail), and last the element holding the most
 * paragraphs. Everything is read within ./budget.ts's limits, as sliced work (../text/steps.ts).
 * Pure apart from reading the given Document, so it runs in the page, in Node (linkedom) and in tests.
 */
import { runToEnd, type Steps } from '../text/steps';
import { rawTextOf, READ_BUDGET, readText } from './budget';
import { forgetMetaTags, headlinesOf, meta } from './headlines';

export { readHeadlines, type Headlines } from './headlines';
export { READ_BUDGET, readText } from './budget';

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
  bodySource: 'json-ld' | 'container' | 'cluster' | 'readability' | 'none';
  /** The body went on past the reading budget (../extract/budget.ts): only its first part was read. */
  truncated?: boolean;
  /**
   * The page's own elements the paragraphs were read from, one a paragraph, where they came from the page
   * (the container, the paragraph cluster): the marks go there. Not serialized; absent from JSON-LD.
   */
  blocks?: Element[];
}

const ARTICLE_TYPES =
  /^(?:NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|Article|BlogPosting|Report|ScholarlyArticle|ReviewNewsArticle)$/;
/** Prose (characters in paragraphs of 80 or more) below which JSON-LD and the container have not found the body. */
const MIN_BODY = 400;
// Containers whose paragraphs are never the article: furniture, comments, promos.
export const EXCLUDED =
  'nav, aside, footer, header, figure, figcaption, form, button, [role="navigation"], [role="complementary"], [aria-hidden="true"], [class*="comment" i], [id*="comment" i], [class*="related" i], [class*="share" i], [class*="promo" i], [class*="newsletter" i], [class*="caption" i]';

type JsonLd = Record<string, unknown>;

/**
 * Article objects from every JSON-LD block, flattened out of arrays and @graph. Broken JSON is skipped,
 * and so is what lies beyond the page's JSON-LD budget.
 */
export function jsonLdArticles(doc: Document): JsonLd[] {
  return runToEnd(jsonLdSteps(doc));
}

function* jsonLdSteps(doc: Document): Steps<JsonLd[]> {
  const out: JsonLd[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.slice(0, 50).forEach((n) => visit(n, depth + 1));
    const obj = node as JsonLd;
    const types = ([] as unknown[]).concat(obj['@type'] ?? []);
    if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) out.push(obj);
    if (obj['@graph']) visit(obj['@graph'], depth + 1);
  };
  const scripts = doc.getElementsByTagName('script');
  let budget = READ_BUDGET.jsonLd;
  for (let i = 0, seen = 0; i < scripts.length && seen < 20; i++) {
    const script = scripts[i]!;
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    seen++;
    const text = script.textContent ?? '';
    if (text.length > budget) continue;
    budget -= text.length;
    try {
      visit(JSON.parse(text), 0);
    } catch {
      // Pages ship malformed JSON-LD often enough; it is simply not a source then.
    }
    yield;
  }
  return out;
}

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return readText(v, READ_BUDGET.headline).text || undefined;
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object' && 'name' in v) return str((v as JsonLd).name);
  return undefined;
};

const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre, dd, td, div';

/** A block's text as the extractor reads it (the marks find the block again by this same text). */
export function blockText(el: Element): { text: string; cut: boolean; linkChars: number } {
  const { raw, linkChars, complete } = rawTextOf(el, Math.ceil(1.25 * READ_BUDGET.paragraph));
  const { text, cut } = readText(raw, READ_BUDGET.paragraph);
  return { text, cut: cut || !complete, linkChars };
}

/** Paragraphs read from a container, and whether the body went on past the budget. */
export interface Body {
  paragraphs: string[];
  /** The page's elements the paragraphs were read from, one a paragraph (none when read from JSON-LD). */
  elements?: Element[];
  truncated: boolean;
}

/**
 * The elements under `root` whose tag is in `tags`, in document order, found in a walk in slices. A
 * found element's subtree is not entered when `isLeaf` says it holds no further block (a paragraph holds
 * only phrasing content: one of 200 000 spans costs a step, not 200 000, as it would in a selector query).
 */
export function* blocksUnder(root: Element, tags: ReadonlySet<string>, isLeaf: (el: Element) => boolean, limit: number = READ_BUDGET.blocks): Steps<Element[]> {
  const out: Element[] = [];
  let visited = 0;
  // By element pointers, not a TreeWalker: the same in every DOM this runs on (linkedom's walker moves only forward).
  for (let node = root.firstElementChild; node;) {
    if (++visited % 500 === 0) yield;
    let descend = true;
    if (tags.has(node.localName)) {
      out.push(node);
      if (out.length >= limit) break;
      descend = !isLeaf(node);
    }
    if (descend && node.firstElementChild) {
      node = node.firstElementChild;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) node = node.parentElement;
    node = node && node !== root ? node.nextElementSibling : null;
  }
  return out;
}

const PROSE_TAGS = new Set(['p', 'h2', 'h3']);
const ALL_BLOCK_TAGS = new Set(BLOCKS.split(', '));
/** p, h2 and h3 hold phrasing content only: no block inside to look for. */
const noBlocksInside = () => true;

/**
 * The text blocks of a container: paragraphs and subheadings, and in `allBlocks` mode (for Readability's
 * cleaned output, where text may sit in bare divs and lists) every block with no block inside it. Reads
 * at most the body budget, yielding every few dozen blocks; `elements` are the blocks read, one a paragraph.
 */
export function* paragraphSteps(root: Element, allBlocks = false): Steps<Body> {
  const out: string[] = [];
  const elements: Element[] = [];
  let chars = 0;
  let truncated = false;
  const nodes = yield* blocksUnder(root, allBlocks ? ALL_BLOCK_TAGS : PROSE_TAGS, allBlocks ? () => false : noBlocksInside, READ_BUDGET.blocks + 1);
  const count = Math.min(nodes.length, READ_BUDGET.blocks);
  for (let i = 0; i < count; i++) {
    if (i % 50 === 49) yield;
    const p = nodes[i]!;
    if (allBlocks && p.querySelector(BLOCKS)) continue;
    if (p.closest(EXCLUDED)) continue;
    const { text, cut, linkChars } = blockText(p);
    if (text.length < 2) continue;
    // A list of links set as a paragraph is not prose.
    if (p.tagName === 'P' && linkChars > 0.6 * text.length) continue;
    if (!allBlocks && p.tagName !== 'P' && (text.length > 200 || out.length === 0)) continue;
    out.push(text);
    elements.push(p);
    chars += text.length;
    truncated ||= cut;
    if (out.length >= READ_BUDGET.paragraphs || chars >= READ_BUDGET.body) {
      truncated ||= i < nodes.length - 1;
      break;
    }
  }
  return { paragraphs: out, elements, truncated: truncated || nodes.length > READ_BUDGET.blocks };
}

/** {@link paragraphSteps} at once: the paragraphs. */
export const paragraphsFrom = (root: Element, allBlocks = false): string[] => runToEnd(paragraphSteps(root, allBlocks)).paragraphs;

const proseLength = (paragraphs: string[]) => paragraphs.filter((p) => p.length >= 80).reduce((n, p) => n + p.length, 0);

/** The page's `<article>` and `<main>` elements (the engine indexes tags: cheap even on a huge page). */
export function* articleContainers(doc: Document): Steps<Element[]> {
  const out: Element[] = Array.from(doc.getElementsByTagName('article'));
  yield;
  out.push(...Array.from(doc.getElementsByTagName('main')));
  yield;
  return out.slice(0, 30);
}

/**
 * Containers marked by attribute (`itemprop="articleBody"`, `role="main"`), found in a walk in slices:
 * an attribute selector walks the whole tree in one go, tens of milliseconds on a huge page.
 */
function* attributeContainers(doc: Document): Steps<Element[]> {
  const out: Element[] = [];
  if (!doc.body) return out;
  const walker = doc.createTreeWalker(doc.body, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let n = walker.nextNode() as Element | null, k = 0; n && out.length < 30; n = walker.nextNode() as Element | null, k++) {
    if (k % 2000 === 1999) yield;
    if (n.getAttribute('itemprop') === 'articleBody' || n.getAttribute('role') === 'main') out.push(n);
  }
  return out;
}

/** The container with the most prose: `<article>`, `<main>`, or an element marked by attribute. */
function* containerSteps(doc: Document): Steps<Body> {
  let best: Body = { paragraphs: [], truncated: false };
  const candidates = [...(yield* articleContainers(doc)), ...(yield* attributeContainers(doc))].slice(0, 30);
  for (const el of candidates) {
    const body = yield* paragraphSteps(el);
    if (proseLength(body.paragraphs) > proseLength(best.paragraphs)) best = body;
    yield;
  }
  return best;
}

/**
 * Where no container holds the body: the element whose own paragraphs hold the most prose. Also where
 * the HTML parser moved an article's paragraphs out of it (Chromium nests at most 512 levels deep).
 */
function* clusterSteps(doc: Document): Steps<Body> {
  const ps = doc.getElementsByTagName('p');
  const prose = new Map<Element, number>();
  let best: Element | undefined;
  for (let i = 0; i < Math.min(ps.length, READ_BUDGET.blocks); i++) {
    if (i % 200 === 199) yield;
    const parent = ps[i]!.parentElement;
    if (!parent) continue;
    const n = (prose.get(parent) ?? 0) + Math.min(READ_BUDGET.paragraph, ps[i]!.textContent?.length ?? 0);
    prose.set(parent, n);
    if (!best || n > prose.get(best)!) best = parent;
  }
  return best ? yield* paragraphSteps(best) : { paragraphs: [], truncated: false };
}

/** Largest document Readability is given: it is quadratic in depth, and slow on tens of thousands of elements (real news pages have 1–3 k, 30 levels). */
const READABILITY_LIMITS = { elements: 8_000, depth: 128 };

/** Whether Readability may run on this page without holding it long; the tree walked in slices. */
export function* readabilityFits(doc: Document): Steps<boolean> {
  const root = doc.documentElement;
  if (!root) return false;
  let depth = 0;
  let k = 0;
  for (let node: Element | null = root; node; k++) {
    if (k % 2000 === 1999) yield;
    if (k > READABILITY_LIMITS.elements || depth > READABILITY_LIMITS.depth) return false;
    if (node.firstElementChild) {
      node = node.firstElementChild;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) {
      node = node.parentElement;
      depth--;
    }
    node = node && node !== root ? node.nextElementSibling : null;
  }
  return true;
}

/** Whether an address's path is a site's front page ("/", "/index.html", "/home", "/en-us/"). */
const isFrontPath = (path: string) => path === '/' || /^\/(?:index\.html?|home|[a-z]{2}(?:-[a-z]{2})?)?\/?$/i.test(path);

function pathOf(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'https://x.invalid/').pathname;
  } catch {
    return undefined; // not an address
  }
}

/**
 * Whether the page is one article rather than a home page, section front or listing. Structured data
 * wins; without it, a page counts as an article only when it has a run of real prose paragraphs and
 * its address is not a site's front page.
 */
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
export const needsFallback = (article: Article): boolean => article.bodySource === 'cluster' || proseLength(article.paragraphs) < MIN_BODY;

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

/** JSON-LD's `articleBody`, split at its line breaks, read up to the body budget. */
function ldParagraphs(raw: string): Body {
  const head = raw.length > 4 * READ_BUDGET.body ? raw.slice(0, 4 * READ_BUDGET.body) : raw;
  const paragraphs: string[] = [];
  let chars = 0;
  let truncated = head.length < raw.length;
  for (const line of head.split(/\n+/)) {
    const { text, cut } = readText(line, READ_BUDGET.paragraph);
    if (!text) continue;
    paragraphs.push(text);
    chars += text.length;
    truncated ||= cut;
    if (paragraphs.length >= READ_BUDGET.paragraphs || chars >= READ_BUDGET.body) {
      truncated = true;
      break;
    }
  }
  return { paragraphs, truncated };
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
    ...(body.truncated ? { truncated: true } : {}),
    ...(body.elements && (bodySource === 'container' || bodySource === 'cluster') ? { blocks: body.elements } : {}),
  };
}
