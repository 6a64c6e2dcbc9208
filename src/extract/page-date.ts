/**
 * The date a page says it was published, with where it said it: JSON-LD, a meta tag, a `<time>`
 * element, the byline or dateline near the headline ("Published December 21, 2010", "Jun 19, 2018",
 * "04.01.12 15:59", "Опубликовано 4 марта 2012"), or last the page's address (/2013/07/19/). A page that
 * states none has no date: unknown stays unknown, never today.
 */
import { structuredDate, urlDate, writtenDate, type StatedDate } from '../text/dates';
import { rawTextOf } from './budget';
import { metaTags } from './headlines';
import type { JsonLd } from './jsonld';
import type { Steps } from '../text/steps';

export interface PageDate extends StatedDate {
  source: 'json-ld' | 'meta' | 'time' | 'byline' | 'address';
  /** What the page said, as it said it (a value, a line, an address). */
  evidence: string;
}

/** Meta tags that state the publication date, by property, name or itemprop, best first. */
const DATE_META = [
  'article:published_time',
  'article:published',
  'og:article:published_time',
  'datePublished',
  'og:pubdate',
  'pubdate',
  'publishdate',
  'publish-date',
  'parsely-pub-date',
  'sailthru.date',
  'DC.date.issued',
  'dc.date',
  'DCTERMS.created',
  'rnews:datePublished',
  'OriginalPublicationDate',
  'DISPLAYDATE',
  'DisplayDate',
  'pdate',
  'dateCreated',
  'date',
];

/** Class names of elements that hold the byline's date. */
const BYLINE_CLASS = /date|byline|timestamp|published|time/i;
/** Elements looked at for one: a byline stands near the top of its article, and the page may be huge. */
const BYLINE_WALK = 3_000;

/** Words that say a line is the byline's date. */
const PUBLISHED_WORDS =
  /(?:published|updated|posted|опубликовано|обновлено|опубліковано|оновлено|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|atualizado|opublikowano|zaktualizowano)/i;

/**
 * The page's date as sliced work (../text/steps.ts): on a page without a date in JSON-LD or its meta
 * tags, each look for an element (\`<time>\`, the headline) may walk the whole document, one a step.
 */
export function* pageDateSteps(doc: Document, ld: readonly JsonLd[], url: string | undefined, lang = 'en', body: readonly Element[] = [], title = ''): Steps<PageDate | undefined> {
  for (const obj of ld) {
    for (const key of ['datePublished', 'dateCreated']) {
      const value = obj[key];
      const date = typeof value === 'string' ? structuredDate(value, lang) : undefined;
      if (date) return { ...date, source: 'json-ld', evidence: value as string };
    }
  }
  const tags = metaTags(doc);
  for (const key of DATE_META) {
    const value = tags.get(key) ?? tags.get(key.toLowerCase());
    const date = value ? structuredDate(value.slice(0, 100), lang) : undefined;
    if (date) return { ...date, source: 'meta', evidence: `${key}: ${value}` };
  }
  yield;
  const fromTime = timeElement(doc, lang);
  if (fromTime) return fromTime;
  const fromByline = yield* bylineDate(doc, lang, body, title);
  if (fromByline) return fromByline;
  for (const address of [canonicalOf(doc), url]) {
    const date = address ? urlDate(address) : undefined;
    if (date) return { ...date, source: 'address', evidence: address! };
  }
  return undefined;
}

/** A `<time>` that says it is the publication date, else the first one with a date before the body's end. */
function timeElement(doc: Document, lang: string): PageDate | undefined {
  // The first 20 only: the collection's length would count every <time> of a huge page.
  const all = doc.getElementsByTagName('time');
  const times: Element[] = [];
  for (let t = all.item(0); t && times.length < 20; t = all.item(times.length)) times.push(t);
  const marked = times.filter((t) => t.getAttribute('itemprop') === 'datePublished' || t.hasAttribute('pubdate'));
  for (const t of [...marked, ...times.filter((t) => !t.closest('nav, aside, footer, [class*="related" i]'))].slice(0, 10)) {
    const value = t.getAttribute('datetime') ?? t.textContent ?? '';
    const date = structuredDate(value.slice(0, 100), lang) ?? structuredDate((t.textContent ?? '').slice(0, 100), lang);
    if (date) return { ...date, source: 'time', evidence: value.slice(0, 100) };
  }
  return undefined;
}

