/**
 * The seed corpus as bundled into the extension at build time: Vite reads `seeds/*.txt` as raw text,
 * so the shipped corpus is always exactly the files in the repo, never a hand-made copy.
 */
import { loadSeeds, type SeedMetadata } from '.';
import metadata from '../../seeds/metadata.json';

const files = import.meta.glob<string>('../../seeds/*.txt', { query: '?raw', import: 'default', eager: true });

export const bundledSeeds = () => loadSeeds(files, metadata as unknown as SeedMetadata);
