import { useState } from 'preact/hooks';
import type { SearchHit } from '../match';
import type { TabState } from '../messaging';
import { isoDate } from '../text/dates';
import { RelatedItem } from './RelatedItem';
import { Search } from './Search';
import { Timeline, type TimelinePoint } from './Timeline';
import { t } from './i18n';
import { statedDate, verdictText } from './format';
import { siteOf } from '../text/urls';

export interface PopupViewProps {
  loading: boolean;
  tab?: TabState | null;
  error?: string;
  search: (query: string) => Promise<SearchHit[]>;
  /** Runs Backstory once on this tab (a site not on the list); absent when that is not possible. */
  onAnalyze?: () => Promise<void>;
  /** The reader page's address for a corpus article: each related item links to it. */
  readerUrl?: (id: string) => string;
  /** Turns Backstory on again on a site the reader turned it off on (the page then reads itself anew). */
  onTurnOn?: (url: string) => Promise<void>;
  /** Ends the global pause. */
  onResume?: () => Promise<void>;
}

/** The popup's content for one tab: the verdict with its evidence and the related coverage. */
export function PopupView({ loading, tab, error, search, onAnalyze, readerUrl, onTurnOn, onResume }: PopupViewProps) {
  return (
    <main>
      <h1>Backstory</h1>
      {loading ? <p role="status">{t('loading')}</p> : null}
      {error ? <p role="alert">{t('popupError', error)}</p> : null}
      {!loading && !error && !tab ? (
        <>
          <p data-testid="no-result">{t('popupNoResult')}</p>
          {onAnalyze ? <ActionButton run={onAnalyze} label={t('analyzeThisPage')} busyLabel={t('analysing')} testId="analyze" failed={(e) => t('analyzeFailed', e)} /> : null}
        </>
      ) : null}
      {tab?.off ? <SiteOff url={tab.url} paused={!!tab.paused} onTurnOn={tab.paused ? onResume && (() => onResume()) : onTurnOn} /> : null}
      <Search search={search} readerUrl={readerUrl} />
      {tab && !tab.off ? <TabResult tab={tab} readerUrl={readerUrl} /> : null}
    </main>
  );
}

/**
 * A button that runs an action once at a time: disabled while it runs, with the action's error beside
 * it (`failed` words it). The popup's "Analyze this page" and "Turn on again".
 */
function ActionButton({
  run,
  label,
  busyLabel = label,
  testId,
  failed = (e) => e,
}: {
  run: () => Promise<void>;
  label: string;
  busyLabel?: string;
  testId: string;
  failed?: (error: string) => string;
}) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  return (
    <p>
      <button
        type="button"
        disabled={state.busy}
        data-testid={testId}
        onClick={() => {
          setState({ busy: true });
          run().then(
            () => setState({ busy: false }),
            (e: unknown) => setState({ busy: false, error: e instanceof Error ? e.message : String(e) }),
          );
        }}
      >
        {state.busy ? busyLabel : label}
      </button>
      {state.error ? <span role="alert"> {failed(state.error)}</span> : null}
    </p>
  );
}

/** The tab's site is turned off (or Backstory paused): says so, with the way back on. */
function SiteOff({ url, paused, onTurnOn }: { url: string; paused: boolean; onTurnOn?: (url: string) => Promise<void> }) {
  return (
    <div class="verdict" data-testid="site-off">
      <strong>{paused ? t('popupPaused') : t('popupOff', siteOf(url))}</strong>
      {onTurnOn ? <ActionButton run={() => onTurnOn(url)} label={paused ? t('resume') : t('turnOnSite')} testId="turn-on-site" /> : null}
    </div>
  );
}

function TabResult({ tab, readerUrl }: { tab: TabState; readerUrl?: (id: string) => string }) {
  const { verdict, related } = tab;
  const [selected, setSelected] = useState<string | undefined>();
  const select = (id: string) => {
    const entry = related.find((r) => r.id === id || r.sameStory.some((s) => s.id === id));
    if (!entry) return;
    setSelected(entry.id);
    document.getElementById(`related-${entry.id}`)?.scrollIntoView({ block: 'nearest' });
  };
  const points: TimelinePoint[] = [
    ...related.flatMap((r) => [{ id: r.id, title: r.title, date: r.date }, ...r.sameStory.map((s) => ({ id: s.id, title: s.title, date: s.date }))]),
    {
      id: 'current',
      title: tab.title,
      // A page that states no date has none here either: unknown stays unknown, never today.
      date: statedDate(isoDate(tab.published)),
      current: true,
    },
  ];
  const names = [...new Set(verdict.evidence.filter((e) => e.side !== 'link').map((e) => `${e.name} (${e.where})`))].slice(0, 6);
  return (
    <>
      <div class="verdict" data-testid="verdict" data-on-topic={String(verdict.onTopic)}>
        <strong>{verdict.onTopic ? t('onTopic') : t('offTopic')}</strong>
        <div>{verdictText(verdict)}</div>
        {names.length ? (
          // Folded, so the popup's first screen holds the search box, the verdict and the first related items.
          <details class="evidence" data-testid="evidence">
            <summary>{t('evidence')}</summary>
            {names.join(', ')}
          </details>
        ) : null}
      </div>
      {tab.corpusCopy ? (
        <p class="archived" data-testid="corpus-copy">
          {t(tab.corpusCopy.source === 'seed' ? 'corpusCopySeed' : 'corpusCopyArchive')}
        </p>
      ) : null}
      {tab.archived ? (
        <p class="archived" data-testid="archived">
          {t(tab.archived === 'saved' ? 'archivedSaved' : tab.archived === 'updated' ? 'archivedUpdated' : 'archivedMerged')}
        </p>
      ) : null}
      {tab.archiveError ? <p role="alert">{t('archiveFailed', tab.archiveError)}</p> : null}
      {verdict.onTopic ? (
        <>
          <h2>{t('relatedHeading', related.length)}</h2>
          {related.length ? (
            <>
              <ul data-testid="related-list">
                {related.map((item) => (
                  <RelatedItem item={item} selected={selected === item.id} readerUrl={readerUrl} pageDate={tab.published} />
                ))}
              </ul>
              {/* After the list: the items come first on the popup's first screen, the overview below them. */}
              <Timeline points={points} selected={selected} onSelect={select} readerUrl={readerUrl} />
            </>
          ) : (
            <p>{t('noneCloseEnough')}</p>
          )}
        </>
      ) : null}
    </>
  );
}
