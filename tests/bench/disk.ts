/** What an origin's IndexedDB takes on disk in a Chromium profile: every file of it (LevelDB's tables and log, and blobs). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function indexedDbBytes(profile: string, port: number): number {
  const dir = join(profile, 'Default', 'IndexedDB');
  const size = (path: string): number => (statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + size(join(path, f)), 0) : statSync(path).size);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`http_127.0.0.1_${port}.`))
    .reduce((n, f) => n + size(join(dir, f)), 0);
}
