/**
 * The page's blocks of text: where an article's body stands (its container, or the element holding the
 * most paragraphs), read block by block within the budget, by walks that never run one selector over a
 * whole huge page. The marks find the same blocks by the same text (../annotate/marks.ts).
 */
import { runToEnd, type Steps } from '../text/steps';
import { rawTextOf, READ_BUDGET, readText } from './budget';

export const EXCLUDED =
  'nav, aside, footer, header, figure, figcaption, form, button, [role="navigation"], [role="complementary"], [aria-hidden="true"], [class*="comment" i], [id*="comment" i], [class*="related" i], [class*="share" i], [class*="promo" i], [class*="newsletter" i], [class*="caption" i]';

/** Prose (characters in paragraphs of 80 or more) below which JSON-LD and the container have not found the body. */
export const MIN_BODY = 400;
// Containers whose paragraphs are never the article: furniture, comments, promos.
const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre, dd, td, div';

/** A block's text as the extractor reads it (the marks find the block again by this same text). */
export function blockText(el: Element): { text: string; cut: boolean; linkChars: number } {
  const { raw, linkChars, complete } = rawTextOf(el, Math.ceil(1.25 * READ_BUDGET.paragraph));
  const { text, cut } = readText(raw, READ_BUDGET.paragraph);
  return { text, cut: cut || !complete, linkChars };
}

/** Paragraphs read from a container, and whether the body went on past the budget. */
export interface Body {
  paragraphs: string[];
  /** The page's elements the paragraphs were read from, one a paragraph (none when read from JSON-LD). */
  elements?: Element[];
  truncated: boolean;
}

/**
 * The elements under `root` whose tag is in `tags`, in document order, found in a walk in slices. A
 * found element's subtree is not entered when `isLeaf` says it holds no further block (a paragraph holds
 * only phrasing content: one of 200 000 spans costs a step, not 200 000, as it would in a selector query).
 */
export function* blocksUnder(root: Element, tags: ReadonlySet<string>, isLeaf: (el: Element) => boolean, limit: number = READ_BUDGET.blocks): Steps<Element[]> {
  const out: Element[] = [];
  let visited = 0;
  // By element pointers, not a TreeWalker: the same in every DOM this runs on (linkedom's walker moves only forward).
  for (let node = root.firstElementChild; node;) {
    if (++visited % 500 === 0) yield;
    let descend = true;
    if (tags.has(node.localName)) {
      out.push(node);
      if (out.length >= limit) break;
      descend = !isLeaf(node);
    }
    if (descend && node.firstElementChild) {
      node = node.firstElementChild;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) node = node.parentElement;
    node = node && node !== root ? node.nextElementSibling : null;
  }
  return out;
}

const PROSE_TAGS = new Set(['p', 'h2', 'h3']);
const ALL_BLOCK_TAGS = new Set(BLOCKS.split(', '));
/** p, h2 and h3 hold phrasing content only: no block inside to look for. */
const noBlocksInside = () => true;

/**
 * The text blocks of a container: paragraphs and subheadings, and in `allBlocks` mode (for Readability's
 * cleaned output, where text may sit in bare divs and lists) every block with no block inside it. Reads
 * at most the body budget, yielding every few dozen blocks; `elements` are the blocks read, one a paragraph.
 */
export function* paragraphSteps(root: Element, allBlocks = false): Steps<Body> {
  const out: string[] = [];
  const elements: Element[] = [];
  let chars = 0;
  let truncated = false;
  const nodes = yield* blocksUnder(root, allBlocks ? ALL_BLOCK_TAGS : PROSE_TAGS, allBlocks ? () => false : noBlocksInside, READ_BUDGET.blocks + 1);
  const count = Math.min(nodes.length, READ_BUDGET.blocks);
  for (let i = 0; i < count; i++) {
    if (i % 50 === 49) yield;
    const p = nodes[i]!;
    if (allBlocks && p.querySelector(BLOCKS)) continue;
    if (p.closest(EXCLUDED)) continue;
    const { text, cut, linkChars } = blockText(p);
    if (text.length < 2) continue;
    // A list of links set as a paragraph is not prose.
    if (p.tagName === 'P' && linkChars > 0.6 * text.length) continue;
    if (!allBlocks && p.tagName !== 'P' && (text.length > 200 || out.length === 0)) continue;
    out.push(text);
    elements.push(p);
    chars += text.length;
    truncated ||= cut;
    if (out.length >= READ_BUDGET.paragraphs || chars >= READ_BUDGET.body) {
      truncated ||= i < nodes.length - 1;
      break;
    }
  }
  return { paragraphs: out, elements, truncated: truncated || nodes.length > READ_BUDGET.blocks };
}

