/**
 * The personal archive's records and files: what is kept for an on-topic article the reader opened,
 * the near-duplicate key (MinHash bands over word shingles, so syndicated copies with another dateline
 * or a trimmed paragraph still meet), and the import formats, validated with valibot before anything
 * is written. Pure: no IndexedDB here (see ./store.ts).
 */
import * as v from 'valibot';
import { isStopword, normalize } from '../text';

export interface ArchivedArticle {
  /** "a_" + a hash of the canonical URL. */
  id: string;
  url: string;
  site: string;
  title: string;
  byline?: string;
  /** ISO date the page states, if it does. */
  published?: string;
  paragraphs: string[];
  savedAt: number;
  /** MinHash signature of the text, and its bands (the IndexedDB multi-entry key for near-duplicates). */
  minhash: number[];
  bands: string[];
  /** Every address this story was read or imported at (syndicated copies on other sites). */
  outlets: { site: string; url: string }[];
  outletUrls: string[];
}

export const LIMITS = { fileBytes: 60 * 1024 * 1024, records: 20_000, title: 1_000, url: 4_096, text: 400_000, paragraphs: 400 } as const;

/** FNV-1a, 32 bits, with a seed: small, fast, good enough to spread shingles. */
export function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SEEDS = Array.from({ length: 16 }, (_, i) => hash(`seed${i}`));
const BAND_SIZE = 2;

/** murmur3's finalizer: spreads a 32-bit value; with a seed xored in, one hash function per seed. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MinHash over 3-word shingles of the text's content words (lower-cased, no function words), and its
 * bands (shingles of function words would make unrelated texts meet on "of the").
 * Each shingle is hashed once; the 16 hash functions are that hash mixed with 16 seeds.
 */
