/**
 * Sites the reader added in the options: the first look is registered for those whose optional host
 * permission the reader granted, and for no other (none when there are none).
 */
import { browser } from 'wxt/browser';
import { settings } from '.';
import { matchPatterns } from './sites';

const SCRIPT_ID = 'backstory-user-sites';
const FIRST_LOOK = 'content-scripts/content.js';

/** Firefox MV2's `contentScripts.register` (not in the shared typings); its registrations end with the background page. */
interface FirefoxContentScripts {
  register(options: { matches: string[]; js: { file: string }[]; runAt: string }): Promise<{ unregister(): Promise<void> }>;
}
let firefoxRegistration: { unregister(): Promise<void> } | undefined;

/** Every site: the one pattern the optional host permission names. */
export const EVERY_SITE = ['*://*/*'];

/** (Re-)registers the first look for the added sites the reader granted (or every site, when chosen and granted). */
export async function registerUserSites(): Promise<void> {
  const granted: string[] = [];
  for (const site of await settings.extraSites.getValue()) if (await browser.permissions.contains({ origins: matchPatterns([site]) })) granted.push(site);
  const everywhere = (await settings.everySite.getValue()) && (await browser.permissions.contains({ origins: EVERY_SITE }));
  const patterns = everywhere ? EVERY_SITE : matchPatterns(granted);
  if (browser.scripting?.registerContentScripts) {
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (patterns.length) await browser.scripting.registerContentScripts([{ id: SCRIPT_ID, matches: patterns, js: [FIRST_LOOK], runAt: 'document_idle' }]);
    return;
  }
  const contentScripts = (browser as { contentScripts?: FirefoxContentScripts }).contentScripts;
  await firefoxRegistration?.unregister();
  firefoxRegistration =
    contentScripts && patterns.length ? await contentScripts.register({ matches: patterns, js: [{ file: `/${FIRST_LOOK}` }], runAt: 'document_idle' }) : undefined;
}

/** Keeps the registration in step with the added sites and the permissions granted or taken back. */
export function followUserSites(report: (what: string, error: unknown) => void): void {
  const sync = () => void registerUserSites().catch((error: unknown) => report('registering added sites', error));
  sync();
  settings.extraSites.watch(sync);
  settings.everySite.watch(sync);
  browser.permissions.onRemoved?.addListener(sync);
}
