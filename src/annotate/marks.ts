/**
 * Where the marks go in the live page: the article's body blocks (the elements whose text is one of the
 * extracted paragraphs, so navigation, ads, comments and sidebars never get marks), then, inside them,
 * the first mention of each name with a backstory and every quote that appeared before.
 * Only reads the DOM; ./highlighter.ts draws the marks. Each block is read up to the extractor's
 * paragraph budget, and every loop here is linear in what it reads.
 */
import { articleContainers, blocksUnder, blockText as readBlock, READ_BUDGET, readText } from '../extract';
import type { PageMarks, PriorMention } from '../match/prior-mentions';
import { findEntitySteps, normalizeWithMap } from '../text';
import { runToEnd, type Steps } from '../text/steps';
import { t as message } from '../ui/i18n';

export interface PlacedMark {
  kind: 'name' | 'quote';
  /** Entity id, or the quote's text. */
  key: string;
  /** What the mark is, for people: "Vladimir Putin", "Quote: “…”". */
  label: string;
  before: PriorMention[];
  range: Range;
}

/** Text inside these is never marked: code, form fields, editable regions, widgets, our own UI. */
export const EXCLUDED =
  'script, style, noscript, template, code, pre, kbd, samp, textarea, input, select, option, button, [contenteditable]:not([contenteditable="false"]), [role="textbox"], [role="button"], [role="menu"], [role="tab"], svg, math';

const BLOCK_SELECTOR = 'p, h2, h3, h4, blockquote, li, dd, figcaption, td';
const BLOCK_TAGS = new Set(BLOCK_SELECTOR.split(', '));
/** Blocks that hold phrasing content only: the walk need not enter them. */
const LEAF_TAGS = new Set(['p', 'h2', 'h3', 'h4']);
const isLeaf = (el: Element) => LEAF_TAGS.has(el.localName);

/**
 * The page elements that hold the article's paragraphs, as sliced work (../text/steps.ts): the very
 * elements the extractor read them from when they are still there with the same text (`known`), else
 * those of the article's own container (`<article>`, `<main>`), and only when that misses, of the whole
 * body. Elements are found by a walk that does not enter paragraphs, never by one selector query over
 * the page (which on a page of 200 000 spans holds the main thread at once).
 */
export function* bodyBlockSteps(doc: Document, paragraphs: readonly string[], known?: readonly Element[]): Steps<Element[]> {
  const wanted = wantedTexts(paragraphs);
  if (!doc.body || wanted.size === 0) return [];
  if (known?.length && known.every((el) => el.isConnected)) {
    const still = known.filter((el) => wanted.has(readBlock(el).text) && !el.closest(EXCLUDED));
    if (still.length >= 0.6 * wanted.size) return still;
  }
  let best: Element[] = [];
  const containers = yield* articleContainers(doc);
  for (const c of containers) {
    const found = yield* matchSteps(yield* blocksUnder(c, BLOCK_TAGS, isLeaf), wanted, []);
    if (found.length > best.length) best = found;
  }
  if (best.length >= 0.6 * wanted.size) return best;
  yield;
  const all = yield* blocksUnder(doc.body, BLOCK_TAGS, isLeaf, Infinity);
  const exact = yield* matchSteps(all, wanted, []);
  if (exact.length >= 0.6 * wanted.size) return exact;
  // The text came from elsewhere (JSON-LD's articleBody: one long paragraph, or split otherwise than the
  // page's blocks): the blocks that hold its sentences, in the article's container where it has them.
  const sentences = sentenceKeys(paragraphs);
  let bySentence: Element[] = [];
  for (const c of containers) {
    const found = yield* sentenceMatchSteps(yield* blocksUnder(c, BLOCK_TAGS, isLeaf), sentences);
    if (found.length > bySentence.length) bySentence = found;
  }
  if (bySentence.length < 3) {
    const found = yield* sentenceMatchSteps(all, sentences);
    if (found.length > bySentence.length) bySentence = found;
  }
  return bySentence.length > exact.length ? bySentence : exact;
}

/** Sentences shorter than this say too little to tell the article's text from a page's other text. */
const MIN_SENTENCE = 30;

/** A sentence as compared: letters and digits only, lower case (quotes, dashes and spaces vary by source). */
const sentenceKey = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** A text's sentences, cut after a sentence end followed by a space (the same cut on either side). */
function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?…。»”"])\s+/u).filter((s) => s.length >= MIN_SENTENCE);
}

