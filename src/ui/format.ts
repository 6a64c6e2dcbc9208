import type { PublicationDate } from '../corpus';
import type { RelationReason } from '../match';
import { t } from './i18n';

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
