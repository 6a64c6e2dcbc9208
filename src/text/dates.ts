/**
 * Dates as pages and records state them: ISO forms, and dates written out in the page's language
 * ("Jun 19, 2018", "24 May 2019", "4 марта 2012 года", "04.01.12", "5 avril 2017"). Month names come
 * from the runtime's own `Intl` (every language, in the forms dates use: "января" as well as "январь"),
 * rather than from a date-parsing library: the formats news pages print are few, and a library such as
 * chrono-node would weigh more than the whole extractor for them.
 */

/** A date to the precision it is known. */
export interface StatedDate {
  /** "YYYY-MM-DD", "YYYY-MM" or "YYYY". */
  iso: string;
  precision: 'day' | 'month' | 'year';
}

/** "2024-12-27T10:00:00Z", "2024-12-27" -> "2024-12-27"; anything else -> undefined. */
export function isoDate(value?: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The day as "YYYY-MM-DD" if it exists (and is after 1900 and not in the far future), else undefined. */
function validDay(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > new Date().getUTCFullYear() + 1) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The languages whose month names are known besides English (the languages Backstory reads). */
const LANGUAGES = ['en', 'ru', 'uk', 'de', 'fr', 'es', 'it', 'pt', 'pl'];

/** Month name (every form, lower case, without a final dot) -> month number, per language. */
const monthNames = new Map<string, Map<string, number>>();
function monthsOf(lang: string): Map<string, number> {
  let names = monthNames.get(lang);
  if (!names) {
    names = new Map();
    try {
      const forms = [
        new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
        new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }),
      ];
      for (let m = 0; m < 12; m++) {
        const day = new Date(Date.UTC(2020, m, 15));
        for (const f of forms) {
          const name = f.formatToParts(day).find((p) => p.type === 'month')?.value;
          if (name && !/^\d+$/.test(name)) names.set(name.toLowerCase().replace(/\.$/, ''), m + 1);
        }
      }
    } catch {
      // a runtime without this language's data: its month names are simply not known
    }
    if (lang === 'en') for (const [name, m] of [['sept', 9]] as const) names.set(name, m);
    monthNames.set(lang, names);
  }
  return names;
}

/** The month a word names in the page's language, English or another we read: a full name, a form of it, or an abbreviation (a prefix of 3 letters or more). */
function monthOf(word: string, lang: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  // The page's language first, then English, then the others (a page that does not say its language).
  for (const l of new Set([lang, 'en', ...LANGUAGES])) {
    const names = monthsOf(l);
    const exact = names.get(w);
    if (exact) return exact;
    if (w.length >= 3) for (const [name, m] of names) if (name.startsWith(w)) return m;
  }
  return undefined;
}

const LETTERS = 'A-Za-z\\u00C0-\\u024F\\u0400-\\u04FF';
const MONTH_WORD = `[${LETTERS}]{3,12}\\.?`;
/** Dates written out: day month year, month day year, and numbers with dots or slashes; each part bounded, nothing nested. */
const WRITTEN = new RegExp(
  [
    `(?<![0-9${LETTERS}])(?<d1>\\d{1,2})\\.?\\s(?:de\\s)?(?<m1>${MONTH_WORD})\\s(?:de\\s)?(?<y1>\\d{4})`, // 24 May 2019, 4 марта 2012, 5 avril 2017, 12 de marzo de 2022
    `(?<![0-9${LETTERS}])(?<m2>${MONTH_WORD})\\s(?<d2>\\d{1,2})(?:st|nd|rd|th)?,?\\s(?<y2>\\d{4})`, // Jun 19, 2018; December 21, 2010
    `(?<![0-9${LETTERS}])(?<d3>\\d{1,2})\\.(?<mo3>\\d{1,2})\\.(?<y3>\\d{4}|\\d{2})(?!\\d)`, // 04.01.12, 19.06.2018
    `(?<![0-9${LETTERS}])(?<a4>\\d{1,2})/(?<b4>\\d{1,2})/(?<y4>\\d{4})(?!\\d)`, // 07/18/2013 (en: month first), 18/07/2013
    `(?<![0-9${LETTERS}])(?<y5>\\d{4})-(?<mo5>\\d{2})-(?<d5>\\d{2})`, // 2019-01-29
  ].join('|'),
  'u',
);

