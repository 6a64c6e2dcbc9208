/**
 * "This quote appeared before": fuzzy quote matching. fuse.js scores the approximate match of a quote
 * inside another (a trimmed quote matches the longer original; a lightly reworded one scores a little
 * worse), and a word-overlap check catches the opposite trim, where the earlier quote is the shorter.
 */
import Fuse from 'fuse.js';
import { terms } from '../text';

export interface QuoteMatch {
  /** The quote as it stands in the article being read. */
  quote: string;
  /** The matching quote in the earlier article. */
  passage: string;
  /** 0..1, 1 = the same words. */
  similarity: number;
}

const FUSE_OPTIONS = { includeScore: true, ignoreLocation: true, threshold: 0.6, isCaseSensitive: false } as const;
const MIN_TERMS = 2;

/** A light stem so that a reworded quote still shares its words: plurals, Russian/Russia, American/America. */
const stem = (w: string) => (w.length > 4 ? w.replace(/(?:ies|es|s)$/, '').replace(/(ia|ca)n$/, '$1') : w);

/** A quote's content words, lightly stemmed: what {@link quoteSimilarity} compares besides their order. */
export const quoteTerms = (text: string): Set<string> => new Set(terms(text).map(stem));

/** Share of the smaller set's words that the other set also has (0 when it has too few words). */
function containment(ta: ReadonlySet<string>, tb: ReadonlySet<string>): number {
  const small = ta.size <= tb.size ? ta : tb;
  const large = small === ta ? tb : ta;
  if (small.size < MIN_TERMS) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

/**
 * 0..1: half the fuzzy match of the words in order (fuse.js), half the share of words in common, so a
 * trimmed quote scores near 1 and a reworded one (same words, new order) lower but still high.
 * Pass the quotes' {@link quoteTerms} when they are already known.
 */
export function quoteSimilarity(a: string, b: string, ta = quoteTerms(a), tb = quoteTerms(b)): number {
  const shared = containment(ta, tb);
  if (shared < 0.4) return shared * 0.5;
  // Fuse splits patterns longer than 32 characters into chunks and averages their scores: search the
  // shorter quote inside the longer so every chunk has a place to land.
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // The same words verbatim (a quote repeated, or trimmed): what fuse.js would score as an exact match.
  if (long.toLowerCase().includes(short.toLowerCase())) return 0.5 + 0.5 * shared;
  const score = new Fuse([long], FUSE_OPTIONS).search(short)[0]?.score ?? 1;
  return 0.5 * (1 - score) + 0.5 * shared;
}

/** Pairs of quotes from the two lists that say the same thing; best match per article quote. */
export function matchQuotes(
  articleQuotes: readonly string[],
  earlierQuotes: readonly string[],
  minSimilarity = 0.6,
  similarityOf: (a: string, b: string) => number = quoteSimilarity,
): QuoteMatch[] {
  const out: QuoteMatch[] = [];
  for (const quote of articleQuotes) {
    let best: QuoteMatch | undefined;
    for (const passage of earlierQuotes) {
      const similarity = similarityOf(quote, passage);
      if (similarity >= minSimilarity && (!best || similarity > best.similarity)) best = { quote, passage, similarity };
    }
    if (best) out.push({ ...best, similarity: Math.round(best.similarity * 100) / 100 });
  }
  return out;
}

/**
 * quoteSimilarity with its word sets and results remembered, for one query over many articles: news
 * repeats quotes across outlets, so the same pair is often compared more than once.
 */
export function cachedSimilarity(): (a: string, b: string) => number {
  const termsOf = new Map<string, Set<string>>();
  const results = new Map<string, number>();
  const termSet = (q: string) => termsOf.get(q) ?? termsOf.set(q, quoteTerms(q)).get(q)!;
  return (a, b) => {
    const [ta, tb] = [termSet(a), termSet(b)];
    // Most pairs share too few words to be the same quote: said at once, without a key made of both
    // quotes (a long article's quotes against every candidate's made that key, and its garbage, the cost).
    const shared = containment(ta, tb);
    if (shared < 0.4) return shared * 0.5;
    const key = `${a}\u0000${b}`;
    let r = results.get(key);
    if (r === undefined) results.set(key, (r = quoteSimilarity(a, b, ta, tb)));
    return r;
  };
}
