/**
 * Command-line analyzer: the extension's own extract -> detect -> match code, run in Node on saved
 * HTML files (parsed with linkedom). One JSON object per file with --json, else a readable summary.
 * A file that cannot be read or parsed gets a one-line error; the others still run; exit 1 if any failed.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { seedIndex } from '../corpus/prebuilt';
import { detectTopic } from '../detect';
import { extractArticle } from '../extract';
import { readabilityParagraphs } from '../extract/readability';
import { findRelated, loadIndex, type CorpusIndex } from '../match';
import { pageLanguage } from '../detect/language';
import { formatDate, reasonLabel, reasonLabels } from '../ui/format';

const MAX_BYTES = 20 * 1024 * 1024;
const SEEDS = resolve(dirname(fileURLToPath(import.meta.url)), '../../seeds');

/** The same seed index the extension ships (see src/corpus/prebuilt.ts). */
export const loadSeedIndex = (dir = SEEDS): CorpusIndex => loadIndex(seedIndex(dir));

export function documentFromHtml(html: string): Document {
  // linkedom's document has its own type, which implements the part of DOM's Document the extractor reads.
  return parseHTML(html).document as unknown as Document;
}

export function analyzeHtml(index: CorpusIndex, html: string, file: string) {
  const doc = documentFromHtml(html);
  const article = extractArticle(doc, `file://${resolve(file)}`, readabilityParagraphs);
  const verdict = detectTopic(article);
  const related = verdict.onTopic ? findRelated(index, article) : [];
  return {
    file,
    isArticle: article.isArticle,
    onTopic: verdict.onTopic,
    score: verdict.score,
    title: article.title,
    lang: pageLanguage(article) ?? null,
    date: article.date?.iso ?? null,
    dateSource: article.date?.source ?? null,
    reason: verdict.reason,
    evidence: verdict.evidence,
    related: related.map((r) => ({
      seed: r.id,
      title: r.title,
      date: r.date?.iso ?? null,
      when: r.when ?? null,
      score: r.score,
      // Each reason with the label the popup shows for it (null where the popup shows none: shared words beside better reasons).
      reasons: r.reasons.map((reason) => {
        const label = reasonLabel(reason);
        return { ...reason, label: label && reasonLabels(r.reasons).includes(label) ? label : null };
      }),
      sameStory: r.sameStory.map((s) => s.id),
    })),
  };
}

function readHtml(file: string): string {
  const st = statSync(file);
  if (!st.isFile()) throw new Error('not a file');
  if (st.size === 0) throw new Error('empty file');
  if (st.size > MAX_BYTES) throw new Error(`too large (${st.size} bytes; limit ${MAX_BYTES})`);
  const buf = readFileSync(file);
  if (buf.subarray(0, 8192).includes(0)) throw new Error('binary file, not HTML');
  return buf.toString('utf8');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (files.length === 0) {
    console.error('usage: npm run --silent analyze -- [--json] FILE.html...');
    return 2;
  }
  const index = loadSeedIndex();
  let failed = 0;
  for (const file of files) {
    try {
      const r = analyzeHtml(index, readHtml(file), file);
      if (json) console.log(JSON.stringify(r));
      else {
        console.log(`${file}\n  ${r.onTopic ? 'ON TOPIC' : 'off topic'} (score ${r.score}) — ${r.title}\n  ${r.reason}`);
        for (const rel of r.related)
          console.log(`  · ${rel.seed} ${rel.title} [${formatDate(index.docs.find((d) => d.id === rel.seed)?.date)}] ${reasonLabels(rel.reasons).join('; ')}`);
      }
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      if (json) console.log(JSON.stringify({ file, error: message }));
      else console.error(`${file}: error: ${message}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
