/**
 * The labelled real pages (../../../shared/labelled-pages) the browser tests serve under their own host:
 * those whose site is a default news site (the content script runs there), on and off the topic (pages
 * a reader could judge either way are left out). Chosen by their labels and hosts, never by name.
 */
import { DEFAULT_NEWS_SITES } from '../../src/settings/sites';
import { labelledArticle, labelledPages, type LabelledPage } from '../fixtures/labelled';
import { detectTopic } from '../../src/detect';

const isDefaultSite = (host: string) => DEFAULT_NEWS_SITES.some((s) => host === s || host.endsWith(`.${s}`));

/** Every on-topic page on a default site, and one off-topic page per host. */
export function servedLabelledPages(): LabelledPage[] {
  const onSites = labelledPages().filter((p) => p.label !== 'either' && isDefaultSite(p.host));
  const offHosts = new Set<string>();
  return onSites.filter((p) => p.label === 'on-topic' || (!offHosts.has(p.host) && offHosts.add(p.host)));
}

/** Where a labelled page is served: its own host, plain HTTP, sealed (its own scripts and resources do not load). */
export const servedUrl = (p: LabelledPage) => `http://${p.host}/labelled/${p.file}?sealed`;

/**
 * The pages on a default site whose body the extractor reads from JSON-LD (one long `articleBody`, so
 * no page element holds one of its paragraphs as it stands) and that the detector finds on the topic:
 * chosen by how the page is built, never by name. Labelled "either" pages count: the marks are the point.
 */
let jsonLdBodied: LabelledPage[] | undefined;
export function jsonLdBodiedPages(): LabelledPage[] {
  return (jsonLdBodied ??= labelledPages().filter((p) => {
    if (p.label === 'off-topic' || !isDefaultSite(p.host)) return false;
    const article = labelledArticle(p);
    return article.bodySource === 'json-ld' && detectTopic(article).onTopic;
  }));
}
