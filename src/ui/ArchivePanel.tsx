/**
 * The options page's archive section: on/off, how many articles are kept, export, import (an archive
 * file or a corpus pack), delete one, a pack or all, and a filter over the list. Pure view;
 * ./ArchiveSection.tsx wires it to the worker.
 */
import { useState } from 'preact/hooks';
import type { ArchiveListItem, ImportProgress } from '../messaging';
import { t, tn } from './i18n';
import { formatDate, statedDate } from './format';
import { webAddress } from '../text/urls';

/** An import's stage, as the progress line says it. */
function progressText(p: ImportProgress): string {
  const n = (x: number) => x.toLocaleString();
  return p.stage === 'checking' ? t('archiveChecking', n(p.done), n(p.total)) : p.stage === 'indexing' ? t('archiveIndexing', n(p.done), n(p.total)) : t('archiveSaving');
}

/** The day an article was kept, as the list shows it. */
const savedDay = (ms: number) => statedDate(new Date(ms).toISOString().slice(0, 10));

export type ArchiveItem = Pick<ArchiveListItem, 'id' | 'title' | 'site' | 'savedAt' | 'url' | 'published' | 'pack'>;

export interface ArchivePanelProps {
  enabled: boolean;
  items: readonly ArchiveItem[];
  message: { text: string; error: boolean } | null;
  onToggle(enabled: boolean): void;
  onExport(): void;
  onImport(file: File): void;
  onDelete(id: string): void;
  /** Removes a corpus pack: every article that came with it. */
  onDeletePack(name: string): void;
  onClear(): void;
  /** An import is under way. */
  busy?: boolean;
  /** Where it stands, once the worker has said. */
  progress?: ImportProgress | null;
  /** The reader page's address for an archived article: each title links there. */
  readerUrl?: (id: string) => string;
}

export function ArchivePanel({
  enabled,
  items,
  message,
  onToggle,
  onExport,
  onImport,
  onDelete,
  onDeletePack,
  onClear,
  readerUrl,
  busy = false,
  progress = null,
}: ArchivePanelProps) {
  const [filter, setFilter] = useState('');
  const busyText = progress ? progressText(progress) : t('archiveImporting');
  const f = filter.trim().toLowerCase();
  const shown = (f ? items.filter((i) => i.title.toLowerCase().includes(f) || i.site.includes(f) || !!i.pack?.toLowerCase().includes(f)) : items).slice(0, 200);
  const packs = new Map<string, number>();
  for (const item of items) if (item.pack) packs.set(item.pack, (packs.get(item.pack) ?? 0) + 1);
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
            disabled={busy}
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
      {busy ? (
        <p role="status" data-testid="archive-busy">
          {/* A bar with a count where the stage has one; saving (one transaction) has none. */}
          {progress && progress.total > 0 && progress.stage !== 'saving' ? (
            <progress aria-label={busyText} value={progress.done} max={progress.total} />
          ) : (
            <progress aria-label={busyText} />
          )}{' '}
          {busyText}
        </p>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : ''} data-testid="archive-message">
          {message.text}
        </p>
      ) : null}
      {packs.size ? (
        <>
          <h3>{t('packsHeading')}</h3>
          <ul data-testid="pack-list">
            {[...packs].map(([name, n]) => (
              <li class="site-row" data-pack={name}>
                <span>
                  {name} <span class="hint">· {tn('packItems', n)}</span>
                </span>
                <button type="button" aria-label={t('removePackNamed', name)} onClick={() => onDeletePack(name)} data-testid="pack-remove">
                  {t('removePack')}
                </button>
              </li>
            ))}
          </ul>
        </>
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
                · {item.site} · {formatDate(statedDate(item.published))} · {item.pack ? t('fromPack', item.pack) : t('archiveSaved', formatDate(savedDay(item.savedAt)))}
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
