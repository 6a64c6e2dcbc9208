/**
 * The language a page is written in: what the page says (`lang`, `og:locale`), else what its text
 * reads as. franc-min is the well-kept trigram detector for this (about 100 kB of data, in the worker
 * only, never in the content script); it is asked to choose among the languages Backstory reads,
 * which on news text tells Russian from Ukrainian and Bulgarian where the open choice does not.
 */
import { franc } from 'franc-min';

/** The languages Backstory reads, ISO 639-1 by ISO 639-3. */
const READ: Record<string, string> = { eng: 'en', rus: 'ru', ukr: 'uk', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', pol: 'pl' };
const ONLY = Object.keys(READ);
/** Text shorter than this is too little to tell a language by. */
const MIN_TEXT = 40;
/** How much of the text is read for it: a few paragraphs are enough. */
const SAMPLE = 2_000;

/** The primary language subtag of a declared language ("en-US", "pt_BR" -> "en", "pt"), if well formed. */
export function declaredLanguage(declared: string | undefined): string | undefined {
  const tag = declared?.trim().toLowerCase().split(/[-_]/)[0];
  return tag && /^[a-z]{2,3}$/.test(tag) ? tag : undefined;
}

/** The page's language: as declared, else as its title and first paragraphs read; undefined if neither says. */
export function pageLanguage(article: { lang?: string; title: string; paragraphs: readonly string[] }): string | undefined {
  const declared = declaredLanguage(article.lang);
  if (declared) return declared;
  let sample = article.title;
  for (const p of article.paragraphs) {
    if (sample.length >= SAMPLE) break;
    sample += `\n${p}`;
  }
  sample = sample.slice(0, SAMPLE);
  if (sample.trim().length < MIN_TEXT) return undefined;
  return READ[franc(sample, { only: ONLY, minLength: MIN_TEXT })];
}