/**
 * The date in the byline or dateline: first the text right after the headline, then an element named
 * for it (class or id with date, time, byline, dateline, published, timestamp) in the article, then the
 * article's opening text (a dateline, a first caption). `body` are the article's paragraphs' elements,
 * when the page gave them: the article is where they stand.
 */
function* bylineDate(doc: Document, lang: string, body: readonly Element[], title: string): Steps<PageDate | undefined> {
  const h1 = yield* headlineElement(doc, title);
  yield;
  const found = (text: string, withWords: boolean) => {
    const published = withWords ? PUBLISHED_WORDS.exec(text) : null;
    return (published ? writtenDate(text.slice(published.index), lang) : undefined) ?? writtenDate(text, lang);
  };
  const asDate = (d: NonNullable<ReturnType<typeof writtenDate>>): PageDate => ({ iso: d.iso, precision: d.precision, source: 'byline', evidence: d.text });
  // After the headline: its nearest ancestor with some text, read from the headline on.
  let afterHeadline = '';
  for (let el = h1?.parentElement, k = 0; h1 && el && k < 6; el = el.parentElement, k++) {
    const text = rawTextOf(el, 6_000).raw.replace(/\s+/g, ' ');
    const from = Math.max(0, text.indexOf((h1.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)));
    afterHeadline = text.slice(from, from + 1_500);
    if (afterHeadline.length >= 600) break;
  }
  const right = afterHeadline && found(afterHeadline.slice(0, 300), true);
  if (right) return asDate(right);
  // The article: where its paragraphs stand (or the headline's surroundings), never the whole of a page that may be huge.
  const region = commonAncestor(body) ?? h1?.parentElement?.parentElement?.parentElement ?? doc.getElementsByTagName('article')[0] ?? doc.body;
  const named = region ? namedForDate(region) : [];
  for (const el of named.filter((el) => !el.closest('nav, aside, footer, [class*="related" i], [class*="comment" i]'))) {
    const date = found(rawTextOf(el, 300).raw.replace(/\s+/g, ' '), true);
    if (date) return asDate(date);
  }
  const opening = afterHeadline && found(afterHeadline, true);
  return opening ? asDate(opening) : undefined;
}

/** The headline's element: the first `<h1>`, else (a page without one) the first `<h2>`/`<h3>` that reads as the title. */
function* headlineElement(doc: Document, title: string): Steps<Element | undefined> {
  // Each lookup walks a page without such a heading whole: one a step.
  const h1 = doc.getElementsByTagName('h1')[0];
  if (h1 || !title) return h1;
  const start = title.replace(/\s+/g, ' ').trim().slice(0, 40).toLowerCase();
  for (const tag of ['h2', 'h3']) {
    yield;
    const all = doc.getElementsByTagName(tag);
    for (let i = 0, h = all.item(0); h && i < 50; h = all.item(++i)) if ((h.textContent ?? '').replace(/\s+/g, ' ').trim().toLowerCase().startsWith(start)) return h;
  }
  return undefined;
}

/** Up to 30 elements under `root` whose class or id names a date or byline, among its first elements. */
function namedForDate(root: Element): Element[] {
  const found: Element[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let n = walker.nextNode(), k = 0; n && k < BYLINE_WALK && found.length < 30; n = walker.nextNode(), k++) {
    const el = n as Element;
    if (BYLINE_CLASS.test(el.getAttribute('class') ?? '') || /date/i.test(el.id)) found.push(el);
  }
  return found;
}

/** The nearest element holding all of these (at most a few levels above the first), if any. */
function commonAncestor(elements: readonly Element[]): Element | undefined {
  const [first, last] = [elements[0], elements[elements.length - 1]];
  for (let el = first?.parentElement, k = 0; el && last && k < 8; el = el.parentElement, k++) if (el.contains(last)) return el.parentElement ?? el;
  return undefined;
}

const canonicalOf = (doc: Document): string | undefined =>
  Array.from(doc.getElementsByTagName('link'))
    .find((l) => l.getAttribute('rel')?.toLowerCase() === 'canonical')
    ?.getAttribute('href') ??
  metaTags(doc).get('og:url') ??
  undefined;
