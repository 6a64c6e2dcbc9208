/**
 * Corpus packs end to end: `npm run pack` (its code, run here in Node) over real saved pages, the file
 * imported on the options page, its articles related coverage and search results in the popup that say
 * which pack they came from, and the pack removed as a whole.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { packFile } from '../../src/archive/files';
import { makeRecord } from '../../src/archive/records';
import { runPack } from '../../src/cli/pack';
import { LABELLED } from '../fixtures/labelled';
import type { Tab } from './drivers';
import { assert, BROWSERS, useBrowser } from './harness';
import { servedLabelledPages, servedUrl } from './labelled';
import { lastTabId, stateFor, until } from './state';

const PACK = 'Labelled coverage';

/** Builds the pack with the CLI's own code from these pages; the file's text and what it kept. */
function makePack(files: string[], dir: string): { text: string; kept: { title: string }[] } {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'labelled.backstory.json');
  const code = runPack([...files, '-o', out, '--name', PACK], () => undefined);
  assert(code === 0, 'npm run pack wrote no pack');
  const text = readFileSync(out, 'utf8');
  // A pack is a header line, then a record a line.
  return {
    text,
    kept: text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { title: string }),
  };
}

/** Hands the options page's file input a file, as a reader choosing it would. */
const chooseFile = (options: Tab, text: string) =>
  options.evaluate((content: string) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="archive-import"]')!;
    const files = new DataTransfer();
    files.items.add(new File([content], 'labelled.backstory.json', { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);

/**
 * A pack of `n` made-up articles, each its own story (distinct words), through the pack format's own
 * writer; over 4 MB, so the options page sends it in more than one part, cut inside a record and, with
 * text in Cyrillic, some of them inside a character.
 */
function largePack(n: number): string {
  const digits = ['alpha', 'bravo', 'carbon', 'delta', 'echo', 'falcon', 'granite', 'harbor', 'indigo', 'juniper'];
  const words = (i: number) => [...String(i * 7919)].map((d) => digits[Number(d)]).join(' ');
  const russian = ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
  const cyrillic = (i: number) => [...String(i * 104729)].map((d) => russian[Number(d)]).join(' ');
  const records = Array.from({ length: n }, (_, i) =>
    makeRecord({
      url: `https://large.example/${i}`,
      title: `Large pack story ${i}`,
      paragraphs: [
        `${words(i)}: the minister spoke of story ${i} in Moscow.`,
        `${words(i + 1)} and more.`,
        `Кремль: ${Array.from({ length: 16 }, (_, k) => cyrillic(i * 17 + k)).join(', ')}.`,
      ],
    }),
  );
  return packFile(LARGE, records, { read: n, kept: n, offTopic: 0, duplicates: 0, errors: 0 });
}
const LARGE = 'Large test pack';

describe.each(BROWSERS)('%s', (name) => {
  const ctx = useBrowser(name);
  it('a large pack says how far its import is (records checked, then added to the index), and the options page stays usable', async () => {
    const { driver, shots } = ctx;
    const n = 3000;
    const options = await driver.openExtensionPage('options.html');
    // Seen as a reader would: light and wide in Chromium, dark and narrow in Firefox.
    const dark = name === 'firefox';
    try {
      await options.setViewport(dark ? 420 : 1000, 900);
      if (dark) await options.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.local.set({ theme: 'dark' }), null);
      await options.waitFor('[data-testid="archive-import"]');
      // Every state of the progress line, as the page renders it, recorded in the page: sampling from here
      // misses a stage shorter than the gaps between samples (a screenshot among them). The first time
      // its bar stands part of the way, the page asks the worker a question meanwhile (a search, as the
      // popup would ask) and notes how long the answer took.
      await options.evaluate(() => {
        const g = globalThis as any;
        const shown: { text: string; value: string | null; max: string | null }[] = (g.__progressShown = []);
        new MutationObserver(() => {
          const busy = document.querySelector('[data-testid="archive-busy"]');
          if (!busy) return;
          const bar = busy.querySelector('progress');
          const line = { text: busy.textContent ?? '', value: bar?.getAttribute('value') ?? null, max: bar?.getAttribute('max') ?? null };
          const last = shown[shown.length - 1];
          if (last && last.text === line.text && last.value === line.value) return;
          shown.push(line);
          if (g.__asked || line.value === null || line.max === null || Number(line.value) >= Number(line.max)) return;
          g.__asked = true;
          const t0 = performance.now();
          void (g.browser ?? g.chrome).runtime
            .sendMessage({ type: 'corpus/search', query: 'Putin' })
            .then((hits: unknown) => (g.__answeredMs = Array.isArray(hits) ? performance.now() - t0 : -1));
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      }, null);
      await chooseFile(options, largePack(n));
      // A screenshot part of the way, if a look from here finds the bar there (a bar at its end may be
      // the last thing seen before the answer).
      let shot = false;
      const said = await until(async () => {
        if (!shot && (await options.evaluate(() => (globalThis as any).__asked === true && !!document.querySelector('[data-testid="archive-busy"] progress[value]'), null))) {
          shot = true;
          await options.evaluate(() => document.querySelector('[data-testid="archive-busy"]')?.scrollIntoView({ block: 'center' }), null);
          await options.screenshot(join(shots, 'options-import-progress.png'));
        }
        return (await options.texts('[data-testid="archive-message"]'))[0] ?? null;
      }, 120_000);
      assert(said && /Imported: [\d,. ]+ new/.test(said), `the import said "${said}"`);
      const shown = (await options.evaluate(() => (globalThis as any).__progressShown, null)) as { text: string; value: string | null; max: string | null }[];
      const partway = shown.filter((l) => l.value !== null && l.max !== null && Number(l.value) < Number(l.max));
      assert(partway.length > 0, `no progress bar with a count was seen part of the way: ${JSON.stringify(shown.slice(-5))}`);
      assert(
        shown.some((l) => /Adding to the index: [\d,. ]+ of 3[,. ]?000/.test(l.text)),
        `the line never said how far the index was: ${JSON.stringify(shown.slice(0, 8))}`,
      );
      const answeredMs = (await until(async () => (await options.evaluate(() => (globalThis as any).__answeredMs as number | undefined, null)) ?? null, 10_000)) as number;
      assert(answeredMs >= 0 && answeredMs < 3_000, `a search during the import was answered in ${answeredMs} ms`);
      const row = await until(async () => (await options.texts('[data-testid="pack-list"] li')).find((r) => r.includes(LARGE)) ?? null, 10_000);
      assert(row?.includes('3,000 articles') || row?.includes('3000 articles'), `the pack list shows "${row}"`);
    } finally {
      await options.evaluate((pack: string) => document.querySelector<HTMLButtonElement>(`[data-pack="${pack}"] [data-testid="pack-remove"]`)?.click(), LARGE);
      await until(async () => ((await options.texts('[data-testid="pack-list"] li')).some((r) => r.includes(LARGE)) ? null : true), 30_000);
      if (dark) await options.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.local.remove('theme'), null);
      await options.close();
    }
  });

  it('a pack cut short is refused with what is wrong, and nothing of it is imported', async () => {
    const { driver } = ctx;
    const options = await driver.openExtensionPage('options.html');
    try {
      await options.waitFor('[data-testid="archive-import"]');
      const whole = largePack(40);
      // The last record's line lost, as a download cut off would.
      await chooseFile(options, whole.slice(0, whole.lastIndexOf('\n', whole.length - 2) + 1));
      const said = await until(async () => (await options.texts('[data-testid="archive-message"]'))[0] ?? null, 30_000);
      assert(said && /cut short: its header lists 40 articles and the file holds 39\. Nothing was imported/.test(said), `the import said "${said}"`);
      const rows = await options.texts('[data-testid="pack-list"] li');
      assert(!rows.some((r) => r.includes(LARGE)), `the pack list shows ${JSON.stringify(rows)}`);
    } finally {
      await options.close();
    }
  });

  it('a pack made from saved pages is imported, shows as related coverage and in search with its name, and is removed whole', async () => {
    const { driver, ext, visit, shots } = ctx;
    const onTopic = servedLabelledPages().filter((p) => p.label === 'on-topic');
    assert(onTopic.length >= 3, 'too few on-topic labelled pages for a pack and a page to read');
    // The page read is not in the pack; the others are.
    const [read, ...packed] = onTopic;
    const pack = makePack(
      packed.map((p) => join(LABELLED, p.file)),
      join(shots, '..', 'packs'),
    );
    assert(pack.kept.length >= 2, `the pack kept ${pack.kept.length} of ${packed.length} on-topic pages`);
    const options = await driver.openExtensionPage('options.html');
    try {
      await options.waitFor('[data-testid="archive-import"]');
      // From an empty archive: the pages the earlier tests read are kept already, and a pack's copy of an
      // article the reader has stays the reader's (removing the pack must not take it away).
      const cleared = await options.evaluate(() => ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage({ type: 'archive/clear' }), null);
      assert((cleared as { ok?: boolean } | undefined)?.ok, `clearing the archive answered ${JSON.stringify(cleared)}`);
      const emptied = await until(async () => ((await options.texts('[data-testid="archive-count"]'))[0]?.match(/^\D*0\b|no /i) ? true : null), 5_000);
      assert(emptied, `the archive did not empty: ${JSON.stringify(await options.texts('[data-testid="archive-count"]'))}`);
      await chooseFile(options, pack.text);
      const said = await until(async () => (await options.texts('[data-testid="archive-message"]'))[0] ?? null, 20_000);
      assert(said && /Imported: \d+ new/.test(said), `the import said "${said}"`);
      const row = await until(async () => (await options.texts('[data-testid="pack-list"] li'))[0] ?? null, 5_000);
      assert(row?.includes(PACK) && row.includes(`${pack.kept.length} articles`), `the pack list shows "${row}" for ${pack.kept.length} articles`);
      await options.screenshot(join(shots, 'options-pack.png'));

      // A page on the topic: the pack's articles are related coverage, and say where they came from.
      // This visit's own tab: an earlier test's tab at the same address may still hold its (older) result.
      const before = await lastTabId(ext);
      const tab = await visit(servedUrl(read!));
      const found = await stateFor(ext, [servedUrl(read!), servedUrl(read!).replace(/^http:/, 'https:')], 20_000, before);
      assert(found?.state.verdict.onTopic, 'the page read is not judged on topic');
      const popup = await driver.openExtensionPage(`popup.html?tab=${found.tabId}`);
      try {
        await popup.waitFor('[data-testid="related-list"]');
        const chips = await popup.texts('[data-testid="related-list"] .chip.archive');
        assert(
          chips.some((c) => c === `From pack: ${PACK}`),
          `no related item says it came from the pack: ${JSON.stringify(chips)}`,
        );
        // Search finds a pack article by a word of its title, and says so.
        const title = pack.kept[0]!.title;
        const word = title.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0]!;
        await popup.evaluate((q: string) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
          input.value = q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, word);
        const sources = await until(async () => {
          const s = await popup.texts('[data-testid="search-results"] [data-testid="search-source"]');
          return s.length ? s : null;
        }, 5_000);
        assert(
          sources?.some((s) => s.includes(`From pack: ${PACK}`)),
          `searching "${word}" found no pack article: ${JSON.stringify(sources)}`,
        );
        await popup.screenshot(join(shots, 'popup-pack.png'));
      } finally {
        await popup.close();
      }
      await tab.close();
    } finally {
      // Removed as a whole (also when the test failed above): the rest of the run reads the corpus without it.
      await options.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="pack-remove"]')?.click(), null);
    }
    try {
      const gone = await until(async () => ((await options.texts('[data-testid="pack-list"] li')).length === 0 ? true : null), 5_000);
      assert(gone, 'the pack is still listed after Remove');
      const left = await options.texts('[data-testid="archive-list"] li');
      assert(!left.some((l) => l.includes(`From pack: ${PACK}`)), 'an article of the removed pack is still kept');
    } finally {
      await options.close();
    }
  });
});
