/**
 * The personal archive's records: what is kept for an on-topic article the reader opened, its id, and
 * the limits of what is kept. Pure: no IndexedDB here (see ./store.ts); files in ./files.ts.
 */
import type { Findings } from '../match';
import { hash, normalize } from '../text';
import { isoDate } from '../text/dates';
import { siteOf } from '../text/urls';
import { signature } from './signature';

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
  /** MinHash signature of the text (./signature.ts): near-duplicates share bands of it (./duplicates.ts). */
  minhash: number[];
  /** Every address this story was read or imported at (syndicated copies on other sites). */
  outlets: { site: string; url: string }[];
  outletUrls: string[];
  /** The corpus pack it came with (src/archive/files.ts), if it did: listed and removed with the pack. */
  pack?: string;
  /**
   * What matching finds in the text (names, and where quotes stand), found when the record is written
   * (./matching-index.ts `withFindings`); absent in records kept before, whose text is read for them.
   */
  found?: Findings;
}

/** What went wrong with the archive, by kind, with a message for the reader. */
export class ArchiveError extends Error {
  constructor(
    readonly kind: 'invalid' | 'too-large' | 'quota' | 'storage' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/**
 * The most the archive keeps of one article, and of one file: a file read whole (JSON) up to `fileBytes`,
 * a pack of format 2 (read a line at a time) up to `packBytes`, and `records` records either way.
 */
export const ARCHIVE_LIMITS = {
  fileBytes: 60 * 1024 * 1024,
  packBytes: 400 * 1024 * 1024,
  records: 100_000,
  title: 1_000,
  url: 4_096,
  text: 400_000,
  paragraphs: 400,
} as const;

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
    .slice(0, ARCHIVE_LIMITS.paragraphs);
  const site = siteOf(a.url);
  return {
    id: idForUrl(a.url),
    url: a.url,
    site,
    title: normalize(a.title).slice(0, ARCHIVE_LIMITS.title),
    byline: a.byline ? normalize(a.byline).slice(0, 300) : undefined,
    published: isoDate(a.published),
    paragraphs,
    savedAt,
    ...signature(paragraphs),
    outlets: [{ site, url: a.url }],
    outletUrls: [a.url],
  };
}
