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

/** Short chip labels for the reasons an article is related. */
export function reasonLabels(reasons: readonly RelationReason[]): string[] {
  const out: string[] = [];
  for (const r of reasons) {
    if (r.kind === 'quote') out.push(t('reasonQuote'));
    else if (r.kind === 'occasion') out.push(t('reasonOccasion', r.name));
    else if (r.kind === 'entities') out.push(r.names.slice(0, 3).join(', '));
  }
  const topic = reasons.find((r) => r.kind === 'topic');
  if (out.length === 0 && topic?.kind === 'topic') out.push(t('reasonTopic', topic.terms.slice(0, 3).join(', ')));
  return [...new Set(out)];
}
