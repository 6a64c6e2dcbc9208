/**
 * The options page's archive section: on/off, how many articles are kept, export, import, delete one
 * or all, and a filter over the list. Pure view; ./ArchiveSection.tsx wires it to the worker.
 */
import { useState } from 'preact/hooks';
import type { ArchiveListItem } from '../messaging';
import { t, tn } from './i18n';
import { formatDate, statedDate } from './format';

/** The day an article was kept, as the list shows it. */
const savedDay = (ms: number) => statedDate(new Date(ms).toISOString().slice(0, 10));

export type ArchiveItem = Pick<ArchiveListItem, 'id' | 'title' | 'site' | 'savedAt' | 'url' | 'published'>;

/** An archived page's own address, as a link only when it is a web address (an imported file may hold anything). */
export const webAddress = (url: string): string | undefined => (/^https?:\/\//i.test(url) ? url : undefined);

export interface ArchivePanelProps {
  enabled: boolean;
  items: readonly ArchiveItem[];
  message: { text: string; error: boolean } | null;
  onToggle(enabled: boolean): void;
  onExport(): void;
  onImport(file: File): void;
  onDelete(id: string): void;
  onClear(): void;
  /** The reader page's address for an archived article: each title links there. */
  readerUrl?: (id: string) => string;
}

export function ArchivePanel({ enabled, items, message, onToggle, onExport, onImport, onDelete, onClear, readerUrl }: ArchivePanelProps) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = (f ? items.filter((i) => i.title.toLowerCase().includes(f) || i.site.includes(f)) : items).slice(0, 200);
  return (
    <fieldset data-testid="archive">
      <legend>{t('archiveHeading')}</legend>
      <p class="hint">{t('archiveIntro')}</p>
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle((e.target as HTMLInputElement).checked)} data-testid="opt-archive" />
        {t('archiveOn')}
      </label>
      <p data-testid="archive-count">{tn('archiveCount', items.length)}</p>
      <div class="row">
        <button type="button" onClick={onExport} disabled={items.length === 0} data-testid="archive-export">
          {t('archiveExport')}
        </button>
        <label class="file">
          {t('archiveImport')}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="archive-import"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) onImport(file);
              input.value = '';
            }}
          />
        </label>
        <button type="button" onClick={onClear} disabled={items.length === 0} data-testid="archive-clear">
          {t('archiveClear')}
        </button>
      </div>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : ''} data-testid="archive-message">
          {message.text}
        </p>
      ) : null}
      {items.length ? (
        <input type="search" aria-label={t('archiveFilter')} placeholder={t('archiveFilter')} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      ) : null}
      <ul data-testid="archive-list">
        {shown.map((item) => (
          <li class="site-row">
            <span>
              {readerUrl ? (
                <a href={readerUrl(item.id)} data-testid="archive-link">
                  {item.title}
                </a>
              ) : (
                item.title
              )}{' '}
              <span class="hint">
                · {item.site} · {formatDate(statedDate(item.published))} · {t('archiveSaved', formatDate(savedDay(item.savedAt)))}
                {webAddress(item.url) ? (
                  <>
                    {' · '}
                    <a href={webAddress(item.url)} target="_blank" rel="noopener noreferrer" data-testid="archive-original">
                      {t('archiveOriginal')}
                    </a>
                  </>
                ) : null}
              </span>
            </span>
            <button type="button" aria-label={t('deleteOne', item.title)} onClick={() => onDelete(item.id)}>
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
