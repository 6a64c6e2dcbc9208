import type { TopicVerdict, VerdictWhy } from '../detect';
import { READ_BUDGET } from '../extract/budget';
import type { PublicationDate } from '../corpus';
import type { RelationReason } from '../match';
import { relativeTo } from '../text/dates';
import { t, tn, uiLanguage, type MessageKey } from './i18n';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "4 Jul 2014", "Dec 2024" or "2019", as precise as the date is known. */
export function formatDate(date?: PublicationDate): string {
  if (!date) return t('dateUnknown');
  const [y, m, d] = date.iso.split('-').map(Number);
  if (date.precision === 'year' || !m) return String(y);
  if (date.precision === 'month' || !d) return `${MONTHS[m - 1]} ${y}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A quote as a chip shows it: its first words, in quotation marks. */
const quoted = (text: string) => {
  const words = text.replace(/^["“”«»„']+|["“”«»„']+$/g, '').split(/\s+/);
  return `“${words.slice(0, 8).join(' ')}${words.length > 8 ? '…' : ''}”`;
};

/**
 * The label a reader sees for each reason an article is related, in the UI's language: "Shared quote:
 * “…”", "Same occasion: the July 4 message", "Same issue: sanctions", "Also about: Rex Tillerson",
 * "Same period: Trump’s first term". Shared words show only when nothing else does.
 */
export function reasonLabel(r: RelationReason): string | undefined {
  switch (r.kind) {
    case 'quote':
      return t('reasonQuote', quoted(r.match.passage));
    case 'occasion':
      return t('reasonOccasion', r.name);
    case 'issue':
      return t('reasonIssue', r.names.slice(0, 2).join(', '));
    case 'entities':
      return r.names.length ? t('reasonAlsoAbout', r.names.slice(0, 3).join(', ')) : undefined;
    case 'period':
      return r.term ? t('reasonPeriod', r.term) : t('reasonPresident', r.president);
    case 'topic':
      return r.terms.length ? t('reasonTopic', r.terms.slice(0, 3).join(', ')) : undefined;
  }
}

/** The chips of an item: every reason's label, the shared words only when nothing else is said. */
export function reasonLabels(reasons: readonly RelationReason[]): string[] {
  const out = reasons.filter((r) => r.kind !== 'topic').flatMap((r) => reasonLabel(r) ?? []);
  const topic = reasons.find((r) => r.kind === 'topic');
  if (out.length === 0 && topic) out.push(...[reasonLabel(topic) ?? []].flat());
  return [...new Set(out)];
}

/** A country's name in the UI's language (the browser's own names, Intl.DisplayNames), if it has one. */
function regionName(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames([uiLanguage()], { type: 'region' }).of(code);
  } catch {
    return undefined; // no such region, or no Intl.DisplayNames: the English name carried with the verdict
  }
}

const WHY_KEY = {
  about: 'verdictAbout',
  neither: 'verdictNeither',
  notStated: 'verdictNotStated',
  noUs: 'verdictNoUs',
  ruPassing: 'verdictRuPassing',
  usPassing: 'verdictUsPassing',
  apart: 'verdictApart',
  tooLittle: 'verdictTooLittle',
  thirdCountry: 'verdictThirdCountry',
  notArticle: 'verdictNotArticle',
  noHeadline: 'verdictNoHeadline',
} as const satisfies Record<VerdictWhy['kind'], MessageKey>;

/** The verdict's sentence in the UI's language (its English reason where it carries no case). */
export function verdictText(verdict: Pick<TopicVerdict, 'reason' | 'why' | 'partlyRead'>): string {
  const why = verdict.why;
  if (!why) return verdict.reason;
  // The names a case's sentence gives, in its placeholders' order.
  const args =
    why.kind === 'about'
      ? [why.ru ?? '', why.us ?? '']
      : why.kind === 'notArticle'
        ? [why.kindOfPage ?? '']
        : why.kind === 'thirdCountry'
          ? [regionName(why.countryCode) ?? why.country ?? '']
          : [];
  const text = t(WHY_KEY[why.kind], ...args);
  return verdict.partlyRead ? `${text} ${t('verdictPartlyRead', READ_BUDGET.body / 1000)}` : text;
}

/** A date a page states ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), as precise as it is; none stays none, never today. */
export function statedDate(iso: string | undefined): PublicationDate | undefined {
  if (!iso || !/^\d{4}(-\d{2}){0,2}$/.test(iso)) return undefined;
  return { iso, precision: iso.length >= 10 ? 'day' : iso.length >= 7 ? 'month' : 'year', evidence: [], reasoning: 'the page' };
}

/** Milliseconds for a date as precise as it is known: a month or a year sits at its middle. */
export function dateValue(date: Pick<PublicationDate, 'iso' | 'precision'>): number | null {
  const [y, m, d] = date.iso.split('-').map(Number);
  if (!y) return null;
  if (date.precision === 'year' || !m) return Date.UTC(y, 6, 1);
  if (date.precision === 'month' || !d) return Date.UTC(y, m - 1, 15);
  return Date.UTC(y, m - 1, d);
}

/** Whole calendar months from `a` to `b` (a ≤ b), from "YYYY-MM-DD" parts; a missing day or month counts as the first. */
function monthsBetween(a: string, b: string): number {
  const [ya, ma = 1, da = 1] = a.split('-').map(Number) as [number, number?, number?];
  const [yb, mb = 1, db = 1] = b.split('-').map(Number) as [number, number?, number?];
  return (yb - ya) * 12 + (mb - ma) - (db < da ? 1 : 0);
}

/**
 * When an article appeared, said from the page being read: "3 years earlier", "2 months later",
 * "earlier than this page", "same time as this page"; undefined when either date is unknown. Only as
 * precise as both dates are (a year-only date says whole years, or the same time).
 */
export function relativeWhen(date: PublicationDate | undefined, pageIso: string | undefined): string | undefined {
  const when = relativeTo(pageIso, date?.iso);
  if (!when || !date || !pageIso) return undefined;
  if (when === 'same time') return t('whenSame');
  const [from, to] = when === 'earlier' ? [date.iso, pageIso] : [pageIso, date.iso];
  const coarse = date.precision === 'year' || pageIso.length < 7 || date.iso.length < 7;
  // A year-only date is compared by years alone.
  const months = coarse ? (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 : monthsBetween(from, to);
  const years = Math.floor(months / 12);
  if (years >= 1) return tn(when === 'earlier' ? 'yearsEarlier' : 'yearsLater', years);
  if (months >= 1) return tn(when === 'earlier' ? 'monthsEarlier' : 'monthsLater', months);
  return t(when === 'earlier' ? 'whenEarlier' : 'whenLater');
}
