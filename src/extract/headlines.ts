/**
 * Headline-level text of a page (title, description, first heading) and its meta tags: all the content
 * script reads of a page before deciding it could be on topic. Kept apart from ./index.ts so that this
 * first look does not load the article extractor with it. Each is read up to a budget (./budget.ts):
 * a megabyte-long title costs what a long one does.
 */
import { rawTextOf, READ_BUDGET, readText } from './budget';

const headline = (raw: string) => readText(raw, READ_BUDGET.headline).text;

/** Headline-level text: enough to decide cheaply whether a page could be on topic at all. */
export interface Headlines {
  title: string;
  description: string;
  h1: string;
}

/**
 * The page's meta tags by property / name / itemprop, read once per document. A selector such as
 * `meta[property=x]` walks the whole tree when nothing matches, which costs milliseconds per call on a
 * page of 200 k nodes; the tag-name list is indexed by the engine.
 */
const metaIndex = new WeakMap<Document, Map<string, string>>();
export function metaTags(doc: Document): Map<string, string> {
  let index = metaIndex.get(doc);
  if (!index) {
    index = new Map();
    const tags = doc.getElementsByTagName('meta');
    for (let i = 0; i < tags.length && i < 2000; i++) {
      const el = tags[i]!;
      const content = el.getAttribute('content');
      if (!content?.trim()) continue;
      for (const attr of ['property', 'name', 'itemprop']) {
        const key = el.getAttribute(attr);
        if (key && !index.has(key)) index.set(key, content);
      }
    }
    metaIndex.set(doc, index);
  }
  return index;
}

export const meta = (doc: Document, ...keys: string[]): string | undefined => {
  const tags = metaTags(doc);
  for (const key of keys) {
    const v = tags.get(key);
    if (v) return headline(v) || undefined;
  }
  return undefined;
};

export const firstTag = (doc: Document, tag: string): Element | undefined => doc.getElementsByTagName(tag)[0];

/** A single-page app may have changed its meta tags since the last read. */
export const forgetMetaTags = (doc: Document) => void metaIndex.delete(doc);

export function readHeadlines(doc: Document): Headlines {
  forgetMetaTags(doc);
  return headlinesOf(doc);
}

export function headlinesOf(doc: Document): Headlines {
  return {
    title: meta(doc, 'og:title', 'twitter:title') ?? headline(doc.title ?? ''),
    description: meta(doc, 'og:description', 'description', 'twitter:description') ?? '',
    h1: headline(firstTag(doc, 'h1')?.textContent ?? '').slice(0, 500),
  };
}

/** How much of the page's top the first look reads when the headlines name only the US side or the story. */
const TOP_TEXT = 3_000;

/**
 * The text at the top of the article (the first few kB of `<article>`, `<main>` or the body, as raw text,
 * so never more than that is walked): where a Russia-side name stands in a story whose headline names
 * only Washington or the story itself.
 */
export function textNearTop(doc: Document): string {
  const root = firstTag(doc, 'article') ?? firstTag(doc, 'main') ?? doc.body;
  return root ? readText(rawTextOf(root, TOP_TEXT).raw, TOP_TEXT).text : '';
}
