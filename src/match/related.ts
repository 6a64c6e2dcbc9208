/**
 * Article -> ranked related coverage with the reasons each is related: BM25 candidates first (a query
 * touches only its terms' postings), then shared names, leaders, occasions and quotes on the best of them.
 */
import { namedThings, type CorpusArticle, type NamedThing, type PublicationDate } from '../corpus';
import { findQuotes, normalize, words } from '../text';
import { relativeTo } from '../text/dates';
import { around, clip } from '../text/snippets';
import { articleHead, ENTITY_BY_ID, type ArticleHead } from './articles';
import { entityIdf, entityIdsOf, fullText, type CorpusIndex } from './corpus-index';
import { cachedSimilarity, matchQuotes, type QuoteMatch } from './quotes';
import { OCCASIONS, storyShown, SAME_STORY_SHOWN } from './stories';
import { bm25Top, contributions, queryTerms } from './terms-index';
import { presidentsOf, termAt, TERMS, yearsApart } from './periods';

export type RelationReason =
  | { kind: 'quote'; match: QuoteMatch }
  | { kind: 'occasion'; name: string }
  /** The same issue between the two countries (sanctions, arms control, election interference). */
  | { kind: 'issue'; names: string[] }
  /** Also about the same specific people, places and things (never only the names every story carries). */
  | { kind: 'entities'; names: string[] }
  /** The same US administration: the same term (`term`, "Trump’s first term"), or the same president in another. */
  | { kind: 'period'; president: string; term?: string }
  | { kind: 'topic'; terms: string[] };

export interface RelatedArticle extends ArticleHead {
  score: number;
  reasons: RelationReason[];
  snippet: string;
  /** When it appeared, relative to the page read (unknown when either date is). */
  when?: 'earlier' | 'later' | 'same time';
  /** Other corpus articles that are the same story from another outlet (near duplicates), shown with this one. */
  sameStory: { id: string; title: string; outlet?: string; date?: PublicationDate }[];
}

export interface ArticleQuery {
  title: string;
  paragraphs: readonly string[];
  /** The day the page says it was published, if it says: related items are earlier or later than it. */
  published?: string;
  /** Leave this corpus article out (when the page read is itself in the corpus). */
  excludeId?: string;
  /** Leave these out too. */
  excludeIds?: readonly string[];
}

/** BM25 narrows the corpus to this many candidates; the closer (and dearer) checks run on them only. */
const CANDIDATES = 50;
/** Quotes are compared for this many of the candidates, best first by the cheaper signals. */
const QUOTE_CANDIDATES = 20;
const MIN_SCORE = 0.2;
/**
 * How much each signal adds to a candidate's score: closeness of terms (BM25, relative to the best
 * candidate, damped while low), shared specific names (weighted by rarity), a shared occasion, a shared
 * issue, the same US administration, nearness in time, and the best shared quote. The order is what a
 * careful reader wants first: the same occasion or statement, the same actors and issue, then the period.
 */
const WEIGHTS = { terms: 0.25, names: 0.3, occasion: 0.15, issue: 0.15, period: 0.2, time: 0.15, quote: 0.3 } as const;
/** Nearness in time halves every this many years. */
const TIME_HALF_LIFE = 3;
/** BM25 below this is damped: a candidate that shares only a term or two is not close. */
const BM25_FULL = 8;
/** How alike two quotes must be to count as one shared quote. */
const QUOTE_MATCH = 0.6;

/** The first, cheap step of {@link findRelated}: BM25 candidates, before any doc's body is read. */
export interface PreparedQuery {
  weights: Map<string, number>;
  /** The candidates' BM25 scores. */
  scores: Map<number, number>;
  candidates: number[];
  excludedIds: Set<string>;
}

export function prepareRelated(index: CorpusIndex, query: ArticleQuery): PreparedQuery {
  const weights = queryTerms(index.terms, `${query.title}\n${fullText(query)}`);
  const excludedIds = new Set([query.excludeId, ...(query.excludeIds ?? [])].filter((id): id is string => id !== undefined));
  const skip = [...index.removed, ...[...excludedIds].flatMap((id) => index.position.get(id) ?? [])];
  const top = bm25Top(index.terms, weights, CANDIDATES, skip);
  return { weights, scores: new Map(top), candidates: top.map(([d]) => d), excludedIds };
}

/** The docs whose bodies {@link findRelated} reads for a prepared query: the candidates and their near-duplicates. */
export const docsToRead = (index: CorpusIndex, prepared: PreparedQuery): number[] => [...new Set(prepared.candidates.flatMap((n) => [n, ...storyShown(index, n)]))];

