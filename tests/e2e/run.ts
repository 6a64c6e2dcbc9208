/**
 * End-to-end tests of the production build in real browsers: Debian's Chromium and Firefox ESR load
 * .output/, visit pages served on 127.0.0.1 under real news-site host names, and we check what a reader
 * sees: the in-page card and its count, the toolbar badge, and the popup's verdict and related list.
 * Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanSeedText } from '../../src/corpus';
import { GECKO_ID } from '../../wxt.config';
import { TEMPLATES, devPages, SEEDS, type SeedText } from '../fixtures/positives';
import { launchChromium, launchFirefox, type Driver, type Tab } from './drivers';
import { archivePages, badInputPages, watchingPages } from './pages';
import { pathologicalPages } from '../fixtures/pathological';
import { isScriptLoad, longestEvaluation as longestEvaluationOf, longTasksWith, scriptSeen, scriptTime, traceWindow, type TraceEvent } from './long-tasks';
import { quotaScenario } from './quota';
import { startServer } from './server';
import { stateFor, until } from './state';
import { cardAct, cardText, inCard, markBoxes } from './card';

const ROOT = join(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'tests/.artifacts');
/** Screenshots shown in the README, refreshed by every Chromium run. */
const SCREENSHOTS = join(ROOT, 'tests/screenshots');
const only = process.argv.slice(2);

let passed = 0;
let failed = 0;
/** Only the checks whose name holds this text run (E2E_FILTER=...), as `vitest -t` would. */
const filter = process.env.E2E_FILTER;
async function check(name: string, fn: () => Promise<void>): Promise<void> {
  if (filter && !name.includes(filter)) return;
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    failed++;
    console.log(`  ✗ ${name}\n      ${error instanceof Error ? error.message : String(error)}`);
  }
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

const seeds = new Map<string, SeedText>(
  readdirSync(SEEDS)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => {
      const id = n.replace(/\.txt$/, '');
      return [id, { id, ...cleanSeedText(readFileSync(join(SEEDS, n), 'utf8')) }];
    }),
);

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core in an extension page (Chromium): no serious or critical violation. Evaluated, not injected, so
 * the pages' strict CSP (script-src 'self') stays as it is. */
async function assertAccessible(driver: Driver, page: Tab, name: string): Promise<void> {
  if (driver.name !== 'chromium') return;
  const violations = await page.evaluateSource<{ id: string; impact: string; nodes: number }[]>(
    `(async () => { ${AXE}; const r = await axe.run(document, { resultTypes: ['violations'] }); return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })); })()`,
  );
  assert(violations.length === 0, `axe on the ${name} page: ${JSON.stringify(violations)}`);
}

