/**
 * Real pages as their sites served them (../../../shared/labelled-pages), each under its own host: an
 * on-topic article gets the badge, the card and the popup's list, each item saying why it is related
 * and whether it is earlier or later than the page; an off-topic page about Russia gets none of them.
 */
import { describe, it } from 'vitest';
import { assertMarked, cardAct, cardText, inCard } from './card';
import { assert, BROWSERS, useBrowser } from './harness';
import { jsonLdBodiedPages, servedLabelledPages, servedUrl } from './labelled';
import { stateFor, until } from './state';
import { ENTITIES } from '../../src/text';

/** The names every story of the topic carries: never a reason on their own. */
const GENERIC = new Set(ENTITIES.filter((e) => e.generic).map((e) => e.name));

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  const jsonLd = jsonLdBodiedPages();
  it('marks on pages whose text the extractor read from JSON-LD', async () => {
    assert(jsonLd.length > 0, 'no labelled page has its body in JSON-LD: the test would prove nothing');
    for (const page of jsonLd) {
      const url = servedUrl(page);
      const tab = await ctx.visit(url);
      const found = await stateFor(ctx.ext, [url, url.replace(/^http:/, 'https:')], 20_000);
      assert(found?.state.verdict.onTopic, `${page.host}: not judged on topic in the browser`);
      assert((await cardText(tab, '[data-testid="backstory-count"]', 15_000)) !== null, `${page.host}: no card`);
      const marks = await assertMarked(tab);
      // The words under the marks are the page's own, where the names stand.
      assert(
        marks.some((m) => m.kind === 'name' && m.word.length > 1),
        `${page.host}: no name marked where it stands: ${JSON.stringify(marks.map((m) => [m.key, m.word]))}`,
      );
      await tab.close();
    }
  });
  for (const page of servedLabelledPages()) {
    const url = servedUrl(page);
    const onTopic = page.label === 'on-topic';
    it(`real page labelled ${page.label} (${page.lang}, ${page.host}): ${onTopic ? 'badge, card and popup' : 'no badge, no card'}`, async () => {
      const { driver, ext, visit } = ctx;
      const tab = await visit(url);
      // Chromium asks sites on its HSTS preload list over HTTPS (the test server answers there too).
      const found = await stateFor(ext, [url, url.replace(/^http:/, 'https:')], 20_000);
      assert(found, 'the worker stored no result for the page');
      assert(found.state.verdict.onTopic === onTopic, `verdict onTopic = ${found.state.verdict.onTopic}: ${found.state.verdict.reason}`);
      if (!onTopic) {
        assert(found.badge === '', `badge "${found.badge}" on an off-topic page`);
        assert((await cardText(tab, '[data-testid="backstory-count"]', 1_500)) === null, 'a card on an off-topic page');
        await tab.close();
        return;
      }
      const countText = await cardText(tab, '[data-testid="backstory-count"]', 15_000);
      assert(countText !== null && Number(countText) >= 1, `card count "${countText}"`);
      assert(found.badge === countText, `badge "${found.badge}" != card count ${countText}`);
      assert(found.state.published, 'the page’s own date was not read');
      await assertMarked(tab);
      // Every related item in the card is a link to the reader; past the first three, "N more" shows the rest.
      const cardLinks = () =>
        inCard(tab, (root) => [...(root?.querySelectorAll('[data-testid="backstory-card"] a[data-testid="related-link"]') ?? [])].map((a) => a.getAttribute('href') ?? ''), null);
      const count = Number(countText);
      const shown = await cardLinks();
      assert(shown.length === Math.min(3, count), `the card links ${shown.length} of ${count} items`);
      if (count > 3) {
        assert(await cardAct(tab, '[data-testid="card-more"]', 'click'), 'no "more" button for the rest');
        const more = await until(async () => ((await cardLinks()).length === count ? true : null), 3_000);
        assert(more, 'the card does not list every related item after "more"');
      }
      assert(
        (await cardLinks()).every((href) => /\/reader\.html\?id=/.test(href)),
        `a card link does not go to the reader: ${JSON.stringify(await cardLinks())}`,
      );
      const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
      try {
        await popup.waitFor('[data-testid="related-list"]');
        const items = await popup.evaluate(
          () =>
            [...document.querySelectorAll('[data-testid="related-list"] > li')].map((li) => ({
              chips: [...li.querySelectorAll('.chip')].map((c) => c.textContent ?? ''),
              id: li.getAttribute('data-seed'),
              title: li.querySelector('.related-title')?.textContent ?? '',
              href: li.querySelector('a[data-testid="related-link"]')?.getAttribute('href') ?? null,
              when: li.querySelector('[data-testid="related-when"]')?.getAttribute('data-when') ?? null,
              dated: li.querySelector('.related-meta')?.hasAttribute('data-date') ?? false,
            })),
          null,
        );
        assert(items.length === Number(countText), `popup lists ${items.length}, card says ${countText}`);
        assert(
          items.some((item) => item.when),
          'no related item says whether it is earlier or later',
        );
        for (const item of items) {
          assert(item.chips.length > 0, 'a related item gives no reason');
          // Earlier or later wherever the item's date is known (an archived page may state none).
          if (item.dated) assert(item.when === 'earlier' || item.when === 'later' || item.when === 'same time', `a dated related item says no when: ${item.when}`);
          else assert(item.when === null, `an undated item says ${item.when}`);
          // A reason is never only the names every story of the topic carries.
          for (const chip of item.chips) {
            const named = chip.replace(/^[^:]*:\s*/, '').split(/,\s*/);
            assert(!named.every((n) => GENERIC.has(n)), `a generic reason: ${chip}`);
          }
        }
        // Each item is a link to the reader at that article; following the first opens it there.
        for (const item of items) assert(item.href && item.href.includes(`reader.html?id=${encodeURIComponent(item.id ?? '')}`), `item ${item.id} links to ${item.href}`);
        const reader = await driver.openExtensionPage(items[0]!.href!.replace(/^.*\/(reader\.html)/, '$1'));
        try {
          await reader.waitFor('[data-testid="reader-article"] h1');
          const [title] = await reader.texts('[data-testid="reader-article"] h1');
          assert(title === items[0]!.title, `the reader opened “${title}” for “${items[0]!.title}”`);
        } finally {
          await reader.close();
        }
      } finally {
        await popup.close();
      }
      await tab.close();
    });
  }
});
