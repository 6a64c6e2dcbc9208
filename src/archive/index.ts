/**
 * The personal archive: on-topic articles the reader opened, kept in this browser (IndexedDB) and
 * matched against like the seeds. Records in ./records.ts, files in ./files.ts, near-duplicate
 * signatures and their lookup in ./signature.ts and ./duplicates.ts, the databases in ./schema.ts,
 * writes in ./store.ts, snapshots in ./snapshots.ts, the matching index kept in step with the store in
 * ./matching-index.ts and through the worker's life in ./live-index.ts.
 */
export { exportFile, parseImport } from './files';
export { LiveIndex } from './live-index';
export { openArchiveIndex, readBodies, reconcile, snapshotIndex, toCorpusArticle, withFindings, type ArchiveIndex } from './matching-index';
export { ARCHIVE_LIMITS, ArchiveError, idForUrl, makeRecord, type ArchivedArticle, type NewArticle } from './records';
export { ArchiveStore, type IndexSnapshot, type SaveResult } from './store';
