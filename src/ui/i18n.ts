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
  return ((en as Record<string, { message: string } | undefined>)[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
}

/** One set of plural rules per language: making them loads the language's data, which a card's render should pay once. */
const rules = new Map<string, Intl.PluralRules>();
function pluralRules(lang: string): Intl.PluralRules {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r;
}

/** Message families with plural forms: `<base>_one`, `<base>_other`, and in some languages `_few`, `_many`… */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

/**
 * A message for a count, in the plural form the UI's language wants for it (`Intl.PluralRules`: English
 * has two forms, Russian three and a fourth for fractions): "1 result", "2 results"; "21 результат",
 * "22 результата", "25 результатов". `browser.i18n` has no plurals; each form is its own message.
 */
export function tn(base: PluralKey, count: number, ...subs: (string | number)[]): string {
  // The placeholders: the count alone, unless the caller gives them all.
  const args = subs.length ? subs : [count];
  let form = 'other';
  try {
    form = pluralRules(uiLanguage()).select(count);
  } catch {
    // An unknown language tag: the general form.
  }
  // A form this language's file lacks (English has only "one" and "other"): the general form.
  return t(`${base}_${form}` as MessageKey, ...args) || t(`${base}_other` as MessageKey, ...args);
}

/** The UI's language (the browser's), "en" where the API is absent. */
export function uiLanguage(): string {
  try {
    return (globalThis as { browser?: { i18n?: { getUILanguage?(): string } } }).browser?.i18n?.getUILanguage?.() || 'en';
  } catch {
    return 'en';
  }
}
