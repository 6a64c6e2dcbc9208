/**
 * Where the marks go in the live page: the article's body blocks (the elements whose text is one of the
 * extracted paragraphs, so navigation, ads, comments and sidebars never get marks), then, inside them,
 * the first mention of each name with a backstory and every quote that appeared before.
 * Only reads the DOM; ./highlighter.ts draws the marks.
 */
import type { PageMarks, PriorMention } from '../match/marks';
import { findEntities, normalize, normalizeWithMap } from '../text';
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
  'script, style, noscript, template, code, pre, kbd, samp, textarea, input, select, option, button, [contenteditable]:not([contenteditable="false"]), [role="textbox"], [role="button"], [role="menu"], [role="tab"], svg, math, backstory-card, backstory-mark-host';

const BLOCK_SELECTOR = 'p, h2, h3, h4, blockquote, li, dd, figcaption, td';

/** The page elements that hold the article's paragraphs, in document order. */
export function bodyBlocks(doc: Document, paragraphs: readonly string[]): Element[] {
  const wanted = wantedTexts(paragraphs);
  if (!doc.body || wanted.size === 0) return [];
  return matchBlocks(Array.from(doc.body.querySelectorAll(BLOCK_SELECTOR)), wanted);
}

/**
 * {@link bodyBlocks} for the live page, within the main-thread budget: the article's own container
 * first (cheap), and only when that misses, the whole body in slices with `pause()` between them.
 */
export async function findBodyBlocks(doc: Document, paragraphs: readonly string[], pause: () => Promise<void>, sliceMs = 8): Promise<Element[]> {
  const wanted = wantedTexts(paragraphs);
  if (!doc.body || wanted.size === 0) return [];
  const containers = [
    ...Array.from(doc.getElementsByTagName('article')),
    ...Array.from(doc.getElementsByTagName('main')),
    ...Array.from(doc.querySelectorAll('[itemprop="articleBody"], [role="main"]')),
  ].slice(0, 30);
  let best: Element[] = [];
  for (const c of containers) {
    const found = matchBlocks(Array.from(c.querySelectorAll(BLOCK_SELECTOR)), wanted);
    if (found.length > best.length) best = found;
  }
  if (best.length >= 0.6 * wanted.size) return best;
  await pause();
  const all = Array.from(doc.body.querySelectorAll(BLOCK_SELECTOR));
  const out: Element[] = [];
  let start = performance.now();
  for (let i = 0; i < all.length; i += 200) {
    out.push(...matchBlocks(all.slice(i, i + 200), wanted, out));
    if (performance.now() - start > sliceMs) {
      await pause();
      start = performance.now();
    }
  }
  return out;
}

function wantedTexts(paragraphs: readonly string[]): Set<string> {
  return new Set(paragraphs.map((p) => normalize(p)).filter((p) => p.length >= 20));
}

function matchBlocks(candidates: readonly Element[], wanted: ReadonlySet<string>, already: readonly Element[] = []): Element[] {
  const out: Element[] = [];
  const longest = Math.max(...[...wanted].map((w) => w.length));
  for (const el of candidates) {
    if (already.some((b) => b.contains(el)) || out.some((b) => b.contains(el))) continue;
    const raw = el.textContent ?? '';
    // Folding whitespace can only shorten a text: a block shorter than every wanted paragraph's
    // shortest possible form, or far longer than the longest, is not one of them.
    if (raw.length < 20 || raw.length > longest * 4 + 200) continue;
    if (!wanted.has(normalize(raw))) continue;
    if (el.closest(EXCLUDED)) continue;
    out.push(el);
  }
  return out;
}

interface BlockText {
  text: string;
  /** Normalized positions where skipped (excluded) content sat between two text nodes. */
  breaks: number[];
  /** Where normalized character i is: the text node and the offset in it. */
  at(i: number): [Text, number];
  /** The text-node position just after normalized character i. */
  after(i: number): [Text, number];
}

/** A block's text as the reader sees it, normalized, mapped back to its text nodes (excluded ones skipped). */
function blockText(block: Element): BlockText | null {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const rawBreaks: number[] = [];
  let raw = '';
  let skipped = false;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || parent.closest(EXCLUDED)) {
      skipped = true;
      continue;
    }
    if (skipped && raw) {
      // Keep the words on either side of a skipped widget apart, and remember where it was.
      rawBreaks.push(raw.length);
      raw += ' ';
    }
    skipped = false;
    nodes.push(n as Text);
    starts.push(raw.length);
    raw += (n as Text).data;
  }
  if (!nodes.length) return null;
  const { text, map } = normalizeWithMap(raw);
  const breaks = rawBreaks.map((rb) => {
    const i = map.findIndex((r) => r >= rb);
    return i < 0 ? text.length : i;
  });
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
    at: (i) => locate(map[i]!),
    after: (i) => {
      const r = map[i]!;
      const code = raw.charCodeAt(r);
      const [node, offset] = locate(r);
      return [node, Math.min(node.data.length, offset + (code >= 0xd800 && code <= 0xdbff ? 2 : 1))];
    },
  };
}

function rangeOf(doc: Document, t: BlockText, start: number, end: number): Range | null {
  // A match across skipped content (a button, a form field) would cover it: no mark there.
  if (end <= start || t.breaks.some((b) => start < b && b < end)) return null;
  const range = doc.createRange();
  const [sn, so] = t.at(start);
  const [en, eo] = t.after(end - 1);
  try {
    range.setStart(sn, so);
    range.setEnd(en, eo);
  } catch {
    return null;
  }
  return range.collapsed ? null : range;
}

/** The marks for this page: the first mention of each name, and every quote that appeared before. */
export function placeMarks(blocks: readonly Element[], marks: PageMarks): PlacedMark[] {
  const out: PlacedMark[] = [];
  const names = new Map(marks.entities.map((e) => [e.entityId, e]));
  const quotes = marks.quotes.filter((q) => q.quote.length >= 10);
  for (const block of blocks) {
    const t = blockText(block);
    if (!t) continue;
    const doc = block.ownerDocument;
    for (const m of findEntities(t.text)) {
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
