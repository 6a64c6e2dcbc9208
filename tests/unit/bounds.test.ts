/**
 * No page can freeze, read or steer us, in the parts that are logic: text read within its budget, work
 * done in slices, the text map built the plain way's way, navigation followed from trusted events only,
 * and marks placed again only when they were lost or the article's text arrived. Speed itself is
 * measured by `npm run bench:pathological` and asserted from traces in the browser tests.
 */
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchNavigation } from '../../src/annotate/navigation';
import type { Send } from '../../src/annotate/pipeline';
import { PageSession } from '../../src/annotate/session';
import type { PageMessage } from '../../src/messaging';
import { detectTopic, PARTLY_READ } from '../../src/detect';
import { extractArticle, READ_BUDGET, readHeadlines, readText } from '../../src/extract';
import { normalize, normalizeWithMap } from '../../src/text';
import { runSliced, runToEnd, type Steps } from '../../src/text/steps';
import { ON_TOPIC_TEXT, longParagraph, repeatTo, siblingSpans } from '../fixtures/pathological';

/** The text map the plain, quadratic way it was first written: the reference the fast one must agree with. */
function plainNormalizeWithMap(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const folded = normalize(ch) || (/\s/.test(ch) || /[\u00A0\u2000-\u200B\u202F\u205F\u3000]/.test(ch) ? ' ' : '');
    for (const c of folded) {
      if (c === ' ' && (out.length === 0 || out.endsWith(' '))) continue;
      out += c;
      for (let unit = 0; unit < c.length; unit++) map.push(i);
    }
    i += ch.length;
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    map.pop();
  }
  return { text: out, map };
}

const tricky = fc.string({ unit: fc.constantFrom(...'aZ9 .,"\'“”‘’«»—–-\u00a0\u200b\u3000\n\t\rПутин😀é\u0301ﬁ¨²'.split(''), '\ud800', '\udc00', 'e\u0301'), maxLength: 120 });

describe('the text map', () => {
  it('gives the same text and map as the plain way, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 60 })), (t) => {
        expect(normalizeWithMap(t)).toEqual(plainNormalizeWithMap(t));
      }),
      { numRuns: 1000, examples: [[' a  b '], ['\ud800x'], ['x\udc00'], ['ﬁ ﬁ'], ['¨'], ['\u200b\u200ba']] },
    );
  });
});

describe('reading within the budget', () => {
  it('cuts a text at a word, says so, reads the same text the same way, and never returns more than the budget', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 5, max: 60 }), (unit, times, max) => {
        const raw = unit.repeat(times);
        const { text, cut } = readText(raw, max);
        expect(text.length).toBeLessThanOrEqual(max);
        if (!cut) expect(text).toBe(normalize(raw));
        else expect(normalize(raw).startsWith(text) || raw.length > 4 * max).toBe(true);
        expect(readText(raw, max)).toEqual({ text, cut }); // deterministic: the marks find blocks by it
      }),
      { numRuns: 500 },
    );
  });

  it('reads a page with a megabyte-long paragraph up to the body budget, and the verdict says it judged the first part', () => {
    const doc = new JSDOM(longParagraph(1024 * 1024), { url: 'https://www.reuters.com/world/x' }).window.document;
    const article = extractArticle(doc, 'https://www.reuters.com/world/x');
    expect(article.truncated).toBe(true);
    expect(article.paragraphs.every((p) => p.length <= READ_BUDGET.paragraph)).toBe(true);
    expect(article.paragraphs.reduce((n, p) => n + p.length, 0)).toBeLessThanOrEqual(READ_BUDGET.body + READ_BUDGET.paragraph);
    const verdict = detectTopic(article);
    expect(verdict.onTopic).toBe(true);
    expect(verdict.partlyRead).toBe(true);
    expect(verdict.reason).toContain(PARTLY_READ);
    // An ordinary article is read whole, and says nothing of the kind.
    const whole = detectTopic(extractArticle(new JSDOM(longParagraph(2_000)).window.document, 'https://www.reuters.com/world/y'));
    expect(whole.partlyRead).toBeUndefined();
    expect(whole.reason).not.toContain(PARTLY_READ);
  });

  it('reads a paragraph of 60 000 spans as far as the budget, and the first look reads headlines of a few kB at most', () => {
    const doc = new JSDOM(siblingSpans(60_000)).window.document;
    const article = extractArticle(doc, 'https://www.reuters.com/world/z');
    expect(article.truncated).toBe(true);
    expect(Math.max(...article.paragraphs.map((p) => p.length))).toBeLessThanOrEqual(READ_BUDGET.paragraph);
    const huge = repeatTo('Putin Trump Russia sanctions summit', 1024 * 1024);
    const page = new JSDOM(`<title>${huge}</title><meta name="description" content="${huge}"><h1>${huge}</h1><p>x</p>`).window.document;
    const h = readHeadlines(page);
    for (const part of [h.title, h.description, h.h1]) expect(part.length).toBeLessThanOrEqual(READ_BUDGET.headline);
    expect(h.title).toMatch(/^Putin Trump/);
  });
});

describe('work in slices', () => {
  function* counting(steps: number, costMs: number): Steps<number> {
    for (let k = 0; k < steps; k++) {
      const until = performance.now() + costMs;
      while (performance.now() < until);
      yield;
    }
    return steps;
  }

  it('gives the page a turn whenever a slice has run its time, and returns what the work returns', async () => {
    let pauses = 0;
    const result = await runSliced(counting(20, 1), async () => void pauses++, 4);
    expect(result).toBe(20);
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(pauses).toBeLessThanOrEqual(10);
    expect(runToEnd(counting(5, 0))).toBe(5);
  });
});

