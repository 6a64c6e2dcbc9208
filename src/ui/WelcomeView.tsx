/**
 * The welcome page, opened once when Backstory is installed: what it does, what it knows (the corpus
 * it ships with), the privacy promise, where it runs (the news sites, or every site by the reader's
 * choice, with what that means), the archive (on or off, chosen here) and the keyboard shortcut.
 */
import type { ArticleHead } from '../match/articles';
import { formatDate } from './format';
import { t, tn } from './i18n';

export interface WelcomeState {
  seeds: ArticleHead[];
  /** How many news sites it runs on by default, in how many languages. */
  sites: number;
  languages: number;
  everySite: boolean;
  archive: boolean;
  /** The shortcut the browser gives the card's command ("" when none is set). */
  shortcut: string;
}

export interface WelcomeActions {
  /** Asks for the permission to run on every site; resolves to an error to show, or null. */
  setEverySite(on: boolean): Promise<string | null>;
  setArchive(on: boolean): void;
  openOptions(): void;
}

export function WelcomeView({ state, actions }: { state: WelcomeState; actions: WelcomeActions }) {
  return (
    <main class="welcome">
      <h1>{t('welcomeHeading')}</h1>
      <p class="lead">{t('welcomeWhat')}</p>

      <section aria-labelledby="w-corpus">
        <h2 id="w-corpus">{t('welcomeCorpusHeading')}</h2>
        <p>{tn('welcomeCorpus', state.seeds.length)}</p>
        <ul class="corpus-list" data-testid="welcome-corpus">
          {state.seeds.map((s) => (
            <li>
              <span class="related-title">{s.title}</span>
              <span class="related-meta">
                {' · '}
                {[s.outlet ?? t('outletNotStated'), formatDate(s.date)].join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="w-privacy">
        <h2 id="w-privacy">{t('welcomePrivacyHeading')}</h2>
        <p data-testid="welcome-privacy">{t('welcomePrivacy')}</p>
      </section>

      <section aria-labelledby="w-where">
        <h2 id="w-where">{t('welcomeWhereHeading')}</h2>
        <p>{t('welcomeWhere', state.sites, state.languages)}</p>
        <label class="choice">
          <input
            type="checkbox"
            checked={state.everySite}
            data-testid="welcome-every-site"
            onChange={(e) => {
              const box = e.currentTarget;
              void actions.setEverySite(box.checked).then((error) => {
                if (error) box.checked = false;
              });
            }}
          />{' '}
          {t('welcomeEverySite')}
        </label>
        <p class="hint">{t('welcomeEverySiteMeans')}</p>
      </section>

      <section aria-labelledby="w-archive">
        <h2 id="w-archive">{t('welcomeArchiveHeading')}</h2>
        <p>{t('welcomeArchive')}</p>
        <fieldset class="choice">
          <legend class="visually-hidden">{t('welcomeArchiveHeading')}</legend>
          <label>
            <input type="radio" name="archive" checked={state.archive} data-testid="welcome-archive-on" onChange={() => actions.setArchive(true)} /> {t('welcomeArchiveOn')}
          </label>
          <label>
            <input type="radio" name="archive" checked={!state.archive} data-testid="welcome-archive-off" onChange={() => actions.setArchive(false)} /> {t('welcomeArchiveOff')}
          </label>
        </fieldset>
      </section>

      <section aria-labelledby="w-keys">
        <h2 id="w-keys">{t('welcomeShortcutHeading')}</h2>
        <p data-testid="welcome-shortcut">{state.shortcut ? t('welcomeShortcut', state.shortcut) : t('welcomeNoShortcut')}</p>
      </section>

      <p>
        <button type="button" class="link" onClick={actions.openOptions}>
          {t('welcomeOptions')}
        </button>
      </p>
    </main>
  );
}
