/**
 * The related coverage and the article being read on one time axis, from the earliest of them to the
 * latest (the page's own year included), as a small SVG (no chart library: a scale and a few circles).
 * Each related point is a link to the reader at that article; pointing at one or focusing it selects
 * the article in the list. The page itself is marked at its own date, or said to have none.
 */
import type { PublicationDate } from '../corpus';
import { dateValue, formatDate } from './format';
import { t } from './i18n';

export { dateValue };

export interface TimelinePoint {
  id: string;
  title: string;
  date?: PublicationDate;
  current?: boolean;
}

/** The axis: whole years from the earliest point's to the latest's, at least two years wide. */
export function timelineSpan(times: readonly number[], now: number): [start: number, end: number] {
  const years = times.map((x) => new Date(x).getUTCFullYear());
  const first = years.length ? Math.min(...years) : new Date(now).getUTCFullYear() - 1;
  const last = Math.max(first + 1, years.length ? Math.max(...years) : first + 1);
  return [Date.UTC(first, 0, 1), Date.UTC(last + 1, 0, 1)];
}

/** x of a time on an axis of `width` from `start` to `end`, clamped to the axis. */
export function timelineX(time: number, [start, end]: readonly [number, number], width: number, pad = 12): number {
  const f = Math.min(1, Math.max(0, (time - start) / Math.max(1, end - start)));
  return pad + f * (width - 2 * pad);
}

export interface TimelineProps {
  points: TimelinePoint[];
  selected?: string;
  onSelect: (id: string) => void;
  /** The reader's address for an article: each related point links there. */
  readerUrl?: (id: string) => string;
  now?: number;
}

export function Timeline({ points, selected, onSelect, readerUrl, now = Date.now() }: TimelineProps) {
  const width = 372;
  const height = 58;
  const axisY = 30;
  const timed = points.flatMap((p) => {
    const time = p.date ? dateValue(p.date) : null;
    return time === null ? [] : [{ ...p, time }];
  });
  const span = timelineSpan(
    timed.map((p) => p.time),
    now,
  );
  const placed = timed.map((p) => ({ ...p, x: timelineX(p.time, span, width) }));
  const [first, end] = [new Date(span[0]).getUTCFullYear(), new Date(span[1]).getUTCFullYear()];
  const step = Math.max(1, Math.ceil((end - first) / 6));
  const years: number[] = [];
  for (let y = first; y <= end; y += step) years.push(y);
  const undatedPage = points.some((p) => p.current && !p.date);
  return (
    <figure class="timeline-figure">
      <svg class="timeline" viewBox={`0 0 ${width} ${height}`} width="100%" role="group" aria-label={t('timelineLabel')} data-testid="timeline">
        <line x1={12} x2={width - 12} y1={axisY} y2={axisY} class="axis" />
        {years.map((y) => {
          const x = timelineX(Date.UTC(y, 0, 1), span, width);
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
          const circle = (
            <>
              <title>{label}</title>
              <circle cx={p.x} cy={axisY - (k % 2 ? 9 : 0)} r={p.current ? 6 : 5} />
            </>
          );
          const cls = `point${p.current ? ' current' : ''}${selected === p.id ? ' selected' : ''}`;
          if (p.current)
            return (
              <g role="img" aria-label={label} data-point={p.id} class={cls}>
                {circle}
              </g>
            );
          return readerUrl ? (
            <a
              href={readerUrl(p.id)}
              target="_blank"
              rel="noopener"
              aria-label={label}
              data-point={p.id}
              class={cls}
              onFocus={() => onSelect(p.id)}
              onMouseEnter={() => onSelect(p.id)}
            >
              {circle}
            </a>
          ) : (
            <g
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-pressed={selected === p.id}
              data-point={p.id}
              class={cls}
              onClick={() => onSelect(p.id)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(p.id))}
            >
              {circle}
            </g>
          );
        })}
      </svg>
      {undatedPage ? (
        <figcaption class="timeline-note" data-testid="page-date-unknown">
          {t('pageDateUnknown')}
        </figcaption>
      ) : null}
    </figure>
  );
}
