/**
 * Work done in slices. A stage that may take long on a big page is written as a generator that
 * yields between its steps; the same code then runs to the end at once (Node, tests, the worker) or
 * in slices that give the page's own work a turn (the content script: annotate/pipeline.ts). The
 * stage itself stays pure: it knows nothing of time or of the page's event loop.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs sliced work to its end at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs sliced work, calling `pause()` (which gives the page's event loop a turn) whenever a slice has
 * run `sliceMs` or more, so no task of ours holds the main thread long. Each step must be short.
 */
export async function runSliced<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs = 8): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - start >= sliceMs) {
      await pause();
      start = performance.now();
    }
  }
}

/**
 * Gives the page's own work a turn between our steps, so none of our tasks runs long on a huge page:
 * `scheduler.yield()` where the browser has it (Chromium), else a zero-delay timer.
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A turn for the tasks already queued (a worker's messages among them): a message to ourselves, a task
 * of its own without a timer's clamp (a zero-delay timer waits up to 4 ms once nested: over the thousands
 * of turns of a 100 k import, seconds).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
