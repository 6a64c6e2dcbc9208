/**
 * Where Backstory runs by default: major news sites in English plus a few covering Russia closely.
 * The content script is registered for these only (no <all_urls>); users add more in a later version.
 */
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
