/**
 * The reader's settings, typed, with defaults, in extension storage (shared by the content script, the
 * worker and our pages; changes reach open tabs through storage's change events).
 */
import { storage } from 'wxt/utils/storage';
import { siteOf } from '../text/urls';
import { PAUSED_KEY, TURNED_OFF_SITES_KEY } from './sites';

export { isTurnedOff, offReason, type OffReason } from './sites';
export { siteOf } from '../text/urls';

export type Sensitivity = 'low' | 'normal' | 'high';
export type Theme = 'auto' | 'light' | 'dark';

/** Detection thresholds: higher sensitivity flags more pages (and risks more false positives). */
export const THRESHOLDS: Record<Sensitivity, number> = { low: 0.6, normal: 0.5, high: 0.4 };

export const settings = {
  /** Sites (host names) where the reader turned Backstory off. */
  turnedOffSites: storage.defineItem<string[]>(`local:${TURNED_OFF_SITES_KEY}`, { fallback: [] }),
  /** Backstory paused everywhere (the options' global switch): nothing is read on any page. */
  paused: storage.defineItem<boolean>(`local:${PAUSED_KEY}`, { fallback: false }),
  /** Marks on names and quotes in the article. */
  marks: storage.defineItem<boolean>('local:marks', { fallback: true }),
  /** The in-page card. */
  card: storage.defineItem<boolean>('local:card', { fallback: true }),
  sensitivity: storage.defineItem<Sensitivity>('local:sensitivity', { fallback: 'normal' }),
  theme: storage.defineItem<Theme>('local:theme', { fallback: 'auto' }),
  /** Keep on-topic articles in the personal archive (in this browser). */
  archive: storage.defineItem<boolean>('local:archive', { fallback: true }),
  /** Sites whose articles are not kept in the archive. */
  archiveOffSites: storage.defineItem<string[]>('local:archiveOffSites', { fallback: [] }),
  /** Sites the reader added (host names), each granted by an optional host permission when added. */
  extraSites: storage.defineItem<string[]>('local:extraSites', { fallback: [] }),
  /** Run on every site (the optional host permission for all sites, granted by the reader), not only the news sites. */
  everySite: storage.defineItem<boolean>('local:everySite', { fallback: false }),
  /** Sites where the reader hid the in-page card: it starts collapsed there. */
  cardHiddenSites: storage.defineItem<string[]>('local:cardHiddenSites', { fallback: [] }),
  /** Not a setting: how many times the worker opened the welcome page (once, on install). */
  welcomeOpened: storage.defineItem<number>('local:welcomeOpened', { fallback: 0 }),
  /** Not a setting: moved by the worker after each change to the archive, so open options pages list it again. */
  archiveRevision: storage.defineItem<number>('local:archiveRevision', { fallback: 0 }),
};

/** A host name typed by a reader, cleaned: "https://www.Example.com/x" -> "example.com"; null if not a host. */
export function parseSite(input: string): string | null {
  const raw = input.trim().toLowerCase();
  if (!raw || raw.length > 253) return null;
  let host: string;
  try {
    host = new URL(raw.includes('://') ? raw : `https://${raw}`).hostname;
  } catch {
    return null; // not a host
  }
  host = host.replace(/^www\./, '');
  return /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host) ? host : null;
}

/** The theme as the page should show it: "auto" follows the system (or, in the page, the page). */
export function applyTheme(doc: Document, theme: Theme): void {
  if (theme === 'auto') doc.documentElement.removeAttribute('data-theme');
  else doc.documentElement.setAttribute('data-theme', theme);
}

/** Turns Backstory off (or on again) on the site of this address. Whether it is off: `isTurnedOff` (./sites.ts). */
/** Remembers, per site, that the reader hid the card there (it starts as a tab at the edge) or opened it again. */
export async function setCardHidden(url: string, hidden: boolean): Promise<void> {
  const site = siteOf(url);
  if (!site) return;
  const list = (await settings.cardHiddenSites.getValue()).filter((s) => s !== site);
  await settings.cardHiddenSites.setValue(hidden ? [...list, site].slice(-500) : list);
}

export async function setTurnedOff(url: string, off: boolean): Promise<void> {
  const site = siteOf(url);
  if (!site) return;
  const list = (await settings.turnedOffSites.getValue()).filter((s) => s !== site);
  await settings.turnedOffSites.setValue(off ? [...list, site].slice(-500) : list);
}
