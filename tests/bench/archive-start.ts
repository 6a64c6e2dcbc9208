/**
 * Bundled as a Web Worker script by ./archive.ts, in a heap of its own as the extension's worker: one
 * start to its first answer, or (asked "match") the judged queries' latency over the index it opens.
 */
import type { SerializedIndex } from '../../src/match';
import { firstAnswer, matchLatency } from './archive-steps';

self.onmessage = (e: MessageEvent<{ seeds: string; mode: 'start' | 'match' }>) => {
  // The seed index is part of the real worker's script: parsed before the clock starts.
  const seeds = JSON.parse(e.data.seeds) as SerializedIndex;
  (e.data.mode === 'match' ? matchLatency(seeds) : firstAnswer(seeds)).then(
    (r) => postMessage(r),
    (error: unknown) => postMessage({ error: String(error) }),
  );
};
