/**
 * In the page of ./text-storage.ts: the archive's texts written to IndexedDB in each layout the storage
 * goal could use, each in a database of its own, the bytes on disk each adds counted by the Node side,
 * and what reading one text back costs in that layout.
 */
type Layout = { name: string; write: (texts: string[][]) => Promise<unknown[]>; read: (value: unknown) => Promise<unknown> };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Through the browser's own (de)compression streams, as an extension page or worker has them. */
const pipe = async (data: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream) =>
  new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(stream)).arrayBuffer());
const deflate = (text: string) => pipe(encoder.encode(text), new CompressionStream('deflate-raw'));
const inflate = async (bytes: Uint8Array<ArrayBuffer>) => decoder.decode(await pipe(bytes, new DecompressionStream('deflate-raw')));

const BATCH = 64;
const LAYOUTS: Layout[] = [
  { name: 'as the archive keeps it (strings)', write: async (t) => t, read: async (v) => v },
  { name: 'UTF-8 bytes', write: async (t) => t.map((p) => encoder.encode(p.join('\n'))), read: async (v) => decoder.decode(v as Uint8Array) },
  { name: 'deflated one text at a time', write: (t) => Promise.all(t.map((p) => deflate(p.join('\n')))), read: (v) => inflate(v as Uint8Array<ArrayBuffer>) },
  {
    name: `deflated ${BATCH} texts together (a text read = its batch inflated)`,
    // One value per batch, spread over its texts' share so the count of values stays that of the texts.
    write: async (t) => {
      const out: unknown[] = [];
      for (let i = 0; i < t.length; i += BATCH) {
        out.push(
          await deflate(
            t
              .slice(i, i + BATCH)
              .map((p) => p.join('\n'))
              .join('\u0000'),
          ),
        );
        for (let k = 1; k < BATCH && i + k < t.length; k++) out.push(0);
      }
      return out;
    },
    read: (v) => inflate(v as Uint8Array<ArrayBuffer>),
  },
];

const open = (name: string) =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => r.result.createObjectStore('texts');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error))));

(globalThis as Record<string, unknown>).__textStorage = async (texts: string[][], diskUsage: () => Promise<number>) => {
  const rows: { name: string; bytes: number; readUs: number }[] = [];
  for (const layout of LAYOUTS) {
    const values = await layout.write(texts);
    const before = await diskUsage();
    const db = await open(layout.name);
    for (let i = 0; i < values.length; i += 1000) {
      const tx = db.transaction('texts', 'readwrite');
      values.slice(i, i + 1000).forEach((v, k) => tx.objectStore('texts').put(v, i + k));
      await done(tx);
    }
    db.close();
    // Let LevelDB write its log out to tables, as it does at rest.
    await new Promise((r) => setTimeout(r, 3000));
    const bytes = (await diskUsage()) - before;
    // Reading one text back, the value already read: what each read of a text adds.
    const sample = values.filter((v) => v !== 0).slice(0, 200);
    const t0 = performance.now();
    for (const v of sample) await layout.read(v);
    rows.push({ name: layout.name, bytes: bytes / texts.length, readUs: ((performance.now() - t0) / sample.length) * 1000 });
  }
  return rows;
};
