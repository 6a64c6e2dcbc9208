/**
 * Zero network: in Chromium every request of the worker, our pages and the content script, recorded
 * while the whole suite ran (this file runs last); in Firefox, every request Firefox sends, through the
 * test server as its proxy. Each with a positive control. Closes the browsers and prints the figures.
 */
import { afterAll, describe, it } from 'vitest';
import { cardText } from './card';
import { TEMPLATES } from '../fixtures/positives';
import { assert, BASE, BROWSERS, closeAllAfter, figures, seeds, testServer, useBrowser } from './harness';
import { stateFor } from './state';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  // Zero network in Firefox: every request Firefox sends goes through the test server as its proxy. On
  // sealed pages (a CSP that lets the page itself load nothing), everything seen besides the pages we
  // open is someone else's: the content script's, the background page's or our pages'.
  if (name === 'firefox') {
    it(`zero network: visiting sealed on-topic pages and using the popup, reader and options sends nothing but the pages themselves`, async () => {
      const { driver, ext, visit } = ctx;
      const mark = (await testServer()).requests.length;
      const opened: string[] = [];
      const pages = [...seeds.keys()].slice(0, 2).map((id, k) => `${BASE}/positive/${TEMPLATES[k]}/${id}?sealed`);
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
      const all = (await testServer()).requests.slice(mark).map(([host, path]) => (path === 'CONNECT' ? `CONNECT ${host}` : `http://${host}${path}`));
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
        (await testServer()).requests.slice(mark).some(([host, path]) => path === 'CONNECT' && host.startsWith('control.example')),
        'the recorder missed an HTTPS request (positive control)',
      );
    });
  }

  // Zero network: everything the worker and our pages requested while all the above ran is our own files.
  if (name === 'chromium') {
    it(`zero network: the worker, our pages and the content script requested nothing beyond the extension's own files`, async () => {
      const { driver } = ctx;
      const requests = driver.extensionRequests!();
      const outside = requests.filter((u) => !u.startsWith(`${driver.extensionOrigin}/`) && !u.startsWith('data:'));
      assert(requests.length > 0, 'no request was recorded at all (is the recorder working?)');
      assert(outside.length === 0, `requests to the network: ${outside.slice(0, 5).join(', ')}`);
      // Positive control, after the count: a request made from the content script's world is recorded.
      if (driver.controlRequestFromContentScript) {
        const control = `${BASE.replace('www.reuters.com', 'www.politico.com')}/control-from-content-script`;
        assert(
          await driver.controlRequestFromContentScript(`${BASE}/positive/${TEMPLATES[0]}/${[...seeds.keys()][0]}`, control),
          'the recorder missed a request made from the content script (positive control)',
        );
      }
    });
  }
});

// The suite's figures, once every file has run (this one runs last), and the browsers closed.
afterAll(() => {
  const f = figures;
  console.log(
    `(Chromium traces of the bad-input and pathological pages: the longest stretch of our content scripts' work in one task ${f.longestStretch.ms.toFixed(1)} ms (${f.longestStretch.at}); in a task of 50 ms or more, ${f.longestInLongTask.toFixed(1)} ms; the scripts' load (compile and top level), at most ${f.loads.firstLook.toFixed(1)} ms for the first look (${f.loads.firstLookAt}), ${f.loads.analysis.toFixed(1)} ms for the full analysis (${f.loads.analysisAt}), ${f.loads.readability.toFixed(1)} ms for Readability; loads of 50 ms or more: ${f.loadsOverGoal.length ? f.loadsOverGoal.join('; ') : 'none'})`,
  );
});
closeAllAfter();
