/**
 * The two real browsers behind one small interface, so the same scenarios run in both:
 * Debian's Chromium through playwright-core, Debian's Firefox ESR through puppeteer-core (WebDriver BiDi).
 * Both reach the news sites' host names through the local test server, so the production build's own
 * content-script match patterns are what is tested.
 */
import { jsonLdBodiedPages, servedLabelledPages } from './labelled';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import type { TraceEvent } from './long-tasks';

/** Navigation and BiDi queries can fail for reasons outside the product (a saved page's own scripts
 * navigating, a protocol hiccup right after navigation): try a few times before giving up. */
async function retry(fn: () => Promise<unknown>, attempts = 3): Promise<void> {
  for (let k = 1; ; k++) {
    try {
      return void (await fn());
    } catch (error) {
      if (k >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 300 * k));
    }
  }
}

export const TEST_HOSTS = [
  ...new Set(['www.reuters.com', 'www.politico.com', 'apnews.com', 'www.theguardian.com', ...[...servedLabelledPages(), ...jsonLdBodiedPages()].map((p) => p.host)]),
];

/** A tab in the browser, with just what the scenarios need. */
export interface Tab {
  /** Navigates; waits for `load`, or only for DOMContentLoaded with `domcontentloaded`. */
  goto(url: string, waitUntil?: 'load' | 'domcontentloaded'): Promise<void>;
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Evaluates a script given as source text (an expression; a promise is awaited). */
  evaluateSource<T>(source: string): Promise<T>;
  /**
   * Evaluates source text in the extension's isolated world of this tab (where our content scripts run,
   * and where the browser hands extensions the page's closed shadow roots); the JSON-able result.
   */
  isolated<T>(source: string): Promise<T>;
  /** Uncaught errors thrown by our scripts in this tab since it opened (Chromium; Firefox gives none to read). */
  ourErrors(): string[];
  /** Waits for a selector in the page (for extension pages). */
  waitFor(selector: string, ms?: number): Promise<void>;
  texts(selector: string): Promise<string[]>;
  mouseMove(x: number, y: number): Promise<void>;
  mouseClick(x: number, y: number): Promise<void>;
  press(key: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** Resizes the tab's viewport (screenshots at a popup's size, or a narrow window). */
  setViewport(width: number, height: number): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  name: 'chromium' | 'firefox';
  extensionOrigin: string;
  newTab(): Promise<Tab>;
  /** Opens an extension page (e.g. popup.html?tab=3) in a new tab. */
  openExtensionPage(path: string): Promise<Tab>;
  /** Stops the extension's service worker, as the browser does when it is idle (Chromium only). */
  stopWorker?(): Promise<void>;
  /** Runs `fn` while Chromium records a performance trace (devtools.timeline); the trace's events (Chromium only). */
  trace?(fn: () => Promise<void>): Promise<TraceEvent[]>;
  /**
   * The recorder's positive control: opens `pageUrl` (where the content script runs), makes a request to
   * `url` from the content script's isolated world (CDP), and says whether {@link extensionRequests} saw it.
   */
  controlRequestFromContentScript?(pageUrl: string, url: string): Promise<boolean>;
  /** Every request the extension's own contexts (worker, our pages, the content script in the tabs) made so far, as URLs (Chromium only). */
  extensionRequests?(): string[];
  close(): Promise<void>;
}

