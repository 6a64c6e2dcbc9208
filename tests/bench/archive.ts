/**
 * Archive at scale, 10 k archived articles of real text (./real-corpus.ts), run twice side by side: in
 * Node on fake-indexeddb (an in-memory IndexedDB written in JavaScript) and in real Chromium (Debian's,
 * headless) on the browser's own IndexedDB, which is what the extension's worker uses. Steps in
 * ./archive-steps.ts.
 * Usage: npm run bench:archive [-- --json] [-- --docs 10000] [-- --no-rebuild] [-- --browser-only] [-- --verbose] [-- --keep-profile]
 * Any other size than 10 k writes a section of its own (e.g. `-- --docs 100000 --browser-only --write`).
 */
import 'fake-indexeddb/auto';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { seedIndex } from '../../src/corpus/prebuilt';
import { indexToJson } from '../../src/match';
import { startServer } from '../e2e/server';
import { SEEDS_DIR } from '../unit/helpers';
import { archiveSteps, type Row, type TimingArticle } from './archive-steps';
import { realisticCorpus } from './real-corpus';
import { benchOutput } from './results';
import { indexedDbBytes } from './disk';

const json = process.argv.includes('--json');
const docsArg = process.argv[process.argv.indexOf('--docs') + 1];
const N = process.argv.includes('--docs') && docsArg ? Number(docsArg) : 10_000;
const browserOnly = process.argv.includes('--browser-only');
const scale = `${N / 1000} k`;
const out =
  N === 10_000
    ? benchOutput('archive', 'Archive at 10 k articles: Node (fake-indexeddb) and real Chromium IndexedDB', 'npm run bench:archive')
    : benchOutput(
        `archive-${N}`,
        `Archive at ${scale} articles${browserOnly ? ': real Chromium IndexedDB' : ''}`,
        `npm run bench:archive -- --docs ${N}${browserOnly ? ' --browser-only' : ''}`,
      );
const withRebuild = !process.argv.includes('--no-rebuild');
const serialized = seedIndex(SEEDS_DIR);
const corpus: TimingArticle[] = realisticCorpus(N).map((d) => ({ title: d.title, paragraphs: d.paragraphs, ...(d.date ? { date: { iso: d.date.iso } } : {}) }));
const gc = (globalThis as { gc?: () => void }).gc;
const nodeHeap = gc
  ? () => {
      for (let i = 0; i < 4; i++) gc();
      return process.memoryUsage().heapUsed;
    }
  : undefined;

const verbose = process.argv.includes('--verbose');
const node = browserOnly ? [] : await archiveSteps(corpus, serialized, withRebuild, undefined, verbose, nodeHeap);

const bundle = async (file: string) =>
  (await build({ entryPoints: [join(import.meta.dirname, file)], bundle: true, write: false, format: 'iife', target: 'chrome120', logLevel: 'silent' })).outputFiles[0]!.text;
const probe = await bundle('archive-probe.ts');
const server = await startServer(
  new Map(),
  new Map([
    ['/bench.html', '<!doctype html><title>archive bench</title>'],
    ['/start-worker.js', await bundle('archive-start.ts')],
    // Fetched by the page: at 100 k articles too large to hand over through the DevTools protocol.
    ['/corpus.json', JSON.stringify(corpus)],
  ]),
);
// A persistent profile on disk, as the extension's own storage is (a plain new context keeps IndexedDB in memory).
const profile = mkdtempSync(join(tmpdir(), 'backstory-bench-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
let inBrowser: Row[];
/** The same step's figure in Node, by name (a row only the browser has, such as storage in use, has none there). */
const inNode = (r: Row) => node.find((n) => n.name === r.name)?.value;
try {
  const page = await browser.newPage();
  // What the archive's databases take on disk: every file of this origin's IndexedDB (LevelDB's tables
  // and log, and blobs).
  await page.exposeFunction('__diskUsage', () => indexedDbBytes(profile, server.port));
  if (verbose) page.on('console', (m) => console.info(`  [chromium] ${m.text()}`));
  await page.goto(`http://127.0.0.1:${server.port}/bench.html`);
  await page.addScriptTag({ content: probe });
  inBrowser = await page.evaluate(([x, r, v]) => (globalThis as any).__archiveBench(x, r, v) as Promise<Row[]>, [indexToJson(serialized), withRebuild, verbose] as const);
  const browserVersion = browser.browser()?.version() ?? 'headless';
  if (json) {
    for (const r of inBrowser) out.log(JSON.stringify({ ...r, docs: N, node_fake_indexeddb: inNode(r), chromium: r.value, value: undefined }));
  } else {
    out.log(
      `Archive benchmark: ${N} archived articles of real text (tests/bench/real-corpus.ts); Node ${process.version} + fake-indexeddb vs Chromium ${browserVersion} IndexedDB`,
    );
    out.log(`${'step'.padEnd(58)} ${'Node+fake'.padStart(10)} ${'Chromium'.padStart(10)}  unit     goal`);
    for (const r of inBrowser) out.log(`${r.name.padEnd(58)} ${String(inNode(r) ?? '-').padStart(10)} ${String(r.value).padStart(10)}  ${r.unit.padEnd(8)} ${r.goal ?? ''}`);
  }
} finally {
  await browser.close();
  await server.close();
  if (process.argv.includes('--keep-profile')) console.info(`profile kept at ${profile}`);
  else rmSync(profile, { recursive: true, force: true });
}
out.save();
