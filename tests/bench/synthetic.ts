/**
 * A synthetic corpus for timing only: articles recombined from the seeds' sentences, with leaders'
 * names swapped and dates spread over 2000-2026. Clearly synthetic (ids and titles say so); never
 * used to judge relevance. Deterministic for a given size.
 */
import { makeArticle, type CorpusArticle } from '../../src/corpus';
import { sentences } from '../../src/text';

const US = ['Obama', 'Trump', 'Biden', 'Bush', 'Clinton'];
const RU = ['Putin', 'Medvedev', 'Lavrov', 'Peskov'];
const OUTLETS = ['Synthetic Wire', 'Example Gazette', 'Test Tribune', 'Placeholder Post'];

/** mulberry32: a small seeded PRNG, so every run times the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCorpus(seeds: readonly CorpusArticle[], size: number): CorpusArticle[] {
  const pool = seeds.flatMap((s) => s.paragraphs.flatMap((p) => sentences(p)));
  const rnd = random(size);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: CorpusArticle[] = [];
  for (let i = 0; i < size; i++) {
    const us = pick(US);
    const ru = pick(RU);
    const swap = (s: string) => s.replace(/\b(?:Obama|Trump)\b/g, us).replace(/\bPutin\b/g, ru);
    const paragraphs: string[] = [];
    const count = 3 + Math.floor(rnd() * 8);
    for (let p = 0; p < count; p++) paragraphs.push(swap(`${pick(pool)} ${pick(pool)}`));
    const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 26 * 365) * 864e5).toISOString().slice(0, 10);
    out.push(
      makeArticle({
        id: `synthetic-${String(i).padStart(5, '0')}`,
        title: `[synthetic] ${swap(pick(pool)).slice(0, 80)}`,
        outlet: pick(OUTLETS),
        date: { iso: day, precision: 'day', evidence: [], reasoning: 'synthetic, for timing only' },
        paragraphs,
        source: 'archive',
      }),
    );
  }
  return out;
}
