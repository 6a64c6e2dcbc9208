/** Bundled into a page by ./archive.ts: the archive benchmark on real Chromium's IndexedDB. */
import type { CorpusArticle } from '../../src/corpus';
import type { SerializedIndex } from '../../src/match';
import { archiveSteps } from './archive-steps';

(globalThis as Record<string, unknown>).__archiveBench = (n: number, seeds: string, serialized: string, withRebuild: boolean) =>
  archiveSteps(n, JSON.parse(seeds) as CorpusArticle[], JSON.parse(serialized) as SerializedIndex, withRebuild);