export function signature(paragraphs: readonly string[]): { minhash: number[]; bands: string[] } {
  // Split at spaces and punctuation (ASCII, Latin-1, general punctuation): a plain regex, several
  // times faster than a Unicode-property one on long texts; letters of any script stay in words.
  const words = paragraphs
    .join(' ')
    .toLowerCase()
    .split(/[\s!-/:-@[-`{-~\u00a0-\u00bf\u2010-\u205f\u3000-\u303f]+/)
    .filter((w) => w.length > 1 && !isStopword(w))
    .map((w) => hash(w));
  const shingles = new Set<number>();
  for (let i = 0; i + 3 <= words.length; i++) shingles.add(mix(Math.imul(words[i]!, 0x9e3779b1) ^ Math.imul(words[i + 1]!, 0x85ebca6b) ^ words[i + 2]!));
  if (shingles.size === 0 && words.length) shingles.add(mix(words.reduce((a, w) => Math.imul(a, 31) ^ w, 0)));
  const minhash = SEEDS.map((seed) => {
    let min = 0xffffffff;
    for (const h of shingles) {
      const v = mix(h ^ seed);
      if (v < min) min = v;
    }
    return min;
  });
  const bands: string[] = [];
  for (let b = 0; b < minhash.length; b += BAND_SIZE) bands.push(`${b}:${minhash.slice(b, b + BAND_SIZE).join('.')}`);
  return { minhash, bands };
}

/** Estimated Jaccard similarity of two texts from their signatures. */
export const similarity = (a: readonly number[], b: readonly number[]) => a.filter((x, i) => x === b[i]).length / Math.max(1, a.length);
/** Above this the two texts are one story (a syndicated copy), not two. */
export const SAME_TEXT = 0.7;

export const siteOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};

/** The id of the article at a canonical URL (scheme, "www." and the fragment do not matter). */
export function idForUrl(url: string): string {
  let key = url;
  try {
    const u = new URL(url);
    key = `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/$/, '')}${u.search}`;
  } catch {
    // not a URL: hash as given
  }
  return `a_${hash(key).toString(36)}${hash(key, 0x9e3779b9).toString(36)}`;
}

export interface NewArticle {
  url: string;
  title: string;
  byline?: string;
  published?: string;
  paragraphs: readonly string[];
}

export function makeRecord(a: NewArticle, savedAt = Date.now()): ArchivedArticle {
  const paragraphs = a.paragraphs.map((p) => normalize(p)).filter(Boolean).slice(0, LIMITS.paragraphs);
  const site = siteOf(a.url);
  return {
    id: idForUrl(a.url),
    url: a.url,
    site,
    title: normalize(a.title).slice(0, LIMITS.title),
    byline: a.byline ? normalize(a.byline).slice(0, 300) : undefined,
    published: isoDate(a.published),
    paragraphs,
    savedAt,
    ...signature(paragraphs),
    outlets: [{ site, url: a.url }],
    outletUrls: [a.url],
  };
}

/** "2024-12-27T10:00:00Z", "2024-12-27" -> "2024-12-27"; anything else -> undefined. */
export function isoDate(value?: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 ? undefined : `${m[1]}-${m[2]}-${m[3]}`;
}

// ---- Files ----

const httpUrl = v.pipe(v.string(), v.maxLength(LIMITS.url), v.url('is not a URL'), v.regex(/^https?:\/\//i, 'is not an http(s) address'));
const title = v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(LIMITS.title, 'is too long'));
const date = v.optional(v.pipe(v.string(), v.check((s) => isoDate(s) !== undefined, 'is not a date (YYYY-MM-DD)')));

/** A record of our own export file. */
const ExportedArticle = v.object({
  url: httpUrl,
  title,
  byline: v.optional(v.pipe(v.string(), v.maxLength(300))),
  published: date,
  paragraphs: v.pipe(v.array(v.pipe(v.string(), v.maxLength(LIMITS.text))), v.minLength(1, 'has no text'), v.maxLength(LIMITS.paragraphs)),
  savedAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  outlets: v.optional(v.array(v.object({ site: v.pipe(v.string(), v.maxLength(253)), url: httpUrl })), []),
});

/** A record of coverage collected elsewhere: the plain format. */
const PlainArticle = v.object({
  title,
  url: httpUrl,
  date,
  text: v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(LIMITS.text, 'is too long')),
});

export const EXPORT_FORMAT = 'backstory-archive';

export class ArchiveError extends Error {
  constructor(
    readonly kind: 'invalid' | 'too-large' | 'quota' | 'storage',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const describeIssue = (issues: v.BaseIssue<unknown>[]) => {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path} ` : ''}${issue.message.replace(/^Invalid (?:type|key): /, 'expected ').replace(/^Invalid length: /, 'length ')}`;
};

/**
 * Parses an import file: our export ({format, version, articles}) or a plain JSON array of
 * {title, url, date, text}. All or nothing: the first invalid record is named with its problem.
 */
export function parseImport(text: string): ArchivedArticle[] {
  if (text.length > LIMITS.fileBytes) throw new ArchiveError('too-large', `The file is larger than ${LIMITS.fileBytes / 1024 / 1024} MB.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ArchiveError('invalid', `The file is not JSON (${e instanceof Error ? e.message : 'parse error'}).`);
  }
  const ours = !!data && typeof data === 'object' && !Array.isArray(data) && (data as { format?: unknown }).format === EXPORT_FORMAT;
  const records = ours ? (data as { articles?: unknown }).articles : data;
  if (!Array.isArray(records)) throw new ArchiveError('invalid', 'Expected a Backstory export or a JSON array of {title, url, date, text}.');
  if (records.length > LIMITS.records) throw new ArchiveError('too-large', `The file has ${records.length} records; at most ${LIMITS.records} at a time.`);
  const now = Date.now();
  return records.map((record, i) => {
    if (ours) {
      const r = v.safeParse(ExportedArticle, record);
      if (!r.success) throw new ArchiveError('invalid', `Record ${i + 1}: ${describeIssue(r.issues)}. Nothing was imported.`);
      const rec = makeRecord(r.output, r.output.savedAt ?? now);
      for (const o of r.output.outlets) if (!rec.outletUrls.includes(o.url)) (rec.outlets.push(o), rec.outletUrls.push(o.url));
      return rec;
    }
    const r = v.safeParse(PlainArticle, record);
    if (!r.success) throw new ArchiveError('invalid', `Record ${i + 1}: ${describeIssue(r.issues)}. Nothing was imported.`);
    const paragraphs = r.output.text.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).filter(Boolean);
    return makeRecord({ url: r.output.url, title: r.output.title, published: r.output.date, paragraphs }, now);
  });
}

/** Our export file: re-imports to the same archive. */
export function exportFile(records: readonly ArchivedArticle[]): string {
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    articles: records.map((r) => ({ url: r.url, title: r.title, byline: r.byline, published: r.published, paragraphs: r.paragraphs, savedAt: r.savedAt, outlets: r.outlets })),
  });
}
