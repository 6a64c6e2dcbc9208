/**
 * The seed corpus as shipped in the extension: the index prebuilt from `seeds/` at build time (see
 * ./prebuilt.ts), so the shipped corpus is always exactly the files in the repo, never a hand-made copy.
 */
import seedIndex from 'virtual:backstory-seed-index';
import { loadIndex, type CorpusIndex } from '../match';

export const bundledIndex = (): CorpusIndex => loadIndex(seedIndex);

/** The serialized seed index itself (the archive's index starts from it). */
export const bundledSerializedIndex = () => seedIndex;
