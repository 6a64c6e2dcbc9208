/**
 * Article -> ranked related coverage with reasons, and free-text search, over a {@link CorpusIndex}.
 * Pure code: the background worker owns one index; tests, the CLI and the benchmarks build their own.
 * The index in ./corpus-index.ts, its articles in ./articles.ts, stories in ./stories.ts (their quote runs in ./shingles.ts), serialization
 * in ./serialize.ts, ranking in ./related.ts, search in ./search.ts, quotes in ./quotes.ts, postings in
 * ./terms-index.ts, the page's marks in ./prior-mentions.ts.
 */
export { bodyOf, findingsOf, hasBody, headOnly, isStoredArticle, plainArticle, readFindings, supplyBodies, type Findings } from './articles';
export { addArticle, buildIndex, removeArticle, type CorpusIndex } from './corpus-index';
export { cachedSimilarity, matchQuotes, quoteSimilarity, type QuoteMatch } from './quotes';
export { docsToRead, findRelated, prepareRelated, type ArticleQuery, type PreparedQuery, type RelatedArticle, type RelationReason } from './related';
export { prepareSearch, searchCorpus, type PreparedSearch, type SearchHit } from './search';
export { storyCandidates } from './stories';
export { INDEX_VERSION, headIds, indexToJson, titlesText, loadIndex, serializeIndex, type SerializedIndex } from './serialize';
export { around, clip } from '../text/snippets';
