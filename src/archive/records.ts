/**
 * The personal archive's records and files: what is kept for an on-topic article the reader opened,
 * the near-duplicate key (MinHash bands over word shingles, so syndicated copies with another dateline
 * or a trimmed paragraph still meet), and the import formats, validated with valibot before anything
 * is written. Pure: no IndexedDB here (see ./store.ts).
 */
import * as v from 'valibot';
import { normalize, stopwords } from '../text';

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

/** Whether a character separates words: white space and punctuation (ASCII, Latin-1, general and CJK punctuation). */
export function isSeparator(c: number): boolean {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0d) || (c >= 0x20 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  return (c >= 0xa0 && c <= 0xbf) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || (c >= 0x2010 && c <= 0x205f) || (c >= 0x3000 && c <= 0x303f) || c === 0xfeff;
}

/** FNV-1a's start and prime, as {@link hash} uses them. */
const FNV_START = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** The function words' hashes: a word is looked up by its hash, never cut out of the text. */
let stopHashes: Set<number> | undefined;

/**
 * The hashes ({@link hash}) of the text's words of two characters or more that are not function words,
 * in order; words are the runs between separators. One pass over the char codes, hashing as it goes: no
 * word is cut out as a string (on a 10 k import, making those strings was most of the signatures' time).
 */
export function contentWordHashes(lowered: string): number[] {
  stopHashes ??= new Set([...stopwords()].map((w) => hash(w)));
  const out: number[] = [];
  // Kept as a signed 32-bit integer while hashing (the engine's fast path), unsigned once per word.
  let h = FNV_START | 0;
  let length = 0;
  for (let i = 0; i <= lowered.length; i++) {
    const c = i < lowered.length ? lowered.charCodeAt(i) : 0x20;
    if (isSeparator(c)) {
      if (length > 1) {
        const word = h >>> 0;
        if (!stopHashes.has(word)) out.push(word);
      }
      h = FNV_START | 0;
      length = 0;
    } else {
      h = Math.imul(h ^ c, FNV_PRIME);
      length++;
    }
  }
  return out;
}

/**
 * MinHash over 3-word shingles of the text's content words (lower-cased, no function words), and its
 * bands (shingles of function words would make unrelated texts meet on "of the").
 * Each shingle is hashed once; the 16 hash functions are that hash mixed with 16 seeds.
 */
export function signature(paragraphs: readonly string[]): { minhash: number[]; bands: string[] } {
  const words = contentWordHashes(paragraphs.join(' ').toLowerCase());
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  const take = (shingle: number) => {
    for (let s = 0; s < SEEDS.length; s++) {
      const v = mix(shingle ^ SEEDS[s]!);
      if (v < mins[s]!) mins[s] = v;
    }
  };
  // A shingle met twice changes no minimum: no set of them is needed.
  for (let i = 0; i + 3 <= words.length; i++) take(mix(Math.imul(words[i]!, 0x9e3779b1) ^ Math.imul(words[i + 1]!, 0x85ebca6b) ^ words[i + 2]!));
  if (words.length > 0 && words.length < 3) take(mix(words.reduce((a, w) => Math.imul(a, 31) ^ w, 0)));
  const minhash = Array.from(mins);
  return { minhash, bands: bandsOf(minhash) };
}

/** A signature's bands: texts sharing one are compared (a near-duplicate shares about half of them). */
export function bandsOf(minhash: readonly number[]): string[] {
  const bands: string[] = [];
  for (let b = 0; b < minhash.length; b += BAND_SIZE) bands.push(`${b}:${minhash.slice(b, b + BAND_SIZE).join('.')}`);
  return bands;
}

/** Estimated Jaccard similarity of two texts from their signatures. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / Math.max(1, a.length);
}
/** Above this the two texts are one story (a syndicated copy), not two. */
export const SAME_TEXT = 0.7;

/** What finding a record's duplicates needs of it: its signature and its addresses. */
export interface DedupeKeys {
  id: string;
  minhash: ArrayLike<number>;
  urls: string[];
}

