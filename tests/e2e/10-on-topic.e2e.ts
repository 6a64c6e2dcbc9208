/**
 * On-topic pages: each seed article placed in a real news page template gets the in-page card, the
 * badge and the popup's list; marks in the article body with hover cards by pointer and keyboard, the
 * reader page, options applied live in an open tab, "turn off on this site"; a single-page app.
 */
import { describe, it } from 'vitest';
import { assertMarked, cardAct, cardText, inCard, markBoxes } from './card';
import { assert, assertAccessible, BASE, BROWSERS, seeds, useBrowser } from './harness';
import { stateFor, until } from './state';
import { TEMPLATES } from '../fixtures/positives';
import { join } from 'node:path';
import { ENTITIES } from '../../src/text';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // On-topic: each seed article inside a real news page template.
  [...seeds.values()].forEach((seed, k) => {
    const template = TEMPLATES[k % TEMPLATES.length]!;
    // The first page also checks the popup's accessibility and search.
    const first = k === 0;
    const url = `${BASE}/positive/${template}/${seed.id}`;
    it(`on-topic page (${seed.id} in ${template.slice(0, 24)}) gets card, badge and popup list`, async () => {
      const { driver, ext, visit, shots } = ctx;
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
      assert(found.title === `Backstory: ${count} related article${count === 1 ? '' : 's'}`, `badge tooltip "${found.title}"`);
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
        // The timeline: each related point is a link to the reader; focusing one selects that article in the list.
        const points = await popup.evaluate(
          () => [...document.querySelectorAll('[data-testid="timeline"] a[data-point]')].map((a) => [a.getAttribute('data-point') ?? '', a.getAttribute('href') ?? '']),
          null,
        );
        const point = points[0]?.[0];
        assert(point, 'no point on the timeline');
        assert(
          points.every(([id, href]) => !!href?.includes(`reader.html?id=${encodeURIComponent(id!)}`)),
          `a timeline point does not link to its article: ${JSON.stringify(points)}`,
        );
        await popup.evaluate((id: string) => (document.querySelector(`[data-testid="timeline"] [data-point="${id}"]`) as SVGElement).focus(), point);
        const current = await until(
          () => popup.evaluate(() => document.querySelector('[data-testid="related-list"] > li[aria-current="true"]')?.getAttribute('data-seed') ?? null, null),
          3_000,
        );
        const entry = found.state.related.find((r) => r.id === point || (r as { sameStory?: { id: string }[] }).sameStory?.some((x) => x.id === point));
        assert(current && current === entry?.id, `timeline point ${point} selected ${current}`);
        if (first) {
          // The popup's first screen (600 px tall): the search box, the verdict and the first related items.
          await popup.setViewport(400, 600);
          const bottoms = await popup.evaluate(() => {
            const titles = document.querySelectorAll('[data-testid="related-list"] > li .related-title');
            const firstItems = titles[Math.min(1, titles.length - 1)];
            return [document.querySelector('[data-testid="search-input"]'), document.querySelector('[data-testid="verdict"]'), firstItems].map(
              (el) => el?.getBoundingClientRect().bottom ?? Infinity,
            );
          }, null);
          assert(
            bottoms.every((b) => b <= 600),
            `below the popup's first 600 px (search, verdict, first items): ${bottoms.map(Math.round)}`,
          );
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
          // Each result links to the reader at its passage, the searched words marked there.
          const link = await popup.evaluate(() => document.querySelector('[data-testid="search-link"]')?.getAttribute('href') ?? null, null);
          assert(link && /reader\.html\?id=[^&]+/.test(link), `a search result links to ${link}`);
          // At the paragraph that matched, or at the title (no paragraph to open at).
          const where = /&at=(\d+)/.test(link) ? `#p-${/&at=(\d+)/.exec(link)![1]}` : '[data-testid="reader-article"] h1';
          const reader = await driver.openExtensionPage(link.replace(/^.*\/(reader\.html)/, '$1'));
          try {
            await reader.waitFor(`${where} mark.searched`);
            const words = await reader.texts(`${where} mark.searched`);
            assert(
              words.some((w) => /^(putin|obama)$/i.test(w)),
              `the reader marks ${JSON.stringify(words)} at the passage`,
            );
            await reader.waitFor('[data-testid="reader-legend"]');
          } finally {
            await reader.close();
          }
          // A name the corpus does not hold is not "corrected" into one it does.
          await popup.evaluate((q: string) => {
            const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
            input.value = q;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }, 'Lavrov');
          const none = await until(async () => (await popup.texts('.search > p')).find((p) => /No match for “Lavrov”/.test(p)) ?? null, 3_000);
          assert(none, `no "no match" for Lavrov: ${JSON.stringify(await popup.texts('.search p'))}`);
          assert((await popup.texts('.read-as')).length === 0, 'Lavrov was read as another word');
        }
      } finally {
        await popup.close();
      }
      if (first) await tab.screenshot(join(shots, 'card.png'));
      await tab.close();
    });
  });

  // Marks: names and quotes in the article body, drawn in our closed shadow root over the page's text (the
  // page's own DOM untouched); the hover card by pointer and by keyboard; the reader page.
  {
    const seed = [...seeds.values()][2]!;
    const url = `${BASE}/positive/${TEMPLATES[0]}/${seed.id}`;
    it(`marks in the article body, hover card by pointer and keyboard, reader page, options applied live`, async () => {
      const { driver, ext, visit, shots } = ctx;
      const tab = await visit(url);
      const listed = await until(() => inCard(tab, (root) => root?.querySelectorAll('[data-testid="mark-list"] button').length ?? 0, null).catch(() => 0));
      assert(listed > 0, 'the card lists no marks');
      const marks = await assertMarked(tab, 5_000);
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
      assert(hoverText && /Also in/.test(hoverText), `no hover card on the mark (${hoverText})`);
      await new Promise((r) => setTimeout(r, 300)); // the card fades in
      await tab.screenshot(join(shots, 'hover-card.png'));
      const hoverGone = () => until(() => inCard(tab, (root) => !root?.querySelector('[data-testid="hover-card"]'), null), 3_000);
      // Stuck-card regression: closed with Escape while the pointer is over it, the next card still
      // closes when the pointer leaves (it once stayed open for good).
      const inside = await inCard(
        tab,
        (root) => {
          const b = root!.querySelector('[data-testid="hover-card"]')!.getBoundingClientRect();
          return [b.left + 30, b.top + 30];
        },
        null,
      );
      await tab.mouseMove(inside[0]!, inside[1]!);
      await new Promise((r) => setTimeout(r, 800));
      const stayed = await inCard(tab, (root) => !!root?.querySelector('[data-testid="hover-card"]'), null);
      assert(stayed, 'the hover card closed while the pointer was over it');
      await tab.press('Escape');
      assert(await hoverGone(), 'Escape over the hover card did not close it');
      await tab.mouseMove(point[0]! + 40, point[1]! + 200);
      await tab.mouseMove(point[0]!, point[1]!);
      assert(await cardText(tab, '[data-testid="hover-card"]', 5_000), 'the mark opened no card after one was closed over it');
      await tab.mouseMove(5, 5);
      assert(await hoverGone(), 'the hover card stuck open after the pointer left');
      // Keyboard: the card's list of marks is a keyboard path to the same hover cards.
      assert(await cardAct(tab, '[data-testid="mark-list"] button', 'focus'), 'no mark button to focus');
      const label = await until(() => inCard(tab, (root) => root?.querySelector('[data-testid="hover-card"]')?.getAttribute('aria-label') ?? null, null), 3_000);
      assert(label && /where else it appears/.test(label), `focusing a mark opened no card (${label})`);
      await tab.press('Escape');
      assert(await hoverGone(), 'Escape did not close the hover card');
      // A press on a mark button moves focus into its hover card; Escape closes it and gives focus back.
      assert(await cardAct(tab, '[data-testid="mark-list"] button', 'click'), 'no mark button to press');
      const focusedCard = await until(() => inCard(tab, (root) => (root?.activeElement?.getAttribute('data-testid') === 'hover-card' ? true : null), null), 3_000);
      assert(focusedCard, 'pressing a mark button did not move focus into its hover card');
      await tab.press('Escape');
      assert(await hoverGone(), 'Escape in the hover card did not close it');
      const back = await inCard(tab, (root) => root?.activeElement?.closest('[data-testid="mark-list"]') !== null && root?.activeElement !== null, null);
      assert(back, 'focus did not go back to the mark button');
      // A press elsewhere on the page closes a card opened from the keyboard.
      assert(await cardAct(tab, '[data-testid="mark-list"] button', 'click'), 'no mark button to press');
      assert(await cardText(tab, '[data-testid="hover-card"]', 3_000), 'no hover card from the mark button');
      await tab.mouseClick(5, 5);
      assert(await hoverGone(), 'a click elsewhere did not close the hover card');
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
        // Only what the article was related by: never the names every story carries (Putin, Russia, the Kremlin).
        const generic = new Set(ENTITIES.filter((e) => e.generic).flatMap((e) => [e.name, ...e.aliases].map((n) => n.toLowerCase())));
        const markedWords = marked.filter((m) => m.split(/\s+/).length <= 3);
        assert(!markedWords.some((m) => generic.has(m.toLowerCase())), `the reader marks generic names: ${JSON.stringify(markedWords)}`);
        await reader.waitFor('[data-testid="reader-legend"]');
        const back = await reader.evaluate(() => document.querySelector('[data-testid="reader-back"]')?.getAttribute('href') ?? null, null);
        assert(back === url, `the reader links back to ${back}, not the page ${url}`);
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
        await assertAccessible(driver, options, 'options');
      } finally {
        await options.close();
      }

      // Turn off on this site: marks and card go at once, and the choice is remembered on reload.
      assert(await cardAct(tab, '[data-testid="turn-off-site"]', 'click'), 'no "turn off on this site" in the card');
      const noCard = () => inCard(tab, (root) => !root?.querySelector('[data-testid="backstory-card"]') && !root?.querySelector('.mark'), null);
      assert(await until(noCard, 5_000), 'card or marks stayed after turning Backstory off on this site');
      // A short confirmation, with Undo (focused), where the card was; the badge is empty and says why.
      assert(await cardText(tab, '[data-testid="off-notice"]', 3_000), 'no confirmation after turning off');
      const offState = await until(async () => {
        const s = await stateFor(ext, url, 2_000);
        return s?.state.off ? s : null;
      }, 5_000);
      assert(offState && offState.badge === '' && /off on this site/.test(offState.title), `badge "${offState?.badge}" "${offState?.title}" after turning off`);
      assert(await cardAct(tab, '[data-testid="undo-turn-off"]', 'click'), 'no Undo');
      assert((await cardText(tab, '[data-testid="backstory-count"]', 10_000)) !== null, 'Undo did not bring the card back');
      const undone = await until(async () => {
        const s = await stateFor(ext, url, 2_000);
        return s && !s.state.off && s.badge !== '' ? s : null;
      }, 8_000);
      assert(undone, 'Undo did not bring the badge back');
      // Off again, and the choice is remembered on reload: no card; the popup says so and turns it back on.
      assert(await cardAct(tab, '[data-testid="turn-off-site"]', 'click'), 'no "turn off on this site" after Undo');
      assert(await until(noCard, 5_000), 'the card stayed after turning off again');
      await tab.goto(url);
      await new Promise((r) => setTimeout(r, 1500));
      const after = await inCard(tab, (root) => !!root?.querySelector('[data-testid="backstory-card"]'), null).catch(() => false);
      assert(!after, 'our card came back after a reload on a turned-off site');
      const offAgain = await until(async () => {
        const s = await stateFor(ext, url, 2_000);
        return s?.state.off ? s : null;
      }, 5_000);
      assert(offAgain && offAgain.badge === '', 'a reloaded turned-off page has a badge or no "off" state');
      const popup = await driver.openExtensionPage(`popup.html?tab=${offAgain.tabId}`);
      try {
        await popup.waitFor('[data-testid="site-off"]');
        await popup.screenshot(join(shots, 'popup-off.png'));
        await popup.evaluate(() => (document.querySelector('[data-testid="turn-on-site"]') as HTMLButtonElement).click(), null);
        await popup.waitFor('[data-testid="related-list"]', 15_000);
      } finally {
        await popup.close();
      }
      assert((await cardText(tab, '[data-testid="backstory-count"]', 10_000)) !== null, 'turning on from the popup did not bring the card back');
      await tab.close();
    });
  }

  // A single-page app: a re-render keeps correct marks; navigating to an off-topic view clears marks,
  // card and badge.
  {
    const url = `${BASE}/spa/article.html`;
    it(`SPA re-render keeps marks; History API navigation off topic clears them and the badge`, async () => {
      const { ext, visit } = ctx;
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
      const moved = await stateFor(ext, `${BASE}/spa/weather.html`, 15_000);
      assert(moved, 'the new address was never analysed');
      assert(!moved.state.verdict.onTopic && moved.badge === '', `after navigating: onTopic=${moved.state.verdict.onTopic}, badge "${moved.badge}"`);
      const left = await until(async () => ((await markBoxes(tab)).length === 0 ? true : null), 3_000);
      assert(left, 'marks left after navigating away');
      assert((await cardText(tab, '[data-testid="backstory-card"]', 500)) === null, 'the card stayed');
      await tab.close();
    });
  }
});
