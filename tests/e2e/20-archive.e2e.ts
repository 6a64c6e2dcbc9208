/**
 * The personal archive and the worker's life: an article read earlier is related coverage for the
 * next, and survives the worker being stopped (as MV3 does after about 30 s idle); the tab's result and
 * search survive it too.
 */
import { describe, it } from 'vitest';
import { TEMPLATES } from '../fixtures/positives';
import { assert, BASE, BROWSERS, seeds, useBrowser } from './harness';
import { archivePages } from './pages';
import { stateFor, until } from './state';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // The worker stopped (as MV3 does after ~30 s idle): the tab's verdict and related list survive, and the
  // restarted worker answers from its prebuilt index.
  if (name === 'chromium') {
    const seed = [...seeds.values()][0]!;
    const url = `${BASE}/positive/${TEMPLATES[1]}/${seed.id}`;
    it(`worker stopped: the popup still shows the tab's result, search still answers`, async () => {
      const { driver, ext, visit } = ctx;
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
    const [first, second] = [...archivePages().keys()].map((p) => `${BASE}${p}`);
    it(`archive: an article read earlier is related coverage for the next, and survives a worker stop`, async () => {
      const { driver, ext, visit } = ctx;
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
        // Each archived item opens in the reader, links to its original address and shows its dates.
        const item = await options.evaluate(
          () =>
            [...document.querySelectorAll('[data-testid="archive-list"] li')]
              .map((li) => ({
                text: li.textContent ?? '',
                reader: li.querySelector('[data-testid="archive-link"]')?.getAttribute('href') ?? null,
                original: li.querySelector('[data-testid="archive-original"]')?.getAttribute('href') ?? null,
              }))
              .find((x) => /Helsinki for their first summit/.test(x.text)) ?? null,
          null,
        );
        assert(item?.reader && /reader\.html\?id=/.test(item.reader), `the archived item opens ${item?.reader}`);
        assert(item.original === first, `the archived item's original address is ${item.original}, not ${first}`);
        assert(/kept \d{1,2} \w{3} \d{4}/.test(item.text), `the archived item shows no dates: ${item.text}`);
        const reader = await driver.openExtensionPage(item.reader.replace(/^.*\/(reader\.html)/, '$1'));
        try {
          await reader.waitFor('[data-testid="reader-article"] h1');
          const [title] = await reader.texts('[data-testid="reader-article"] h1');
          assert(/Helsinki for their first summit/.test(title ?? ''), `the archive's link opened “${title}”`);
        } finally {
          await reader.close();
        }
        // The site list says how many sites it holds and can be filtered.
        const [count] = await options.texts('[data-testid="sites-count"]');
        const all = (await options.texts('[data-testid="default-sites"] label')).length;
        assert(count?.includes(String(all)) && all > 50, `the site count says "${count}" for ${all} sites`);
        await options.evaluate(() => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="sites-filter"]')!;
          input.value = 'reuters';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, null);
        const filtered = await until(async () => {
          const labels = await options.texts('[data-testid="default-sites"] label');
          return labels.length > 0 && labels.length < all ? labels : null;
        }, 3_000);
        assert(
          filtered?.every((l) => l.includes('reuters')),
          `the filter kept ${JSON.stringify(filtered)}`,
        );
      } finally {
        await options.close();
      }
      await b.close();
    });
  }
});
