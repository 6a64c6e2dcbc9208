/**
 * Archive at scale, in Node with fake-indexeddb (an in-memory IndexedDB: the browser's own is slower to
 * write and faster to read; these figures are for the code's own cost): 10 k synthetic archived articles.
 * Measures import and export of the whole archive, saving one article into it, storage per article, and
 * the worker's cold start to its first answer (open the store, read every record, add them to the
 * seed index, match one article), with the match latency over the grown index.
 * Usage: npm run bench:archive [-- --json] [-- --docs 10000]
 */
import 'fake-indexeddb/auto';
import { exportFile, makeRecord, openArchiveIndex, parseImport, snapshotIndex } from '../../src/archive';
import { ArchiveStore } from '../../src/archive/store';
import { findRelated } from '../../src/match';
import { seedIndex } from '../../src/corpus/prebuilt';
import { JUDGED } from '../fixtures/judged';
import { SEEDS_DIR, seedCorpus } from '../unit/helpers';
import { syntheticCorpus } from './synthetic';

const json = process.argv.includes('--json');
const docsArg = process.argv[process.argv.indexOf('--docs') + 1];
const N = process.argv.includes('--docs') && docsArg ? Number(docsArg) : 10_000;
const rows: { name: string; value: number; unit: string; goal?: string }[] = [];
const emit = (name: string, value: number, unit: string, goal?: string) => {
  const row = { name, docs: N, value: Math.round(value * 100) / 100, unit, goal };
  rows.push(row);
  if (json) console.log(JSON.stringify(row));
};
const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const seeds = seedCorpus();
const synthetic = syntheticCorpus(seeds, N);
const records = synthetic.map((d, i) => makeRecord({ url: `https://news.example/${i}/${d.id}`, title: d.title, published: d.date?.iso, paragraphs: d.paragraphs }, 1_600_000_000_000 + i));

const store = await ArchiveStore.open();
const [counts, importMs] = await time(() => store.importAll(records));
emit('import (write all records, one transaction)', importMs, 'ms', '≤ 5 000 ms');
const [file, exportMs] = await time(async () => exportFile(await store.all()));
emit('export (read all + serialize)', exportMs, 'ms', '≤ 5 000 ms');
const [parsed, parseMs] = await time(() => parseImport(file));
emit('import file: parse + validate', parseMs, 'ms');
emit('export file size per article', file.length / parsed.length / 1024, 'kB');
emit('stored record size per article (JSON of the record)', records.reduce((n, r) => n + JSON.stringify(r).length, 0) / records.length / 1024, 'kB');
emit('records merged as near-duplicates on import', counts.merged, 'records');

const saves: number[] = [];
for (let i = 0; i < 60; i++) {
  const d = synthetic[i]!;
  const record = makeRecord({ url: `https://other.example/${i}`, title: `${d.title} (other)`, paragraphs: [...d.paragraphs].reverse() });
  saves.push((await time(() => store.save(record)))[1]);
}
emit('save one article into the archive, p50', quantile(saves, 0.5), 'ms', '≤ 20 ms');
emit('save one article into the archive, p95', quantile(saves, 0.95), 'ms', '≤ 20 ms');
store.close();

// Cold start: what a restarted worker does before its first answer. Baseline: rebuilding the index from
// the records (what happens when there is no current snapshot); ours: loading the snapshot.
const serializedSeeds = seedIndex(SEEDS_DIR);
const coldStart = async () => {
  const s = await ArchiveStore.open();
  const opened = await openArchiveIndex(s, structuredClone(serializedSeeds));
  findRelated(opened.index, JUDGED[0]!);
  return { s, opened };
};
const [rebuilt, rebuildMs] = await time(coldStart);
const [, snapshotMs] = await time(() => snapshotIndex(rebuilt.s, serializedSeeds, rebuilt.opened.index, rebuilt.opened.stamp));
rebuilt.s.close();
const [fromSnapshot, coldMs] = await time(coldStart);
fromSnapshot.s.close();
if (!fromSnapshot.opened.fromSnapshot) throw new Error('the snapshot was not used');
emit('worker cold start to first answer, from the snapshot', coldMs, 'ms', '≤ 200 ms');
emit('  baseline: rebuilding the index from the records', rebuildMs, 'ms');
emit('taking the snapshot (after changes, in the background)', snapshotMs, 'ms');
const index = fromSnapshot.opened.index;
const latencies: number[] = [];
for (const q of [...JUDGED, ...JUDGED]) latencies.push((await time(() => findRelated(index, q)))[1]);
emit('match p95 over seeds + archive', quantile(latencies, 0.95), 'ms', '≤ 5 ms');

if (!json) {
  console.log(`Archive benchmark: ${N} synthetic archived articles, fake-indexeddb in Node ${process.version}`);
  for (const r of rows) console.log(`${r.name.padEnd(62)} ${String(r.value).padStart(10)} ${r.unit.padEnd(8)} ${r.goal ?? ''}`);
}