/** {@link paragraphSteps} at once: the paragraphs. */
export const paragraphsFrom = (root: Element, allBlocks = false): string[] => runToEnd(paragraphSteps(root, allBlocks)).paragraphs;

export const proseLength = (paragraphs: string[]) => paragraphs.filter((p) => p.length >= 80).reduce((n, p) => n + p.length, 0);

/** The page's `<article>` and `<main>` elements (the engine indexes tags: cheap even on a huge page). */
export function* articleContainers(doc: Document): Steps<Element[]> {
  const out: Element[] = Array.from(doc.getElementsByTagName('article'));
  yield;
  out.push(...Array.from(doc.getElementsByTagName('main')));
  yield;
  return out.slice(0, 30);
}

/**
 * Containers marked by attribute (`itemprop="articleBody"`, `role="main"`), found in a walk in slices:
 * an attribute selector walks the whole tree in one go, tens of milliseconds on a huge page.
 */
function* attributeContainers(doc: Document): Steps<Element[]> {
  const out: Element[] = [];
  if (!doc.body) return out;
  const walker = doc.createTreeWalker(doc.body, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let n = walker.nextNode() as Element | null, k = 0; n && out.length < 30; n = walker.nextNode() as Element | null, k++) {
    if (k % 2000 === 1999) yield;
    if (n.getAttribute('itemprop') === 'articleBody' || n.getAttribute('role') === 'main') out.push(n);
  }
  return out;
}

/** The container with the most prose: `<article>`, `<main>`, or an element marked by attribute. */
export function* containerSteps(doc: Document): Steps<Body> {
  let best: Body = { paragraphs: [], truncated: false };
  const candidates = [...(yield* articleContainers(doc)), ...(yield* attributeContainers(doc))].slice(0, 30);
  for (const el of candidates) {
    const body = yield* paragraphSteps(el);
    if (proseLength(body.paragraphs) > proseLength(best.paragraphs)) best = body;
    yield;
  }
  return best;
}

/**
 * Where no container holds the body: the element whose own paragraphs hold the most prose. Also where
 * the HTML parser moved an article's paragraphs out of it (Chromium nests at most 512 levels deep).
 */
export function* clusterSteps(doc: Document): Steps<Body> {
  const ps = doc.getElementsByTagName('p');
  const prose = new Map<Element, number>();
  let best: Element | undefined;
  for (let i = 0; i < Math.min(ps.length, READ_BUDGET.blocks); i++) {
    if (i % 200 === 199) yield;
    const parent = ps[i]!.parentElement;
    if (!parent) continue;
    const n = (prose.get(parent) ?? 0) + Math.min(READ_BUDGET.paragraph, ps[i]!.textContent?.length ?? 0);
    prose.set(parent, n);
    if (!best || n > prose.get(best)!) best = parent;
  }
  return best ? yield* paragraphSteps(best) : { paragraphs: [], truncated: false };
}

/** Largest document Readability is given: it is quadratic in depth, and slow on tens of thousands of elements (real news pages have 1–3 k, 30 levels). */
const READABILITY_LIMITS = { elements: 8_000, depth: 128 };

/** Whether Readability may run on this page without holding it long; the tree walked in slices. */
export function* readabilityFits(doc: Document): Steps<boolean> {
  const root = doc.documentElement;
  if (!root) return false;
  let depth = 0;
  let k = 0;
  for (let node: Element | null = root; node; k++) {
    if (k % 2000 === 1999) yield;
    if (k > READABILITY_LIMITS.elements || depth > READABILITY_LIMITS.depth) return false;
    if (node.firstElementChild) {
      node = node.firstElementChild;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) {
      node = node.parentElement;
      depth--;
    }
    node = node && node !== root ? node.nextElementSibling : null;
  }
  return true;
}
