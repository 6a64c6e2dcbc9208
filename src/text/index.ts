/**
 * Pure text helpers shared by every stage: normalizing, tokenizing, sentences and quotations.
 * No DOM, no browser API: the same code runs in the page, the worker, Node tests and the CLI.
 */
import { findEntities } from './entities';

export { aliasPattern, ENTITIES, findEntities, findEntitySteps, LETTER, type Entity, type EntityKind, type EntityMention } from './entities';

/**
 * Of a hash, the bits a small integer holds: a larger number is a heap object to the engine, a slower
 * map or set key (looking a word up by its 32-bit hash took four times as long).
 */
export const SMALL = 0x3fffffff;

/** FNV-1a, 32 bits, with a seed: small, fast, good enough to spread shingles. */
export function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Folds typographic quotes, dashes and spaces so that matching sees one spelling of each. */
export function normalize(text: string): string {
  // Text normalized once is normalized again on its way to the index (sentences, quotes, words): most
  // of it is plain ASCII by then, which is left as it is at a glance.
  return isPlainAscii(text) ? text : normalizeFully(text);
}

/** {@link normalize} without its shortcut for plain ASCII (the property tests compare the two). */
export function normalizeFully(text: string): string {
  // One pass over the text for all the folds (five passes were a tenth of a long article's match).
  return text.normalize('NFKC').replace(FOLDS, foldMatch).trim();
}

/**
 * Printable ASCII with single spaces between words: what {@link normalize} returns as it is (NFKC
 * changes no ASCII character, and none of these is folded or trimmed). A pattern: the engine tests
 * it at 1.5 ns a character, a loop of charCodeAt took 4, as long as the folds themselves.
 */
const PLAIN_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const isPlainAscii = (text: string) => PLAIN_ASCII.test(text);
// A single plain space is left alone (most matches would be one); any other space, or a run, is folded.
const FOLDS =
  /[\u2018\u2019\u201B\u2032]|[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]|[\u2010-\u2015\u2212]|[\s\u200B]{2,}|[\t\n\v\f\r\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201B\u2032]/;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
const DASHES = /[\u2010-\u2015\u2212]/;
const foldMatch = (m: string) => (m.length > 1 ? ' ' : SINGLE_QUOTES.test(m) ? "'" : DOUBLE_QUOTES.test(m) ? '"' : DASHES.test(m) ? '-' : ' ');

/** Spaces that NFKC keeps and `\s` does not all cover; folded to one space. */
const EXTRA_SPACES = /[\u00A0\u2000-\u200B\u202F\u205F\u3000]/;
/**
 * What one non-ASCII character becomes: few distinct ones occur in a page, so each is folded once
 * (by code unit for the Basic Multilingual Plane, by string for the rest).
 */
const bmpFolds: (string | undefined)[] = [];
const astralFolds = new Map<string, string>();
const MAX_ASTRAL_FOLDS = 20_000;
const fold = (ch: string) => normalize(ch) || (/\s/.test(ch) || EXTRA_SPACES.test(ch) ? ' ' : '');
function foldChar(ch: string): string {
  if (ch.length === 1) return (bmpFolds[ch.charCodeAt(0)] ??= fold(ch));
  let folded = astralFolds.get(ch);
  if (folded === undefined) {
    folded = fold(ch);
    if (astralFolds.size < MAX_ASTRAL_FOLDS) astralFolds.set(ch, folded);
  }
  return folded;
}

/**
 * {@link normalize}, character by character, with where each output character came from in the input:
 * `map[i]` is the input index of output character i. Lets a match found in normalized text be mapped
 * back to the page's own text nodes. Agrees with normalize() except where NFKC composes across characters.
 * Linear in the text's length: output goes into an array joined once (a string grown and asked
 * `endsWith` at every character is flattened again each time, which made a 1 MB paragraph take a minute).
 */
export function normalizeWithMap(text: string): { text: string; map: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  let afterSpace = true; // no space at the start
  for (let k = 0; k < text.length;) {
    const code = text.charCodeAt(k);
    if (code < 0x80) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (!afterSpace) {
          out.push(' ');
          map.push(k);
          afterSpace = true;
        }
        k++;
      } else {
        // A run of other ASCII characters goes out as one piece.
        let end = k + 1;
        for (let c = text.charCodeAt(end); end < text.length && c < 0x80 && c !== 32 && (c < 9 || c > 13); c = text.charCodeAt(++end));
        out.push(text.slice(k, end));
        for (; k < end; k++) map.push(k);
        afterSpace = false;
      }
      continue;
    }
    const pair = code >= 0xd800 && code <= 0xdbff && k + 1 < text.length && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00;
    const width = pair ? 2 : 1;
    for (const c of foldChar(text.slice(k, k + width))) {
      if (c === ' ') {
        if (afterSpace) continue;
        afterSpace = true;
      } else afterSpace = false;
      out.push(c);
      for (let unit = 0; unit < c.length; unit++) map.push(k); // one entry per UTF-16 unit of the output
    }
    k += width;
  }
  if (out[out.length - 1] === ' ') {
    out.pop();
    map.pop();
  }
  return { text: out.join(''), map };
}

