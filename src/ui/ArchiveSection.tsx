/**
 * The options page's archive section, wired to the worker (the archive database's one owner): it lists,
 * imports, exports and deletes through messages, and lists again when the worker says the archive
 * changed (a setting it moves, read through storage's change events).
 */
import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import type { ArchiveListItem, ImportProgress } from '../messaging';
import { send } from '../messaging/send';
import { settings } from '../settings';
import { ArchivePanel } from './ArchivePanel';
import { t, tn } from './i18n';

/** How often the options page asks the worker how far an import is. */
const PROGRESS_POLL_MS = 250;

export function ArchiveSection() {
  const [items, setItems] = useState<ArchiveListItem[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  // While an import runs, the worker is asked where it stands a few times a second.
  useEffect(() => {
    if (!busy) return setProgress(null);
    const timer = setInterval(
      () =>
        void send({ type: 'archive/import-status' }).then(
          (p) => setProgress(p ?? null),
          () => undefined,
        ),
      PROGRESS_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [busy]);
  const list = async () => setItems((await send({ type: 'archive/list' }))?.items ?? []);
  useEffect(() => {
    void list();
    void settings.archive.getValue().then(setEnabled);
    const unwatch = [settings.archive.watch((v) => setEnabled(v)), settings.archiveRevision.watch(() => void list())];
    return () => unwatch.forEach((u) => u());
  }, []);
  const outcome = <T extends object>(reply: ({ ok: true } & T) | { ok: false; error: string } | undefined, done?: (r: T) => string): void => {
    if (!reply) setMessage({ text: t('archiveNoAnswer'), error: true });
    else if (!reply.ok) setMessage({ text: reply.error, error: true });
    else if (done) setMessage({ text: done(reply), error: false });
  };
  return (
    <ArchivePanel
      readerUrl={(id) => browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}`)}
      enabled={enabled}
      items={items}
      message={message}
      busy={busy}
      progress={progress}
      onToggle={(v) => void settings.archive.setValue(v)}
      onExport={() =>
        void send({ type: 'archive/export' }).then((reply) => {
          if (reply?.ok) download(reply.file);
          else outcome(reply);
        })
      }
      onImport={(file) => {
        setBusy(true);
        setMessage(null);
        void file
          .text()
          .then((text) => send({ type: 'archive/import', file: text }))
          .then(
            (reply) =>
              outcome(reply, (counts) =>
                [t('archiveImported', counts.saved, counts.updated, counts.merged), counts.seedCopies ? t('archiveImportSeedCopies', counts.seedCopies) : '']
                  .filter(Boolean)
                  .join(' '),
              ),
            (error: unknown) => setMessage({ text: error instanceof Error ? error.message : String(error), error: true }),
          )
          .finally(() => setBusy(false));
      }}
      onDelete={(id) => void send({ type: 'archive/delete', id }).then((reply) => outcome(reply))}
      onDeletePack={(name) => void send({ type: 'archive/delete-pack', name }).then((reply) => outcome(reply, (r) => t('packRemoved', name, tn('packItems', r.removed))))}
      onClear={() => {
        if (confirm(t('archiveClearConfirm', items.length))) void send({ type: 'archive/clear' }).then((reply) => outcome(reply));
      }}
    />
  );
}

/** Hands the reader the export file as a download (made here: the worker has no page to download from). */
function download(file: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([file], { type: 'application/json' }));
  a.download = `backstory-archive-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
