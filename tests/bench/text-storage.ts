/**
 * What storing the archive's text takes, in real Chromium IndexedDB on disk: the text as the archive
 * keeps it, as UTF-8 bytes, deflated a text at a time, and deflated in batches; and what reading one
 * text back costs in each. The figures behind the storage goal's note (tests/bench/archive.ts measures
 * the whole archive). 10 000 texts of the real-text corpus (./real-corpus.ts).
 * Usage: npm run bench:text-storage [-- --write]
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { makeRecord } from '../../src/archive';
import { startServer } from '../e2e/server';
import { realisticCorpus } from './real-corpus';
import { benchOutput } from './results';
import { indexedDbBytes } from './disk';

const N = 10_000;
const out = benchOutput('text-storage', `Storing the archive's text: ${N / 1000} k texts in real Chromium IndexedDB`, 'npm run bench:text-storage');
const texts = realisticCorpus(N).map((d, i) => makeRecord({ url: `https://news.example/${i}`, title: d.title, paragraphs: d.paragraphs }, 0).paragraphs);
const probe = (
  await build({ entryPoints: [join(import.meta.dirname, 'text-storage-probe.ts')], bundle: true, write: false, format: 'iife', target: 'chrome120', logLevel: 'silent' })
).outputFiles[0]!.text;
const server = await startServer(new Map(), new Map([['/bench.html', '<!doctype html><title>text storage bench</title>']]));
const profile = mkdtempSync(join(tmpdir(), 'backstory-text-'));
const browser = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.exposeFunction('__diskUsage', () => indexedDbBytes(profile, server.port));
  await page.goto(`http://127.0.0.1:${server.port}/bench.html`);
  // A first database, so that the origin's directory exists before the first count.
  await page.evaluate(() => new Promise((r) => (indexedDB.open('warm').onsuccess = r)));
  await page.addScriptTag({ content: probe });
  const rows = await page.evaluate(
    (t) => (globalThis as any).__textStorage(t, (globalThis as any).__diskUsage) as Promise<{ name: string; bytes: number; readUs: number }[]>,
    texts,
  );
  const chars = texts.reduce((n, p) => n + p.join('\n').length, 0) / texts.length;
  out.log(`${N} texts of real text, ${Math.round(chars)} characters each on average; Chromium ${browser.browser()?.version() ?? 'headless'}, IndexedDB files on disk`);
  out.log(`${'layout'.padEnd(66)} ${'kB per text'.padStart(12)} ${'read one (µs)'.padStart(14)}`);
  for (const r of rows) out.log(`${r.name.padEnd(66)} ${(r.bytes / 1024).toFixed(2).padStart(12)} ${r.readUs.toFixed(0).padStart(14)}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
out.save();
