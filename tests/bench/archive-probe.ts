/** Bundled into a page by ./archive.ts: the archive benchmark on real Chromium's IndexedDB. */
import type { SerializedIndex } from '../../src/match';
import { archiveSteps, type FreshStart, type TimingArticle } from './archive-steps';

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

/** The page's JS heap after a collection (Chromium started with --expose-gc and precise memory info). */
const pageHeap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;
};

(globalThis as Record<string, unknown>).__archiveBench = async (serialized: string, withRebuild: boolean, verbose: boolean) =>
  archiveSteps(
    (await (await fetch('/corpus.json')).json()) as TimingArticle[],
    JSON.parse(serialized) as SerializedIndex,
    withRebuild,
    freshStart(serialized),
    verbose,
    pageHeap,
    async () => (await navigator.storage.estimate()).usage ?? NaN,
  );
