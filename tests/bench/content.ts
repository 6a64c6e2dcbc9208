/**
 * Content-script speed in real Chromium (Debian's, through playwright-core): on every shared dev page
 * and the on-topic template pages, the main-thread time of the off-topic bail-out, of full extract +
 * detect, and of Readability alone (the baseline), medians printed side by side; then the whole
 * pipeline on a 5 MB page with the longest main-thread task seen (Long Tasks API, which reports
 * tasks of 50 ms and more) and the longest task of any length (a heartbeat of zero-delay timers).
 * Usage: npm run bench:content [-- --json]
 */
import { build } from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { cleanSeedText } from '../../src/corpus';
import { devPages, SEEDS, TEMPLATES, type SeedText } from '../fixtures/positives';
import { startServer } from '../e2e/server';
import { benchOutput } from './results';

const out = benchOutput('content', 'Content script in real Chromium: bail-out, extract + detect, the 5 MB page', 'npm run bench:content');

const json = process.argv.includes('--json');
const probe = (await build({ entryPoints: [join(import.meta.dirname, 'content-probe.ts')], bundle: true, write: false, format: 'iife', target: 'chrome120', logLevel: 'silent' }))
  .outputFiles[0]!.text;

const seeds = new Map<string, SeedText>(
  readdirSync(SEEDS)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => [n.replace(/\.txt$/, ''), { id: n.replace(/\.txt$/, ''), ...cleanSeedText(readFileSync(join(SEEDS, n), 'utf8')) }]),
);

/** About 5 MB and 200 k nodes of page furniture around an on-topic article. */
function bigPage(): string {
  const seed = [...seeds.values()][0]!;
  const row = '<li><a href="/s">Another story link</a> <span>tag</span> <em>x</em></li>\n';
  const rows = row.repeat(Math.ceil((5 * 1024 * 1024) / row.length));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><title>${esc(seed.title)}</title><meta property="og:type" content="article"></head><body>
<nav><ul>${rows}</ul></nav><article><h1>${esc(seed.title)}</h1>${seed.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article></body></html>`;
}

const server = await startServer(seeds, new Map([['/big.html', bigPage()]]));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
// The saved pages' own scripts would compete for the main thread: block them, keep the DOM.
await context.route('**/*', (route) => (route.request().resourceType() === 'document' ? route.continue() : route.abort()));

interface PageTiming {
  bailOut: number;
  full: number;
  readability: number;
  isArticle: boolean;
  passesBailOut: boolean;
}
const base = `http://127.0.0.1:${server.port}`;
const urls = process.argv.includes('--big-only')
  ? []
  : [...devPages().map((n) => `${base}/dev/${n}`), ...[...seeds.keys()].flatMap((id) => TEMPLATES.map((t) => `${base}/positive/${t}/${id}`))];
const rows: PageTiming[] = [];
try {
  for (const url of urls) {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: probe });
    rows.push(await page.evaluate(() => (globalThis as any).__backstoryBench.page() as PageTiming));
    await page.close();
  }
  const page = await context.newPage();
  await page.goto(`${base}/big.html`, { waitUntil: 'load' });
  await page.addScriptTag({ content: probe });
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const big = await page.evaluate(
    () =>
      (globalThis as any).__backstoryBench.pipeline() as Promise<{
        total: number;
        longestTask: number;
        longTasks: number;
        longestStage: number;
        marking: number[];
        placed: number;
        onTopic: boolean;
      }>,
  );
  await page.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const offTopic = rows.filter((r) => !r.passesBailOut);
  const articles = rows.filter((r) => r.isArticle);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const rowsOut = [
    {
      name: 'bail-out (pages it stops)',
      pages: offTopic.length,
      median_ms: r2(median(offTopic.map((r) => r.bailOut))),
      baseline_median_ms: r2(median(offTopic.map((r) => r.readability))),
      goal: '≤ 1 ms',
    },
    {
      name: 'extract + detect (articles)',
      pages: articles.length,
      median_ms: r2(median(articles.map((r) => r.full))),
      baseline_median_ms: r2(median(articles.map((r) => r.readability))),
      goal: '≤ 15 ms',
    },
    {
      name: 'extract + detect (all pages)',
      pages: rows.length,
      median_ms: r2(median(rows.map((r) => r.full))),
      baseline_median_ms: r2(median(rows.map((r) => r.readability))),
      goal: '',
    },
    {
      name: '5 MB page: marking, longest task',
      pages: 1,
      median_ms: r2(Math.max(big.marking[0]!, big.marking[1]!)),
      baseline_median_ms: r2(big.marking[2]!),
      goal: '≤ 50 ms (baseline: one unsliced scan)',
    },
    {
      name: `5 MB page (${nodes} nodes): longest task`,
      pages: 1,
      median_ms: r2(big.longestStage),
      baseline_median_ms: NaN,
      goal: '≤ 50 ms',
      total_ms: r2(big.total),
      long_tasks: big.longTasks,
      longest_long_task_ms: r2(big.longestTask),
      on_topic: big.onTopic,
    },
  ];
  if (json) for (const r of rowsOut) out.log(JSON.stringify(r));
  else {
    out.log(`Content script in Chromium ${browser.version()} (main-thread ms; baseline = Readability on a clone of the same page)`);
    out.log('measure'.padEnd(44), 'pages'.padStart(5), 'ours'.padStart(9), 'baseline'.padStart(9), '  goal');
    for (const r of rowsOut)
      out.log(
        r.name.padEnd(44),
        String(r.pages).padStart(5),
        String(r.median_ms).padStart(9),
        (Number.isNaN(r.baseline_median_ms) ? '' : String(r.baseline_median_ms)).padStart(9),
        ` ${r.goal}`,
      );
    out.log(
      `5 MB page, marking: longest slice finding the body blocks ${r2(big.marking[0]!)} ms; placing and drawing ${big.placed} marks ${r2(big.marking[1]!)} ms (one unsliced whole-body scan would take ${r2(big.marking[2]!)} ms)`,
    );
    out.log(
      `5 MB page: whole pipeline ${r2(big.total)} ms, cold; Long Tasks API saw ${big.longTasks} task(s) of 50 ms or more${big.longTasks ? ` (longest ${r2(big.longestTask)} ms)` : ''}; on topic: ${big.onTopic}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
out.save();
