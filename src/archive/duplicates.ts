/**
 * Finding an archived record again: the same record (by id or any of its addresses) and a near-duplicate
 * (a syndicated copy: by shared signature bands, then the signature), in memory, from keys kept in a few
 * hundred buckets; with each record's head (what the archive's list shows of it), so that listing the
 * archive reads no record. Pure: the store (./store.ts) reads and writes the buckets.
 */
import { hash } from '../text';
import { runToEnd, type Steps } from '../text/steps';
import type { ArchiveListItem } from '../messaging/protocol';
import type { ArchivedArticle } from './records';
import { BAND_SIZE, mix, SAME_TEXT, SEEDS, similarity } from './signature';

/** What the archive's list shows of a record (the options page): its title, site, address and dates, its pack. */
export type RecordHead = Omit<ArchiveListItem, 'id'>;

/** What finding a record's duplicates needs of it (its signature and its addresses), and its head. */
export interface DedupeKeys {
  id: string;
  minhash: ArrayLike<number>;
  urls: string[];
  /** Absent only in keys kept before heads were (never after the upgrade that makes them). */
  head?: RecordHead;
}

export const dedupeKeys = (r: ArchivedArticle): DedupeKeys => ({ id: r.id, minhash: r.minhash, urls: r.outletUrls, head: headOf(r) });

/** A record's head, as the archive's list shows it. */
export const headOf = (r: ArchivedArticle): RecordHead => ({
  title: r.title,
  site: r.site,
  url: r.url,
  savedAt: r.savedAt,
  ...(r.published ? { published: r.published } : {}),
  ...(r.pack ? { pack: r.pack } : {}),
});

/** A head as stored: [title, site, url, savedAt, published, pack] (null where there is none). */
type StoredRecordHead = [string, string, string, number, string | null, string | null];
const storedHead = (h: RecordHead): StoredRecordHead => [h.title, h.site, h.url, h.savedAt, h.published ?? null, h.pack ?? null];
function readHead(h: unknown): RecordHead | undefined {
  if (!Array.isArray(h)) return undefined;
  const [title, site, url, savedAt, published, pack] = h as StoredRecordHead;
  if (typeof title !== 'string' || typeof site !== 'string' || typeof url !== 'string' || typeof savedAt !== 'number') return undefined;
  return { title, site, url, savedAt, ...(typeof published === 'string' ? { published } : {}), ...(typeof pack === 'string' ? { pack } : {}) };
}

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
  /** JSON of the ids' heads (see {@link StoredRecordHead}); absent in buckets kept before archive version 5. */
  heads?: string;
}

/**
 * A save rewrites its record's bucket. 64 buckets made each a tenth of a megabyte at 100 k articles
 * (with heads, twice that); 256 keep one under 60 kB there, and all of them are still read in one request.
 */
export const KEY_BUCKETS = 256;
const SIGNATURE = SEEDS.length;
const bucketOf = (id: string) => hash(id) % KEY_BUCKETS;

/** How many records sharing bands with a new one are compared with it. */
const NEAR_CANDIDATES = 16;

/**
 * Band k of a signature as a small integer (two texts sharing a band share this; a rare clash only adds a
 * candidate): 30 bits, which the engine keeps as a small integer, where a larger number is a heap object
 * (a slower map key).
 */
const bandKey = (minhash: ArrayLike<number>, k: number) => mix(Math.imul(minhash[k * BAND_SIZE]!, 0x9e3779b1) ^ minhash[k * BAND_SIZE + 1]!) >>> 2;

/**
 * Every archived record's dedupe keys in memory, as of one archive stamp: the same record (by id or any
 * of its addresses) and its near-duplicates (by shared bands, then signature) are found without a
 * database query. Changes are noted by bucket, for writing back. Records are numbered (slots) so that
 * counting shared bands is an array's work: in a story followed closely, a band can be shared by
 * hundreds of records, and counting them by id in a Map was most of a 10 k import's time.
 */
