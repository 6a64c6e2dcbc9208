/** Bundled into a page by ./archive.ts: the archive benchmark on real Chromium's IndexedDB. */
import type { CorpusArticle } from '../../src/corpus';
import type { SerializedIndex } from '../../src/match';
import { archiveSteps, type FreshStart } from './archive-steps';

/** A worker start in a new Web Worker (script served at /start-worker.js). */
const freshStart =
  (serialized: string): FreshStart =>
  () =>
    new Promise((resolve, reject) => {
      const worker = new Worker('/start-worker.js');
      worker.onmessage = (e: MessageEvent<Awaited<ReturnType<FreshStart>> & { error?: string }>) => {
        worker.terminate();
        if (e.data.error) reject(new Error(e.data.error));
        else resolve(e.data);
      };
      worker.onerror = (e) => (worker.terminate(), reject(new Error(e.message)));
      worker.postMessage(serialized);
    });

(globalThis as Record<string, unknown>).__archiveBench = (n: number, seeds: string, serialized: string, withRebuild: boolean, verbose: boolean) =>
  archiveSteps(n, JSON.parse(seeds) as CorpusArticle[], JSON.parse(serialized) as SerializedIndex, withRebuild, freshStart(serialized), verbose);
