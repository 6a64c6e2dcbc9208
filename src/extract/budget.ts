/**
 * How much of a page Backstory reads at most. Unbounded reading buys nothing (the first hundred
 * kilobytes of prose are enough to judge and mark an article; long reads are 30–60 kB) and lets a
 * pathological page (a 10 MB paragraph, a megabyte-long title) hold the reader's tab.
 */
import { normalize } from '../text';

export const READ_BUDGET = {
  /** Title, description and first heading, each, for the first look and the headline. */
  headline: 2_000,
  /** One paragraph; a longer one is cut at a word. */
  paragraph: 20_000,
  /** The whole body. */
  body: 100_000,
  paragraphs: 400,
  /** Blocks looked at in one container: a real article has a few hundred. */
  blocks: 5_000,
  /** JSON-LD parsed on one page, all blocks together (characters). */
  jsonLd: 1_000_000,
} as const;

/**
 * A page text as read: cut to `max` characters at a word, normalized. The raw text is cut first
 * (normalizing can only shorten it, except for the rare characters NFKC expands), so a huge text
 * costs no more than a long one. Deterministic: the same raw text always reads the same, which lets
 * the marks find a block by the text the extractor read from it.
 */
export function readText(raw: string, max: number): { text: string; cut: boolean } {
  const head = raw.length > 4 * max ? raw.slice(0, 4 * max) : raw;
  const text = normalize(head);
  if (text.length <= max && head.length === raw.length) return { text, cut: false };
  if (text.length <= max) return { text, cut: true };
  const space = text.lastIndexOf(' ', max);
  return { text: text.slice(0, space > max / 2 ? space : max), cut: true };
}

/**
 * An element's text as `textContent` gives it, but read only up to `maxRaw` characters (a paragraph of
 * 200 000 spans costs what its first few thousand do), with how much of it stands inside links. Text
 * nodes come from a TreeWalker: one native step a node, where walking by node pointers from a content
 * script's world costs several.
 */
const inLinkOf = (node: Node, root: Element) => {
  const link = (node.parentNode as Element | null)?.closest?.('a');
  return !!link && root.contains(link);
};

export function rawTextOf(el: Element, maxRaw: number): { raw: string; linkChars: number; complete: boolean } {
  const walker = el.ownerDocument.createTreeWalker(el, 4 | 8 /* NodeFilter.SHOW_TEXT | SHOW_CDATA_SECTION */);
  const parts: string[] = [];
  let length = 0;
  let linkChars = 0;
  let parent: Node | null = null;
  let inLink = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (length >= maxRaw) return { raw: parts.join(''), linkChars, complete: false };
    // A text node of 10 MB is read only as far as the budget (its whole string would then be copied
    // by every reader after: a date's line, a whitespace pass).
    const whole = (node as CharacterData).data;
    const data = whole.length > maxRaw - length ? whole.slice(0, maxRaw - length) : whole;
    parts.push(data);
    length += data.length;
    if (data.length < whole.length) {
      if (inLinkOf(node, el)) linkChars += data.length;
      return { raw: parts.join(''), linkChars, complete: false };
    }
    if (node.parentNode !== parent) {
      parent = node.parentNode;
      const link = (parent as Element | null)?.closest?.('a');
      inLink = !!link && el.contains(link);
    }
    if (inLink) linkChars += data.length;
  }
  return { raw: parts.join(''), linkChars, complete: true };
}
