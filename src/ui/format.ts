import type { TopicVerdict, VerdictWhy } from '../detect';
import { READ_BUDGET } from '../extract/budget';
import type { PublicationDate } from '../corpus';
import type { RelationReason } from '../match';
import { t, uiLanguage, type MessageKey } from './i18n';

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
