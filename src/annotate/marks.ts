/**
 * Where the marks go in the live page: the article's body blocks (the elements whose text is one of the
 * extracted paragraphs, so navigation, ads, comments and sidebars never get marks), then, inside them,
 * the first mention of each name with a backstory and every quote that appeared before.
 * Only reads the DOM; ./highlighter.ts draws the marks.
 */
import type { PageMarks, PriorMention } from '../match/marks';
import { findEntities, normalize, normalizeWithMap } from '../text';

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
  const wanted = new Set(paragraphs.map((p) => normalize(p)).filter((p) => p.length >= 20));
  if (!doc.body || wanted.size === 0) return [];
  const out: Element[] = [];
  for (const el of Array.from(doc.body.querySelectorAll(BLOCK_SELECTOR))) {
    if (el.closest(EXCLUDED)) continue;
    if (out.some((b) => b.contains(el))) continue;
    if (wanted.has(normalize(el.textContent ?? ''))) out.push(el);
  }
  return out;
}

interface BlockText {
  text: string;
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
  let raw = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || parent.closest(EXCLUDED)) continue;
    nodes.push(n as Text);
    starts.push(raw.length);
    raw += (n as Text).data;
  }
  if (!nodes.length) return null;
  const { text, map } = normalizeWithMap(raw);
  const locate = (rawIndex: number): [Text, number] => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= rawIndex) lo = mid;
      else hi = mid - 1;
    }
    return [nodes[lo]!, rawIndex - starts[lo]!];
  };
  return {
    text,
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
  if (end <= start) return null;
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
        if (range) out.push({ kind: 'quote', key: q.quote, label: `Quote: “${q.quote.length > 60 ? `${q.quote.slice(0, 57)}…` : q.quote}”`, before: q.before, range });
      }
    }
  }
  return out;
}
