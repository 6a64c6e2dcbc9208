/**
 * Storage quota exhaustion in real Chromium: the archive store's own code, bundled into a page on the
 * test server, writes to the browser's IndexedDB after the origin's quota was lowered through CDP
 * (Storage.overrideQuotaForOrigin). Chromium 156 applies that override to web origins but not to
 * chrome-extension:// ones, so the store runs in a web page here; it is the same IndexedDB engine.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export interface QuotaOutcome {
  before: string[];
  imported: { ok: boolean; kind?: string; message?: string };
  saved: { ok: boolean; kind?: string; message?: string };
  ids: string[];
}

export async function quotaScenario(pageUrl: string): Promise<QuotaOutcome> {
  const probe = (await build({ entryPoints: [join(import.meta.dirname, 'quota-probe.ts')], bundle: true, write: false, format: 'iife', target: 'chrome120', logLevel: 'silent' }))
    .outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.addScriptTag({ content: probe });
    const cdp = await page.context().newCDPSession(page);
    // Room for the first articles, far less than the import needs (set before the origin first uses storage).
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(pageUrl).origin, quotaSize: 512 * 1024 });
    const before = await page.evaluate(() => (globalThis as any).__quota.fill() as Promise<string[]>);
    const after = await page.evaluate(() => (globalThis as any).__quota.overflow() as Promise<Omit<QuotaOutcome, 'before'>>);
    return { before, ...after };
  } finally {
    await browser.close();
  }
}
