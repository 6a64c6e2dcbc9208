/** Bundled as a Web Worker script by ./archive.ts: one worker start to its first answer, in a heap of its own. */
import type { SerializedIndex } from '../../src/match';
import { firstAnswer } from './archive-steps';

self.onmessage = (e: MessageEvent<string>) => {
  // The seed index is part of the real worker's script: parsed before the clock starts.
  const seeds = JSON.parse(e.data) as SerializedIndex;
  firstAnswer(seeds).then(
    (r) => postMessage(r),
    (error: unknown) => postMessage({ error: String(error) }),
  );
};
