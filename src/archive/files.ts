/**
 * The archive's files: our export, and the import formats (our export, a corpus pack, or a plain JSON
 * array of {title, url, date, text}), validated with valibot before anything is written: all or nothing.
 * A pack (built by `npm run pack`, src/cli/pack.ts) is our export's records under a header that names
 * it, says when it was made and what went into it; its records are kept as the pack's, listed and
 * removed with it.
 */
import * as v from 'valibot';
import { isoDate } from '../text/dates';
import { runToEnd, type Steps } from '../text/steps';
import { ARCHIVE_LIMITS, ArchiveError, makeRecord, type ArchivedArticle } from './records';

const httpUrl = v.pipe(v.string(), v.maxLength(ARCHIVE_LIMITS.url), v.url('is not a URL'), v.regex(/^https?:\/\//i, 'is not an http(s) address'));
const title = v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(ARCHIVE_LIMITS.title, 'is too long'));
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
  paragraphs: v.pipe(v.array(v.pipe(v.string(), v.maxLength(ARCHIVE_LIMITS.text))), v.minLength(1, 'has no text'), v.maxLength(ARCHIVE_LIMITS.paragraphs)),
  savedAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  outlets: v.optional(v.array(v.object({ site: v.pipe(v.string(), v.maxLength(253)), url: httpUrl })), []),
});

/** A record of coverage collected elsewhere: the plain format. */
const PlainArticle = v.object({
  title,
  url: httpUrl,
  date,
  text: v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(ARCHIVE_LIMITS.text, 'is too long')),
});

export const EXPORT_FORMAT = 'backstory-archive';
export const PACK_FORMAT = 'backstory-pack';
/** The newest pack format this build reads; each later format says how to read an older one. */
export const PACK_VERSION = 1;

/** What went into a pack: files and items read, articles kept, and those left out (and why). */
export interface PackCounts {
  read: number;
  kept: number;
  offTopic: number;
  duplicates: number;
  errors: number;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const PackHeader = v.object({
  format: v.literal(PACK_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(80, 'is longer than 80 characters')),
  created: v.pipe(v.string(), v.isoTimestamp('is not a time (ISO 8601)')),
  counts: v.object({ read: count, kept: count, offTopic: count, duplicates: count, errors: count }),
  articles: v.array(v.unknown()),
});

const describeIssue = (issues: v.BaseIssue<unknown>[]) => {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path} ` : ''}${issue.message.replace(/^Invalid (?:type|key): /, 'expected ').replace(/^Invalid length: /, 'length ')}`;
};

/**
 * Parses an import file: our export ({format, version, articles}) or a plain JSON array of
 * {title, url, date, text}. All or nothing: the first invalid record is named with its problem.
 */
export const parseImport = (text: string): ArchivedArticle[] => runToEnd(parseImportSteps(text));

/** Records checked between two steps of {@link parseImportSteps}. */
const RECORDS_A_STEP = 100;

/**
 * {@link parseImport} in steps (a step every hundred records checked), telling `checked` how many of
 * how many it has checked: the worker runs it in slices, so it answers pages and the options' progress
 * questions while it checks a large file.
 */
export function* parseImportSteps(text: string, checked: (done: number, total: number) => void = () => undefined): Steps<ArchivedArticle[]> {
  if (text.length > ARCHIVE_LIMITS.fileBytes) throw new ArchiveError('too-large', `The file is larger than ${ARCHIVE_LIMITS.fileBytes / 1024 / 1024} MB.`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ArchiveError('invalid', `The file is not JSON (${e instanceof Error ? e.message : 'parse error'}).`);
  }
  const format = !!data && typeof data === 'object' && !Array.isArray(data) ? (data as { format?: unknown }).format : undefined;
  let pack: string | undefined;
  if (format === PACK_FORMAT) {
    const version = (data as { version?: unknown }).version;
    if (typeof version === 'number' && version > PACK_VERSION)
      throw new ArchiveError(
        'invalid',
        `The pack is of format version ${version}, made by a newer Backstory; this one reads versions up to ${PACK_VERSION}. Nothing was imported.`,
      );
    const header = v.safeParse(PackHeader, data);
    if (!header.success) throw new ArchiveError('invalid', `The pack's header: ${describeIssue(header.issues)}. Nothing was imported.`);
    pack = header.output.name;
  }
  const ours = format === EXPORT_FORMAT || pack !== undefined;
  const records = ours ? (data as { articles?: unknown }).articles : data;
  if (!Array.isArray(records)) throw new ArchiveError('invalid', 'Expected a Backstory export or a JSON array of {title, url, date, text}.');
  if (records.length > ARCHIVE_LIMITS.records) throw new ArchiveError('too-large', `The file has ${records.length} records; at most ${ARCHIVE_LIMITS.records} at a time.`);
  const now = Date.now();
  const out: ArchivedArticle[] = [];
  for (const [i, record] of records.entries()) {
    if (i % RECORDS_A_STEP === 0) {
      checked(i, records.length);
      yield;
    }
    out.push(checkRecord(record, i, ours, pack, now));
  }
  checked(records.length, records.length);
  return out;
}

/** One record of an import file, checked and made a record (or the error naming it). */
function checkRecord(record: unknown, i: number, ours: boolean, pack: string | undefined, now: number): ArchivedArticle {
  if (ours) {
    const r = v.safeParse(ExportedArticle, record);
    if (!r.success) throw new ArchiveError('invalid', `Record ${i + 1}: ${describeIssue(r.issues)}. Nothing was imported.`);
    const rec = makeRecord(r.output, r.output.savedAt ?? now);
    if (pack !== undefined) rec.pack = pack;
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
}

/** A record as our files carry it. */
const fileRecord = (r: ArchivedArticle) => ({
  url: r.url,
  title: r.title,
  byline: r.byline,
  published: r.published,
  paragraphs: r.paragraphs,
  savedAt: r.savedAt,
  outlets: r.outlets,
});

/** Our export file: re-imports to the same archive. */
export function exportFile(records: readonly ArchivedArticle[]): string {
  return JSON.stringify({
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    articles: records.map(fileRecord),
  });
}

/** A pack file of these records, under its name, with what went into it. */
export function packFile(name: string, records: readonly ArchivedArticle[], counts: PackCounts, created = new Date()): string {
  return JSON.stringify({ format: PACK_FORMAT, version: PACK_VERSION, name, created: created.toISOString(), counts, articles: records.map(fileRecord) });
}
