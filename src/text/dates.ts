/**
 * Dates as pages and records state them.
 */

/** "2024-12-27T10:00:00Z", "2024-12-27" -> "2024-12-27"; anything else -> undefined. */
export function isoDate(value?: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 ? undefined : `${m[1]}-${m[2]}-${m[3]}`;
}