export class DuplicateIndex {
  private readonly slots = new Map<string, number>();
  /** By slot: the keys (undefined when the slot is free). */
  private readonly bySlot: (DedupeKeys | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly urls = new Map<string, string>();
  /** Per band: its value -> the slot (or slots) having it. */
  private readonly banded = Array.from({ length: SIGNATURE / BAND_SIZE }, () => new Map<number, number | number[]>());
  private readonly members = new Map<number, Set<string>>();
  private readonly dirty = new Set<number>();
  /** Scratch for nearDuplicate(): shared bands by slot (all zero between calls). */
  private counts = new Uint8Array(64);

  constructor(
    public stamp: number,
    keys: Iterable<DedupeKeys> = [],
  ) {
    for (const k of keys) this.add(k);
    this.dirty.clear();
  }

  static fromBuckets(stamp: number, buckets: readonly KeysBucket[]): DuplicateIndex {
    return runToEnd(DuplicateIndex.fromBucketSteps(stamp, buckets));
  }

  /** {@link fromBuckets} as sliced work (../text/steps.ts), a bucket a step: at 100 k articles, some 300 ms in all. */
  static *fromBucketSteps(stamp: number, buckets: readonly KeysBucket[]): Steps<DuplicateIndex> {
    const index = new DuplicateIndex(stamp);
    for (const b of buckets) {
      yield;
      if (!b.ids) continue;
      const urls = JSON.parse(b.urls) as string[][];
      const heads = b.heads ? (JSON.parse(b.heads) as unknown[]) : [];
      b.ids.split('\n').forEach((id, i) => index.add({ id, minhash: b.minhash.subarray(i * SIGNATURE, (i + 1) * SIGNATURE), urls: urls[i] ?? [], head: readHead(heads[i]) }));
    }
    index.dirty.clear();
    return index;
  }

  /** The buckets changed since the last call, as they are to be stored (an empty one: to be deleted). */
  *takeChanged(): Generator<[bucket: number, keys: KeysBucket | undefined]> {
    // A bucket at a time (each taken as it is made): an import's caller gives other work a turn between.
    for (const b of [...this.dirty]) {
      this.dirty.delete(b);
      const ids = [...(this.members.get(b) ?? [])];
      if (!ids.length) {
        yield [b, undefined];
        continue;
      }
      const keys = ids.map((id) => this.keysOf(id)!);
      const minhash = new Uint32Array(ids.length * SIGNATURE);
      keys.forEach((k, i) => minhash.set(k.minhash, i * SIGNATURE));
      const heads = keys.every((k) => k.head) ? { heads: JSON.stringify(keys.map((k) => storedHead(k.head!))) } : {};
      yield [b, { ids: ids.join('\n'), minhash, urls: JSON.stringify(keys.map((k) => k.urls)), ...heads }];
    }
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

  /** Addresses a kept record was also read at (a copy merged into it): its place among the bands stays. */
  addUrls(id: string, urls: readonly string[]): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const k = this.bySlot[slot]!;
    const more = urls.filter((u) => !k.urls.includes(u));
    if (!more.length) return;
    this.bySlot[slot] = { ...k, urls: [...k.urls, ...more] };
    for (const u of more) this.urls.set(u, id);
    this.dirty.add(bucketOf(id));
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

  /** Every record's id and head, in no order; undefined if one was kept without its head. */
  heads(): (RecordHead & { id: string })[] | undefined {
    const out: (RecordHead & { id: string })[] = [];
    for (const k of this.bySlot) {
      if (!k) continue;
      if (!k.head) return undefined;
      out.push({ id: k.id, ...k.head });
    }
    return out;
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
  sameRecord(r: { id: string; url: string }): string | undefined {
    return this.slots.has(r.id) ? r.id : this.urls.get(r.url);
  }

  /**
   * A kept record with near-identical text: of those sharing the most bands (the first met first among
   * equals), the first similar enough.
   */
  nearDuplicate(r: { minhash: ArrayLike<number> }): string | undefined {
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
      if (group.length < NEAR_CANDIDATES) group.push(slot);
    }
    const candidates = byCount.reverse().flat().slice(0, NEAR_CANDIDATES);
    for (const slot of met) counts[slot] = 0;
    const found = candidates.find((slot) => similarity(this.bySlot[slot]!.minhash, r.minhash) >= SAME_TEXT);
    return found === undefined ? undefined : this.bySlot[found]!.id;
  }
}