/** The least that works: the built manifests' permissions, content-script sites and CSP. */
async function manifestChecks(): Promise<void> {
  for (const dir of ['chrome-mv3', 'firefox-mv2']) {
    await check(`manifest ${dir}: least permissions (storage, activeTab), hosts: the news sites only, others optional, strict CSP`, async () => {
      const m = JSON.parse(readFileSync(join(ROOT, '.output', dir, 'manifest.json'), 'utf8'));
      const expected = dir === 'chrome-mv3' ? ['storage', 'activeTab', 'scripting'] : ['storage', 'activeTab'];
      const apis = (m.permissions as string[]).filter((p) => !p.includes('://'));
      assert(JSON.stringify(apis) === JSON.stringify(expected), `permissions: ${JSON.stringify(apis)}`);
      // Other hosts only as optional permissions, asked for one site at a time from the options page.
      const optional = [...(m.optional_host_permissions ?? []), ...(m.optional_permissions ?? [])];
      assert(JSON.stringify(optional) === '["*://*/*"]', `optional permissions: ${JSON.stringify(optional)}`);
      const matches: string[] = m.content_scripts.flatMap((c: { matches: string[] }) => c.matches);
      assert(
        matches.length > 0 && matches.every((p) => /^\*:\/\/\*\.[a-z.-]+\/\*$|^\*:\/\/[a-z.-]+\/\*$/.test(p)),
        `content script matches: ${matches.filter((p) => !/^\*:\/\//.test(p))}`,
      );
      // Host permissions at install: exactly the news sites the first look runs on (the worker loads the
      // full analysis there), which the browser already names at install for the content script.
      const hosts: string[] = [...(m.host_permissions ?? []), ...(m.permissions as string[]).filter((p) => p.includes('://'))];
      assert(
        JSON.stringify([...hosts].sort()) === JSON.stringify([...matches].sort()),
        `host permissions beyond the content script's sites: ${hosts.filter((h) => !matches.includes(h))}`,
      );
      assert(!JSON.stringify(m).includes('<all_urls>'), '<all_urls> in the manifest');
      assert(m.options_ui?.page === 'options.html', 'no options page');
      const csp = typeof m.content_security_policy === 'string' ? m.content_security_policy : m.content_security_policy?.extension_pages;
      assert(/connect-src 'none'/.test(csp) && !/unsafe-eval|unsafe-inline|http/.test(csp), `CSP: ${csp}`);
    });
    await check(`build ${dir}: no network API in any script; fetch only for the extension's own files`, async () => {
      const files = readdirSync(join(ROOT, '.output', dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
      for (const f of files) {
        const js = readFileSync(join(ROOT, '.output', dir, f), 'utf8');
        const banned = js.match(/XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts|RTCPeerConnection/g);
        assert(!banned, `${f}: ${banned}`);
        // fetch appears only in WXT's loader of our own UI stylesheet (runtime.getURL) and Vite's module
        // preload of our own chunks (link.href): both read files inside the extension.
        for (const m of js.matchAll(/fetch\(/g)) {
          const around = js.slice(Math.max(0, m.index - 400), m.index + 40);
          assert(/getURL\(|`url`in|\.href,/.test(around), `${f}: a fetch( that is not loading our own files: …${around.slice(-160)}`);
        }
      }
    });
  }
}

/** The most our content script's work held one long task on the bad-input and pathological pages (Chromium trace), ms. */
let longestOfOurs = 0;
/** The longest stretch of our work in any one task there, long or not, ms, and the page. */
let longestStretch = { ms: 0, at: '' };
const noteStretch = (events: TraceEvent[], isOurs: (u: string) => boolean, at: string) => {
  const ms = Math.max(0, ...longTasksWith(events, isOurs, isScriptLoad, 0).map((t) => t.ours));
  if (ms > longestStretch.ms) longestStretch = { ms, at };
};
/** The longest load (compile and top level) of each of our content scripts seen there, ms. */
const longestEvaluation = { firstLook: 0, analysis: 0, readability: 0, firstLookAt: '', analysisAt: '' };
/** Bad-input visits where loading one of our scripts took 50 ms or more (the goal), with the loads. */
const loadsOverGoal: string[] = [];

async function scenarios(driver: Driver, base: string): Promise<void> {
  const ext = await driver.openExtensionPage('popup.html?tab=999999');
  // A fresh tab per page: some saved pages run scripts that navigate away, and must not leak into the next.
  const visit = async (url: string, waitUntil: 'load' | 'domcontentloaded' = 'load') => {
    const tab = await driver.newTab();
    await tab.goto(url, waitUntil);
    return tab;
  };
  const shots = join(ARTIFACTS, driver.name);
  mkdirSync(shots, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });

  // On-topic: each seed article inside a real news page template.
  let i = 0;
  for (const seed of seeds.values()) {
    const template = TEMPLATES[i++ % TEMPLATES.length]!;
    const url = `${base}/positive/${template}/${seed.id}`;
    await check(`${driver.name}: on-topic page (${seed.id} in ${template.slice(0, 24)}) gets card, badge and popup list`, async () => {
      const tab = await visit(url);
      const found = await stateFor(ext, url);
      assert(found, 'the worker stored no result for the tab');
      const countText = await cardText(tab, '[data-testid="backstory-count"]', 15_000);
      assert(countText !== null, 'no in-page card appeared');
      const count = Number(countText);
      assert(Number.isInteger(count) && count >= 1, `card count is "${countText}"`);
      assert((await cardText(tab, '.chip', 2_000)) !== null, 'the card shows no reasons');
      assert(found.state.verdict.onTopic, `worker verdict is off-topic: ${found.state.verdict.reason}`);
      assert(found.badge === String(count), `badge "${found.badge}" != card count ${count}`);
      const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
      try {
        await popup.waitFor('[data-testid="related-list"]');
        const titles = await popup.texts('[data-testid="related-list"] > li .related-title');
        assert(titles.length === count, `popup lists ${titles.length} related, card says ${count}`);
        // The page is a seed: the popup says so, and does not list it as its own backstory.
        assert(!titles.includes(seed.title), `popup lists the page itself ("${seed.title}") as related`);
        assert((found.state as { corpusCopy?: { id: string } }).corpusCopy?.id === seed.id, `the worker did not recognise the page as ${seed.id}`);
        await popup.waitFor('[data-testid="corpus-copy"]');
        const verdict = await popup.texts('[data-testid="verdict"] strong');
        assert(/On topic/.test(verdict[0] ?? ''), `popup verdict: ${verdict[0]}`);
        const chips = await popup.evaluate(() => [...document.querySelectorAll('[data-testid="related-list"] > li')].map((li) => li.querySelectorAll('.chip').length), null);
        assert(
          chips.every((n) => n > 0),
          `a related item shows no reason chips: ${JSON.stringify(chips)}`,
        );
        // The timeline: selecting a point selects that article in the list.
        const point = await popup.evaluate(() => document.querySelector('[data-testid="timeline"] [role="button"]')?.getAttribute('data-point') ?? null, null);
        assert(point, 'no point on the timeline');
        await popup.evaluate(
          (id: string) => (document.querySelector(`[data-testid="timeline"] [data-point="${id}"]`) as SVGGElement).dispatchEvent(new MouseEvent('click', { bubbles: true })),
          point,
        );
        const current = await until(
          () => popup.evaluate(() => document.querySelector('[data-testid="related-list"] > li[aria-current="true"]')?.getAttribute('data-seed') ?? null, null),
          3_000,
        );
        const entry = found.state.related.find((r) => r.id === point || (r as { sameStory?: { id: string }[] }).sameStory?.some((x) => x.id === point));
        assert(current && current === entry?.id, `timeline point ${point} selected ${current}`);
        if (i === 1) {
          await popup.screenshot(join(shots, 'popup.png'));
          await assertAccessible(driver, popup, 'popup');
          // Search as you type, misspelt: results come back with the matched words marked.
          await popup.evaluate((q: string) => {
            const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
            input.value = q;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }, 'Putn Obma');
          await popup.waitFor('[data-testid="search-results"] li mark');
          const marked = await popup.texts('[data-testid="search-results"] li mark');
          assert(
            marked.some((m) => /^(putin|obama)$/i.test(m)),
            `search marks: ${JSON.stringify(marked.slice(0, 5))}`,
          );
          await popup.screenshot(join(shots, 'popup-search.png'));
          if (driver.name === 'chromium') {
            await popup.screenshot(join(SCREENSHOTS, 'popup.png'));
            // The same popup with the dark theme chosen in the options.
            await ext.evaluate(() => (globalThis as any).chrome.storage.local.set({ theme: 'dark' }), null);
            const dark = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
            await dark.waitFor('html[data-theme="dark"] [data-testid="related-list"]');
            await dark.screenshot(join(SCREENSHOTS, 'popup-dark.png'));
            await dark.close();
            await ext.evaluate(() => (globalThis as any).chrome.storage.local.remove('theme'), null);
          }
        }
      } finally {
        await popup.close();
      }
      if (i === 1) await tab.screenshot(join(shots, 'card.png'));
      await tab.close();
    });
  }

  // Marks: names and quotes in the article body, drawn in our closed shadow root over the page's text (the
  // page's own DOM untouched); the hover card by pointer and by keyboard; the reader page.
  {
    const seed = [...seeds.values()][2]!;
    const url = `${base}/positive/${TEMPLATES[0]}/${seed.id}`;
    await check(`${driver.name}: marks in the article body, hover card by pointer and keyboard, reader page, options applied live`, async () => {
      const tab = await visit(url);
      const listed = await until(() => inCard(tab, (root) => root?.querySelectorAll('[data-testid="mark-list"] button').length ?? 0, null).catch(() => 0));
      assert(listed > 0, 'the card lists no marks');
      const marks = await until(async () => {
        const boxes = await markBoxes(tab);
        return boxes.length ? boxes : null;
      }, 5_000);
      assert(marks, 'no mark drawn');
      assert(
        marks.every((m) => !m.inFurniture),
        `a mark outside the article body: ${JSON.stringify(marks.filter((m) => m.inFurniture))}`,
      );
      const names = marks.filter((m) => m.kind === 'name');
      const keys = [...new Map(names.map((m) => [m.mark, m.key])).values()];
      assert(new Set(keys).size === keys.length, `a name marked twice: ${keys}`);
      const putin = names.find((m) => m.key === 'putin');
      assert(putin && /Putin|Vladimir/.test(putin.word), `Putin is not marked where his name stands: ${JSON.stringify(names.map((m) => [m.key, m.word]))}`);
      // The page sees one element of ours and nothing inside it; its own text is as it was.
      const pageView = await tab.evaluate(() => ({ highlights: (globalThis as any).CSS?.highlights?.size ?? 0 }), null);
      assert(pageView.highlights === 0, `CSS.highlights holds ${pageView.highlights} of our highlights`);
      // Pointer: scroll the mark into view and hover it.
      await inCard(tab, () => window.scrollTo(0, 0), null);
      const target = await inCard(
        tab,
        (root) => {
          const box = root?.querySelector('.mark.name[data-key="putin"]');
          if (!box) return null;
          const b = box.getBoundingClientRect();
          window.scrollBy(0, b.top - innerHeight / 2);
          return true;
        },
        null,
      );
      assert(target, 'no drawn mark for Putin');
      await new Promise((r) => setTimeout(r, 300)); // drawn again after the scroll, if it moved
      const point = await inCard(
        tab,
        (root) => {
          const b = root!.querySelector('.mark.name[data-key="putin"]')!.getBoundingClientRect();
          return [b.left + Math.min(8, b.width / 2), b.top + b.height / 2 - 2];
        },
        null,
      );
      await tab.mouseMove(point[0]! + 40, point[1]! + 200);
      await tab.mouseMove(point[0]!, point[1]!);
      const hoverText = await cardText(tab, '[data-testid="hover-card"]', 5_000);
      assert(hoverText && /Appeared before in/.test(hoverText), `no hover card on the mark (${hoverText})`);
      await new Promise((r) => setTimeout(r, 300)); // the card fades in
      await tab.screenshot(join(shots, 'hover-card.png'));
      if (driver.name === 'chromium') await tab.screenshot(join(SCREENSHOTS, 'annotated-page-hover-card.png'));
      await tab.mouseMove(5, 5);
      await tab.press('Escape');
      // Keyboard: the card's list of marks is a keyboard path to the same hover cards.
      assert(await cardAct(tab, '[data-testid="mark-list"] button', 'focus'), 'no mark button to focus');
      const label = await until(() => inCard(tab, (root) => root?.querySelector('[data-testid="hover-card"]')?.getAttribute('aria-label') ?? null, null), 3_000);
      assert(label && /where it appeared before/.test(label), `focusing a mark opened no card (${label})`);
      await tab.press('Escape');
      const closed = await until(() => inCard(tab, (root) => !root?.querySelector('[data-testid="hover-card"]'), null), 3_000);
      assert(closed, 'Escape did not close the hover card');
      // The reader page: the full article, the matched passages marked.
      const found = await stateFor(ext, url);
      assert(found, 'no stored state');
      const first = found.state.related[0]!;
      const reader = await driver.openExtensionPage(`reader.html?id=${first.id}&tab=${found.tabId}`);
      try {
        await reader.waitFor('[data-testid="reader-article"] h1');
        const [title] = await reader.texts('[data-testid="reader-article"] h1');
        assert(title === first.title, `reader shows "${title}"`);
        const marked = await reader.texts('[data-testid="reader-article"] mark');
        assert(marked.length > 0, 'the reader marks no matched passage');
        if (driver.name === 'chromium') await reader.screenshot(join(SCREENSHOTS, 'reader.png'));
        await assertAccessible(driver, reader, 'reader');
      } finally {
        await reader.close();
      }
      // Options apply live in the open tab: marks off, then on again.
      const options = await driver.openExtensionPage('options.html');
      try {
        await options.waitFor('[data-testid="opt-marks"]');
        const highlightCount = async () => (await markBoxes(tab)).length;
        await options.evaluate(() => (document.querySelector('[data-testid="opt-marks"]') as HTMLInputElement).click(), null);
        assert((await until(async () => (await highlightCount()) === 0, 5_000)) === true, 'marks stayed after switching them off');
        await options.evaluate(() => (document.querySelector('[data-testid="opt-marks"]') as HTMLInputElement).click(), null);
        assert((await until(async () => (await highlightCount()) > 0, 5_000)) === true, 'marks did not come back');
        if (driver.name === 'chromium') await options.screenshot(join(SCREENSHOTS, 'options.png'));
        await assertAccessible(driver, options, 'options');
      } finally {
        await options.close();
      }

      // Turn off on this site: marks and card go at once, and the choice is remembered on reload.
      assert(await cardAct(tab, '[data-testid="turn-off-site"]', 'click'), 'no "turn off on this site" in the card');
      const gone = await until(() => inCard(tab, (root) => root === null, null), 5_000);
      assert(gone, 'card or marks stayed after turning Backstory off on this site');
      await tab.goto(url);
      await new Promise((r) => setTimeout(r, 1500));
      const after = await inCard(tab, (root) => root !== null, null).catch(() => false);
      assert(!after, 'our card or marks came back after a reload on a turned-off site');
      await ext.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.local.set({ disabledSites: [] }), null);
      await tab.close();
    });
  }

  // The worker stopped (as MV3 does after ~30 s idle): the tab's verdict and related list survive, and the
  // restarted worker answers from its prebuilt index.
  if (driver.stopWorker) {
    const seed = [...seeds.values()][0]!;
    const url = `${base}/positive/${TEMPLATES[1]}/${seed.id}`;
    await check(`${driver.name}: worker stopped: the popup still shows the tab's result, search still answers`, async () => {
      const tab = await visit(url);
      const found = await stateFor(ext, url);
      assert(found && found.state.related.length > 0, 'no result before the stop');
      await driver.stopWorker!();
      const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
      try {
        await popup.waitFor('[data-testid="related-list"]');
        const titles = await popup.texts('[data-testid="related-list"] > li .related-title');
        assert(titles.length === found.state.related.length, `popup lists ${titles.length}, stored ${found.state.related.length}`);
        await popup.evaluate((q: string) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
          input.value = q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, 'Gorchakov');
        await popup.waitFor('[data-testid="search-results"] li mark');
      } finally {
        await popup.close();
      }
      await tab.close();
    });
  }

  // The personal archive: the first article read becomes past coverage for the second; a stopped worker
  // finds it again in IndexedDB.
  {
    const [first, second] = [...archivePages().keys()].map((p) => `${base}${p}`);
    await check(`${driver.name}: archive: an article read earlier is related coverage for the next, and survives a worker stop`, async () => {
      const a = await visit(first!);
      const saved = await stateFor(ext, first!);
      assert(saved?.state.verdict.onTopic, 'the first article is not on topic');
      assert(
        (saved.state as { archived?: string }).archived === 'saved' || (saved.state as { archived?: string }).archived === 'updated',
        `first article not archived: ${JSON.stringify((saved.state as { archived?: string }).archived)}`,
      );
      await a.close();
      const b = await visit(second!);
      const found = await stateFor(ext, second!);
      assert(found, 'no result for the second article');
      const fromArchive = found.state.related.find((r) => r.title === 'Putin and Trump meet in Helsinki for their first summit');
      assert(
        fromArchive && (fromArchive as { source?: string }).source === 'archive',
        `the first article is not related coverage: ${found.state.related.map((r) => r.title).join(' | ')}`,
      );
      if (driver.stopWorker) await driver.stopWorker();
      const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
      try {
        await popup.waitFor('[data-testid="related-list"] .chip.archive');
        await popup.evaluate((q: string) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
          input.value = q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, 'Helsinki');
        await popup.waitFor('[data-testid="search-results"] li mark');
        const titles = await popup.texts('[data-testid="search-results"] li .related-title');
        assert(
          titles.some((x) => /Helsinki/.test(x)),
          `search after a worker stop: ${titles.join(' | ')}`,
        );
      } finally {
        await popup.close();
      }
      const options = await driver.openExtensionPage('options.html');
      try {
        await options.waitFor('[data-testid="archive-list"] li');
        const listed = await options.texts('[data-testid="archive-list"] li');
        assert(
          listed.some((x) => /Helsinki for their first summit/.test(x)),
          'the options page does not list the archived article',
        );
        if (driver.name === 'chromium') await options.screenshot(join(SCREENSHOTS, 'options-archive.png'));
      } finally {
        await options.close();
      }
      await b.close();
    });
  }

  // A single-page app: a re-render keeps correct marks; navigating to an off-topic view clears marks,
  // card and badge.
  {
    const url = `${base}/spa/article.html`;
    await check(`${driver.name}: SPA re-render keeps marks; History API navigation off topic clears them and the badge`, async () => {
      const tab = await visit(url);
      assert((await cardText(tab, '[data-testid="backstory-count"]', 15_000)) !== null, 'no card on the SPA article');
      // Each drawn mark, by what it marks and the page word under it.
      const drawn = async () => (await markBoxes(tab)).map((m) => `${m.key}:${m.word}`).sort();
      const before = await until(async () => ((await drawn()).length ? drawn() : null), 5_000);
      assert(before?.length, 'no marks on the SPA article');
      await tab.evaluate(() => (window as any).__rerender(), null);
      let after = await drawn();
      for (let k = 0; k < 20 && JSON.stringify(after) !== JSON.stringify(before); k++) {
        await new Promise((r) => setTimeout(r, 250));
        after = await drawn();
      }
      assert(JSON.stringify(after) === JSON.stringify(before), `after a re-render: ${JSON.stringify(after)} (before ${JSON.stringify(before)})`);
      await tab.evaluate(() => (window as any).__goOffTopic(), null);
      const moved = await stateFor(ext, `${base}/spa/weather.html`, 15_000);
      assert(moved, 'the new address was never analysed');
      assert(!moved.state.verdict.onTopic && moved.badge === '', `after navigating: onTopic=${moved.state.verdict.onTopic}, badge "${moved.badge}"`);
      const left = await until(async () => ((await markBoxes(tab)).length === 0 ? true : null), 3_000);
      assert(left, 'marks left after navigating away');
      assert((await cardText(tab, '[data-testid="backstory-card"]', 500)) === null, 'the card stayed');
      await tab.close();
    });
  }

  // Off-topic: real saved pages, several with Russia, Putin or Washington in passing or in furniture.
  const pages = devPages();
  const negatives = driver.name === 'chromium' ? pages : pages.filter((_, k) => k % 3 === 0);
  for (const page of negatives) {
    const url = `${base}/dev/${page}`;
    await check(`${driver.name}: off-topic page ${page.slice(0, 40)} gets no card and no badge`, async () => {
      const tab = await visit(url);
      // Some saved pages rewrite their own address (history.replaceState); the script reports where it ran.
      const found = await stateFor(ext, [url, await tab.evaluate(() => location.href, null)]);
      assert(found, 'the content script reported nothing for this page');
      assert(!found.state.verdict.onTopic, `judged on topic: ${found.state.verdict.reason}`);
      assert(found.badge === '', `badge is "${found.badge}"`);
      assert((await cardText(tab, '[data-testid="backstory-card"]', 300)) === null, 'a card appeared');
      await tab.close();
    });
  }

  // Bad input: never a crash, never page text as markup.
  for (const [path, expectation] of badInputPages()) {
    const url = `${base}${path}`;
    await check(`${driver.name}: bad input ${path}: ${expectation.label}`, async () => {
      let tab: Tab | undefined;
      let found: Awaited<ReturnType<typeof stateFor>> = null;
      const load = async () => {
        tab = await visit(url, expectation.neverLoads ? 'domcontentloaded' : 'load');
        found = await stateFor(ext, url, 20_000);
        // The marks and the card come after the verdict: traced too (Chromium; Firefox's queries would run
        // in the main world, which some of these pages booby-trap).
        if (driver.trace && found?.state.verdict.onTopic && !expectation.cardBlocked) await cardText(tab!, '[data-testid="backstory-count"]', 5_000);
      };
      // Chromium: traced, and no main-thread task of 50 ms or more may hold 50 ms of our content scripts'
      // work. Loading one of them (V8 compiling it and running its top level, once per page) is held to the
      // same 50 ms goal and every load over it is reported, but the check fails only at twice the goal: a
      // script's load follows the machine's speed more than our code (on this project's machines the same
      // build loaded up to 4 times slower one day than another), and speed goals are a benchmark's, not a
      // gate's (brief). The bound still catches a script grown out of hand.
      const events = driver.trace ? await driver.trace(load) : (await load(), []);
      if (driver.trace) {
        const isOurs = (u: string) => u.startsWith(driver.extensionOrigin);
        const [firstLook, analysis, readability] = ['/content.js', '/article.js', '/readability.js'].map((name) =>
          longestEvaluationOf(events, (u) => isOurs(u) && u.endsWith(name)),
        ) as [number, number, number];
        const loads = { firstLook, analysis, readability };
        if (Math.max(...Object.values(loads)) >= 50)
          loadsOverGoal.push(
            `${path}: ${Object.entries(loads)
              .map(([k, v]) => `${k} ${v.toFixed(1)}`)
              .join(', ')}`,
          );
        assert(Math.max(...Object.values(loads)) < 100, `loading our scripts took 100 ms or more: ${JSON.stringify(loads)}`);
        if (firstLook > longestEvaluation.firstLook) Object.assign(longestEvaluation, { firstLook, firstLookAt: path });
        if (analysis > longestEvaluation.analysis) Object.assign(longestEvaluation, { analysis, analysisAt: path });
        // Readability, the third script, is loaded only where the other ways found no body.
        longestEvaluation.readability = Math.max(longestEvaluation.readability, readability);
        if (expectation.readability) assert(readability > 0, 'Readability was not loaded into a page only it can read');
        const ours = longTasksWith(events, isOurs, isScriptLoad);
        const worst = Math.max(0, ...ours.map((t) => t.ours));
        noteStretch(events, (u) => isOurs(u) && u.includes('/content-scripts/'), path);
        const seen = scriptSeen(events, isOurs);
        assert(seen.count > 0, 'the trace shows none of our content script (is the reading attributing script?)');
        longestOfOurs = Math.max(longestOfOurs, worst);
        assert(worst < 50, `a task held ${worst.toFixed(1)} ms of our code: ${JSON.stringify(ours)}`);
      }
      assert(tab, 'the page did not open');
      found = found as Awaited<ReturnType<typeof stateFor>>;
      assert(found, 'the content script reported nothing (crashed or hung?)');
      assert(found.state.verdict.onTopic === expectation.onTopic, `onTopic = ${found.state.verdict.onTopic}: ${found.state.verdict.reason}`);
      const pwned = await tab.evaluate(() => (window as any).__pwned ?? null, null);
      assert(pwned === null, 'a payload from the page executed');
      const markup = await inCard(tab, (root) => (root ? root.querySelectorAll('img, script, iframe, svg, a[href^="javascript"]').length : 0), null).catch(() => 0);
      assert(markup === 0, 'page text was rendered as markup inside the card');
      if (path === '/bad/hostile.html') {
        // Our pages show the page's text literally: the popup (its verdict and title) and the reader's "related to".
        for (const page of [`popup.html?tab=${found.tabId}`, `reader.html?id=${found.state.related[0]?.id}&tab=${found.tabId}`]) {
          const view = await driver.openExtensionPage(page);
          try {
            await view.waitFor('main h1, main strong');
            const html = await view.evaluate(
              () => ({
                tags: document.querySelectorAll('main img, main script, main svg:not([data-testid="timeline"]), main iframe, main b').length,
                pwned: (window as any).__pwned ?? null,
              }),
              null,
            );
            assert(html.tags === 0 && html.pwned === null, `${page}: page text became markup (${JSON.stringify(html)})`);
          } finally {
            await view.close();
          }
        }
      }
      if (expectation.onTopic) {
        const titles = found.state.related.map((r) => r.title).join(' | ');
        assert(found.state.related.length > 0, `no related coverage (${titles})`);
        // Read in the extension's own world: the page's broken prototypes do not reach it.
        if (!expectation.cardBlocked) assert((await cardText(tab, '[data-testid="backstory-count"]', 5_000)) === String(found.state.related.length), 'card count differs');
      }
      await tab.close();
    });
  }
  // Pathological pages, generated: one huge paragraph, 200 000 sibling spans, a megabyte-long headline,
  // 20 000 headings, paragraphs built against our patterns. Each is read on topic and shown, and (in the
  // Chromium trace) no main-thread task holds 50 ms of our work.
  for (const [path, page] of PATHOLOGICAL) {
    const url = `${base}${path}`;
    await check(`${driver.name}: pathological page (${page.label}): read and shown without holding the page`, async () => {
      let tab: Tab | undefined;
      let found: Awaited<ReturnType<typeof stateFor>> = null;
      const load = async () => {
        tab = await visit(url, 'domcontentloaded');
        found = await stateFor(ext, url, 30_000);
        if (found?.state.verdict.onTopic) await cardText(tab, '[data-testid="backstory-count"]', 10_000);
        await new Promise((r) => setTimeout(r, 500));
      };
      const events = driver.trace ? await driver.trace(load) : (await load(), []);
      found = found as Awaited<ReturnType<typeof stateFor>>;
      assert(tab && found, 'no verdict for the page (frozen, or crashed?)');
      assert(found.state.verdict.onTopic, `judged off topic: ${found.state.verdict.reason}`);
      assert((await cardText(tab, '[data-testid="backstory-count"]', 5_000)) !== null, 'no card');
      if (driver.trace) {
        const isOurs = (u: string) => u.startsWith(driver.extensionOrigin) && u.includes('/content-scripts/');
        const ours = longTasksWith(events, isOurs, isScriptLoad);
        noteStretch(events, isOurs, page.label);
        assert(scriptSeen(events, isOurs).count > 0, 'the trace shows none of our content script');
        const worst = Math.max(0, ...ours.map((t) => t.ours));
        longestOfOurs = Math.max(longestOfOurs, worst);
        assert(worst < 50, `a task held ${worst.toFixed(1)} ms of our code: ${JSON.stringify(ours)}`);
      }
      await tab.close();
    });
  }

  // A page that reads every shadow root, CSS.highlights and adopted style sheet it can reach, and tries to
  // rewrite what it finds: nothing of ours is there to read or write (its own root and highlight are).
  {
    const url = `${base}/watch/reader.html`;
    await check(`${driver.name}: a page that reads shadow roots, highlights and style sheets finds nothing of ours, and rewrites nothing`, async () => {
      const tab = await visit(url);
      const found = await stateFor(ext, url);
      assert(found?.state.verdict.onTopic && found.state.related.length > 0, 'no related coverage on the page');
      const verdict = await cardText(tab, '.verdict', 10_000);
      assert(verdict, 'no card');
      await until(async () => ((await markBoxes(tab)).length ? true : null), 5_000);
      await new Promise((r) => setTimeout(r, 1500)); // the page looks four times a second
      const seen = JSON.parse((await tab.evaluate(() => document.documentElement.dataset.found ?? 'null', null)) ?? 'null') as {
        texts: string[];
        highlights: string[];
        sheets: string[];
        messages: string[];
        wrote: number;
      } | null;
      assert(seen, 'the page recorded nothing (did its script run?)');
      assert(
        seen.texts.includes('CONTROL-TEXT') && (seen.highlights.includes('control-highlight') || driver.name === 'firefox'),
        `the page did not even find its own shadow root and highlight (positive control): ${JSON.stringify(seen).slice(0, 300)}`,
      );
      const ours = [found.state.verdict.reason, ...found.state.related.map((r) => r.title)];
      const leaked = [...seen.texts, ...seen.sheets].filter((t) => ours.some((o) => t.includes(o.slice(0, 40))) || /backstory|mark\.name|\.hover/i.test(t));
      assert(leaked.length === 0, `the page read our UI: ${leaked.join(' | ').slice(0, 300)}`);
      assert(
        seen.highlights.every((h) => h === 'control-highlight'),
        `the page listed highlights of ours: ${seen.highlights}`,
      );
      assert(seen.messages.length === 0, `the page received messages: ${seen.messages.join(' | ')}`);
      assert((await cardText(tab, '.verdict', 1_000)) === verdict, 'the verdict in our card changed');
      await tab.close();
    });
  }

  // A page that forges the framework's messages and events (knowing our id) must not switch us off, make
  // our scripts throw, or hear from us.
  {
    const id = driver.name === 'chromium' ? new URL(driver.extensionOrigin).host : GECKO_ID;
    const url = `${base}/watch/forger.html?id=${encodeURIComponent(id)}`;
    await check(`${driver.name}: forged framework events and messages leave the card and marks in place and our scripts without errors`, async () => {
      const tab = await visit(url);
      const found = await stateFor(ext, url);
      assert(found?.state.verdict.onTopic, 'not on topic');
      assert((await cardText(tab, '[data-testid="backstory-count"]', 10_000)) !== null, 'no card before the forgeries');
      const before = await until(async () => ((await markBoxes(tab)).length ? (await markBoxes(tab)).length : null), 5_000);
      assert(before, 'no marks before the forgeries');
      await new Promise((r) => setTimeout(r, 4_000));
      const seen = JSON.parse((await tab.evaluate(() => document.documentElement.dataset.found ?? 'null', null)) ?? 'null') as { messages: string[]; dispatched: number } | null;
      assert(seen && seen.dispatched >= 30, `the page did not forge its events: ${JSON.stringify(seen)}`);
      assert((await cardText(tab, '[data-testid="backstory-count"]', 1_000)) !== null, 'the forged events took our card away');
      assert((await markBoxes(tab)).length === before, 'the forged events changed our marks');
      assert(
        seen.messages.every((m) => !m.includes(id) && !/wxt|backstory/i.test(m)),
        `the page heard from us: ${seen.messages.join(' | ')}`,
      );
      const after = await stateFor(ext, url, 1_000);
      assert(after?.state.verdict.onTopic, 'the page is no longer judged on topic');
      if (driver.name === 'chromium') {
        assert(tab.ourErrors().length === 0, `our scripts threw: ${tab.ourErrors().join(' | ')}`);
        // Positive control: an error thrown in our world, under our script's name, is seen.
        await tab.isolated(`setTimeout(() => { throw new Error('control'); }, 0)\n//# sourceURL=${driver.extensionOrigin}/content-scripts/control.js`);
        assert(await until(async () => tab.ourErrors().some((e) => /control/.test(e)), 3_000), 'an error thrown in our world went unseen (positive control)');
      }
      await tab.close();
    });
  }

  // The body only in JSON-LD and a ticker four times a second: once the page is analysed, our scripts stay
  // idle (the ticker's changes hold none of the article's text); traced in Chromium.
  if (driver.trace) {
    const url = `${base}/watch/ticker.html`;
    await check(`${driver.name}: a page that changes all the time (a ticker) keeps our scripts idle between real changes`, async () => {
      const events = await driver.trace!(async () => {
        const tab = await visit(url);
        const found = await stateFor(ext, url);
        assert(found?.state.verdict.onTopic, 'not on topic');
        await cardText(tab, '[data-testid="backstory-count"]', 10_000);
        await new Promise((r) => setTimeout(r, 1_000));
        await tab.evaluate(() => void performance.mark('idle-from'), null);
        await new Promise((r) => setTimeout(r, 4_000));
        await tab.evaluate(() => void performance.mark('idle-to'), null);
        await tab.close();
      });
      const isOurs = (u: string) => u.startsWith(driver.extensionOrigin) && u.includes('/content-scripts/');
      assert(scriptSeen(events, isOurs).count > 0, 'the trace shows none of our content script');
      // The stretch between two marks the page's own clock set, found in the trace by name.
      const window = traceWindow(events, 'idle-from', 'idle-to');
      assert(window, 'could not place the idle stretch in the trace');
      const busy = scriptTime(events, isOurs, window[0], window[1]);
      const page = scriptTime(events, (u) => u.startsWith(base), window[0], window[1]);
      console.log(`      (4 s of a ticker after the analysis: our scripts ran ${busy.toFixed(2)} ms; the page's own script ${page.toFixed(2)} ms)`);
      assert(page > 0, "the reading saw none of the page's own ticker (positive control)");
      assert(busy < 5, `our scripts ran ${busy.toFixed(1)} ms while only the ticker changed`);
    });
  }

  // The trace reading's positive control: a page script that runs 80 ms at once is found, named by its page.
  if (driver.trace) {
    await check(`${driver.name}: the trace reading finds a page script's 80 ms task (positive control)`, async () => {
      const url = `${base}/control/busy.html`;
      const events = await driver.trace!(async () => {
        const tab = await visit(url);
        await new Promise((r) => setTimeout(r, 500));
        await tab.close();
      });
      const found = longTasksWith(events, (u) => u.startsWith(url));
      assert(
        found.some((t) => t.ours >= 75),
        `the busy page's task was not found: ${JSON.stringify(found)}`,
      );
      console.log(
        `      (bad-input and pathological pages, Chromium trace: the longest stretch of our content scripts' work in one task ${longestStretch.ms.toFixed(1)} ms (${longestStretch.at}); in a task of 50 ms or more, ${longestOfOurs.toFixed(1)} ms; the scripts' load (compile and top level), at most ${longestEvaluation.firstLook.toFixed(1)} ms for the first look (${longestEvaluation.firstLookAt}), ${longestEvaluation.analysis.toFixed(1)} ms for the full analysis (${longestEvaluation.analysisAt}), ${longestEvaluation.readability.toFixed(1)} ms for Readability; loads of 50 ms or more: ${loadsOverGoal.length ? loadsOverGoal.join('; ') : 'none'})`,
      );
    });
  }

  // Zero network in Firefox: every request Firefox sends goes through the test server as its proxy. On
  // sealed pages (a CSP that lets the page itself load nothing), everything seen besides the pages we
  // open is someone else's: the content script's, the background page's or our pages'.
  if (driver.name === 'firefox') {
    await check(`${driver.name}: zero network: visiting sealed on-topic pages and using the popup, reader and options sends nothing but the pages themselves`, async () => {
      const mark = server.requests.length;
      const opened: string[] = [];
      const pages = [...seeds.keys()].slice(0, 2).map((id, k) => `${base}/positive/${TEMPLATES[k]}/${id}?sealed`);
      for (const url of pages) {
        const tab = await visit(url);
        opened.push(url);
        const found = await stateFor(ext, url);
        assert(found?.state.verdict.onTopic && found.state.related.length > 0, `no related coverage on the sealed page ${url}`);
        assert((await cardText(tab, '[data-testid="backstory-count"]', 10_000)) !== null, 'no card on a sealed page (the page CSP must not stop our UI)');
        for (const path of [`popup.html?tab=${found.tabId}`, `reader.html?id=${found.state.related[0]!.id}&tab=${found.tabId}`, 'options.html']) {
          const page = await driver.openExtensionPage(path);
          await new Promise((r) => setTimeout(r, 500));
          await page.close();
        }
        await tab.close();
      }
      await new Promise((r) => setTimeout(r, 1000));
      const all = server.requests.slice(mark).map(([host, path]) => (path === 'CONNECT' ? `CONNECT ${host}` : `http://${host}${path}`));
      // Firefox's own services (Remote Settings sync, which a release build will not point elsewhere) are
      // the browser's, not ours: our pages cannot reach any host (CSP connect-src 'none'), and no built
      // script has a network API (the build scan above).
      const browserOwn = (u: string) => /^CONNECT [\w.-]+\.(?:mozilla\.(?:com|net|org)|firefox\.com):443$/.test(u);
      const seen = all.filter((u) => !browserOwn(u));
      const expected = new Set(opened);
      const other = seen.filter((u) => !expected.has(u));
      console.log(`      (Firefox's own service requests set aside: ${all.length - seen.length}; pages: ${opened.length})`);
      assert(
        opened.every((u) => seen.includes(u)),
        `the proxy did not see the pages themselves (is it recording?): ${seen.slice(0, 5).join(', ')}`,
      );
      assert(other.length === 0, `requests beyond the pages: ${other.slice(0, 8).join(', ')}`);
      // Positive control: a request Firefox makes elsewhere (here a navigation over HTTPS) reaches the recorder.
      const control = await driver.newTab();
      await control.goto('https://control.example/', 'domcontentloaded').catch(() => undefined);
      await control.close();
      assert(
        server.requests.slice(mark).some(([host, path]) => path === 'CONNECT' && host.startsWith('control.example')),
        'the recorder missed an HTTPS request (positive control)',
      );
    });
  }

  // Zero network: everything the worker and our pages requested while all the above ran is our own files.
  if (driver.extensionRequests) {
    await check(`${driver.name}: zero network: the worker, our pages and the content script requested nothing beyond the extension's own files`, async () => {
      const requests = driver.extensionRequests!();
      const outside = requests.filter((u) => !u.startsWith(`${driver.extensionOrigin}/`) && !u.startsWith('data:'));
      assert(requests.length > 0, 'no request was recorded at all (is the recorder working?)');
      assert(outside.length === 0, `requests to the network: ${outside.slice(0, 5).join(', ')}`);
      // Positive control, after the count: a request made from the content script's world is recorded.
      if (driver.controlRequestFromContentScript) {
        const control = `${base.replace('www.reuters.com', 'www.politico.com')}/control-from-content-script`;
        assert(
          await driver.controlRequestFromContentScript(`${base}/positive/${TEMPLATES[0]}/${[...seeds.keys()][0]}`, control),
          'the recorder missed a request made from the content script (positive control)',
        );
      }
    });
  }
  await ext.close();
}

/** The generated pathological pages, by the path they are served at. */
const PATHOLOGICAL = new Map(pathologicalPages('test').map((page, k) => [`/pathological/${k}-${page.family}.html`, page]));

/** A page whose own script holds the main thread for 80 ms, once. */
const BUSY_PAGE = `<!doctype html><title>busy</title><script>setTimeout(function busy() { const t = performance.now(); while (performance.now() - t < 80); }, 50);</script>`;
const server = await startServer(
  seeds,
  new Map([
    ...[...badInputPages()].map(([p, e]) => [p, e.html] as [string, string]),
    ...archivePages(),
    ...watchingPages(),
    ...[...PATHOLOGICAL].map(([p, page]) => [p, page.html] as [string, string]),
    ['/blank.html', '<!doctype html><title>blank</title>'],
    ['/control/busy.html', BUSY_PAGE],
  ]),
);
try {
  await manifestChecks();
  if (!only.length || only.includes('chromium')) {
    await check('chromium: archive store: a full storage quota is reported (save and import), and nothing saved before is lost', async () => {
      const r = await quotaScenario(`http://127.0.0.1:${server.port}/blank.html`);
      assert(r.before.length === 3, `the store did not take the first three articles: ${r.before.length}`);
      for (const [what, o] of [
        ['import', r.imported],
        ['save', r.saved],
      ] as const) {
        assert(!o.ok, `the ${what} over the quota succeeded`);
        assert(
          o.kind === 'quota' && /full/.test(o.message ?? '') && /nothing saved before was lost/.test(o.message ?? ''),
          `the ${what} over the quota said: ${o.kind} ${o.message}`,
        );
      }
      assert(JSON.stringify(r.ids.sort()) === JSON.stringify(r.before.sort()), `the archive changed: ${r.before.length} -> ${r.ids.length}`);
    });
  }
  const browsers: [string, () => Promise<Driver>][] = [
    ['chromium', () => launchChromium(join(ROOT, '.output/chrome-mv3'), server.port)],
    ['firefox', () => launchFirefox(join(ROOT, '.output/firefox-mv2'), server.port, GECKO_ID)],
  ];
  for (const [name, launch] of browsers) {
    if (only.length && !only.includes(name)) continue;
    console.log(`${name}:`);
    let driver: Driver | undefined;
    try {
      // Starting a browser over its remote protocol now and then fails on this 2-core machine: retry once.
      driver = await launch().catch(async (error: unknown) => {
        console.log(`  (retrying ${name} start after: ${String(error).slice(0, 120)})`);
        return launch();
      });
      await scenarios(driver, 'http://www.reuters.com');
    } catch (error) {
      failed++;
      console.log(`  ✗ ${name} could not run: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      await driver?.close().catch(() => undefined);
    }
  }
} finally {
  await server.close();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
