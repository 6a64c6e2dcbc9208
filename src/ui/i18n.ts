/**
 * Every UI string goes through `browser.i18n` (the browser picks the reader's language from
 * `_locales/`); the English file is also bundled as the fallback where the API is absent (unit tests)
 * and as the source of the key names, so a missing key is a type error.
 */
import en from '../locales/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const args = subs.map(String);
  try {
    const text = (globalThis as { browser?: { i18n?: { getMessage(k: string, s?: string[]): string } } }).browser?.i18n?.getMessage(key, args);
    if (text) return text;
  } catch {
    // No i18n API here: use the bundled English.
  }
  return en[key].message.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
}

/** The UI's language (the browser's), "en" where the API is absent. */
export function uiLanguage(): string {
  try {
    return (globalThis as { browser?: { i18n?: { getUILanguage?(): string } } }).browser?.i18n?.getUILanguage?.() || 'en';
  } catch {
    return 'en';
  }
}