/**
 * The first date written in `text`, read in the page's language (`lang`, e.g. "ru", "en-GB"); undefined if none.
 * Numbers with slashes are month first in English, day first elsewhere.
 */
export function writtenDate(text: string, lang = 'en'): (StatedDate & { text: string }) | undefined {
  const language = (lang.toLowerCase().split(/[-_]/)[0] ?? 'en').replace(/^$/, 'en');
  const known = LANGUAGES.includes(language) ? language : 'en';
  const re = new RegExp(WRITTEN.source, 'gu');
  for (const m of text.slice(0, 5_000).matchAll(re)) {
    const g = m.groups ?? {};
    let y: number | undefined;
    let mo: number | undefined;
    let d: number | undefined;
    if (g.y1) [y, mo, d] = [Number(g.y1), monthOf(g.m1!, known), Number(g.d1)];
    else if (g.y2) [y, mo, d] = [Number(g.y2), monthOf(g.m2!, known), Number(g.d2)];
    else if (g.y3) [y, mo, d] = [g.y3.length === 2 ? 2000 + Number(g.y3) : Number(g.y3), Number(g.mo3), Number(g.d3)];
    else if (g.y4) [y, mo, d] = known === 'en' ? [Number(g.y4), Number(g.a4), Number(g.b4)] : [Number(g.y4), Number(g.b4), Number(g.a4)];
    else if (g.y5) [y, mo, d] = [Number(g.y5), Number(g.mo5), Number(g.d5)];
    const iso = y && mo && d ? validDay(y, mo, d) : undefined;
    if (iso) return { iso, precision: 'day', text: m[0] };
  }
  return undefined;
}

/** A structured date (ISO 8601, "2013/06/07 09:31:31", "20101221", or written out), or undefined. */
export function structuredDate(value: string, lang = 'en'): StatedDate | undefined {
  const v = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\d{0,6})$/.exec(v);
  if (compact) {
    const iso = validDay(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    return iso ? { iso, precision: 'day' } : undefined;
  }
  const slashed = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(v);
  if (slashed) {
    const iso = validDay(Number(slashed[1]), Number(slashed[2]), Number(slashed[3]));
    return iso ? { iso, precision: 'day' } : undefined;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(v);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return { iso: v, precision: 'month' };
  const written = writtenDate(v, lang);
  if (written) return { iso: written.iso, precision: written.precision };
  // "Fri Jul 19 10:34:19 UTC 2013", "Tue May 14 2019 07:56:44 GMT+0000": the engine reads these.
  const parsed = Date.parse(v);
  if (!Number.isNaN(parsed) && /\d{4}/.test(v)) {
    const d = new Date(parsed);
    const iso = validDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    return iso ? { iso, precision: 'day' } : undefined;
  }
  return undefined;
}

/** A date in an address's path: /2013/07/19/, /2019-05-14/, /20130719/. */
export function urlDate(url: string): StatedDate | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined; // not an address
  }
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)/.exec(path) ?? /\/((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-])/.exec(path);
  if (m) {
    const iso = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { iso, precision: 'day' };
  }
  const month = /\/((?:19|20)\d{2})\/(\d{2})\//.exec(path);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return { iso: `${month[1]}-${month[2]}`, precision: 'month' };
  return undefined;
}

/**
 * Whether a date is before, after, or at the same time as another (same day, or the same month or year
 * where one is known only to that precision); undefined when either is unknown.
 */
export function relativeTo(reference: string | undefined, other: string | undefined): 'earlier' | 'later' | 'same time' | undefined {
  if (!reference || !other) return undefined;
  const length = Math.min(reference.length, other.length, 10);
  const [a, b] = [other.slice(0, length), reference.slice(0, length)];
  if (a === b) return 'same time';
  return a < b ? 'earlier' : 'later';
}
