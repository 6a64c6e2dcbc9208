/**
 * `npm run pack -- FILE... -o NAME.backstory.json [--name NAME]`: builds a corpus pack from local files
 * only (nothing is fetched): saved HTML pages, read by the extension's own extractor, detector and dating
 * (pages off the topic are left out and counted); RSS and Atom feeds (each item's title, link, date and
 * the full text where the feed carries it); and Backstory's own export or another pack. A directory
 * stands for the files in it. The pack is the archive's record format under a header (./../archive/files.ts),
 * checked by the same validation the options page's import runs before it is written.
 */
import { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DuplicateIndex, dedupeKeys } from '../archive/duplicates';
import { ImportReader, packLines, parseImport, type PackCounts } from '../archive/files';
import { ARCHIVE_LIMITS, makeRecord, type ArchivedArticle } from '../archive/records';
import { detectTopic } from '../detect';
import { extractArticle, type Article } from '../extract';
import { readabilityParagraphs } from '../extract/readability';
import { isoDate } from '../text/dates';
import { runToEnd } from '../text/steps';
import { webAddress } from '../text/urls';
import { documentFromHtml } from './analyze';

/** The largest page or feed read: a bigger one is reported as an error and skipped (a pack or export may be as large as the archive takes one). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface PackInput {
  file: string;
  text: string;
}

export interface PackProblem {
  file: string;
  error: string;
}

export interface PackResult {
  records: ArchivedArticle[];
  counts: PackCounts;
  problems: PackProblem[];
}

/** Text of a fragment of HTML (a feed item's description or content), one paragraph a block. */
function paragraphsOfHtml(html: string): string[] {
  const doc = documentFromHtml(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = [...doc.querySelectorAll('p, li, blockquote, h2, h3')].map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (blocks.length) return blocks;
  return (doc.body?.textContent ?? '')
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** A feed's value as text: a plain string, or the text of an element that has attributes. */
const textOf = (value: unknown): string => {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object') return textOf((value as Record<string, unknown>)['#text'] ?? '');
  return '';
};

/** An Atom entry's address: its alternate link (or the first). */
const atomLink = (links: unknown): string => {
  const list = (Array.isArray(links) ? links : [links]) as Record<string, unknown>[];
  const alternate = list.find((l) => l && typeof l === 'object' && (!l['@_rel'] || l['@_rel'] === 'alternate')) ?? list[0];
  return alternate && typeof alternate === 'object' ? String(alternate['@_href'] ?? '') : textOf(alternate);
};

export interface FeedItem {
  title: string;
  url: string;
  published?: string;
  paragraphs: string[];
}

/**
 * The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed. fast-xml-parser: well kept, no dependencies of
 * weight, and it runs in the browser as in Node; entities are decoded, no DTD is read.
 */
export function feedItems(xml: string): FeedItem[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => ['item', 'entry', 'link'].includes(name),
  });
  // A feed's shape is whatever its publisher made it: read field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data = parser.parse(xml) as Record<string, any>;
  const rss = data['rss']?.['channel'] ?? data['rdf:RDF'] ?? data['RDF'];
  if (rss) {
    const items = (rss['item'] ?? data['rdf:RDF']?.['item'] ?? []) as Record<string, unknown>[];
    return items.map((item) => ({
      title: textOf(item['title']).trim(),
      url: textOf(item['link']).trim() || textOf(item['guid']).trim(),
      published: isoDate(textOf(item['pubDate'] ?? item['dc:date'])) ?? dateOfRfc822(textOf(item['pubDate'])),
      paragraphs: paragraphsOfHtml(textOf(item['content:encoded'] ?? item['description'])),
    }));
  }
  const feed = data['feed'];
  if (feed) {
    return ((feed['entry'] ?? []) as Record<string, unknown>[]).map((entry) => ({
      title: textOf(entry['title']).trim(),
      url: atomLink(entry['link']).trim(),
      published: isoDate(textOf(entry['published'] ?? entry['updated'])),
      paragraphs: paragraphsOfHtml(textOf(entry['content'] ?? entry['summary'])),
    }));
  }
  throw new Error('not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed>)');
}

