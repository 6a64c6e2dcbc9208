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

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
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
    action: { default_title: 'Backstory' },
    options_ui: { page: 'options.html', open_in_tab: true },
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
