/**
 * The corpus: seed texts parsed and cleaned into {@link CorpusArticle}s, with the names and quotes
 * matching works on. Input is the raw text of each seed file, so the same code serves the build (the
 * Vite plugin in ./prebuilt.ts indexes `seeds/` for the worker) and Node (the CLI and tests read them).
 */
import { findEntities, findQuotes, normalize, sentences } from '../text';
import { cleanSeedText } from './clean';
import type { CorpusArticle, CuratedSeedFacts, NamedThing } from './types';

export { cleanSeedText } from './clean';
export type { CorpusArticle, CuratedSeedFacts, DatePrecision, NamedThing, PublicationDate } from './types';

export type SeedMetadata = Record<string, CuratedSeedFacts | string>;

/** The names an article mentions, most mentioned first. */
export function namedThings(paragraphs: readonly string[], title = ''): NamedThing[] {
  const byId = new Map<string, NamedThing>();
  for (const block of [title, ...paragraphs]) {
    if (!block) continue;
    for (const sentence of sentences(block)) {
      for (const m of findEntities(sentence)) {
        const seen = byId.get(m.entity.id);
        if (seen) seen.count++;
        else byId.set(m.entity.id, { id: m.entity.id, name: m.entity.name, kind: m.entity.kind, count: 1 });
      }
    }
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

/** An article with the quotes and names matching works on, derived from its title and paragraphs. */
export function makeArticle(fields: Omit<CorpusArticle, 'quotes' | 'entities'>): CorpusArticle {
  return { ...fields, quotes: findQuotes(fields.paragraphs), entities: namedThings(fields.paragraphs, fields.title) };
}

export function parseSeed(id: string, raw: string, metadata: SeedMetadata = {}): CorpusArticle {
  const cleaned = cleanSeedText(raw);
  const curated = metadata[id];
  const facts = typeof curated === 'object' ? curated : undefined;
  return makeArticle({
    id,
    title: cleaned.title,
    byline: cleaned.byline,
    outlet: facts?.outlet?.name,
    date: facts?.date,
    paragraphs: cleaned.paragraphs,
    source: 'seed',
  });
}

/** Parses every seed file; `files` maps a path or name ending in `<stem>.txt` to its raw text. */
export function loadSeeds(files: Record<string, string>, metadata: SeedMetadata = {}): CorpusArticle[] {
  return Object.entries(files)
    .map(([path, raw]) => parseSeed(path.replace(/^.*\//, '').replace(/\.txt$/, ''), raw, metadata))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The evidence passages of the curated facts that do not stand in the seed's raw text (none: all do). */
export function evidenceMissing(raw: string, facts: CuratedSeedFacts): string[] {
  const text = normalize(raw);
  const passages = [...facts.date.evidence, ...(facts.outlet ? [facts.outlet.evidence] : [])];
  return passages.filter((p) => !text.includes(normalize(p)));
}
