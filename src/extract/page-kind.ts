/**
 * What kind of page it is: one article, or a home page, section front or listing.
 */
import { meta } from './headlines';
import type { JsonLd } from './jsonld';
import { proseLength } from './blocks';

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
export function judgePage(doc: Document, url: string | undefined, ld: JsonLd[], paragraphs: string[], canonical?: string): [boolean, string] {
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
