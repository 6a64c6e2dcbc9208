/**
 * The last way to an article's body: Mozilla Readability, on a clone of the document (`parse()` mutates
 * the document it is given), its output read block by block. Given to {@link extractArticle} as its
 * fallback; in the browser this module is a script of its own (../../entrypoints/readability.content),
 * loaded into a page only when JSON-LD and the article container found no body.
 */
import { Readability } from '@mozilla/readability';
import { EXCLUDED, paragraphsFrom, type BodyFallback } from './index';

export const readabilityParagraphs: BodyFallback = (doc) => {
  try {
    const clone = doc.cloneNode(true) as Document;
    // Readability drops class names, after which comments and promos can no longer be told apart: prune first.
    for (const el of Array.from(clone.querySelectorAll(EXCLUDED))) if (!el.querySelector('article')) el.remove();
    const parsed = new Readability<Element>(clone, { serializer: (el) => el as Element, charThreshold: 300 }).parse();
    return parsed?.content ? paragraphsFrom(parsed.content, true) : [];
  } catch {
    return []; // Readability failed on this page: what the other ways found stands
  }
};