describe('navigation', () => {
  it('follows the address after a change, and ignores events the page dispatches itself', async () => {
    const dom = new JSDOM('<p>x</p>', { url: 'https://www.reuters.com/a' });
    const win = dom.window as unknown as Window;
    const seen: string[] = [];
    const controller = new dom.window.AbortController();
    vi.useFakeTimers();
    try {
      watchNavigation(win, (url) => seen.push(url), controller.signal as AbortSignal);
      // Forged: the address has not changed, whatever the events claim.
      for (const type of ['popstate', 'hashchange']) win.dispatchEvent(new dom.window.Event(type));
      await vi.advanceTimersByTimeAsync(1500);
      expect(seen).toEqual([]);
      // A real change (jsdom has no Navigation API: the slow look finds it).
      win.history.pushState({}, '', '/b');
      await vi.advanceTimersByTimeAsync(1100);
      expect(seen).toEqual(['https://www.reuters.com/b']);
      controller.abort();
      win.history.pushState({}, '', '/c');
      await vi.advanceTimersByTimeAsync(2000);
      expect(seen).toEqual(['https://www.reuters.com/b']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('marks placed again only when needed', () => {
  afterEach(() => vi.useRealTimers());

  const related = [{ id: '000_x', title: 'Earlier', reasons: [], sameStory: [], score: 1, source: 'seed' }];
  const marks = {
    entities: [{ entityId: 'putin', name: 'Vladimir Putin', before: [{ id: '000_x', title: 'Earlier', passage: 'Putin', highlight: [0, 5] as [number, number] }] }],
    quotes: [],
  };
  const page = (body: string) =>
    new JSDOM(
      `<!doctype html><html><head><title>Putin writes to Trump</title><meta property="og:type" content="article"></head><body>${body}<div id="ticker">Markets 0</div></body></html>`,
      { url: 'https://www.reuters.com/world/p' },
    );
  const article = `<article><h1>Putin writes to Trump</h1>${ON_TOPIC_TEXT.map((p) => `<p>${p}</p>`).join('')}</article>`;

  async function session(dom: JSDOM) {
    const layer = { marks: dom.window.document.createElement('div'), origin: () => ({ x: 0, y: 0 }) };
    const s = new PageSession(dom.window.document, {
      // A fake worker that finds the article on topic (the cast: one answer for every type of message).
      send: (async (msg: PageMessage) => (msg.type === 'page/article' ? { verdict: { onTopic: true, score: 1, reason: '', evidence: [] }, related, marks } : undefined)) as Send,
      marksEnabled: () => true,
      layer,
    });
    vi.stubGlobal('MutationObserver', dom.window.MutationObserver);
    await s.analyze(dom.window.location.href);
    const remark = vi.spyOn(s, 'remark');
    return { s, remark };
  }

  it('does nothing while only a ticker changes, even under a storm of changes', async () => {
    const dom = page(article);
    const { s, remark } = await session(dom);
    expect(s.current.marks.length).toBeGreaterThan(0);
    const ticker = dom.window.document.getElementById('ticker')!;
    for (let k = 0; k < 40; k++) {
      ticker.textContent = `Markets ${k}`;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(remark).not.toHaveBeenCalled();
    s.stop();
  });

  it('places them again when the page replaced the article, at the latest a little after a storm began', async () => {
    const dom = page(article);
    const { s, remark } = await session(dom);
    const story = dom.window.document.querySelector('article')!;
    story.innerHTML = `${story.innerHTML}`; // same text, new nodes: the marks' ranges are lost
    const ticker = dom.window.document.getElementById('ticker')!;
    const started = Date.now();
    while (!remark.mock.calls.length && Date.now() - started < 4000) {
      ticker.textContent = `Markets ${Date.now()}`; // a storm that never lets the page go quiet
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(remark).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.current.marks.every((m) => m.range.startContainer.isConnected)).toBe(true);
    s.stop();
  });

  it('with no marks yet, looks again when the article arrives later, and not for other changes', async () => {
    const dom = page('<article><h1>Putin writes to Trump</h1></article>');
    // The body comes from JSON-LD: the page's own blocks do not hold it yet.
    const ld = dom.window.document.createElement('script');
    ld.type = 'application/ld+json';
    ld.textContent = JSON.stringify({ '@type': 'NewsArticle', headline: 'Putin writes to Trump', articleBody: ON_TOPIC_TEXT.join('\n') });
    dom.window.document.head.append(ld);
    const { s, remark } = await session(dom);
    expect(s.current.marks).toHaveLength(0);
    dom.window.document.getElementById('ticker')!.textContent = 'Markets 1';
    await new Promise((r) => setTimeout(r, 400));
    expect(remark).not.toHaveBeenCalled();
    dom.window.document.querySelector('article')!.insertAdjacentHTML('beforeend', ON_TOPIC_TEXT.map((p) => `<p>${p}</p>`).join(''));
    await new Promise((r) => setTimeout(r, 400));
    expect(remark).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.current.marks.length).toBeGreaterThan(0);
    s.stop();
  });
});

describe('one huge text node', () => {
  it('is read only as far as the budget, and said to be cut', async () => {
    const { rawTextOf } = await import('../../src/extract/budget');
    const { document } = new JSDOM(`<p><a href="/x">${'Putin '.repeat(200_000)}</a> tail</p>`).window;
    const p = document.querySelector('p')!;
    const read = rawTextOf(p as unknown as Element, 1_000);
    expect(read.raw.length).toBe(1_000);
    expect(read.complete).toBe(false);
    expect(read.linkChars).toBe(1_000);
    expect(rawTextOf(p as unknown as Element, 10_000_000).complete).toBe(true);
  });
});
