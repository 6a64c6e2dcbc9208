/**
 * Free-text fuzzy search over the corpus, results as you type. The matched passage is shown with the
 * matched words marked: the marks are built from ranges as Preact elements, never from markup.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../match';
import { formatDate } from './format';
import { passageWindow } from '../text/snippets';
import { t, tn } from './i18n';

/** Splits text into plain and marked segments by [start, end) ranges (sorted, non-overlapping kept). */
export function segments(text: string, ranges: readonly (readonly [number, number])[]): { text: string; marked: boolean }[] {
  const out: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

export function Marked({ text, ranges }: { text: string; ranges: readonly [number, number][] }) {
  return <>{segments(text, ranges).map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>;
}

/** The reader's address for a hit: at its matched passage, with the matched words marked. */
export function hitUrl(readerUrl: (id: string) => string, hit: Pick<SearchHit, 'id' | 'paragraph' | 'matched'>): string {
  const at = hit.paragraph >= 0 ? `&at=${hit.paragraph}` : '';
  return `${readerUrl(hit.id)}${at}${hit.matched.length ? `&words=${encodeURIComponent(hit.matched.join(' '))}` : ''}`;
}

export interface SearchProps {
  search: (query: string) => Promise<SearchHit[]>;
  /** The reader page's address for an article: each result links there, at its passage. */
  readerUrl?: (id: string) => string;
}

export function Search({ search, readerUrl }: SearchProps) {
  const [query, setQuery] = useState('');
  const [state, setState] = useState<{ hits: SearchHit[]; error?: string; query: string }>({ hits: [], query: '' });
  const latest = useRef('');
  useEffect(() => {
    latest.current = query;
    if (!query.trim()) return setState({ hits: [], query });
    search(query)
      .then((hits) => latest.current === query && setState({ hits, query }))
      .catch((e: unknown) => latest.current === query && setState({ hits: [], query, error: String(e) }));
  }, [query]);
  const readAs = state.hits[0]?.readAs.join(' ');
  return (
    <section class="search" aria-label={t('searchHeading')}>
      <input
        type="search"
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchHeading')}
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        data-testid="search-input"
      />
      {state.error ? <p role="alert">{t('searchFailed', state.error)}</p> : null}
      {readAs && readAs !== state.query.toLowerCase().trim() ? <p class="read-as">{t('searchReadAs', readAs)}</p> : null}
      {state.query.trim() && !state.error ? (
        <p class="visually-hidden" role="status">
          {tn('searchCount', state.hits.length)}
        </p>
      ) : null}
      {state.query.trim() && !state.error && state.hits.length === 0 ? <p>{t('searchNone', state.query)}</p> : null}
      <ul data-testid="search-results">
        {state.hits.map((hit) => {
          const [text, ranges] = passageWindow(hit.passage, hit.highlights);
          return (
            <li class="related" data-seed={hit.id}>
              {readerUrl ? (
                <a class="related-title" href={hitUrl(readerUrl, hit)} target="_blank" rel="noopener" data-testid="search-link">
                  {hit.title}
                </a>
              ) : (
                <div class="related-title">{hit.title}</div>
              )}
              <div class="related-meta">
                {formatDate(hit.date)}
                {hit.outlet ? ` · ${hit.outlet}` : ''}
                {hit.source === 'archive' ? <span data-testid="search-source">{` · ${hit.pack ? t('fromPack', hit.pack) : t('fromArchive')}`}</span> : null}
              </div>
              <p class="snippet">
                <Marked text={text} ranges={ranges} />
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
