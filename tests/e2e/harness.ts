/**
 * What every browser-test file shares: the test server (one, serving every page the files need), each
 * browser with the production build loaded (launched once per run, on first use: the files run one
 * after another in one process), one of our extension pages per browser to read the worker's results
 * from, and the figures the suite reports at its end. Test files run in vitest (tests/e2e/vitest.config.ts).
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cleanSeedText } from '../../src/corpus';
import { GECKO_ID } from '../../wxt.config';
import { pathologicalPages } from '../fixtures/pathological';
import { SEEDS, type SeedText } from '../fixtures/positives';
import { launchChromium, launchFirefox, type Driver, type Tab } from './drivers';
import { isScriptLoad, longTasksWith, type TraceEvent } from './long-tasks';
import { archivePages, badInputPages, watchingPages } from './pages';
import { startServer, type TestServer } from './server';

export const ROOT = join(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'tests/.artifacts');
/** The host the pages are served under (the content script's own match patterns are what is tested). */
export const BASE = 'http://www.reuters.com';
export type BrowserName = 'chromium' | 'firefox';
/** Which browsers run: E2E_BROWSERS=chromium (or firefox), else both. */
export const BROWSERS: BrowserName[] = (
  process.env.E2E_BROWSERS?.split(',').filter((b): b is BrowserName => b === 'chromium' || b === 'firefox') ?? ['chromium', 'firefox']
).filter(Boolean);

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export const seeds = new Map<string, SeedText>(
  readdirSync(SEEDS)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => {
      const id = n.replace(/\.txt$/, '');
      return [id, { id, ...cleanSeedText(readFileSync(join(SEEDS, n), 'utf8')) }];
    }),
);

/** The generated pathological pages, by the path they are served at. */
export const PATHOLOGICAL = new Map(pathologicalPages('test').map((page, k) => [`/pathological/${k}-${page.family}.html`, page]));

/** A page whose own script holds the main thread for 80 ms, once. */
const BUSY_PAGE = `<!doctype html><title>busy</title><script>setTimeout(function busy() { const t = performance.now(); while (performance.now() - t < 80); }, 50);</script>`;

let server: Promise<TestServer> | undefined;
/** The one test server of the run. */
export const testServer = (): Promise<TestServer> =>
  (server ??= startServer(
    seeds,
    new Map([
      ...[...badInputPages()].map(([p, e]) => [p, e.html] as [string, string]),
      ...archivePages(),
      ...watchingPages(),
      ...[...PATHOLOGICAL].map(([p, page]) => [p, page.html] as [string, string]),
      ['/blank.html', '<!doctype html><title>blank</title>'],
      ['/control/busy.html', BUSY_PAGE],
    ]),
  ));

const launched = new Map<BrowserName, Promise<{ driver: Driver; ext: Tab }>>();

async function launch(name: BrowserName): Promise<{ driver: Driver; ext: Tab }> {
  const { port, tlsPort } = await testServer();
  const start = () => (name === 'chromium' ? launchChromium(join(ROOT, '.output/chrome-mv3'), port, tlsPort) : launchFirefox(join(ROOT, '.output/firefox-mv2'), port, GECKO_ID));
  // Starting a browser over its remote protocol now and then fails on a busy 2-core machine: retry once.
  const driver = await start().catch(() => start());
  const ext = await driver.openExtensionPage('popup.html?tab=999999');
  return { driver, ext };
}

/** Everything a test needs of its browser, filled in before the file's tests run. */
export interface BrowserContext {
  driver: Driver;
  /** One of our extension pages, to read the worker's stored results from. */
  ext: Tab;
  /** Opens `url` in a fresh tab (some saved pages run scripts that navigate away: nothing leaks into the next). */
  visit(url: string, waitUntil?: 'load' | 'domcontentloaded'): Promise<Tab>;
  /** Where this browser's screenshots of failures and checks go. */
  shots: string;
}

/** The browser for a file's tests (launched on first use, kept for the run). */
export function useBrowser(name: BrowserName): BrowserContext {
  const ctx = {} as BrowserContext;
  beforeAll(async () => {
    if (!launched.has(name)) launched.set(name, launch(name));
    const { driver, ext } = await launched.get(name)!;
    const shots = join(ARTIFACTS, name);
    mkdirSync(shots, { recursive: true });
    Object.assign(ctx, {
      driver,
      ext,
      shots,
      visit: async (url: string, waitUntil: 'load' | 'domcontentloaded' = 'load') => {
        const tab = await driver.newTab();
        await tab.goto(url, waitUntil);
        return tab;
      },
    });
  }, 60_000);
  return ctx;
}

/** Closes every browser and the server: the last file's `afterAll` (see the config's sequencer). */
export function closeAllAfter(): void {
  afterAll(async () => {
    for (const started of launched.values()) await (await started).driver.close().catch(() => undefined);
    launched.clear();
    await (await server)?.close();
    server = undefined;
  }, 60_000);
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core in an extension page (Chromium): no serious or critical violation. Evaluated, not injected, so
 * the pages' strict CSP (script-src 'self') stays as it is. */
export async function assertAccessible(driver: Driver, page: Tab, name: string): Promise<void> {
  if (driver.name !== 'chromium') return;
  const violations = await page.evaluateSource<{ id: string; impact: string; nodes: number }[]>(
    `(async () => { ${AXE}; const r = await axe.run(document, { resultTypes: ['violations'] }); return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })); })()`,
  );
  assert(violations.length === 0, `axe on the ${name} page: ${JSON.stringify(violations)}`);
}

/** Notes the longest stretch of our work in any one task of a traced visit, for the suite's closing figures. */
export function noteStretch(events: readonly TraceEvent[], isOurs: (u: string) => boolean, at: string): void {
  const ms = Math.max(0, ...longTasksWith(events, isOurs, isScriptLoad, 0).map((t) => t.ours));
  if (ms > figures.longestStretch.ms) figures.longestStretch = { ms, at };
}

/** Figures the suite gathers as it goes and prints at the end (the traced pages' loads and longest work). */
export const figures = {
  /** The most our content scripts' work held one long task (≥ 50 ms), ms. */
  longestInLongTask: 0,
  /** The longest stretch of our work in any one task, long or not, and the page. */
  longestStretch: { ms: 0, at: '' },
  /** The longest load (compile and top level) of each of our content scripts. */
  loads: { firstLook: 0, analysis: 0, readability: 0, firstLookAt: '', analysisAt: '' },
  /** Visits where loading one of our scripts took 50 ms or more (the goal). */
  loadsOverGoal: [] as string[],
};