// Function words that carry no topic; kept short on purpose (names and verbs of diplomacy stay).
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his i if in into is it its ' +
    'may more most must no not of on one or our out over said says she should so some such than that the their them then ' +
    'there these they this those to too two up was we were what when where which while who will with would you your also ' +
    'after before about all any both each few other own same just now only very against between through during under again ' +
    'further once here why how because until off above below s t don mr ms'
  ).split(' '),
);

/** A function word that carries no topic (lower-cased input). */
export const isStopword = (w: string): boolean => STOPWORDS.has(w);
/** Every function word (lower case). */
export const stopwords = (): Iterable<string> => STOPWORDS;

/** Lower-cased word tokens (letters and digits, any script), with possessive "'s" folded away. */
export function words(text: string): string[] {
  // A scan of the text lower-cased once: spread matchAll and wordTerm on every word were most of the
  // cost of indexing an article (tokenizing a 100 k import).
  const lower = normalize(text).toLowerCase();
  const out: string[] = [];
  for (let end = nextWord(lower, 0); end >= 0; end = nextWord(lower, end)) out.push(foundTerm(lower, end));
  return out;
}

/**
 * What {@link nextWord} found: where the word starts, the FNV-1a hash ({@link hash}) of its code units,
 * and whether it is its term as it stands (no dot, no possessive "'s"). Kept here rather than returned:
 * an object a word was a good part of tokenizing.
 */
let wordStart = 0;
let wordHash = 0;
let wordPlain = true;

/** The end of the first word at or after `i` (see {@link WORD}), -1 if there is none; the rest in wordStart, wordHash, wordPlain. */
function nextWord(lower: string, i: number): number {
  for (; ; i++) {
    if (i >= lower.length) return -1;
    const code = lower.charCodeAt(i);
    if (code < 128 ? ASCII_WORD[code] === 1 : wordCharAt(lower, i)) break;
  }
  wordStart = i;
  let h = 0x811c9dc5 | 0;
  let dots = false;
  let apostrophe = -1;
  for (;;) {
    // The word's letters and digits (ASCII inline: a call a character was half of tokenizing).
    for (;;) {
      const code = lower.charCodeAt(i);
      if (code < 128) {
        if (ASCII_WORD[code] !== 1) break;
        h = Math.imul(h ^ code, 0x01000193);
        i++;
        continue;
      }
      const length = wordCharAt(lower, i);
      if (!length) break;
      h = Math.imul(h ^ code, 0x01000193);
      if (length === 2) h = Math.imul(h ^ lower.charCodeAt(i + 1), 0x01000193);
      i += length;
    }
    const joiner = lower.charCodeAt(i);
    if ((joiner !== 46 && joiner !== 39 && joiner !== 43) || !wordCharAt(lower, i + 1)) break;
    if (joiner === 46) dots = true;
    else if (joiner === 39) apostrophe = i;
    h = Math.imul(h ^ joiner, 0x01000193);
    i++;
  }
  wordHash = h & SMALL;
  wordPlain = !dots && !(apostrophe === i - 2 && lower.charCodeAt(i - 1) === 115);
  return i;
}

/** The term of the word {@link nextWord} just found, ending at `end`. */
const foundTerm = (lower: string, end: number) => (wordPlain ? lower.slice(wordStart, end) : lowerTerm(lower.slice(wordStart, end)));

/**
 * Terms met before, by hash ({@link hash}): a word met again is counted as the string kept here, with
 * no string cut out of the text and none hashed again by the maps it is counted in (in Chromium, that
 * hashing of every word's fresh string was most of tokenizing an article). Bounded: emptied when full.
 */
const known = new Map<number, string>();
const KNOWN_MAX = 500_000;
function remember(h: number, term: string): string {
  if (known.size >= KNOWN_MAX) known.clear();
  const own = ownString(term);
  known.set(h, own);
  return own;
}

/**
 * The string as one of its own. V8 keeps a slice of 13 characters or more as a view into the string it
 * was cut from: a term kept in the index (and here) would keep its article's whole lower-cased text
 * alive (in Node, 500 slices of 20 characters kept 50 MB of 100 kB texts; their copies, nothing).
 * Joining a character flattens a copy, which the slice then views.
 */
const ownString = (s: string) => (s.length < 13 ? s : `${s} `.slice(0, -1));

/**
 * Each content word's count ({@link terms}, counted): how the index takes an article's text. The same
 * counts as counting `terms(text)`, with each term's string kept once across articles.
 */
export function termCounts(text: string): { counts: Map<string, number>; length: number } {
  const lower = normalize(text).toLowerCase();
  const counts = new Map<string, number>();
  let length = 0;
  for (let end = nextWord(lower, 0); end >= 0; end = nextWord(lower, end)) {
    let term: string | undefined;
    if (wordPlain) {
      // A term met before, told by its hash and then its characters (a clash of hashes only costs a string).
      const size = end - wordStart;
      if (size < 2) continue;
      term = known.get(wordHash);
      if (term === undefined || term.length !== size || !lower.startsWith(term, wordStart)) term = remember(wordHash, lower.slice(wordStart, end));
    } else {
      term = lowerTerm(lower.slice(wordStart, end));
      if (term.length < 2) continue;
      const h = hash(term) & SMALL;
      const met = known.get(h);
      term = met === term ? met : remember(h, term);
    }
    // Its hash is kept with the string: a function word is told at little cost.
    if (STOPWORDS.has(term)) continue;
    counts.set(term, (counts.get(term) ?? 0) + 1);
    length++;
  }
  return { counts, length };
}

