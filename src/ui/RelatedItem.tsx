import type { RelatedArticle } from '../match';
import { formatDate, reasonLabels, relativeWhen } from './format';
import { t } from './i18n';

/** Whether it appeared before or after the page read. */
const WHEN = { earlier: 'whenEarlier', later: 'whenLater', 'same time': 'whenSame' } as const;

/** One related article: title, date and outlet, why it is related, and optionally its snippet. */
export interface RelatedItemProps {
  item: RelatedArticle;
  showSnippet?: boolean;
  selected?: boolean;
  /** The reader page's address for an article: the title is a link to it. */
  readerUrl?: (id: string) => string;
  /** Opens the reader instead of following the link (the in-page card, where a web page may not navigate to our pages). */
  onOpen?: (id: string) => void;
  /** The page's own date (ISO): the item says how long before or after it appeared. */
  pageDate?: string;
}

export function RelatedItem({ item, showSnippet = true, selected = false, readerUrl, onOpen, pageDate }: RelatedItemProps) {
  const quote = item.reasons.find((r) => r.kind === 'quote');
  return (
    <li class={selected ? 'related selected' : 'related'} data-seed={item.id} aria-current={selected ? 'true' : undefined} id={`related-${item.id}`}>
      {readerUrl ? (
        <a
          class="related-title"
          href={readerUrl(item.id)}
          target="_blank"
          rel="noopener"
          data-testid="related-link"
          onClick={onOpen ? (e) => (e.preventDefault(), onOpen(item.id)) : undefined}
          onAuxClick={onOpen ? (e) => e.button === 1 && (e.preventDefault(), onOpen(item.id)) : undefined}
        >
          {item.title}
        </a>
      ) : (
        <div class="related-title">{item.title}</div>
      )}
      <div class="related-meta" data-date={item.date?.iso}>
        {formatDate(item.date)}
        {item.outlet ? ` · ${item.outlet}` : ''}
        {item.when ? (
          <span class={`when when-${item.when.replace(' ', '-')}`} data-testid="related-when" data-when={item.when}>
            {' · '}
            {relativeWhen(item.date, pageDate) ?? t(WHEN[item.when])}
          </span>
        ) : null}
      </div>
      {item.sameStory.length > 0 ? (
        <div class="same-story" data-testid="same-story">
          {t('sameStory', item.sameStory.length + 1, item.sameStory.map((s) => `“${s.title}”${s.outlet ? ` (${s.outlet})` : ''}`).join('; '))}
        </div>
      ) : null}
      <ul class="chips" aria-label={t('whyRelated')}>
        {item.source === 'archive' ? <li class="chip archive">{item.pack ? t('fromPack', item.pack) : t('fromArchive')}</li> : null}
        {reasonLabels(item.reasons).map((label) => (
          <li class="chip">{label}</li>
        ))}
      </ul>
      {quote?.kind === 'quote' ? <blockquote class="quote">“{quote.match.passage}”</blockquote> : null}
      {showSnippet && !quote ? <p class="snippet">{item.snippet}</p> : null}
    </li>
  );
}
