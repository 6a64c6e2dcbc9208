/**
 * The full-text libraries a developer would reach for, as peers in the matcher benchmark: MiniSearch and
 * FlexSearch, each given the same documents (title and text) and the same queries as Backstory's index.
 * An article is matched by its title and lead (a library of this kind takes a query, not an article);
 * search-as-you-type by the query itself. Each peer is used as its documentation suggests for this job:
 * MiniSearch with prefix and fuzzy terms and the title boosted, FlexSearch's Index with forward tokens.
 */
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { CorpusArticle } from '../../src/corpus';

export interface Peer {
  name: string;
  /** Ids of the best matches for a query, best first. */
  search(query: string, limit?: number): string[];
  /** The index as its library serializes it, in bytes. */
  size(): number;
  /** Builds the index again from its serialized form; ms. */
  load(): number;
}

/** The words a peer is asked for an article: its title and the first paragraphs, up to about 60 words. */
export const articleQuery = (a: { title: string; paragraphs: readonly string[] }): string => [a.title, ...a.paragraphs.slice(0, 2)].join(' ').split(/\s+/).slice(0, 60).join(' ');

const text = (d: CorpusArticle) => d.paragraphs.join('\n');

export function miniSearchPeer(docs: readonly CorpusArticle[]): Peer {
  const options = { fields: ['title', 'text'], idField: 'id', searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 } };
  const index = new MiniSearch<{ id: string; title: string; text: string }>(options);
  index.addAll(docs.map((d) => ({ id: d.id, title: d.title, text: text(d) })));
  let json: string | undefined;
  return {
    name: 'MiniSearch',
    search: (query, limit = 10) =>
      index
        .search(query)
        .slice(0, limit)
        .map((r) => String(r.id)),
    size: () => (json ??= JSON.stringify(index)).length,
    load: () => {
      json ??= JSON.stringify(index);
      const t = performance.now();
      MiniSearch.loadJSON(json, options);
      return performance.now() - t;
    },
  };
}

export function flexSearchPeer(docs: readonly CorpusArticle[]): Peer {
  const make = () => new FlexIndex({ tokenize: 'forward' });
  const index = make();
  const ids = docs.map((d) => d.id);
  docs.forEach((d, n) => index.add(n, `${d.title}\n${text(d)}`));
  let parts: [string, string][] | undefined;
  const exported = () => {
    if (parts) return parts;
    const out: [string, string][] = [];
    index.export((key: string, data: string) => void out.push([key, data ?? '']));
    return (parts = out);
  };
  return {
    name: 'FlexSearch',
    // suggest: the documents with most of the words, not only those with all of them (a long query has none).
    search: (query, limit = 10) => (index.search(query, { limit, suggest: true }) as number[]).map((n) => ids[n]!),
    size: () => exported().reduce((n, [k, v]) => n + k.length + v.length, 0),
    load: () => {
      const data = exported();
      const t = performance.now();
      const fresh = make();
      for (const [key, value] of data) fresh.import(key, value);
      return performance.now() - t;
    },
  };
}
