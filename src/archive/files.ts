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
/**
 * The newest pack format this build reads; each later format says how to read an older one.
 * 1: one JSON object, its records in `articles`. 2: JSON Lines, a header line (`articles` is then the
 * number of records) and a record a line, so a pack of 100 k articles is read a part at a time, never
 * held as one string; a pack cut short is told by the count.
 */
export const PACK_VERSION = 2;

/** What went into a pack: files and items read, articles kept, and those left out (and why). */
export interface PackCounts {
  read: number;
  kept: number;
  offTopic: number;
  duplicates: number;
  errors: number;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const headerFields = {
  format: v.literal(PACK_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(80, 'is longer than 80 characters')),
  created: v.pipe(v.string(), v.isoTimestamp('is not a time (ISO 8601)')),
  counts: v.object({ read: count, kept: count, offTopic: count, duplicates: count, errors: count }),
};
const PackHeader = v.object({ ...headerFields, articles: v.array(v.unknown()) });
const PackLinesHeader = v.object({ ...headerFields, articles: v.pipe(count, v.maxValue(ARCHIVE_LIMITS.records, `is more than ${ARCHIVE_LIMITS.records}`)) });

const describeIssue = (issues: v.BaseIssue<unknown>[]) => {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path} ` : ''}${issue.message.replace(/^Invalid (?:type|key): /, 'expected ').replace(/^Invalid length: /, 'length ')}`;
};

const megabytes = (n: number) => `${n / 1024 / 1024} MB`;
const tooNew = (version: number) =>
  new ArchiveError('invalid', `The pack is of format version ${version}, made by a newer Backstory; this one reads versions up to ${PACK_VERSION}. Nothing was imported.`);

/**
 * Parses an import file: our export ({format, version, articles}), a pack (either format), or a plain
 * JSON array of {title, url, date, text}. All or nothing: the first invalid record is named with its problem.
 */
export const parseImport = (text: string): ArchivedArticle[] => runToEnd(parseImportSteps(text));

/** Records checked between two steps. */
const RECORDS_A_STEP = 100;
/** A pack's header line is short; a first line longer than this is not one (a format 1 file is one line). */
const HEADER_LINE_MAX = 64 * 1024;

/**
 * {@link parseImport} in steps (a step every hundred records checked), telling `checked` how many of
 * how many it has checked: the worker runs it in slices, so it answers pages and the options' progress
 * questions while it checks a large file.
 */
export function* parseImportSteps(text: string, checked: (done: number, total: number) => void = () => undefined): Steps<ArchivedArticle[]> {
  const reader = new ImportReader(checked);
  yield* reader.add(text);
  return yield* reader.finish();
}

/**
 * An import file read a part at a time, as the options page sends it. A pack of format 2 is checked a
 * line at a time as its parts come (the parts are let go); any other file is kept until its end and
 * parsed whole, within {@link ARCHIVE_LIMITS.fileBytes}. Nothing is written here: {@link finish} gives
 * every record, or throws the first problem.
 */
export class ImportReader {
  private mode: 'undecided' | 'lines' | 'whole' = 'undecided';
  /** Whole: the parts so far. Undecided: the start of the file. Lines: the line not yet ended. */
  private parts: string[] = [];
  private pending = '';
  private size = 0;
  private line = 0;
  private header?: { name: string; articles: number };
  private readonly records: ArchivedArticle[] = [];

  constructor(
    private readonly checked: (done: number, total: number) => void = () => undefined,
    private readonly now = Date.now(),
  ) {}

  /** Takes the next part of the file (a part may end anywhere, in a line or a record). */
  *add(text: string): Steps<void> {
    this.size += text.length;
    if (this.size > ARCHIVE_LIMITS.packBytes) throw new ArchiveError('too-large', `The file is larger than ${megabytes(ARCHIVE_LIMITS.packBytes)}.`);
    if (this.mode === 'undecided') {
      this.pending += text;
      const end = this.pending.indexOf('\n');
      if (end < 0 && this.pending.length < HEADER_LINE_MAX) return;
      text = this.pending;
      this.pending = '';
      this.mode = this.decide(end < 0 ? undefined : text.slice(0, end));
      if (this.mode === 'lines') text = text.slice(end + 1);
    }
    if (this.mode === 'whole') {
      if (this.size > ARCHIVE_LIMITS.fileBytes)
        throw new ArchiveError('too-large', `The file is larger than ${megabytes(ARCHIVE_LIMITS.fileBytes)} (only a pack of format 2 may be larger).`);
      this.parts.push(text);
      return;
    }
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop()!;
    for (const line of lines) {
      this.readLine(line);
      if (this.records.length % RECORDS_A_STEP === 0) yield;
    }
  }

