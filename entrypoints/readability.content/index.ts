import { FALLBACK_GLOBAL } from '@/src/extract';
import { readabilityParagraphs } from '@/src/extract/readability';
import { DEFAULT_NEWS_SITES, matchPatterns } from '@/src/settings/sites';

/**
 * Mozilla Readability, the extractor's last resort, as a third step: the full analysis (../article.content)
 * asks the worker to load it into a page only when JSON-LD and the page's article container found no
 * body, and reads it from our scripts' shared world (a page's own scripts cannot reach it there).
 */
export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main() {
    (globalThis as Record<string, unknown>)[FALLBACK_GLOBAL] = readabilityParagraphs;
  },
});
