/**
 * Matcher benchmark: Backstory's index (BM25 inverted index + fuse.js on the candidates) against the
 * naive baseline (one fuse.js index over every article's full text) and the peers a developer would reach
 * for (MiniSearch, FlexSearch: ./peers.ts), side by side in one run, on corpora of 1 k, 10 k and 100 k
 * articles made of the real pages' text (./real-corpus.ts), plus ranking quality (nDCG@3, MRR) of each on
 * the judged set over the real seeds and on the labelled real pages, alone and among the corpus.
 *
 * Usage: npm run bench [-- --json] [-- --sizes 1000,10000,100000]
 * Run with --expose-gc (the npm script does) for the heap figures.
 */
import { gzipSync } from 'node:zlib';
import { buildIndex, findRelated, indexToJson, loadIndex, searchCorpus, serializeIndex } from '../../src/match';
import { SEARCHES } from '../fixtures/searches';
import type { CorpusArticle } from '../../src/corpus';
import { naiveBaseline } from '../fixtures/baseline';
import { evaluate, JUDGED, ndcgAt, ourRanking, reciprocalRank } from '../fixtures/judged';
import { bestConstantOrder, labelledArticles } from '../fixtures/labelled';
import { seedCorpus } from '../unit/helpers';
import { articleQuery, flexSearchPeer, miniSearchPeer, type Peer } from './peers';
import { realisticCorpus } from './real-corpus';
import { benchOutput } from './results';

const out = benchOutput(
  'matcher',
  'Matcher: ranking on the judged set, speed and size at 1 k, 10 k and 100 k articles, beside the naive scan, MiniSearch and FlexSearch',
  'npm run bench',
);

const json = process.argv.includes('--json');
const sizesArg = process.argv[process.argv.indexOf('--sizes') + 1];
const SIZES = process.argv.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [1000, 10000, 100000];

interface Row {
  name: string;
  docs: number;
  p50_ms?: number;
  p95_ms?: number;
  baseline_p50_ms?: number;
  baseline_p95_ms?: number;
  value?: number;
  baseline_value?: number;
  unit?: string;
  /** Each peer's figures on the same documents and queries. */
  peers?: Record<string, { p50_ms?: number; p95_ms?: number; value?: number; ndcg3?: number }>;
  /** Ranking quality of ours (nDCG@3 on the labelled real pages, ranked among this corpus). */
  ndcg3?: number;
}
const rows: Row[] = [];
const emit = (row: Row) => {
  rows.push(row);
  if (json) out.log(JSON.stringify(row));
};

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

/** Runs fn over the inputs after one untimed warm-up pass; per-call latencies in ms. */
function latencies<T>(inputs: readonly T[], fn: (x: T) => unknown, warm = true): number[] {
  if (warm) for (const x of inputs.slice(0, 5)) fn(x);
  heap(); // start from a collected heap: the corpus generation above leaves garbage behind
  return inputs.map((x) => time(() => fn(x))[1]);
}

const seeds = seedCorpus();