  /** The file has ended: every record, checked, or the first problem. */
  *finish(): Steps<ArchivedArticle[]> {
    if (this.mode === 'undecided') {
      // A file of one short line (no newline): read whole.
      this.mode = this.decide(undefined);
      this.parts = [this.pending];
    }
    if (this.mode === 'whole') return yield* parseWhole(this.parts.join(''), this.checked, this.now);
    if (this.pending) this.readLine(this.pending);
    this.pending = '';
    const { articles } = this.header!;
    if (this.records.length < articles)
      throw new ArchiveError('invalid', `The pack is cut short: its header lists ${articles} articles and the file holds ${this.records.length}. Nothing was imported.`);
    this.checked(articles, articles);
    return this.records;
  }

  /** From the file's first line: a pack of format 2 is read a line at a time, anything else whole. */
  private decide(first: string | undefined): 'lines' | 'whole' {
    let head: unknown;
    try {
      head = first === undefined ? undefined : JSON.parse(first);
    } catch {
      // not a header line: the file is read whole (and its own parse says what is wrong)
    }
    const format = head && typeof head === 'object' && !Array.isArray(head) ? (head as { format?: unknown; version?: unknown }) : undefined;
    if (format?.format !== PACK_FORMAT || typeof format.version !== 'number' || format.version < 2) return 'whole';
    if (format.version > PACK_VERSION) throw tooNew(format.version);
    const header = v.safeParse(PackLinesHeader, head);
    if (!header.success) throw new ArchiveError('invalid', `The pack's header: ${describeIssue(header.issues)}. Nothing was imported.`);
    this.header = { name: header.output.name, articles: header.output.articles };
    this.line = 1;
    return 'lines';
  }

  private readLine(text: string): void {
    this.line++;
    if (!text.trim()) return;
    const { name, articles } = this.header!;
    if (this.records.length >= articles)
      throw new ArchiveError('invalid', `The pack holds more records than its header lists (${articles}), from line ${this.line}. Nothing was imported.`);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      throw new ArchiveError('invalid', `Line ${this.line} is not JSON (${e instanceof Error ? e.message : 'parse error'}). Nothing was imported.`);
    }
    this.records.push(checkRecord(record, this.records.length, true, name, this.now));
    if (this.records.length % RECORDS_A_STEP === 0) this.checked(this.records.length, articles);
  }
}

/** A file of one JSON value: our export, a pack of format 1, or a plain array. */
function* parseWhole(text: string, checked: (done: number, total: number) => void, now: number): Steps<ArchivedArticle[]> {
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
    if (typeof version === 'number' && version > PACK_VERSION) throw tooNew(version);
    const header = v.safeParse(PackHeader, data);
    if (!header.success) throw new ArchiveError('invalid', `The pack's header: ${describeIssue(header.issues)}. Nothing was imported.`);
    pack = header.output.name;
  }
  const ours = format === EXPORT_FORMAT || pack !== undefined;
  const records = ours ? (data as { articles?: unknown }).articles : data;
  if (!Array.isArray(records)) throw new ArchiveError('invalid', 'Expected a Backstory export or a JSON array of {title, url, date, text}.');
  if (records.length > ARCHIVE_LIMITS.records) throw new ArchiveError('too-large', `The file has ${records.length} records; at most ${ARCHIVE_LIMITS.records} at a time.`);
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

/** A pack file of these records (format 2), under its name, with what went into it: its lines, each ending in a newline. */
export function* packLines(name: string, records: readonly ArchivedArticle[], counts: PackCounts, created = new Date()): Generator<string> {
  yield `${JSON.stringify({ format: PACK_FORMAT, version: PACK_VERSION, name, created: created.toISOString(), counts, articles: records.length })}\n`;
  for (const r of records) yield `${JSON.stringify(fileRecord(r))}\n`;
}

/** {@link packLines} as one string (a small pack). */
export const packFile = (name: string, records: readonly ArchivedArticle[], counts: PackCounts, created = new Date()): string =>
  [...packLines(name, records, counts, created)].join('');
