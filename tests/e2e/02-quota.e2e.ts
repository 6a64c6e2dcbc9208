/**
 * A full storage quota in real Chromium IndexedDB, during an import and a save: both report it, and
 * every record saved before stays. Run with the archive store's own code in a web page (Chromium does not
 * apply a lowered quota to chrome-extension:// origins; the IndexedDB engine is the same).
 */
import { describe, it } from 'vitest';
import { assert, BROWSERS, testServer } from './harness';
import { quotaScenario } from './quota';

describe.runIf(BROWSERS.includes('chromium'))('chromium', () => {
  it('archive store: a full storage quota is reported (save and import), and nothing saved before is lost', async () => {
    const r = await quotaScenario(`http://127.0.0.1:${(await testServer()).port}/blank.html`);
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
});