// Ranking quality on the real seeds: ours against the baseline, same judged set.
{
  const ids = seeds.map((d) => d.id);
  const index = buildIndex(seeds);
  const ours = evaluate(ourRanking(index), ids);
  const base = naiveBaseline(seeds.map((d) => ({ id: d.id, title: d.title, text: d.paragraphs.join('\n') })));
  const theirs = evaluate((q) => base(q.title), ids);
  const seedPeers = [miniSearchPeer(seeds), flexSearchPeer(seeds)];
  const peerJudged = Object.fromEntries(seedPeers.map((p) => [p.name, { ndcg3: round(evaluate((q) => p.search(articleQuery(q)), ids).ndcg3, 3) }]));
  emit({ name: 'judged-ndcg@3', docs: seeds.length, value: round(ours.ndcg3, 3), baseline_value: round(theirs.ndcg3, 3), unit: `${JUDGED.length} queries`, peers: peerJudged });
  emit({ name: 'judged-mrr', docs: seeds.length, value: round(ours.mrr, 3), baseline_value: round(theirs.mrr, 3), unit: `${JUDGED.length} queries` });
  // The same on the real labelled pages (../../../shared/labelled-pages/judgments.json), against the
  // naive scan and the best constant order: the one order of the seeds that scores best given to every
  // page. A ranker that does not beat the constant order is not reading the page.
  const real = labelledArticles(ids);
  const rankOurs = (p: (typeof real)[number]) =>
    findRelated(index, { title: p.article.title, paragraphs: p.article.paragraphs, published: p.article.published }).flatMap((r) => [r.id, ...r.sameStory.map((s) => s.id)]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const constant = bestConstantOrder(real, ids, (r, g) => ndcgAt(3, r, g));
  const constantMrr = bestConstantOrder(real, ids, reciprocalRank);
  const oursRanked = real.map(rankOurs);
  const naive = real.map((p) => base(p.article.title));
  const peerReal = Object.fromEntries(seedPeers.map((peer) => [peer.name, { ndcg3: round(mean(real.map((p) => ndcgAt(3, peer.search(articleQuery(p.article)), p.grades))), 3) }]));
  emit({
    name: 'real-ndcg@3',
    docs: seeds.length,
    value: round(mean(real.map((p, i) => ndcgAt(3, oursRanked[i]!, p.grades))), 3),
    baseline_value: round(mean(real.map((p, i) => ndcgAt(3, naive[i]!, p.grades))), 3),
    unit: `${real.length} real pages; best constant order ${round(constant.score, 3)}`,
    peers: peerReal,
  });
  emit({
    name: 'real-mrr',
    docs: seeds.length,
    value: round(mean(real.map((p, i) => reciprocalRank(oursRanked[i]!, p.grades))), 3),
    baseline_value: round(mean(real.map((p, i) => reciprocalRank(naive[i]!, p.grades))), 3),
    unit: `${real.length} real pages; best constant order ${round(constantMrr.score, 3)}`,
  });
  if (process.argv.includes('--errors'))
    real.forEach((p, i) =>
      out.log(
        `    ${p.file.slice(0, 3)} ndcg@3 ${ndcgAt(3, oursRanked[i]!, p.grades).toFixed(2)} ours ${oursRanked[i]!.map((id) => `${id.slice(0, 3)}:${p.grades.get(id) ?? 0}`).join(' ')}`,
      ),
    );
}

for (const size of SIZES) {
  const h0 = heap();
  const docs: CorpusArticle[] = [...seeds, ...realisticCorpus(size - seeds.length)];
  const h1 = heap();
  // The naive scan takes seconds a query at 10 k and minutes at 100 k: run up to 10 k only.
  const withBaseline = size <= 10000;
  const [baseline, baseBuildMs] = withBaseline ? time(() => naiveBaseline(docs.map((d) => ({ id: d.id, title: d.title, text: d.paragraphs.join('\n') })))) : [undefined, NaN];
  const h2 = heap();
  const [index, buildMs] = time(() => buildIndex(docs));
  const h3 = heap();
  const [serialized, serializeMs] = time(() => indexToJson(serializeIndex(index)));
  const [, loadMs] = time(() => loadIndex(JSON.parse(serialized)));
  const [indexHeap, baseHeap] = [h3 - h2, h2 - h1];
  // The peers, each built over the same documents, its heap measured alone.
  const peers: Peer[] = [];
  const peerBuild: Record<string, { value: number }> = {};
  const peerHeap: Record<string, { value: number }> = {};
  for (const make of [miniSearchPeer, flexSearchPeer]) {
    const before = heap();
    const [peer, ms] = time(() => make(docs));
    peerHeap[peer.name] = { value: round((heap() - before) / 2 ** 20, 1) };
    peerBuild[peer.name] = { value: round(ms) };
    peers.push(peer);
  }
  const peerSize = Object.fromEntries(peers.map((p) => [p.name, { value: round(p.size() / 1024, 1) }]));
  const peerLoad = Object.fromEntries(peers.map((p) => [p.name, { value: round(p.load()) }]));
  emit({ name: 'articles-heap', docs: docs.length, value: round((h1 - h0) / 2 ** 20, 1), unit: 'MB (the articles themselves)' });
  emit({ name: 'index-build', docs: docs.length, value: round(buildMs), ...(withBaseline ? { baseline_value: round(baseBuildMs) } : {}), unit: 'ms', peers: peerBuild });
  emit({ name: 'index-serialize', docs: docs.length, value: round(serializeMs), unit: 'ms' });
  emit({ name: 'index-size', docs: docs.length, value: round(serialized.length / 1024, 1), unit: 'kB JSON', peers: peerSize });
  emit({ name: 'index-size-gzip', docs: docs.length, value: round(gzipSync(serialized).length / 1024, 1), unit: 'kB gzip' });
  emit({ name: 'index-load', docs: docs.length, value: round(loadMs), unit: 'ms (parse + load)', peers: peerLoad });
  emit({
    name: 'heap',
    docs: docs.length,
    value: round(indexHeap / 2 ** 20, 1),
    ...(withBaseline ? { baseline_value: round(baseHeap / 2 ** 20, 1) } : {}),
    unit: 'MB (index over them)',
    peers: peerHeap,
  });

  // Article queries: the judged set plus synthetic articles (each excluded from its own results).
  const articleQueries = [
    ...JUDGED.map((q) => ({ title: q.title, paragraphs: q.paragraphs })),
    ...docs.slice(-40).map((d) => ({ title: d.title, paragraphs: d.paragraphs, excludeId: d.id })),
  ];
  const ours = latencies([...articleQueries, ...articleQueries], (q) => findRelated(index, q));
  // The baseline takes seconds per query at 10 k: time fewer of its queries there.
  const baselineRuns = size >= 10000 ? 5 : 12;
  const theirs = baseline ? latencies(articleQueries.slice(0, baselineRuns), (q) => baseline(q.title), false) : [];
  const timed = (xs: number[]) => (xs.length ? { p50_ms: round(quantile(xs, 0.5)), p95_ms: round(quantile(xs, 0.95)) } : {});
  // A peer's fuzzy search for a 60-word query takes long at 100 k: fewer of them there (their p95 is then nearer their worst).
  const peerQueries = size >= 100000 ? articleQueries.slice(0, 5) : [...articleQueries, ...articleQueries];
  const peerTimes = (query: (q: (typeof articleQueries)[number]) => string) =>
    Object.fromEntries(peers.map((p) => [p.name, timed(latencies(peerQueries, (q) => p.search(query(q))))]));
  // Ranking among the whole corpus: the labelled real pages, their judged seeds now among every other article.
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const real = labelledArticles(seeds.map((d) => d.id));
  const ndcgOf = (rank: (p: (typeof real)[number]) => string[]) => round(mean(real.map((p) => ndcgAt(3, rank(p), p.grades))), 3);
  const oursNdcg = ndcgOf((p) =>
    findRelated(index, { title: p.article.title, paragraphs: p.article.paragraphs, published: p.article.published }).flatMap((r) => [r.id, ...r.sameStory.map((s) => s.id)]),
  );
  const articlePeers = peerTimes((q) => articleQuery(q));
  for (const p of peers) Object.assign(articlePeers[p.name]!, { ndcg3: ndcgOf((page) => p.search(articleQuery(page.article))) });
  emit({
    name: 'match-article',
    docs: docs.length,
    ...timed(ours),
    ...(theirs.length ? { baseline_p50_ms: round(quantile(theirs, 0.5)), baseline_p95_ms: round(quantile(theirs, 0.95)) } : {}),
    peers: articlePeers,
    ndcg3: oursNdcg,
  });

  const oursSearch = latencies([...SEARCHES, ...SEARCHES], (q) => searchCorpus(index, q));
  const theirsSearch = baseline ? latencies(SEARCHES.slice(0, baselineRuns), (q) => baseline(q, 10), false) : [];
  emit({
    name: 'search-query',
    docs: docs.length,
    ...timed(oursSearch),
    ...(theirsSearch.length ? { baseline_p50_ms: round(quantile(theirsSearch, 0.5)), baseline_p95_ms: round(quantile(theirsSearch, 0.95)) } : {}),
    peers: Object.fromEntries(peers.map((p) => [p.name, timed(latencies([...SEARCHES, ...SEARCHES], (q) => p.search(q)))])),
  });
}

if (!json) {
  out.log(`Matcher benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}${gc ? '' : ', no --expose-gc: heap figures approximate'})`);
  out.log(
    'name'.padEnd(18),
    'docs'.padStart(6),
    'ours p50'.padStart(9),
    'ours p95'.padStart(9),
    'base p50'.padStart(9),
    'base p95'.padStart(9),
    'speedup'.padStart(8),
    'Mini p95'.padStart(9),
    'Flex p95'.padStart(9),
    '  value / baseline [MiniSearch, FlexSearch]',
  );
  for (const r of rows) {
    const speed = r.p95_ms && r.baseline_p95_ms ? `${Math.round(r.baseline_p95_ms / r.p95_ms)}×` : '';
    const ms = (x?: number) => (x === undefined ? '' : `${x}`).padStart(9);
    const [mini, flex] = [r.peers?.['MiniSearch'], r.peers?.['FlexSearch']];
    const peerValues = r.peers && r.value !== undefined ? ` [${[mini, flex].map((p) => p?.value ?? p?.ndcg3 ?? '-').join(', ')}]` : '';
    const quality = r.ndcg3 === undefined ? '' : `  nDCG@3 among them ${r.ndcg3} [${[mini, flex].map((p) => p?.ndcg3 ?? '-').join(', ')}]`;
    const value = r.value === undefined ? quality : `  ${r.value}${r.baseline_value === undefined ? '' : ` / ${r.baseline_value}`}${peerValues} ${r.unit ?? ''}`;
    out.log(
      r.name.padEnd(18),
      String(r.docs).padStart(6),
      ms(r.p50_ms),
      ms(r.p95_ms),
      ms(r.baseline_p50_ms),
      ms(r.baseline_p95_ms),
      speed.padStart(8),
      ms(mini?.p95_ms),
      ms(flex?.p95_ms),
      value,
    );
  }
}
out.save();
