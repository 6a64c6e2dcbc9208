/**
 * The welcome page opens once, when Backstory is installed: not on an update of the extension, nor on
 * one of the browser's. The worker counts the times it opened it (for the browser test).
 */
import { settings } from '.';

export async function welcomeOnInstall(reason: string, open: () => Promise<unknown>): Promise<boolean> {
  if (reason !== 'install') return false;
  await open();
  await settings.welcomeOpened.setValue((await settings.welcomeOpened.getValue()) + 1);
  return true;
}
