/**
 * The seed index, prebuilt at build time: a Vite plugin reads `seeds/`, parses and indexes them with
 * the same code as everywhere else, and hands the worker the serialized index as a module. A restarted
 * MV3 worker then loads the index (under 1 ms) instead of cleaning and indexing the seeds again
 * (about 120 ms cold). Node only: used by wxt.config.ts and tests, never bundled.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, indexToJson, serializeIndex, type SerializedIndex } from '../match';
import { loadSeeds, type SeedMetadata } from '.';

export const SEED_INDEX_MODULE = 'virtual:backstory-seed-index';
const RESOLVED = `\0${SEED_INDEX_MODULE}`;

/** The serialized index of the seed files in `dir` (the `.txt` files and `metadata.json`). */
export function seedIndex(dir: string): SerializedIndex {
  const names = readdirSync(dir).filter((n) => n.endsWith('.txt'));
  const files = Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
  const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as SeedMetadata;
  return serializeIndex(buildIndex(loadSeeds(files, metadata)));
}

/** A Vite plugin serving {@link SEED_INDEX_MODULE}; rebuilt when a seed file changes. */
export function seedIndexPlugin(dir: string) {
  return {
    name: 'backstory-seed-index',
    resolveId: (id: string) => (id === SEED_INDEX_MODULE ? RESOLVED : undefined),
    load(this: { addWatchFile?: (file: string) => void }, id: string) {
      if (id !== RESOLVED) return undefined;
      for (const n of readdirSync(dir)) this.addWatchFile?.(join(dir, n));
      // JSON.parse of a string literal is faster for engines to load than the same object literal.
      return `export default JSON.parse(${JSON.stringify(indexToJson(seedIndex(dir)))});`;
    },
  };
}
