import { useEffect, useState } from 'preact/hooks';
import { applyTheme, parseSite, setTurnedOff, settings } from '@/src/settings';
import { DEFAULT_NEWS_SITES, matchPatterns } from '@/src/settings/sites';
import { OptionsView, type OptionsActions, type OptionsState } from '@/src/ui/OptionsView';
import { ArchiveSection } from '@/src/ui/ArchiveSection';
import { t } from '@/src/ui/i18n';

async function load(): Promise<OptionsState> {
  return {
    defaultSites: DEFAULT_NEWS_SITES,
    disabledSites: await settings.turnedOffSites.getValue(),
    extraSites: await settings.extraSites.getValue(),
    sensitivity: await settings.sensitivity.getValue(),
    marks: await settings.marks.getValue(),
    card: await settings.card.getValue(),
    theme: await settings.theme.getValue(),
    paused: await settings.paused.getValue(),
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
    setSiteEnabled: (site, enabled) => void setTurnedOff(`https://${site}/`, !enabled),
    addSite: async (input) => {
      const site = parseSite(input);
      if (!site) return t('notASite', input.slice(0, 80));
      if ((DEFAULT_NEWS_SITES as readonly string[]).includes(site)) return t('alreadyDefault', site);
      // A request the browser refuses (no user gesture, a bad pattern) is a permission not granted.
      const granted = await browser.permissions.request({ origins: matchPatterns([site]) }).catch(() => false);
      if (!granted) return t('permissionDenied', site);
      const sites = await settings.extraSites.getValue();
      if (!sites.includes(site)) await settings.extraSites.setValue([...sites, site].slice(0, 200));
      return null;
    },
    removeSite: (site) =>
      void (async () => {
        await settings.extraSites.setValue((await settings.extraSites.getValue()).filter((s) => s !== site));
        await browser.permissions.remove({ origins: matchPatterns([site]) }).catch(() => false); // not granted: nothing to give back
      })(),
    set: (key, value) => void (settings[key] as { setValue(v: unknown): Promise<void> }).setValue(value),
  };
  return (
    <OptionsView state={state} actions={actions}>
      <ArchiveSection />
    </OptionsView>
  );
}
