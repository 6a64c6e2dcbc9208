/**
 * `npm run screenshots`: every surface of Backstory in real Chromium with the production build, light
 * and dark, wide and narrow, written to tests/screenshots/ (the README shows some). Not part of
 * `npm test`: pictures are for looking at, and a test run should not rewrite files in the repo.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inCard } from './card';
import { launchChromium, type Tab } from './drivers';
import { BASE, ROOT, seeds, testServer } from './harness';
import { stateFor, until } from './state';
import { siteOf } from '../../src/text/urls';

const OUT = join(ROOT, 'tests/screenshots');
mkdirSync(OUT, { recursive: true });
const server = await testServer();
const driver = await launchChromium(join(ROOT, '.output/chrome-mv3'), server.port);
const written: string[] = [];
const shot = async (tab: Tab, name: string) => {
  await new Promise((r) => setTimeout(r, 300)); // fades and the marks' drawing after paint
  await tab.screenshot(join(OUT, name));
  written.push(name);
};
const theme = (value: 'dark' | null) =>
  ext.evaluate((v) => (v ? (globalThis as any).chrome.storage.local.set({ theme: v }) : (globalThis as any).chrome.storage.local.remove('theme')), value);

const ext = await driver.openExtensionPage('popup.html?tab=999999');
try {
  const seed = [...seeds.values()][2]!;
  // A page laid out with a text column (../fixtures/column.ts): the card takes its place beside it.
  const url = `${BASE}/column/${seed.id}`;
  // The article with its card and marks, wide and narrow; then a hover card open on the first name.
  const tab = await driver.newTab();
  await tab.setViewport(1280, 800);
  await tab.goto(url);
  const found = await stateFor(ext, url);
  if (!found) throw new Error('no result for the article page');
  await until(() => inCard(tab, (root) => (root?.querySelector('.mark') ? true : null), null), 10_000);
  await shot(tab, 'annotated-page.png');
  const point = await inCard(
    tab,
    (root) => {
      const box = root!.querySelector('.mark.name')!;
      if (box.getBoundingClientRect().top > innerHeight - 200) window.scrollBy(0, box.getBoundingClientRect().top - 200);
      const b = box.getBoundingClientRect();
      return [b.left + 6, b.top + b.height / 2 - 2];
    },
    null,
  );
  await new Promise((r) => setTimeout(r, 300));
  await tab.mouseMove(point[0]! + 30, point[1]! + 150);
  await tab.mouseMove(point[0]!, point[1]!);
  await until(() => inCard(tab, (root) => (root?.querySelector('[data-testid="hover-card"]') ? true : null), null), 5_000);
  await shot(tab, 'annotated-page-hover-card.png');
  // Narrow: no room beside the column, so the card starts as a tab at the edge.
  await tab.setViewport(800, 800);
  await tab.mouseMove(5, 5);
  await tab.goto(url);
  await until(() => inCard(tab, (root) => (root?.querySelector('.mark') ? true : null), null), 10_000);
  await shot(tab, 'annotated-page-narrow.png');

  // The popup, the reader and the options, light and dark, at their own sizes.
  for (const mode of ['light', 'dark'] as const) {
    await theme(mode === 'dark' ? 'dark' : null);
    const suffix = mode === 'dark' ? '-dark' : '';
    const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
    await popup.setViewport(400, 600);
    await popup.waitFor('[data-testid="related-list"]');
    await shot(popup, `popup${suffix}.png`);
    await popup.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
      input.value = 'Crimea';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, null);
    await popup.waitFor('[data-testid="search-results"] li mark');
    await shot(popup, `popup-search${suffix}.png`);
    await popup.close();
    const welcome = await driver.openExtensionPage('welcome.html');
    await welcome.setViewport(1000, 1100);
    await welcome.waitFor('[data-testid="welcome-corpus"] li');
    await shot(welcome, `welcome${suffix}.png`);
    await welcome.close();
    const reader = await driver.openExtensionPage(`reader.html?id=${found.state.related[0]!.id}&tab=${found.tabId}`);
    await reader.setViewport(1000, 800);
    await reader.waitFor('[data-testid="reader-article"] h1');
    await shot(reader, `reader${suffix}.png`);
    await reader.close();
    const options = await driver.openExtensionPage('options.html');
    await options.setViewport(1000, 900);
    await options.waitFor('[data-testid="opt-marks"]');
    await shot(options, `options${suffix}.png`);
    await options.setViewport(420, 900);
    await shot(options, `options${suffix}-narrow.png`);
    await options.close();
  }
  await theme(null);
  // Off on this site: the popup says so, with the way back on.
  await ext.evaluate((site) => (globalThis as any).chrome.storage.local.set({ disabledSites: [site] }), siteOf(url));
  await tab.goto(url);
  const off = await until(async () => ((await stateFor(ext, url, 2_000))?.state.off ? true : null), 5_000);
  if (off) {
    const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
    await popup.setViewport(400, 300);
    await popup.waitFor('[data-testid="site-off"]');
    await shot(popup, 'popup-off.png');
    await popup.close();
  }
  await ext.evaluate(() => (globalThis as any).chrome.storage.local.remove('disabledSites'), null);
  await tab.close();
  console.log(`wrote ${written.length} screenshots to tests/screenshots/: ${written.join(', ')}`);
} finally {
  await driver.close();
  await server.close();
}
