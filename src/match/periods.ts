/**
 * The US administration an article belongs to: the president in office on its date, and the president
 * it is about (a president-elect's story belongs to the coming term). Two articles of the same
 * administration are the same period of the story; nearness in years orders them further.
 */
import type { NamedThing } from '../corpus';

export interface Term {
  /** The president's gazetteer id (../text/entities.ts). */
  president: string;
  name: string;
  /** The term as a reader names it: "Obama's second term". */
  label: string;
  /** Inauguration day (ISO); the term runs to the next one. */
  from: string;
}

/** Terms of office since 1993, by inauguration day (20 January of the year after each election). */
export const TERMS: readonly Term[] = [
  { president: 'clinton', name: 'Bill Clinton', label: 'Clinton’s presidency', from: '1993-01-20' },
  { president: 'bush', name: 'George W. Bush', label: 'Bush’s first term', from: '2001-01-20' },
  { president: 'bush', name: 'George W. Bush', label: 'Bush’s second term', from: '2005-01-20' },
  { president: 'obama', name: 'Barack Obama', label: 'Obama’s first term', from: '2009-01-20' },
  { president: 'obama', name: 'Barack Obama', label: 'Obama’s second term', from: '2013-01-20' },
  { president: 'trump', name: 'Donald Trump', label: 'Trump’s first term', from: '2017-01-20' },
  { president: 'biden', name: 'Joe Biden', label: 'Biden’s presidency', from: '2021-01-20' },
  { president: 'trump', name: 'Donald Trump', label: 'Trump’s second term', from: '2025-01-20' },
];

const PRESIDENTS = new Set(TERMS.map((t) => t.president));

/** The term in office on a date (ISO, any precision: a year or month counts from its first day). */
export function termAt(iso: string | undefined): Term | undefined {
  if (!iso || !/^\d{4}/.test(iso)) return undefined;
  let found: Term | undefined;
  for (const t of TERMS) if (t.from.slice(0, iso.length) <= iso) found = t;
  return found;
}

/**
 * The presidents an article belongs to: the one in office on its date, and the president it names most
 * (at least twice), which places a president-elect's or a former president's story in his period.
 */
export function presidentsOf(date: string | undefined, entities: readonly NamedThing[]): Set<string> {
  const out = new Set<string>();
  const term = termAt(date);
  if (term) out.add(term.president);
  const named = entities.filter((e) => PRESIDENTS.has(e.id) && e.count >= 2).sort((a, b) => b.count - a.count)[0];
  if (named) out.add(named.id);
  return out;
}

/** Years between two ISO dates of any precision (a year or month read as its middle), or undefined. */
export function yearsApart(a: string | undefined, b: string | undefined): number | undefined {
  const t = (iso: string | undefined) => {
    if (!iso || !/^\d{4}/.test(iso)) return undefined;
    const [y, m, d] = [Number(iso.slice(0, 4)), iso.length >= 7 ? Number(iso.slice(5, 7)) : 6.5, iso.length >= 10 ? Number(iso.slice(8, 10)) : 15];
    return y + (m - 1) / 12 + (d - 1) / 365;
  };
  const [x, y] = [t(a), t(b)];
  return x === undefined || y === undefined ? undefined : Math.abs(x - y);
}
