import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeeds, type SeedMetadata } from '../../src/corpus';

export const SEEDS_DIR = join(import.meta.dirname, '../../seeds');

export const rawSeeds = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(SEEDS_DIR)
      .filter((n) => n.endsWith('.txt'))
      .map((n) => [n, readFileSync(join(SEEDS_DIR, n), 'utf8')]),
  );

export const seedMetadata = () => JSON.parse(readFileSync(join(SEEDS_DIR, 'metadata.json'), 'utf8')) as SeedMetadata;

export const seedCorpus = () => loadSeeds(rawSeeds(), seedMetadata());
