import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { seedIndexPlugin } from './src/corpus/prebuilt';

export const GECKO_ID = 'backstory@backstory.example';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), seedIndexPlugin(`${import.meta.dirname}/seeds`)] }),
  manifest: ({ browser }) => ({
    name: 'Backstory',
    description: 'The backstory of the Putin and US–Russia news you read: related past coverage, found locally. Nothing leaves your browser.',
    permissions: ['storage'],
    action: { default_title: 'Backstory' },
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
