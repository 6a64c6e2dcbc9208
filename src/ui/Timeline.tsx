/**
 * The related coverage and the article being read on one time axis, 2014 to today, as a small SVG (no
 * chart library: a scale and a few circles). Each point is a button: selecting it selects the article.
 */
import type { PublicationDate } from '../corpus';
import { formatDate } from './format';
import { t } from './i18n';

export interface TimelinePoint {
  id: string;
  title: string;
  date?: PublicationDate;
  current?: boolean;
}

const START = Date.UTC(2014, 0, 1);

/** Milliseconds for a date as precise as it is known: a month or a year sits at its middle. */
export function dateValue(date: PublicationDate): number | null {
  const [y, m, d] = date.iso.split('-').map(Number);
  if (!y) return null;
  if (date.precision === 'year' || !m) return Date.UTC(y, 6, 1);
  if (date.precision === 'month' || !d) return Date.UTC(y, m - 1, 15);
  return Date.UTC(y, m - 1, d);
}

/** x of a time on an axis of `width` from 2014 to `end`, clamped to the axis. */
export function timelineX(t: number, end: number, width: number, pad = 12): number {
  const f = Math.min(1, Math.max(0, (t - START) / Math.max(1, end - START)));
  return pad + f * (width - 2 * pad);
}

export function Timeline({ points, selected, onSelect, now = Date.now() }: { points: TimelinePoint[]; selected?: string; onSelect: (id: string) => void; now?: number }) {
  const width = 372;
  const height = 58;
  const axisY = 30;
  const placed = points.flatMap((p) => {
    const t = p.date ? dateValue(p.date) : null;
    return t === null ? [] : [{ ...p, x: timelineX(t, now, width) }];
  });
  const years: number[] = [];
  for (let y = 2014; y <= new Date(now).getUTCFullYear(); y += 2) years.push(y);
  return (
    <svg class="timeline" viewBox={`0 0 ${width} ${height}`} width="100%" role="group" aria-label={t('timelineLabel')} data-testid="timeline">
      <line x1={12} x2={width - 12} y1={axisY} y2={axisY} class="axis" />
      {years.map((y) => {
        const x = timelineX(Date.UTC(y, 0, 1), now, width);
        return (
          <g>
            <line x1={x} x2={x} y1={axisY - 3} y2={axisY + 3} class="axis" />
            <text x={x} y={height - 4} text-anchor="middle" class="year">
              {y}
            </text>
          </g>
        );
      })}
      {placed.map((p, k) => {
        const label = `${p.current ? t('thisArticle') : p.title}, ${formatDate(p.date)}`;
        const activate = () => !p.current && onSelect(p.id);
        return (
          <g
            role={p.current ? 'img' : 'button'}
            tabIndex={p.current ? undefined : 0}
            aria-label={label}
            aria-pressed={p.current ? undefined : selected === p.id}
            data-point={p.id}
            class={`point${p.current ? ' current' : ''}${selected === p.id ? ' selected' : ''}`}
            onClick={activate}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), activate())}
          >
            <title>{label}</title>
            <circle cx={p.x} cy={axisY - (k % 2 ? 9 : 0)} r={p.current ? 6 : 5} />
          </g>
        );
      })}
    </svg>
  );
}