export const dedupeKeys = (r: ArchivedArticle): DedupeKeys => ({ id: r.id, minhash: r.minhash, urls: r.outletUrls });

/**
 * The dedupe keys of the records whose id falls in one bucket, as stored: a few dozen buckets hold an
 * archive's keys, so they are read at once (thousands of small records would take far longer) and a
 * save rewrites one of them.
 */
export interface KeysBucket {
  /** Newline-joined ids. */
  ids: string;
  /** The ids' signatures, one after the other. */
  minhash: Uint32Array;
  /** JSON of the ids' addresses (string[][]). */
  urls: string;
}

export const KEY_BUCKETS = 64;
const SIGNATURE = SEEDS.length;
const bucketOf = (id: string) => hash(id) % KEY_BUCKETS;

/** How many records sharing bands with a new one are compared with it. */
const TWIN_CANDIDATES = 16;

/** Band k of a signature as a small integer (two texts sharing a band share this; a rare clash only adds a candidate). */
const bandKey = (minhash: ArrayLike<number>, k: number) => mix(Math.imul(minhash[k * BAND_SIZE]!, 0x9e3779b1) ^ minhash[k * BAND_SIZE + 1]!) >>> 1;

/**
 * Every archived record's dedupe keys in memory, as of one archive stamp: the same record (by id or any
 * of its addresses) and its near-duplicates (by shared bands, then signature) are found without a
 * database query. Changes are noted by bucket, for writing back. Records are numbered (slots) so that
 * counting shared bands is an array's work: in a story followed closely, a band can be shared by
 * hundreds of records, and counting them by id in a Map was most of a 10 k import's time.
 */
export class Twins {
  private readonly slots = new Map<string, number>();
  /** By slot: the keys (undefined when the slot is free). */
  private readonly bySlot: (DedupeKeys | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly urls = new Map<string, string>();
  /** Per band: its value -> the slot (or slots) having it. */
  private readonly banded = Array.from({ length: SIGNATURE / BAND_SIZE }, () => new Map<number, number | number[]>());
  private readonly members = new Map<number, Set<string>>();
  private readonly dirty = new Set<number>();
  /** Scratch for twin(): shared bands by slot (all zero between calls). */
  private counts = new Uint8Array(64);

  constructor(
    public stamp: number,
    keys: Iterable<DedupeKeys> = [],
  ) {
    for (const k of keys) this.add(k);
    this.dirty.clear();
  }

  static fromBuckets(stamp: number, buckets: readonly KeysBucket[]): Twins {
    const twins = new Twins(stamp);
    for (const b of buckets) {
      if (!b.ids) continue;
      const urls = JSON.parse(b.urls) as string[][];
      b.ids.split('\n').forEach((id, i) => twins.add({ id, minhash: b.minhash.subarray(i * SIGNATURE, (i + 1) * SIGNATURE), urls: urls[i] ?? [] }));
    }
    twins.dirty.clear();
    return twins;
  }

  /** The buckets changed since the last call, as they are to be stored (an empty one: to be deleted). */
  takeChanged(): [bucket: number, keys: KeysBucket | undefined][] {
    const out = [...this.dirty].map((b): [number, KeysBucket | undefined] => {
      const ids = [...(this.members.get(b) ?? [])];
      if (!ids.length) return [b, undefined];
      const minhash = new Uint32Array(ids.length * SIGNATURE);
      ids.forEach((id, i) => minhash.set(this.keysOf(id)!.minhash, i * SIGNATURE));
      return [b, { ids: ids.join('\n'), minhash, urls: JSON.stringify(ids.map((id) => this.keysOf(id)!.urls)) }];
    });
    this.dirty.clear();
    return out;
  }

  add(k: DedupeKeys): void {
    if (this.slots.has(k.id)) this.remove(k.id);
    const slot = this.free.pop() ?? this.bySlot.length;
    this.slots.set(k.id, slot);
    this.bySlot[slot] = k;
    const b = bucketOf(k.id);
    const members = this.members.get(b);
    if (members) members.add(k.id);
    else this.members.set(b, new Set([k.id]));
    this.dirty.add(b);
    for (const u of k.urls) this.urls.set(u, k.id);
    this.banded.forEach((band, i) => {
      const key = bandKey(k.minhash, i);
      const had = band.get(key);
      if (had === undefined) band.set(key, slot);
      else if (typeof had === 'number') band.set(key, [had, slot]);
      else had.push(slot);
    });
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const k = this.bySlot[slot]!;
    this.slots.delete(id);
    this.bySlot[slot] = undefined;
    this.free.push(slot);
    this.members.get(bucketOf(id))?.delete(id);
    this.dirty.add(bucketOf(id));
    for (const u of k.urls) if (this.urls.get(u) === id) this.urls.delete(u);
    this.banded.forEach((band, i) => {
      const key = bandKey(k.minhash, i);
      const had = band.get(key);
      const left = typeof had === 'number' || had === undefined ? [] : had.filter((x) => x !== slot);
      if (left.length === 0) band.delete(key);
      else band.set(key, left.length === 1 ? left[0]! : left);
    });
  }

  keysOf(id: string): DedupeKeys | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.bySlot[slot];
  }

