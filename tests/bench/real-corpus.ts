/**
 * A corpus for timing at scale made of real text, not of near-copies of five seeds (which make duplicate
 * search and postings unlike a real archive's): the paragraphs of every real page at hand
 * (../../../shared/pages, ../../../shared/labelled-pages) and of the seeds, recombined into articles, each
 * mostly one page's run of paragraphs with a few from others, under the pages' own sites as outlets, with
 * dates spread over 2000-2026 (some known only to the month or year, some not at all), lengths from 3 to
 * 14 paragraphs, and a few syndicated copies (the same text under another outlet), as a real archive holds.
 * Names and languages vary as the pages' do. A page's very long "paragraph" (a body read as one block)
 * is cut into paragraphs of a few sentences, as news prints them. The seeds and the pages a person judged
 * are left out: copies of them, graded 0, would make the ranking figures among the corpus meaningless.
 * Each paragraph's quotes and names are read once, as makeArticle reads them, and summed per article,
 * so that 100 k articles are made in seconds.
 * Deterministic for a given size; for timing only (ids and titles say so), never for judging relevance.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFromHtml } from '../../src/cli/analyze';
import { makeArticle, type CorpusArticle, type NamedThing, type PublicationDate } from '../../src/corpus';
import { extractArticle } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';
import { findEntities, sentences } from '../../src/text';
import { siteOf } from '../../src/text/urls';
import { LABELLED, labelledJudgments } from '../fixtures/labelled';
import { PAGES } from '../fixtures/positives';

/** mulberry32: a small seeded PRNG, so every run times the same corpus. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PoolParagraph {
  text: string;
  quotes: CorpusArticle['quotes'];
  entities: NamedThing[];
}
interface PoolPage {
  site: string;
  paragraphs: PoolParagraph[];
}

let pool: PoolPage[] | undefined;

/** Every real page's body paragraphs (and the seeds'), each with its quotes and names read once. */
export function realPool(): PoolPage[] {
  if (pool) return pool;
  const judged = labelledJudgments();
  const files = [
    ...readdirSync(PAGES)
      .filter((f) => f.endsWith('.html'))
      .map((f) => join(PAGES, f)),
    ...readdirSync(LABELLED)
      .filter((f) => f.endsWith('.html') && !judged.has(f))
      .map((f) => join(LABELLED, f)),
  ];
  const read = (paragraphs: readonly string[]): PoolParagraph[] =>
    paragraphs
      .flatMap((p) => (p.length > LONG_PARAGRAPH ? cut(p) : [p]))
      .filter((p) => p.length >= 60)
      .map((text) => {
        const a = makeArticle({ id: 'p', title: '', paragraphs: [text], source: 'archive' });
        return { text, quotes: a.quotes, entities: a.entities };
      });
  pool = [
    ...files.flatMap((file) => {
      const article = extractArticle(documentFromHtml(readFileSync(file, 'utf8')), `https://example.org/${encodeURIComponent(file)}`, readabilityParagraphs);
      const site = article.url && !article.url.startsWith('https://example.org/') ? siteOf(article.url) : (article.siteName ?? 'unknown site');
      const paragraphs = read(article.paragraphs);
      return paragraphs.length ? [{ site, paragraphs }] : [];
    }),
  ];
  return pool;
}

/** Longer than this, a "paragraph" is a block of several (a body read as one), cut by {@link cut}. */
const LONG_PARAGRAPH = 1_500;

/** A long block as paragraphs of four sentences. */
function cut(block: string): string[] {
  const all = sentences(block);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += 4) out.push(all.slice(i, i + 4).join(' '));
  return out;
}

/** A date as an archive holds them: mostly a day, some a month or a year, one in ten unknown. */
function dateOf(rnd: () => number): PublicationDate | undefined {
  const roll = rnd();
  if (roll < 0.1) return undefined;
  const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(rnd() * 26.9 * 365) * 864e5).toISOString().slice(0, 10);
  const precision = roll < 0.85 ? 'day' : roll < 0.95 ? 'month' : 'year';
  const iso = precision === 'day' ? day : precision === 'month' ? day.slice(0, 7) : day.slice(0, 4);
  return { iso, precision, evidence: [], reasoning: 'synthetic, for timing only' };
}

/** `size` articles recombined from the real pages' paragraphs (see the file's comment). */
export function realisticCorpus(size: number): CorpusArticle[] {
  const pages = realPool();
  const sites = [...new Set(pages.map((p) => p.site))];
  const rnd = random(size + 17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: CorpusArticle[] = [];
  for (let i = 0; i < size; i++) {
    const id = `synthetic-${String(i).padStart(6, '0')}`;
    // One in fifty: a syndicated copy of an earlier article, under another outlet and date.
    if (out.length > 10 && rnd() < 0.02) {
      const story = out[Math.floor(rnd() * out.length)]!;
      out.push({ ...story, id, outlet: pick(sites), date: dateOf(rnd) });
      continue;
    }
    const page = pick(pages);
    const length = 3 + Math.floor(rnd() * 12);
    const start = Math.floor(rnd() * page.paragraphs.length);
    const chosen: PoolParagraph[] = [];
    for (let k = 0; k < length; k++) {
      // Mostly the page's own run of paragraphs; now and then one from another page.
      const from = rnd() < 0.8 ? page : pick(pages);
      chosen.push(from === page ? page.paragraphs[(start + k) % page.paragraphs.length]! : pick(from.paragraphs));
    }
    const first = sentences(chosen[0]!.text)[0] ?? chosen[0]!.text;
    const title = `[synthetic] ${first.slice(0, 90)}`;
    const names = new Map<string, NamedThing>();
    const add = (e: NamedThing, count = e.count) => {
      const seen = names.get(e.id);
      if (seen) seen.count += count;
      else names.set(e.id, { ...e, count });
    };
    for (const m of findEntities(title)) add({ id: m.entity.id, name: m.entity.name, kind: m.entity.kind, count: 1 });
    for (const p of chosen) for (const e of p.entities) add(e);
    out.push({
      id,
      title,
      outlet: rnd() < 0.1 ? page.site : pick(sites),
      date: dateOf(rnd),
      paragraphs: chosen.map((p) => p.text),
      quotes: chosen.flatMap((p, k) => p.quotes.map((q) => ({ ...q, paragraphIndex: k }))),
      entities: [...names.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
      source: 'archive',
    });
  }
  return out;
}