/** An RSS date ("Tue, 04 Jul 2017 10:00:00 GMT") as an ISO day, if it is one. */
function dateOfRfc822(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/** What a file is, by its name and, where the name does not say, its first characters. */
function kindOf(input: PackInput): 'html' | 'feed' | 'json' {
  const ext = extname(input.file).toLowerCase();
  if (['.json'].includes(ext)) return 'json';
  if (['.xml', '.rss', '.atom'].includes(ext)) return 'feed';
  if (['.html', '.htm', '.xhtml'].includes(ext)) return 'html';
  const head = input.text.slice(0, 500).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return /^<\?xml|^<(rss|feed|rdf:RDF)\b/i.test(head) ? 'feed' : 'html';
}

/** An on-topic article as a pack record; off topic: null. */
function keep(article: Article, url: string | undefined): ArchivedArticle | null | string {
  if (!detectTopic(article).onTopic) return null;
  const address = webAddress(url);
  if (!address) return 'no web address (the page names none in a canonical link or og:url)';
  if (!article.paragraphs.length) return 'no text';
  return makeRecord({ url: address, title: article.title || address, byline: article.byline, published: article.published, paragraphs: article.paragraphs });
}

/**
 * Builds a pack's records from the files given (pure but for the callback: the CLI below reads and
 * writes the files). Each file or feed item counts as read; duplicates are found as the archive finds
 * them (the same address, or near-identical text).
 */
export function buildPack(inputs: Iterable<PackInput>, progress: (done: number, file: string) => void = () => undefined): PackResult {
  const counts: PackCounts = { read: 0, kept: 0, offTopic: 0, duplicates: 0, errors: 0 };
  const problems: PackProblem[] = [];
  const records: ArchivedArticle[] = [];
  const seen = new DuplicateIndex(0);
  const add = (record: ArchivedArticle) => {
    if (seen.sameRecord(record) ?? seen.nearDuplicate(record)) {
      counts.duplicates++;
      return;
    }
    seen.add(dedupeKeys(record));
    records.push(record);
    counts.kept++;
  };
  const fail = (file: string, error: string) => {
    counts.errors++;
    problems.push({ file, error });
  };
  let done = 0;
  for (const input of inputs) {
    const readBefore = counts.read;
    try {
      const kind = kindOf(input);
      if (kind === 'json') {
        const imported = parseImport(input.text);
        counts.read += imported.length;
        imported.forEach(add);
      } else if (kind === 'feed') {
        for (const item of feedItems(input.text)) {
          counts.read++;
          const article: Article = {
            title: item.title,
            paragraphs: item.paragraphs,
            published: item.published,
            url: item.url,
            isArticle: true,
            pageKind: 'feed item',
            bodySource: 'none',
          };
          const kept = keep(article, item.url);
          if (kept === null) counts.offTopic++;
          else if (typeof kept === 'string') fail(`${input.file}: ${item.title || item.url || 'an item'}`, kept);
          else add(kept);
        }
      } else {
        counts.read++;
        const article = extractArticle(documentFromHtml(input.text), `file://${resolve(input.file)}`, readabilityParagraphs);
        const kept = keep(article, article.url);
        if (kept === null) counts.offTopic++;
        else if (typeof kept === 'string') fail(input.file, kept);
        else add(kept);
      }
    } catch (error) {
      // A file that could not be read at all counts as one read, and one error.
      if (counts.read === readBefore) counts.read++;
      fail(input.file, error instanceof Error ? error.message : String(error));
    }
    progress(++done, input.file);
  }
  return { records, counts, problems };
}

/** The files a path stands for: itself, or (a directory) the pages, feeds and files in it, in name order. */
export function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      if (statSync(full).isDirectory()) return filesOf(full);
      return /\.(html?|xhtml|xml|rss|atom|json)$/i.test(name) ? [full] : [];
    });
}

/** A progress bar on stderr for long runs (a terminal: redrawn in place; else a line every tenth). */
function progressBar(total: number): (done: number, file: string) => void {
  if (total < 20) return () => undefined;
  let lastTenth = -1;
  return (done, file) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${basename(file).slice(0, 40)}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(90)}${done === total ? '\n' : ''}`);
    else if (Math.floor((done / total) * 10) !== lastTenth) {
      lastTenth = Math.floor((done / total) * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

export interface PackArgs {
  files: string[];
  out: string;
  name: string;
}

/** Reads the command line; throws with the usage on a mistake. */
export function packArgs(argv: readonly string[]): PackArgs {
  const usage = 'usage: npm run pack -- FILE_OR_DIR... -o NAME.backstory.json [--name "Pack name"]';
  const files: string[] = [];
  let out: string | undefined;
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-o' || arg === '--out') out = argv[++i];
    else if (arg === '--name') name = argv[++i];
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${usage}`);
    else files.push(arg);
  }
  if (!files.length || !out) throw new Error(usage);
  name ??= basename(out).replace(/\.backstory\.json$|\.json$/i, '');
  if (!name.trim() || name.length > 80) throw new Error(`the pack's name must be 1 to 80 characters: "${name}"`);
  return { files, out, name: name.trim() };
}

/** The command: reads, builds, validates, writes, and prints the summary. Exit code 1 when no pack was written. */
export function runPack(argv: readonly string[], log: (line: string) => void = console.log): number {
  let args: PackArgs;
  let files: string[];
  try {
    args = packArgs(argv);
    files = args.files.flatMap(filesOf);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const unreadable: PackProblem[] = [];
  const inputs = function* (): Generator<PackInput> {
    for (const file of files) {
      try {
        const size = statSync(file).size;
        const most = /\.json$/i.test(file) ? ARCHIVE_LIMITS.packBytes : MAX_FILE_BYTES;
        if (size > most) throw new Error(`larger than ${most / 1024 / 1024} MB`);
        yield { file, text: readFileSync(file, 'utf8') };
      } catch (error) {
        unreadable.push({ file, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  const result = buildPack(inputs(), progressBar(files.length));
  result.counts.read += unreadable.length;
  result.counts.errors += unreadable.length;
  result.problems.unshift(...unreadable);
  if (result.records.length > ARCHIVE_LIMITS.records) {
    log(`${result.records.length} articles kept: a pack holds at most ${ARCHIVE_LIMITS.records}; split the files into several packs.`);
    return 1;
  }
  // Written a line at a time (a pack of 100 k articles is never one string), to a file moved into place
  // only once whole; each line also goes through the options page's own reader, so a pack this writes
  // is one the extension takes.
  const check = new ImportReader();
  const partial = `${args.out}.partial`;
  const fd = openSync(partial, 'w');
  let bytes = 0;
  try {
    for (const line of packLines(args.name, result.records, result.counts)) {
      runToEnd(check.add(line));
      bytes += writeSync(fd, line);
    }
    runToEnd(check.finish());
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(partial);
    log(`no pack written: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  renameSync(partial, args.out);
  const { read, kept, offTopic, duplicates, errors } = result.counts;
  log(`${args.out}: pack "${args.name}", ${kept} articles (${(bytes / 1024).toFixed(0)} kB)`);
  log(`read ${read}, kept ${kept}, off topic ${offTopic}, duplicates ${duplicates}, errors ${errors}`);
  for (const p of result.problems) log(`  error: ${p.file}: ${p.error}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = runPack(process.argv.slice(2));
