/**
 * The reader page: one corpus article in full, with the passages that matched the article the reader
 * came from marked (its shared quotes and names), and links to the other related items.
 */
import type { CorpusArticle } from '../corpus';
import { findEntities, normalize } from '../text';
import type { TabState } from '../messaging';
import { formatDate } from './format';
import { Marked } from './Search';
import { t } from './i18n';

export interface ReaderViewProps {
  loading: boolean;
  article?: CorpusArticle | null;
  tab?: TabState | null;
  error?: string;
  readerUrl: (id: string) => string;
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

export function ReaderView({ loading, article, tab, error, readerUrl }: ReaderViewProps) {
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
  const names = new Set(item?.reasons.flatMap((r) => (r.kind === 'entities' ? r.names : [])) ?? []);
  const others = (tab?.related ?? []).flatMap((r) => [r, ...r.sameStory]).filter((r) => r.id !== article.id);
  return (
    <main>
      <p>
        <strong>Backstory</strong>
        {tab ? <> · {t('relatedTo', tab.title)}</> : null}
      </p>
      <article data-testid="reader-article">
        <h1 class="article-title">{article.title}</h1>
        <p class="byline">{[article.outlet ?? t('outletNotStated'), article.byline ? t('byline', article.byline) : '', formatDate(article.date)].filter(Boolean).join(' · ')}</p>
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
        {article.paragraphs.map((p) => {
          const text = normalize(p);
          return (
            <p>
              <Marked text={text} ranges={matchedRanges(text, quotes, names)} />
            </p>
          );
        })}
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