const sentenceCache = new WeakMap<readonly string[], Set<string>>();
function sentenceKeys(paragraphs: readonly string[]): Set<string> {
  let keys = sentenceCache.get(paragraphs);
  if (!keys) {
    keys = new Set(paragraphs.flatMap((p) => sentencesOf(readText(p, READ_BUDGET.body).text).map(sentenceKey)));
    sentenceCache.set(paragraphs, keys);
  }
  return keys;
}

/** The candidates at least half of whose sentences are the article's (at least one): linear in what they hold. */
function* sentenceMatchSteps(candidates: ArrayLike<Element>, sentences: ReadonlySet<string>): Steps<Element[]> {
  const out: Element[] = [];
  let last: Element | undefined;
  for (let i = 0; i < candidates.length; i++) {
    if (i % 50 === 49) yield;
    const el = candidates[i]!;
    if (last?.contains(el)) continue;
    const own = sentencesOf(readBlock(el).text);
    const found = own.filter((s) => sentences.has(sentenceKey(s))).length;
    if (found === 0 || found < own.length / 2 || el.closest(EXCLUDED)) continue;
    out.push(el);
    last = el;
  }
  return out;
}

/**
 * Whether any of these changed nodes is, or holds, one of the article's paragraphs: looks at those
 * nodes only (at most `limit` blocks), never at the rest of the page.
 */
export function containsWantedBlock(nodes: readonly Node[], paragraphs: readonly string[], limit: number): boolean {
  const wanted = wantedTexts(paragraphs);
  let looked = 0;
  const matches = (el: Element | null | undefined) => {
    looked++;
    return !!el && wanted.has(readBlock(el).text);
  };
  for (const node of nodes) {
    if (looked >= limit) return true; // too much changed to tell: look again at the whole page
    if (!node.isConnected) continue;
    if (node.nodeType !== 1) {
      if (matches(node.parentElement?.closest(BLOCK_SELECTOR))) return true;
      continue;
    }
    const el = node as Element;
    if (BLOCK_TAGS.has(el.localName) && matches(el)) return true;
    const inside = runToEnd(blocksUnder(el, BLOCK_TAGS, isLeaf, limit - looked));
    for (let i = 0; i < inside.length && looked < limit; i++) if (matches(inside[i])) return true;
    if (looked >= limit) return true;
  }
  return false;
}

/** The paragraphs' texts as a block's would read (extracted paragraphs already do), kept per list. */
const wantedCache = new WeakMap<readonly string[], Set<string>>();
function wantedTexts(paragraphs: readonly string[]): Set<string> {
  let wanted = wantedCache.get(paragraphs);
  if (!wanted) {
    wanted = new Set(paragraphs.map((p) => readText(p, READ_BUDGET.paragraph).text).filter((p) => p.length >= 20));
    wantedCache.set(paragraphs, wanted);
  }
  return wanted;
}

/** The candidates whose text (as the extractor reads it) is a wanted paragraph; a step every few dozen. */
function* matchSteps(candidates: ArrayLike<Element>, wanted: ReadonlySet<string>, out: Element[]): Steps<Element[]> {
  // Blocks come in document order and a found block's descendants follow it, so only the last one
  // found can contain the next candidate.
  let last: Element | undefined = out[out.length - 1];
  for (let i = 0; i < candidates.length; i++) {
    if (i % 50 === 49) yield;
    const el = candidates[i]!;
    if (last?.contains(el)) continue;
    if (!wanted.has(readBlock(el).text)) continue;
    if (el.closest(EXCLUDED)) continue;
    out.push(el);
    last = el;
  }
  return out;
}

interface MappedText {
  text: string;
  /** Normalized positions where skipped (excluded) content sat between two text nodes, in order. */
  breaks: number[];
  /** Where normalized character i is: the text node and the offset in it. */
  at(i: number): [Text, number];
  /** The text-node position just after normalized character i. */
  after(i: number): [Text, number];
}

/**
 * A block's text as the reader sees it, normalized, mapped back to its text nodes (excluded ones
 * skipped), as sliced work. Read up to the paragraph budget: marks go only where the extractor read.
 */
