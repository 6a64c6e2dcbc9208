/** Off-topic: real saved pages, several with Russia, Putin or Washington in passing or in furniture, get no card and no badge. */
import { describe, it } from 'vitest';
import { cardText } from './card';
import { devPages } from '../fixtures/positives';
import { assert, BASE, BROWSERS, useBrowser } from './harness';
import { stateFor } from './state';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // Off-topic: real saved pages, several with Russia, Putin or Washington in passing or in furniture.
  const pages = devPages();
  // Firefox reads every third (its visits are slower, and the pages the same).
  const negatives = name === 'chromium' ? pages : pages.filter((_, k) => k % 3 === 0);
  for (const page of negatives) {
    const url = `${BASE}/dev/${page}`;
    it(`off-topic page ${page.slice(0, 40)} gets no card and no badge`, async () => {
      const { ext, visit } = ctx;
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
});