export async function launchChromium(extensionDir: string, port: number, tlsPort = 0): Promise<Driver> {
  const profile = mkdtempSync(join(tmpdir(), 'backstory-chromium-'));
  // Report the service worker's own requests as context events too (Playwright, Chromium only).
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  // HTTPS (port 443: sites on the HSTS preload list) to the server's TLS port, anything else of a test host to its HTTP port.
  const rules = [
    ...TEST_HOSTS.flatMap((h) => [...(tlsPort ? [`MAP ${h}:443 127.0.0.1:${tlsPort}`] : []), `MAP ${h} 127.0.0.1:${port}`]),
    'MAP * ~NOTFOUND',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${rules}`,
      // Sites on Chromium's HSTS preload list are asked for over HTTPS: the test server answers with a certificate of its own.
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const fromExtension: string[] = [];
  context.on('request', (request) => {
    let origin: string;
    try {
      origin = request.serviceWorker()?.url() ?? request.frame().url();
    } catch {
      origin = '';
    }
    if (origin.startsWith('chrome-extension://')) fromExtension.push(request.url());
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  /** The extension's isolated worlds of a page's top frame, as CDP reports them (a new one each navigation). */
  const worldsOf = new WeakMap<
    import('playwright-core').Page,
    Promise<{ cdp: import('playwright-core').CDPSession; worlds: { id: number; origin: string; frameId: string }[]; top: () => Promise<string> }>
  >();
  const isolatedWorlds = (page: import('playwright-core').Page) => {
    let entry = worldsOf.get(page);
    if (!entry) {
      entry = (async () => {
        const cdp = await context.newCDPSession(page);
        const worlds: { id: number; origin: string; frameId: string }[] = [];
        cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string; frameId?: string } } }) => {
          if (e.context.auxData?.type === 'isolated' && e.context.origin.startsWith(extensionOrigin))
            worlds.push({ id: e.context.id, origin: e.context.origin, frameId: e.context.auxData.frameId ?? '' });
        });
        cdp.on('Runtime.executionContextDestroyed', (e: { executionContextId: number }) => {
          const k = worlds.findIndex((w) => w.id === e.executionContextId);
          if (k >= 0) worlds.splice(k, 1);
        });
        await cdp.send('Runtime.enable');
        const top = async () => ((await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }).frameTree.frame.id;
        return { cdp, worlds, top };
      })();
      worldsOf.set(page, entry);
    }
    return entry;
  };
  const tabErrors = new WeakMap<import('playwright-core').Page, string[]>();
  const wrap = (page: import('playwright-core').Page): Tab => ({
    ourErrors: () => [...(tabErrors.get(page) ?? [])],
    isolated: async <T>(source: string): Promise<T> => {
      const { cdp, worlds, top } = await isolatedWorlds(page);
      const frame = await top();
      const world = [...worlds].reverse().find((w) => w.frameId === frame);
      if (!world) throw new Error("the extension's isolated world is not in this tab (no content script ran)");
      const r = (await cdp.send('Runtime.evaluate', { contextId: world.id, expression: source, awaitPromise: true, returnByValue: true })) as {
        result: { value?: T };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (r.exceptionDetails) throw new Error(`in the isolated world: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    goto: (url, waitUntil = 'load') => retry(() => page.goto(url, { waitUntil, timeout: 30_000 })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    evaluateSource: (source) => page.evaluate(source) as never,
    waitFor: async (selector, ms = 10_000) => void (await page.locator(selector).first().waitFor({ state: 'attached', timeout: ms })),
    texts: (selector) => page.locator(selector).allTextContents(),
    mouseMove: (x, y) => page.mouse.move(x, y, { steps: 3 }),
    mouseClick: (x, y) => page.mouse.click(x, y),
    press: (key) => page.keyboard.press(key),
    screenshot: async (path) => void (await page.screenshot({ path })),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    close: () => page.close(),
  });
  return {
    name: 'chromium',
    extensionOrigin,
    extensionRequests: () => [...fromExtension],
    stopWorker: async () => {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
      } finally {
        await page.close();
      }
    },
    trace: async (fn) => {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        const events: TraceEvent[] = [];
        cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
        const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
        await cdp.send('Tracing.start', {
          categories: 'devtools.timeline,toplevel,v8,disabled-by-default-v8.cpu_profiler,blink.user_timing,__metadata',
          transferMode: 'ReportEvents',
        });
        try {
          await fn();
        } finally {
          // Chromium sometimes takes 5 s to end a trace (a process it waits for to flush): slow, not wrong.
          await cdp.send('Tracing.end');
          await complete;
        }
        return events;
      } finally {
        await page.close();
      }
    },
    controlRequestFromContentScript: async (pageUrl, url) => {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        const worlds: { id: number; origin: string; type?: string }[] = [];
        cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) =>
          worlds.push({ id: e.context.id, origin: e.context.origin, type: e.context.auxData?.type }),
        );
        cdp.on('Network.requestWillBeSent', (e: { request: { url: string }; initiator: { url?: string; stack?: { callFrames: { url: string }[] } } }) => {
          const frames = [e.initiator.url ?? '', ...(e.initiator.stack?.callFrames ?? []).map((f) => f.url)];
          if (frames.some((u) => u.startsWith('chrome-extension://'))) fromExtension.push(e.request.url);
        });
        await cdp.send('Network.enable');
        await cdp.send('Runtime.enable');
        await page.goto(pageUrl, { waitUntil: 'load' });
        const deadline = Date.now() + 15_000;
        let world: { id: number } | undefined;
        while (!(world = worlds.find((w) => w.type === 'isolated' && w.origin.startsWith(extensionOrigin))) && Date.now() < deadline) await page.waitForTimeout(200);
        if (!world) throw new Error("the content script's world never appeared");
        // Named as a script of the extension, as the content script's own frames are (a control named
        // otherwise goes unrecorded: tried).
        await cdp.send('Runtime.evaluate', {
          contextId: world.id,
          awaitPromise: true,
          expression: `fetch(${JSON.stringify(url)}).then(() => 1, () => 0)\n//# sourceURL=${extensionOrigin}/content-scripts/control.js`,
        });
        await page.waitForTimeout(300);
        return fromExtension.includes(url);
      } finally {
        await page.close();
      }
    },
    newTab: async () => {
      const page = await context.newPage();
      // Requests a page makes on behalf of our content script carry it in their initiator (CDP).
      const cdp = await context.newCDPSession(page);
      // Uncaught errors of every world in the tab, ours among them (the page's own console never shows ours).
      const errors: string[] = [];
      cdp.on(
        'Runtime.exceptionThrown',
        (e: { exceptionDetails: { text: string; url?: string; exception?: { description?: string }; stackTrace?: { callFrames: { url: string }[] } } }) => {
          const d = e.exceptionDetails;
          const urls = [d.url ?? '', ...(d.stackTrace?.callFrames ?? []).map((f) => f.url), d.exception?.description ?? ''];
          if (urls.some((u) => u.includes(extensionOrigin))) errors.push(`${d.text} ${d.exception?.description ?? ''}`.slice(0, 300));
        },
      );
      await cdp.send('Runtime.enable');
      tabErrors.set(page, errors);
      cdp.on('Network.requestWillBeSent', (e: { request: { url: string }; initiator: { url?: string; stack?: { callFrames: { url: string }[] } } }) => {
        const frames = [e.initiator.url ?? '', ...(e.initiator.stack?.callFrames ?? []).map((f) => f.url)];
        if (frames.some((u) => u.startsWith('chrome-extension://'))) fromExtension.push(e.request.url);
      });
      await cdp.send('Network.enable');
      return wrap(page);
    },
    openExtensionPage: async (path) => {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return wrap(page);
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function launchFirefox(extensionDir: string, port: number, geckoId: string): Promise<Driver> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      // Firefox has no host-resolver rules: send plain-HTTP traffic to the test server as a proxy.
      // Firefox would ask sites on its HSTS preload list over HTTPS, which the proxy refuses: plain HTTP, as served.
      'network.stricttransportsecurity.preloadlist': false,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'dom.security.https_first': false,
      'dom.security.https_only_mode': false,
      'browser.fixup.fallback-to-https': false,
    },
  });
  await browser.installExtension(extensionDir);
  const extensionOrigin = `moz-extension://${uuid}`;
  // One of our pages, kept open to reach tabs' isolated worlds through tabs.executeScript.
  let helper: Promise<import('puppeteer-core').Page> | undefined;
  const helperPage = () =>
    (helper ??= (async () => {
      const page = await browser.newPage();
      void page.goto(`${extensionOrigin}/popup.html?tab=999999`).catch(() => undefined);
      await retry(() => page.waitForSelector('main', { timeout: 15_000 }));
      return page;
    })());
  const wrap = (page: import('puppeteer-core').Page): Tab => ({
    ourErrors: () => [],
    isolated: async <T>(source: string): Promise<T> => {
      const url = page.url();
      const ext = await helperPage();
      const code = `(async () => (${source}))()`;
      return ext.evaluate(
        async (pageUrl: string, c: string) => {
          const api = (globalThis as any).browser;
          const tabs = ((await api.tabs.query({})) as { id: number; url?: string }[]).filter((t) => t.url === pageUrl);
          const tab = tabs[tabs.length - 1];
          if (!tab) throw new Error(`no tab at ${pageUrl}`);
          const [r] = await api.tabs.executeScript(tab.id, { code: c });
          return r;
        },
        url,
        code,
      ) as Promise<T>;
    },
    goto: async (url, waitUntil = 'load') => {
      try {
        await page.goto(url, { waitUntil: waitUntil === 'load' ? 'load' : 'domcontentloaded', timeout: 30_000 });
      } catch (error) {
        // BiDi rejects a navigation whose page changes its own address while loading (pushState);
        // the page is loaded all the same when it stayed on the test host.
        const href = await page.evaluate(() => location.href).catch(() => 'about:blank');
        if (new URL(href).host !== new URL(url).host) throw error;
      }
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    evaluateSource: (source) => page.evaluate(source) as never,
    waitFor: async (selector, ms = 10_000) => void (await page.waitForSelector(selector, { timeout: ms })),
    texts: (selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? '')),
    mouseMove: (x, y) => page.mouse.move(x, y, { steps: 3 }),
    mouseClick: (x, y) => page.mouse.click(x, y),
    press: (key) => page.keyboard.press(key as never),
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    setViewport: (width, height) => page.setViewport({ width, height }),
    close: () => page.close(),
  });
  return {
    name: 'firefox',
    extensionOrigin,
    newTab: async () => wrap(await browser.newPage()),
    openExtensionPage: async (path) => {
      const page = await browser.newPage();
      // goto on moz-extension:// pages may never resolve although the page loads: do not await it.
      void page.goto(`${extensionOrigin}/${path}`).catch(() => undefined);
      // Right after navigation BiDi may answer a query with a protocol error: ask again.
      await retry(() => page.waitForSelector('main', { timeout: 15_000 }));
      return wrap(page);
    },
    close: () => browser.close(),
  };
}
