/**
 * The reader page: one corpus article in full, with only what matched the article the reader came from
 * marked (its shared quotes and the names and issues it was related by, never the names every story
 * carries), a legend for the marks, a link back to that article, when it appeared relative to it, and
 * links to the other related items. From a search, it opens at the matched passage with the words marked.
 */
import { useEffect } from 'preact/hooks';
import type { CorpusArticle } from '../corpus';
import { findEntities, normalize, words as wordsOf } from '../text';
import type { TabState } from '../messaging';
import { formatDate, relativeWhen } from './format';
import { Marked } from './Search';
import { t } from './i18n';

export interface ReaderViewProps {
  loading: boolean;
  article?: CorpusArticle | null;
  tab?: TabState | null;
  error?: string;
  readerUrl: (id: string) => string;
  /** From a search: the paragraph to open at, and the corpus words to mark. */
  at?: number;
  words?: readonly string[];
}

/** Ranges of the searched words in a paragraph (compared as the search compares them). */
export function wordRanges(paragraph: string, wanted: ReadonlySet<string>): [number, number][] {
  if (!wanted.size) return [];
  const out: [number, number][] = [];
  for (const m of paragraph.matchAll(/[\p{L}\p{N}]+(?:['.+][\p{L}\p{N}]+)*/gu)) {
    const w = wordsOf(m[0])[0];
    if (w && wanted.has(w)) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Ranges of a paragraph to mark: the matched quotes, and mentions of the shared names. */
export function matchedRanges(paragraph: string, quotes: readonly string[], names: ReadonlySet<string>): [number, number][] {
  const out: [number, number][] = [];
  const lower = paragraph.toLowerCase();
  for (const q of quotes) {
    const at = lower.indexOf(q.toLowerCase());
    if (at >= 0) out.push([at, at + q.length]);
  }
  for (const m of findEntities(paragraph)) {
    if (names.has(m.entity.name) && !out.some(([a, b]) => m.index < b && m.index + m.length > a)) out.push([m.index, m.index + m.length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export function ReaderView({ loading, article, tab, error, readerUrl, at, words = [] }: ReaderViewProps) {
  useEffect(() => {
    if (article && at !== undefined) document.getElementById(`p-${at}`)?.scrollIntoView({ block: 'center' });
  }, [article, at]);
  if (loading)
    return (
      <main>
        <p role="status">{t('loading')}</p>
      </main>
    );
  if (error)
    return (
      <main>
        <p role="alert">{t('readerError', error)}</p>
      </main>
    );
  if (!article)
    return (
      <main>
        <p role="alert" data-testid="reader-missing">
          {t('readerMissing')}
        </p>
      </main>
    );
  const item = tab?.related.find((r) => r.id === article.id || r.sameStory.some((s) => s.id === article.id));
  const quotes = item?.reasons.flatMap((r) => (r.kind === 'quote' ? [r.match.passage] : [])) ?? [];
  const names = new Set(item?.reasons.flatMap((r) => (r.kind === 'entities' || r.kind === 'issue' ? r.names : r.kind === 'occasion' ? [r.name] : [])) ?? []);
  const others = (tab?.related ?? []).flatMap((r) => [r, ...r.sameStory]).filter((r) => r.id !== article.id);
  const searched = new Set(words);
  const when = relativeWhen(article.date, tab?.published);
  const paragraphs = article.paragraphs.map((p) => {
    const text = normalize(p);
    return { text, matched: matchedRanges(text, quotes, names), searched: wordRanges(text, searched) };
  });
  const anyMatched = paragraphs.some((p) => p.matched.length);
  const anySearched = paragraphs.some((p) => p.searched.length);
  return (
    <main>
      <p class="from">
        <strong>Backstory</strong>
        {tab ? (
          <>
            {' · '}
            <a href={tab.url} data-testid="reader-back">
              {t('readerBack', tab.title)}
            </a>
          </>
        ) : null}
      </p>
      <article data-testid="reader-article">
        <h1 class="article-title">
          <SearchMarked text={article.title} matched={[]} searched={wordRanges(article.title, searched)} />
        </h1>
        <p class="byline">
          {[article.outlet ?? t('outletNotStated'), article.byline ? t('byline', article.byline) : '', formatDate(article.date)].filter(Boolean).join(' · ')}
          {when ? (
            <span class="when" data-testid="reader-when">
              {' · '}
              {when}
            </span>
          ) : null}
        </p>
        {anyMatched || anySearched ? (
          <p class="legend" data-testid="reader-legend">
            {anyMatched ? (
              <span>
                <mark>{t('legendMatchedSample')}</mark> {t('legendMatched')}
              </span>
            ) : null}
            {anySearched ? (
              <span>
                <mark class="searched">{t('legendSearchedSample')}</mark> {t('legendSearched', words.join(', '))}
              </span>
            ) : null}
          </p>
        ) : null}
        {article.date ? (
          <details class="date-evidence">
            <summary>{t('dateEvidence', article.date.precision)}</summary>
            <p>{article.date.reasoning}</p>
            <ul>
              {article.date.evidence.map((e) => (
                <li>“{e}”</li>
              ))}
            </ul>
          </details>
        ) : null}
        {paragraphs.map((p, k) => (
          <p id={`p-${k}`} class={k === at ? 'at' : undefined}>
            <SearchMarked text={p.text} matched={p.matched} searched={p.searched} />
          </p>
        ))}
      </article>
      {others.length ? (
        <nav class="related-nav" aria-label={t('otherRelated')}>
          <h2>{t('otherRelated')}</h2>
          <ul>
            {others.map((o) => (
              <li>
                <a href={readerUrl(o.id)}>{o.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </main>
  );
}

/** A paragraph with what matched the page marked, and the searched words marked apart (where they do not overlap). */
function SearchMarked({ text, matched, searched }: { text: string; matched: [number, number][]; searched: [number, number][] }) {
  if (!searched.length) return <Marked text={text} ranges={matched} />;
  const extra = searched.filter(([a, b]) => !matched.some(([c, d]) => a < d && b > c));
  const ranges = [...matched.map((r) => [...r, 0] as const), ...extra.map((r) => [...r, 1] as const)].sort((x, y) => x[0] - y[0]);
  const out = [];
  let pos = 0;
  for (const [a, b, kind] of ranges) {
    if (a > pos) out.push(text.slice(pos, a));
    out.push(<mark class={kind ? 'searched' : undefined}>{text.slice(a, b)}</mark>);
    pos = b;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return <>{out}</>;
}
