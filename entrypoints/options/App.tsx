import { useEffect, useState } from 'preact/hooks';
import { applyTheme, parseSite, setSiteDisabled, settings } from '@/src/settings';
import { DEFAULT_NEWS_SITES, matchPatterns } from '@/src/settings/sites';
import { OptionsView, type OptionsActions, type OptionsState } from '@/src/ui/OptionsView';
import { ArchiveError, ArchiveStore, exportFile, parseImport } from '@/src/archive';
import { ArchivePanel, type ArchiveItem } from '@/src/ui/ArchivePanel';

const archiveStore = ArchiveStore.open();
/** Tell the worker the archive changed here, so its index follows. */
const changed = () => browser.runtime.sendMessage({ type: 'archive/changed' }).catch(() => undefined);

function Archive() {
  const [items, setItems] = useState<ArchiveItem[]>([]);
  const [enabled, setEnabled] = useState(true);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = async () => {
    const all = await (await archiveStore).all();
    setItems(all.reverse().map((r) => ({ id: r.id, title: r.title, site: r.site, savedAt: r.savedAt })));
    setEnabled(await settings.archive.getValue());
  };
  useEffect(() => {
    void refresh();
    const unwatch = settings.archive.watch((v) => setEnabled(v));
    // Articles saved while the page is open (another tab) show up too.
    const timer = setInterval(() => void refresh(), 3000);
    return () => (unwatch(), clearInterval(timer));
  }, []);
  const fail = (e: unknown) => setMessage({ text: e instanceof ArchiveError ? e.message : String(e), error: true });
  return (
    <ArchivePanel
      enabled={enabled}
      items={items}
      message={message}
      onToggle={(v) => void settings.archive.setValue(v)}
      onExport={() =>
        void (async () => {
          const blob = new Blob([exportFile(await (await archiveStore).all())], { type: 'application/json' });
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = `backstory-archive-${new Date().toISOString().slice(0, 10)}.json`;
          a.click();
          setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        })().catch(fail)
      }
      onImport={(file) =>
        void (async () => {
          const records = parseImport(await file.text());
          const counts = await (await archiveStore).importAll(records);
          setMessage({ text: t('archiveImported', counts.saved, counts.updated, counts.merged), error: false });
          await changed();
          await refresh();
        })().catch(fail)
      }
      onDelete={(id) => void (async () => (await (await archiveStore).delete(id), await changed(), await refresh()))().catch(fail)}
      onClear={() =>
        void (async () => {
          if (!confirm(t('archiveClearConfirm', items.length))) return;
          await (await archiveStore).clear();
          await changed();
          await refresh();
        })().catch(fail)
      }
    />
  );
}
import { t } from '@/src/ui/i18n';

async function load(): Promise<OptionsState> {
  return {
    defaultSites: DEFAULT_NEWS_SITES,
    disabledSites: await settings.disabledSites.getValue(),
    extraSites: await settings.extraSites.getValue(),
    sensitivity: await settings.sensitivity.getValue(),
    marks: await settings.marks.getValue(),
    card: await settings.card.getValue(),
    theme: await settings.theme.getValue(),
  };
}

export function App() {
  const [state, setState] = useState<OptionsState | null>(null);
  useEffect(() => {
    const refresh = () => void load().then(setState);
    refresh();
    const unwatch = Object.values(settings).map((item) => item.watch(refresh));
    return () => unwatch.forEach((u) => u());
  }, []);
  useEffect(() => void (state && applyTheme(document, state.theme)), [state?.theme]);
  if (!state)
    return (
      <main>
        <p role="status">{t('loading')}</p>
      </main>
    );
  const actions: OptionsActions = {
    setSiteEnabled: (site, enabled) => void setSiteDisabled(`https://${site}/`, !enabled),
    addSite: async (input) => {
      const site = parseSite(input);
      if (!site) return t('notASite', input.slice(0, 80));
      if ((DEFAULT_NEWS_SITES as readonly string[]).includes(site)) return t('alreadyDefault', site);
      const granted = await browser.permissions.request({ origins: matchPatterns([site]) }).catch(() => false);
      if (!granted) return t('permissionDenied', site);
      const sites = await settings.extraSites.getValue();
      if (!sites.includes(site)) await settings.extraSites.setValue([...sites, site].slice(0, 200));
      return null;
    },
    removeSite: (site) =>
      void (async () => {
        await settings.extraSites.setValue((await settings.extraSites.getValue()).filter((s) => s !== site));
        await browser.permissions.remove({ origins: matchPatterns([site]) }).catch(() => false);
      })(),
    set: (key, value) => void (settings[key] as { setValue(v: unknown): Promise<void> }).setValue(value),
  };
  return (
    <OptionsView state={state} actions={actions}>
      <Archive />
    </OptionsView>
  );
}
