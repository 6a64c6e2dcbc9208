/**
 * Bundled into the page by ./content.ts: the content script's own stages, timed on the live page's
 * main thread in real Chromium, and Readability on every page as the baseline.
 */
import { Readability } from '@mozilla/readability';
import { createHighlighter, MARKS_CSS } from '../../src/annotate/highlighter';
import { createInPageHost } from '../../src/annotate/host';
import { placeMarks } from '../../src/annotate/marks';
import { findBodyBlocks, wholeBodyScan } from '../fixtures/marking';
import { analyzePage, type Send } from '../../src/annotate/pipeline';
import { yieldToPage } from '../../src/text/steps';
import type { PageMarks } from '../../src/match/prior-mentions';
import { detectTopic, mightBeOnTopic } from '../../src/detect';
import { extractArticle, readHeadlines } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';

const time = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const median3 = (fn: () => unknown) => [time(fn), time(fn), time(fn)].sort((a, b) => a - b)[1]!;

(globalThis as Record<string, unknown>).__backstoryBench = {
  page() {
    time(() => detectTopic(extractArticle(document, location.href, readabilityParagraphs))); // warm-up
    return {
      bailOut: median3(() => mightBeOnTopic(readHeadlines(document))),
      full: median3(() => detectTopic(extractArticle(document, location.href, readabilityParagraphs))),
      readability: median3(() => new Readability(document.cloneNode(true) as Document).parse()),
      isArticle: extractArticle(document, location.href, readabilityParagraphs).isArticle,
      passesBailOut: mightBeOnTopic(readHeadlines(document)),
    };
  },
  /** The whole pipeline as the content script runs it; the longest main-thread task seen meanwhile. */
  async pipeline() {
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    // The longest slice of our work while the pipeline runs: the time from each resumption to the next
    // time it gives the page a turn (scheduler.yield, which the pipeline calls between slices, watched).
    const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
    const yieldOf = scheduler?.yield?.bind(scheduler);
    let longestGap = 0;
    let resumedAt = performance.now();
    if (scheduler && yieldOf)
      scheduler.yield = async () => {
        longestGap = Math.max(longestGap, performance.now() - resumedAt);
        await yieldOf();
        resumedAt = performance.now();
      };
    const start = performance.now();
    // Started from a timer, as an ordinary task of the page's event loop, so the Long Tasks API sees it.
    const result = await new Promise((resolve) =>
      setTimeout(
        () =>
          resolve(
            analyzePage(document, location.href, (async () => ({
              verdict: { onTopic: true, score: 1, reason: '', evidence: [] },
              related: [],
              marks: { entities: [], quotes: [] },
            })) as Send),
          ),
        0,
      ),
    );
    const total = performance.now() - start;
    longestGap = Math.max(longestGap, performance.now() - resumedAt);
    if (scheduler && yieldOf) scheduler.yield = yieldOf;
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    const article = extractArticle(document, location.href, readabilityParagraphs);
    // Marking: find the body blocks, place the marks (names and a quote), draw them.
    const prior = [{ id: 'x', title: 'x', passage: 'x', highlight: [0, 1] as [number, number] }];
    const marks: PageMarks = {
      entities: ['putin', 'obama', 'kremlin', 'moscow', 'washington', 'ukraine', 'sanctions', 'crimea'].map((entityId) => ({ entityId, name: entityId, before: prior })),
      quotes: [{ quote: 'pragmatism and equality', before: prior }],
    };
    const host = createInPageHost(document, MARKS_CSS)!;
    host.show();
    const highlighter = createHighlighter(document, host);
    // The way the content script does it: blocks found in slices (longest slice recorded), then one draw.
    const slices: number[] = [];
    let sliceStart = performance.now();
    const pause = async () => {
      slices.push(performance.now() - sliceStart);
      await yieldToPage();
      sliceStart = performance.now();
    };
    const blocks = await findBodyBlocks(document, article.paragraphs, pause);
    slices.push(performance.now() - sliceStart);
    let placed = 0;
    const draw = time(() => {
      const placedMarks = placeMarks(blocks, marks);
      highlighter.show(placedMarks);
      placed = placedMarks.length;
    });
    const marking = [Math.max(...slices), draw, time(() => wholeBodyScan(document, article.paragraphs))];
    highlighter.clear();
    host.hide();
    return { total, longestTask: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length, longestStage: longestGap, marking, placed, onTopic: result !== null };
  },
};