/** Related coverage for an article (earlier or later than it), best first, each with the reasons it is related. */
export function findRelated(index: CorpusIndex, query: ArticleQuery, limit = 5, prepared = prepareRelated(index, query)): RelatedArticle[] {
  const { weights, scores, candidates, excludedIds } = prepared;
  if (candidates.length === 0) return [];
  const topBm25 = scores.get(candidates[0]!)!;
  const qEntities = namedThings(query.paragraphs, query.title);
  const qEntityWeight = qEntities.reduce((n, e) => n + entityIdf(index, e.id), 0) || 1;
  const qQuotes = findQuotes(query.paragraphs).map((q) => q.text);
  const qOccasions = qEntities.filter((e) => OCCASIONS.has(e.id));
  const qPresidents = presidentsOf(query.published, qEntities);
  const qTerm = termAt(query.published);

  const scored = candidates.map((docIndex) => {
    const doc = index.docs[docIndex]!;
    const ids = entityIdsOf(index, docIndex);
    const occasions = qOccasions.filter((e) => ids.has(e.id));
    const issues = qEntities.filter((e) => ids.has(e.id) && ENTITY_BY_ID.get(e.id)?.issue);
    const shared = qEntities.filter((e) => ids.has(e.id) && !OCCASIONS.has(e.id) && !ENTITY_BY_ID.get(e.id)?.issue);
    const sharedWeight = shared.reduce((n, e) => n + entityIdf(index, e.id), 0);
    const bm = scores.get(docIndex)!;
    const president = [...presidentsOf(doc.date?.iso, doc.entities)].find((p) => qPresidents.has(p));
    const apart = yearsApart(query.published, doc.date?.iso);
    const base =
      WEIGHTS.terms * (bm / topBm25) * Math.min(1, bm / BM25_FULL) +
      WEIGHTS.names * (sharedWeight / qEntityWeight) +
      WEIGHTS.occasion * Math.min(1, occasions.length) +
      WEIGHTS.issue * Math.min(1, issues.length / 2) +
      (president ? WEIGHTS.period : 0) +
      (apart === undefined ? 0 : WEIGHTS.time * 0.5 ** (apart / TIME_HALF_LIFE));
    const term = president && qTerm && qTerm === termAt(doc.date?.iso) ? qTerm.label : undefined;
    const period = president ? { president: TERMS.find((t) => t.president === president)!.name, ...(term ? { term } : {}) } : undefined;
    return { docIndex, occasions, issues, shared, period, base, quotes: [] as QuoteMatch[], score: base };
  });
  if (qQuotes.length) {
    const similarity = cachedSimilarity();
    for (const s of [...scored].sort((a, b) => b.base - a.base).slice(0, QUOTE_CANDIDATES)) {
      s.quotes = matchQuotes(
        qQuotes,
        index.docs[s.docIndex]!.quotes.map((q) => q.text),
        QUOTE_MATCH,
        similarity,
      );
      s.score += WEIGHTS.quote * s.quotes.reduce((m, q) => Math.max(m, q.similarity), 0);
    }
  }

  const byId = (n: number) => index.docs[n]!.id;
  const ranked = scored
    .map((s) => ({ ...s, score: Math.round(s.score * 1000) / 1000 }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || byId(a.docIndex).localeCompare(byId(b.docIndex)));
  // One entry per story: near-duplicates ranked lower ride along in the first one's sameStory.
  const seenStories = new Set<string>();
  const perStory = ranked.filter((s) => {
    const story = index.story[s.docIndex]!;
    if (seenStories.has(story)) return false;
    seenStories.add(story);
    return true;
  });
  return perStory.slice(0, limit).map(({ docIndex, score, quotes, occasions, issues, shared, period }) => {
    const doc = index.docs[docIndex]!;
    const reasons: RelationReason[] = quotes.map((match) => ({ kind: 'quote', match }));
    for (const o of occasions) reasons.push({ kind: 'occasion', name: o.name });
    if (issues.length) reasons.push({ kind: 'issue', names: issues.map((e) => e.name) });
    // Names every story of the topic carries, and the president the period names, are no reason.
    const specific = shared.filter((e) => !ENTITY_BY_ID.get(e.id)?.generic && ENTITY_BY_ID.get(e.id)?.name !== period?.president);
    if (specific.length) reasons.push({ kind: 'entities', names: rankShared(index, specific).map((e) => e.name) });
    if (period) reasons.push({ kind: 'period', ...period });
    const entityWords = new Set(shared.flatMap((e) => words(e.name)));
    const topicTerms = contributions(index.terms, weights, docIndex)
      .map(([t]) => t)
      .filter((t) => !entityWords.has(t))
      .slice(0, 5);
    if (topicTerms.length) reasons.push({ kind: 'topic', terms: topicTerms });
    return {
      ...articleHead(doc),
      score,
      reasons,
      snippet: snippetFor(doc, reasons),
      ...(relativeTo(query.published, doc.date?.iso) ? { when: relativeTo(query.published, doc.date?.iso) } : {}),
      sameStory: storyShown(index, docIndex)
        .filter((n) => n !== docIndex && !excludedIds.has(index.docs[n]!.id))
        .slice(0, SAME_STORY_SHOWN)
        .map((n) => index.docs[n]!)
        .map((d) => ({ id: d.id, title: d.title, outlet: d.outlet, date: d.date })),
    };
  });
}

function rankShared(index: CorpusIndex, shared: NamedThing[]): NamedThing[] {
  return [...shared].sort((a, b) => entityIdf(index, b.id) - entityIdf(index, a.id) || b.count - a.count).slice(0, 6);
}

/** The lead: the first paragraph of prose (a dateline, a time stamp or a menu line kept with a page's text is not). */
const leadOf = (paragraphs: readonly string[]) => paragraphs.find((p) => p.length >= 80 && p.split(/\s+/).length >= 12) ?? paragraphs[0] ?? '';

/** The passage that best shows why: the words around a matched quote, else the lead. */
function snippetFor(doc: CorpusArticle, reasons: RelationReason[]): string {
  const quote = reasons.find((r) => r.kind === 'quote');
  const matched = quote?.kind === 'quote' ? doc.quotes.find((q) => q.text === quote.match.passage) : undefined;
  const para = matched ? normalize(doc.paragraphs[matched.paragraphIndex] ?? '') : undefined;
  return para && matched ? around(para, para.indexOf(matched.text), 240) : clip(leadOf(doc.paragraphs), 240);
}
