/**
 * The reader's settings, typed, with defaults, in extension storage (shared by the content script, the
 * worker and our pages; changes reach open tabs through storage's change events).
 */
import { storage } from 'wxt/utils/storage';

export const settings = {
  /** Sites (host names) where the reader turned Backstory off. */
  disabledSites: storage.defineItem<string[]>('local:disabledSites', { fallback: [] }),
  /** Marks on names and quotes in the article. */
  marks: storage.defineItem<boolean>('local:marks', { fallback: true }),
  /** The in-page card. */
  card: storage.defineItem<boolean>('local:card', { fallback: true }),
};

/** The host a site switch applies to: www. is the same site. */
export const siteOf = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};

export async function isSiteDisabled(url: string): Promise<boolean> {
  return (await settings.disabledSites.getValue()).includes(siteOf(url));
}

export async function setSiteDisabled(url: string, disabled: boolean): Promise<void> {
  const site = siteOf(url);
  if (!site) return;
  const list = (await settings.disabledSites.getValue()).filter((s) => s !== site);
  await settings.disabledSites.setValue(disabled ? [...list, site].slice(-500) : list);
}
