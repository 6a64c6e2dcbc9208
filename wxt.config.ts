import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { seedIndexPlugin } from './src/corpus/prebuilt';

export const GECKO_ID = 'backstory@backstory.example';

/**
 * Our pages and the worker load only our own files and connect nowhere (`connect-src 'none'`): the
 * browser itself enforces "no network request" for them. No eval, no remote code, no plugins.
 */
export const EXTENSION_CSP =
  "default-src 'self'; script-src 'self'; object-src 'none'; connect-src 'none'; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'";

/** The toolbar icon's sizes, from the PNGs auto-icons makes of src/assets/icon.svg. */
const TOOLBAR_ICON = { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png' };

// See https://wxt.dev/api/config.html
export default defineConfig({
  // auto-icons: the PNG sizes the stores and toolbars ask for, made at build from the one SVG source.
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: { baseIconPath: 'src/assets/icon.svg', sizes: [128, 96, 48, 32, 16], developmentIndicator: false },
  // Copied into the build as is: _locales/<lang>/messages.json (browser.i18n).
  publicDir: 'src/locales',
  vite: () => ({ plugins: [preact(), seedIndexPlugin(`${import.meta.dirname}/seeds`)] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings and per-tab results. activeTab + scripting: "Analyze this page" on a site that is not
    // on the list, for that tab only, when the reader asks. Sites the reader adds are asked for one by one
    // (optional host permissions), never all at install.
    permissions: manifestVersion === 3 ? ['storage', 'activeTab', 'scripting'] : ['storage', 'activeTab'],
    ...(manifestVersion === 3 ? { optional_host_permissions: ['*://*/*'] } : { optional_permissions: ['*://*/*'] }),
    // The toolbar icon (MV2's browser_action is written out: WXT's conversion from `action` drops the icon).
    ...(manifestVersion === 3
      ? { action: { default_title: 'Backstory', default_icon: TOOLBAR_ICON } }
      : { browser_action: { default_title: 'Backstory', default_icon: TOOLBAR_ICON } }),
    options_ui: { page: 'options.html', open_in_tab: true },
    // Alt+Shift+B moves focus to the in-page card (the reader may change it in the browser's shortcut settings).
    commands: { 'focus-card': { suggested_key: { default: 'Alt+Shift+B' }, description: '__MSG_commandFocusCard__' } },
    // MV2 takes the policy as a string, which WXT's manifest type (MV3's object) does not allow for.
    content_security_policy: manifestVersion === 3 ? { extension_pages: EXTENSION_CSP } : (EXTENSION_CSP as never),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