/** ASCII letters and digits (1), as {@link wordCharAt} tells them. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0));
/** Letters and digits beyond ASCII, as in {@link WORD}: by code unit, each decided once (0 unknown, 1 yes, 2 no). */
const wordUnits = new Uint8Array(65_536);
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** The length (1, or 2 for a surrogate pair) of the letter or digit at `i`, 0 if there is none. */
function wordCharAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII_WORD[code]!;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff && WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  if (code !== code) return 0; // past the end (NaN)
  return (wordUnits[code] ||= WORD_CHAR.test(text[i]!) ? 1 : 2) === 1 ? 1 : 0;
}

/** A word of normalized text, as {@link words} finds them. */
export const WORD = /[\p{L}\p{N}]+(?:[.'+][\p{L}\p{N}]+)*/gu;
/** The term one word of normalized text is: lower case, without "'s" or dots (U.S. -> us). */
export const wordTerm = (word: string): string => lowerTerm(word.toLowerCase());
function lowerTerm(w: string): string {
  const t = w.endsWith("'s") ? w.slice(0, -2) : w;
  return t.includes('.') ? t.replace(/\./g, '') : t;
}

/** Content words: {@link words} without stopwords and one-letter tokens. */
export function terms(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** Splits a paragraph into sentences; abbreviations like "U.S." and "Mr." do not end one. */
export function sentences(text: string): string[] {
  const t = normalize(text);
  const out: string[] = [];
  let start = 0;
  const re = /[.!?]["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
  for (const m of t.matchAll(re)) {
    const end = m.index + m[0].length;
    const before = t.slice(Math.max(0, m.index - 4), m.index + 1);
    if (/(?:\b[A-Z]\.[A-Z]\.|\bMr\.|\bMs\.|\bDr\.|\bSt\.|\b[A-Z]\.)$/.test(before)) continue;
    out.push(t.slice(start, end).trim());
    start = end;
  }
  const rest = t.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

export interface Quotation {
  /** The quoted words, without the quotation marks. */
  text: string;
  /** Index of the paragraph the quote stands in. */
  paragraphIndex: number;
  /** Who said it, when the sentence names a speaker ("Putin said", "the Kremlin said"). */
  speaker?: string;
}

const SPEAKER_VERBS = 'said|says|stated|told|added|noted|wrote|declared|remarked|continued|emphasised|emphasized|stressed|described|quoted|recalled|insisted|warned|expressed';

/**
 * Quotations of at least `minWords` words in the paragraphs, with the speaker where the text names one
 * right next to the quote. Short scare quotes ("contain") are left out: they are not statements.
 */
export function findQuotes(paragraphs: readonly string[], minWords = 5): Quotation[] {
  const out: Quotation[] = [];
  paragraphs.forEach((raw, paragraphIndex) => {
    const paragraph = normalize(raw);
    // Pair quote marks in order, so a one-word scare quote does not swallow the text up to the next quote.
    for (const m of paragraph.matchAll(/"([^"]{1,600})"/g)) {
      const text = m[1]!.trim().replace(/[,.]$/, '');
      if (words(text).length < minWords) continue;
      const after = paragraph.slice(m.index + m[0].length, m.index + m[0].length + 80);
      const before = paragraph.slice(Math.max(0, m.index - 120), m.index);
      out.push({ text, paragraphIndex, speaker: speakerNear(before, after) });
    }
  });
  return out;
}

function speakerNear(before: string, after: string): string | undefined {
  const name = "((?:the\\s)?(?:[A-Z][\\p{L}'-]+|U\\.S\\.)(?:\\s[A-Z][\\p{L}'-]+){0,3})";
  const a = new RegExp(`^[,\\s]*(?:${name}\\s(?:${SPEAKER_VERBS})|(?:${SPEAKER_VERBS})\\s${name})`, 'u').exec(after);
  if (a) return (a[1] ?? a[2])!.replace(/^the\s/, 'the ');
  const b = new RegExp(`${name}\\s(?:${SPEAKER_VERBS})(?:\\s[a-z]+){0,3}[,:]?\\s*$`, 'u').exec(before);
  if (b) return b[1];
  // "He quoted Alexander Gorchakov, ..., who famously stated, ...": the sentence's first named person.
  if (new RegExp(`(?:${SPEAKER_VERBS}|stating|saying)\\s*[,:]?\\s*$`, 'u').test(before)) {
    const sentence = before.split(/[.!?]\s+/).pop() ?? '';
    return findEntities(sentence).find((m) => m.entity.kind === 'person')?.entity.name;
  }
  return undefined;
}
