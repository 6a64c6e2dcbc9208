/**
 * Where Backstory runs by default: major news sites in English plus a few covering Russia closely.
 * The content script is registered for these only (no <all_urls>); a reader adds more in the options,
 * each granted as an optional host permission. Also what a site is, and whether the reader turned
 * Backstory off on one, without the storage library (the first look, on every news page, loads this).
 */
import { browser } from 'wxt/browser';
import { siteOf } from '../text/urls';

export const DEFAULT_NEWS_SITES = [
  'reuters.com',
  'apnews.com',
  'nytimes.com',
  'washingtonpost.com',
  'foxnews.com',
  'cnn.com',
  'bbc.com',
  'bbc.co.uk',
  'theguardian.com',
  'abcnews.go.com',
  'nbcnews.com',
  'politico.com',
  'cbsnews.com',
  'npr.org',
  'wsj.com',
  'bloomberg.com',
  'axios.com',
  'thehill.com',
  'usatoday.com',
  'latimes.com',
  'aljazeera.com',
  'ft.com',
  'economist.com',
  'newsweek.com',
  'theatlantic.com',
  'rferl.org',
  'themoscowtimes.com',
  'meduza.io',
] as const;

/** Match patterns for a site and its subdomains (www., edition., ...), both schemes. */
export const matchPatterns = (sites: readonly string[]) => sites.flatMap((s) => [`*://${s}/*`, `*://*.${s}/*`]);

/** Where the settings keep the sites the reader turned Backstory off on (`settings.turnedOffSites`; the key is older than the name). */
export const TURNED_OFF_SITES_KEY = 'disabledSites';

/**
 * Whether the reader turned Backstory off on this address's site, read straight from extension storage:
 * the first look runs on every page of the news sites, and loading the storage library there for this
 * one read made up a third of its script.
 */
export async function isTurnedOff(url: string): Promise<boolean> {
  const sites: unknown = (await browser.storage.local.get(TURNED_OFF_SITES_KEY))[TURNED_OFF_SITES_KEY];
  return Array.isArray(sites) && sites.includes(siteOf(url));
}
