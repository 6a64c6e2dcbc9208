/**
 * Pages that try to read, steer or wear us out: one reads every shadow root, highlight and style sheet
 * it can; one forges the framework's events and messages; one never stops changing (a ticker).
 */
import { describe, it } from 'vitest';
import { cardText, markBoxes } from './card';
import { GECKO_ID } from '../../wxt.config';
import { assert, BASE, BROWSERS, useBrowser } from './harness';
import { scriptSeen, scriptTime, traceWindow } from './long-tasks';
import { stateFor, until } from './state';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // A page that reads every shadow root, CSS.highlights and adopted style sheet it can reach, and tries to
  // rewrite what it finds: nothing of ours is there to read or write (its own root and highlight are).
  {
    const url = `${BASE}/watch/reader.html`;
    it(`a page that reads shadow roots, highlights and style sheets finds nothing of ours, and rewrites nothing`, async () => {
      const { driver, ext, visit } = ctx;
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
    it(`forged framework events and messages leave the card and marks in place and our scripts without errors`, async () => {
      const { driver, ext, visit } = ctx;
      // The page forges with our id, as a page that learnt it would.
      const id = driver.name === 'chromium' ? new URL(driver.extensionOrigin).host : GECKO_ID;
      const url = `${BASE}/watch/forger.html?id=${encodeURIComponent(id)}`;
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
  if (name === 'chromium') {
    const url = `${BASE}/watch/ticker.html`;
    it(`a page that changes all the time (a ticker) keeps our scripts idle between real changes`, async () => {
      const { driver, ext, visit } = ctx;
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
      const page = scriptTime(events, (u) => u.startsWith(BASE), window[0], window[1]);
      console.log(`      (4 s of a ticker after the analysis: our scripts ran ${busy.toFixed(2)} ms; the page's own script ${page.toFixed(2)} ms)`);
      assert(page > 0, "the reading saw none of the page's own ticker (positive control)");
      assert(busy < 5, `our scripts ran ${busy.toFixed(1)} ms while only the ticker changed`);
    });
  }
});
