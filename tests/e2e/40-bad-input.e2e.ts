/**
 * Bad input: broken, huge and hostile pages (script payloads, 10 MB of furniture, 5 000 levels of
 * nesting, pages that fight us) never crash us and never become markup; in Chromium each visit is
 * traced and no task may hold 50 ms of our work.
 */
import { describe, it } from 'vitest';
import { cardText, inCard } from './card';
import type { Tab } from './drivers';
import { assert, BASE, BROWSERS, figures, noteStretch, useBrowser } from './harness';
import { isScriptLoad, longestEvaluation as longestEvaluationOf, longTasksWith, scriptSeen } from './long-tasks';
import { badInputPages } from './pages';
import { stateFor } from './state';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // Bad input: never a crash, never page text as markup.
  for (const [path, expectation] of badInputPages()) {
    const url = `${BASE}${path}`;
    it(`bad input ${path}: ${expectation.label}`, async () => {
      const { driver, ext, visit } = ctx;
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
      if (name === 'chromium') {
        const isOurs = (u: string) => u.startsWith(driver.extensionOrigin);
        const [firstLook, analysis, readability] = ['/content.js', '/article.js', '/readability.js'].map((script) =>
          longestEvaluationOf(events, (u) => isOurs(u) && u.endsWith(script)),
        ) as [number, number, number];
        const loads = { firstLook, analysis, readability };
        if (Math.max(...Object.values(loads)) >= 50)
          figures.loadsOverGoal.push(
            `${path}: ${Object.entries(loads)
              .map(([k, v]) => `${k} ${v.toFixed(1)}`)
              .join(', ')}`,
          );
        assert(Math.max(...Object.values(loads)) < 100, `loading our scripts took 100 ms or more: ${JSON.stringify(loads)}`);
        if (firstLook > figures.loads.firstLook) Object.assign(figures.loads, { firstLook, firstLookAt: path });
        if (analysis > figures.loads.analysis) Object.assign(figures.loads, { analysis, analysisAt: path });
        // Readability, the third script, is loaded only where the other ways found no body.
        figures.loads.readability = Math.max(figures.loads.readability, readability);
        if (expectation.readability) assert(readability > 0, 'Readability was not loaded into a page only it can read');
        const ours = longTasksWith(events, isOurs, isScriptLoad);
        const worst = Math.max(0, ...ours.map((t) => t.ours));
        noteStretch(events, (u) => isOurs(u) && u.includes('/content-scripts/'), path);
        const seen = scriptSeen(events, isOurs);
        assert(seen.count > 0, 'the trace shows none of our content script (is the reading attributing script?)');
        figures.longestInLongTask = Math.max(figures.longestInLongTask, worst);
        console.log(`      (${path}: the most of our code in one task ${JSON.stringify(longTasksWith(events, isOurs, isScriptLoad, 0).sort((a, b) => b.ours - a.ours)[0])})`);
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
});
