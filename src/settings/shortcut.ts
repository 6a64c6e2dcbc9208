/**
 * The keyboard command that focuses the in-page card (manifest `commands`), and the keys the browser
 * gave it ("" where none is set, or where the API is missing): the worker tells the card, the welcome
 * page shows them.
 */
import { browser } from 'wxt/browser';

export const FOCUS_CARD = 'focus-card';

export async function cardShortcut(): Promise<string> {
  const commands = await browser.commands?.getAll().catch(() => []);
  return commands?.find((c) => c.name === FOCUS_CARD)?.shortcut ?? '';
}
