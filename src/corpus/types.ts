import type { EntityKind, Quotation } from '../text';

export type DatePrecision = 'day' | 'month' | 'year';

export interface PublicationDate {
  /** ISO 8601, as precise as `precision` says: 2014-07-04, 2024-12, 2019. */
  iso: string;
  precision: DatePrecision;
  /** Passages of the text that establish the date, verbatim. */
  evidence: string[];
  reasoning: string;
}

export interface NamedThing {
  id: string;
  name: string;
  kind: EntityKind;
  /** How many times the article names it. */
  count: number;
}

/** One article of past coverage, as matching and the UI see it. */
export interface CorpusArticle {
  /** Seed file stem, e.g. 000_e36755c45d3d9d1f. */
  id: string;
  title: string;
  byline?: string;
  outlet?: string;
  date?: PublicationDate;
  paragraphs: string[];
  quotes: Quotation[];
  entities: NamedThing[];
  /** Bundled seed, or an article the reader's browser kept (the archive; synthetic ones in benchmarks). */
  source: 'seed' | 'archive';
  /** The corpus pack an archived article came with (src/archive/files.ts), if any. */
  pack?: string;
}

/** Facts a reader checked by hand, each with the passage that supports it. */
export interface CuratedSeedFacts {
  date: PublicationDate;
  outlet?: { name: string; evidence: string };
}