  clear(): void {
    for (const b of this.members.keys()) this.dirty.add(b);
    this.members.clear();
    this.slots.clear();
    this.bySlot.length = 0;
    this.free.length = 0;
    this.urls.clear();
    for (const band of this.banded) band.clear();
  }

  /** The record kept under this id or read at this address. */
  same(r: { id: string; url: string }): string | undefined {
    return this.slots.has(r.id) ? r.id : this.urls.get(r.url);
  }

  /**
   * A kept record with near-identical text: of those sharing the most bands (the first met first among
   * equals), the first similar enough.
   */
  twin(r: { minhash: ArrayLike<number> }): string | undefined {
    if (this.counts.length < this.bySlot.length) this.counts = new Uint8Array(this.bySlot.length * 2);
    const counts = this.counts;
    const met: number[] = [];
    for (let i = 0; i < this.banded.length; i++) {
      const had = this.banded[i]!.get(bandKey(r.minhash, i));
      for (const slot of typeof had === 'number' ? [had] : (had ?? [])) if (counts[slot]!++ === 0) met.push(slot);
    }
    // The candidates, most shared bands first: grouped by count in one pass (at most one group per band).
    const byCount: number[][] = Array.from({ length: this.banded.length + 1 }, () => []);
    for (const slot of met) {
      const group = byCount[counts[slot]!]!;
      if (group.length < TWIN_CANDIDATES) group.push(slot);
    }
    const candidates = byCount.reverse().flat().slice(0, TWIN_CANDIDATES);
    for (const slot of met) counts[slot] = 0;
    const found = candidates.find((slot) => similarity(this.bySlot[slot]!.minhash, r.minhash) >= SAME_TEXT);
    return found === undefined ? undefined : this.bySlot[found]!.id;
  }
}

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
  const paragraphs = a.paragraphs
    .map((p) => normalize(p))
    .filter(Boolean)
    .slice(0, LIMITS.paragraphs);
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
const date = v.optional(
  v.pipe(
    v.string(),
    v.check((s) => isoDate(s) !== undefined, 'is not a date (YYYY-MM-DD)'),
  ),
);

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
      for (const o of r.output.outlets) {
        if (rec.outletUrls.includes(o.url)) continue;
        rec.outlets.push(o);
        rec.outletUrls.push(o.url);
      }
      return rec;
    }
    const r = v.safeParse(PlainArticle, record);
    if (!r.success) throw new ArchiveError('invalid', `Record ${i + 1}: ${describeIssue(r.issues)}. Nothing was imported.`);
    const paragraphs = r.output.text
      .split(/\n\s*\n|\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
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
