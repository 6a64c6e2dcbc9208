/**
 * The third countries a text names: every country but Russia and the United States (the two sides,
 * which the gazetteer knows), by name in each language Backstory reads. Names come from
 * `i18n-iso-countries`, the well-kept list of every country's names in many languages (about 8 kB a
 * language, in the worker only), rather than a hand-typed list; a name's last letter may change with
 * its case or become an adjective ("Frankreichs", "Китая", "Chinese").
 */
import countries from 'i18n-iso-countries';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import it from 'i18n-iso-countries/langs/it.json';
import pl from 'i18n-iso-countries/langs/pl.json';
import pt from 'i18n-iso-countries/langs/pt.json';
import ru from 'i18n-iso-countries/langs/ru.json';
import uk from 'i18n-iso-countries/langs/uk.json';

const LOCALES = [en, ru, uk, de, fr, es, it, pt, pl];
/** The two sides: never a third country. */
const SIDES = new Set(['RU', 'US']);
/** Words are letters in any script; a name's words are matched lower-cased. */
const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? [];

interface NameIndex {
  /** A name's words joined by a space -> its country. */
  exact: Map<string, string>;
  /** A one-word name less its last letter (five letters or more) -> its country. */
  stems: Map<string, string>;
  longest: number;
}

let index: NameIndex | undefined;
function nameIndex(): NameIndex {
  if (index) return index;
  const exact = new Map<string, string>();
  const stems = new Map<string, string>();
  let longest = 1;
  for (const locale of LOCALES) {
    countries.registerLocale(locale);
    for (const [code, names] of Object.entries(countries.getNames(locale.locale, { select: 'all' }))) {
      if (SIDES.has(code)) continue;
      for (const name of names) {
        const words = wordsOf(name);
        if (!words.length || words.join('').length < 4) continue;
        exact.set(words.join(' '), code);
        longest = Math.max(longest, words.length);
        if (words.length === 1 && words[0]!.length >= 5) stems.set(words[0]!.slice(0, -1), code);
      }
    }
  }
  return (index = { exact, stems, longest: Math.min(longest, 4) });
}

/** The codes (ISO 3166 alpha-2) of the third countries the text names. */
export function countriesIn(text: string): Set<string> {
  const { exact, stems, longest } = nameIndex();
  const words = wordsOf(text);
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(longest, words.length - i); n >= 2; n--) {
      const code = exact.get(words.slice(i, i + n).join(' '));
      if (code) out.add(code);
    }
    // The word itself, else the word less one to four letters as a stem ("Chinas", "Китая", "Chinese").
    const word = words[i]!;
    let code = exact.get(word);
    for (let stem = word.length - 1; !code && stem >= Math.max(4, word.length - 4); stem--) code = stems.get(word.slice(0, stem));
    if (code) out.add(code);
  }
  return out;
}

/** A country's name in English, as a reader says it ("China", not "People's Republic of China"). */
export const countryName = (code: string): string => countries.getName(code, 'en', { select: 'alias' }) ?? code;
