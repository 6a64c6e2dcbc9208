/**
 * The options page: where Backstory runs (the default news sites, each can be turned off; sites the
 * reader adds, each asked for with its own permission), how sensitive detection is, marks and card on
 * or off, and the theme. Pure view: the page wires it to storage and permissions.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Sensitivity, Theme } from '../settings';
import { t } from './i18n';

export interface OptionsState {
  defaultSites: readonly string[];
  disabledSites: readonly string[];
  extraSites: readonly string[];
  sensitivity: Sensitivity;
  marks: boolean;
  card: boolean;
  theme: Theme;
  paused: boolean;
}

export interface OptionsActions {
  setSiteEnabled(site: string, enabled: boolean): void;
  /** Resolves to an error message for the reader, or null when the site was added. */
  addSite(input: string): Promise<string | null>;
  removeSite(site: string): void;
  set<K extends 'sensitivity' | 'marks' | 'card' | 'theme' | 'paused'>(key: K, value: OptionsState[K]): void;
}

export function OptionsView({ state, actions, children }: { state: OptionsState; actions: OptionsActions; children?: ComponentChildren }) {
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [siteFilter, setSiteFilter] = useState('');
  const wanted = siteFilter.trim().toLowerCase();
  const sites = wanted ? state.defaultSites.filter((s) => s.includes(wanted)) : state.defaultSites;
  const sensitivities: [Sensitivity, string][] = [
    ['low', t('sensitivityLow')],
    ['normal', t('sensitivityNormal')],
    ['high', t('sensitivityHigh')],
  ];
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <p class="hint">{t('optionsIntro')}</p>
      <label class="pause">
        <input type="checkbox" checked={state.paused} onChange={(e) => actions.set('paused', (e.target as HTMLInputElement).checked)} data-testid="opt-pause" />
        {t('optionPause')}
      </label>

      <fieldset>
        <legend>{t('optionsShows')}</legend>
        <label>
          <input type="checkbox" checked={state.marks} onChange={(e) => actions.set('marks', (e.target as HTMLInputElement).checked)} data-testid="opt-marks" />
          {t('optionMarks')}
        </label>
        <label>
          <input type="checkbox" checked={state.card} onChange={(e) => actions.set('card', (e.target as HTMLInputElement).checked)} data-testid="opt-card" />
          {t('optionCard')}
        </label>
        <label>
          {t('optionTheme')}
          <select value={state.theme} onChange={(e) => actions.set('theme', (e.target as HTMLSelectElement).value as Theme)} data-testid="opt-theme">
            <option value="auto">{t('themeAuto')}</option>
            <option value="light">{t('themeLight')}</option>
            <option value="dark">{t('themeDark')}</option>
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('sensitivity')}</legend>
        {sensitivities.map(([value, label]) => (
          <label>
            <input type="radio" name="sensitivity" value={value} checked={state.sensitivity === value} onChange={() => actions.set('sensitivity', value)} />
            {label}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('whereRuns')}</legend>
        <p class="hint">{t('whereRunsHint')}</p>
        <p data-testid="sites-count">{t('sitesCount', state.defaultSites.length)}</p>
        <input
          type="search"
          aria-label={t('sitesFilter')}
          placeholder={t('sitesFilter')}
          value={siteFilter}
          onInput={(e) => setSiteFilter((e.target as HTMLInputElement).value)}
          data-testid="sites-filter"
        />
        {sites.length === 0 ? <p class="hint">{t('sitesNoMatch', siteFilter)}</p> : null}
        <div class="sites" role="group" aria-label={t('defaultSites')} data-testid="default-sites">
          {sites.map((site) => (
            <label>
              <input type="checkbox" checked={!state.disabledSites.includes(site)} onChange={(e) => actions.setSiteEnabled(site, (e.target as HTMLInputElement).checked)} />
              {site}
            </label>
          ))}
        </div>
        <h2>{t('sitesAdded')}</h2>
        {state.extraSites.length === 0 ? <p class="hint">{t('noneYet')}</p> : null}
        <ul data-testid="extra-sites">
          {state.extraSites.map((site) => (
            <li class="site-row">
              {site}
              <button type="button" onClick={() => actions.removeSite(site)} aria-label={t('removeSite', site)}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
        <form
          class="add"
          onSubmit={(e) => {
            e.preventDefault();
            // The permission prompt must come from this click: no await before addSite.
            void actions.addSite(input).then((error) => {
              setMessage(error);
              if (!error) setInput('');
            });
          }}
        >
          <input
            aria-label={t('addSiteLabel')}
            placeholder="example.com"
            value={input}
            onInput={(e) => setInput((e.target as HTMLInputElement).value)}
            data-testid="add-site-input"
          />
          <button type="submit">{t('addSite')}</button>
        </form>
        {message ? <p role="alert">{message}</p> : null}
        <p class="hint">{t('addSiteHint')}</p>
      </fieldset>
      {children}
    </main>
  );
}
