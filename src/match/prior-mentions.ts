/**
 * What the page should mark, and what each mark's card says: the names of the article that appear in
 * related past coverage (where they appeared before, with the passage) and the quotes that appeared
 * before. Computed in the worker from the same index that found the related coverage.
 */
import { namedThings, type PublicationDate } from '../corpus';
import { findEntities, normalize, sentences } from '../text';
import { excerpt } from '../text/snippets';
import type { CorpusIndex } from './corpus-index';
import type { RelatedArticle } from './related';

/** One earlier article where a name or quote appeared, with the passage and the match inside it. */
export interface PriorMention {
  id: string;
  title: string;
  outlet?: string;
  date?: PublicationDate;
  passage: string;
  highlight: [start: number, end: number];
}

export interface EntityMark {
  entityId: string;
  name: string;
  before: PriorMention[];
}

export interface QuoteMark {
  /** The quote as it stands in the page (normalized text), to find it there. */
  quote: string;
  before: PriorMention[];
}

export interface PageMarks {
  entities: EntityMark[];
  quotes: QuoteMark[];
}

/** The two countries themselves are in every story: marking them would say nothing. */
const TOO_GENERAL = new Set(['russia', 'united-states']);
const MAX_ENTITY_MARKS = 12;
const MAX_PRIOR = 3;

export function marksFor(index: CorpusIndex, query: { title: string; paragraphs: readonly string[] }, related: readonly RelatedArticle[]): PageMarks {
  const docs = related
    .flatMap((r) => [r.id, ...r.sameStory.map((s) => s.id)])
    .flatMap((id) => {
      const n = index.position.get(id);
      return n === undefined ? [] : [index.docs[n]!];
    });
  const entities: EntityMark[] = [];
  for (const e of namedThings(query.paragraphs, query.title)) {
    if (TOO_GENERAL.has(e.id) || entities.length >= MAX_ENTITY_MARKS) continue;
    const before = docs.flatMap((doc) => {
      if (!doc.entities.some((x) => x.id === e.id)) return [];
      for (const paragraph of doc.paragraphs) {
        for (const sentence of sentences(paragraph)) {
          const m = findEntities(sentence).find((x) => x.entity.id === e.id);
          if (m) return [mention(doc, sentence, m.index, m.index + m.length)];
        }
      }
      return [];
    });
    if (before.length) entities.push({ entityId: e.id, name: e.name, before: before.slice(0, MAX_PRIOR) });
  }
  const quotes = new Map<string, PriorMention[]>();
  for (const r of related) {
    const doc = index.docs[index.position.get(r.id) ?? -1];
    if (!doc) continue;
    for (const reason of r.reasons) {
      if (reason.kind !== 'quote') continue;
      const q = doc.quotes.find((x) => x.text === reason.match.passage);
      const paragraph = normalize(doc.paragraphs[q?.paragraphIndex ?? -1] ?? reason.match.passage);
      const at = Math.max(0, paragraph.indexOf(reason.match.passage));
      const list = quotes.get(reason.match.quote) ?? [];
      if (list.length < MAX_PRIOR) list.push(mention(doc, paragraph, at, at + reason.match.passage.length));
      quotes.set(reason.match.quote, list);
    }
  }
  return { entities, quotes: [...quotes].map(([quote, before]) => ({ quote, before })) };
}

/** A passage of at most ~240 characters around [start, end) of `text`, with the match's place in it. */
function mention(doc: { id: string; title: string; outlet?: string; date?: PublicationDate }, text: string, start: number, end: number): PriorMention {
  const w = excerpt(text, start, 240);
  const from = Math.max(0, start - w.start + w.offset);
  return {
    id: doc.id,
    title: doc.title,
    outlet: doc.outlet,
    date: doc.date,
    passage: w.text,
    highlight: [from, Math.min(w.text.length, from + (end - start))],
  };
}
