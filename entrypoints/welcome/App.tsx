import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { send } from '@/src/messaging/send';
import { applyTheme, settings } from '@/src/settings';
import { DEFAULT_NEWS_SITES, NEWS_SITES_BY_LANGUAGE } from '@/src/settings/sites';
import { EVERY_SITE } from '@/src/settings/user-sites';
import { cardShortcut } from '@/src/settings/shortcut';
import { t } from '@/src/ui/i18n';
import { WelcomeView, type WelcomeState } from '@/src/ui/WelcomeView';

async function load(): Promise<WelcomeState> {
  return {
    seeds: (await send({ type: 'corpus/seeds' })) ?? [],
    sites: DEFAULT_NEWS_SITES.length,
    languages: Object.keys(NEWS_SITES_BY_LANGUAGE).length,
    everySite: (await settings.everySite.getValue()) && (await browser.permissions.contains({ origins: EVERY_SITE })),
    archive: await settings.archive.getValue(),
    shortcut: await cardShortcut(),
  };
}

export function App() {
  const [state, setState] = useState<WelcomeState | null>(null);
  useEffect(() => {
    void settings.theme.getValue().then((theme) => applyTheme(document, theme));
    document.title = t('welcomeHeading');
    const refresh = () => void load().then(setState);
    refresh();
    const unwatch = [settings.everySite.watch(refresh), settings.archive.watch(refresh)];
    return () => unwatch.forEach((u) => u());
  }, []);
  if (!state)
    return (
      <main>
        <p role="status">{t('loading')}</p>
      </main>
    );
  return (
    <WelcomeView
      state={state}
      actions={{
        setEverySite: async (on) => {
          if (!on) {
            await settings.everySite.setValue(false);
            await browser.permissions.remove({ origins: EVERY_SITE }).catch(() => false);
            return null;
          }
          // Asked from the click itself: the browser shows its own prompt, and the reader may say no.
          const granted = await browser.permissions.request({ origins: EVERY_SITE }).catch(() => false);
          if (!granted) return t('permissionDenied', '*');
          await settings.everySite.setValue(true);
          return null;
        },
        setArchive: (on) => void settings.archive.setValue(on),
        openOptions: () => void browser.runtime.openOptionsPage(),
      }}
    />
  );
}
