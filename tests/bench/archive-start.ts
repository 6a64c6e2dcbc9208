/**
 * Bundled as a Web Worker script by ./archive.ts, in a heap of its own as the extension's worker: one
 * start to its first answer; (asked "match") the judged queries' latency over the index it opens; or
 * (asked "import") a pack's import, its parts sent by the page one at a time, as the options page does.
 */
import type { SerializedIndex } from '../../src/match';
import { firstAnswer, importParts, matchLatency } from './archive-steps';

type Ask = { seeds: string; mode: 'start' | 'match' } | { seeds: string; mode: 'import'; articles: number } | { part: string } | { end: true };

/** The parts of the pack being imported, as they come. */
const parts: string[] = [];
let ended = false;
let wake: (() => void) | undefined;
async function* sent(): AsyncGenerator<string> {
  for (;;) {
    if (parts.length) yield parts.shift()!;
    else if (ended) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

const answer = (work: Promise<unknown>) =>
  work.then(
    (r) => postMessage(r),
    (error: unknown) => postMessage({ error: String(error) }),
  );

self.onmessage = (e: MessageEvent<Ask>) => {
  const ask = e.data;
  if ('part' in ask || 'end' in ask) {
    if ('part' in ask) parts.push(ask.part);
    else ended = true;
    wake?.();
    return;
  }
  // The seed index is part of the real worker's script: parsed before the clock starts.
  const seeds = JSON.parse(ask.seeds) as SerializedIndex;
  if (ask.mode === 'import') answer(importParts(sent(), ask.articles, seeds, () => postMessage({ taken: true })).then((rows) => ({ rows })));
  else answer(ask.mode === 'match' ? matchLatency(seeds) : firstAnswer(seeds));
};
