/** Bundled into a page by ./archive.ts: the archive benchmark on real Chromium's IndexedDB. */
import type { SerializedIndex } from '../../src/match';
import { archiveSteps, type FreshImport, type FreshMatch, type FreshStart, type Row, type TimingArticle } from './archive-steps';

/** Runs ./archive-start.ts in a new Web Worker (served at /start-worker.js): a heap of its own, as a restarted service worker has. */
const inFreshWorker =
  <T>(serialized: string, mode: 'start' | 'match') =>
  () =>
    new Promise<T>((resolve, reject) => {
      const worker = new Worker('/start-worker.js');
      worker.onmessage = (e: MessageEvent<T & { error?: string }>) => {
        worker.terminate();
        if (e.data.error) reject(new Error(e.data.error));
        else resolve(e.data);
      };
      worker.onerror = (e) => (worker.terminate(), reject(new Error(e.message)));
      worker.postMessage({ seeds: serialized, mode });
    });

/**
 * A pack imported by a new Web Worker, its parts sent one at a time, each once the worker has taken the
 * one before (as the options page sends a file to the extension's worker).
 */
const importInFreshWorker =
  (serialized: string): FreshImport =>
  (parts, articles) =>
    new Promise<Row[]>((resolve, reject) => {
      const worker = new Worker('/start-worker.js');
      const next = parts[Symbol.iterator]();
      const send = () => {
        const part = next.next();
        worker.postMessage(part.done ? { end: true } : { part: part.value });
      };
      worker.onmessage = (e: MessageEvent<{ taken?: true; rows?: Row[]; error?: string }>) => {
        if (e.data.taken) return send();
        worker.terminate();
        if (e.data.error) reject(new Error(e.data.error));
        else resolve(e.data.rows!);
      };
      worker.onerror = (e) => (worker.terminate(), reject(new Error(e.message)));
      worker.postMessage({ seeds: serialized, mode: 'import', articles });
      send();
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
    inFreshWorker<Awaited<ReturnType<FreshStart>>>(serialized, 'start'),
    verbose,
    pageHeap,
    // The files of the origin's IndexedDB on disk, as the bench's Node side counts them (the browser's own
    // estimate is a cached figure, updated on writes but not when LevelDB compacts them).
    async () => (globalThis as { __diskUsage?: () => Promise<number> }).__diskUsage?.() ?? NaN,
    inFreshWorker<Awaited<ReturnType<FreshMatch>>>(serialized, 'match'),
    importInFreshWorker(serialized),
  );