function* mappedTextSteps(block: Element): Steps<MappedText | null> {
  const nodes: Text[] = [];
  const starts: number[] = [];
  const rawBreaks: number[] = [];
  const parts: string[] = [];
  let length = 0;
  let skipped = false;
  // Marks go where the extractor read: a little more raw text than that is enough.
  const rawBudget = Math.ceil(1.25 * READ_BUDGET.paragraph);
  let visited = 0;
  // Text nodes in order, by node pointers; an excluded element's subtree is skipped whole (and counts as
  // a break even when it holds no text: a match across an empty button would cover it).
  for (let node: Node | null = block.firstChild; node && length < rawBudget;) {
    if (++visited % 500 === 0) yield;
    let descend = false;
    if (node.nodeType === 3) {
      if (skipped && length) {
        // Keep the words on either side of a skipped widget apart, and remember where it was.
        rawBreaks.push(length);
        parts.push(' ');
        length++;
      }
      skipped = false;
      nodes.push(node as Text);
      starts.push(length);
      parts.push((node as Text).data);
      length += (node as Text).data.length;
    } else if (node.nodeType === 1) {
      if ((node as Element).matches(EXCLUDED)) skipped = true;
      else descend = true;
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== block && !node.nextSibling) node = node.parentNode;
    node = node && node !== block ? node.nextSibling : null;
  }
  if (!nodes.length) return null;
  yield;
  const raw = parts.join('');
  const mapped = normalizeWithMap(raw.length > rawBudget ? raw.slice(0, rawBudget) : raw);
  const text = mapped.text.slice(0, READ_BUDGET.paragraph);
  const { map } = mapped;
  // Both lists are in order: one walk maps every break.
  const breaks: number[] = [];
  let i = 0;
  for (const rb of rawBreaks) {
    while (i < map.length && map[i]! < rb) i++;
    breaks.push(i < map.length ? i : text.length);
  }
  const locate = (rawIndex: number): [Text, number] => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= rawIndex) lo = mid;
      else hi = mid - 1;
    }
    const node = nodes[lo]!;
    return [node, Math.min(node.data.length, rawIndex - starts[lo]!)];
  };
  return {
    text,
    breaks,
    at: (k) => locate(map[k]!),
    after: (k) => {
      const r = map[k]!;
      const code = raw.charCodeAt(r);
      const [node, offset] = locate(r);
      return [node, Math.min(node.data.length, offset + (code >= 0xd800 && code <= 0xdbff ? 2 : 1))];
    },
  };
}

function rangeOf(doc: Document, t: MappedText, start: number, end: number): Range | null {
  // A match across skipped content (a button, a form field) would cover it: no mark there.
  if (end <= start || t.breaks.some((b) => start < b && b < end)) return null;
  const range = doc.createRange();
  const [sn, so] = t.at(start);
  const [en, eo] = t.after(end - 1);
  try {
    range.setStart(sn, so);
    range.setEnd(en, eo);
  } catch {
    return null; // the text changed under the mapping: no mark there
  }
  return range.collapsed ? null : range;
}

/** The marks for this page: the first mention of each name, and every quote that appeared before. */
export function placeMarks(blocks: readonly Element[], marks: PageMarks): PlacedMark[] {
  return runToEnd(placeMarkSteps(blocks, marks));
}

/** {@link placeMarks} as sliced work (../text/steps.ts): one step a block. */
export function* placeMarkSteps(blocks: readonly Element[], marks: PageMarks): Steps<PlacedMark[]> {
  const out: PlacedMark[] = [];
  const names = new Map(marks.entities.map((e) => [e.entityId, e]));
  const quotes = marks.quotes.filter((q) => q.quote.length >= 10);
  for (const block of blocks) {
    yield;
    const t = yield* mappedTextSteps(block);
    if (!t) continue;
    const doc = block.ownerDocument;
    for (const m of yield* findEntitySteps(t.text)) {
      const e = names.get(m.entity.id);
      if (!e) continue;
      const range = rangeOf(doc, t, m.index, m.index + m.length);
      if (!range) continue;
      names.delete(e.entityId); // first mention only
      out.push({ kind: 'name', key: e.entityId, label: e.name, before: e.before, range });
    }
    const lower = t.text.toLowerCase();
    for (const q of quotes) {
      for (let at = lower.indexOf(q.quote.toLowerCase()); at >= 0; at = lower.indexOf(q.quote.toLowerCase(), at + q.quote.length)) {
        const range = rangeOf(doc, t, at, at + q.quote.length);
        if (range) out.push({ kind: 'quote', key: q.quote, label: message('quoteLabel', q.quote.length > 60 ? `${q.quote.slice(0, 57)}…` : q.quote), before: q.before, range });
      }
    }
  }
  return out;
}
