/**
 * JSON-LD: the page's article objects (NewsArticle and kin, out of arrays and @graph), read within the
 * page's JSON-LD budget, and the body they may carry.
 */
import type { Steps } from '../text/steps';
import { runToEnd } from '../text/steps';
import { READ_BUDGET, readText } from './budget';
import type { Body } from './blocks';

export const ARTICLE_TYPES =
  /^(?:NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|Article|BlogPosting|Report|ScholarlyArticle|ReviewNewsArticle)$/;
export type JsonLd = Record<string, unknown>;

/**
 * Article objects from every JSON-LD block, flattened out of arrays and @graph. Broken JSON is skipped,
 * and so is what lies beyond the page's JSON-LD budget.
 */
export function jsonLdArticles(doc: Document): JsonLd[] {
  return runToEnd(jsonLdSteps(doc));
}

export function* jsonLdSteps(doc: Document): Steps<JsonLd[]> {
  const out: JsonLd[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.slice(0, 50).forEach((n) => visit(n, depth + 1));
    const obj = node as JsonLd;
    const types = ([] as unknown[]).concat(obj['@type'] ?? []);
    if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) out.push(obj);
    if (obj['@graph']) visit(obj['@graph'], depth + 1);
  };
  const scripts = doc.getElementsByTagName('script');
  let budget = READ_BUDGET.jsonLd;
  for (let i = 0, seen = 0; i < scripts.length && seen < 20; i++) {
    const script = scripts[i]!;
    if (script.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    seen++;
    const text = script.textContent ?? '';
    if (text.length > budget) continue;
    budget -= text.length;
    try {
      visit(JSON.parse(text), 0);
    } catch {
      // Pages ship malformed JSON-LD often enough; it is simply not a source then.
    }
    yield;
  }
  return out;
}

/** A JSON-LD value as text: a string, a list of them, or an object's name; within the headline budget. */
export const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return readText(v, READ_BUDGET.headline).text || undefined;
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object' && 'name' in v) return str((v as JsonLd).name);
  return undefined;
};

/** JSON-LD's `articleBody`, split at its line breaks, read up to the body budget. */
export function ldParagraphs(raw: string): Body {
  const head = raw.length > 4 * READ_BUDGET.body ? raw.slice(0, 4 * READ_BUDGET.body) : raw;
  const paragraphs: string[] = [];
  let chars = 0;
  let truncated = head.length < raw.length;
  for (const line of head.split(/\n+/)) {
    const { text, cut } = readText(line, READ_BUDGET.paragraph);
    if (!text) continue;
    paragraphs.push(text);
    chars += text.length;
    truncated ||= cut;
    if (paragraphs.length >= READ_BUDGET.paragraphs || chars >= READ_BUDGET.body) {
      truncated = true;
      break;
    }
  }
  return { paragraphs, truncated };
}
