/**
 * Where the worker reports what went wrong that nobody is waiting for (a background index update, a
 * snapshot, an archive that cannot be opened): counted, kept (the last few), and written to the worker's
 * console, where a developer looking at the extension finds them. Never thrown: the reader's page is
 * not the place for our errors.
 */
const recent: string[] = [];
let count = 0;

export function report(what: string, error: unknown): void {
  count++;
  const line = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  recent.push(line);
  if (recent.length > 20) recent.shift();
  console.warn('[Backstory]', line);
}

/** What was reported so far: how many, and the last few (newest last). */
export const reported = (): { count: number; recent: readonly string[] } => ({ count, recent });
