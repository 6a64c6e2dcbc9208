/**
 * Topic detection quality: precision and recall of Backstory's detector and of a plain keyword
 * baseline (any "Putin" in the extracted text), in one run, on the shared dev pages (all negatives)
 * and on our own labelled set (see ../fixtures/topic-set.ts).
 * Usage: npm run bench:detection [-- --json] [-- --errors]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFromHtml } from '../../src/cli/analyze';
import { detectTopic } from '../../src/detect';
import { keywordBaseline } from '../fixtures/baseline';
import { extractArticle } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';
import { devPages, PAGES } from '../fixtures/positives';
import { ownSet, type LabelledPage } from '../fixtures/topic-set';
import { seedCorpus } from '../unit/helpers';
import { benchOutput } from './results';

const out = benchOutput('detection', 'Detection: precision and recall against the keyword baseline', 'npm run bench:detection');

const json = process.argv.includes('--json');
const showErrors = process.argv.includes('--errors');

const dev: LabelledPage[] = devPages().map((n) => ({ name: n, html: readFileSync(join(PAGES, n), 'utf8'), onTopic: false, kind: 'dev page' as const }));
const own = ownSet(seedCorpus());

function score(pages: LabelledPage[], judge: (html: string, name: string) => boolean) {
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  const errors: string[] = [];
  for (const p of pages) {
    const got = judge(p.html, p.name);
    if (got && p.onTopic) tp++;
    else if (got) {
      fp++;
      errors.push(`FP ${p.name}`);
    } else if (p.onTopic) {
      fn++;
      errors.push(`FN ${p.name}`);
    } else tn++;
  }
  return { tp, fp, fn, tn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, errors };
}

const article = (html: string, name: string) => extractArticle(documentFromHtml(html), `https://www.example.com/${encodeURIComponent(name)}`, readabilityParagraphs);
const ours = (html: string, name: string) => detectTopic(article(html, name)).onTopic;
const baseline = (html: string, name: string) => keywordBaseline(article(html, name));

const sets: [string, LabelledPage[]][] = [
  ['shared dev pages', dev],
  ['own: articles+neg', own.filter((p) => p.kind !== 'brief')],
  ['own: short briefs', own.filter((p) => p.kind === 'brief')],
  ['own set', own],
  ['all', [...dev, ...own]],
];
const fmt = (x: number) => x.toFixed(3);
if (!json) out.log('set'.padEnd(18), 'pages'.padStart(5), 'pos'.padStart(4), '  ours P / R / FP', '      keyword P / R / FP');
for (const [name, pages] of sets) {
  const a = score(pages, ours);
  const b = score(pages, baseline);
  const positives = pages.filter((p) => p.onTopic).length;
  const row = {
    name,
    pages: pages.length,
    positives,
    precision: a.precision,
    recall: a.recall,
    false_positives: a.fp,
    baseline_precision: b.precision,
    baseline_recall: b.recall,
    baseline_false_positives: b.fp,
  };
  if (json) out.log(JSON.stringify(row));
  else
    out.log(
      name.padEnd(18),
      String(pages.length).padStart(5),
      String(positives).padStart(4),
      `  ${fmt(a.precision)} / ${fmt(a.recall)} / ${a.fp}`.padEnd(20),
      `  ${fmt(b.precision)} / ${fmt(b.recall)} / ${b.fp}`,
    );
  if (showErrors && name.startsWith('own:')) for (const e of a.errors) out.log(`    ours: ${e}`);
}
out.save();
