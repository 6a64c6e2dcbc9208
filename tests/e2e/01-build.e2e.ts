/**
 * The built packages, before any browser: the manifests ask for the least that works (their
 * permissions, content-script sites and CSP), and no built script has a network API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { assert, ROOT } from './harness';

describe('the built packages', () => {
  for (const dir of ['chrome-mv3', 'firefox-mv2']) {
    it(`manifest ${dir}: least permissions (storage, activeTab), hosts: the news sites only, others optional, strict CSP`, async () => {
      const m = JSON.parse(readFileSync(join(ROOT, '.output', dir, 'manifest.json'), 'utf8'));
      const expected = dir === 'chrome-mv3' ? ['storage', 'activeTab', 'scripting'] : ['storage', 'activeTab'];
      const apis = (m.permissions as string[]).filter((p) => !p.includes('://'));
      assert(JSON.stringify(apis) === JSON.stringify(expected), `permissions: ${JSON.stringify(apis)}`);
      // Other hosts only as optional permissions, asked for one site at a time from the options page.
      const optional = [...(m.optional_host_permissions ?? []), ...(m.optional_permissions ?? [])];
      assert(JSON.stringify(optional) === '["*://*/*"]', `optional permissions: ${JSON.stringify(optional)}`);
      const matches: string[] = m.content_scripts.flatMap((c: { matches: string[] }) => c.matches);
      assert(
        matches.length > 0 && matches.every((p) => /^\*:\/\/\*\.[a-z0-9.-]+\/\*$|^\*:\/\/[a-z0-9.-]+\/\*$/.test(p)),
        `content script matches: ${matches.filter((p) => !/^\*:\/\//.test(p))}`,
      );
      // Host permissions at install: exactly the news sites the first look runs on (the worker loads the
      // full analysis there), which the browser already names at install for the content script.
      const hosts: string[] = [...(m.host_permissions ?? []), ...(m.permissions as string[]).filter((p) => p.includes('://'))];
      assert(
        JSON.stringify([...hosts].sort()) === JSON.stringify([...matches].sort()),
        `host permissions beyond the content script's sites: ${hosts.filter((h) => !matches.includes(h))}`,
      );
      assert(!JSON.stringify(m).includes('<all_urls>'), '<all_urls> in the manifest');
      assert(m.options_ui?.page === 'options.html', 'no options page');
      const csp = typeof m.content_security_policy === 'string' ? m.content_security_policy : m.content_security_policy?.extension_pages;
      assert(/connect-src 'none'/.test(csp) && !/unsafe-eval|unsafe-inline|http/.test(csp), `CSP: ${csp}`);
    });
    it(`build ${dir}: no network API in any script; fetch only for the extension's own files`, async () => {
      const files = readdirSync(join(ROOT, '.output', dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
      for (const f of files) {
        const js = readFileSync(join(ROOT, '.output', dir, f), 'utf8');
        const banned = js.match(/XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts|RTCPeerConnection/g);
        assert(!banned, `${f}: ${banned}`);
        // fetch appears only in WXT's loader of our own UI stylesheet (runtime.getURL) and Vite's module
        // preload of our own chunks (link.href): both read files inside the extension.
        for (const m of js.matchAll(/fetch\(/g)) {
          const around = js.slice(Math.max(0, m.index - 400), m.index + 40);
          assert(/getURL\(|`url`in|\.href,/.test(around), `${f}: a fetch( that is not loading our own files: …${around.slice(-160)}`);
        }
      }
    });
  }
});
