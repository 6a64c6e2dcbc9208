/**
 * The options page's archive section, wired to the worker (the archive database's one owner): it lists,
 * imports, exports and deletes through messages, and lists again when the worker says the archive
 * changed (a setting it moves, read through storage's change events).
 */
import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import type { ArchiveListItem, ImportProgress } from '../messaging';
import { send } from '../messaging/send';
import { ARCHIVE_LIMITS } from '../archive/records';
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
        void sendFile(file)
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

/** The bytes of a file read and sent to the worker in one message: a pack of 100 k articles takes about a hundred. */
const PART_BYTES = 4 * 1024 * 1024;

/**
 * Sends a file to the worker a part at a time, each answered before the next (the worker checks it as
 * it comes), then asks for the import; the file is never one string here. Cut at any byte: the
 * decoder carries a character split between two parts over to the next.
 */
async function sendFile(file: File) {
  if (file.size > ARCHIVE_LIMITS.packBytes) return { ok: false as const, error: t('archiveTooLarge', String(ARCHIVE_LIMITS.packBytes / 1024 / 1024)) };
  const upload = `u-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const decoder = new TextDecoder('utf-8');
  for (let at = 0, seq = 0; at < file.size || seq === 0; at += PART_BYTES, seq++) {
    const last = at + PART_BYTES >= file.size;
    const text = decoder.decode(await file.slice(at, at + PART_BYTES).arrayBuffer(), { stream: !last });
    const reply = await send({ type: 'archive/import-part', upload, seq, text });
    if (!reply?.ok) return reply;
  }
  return send({ type: 'archive/import', upload });
}

/** Hands the reader the export file as a download (made here: the worker has no page to download from). */
function download(file: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([file], { type: 'application/json' }));
  a.download = `backstory-archive-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
