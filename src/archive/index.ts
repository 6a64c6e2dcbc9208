/**
 * The personal archive: on-topic articles the reader opened, kept in this browser (IndexedDB) and
 * matched against like the seeds. Records, files and validation in ./records.ts; storage in ./store.ts.
 */
import { makeArticle, type CorpusArticle } from '../corpus';
import type { ArchivedArticle } from './records';

export { ArchiveError, exportFile, idForUrl, makeRecord, parseImport, type ArchivedArticle, type NewArticle } from './records';
export { ArchiveStore, type SaveResult } from './store';

/** An archived article as matching and the UI see it. */
export function toCorpusArticle(r: ArchivedArticle): CorpusArticle {
  return makeArticle({
    id: r.id,
    title: r.title,
    byline: r.byline,
    outlet: r.outlets.length > 1 ? r.outlets.map((o) => o.site).join(', ') : r.site,
    date: r.published ? { iso: r.published, precision: 'day', evidence: [`The page gave its publication date: ${r.published}`], reasoning: 'the date the page itself states' } : undefined,
    paragraphs: r.paragraphs,
    source: 'archive',
  });
}
