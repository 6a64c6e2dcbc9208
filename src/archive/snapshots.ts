/**
 * The matching index's snapshot: written a few seconds after the archive last changed, read at a
 * worker's start. Bodies go into the archive's database (checked against its stamp), the snapshot into
 * its own small one, its postings packed a list at a time (the snapshot is read at every start, and its
 * size is most of that read; a list is unpacked when a query first reads it).
 */
import type { IDBPDatabase } from 'idb';
import { packLists, unpackPostings } from '../match/terms-index';
import type { ArchiveDb, IndexDb, IndexSnapshot, StoredSnapshot } from './schema';

/** The last index snapshot, whatever stamp it was taken at (none if it cannot be read). */
export async function readSnapshot(indexDb: IDBPDatabase<IndexDb>): Promise<IndexSnapshot | undefined> {
  const stored = await indexDb.get('snapshot', 'snapshot');
  // Each list packed on its own (unpacked as queries read them), or all in one (kept before that).
  if (!stored?.packedPairs) return stored;
  const { packedPairs, pairCount, ...snapshot } = stored;
  try {
    return { ...snapshot, index: { ...snapshot.index, pairs: unpackPostings(packedPairs, pairCount ?? 0) } };
  } catch {
    return undefined; // a damaged snapshot: the index is built again from the records
  }
}

/**
 * Keeps the bodies not kept yet and then an index snapshot, unless the archive changed since
 * `snapshot.stamp` (the snapshot would then be stale: skipped, false).
 */
export async function writeSnapshot(
  archiveDb: IDBPDatabase<ArchiveDb>,
  indexDb: IDBPDatabase<IndexDb>,
  snapshot: IndexSnapshot,
  bodies: Iterable<[id: string, body: string]> = [],
): Promise<boolean> {
  const tx = archiveDb.transaction(['meta', 'bodies', 'articles'], 'readwrite');
  const stamp = ((await tx.objectStore('meta').get('stamp')) as number | undefined) ?? 0;
  if (stamp !== snapshot.stamp) {
    await tx.done;
    return false;
  }
  // Only for records still archived (one deleted since would leave an orphan).
  const kept = new Set(await tx.objectStore('articles').getAllKeys());
  const writes: Promise<unknown>[] = [];
  for (const [id, body] of bodies) if (kept.has(id)) writes.push(tx.objectStore('bodies').put(body, id));
  await Promise.all([...writes, tx.done]);
  // Then the snapshot, in its own database. A write to the archive landing in between leaves it
  // claiming the stamp it reflects, older than the archive's: the next start reconciles, as always.
  const stored: StoredSnapshot = { ...snapshot, index: { ...snapshot.index, pairs: [], packed: packLists(snapshot.index.pairs, snapshot.index.offsets) } };
  await indexDb.put('snapshot', stored, 'snapshot');
  return true;
}
