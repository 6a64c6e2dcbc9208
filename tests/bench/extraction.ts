/**
 * Extraction quality on the shared dev pages that come with a human-extracted text (*.expected.txt):
 * mean token-level F1 of our body paragraphs, against Readability alone as the baseline, in one run.
 * Usage: npx tsx tests/bench/extraction.ts [--json]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { documentFromHtml } from '../../src/cli/analyze';
import { extractArticle } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';
import { tokenF1 } from '../fixtures/metrics';
import { PAGES } from '../fixtures/positives';
import { benchOutput } from './results';

const out = benchOutput('extraction', 'Extraction: body token F1 against Readability', 'npm run bench:extraction');

const rows = readdirSync(PAGES)
  .filter((n) => n.endsWith('.expected.txt'))
  .sort()
  .map((n) => {
    const html = readFileSync(join(PAGES, n.replace('.expected.txt', '.html')), 'utf8');
    const want = readFileSync(join(PAGES, n), 'utf8');
    const ours = extractArticle(documentFromHtml(html), `https://example.com/${n}`, readabilityParagraphs);
    const base = new Readability(documentFromHtml(html)).parse()?.textContent ?? '';
    return { page: n.replace('.expected.txt', ''), source: ours.bodySource, f1: tokenF1(ours.paragraphs.join('\n'), want), baseline: tokenF1(base, want) };
  });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
if (process.argv.includes('--json')) for (const r of rows) out.log(JSON.stringify(r));
else {
  out.log('page'.padEnd(46), 'body from'.padEnd(12), 'F1 ours', 'F1 Readability');
  for (const r of rows) out.log(r.page.slice(0, 45).padEnd(46), r.source.padEnd(12), r.f1.toFixed(3).padStart(7), r.baseline.toFixed(3).padStart(14));
  out.log(
    'mean'.padEnd(46),
    ''.padEnd(12),
    mean(rows.map((r) => r.f1))
      .toFixed(3)
      .padStart(7),
    mean(rows.map((r) => r.baseline))
      .toFixed(3)
      .padStart(14),
  );
}
out.save();
