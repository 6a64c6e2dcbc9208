/**
 * Snippets: a window of about `max` characters of a text around a position, cut at word boundaries,
 * with ellipses where text was left out. One way of cutting, shared by matching (related items, the
 * passages of marks) and the UI (search results, whose marked ranges move with the window).
 */

/** A window of a text: what is shown, and where the text's own characters start in it. */
export interface Excerpt {
  text: string;
  /** Index in the text where the window starts. */
  start: number;
  /** Index in the text where the window ends (exclusive). */
  end: number;
  /** Where text[start] stands in the excerpt: 1 after a leading ellipsis, else 0. */
  offset: number;
}

/** The window of about `max` characters around position `at` (starting up to `lead` characters before it). */
export function excerpt(text: string, at: number, max: number, lead = 40): Excerpt {
  if (text.length <= max) return { text, start: 0, end: text.length, offset: 0 };
  let start = at <= 0 ? 0 : Math.max(0, Math.min(at - lead, text.length - max));
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + max);
  if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), end - 20);
  const prefix = start > 0 ? '…' : '';
  return { text: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`, start, end, offset: prefix.length };
}

/** About `max` characters of text around position `at`, cut at word boundaries, with ellipses. */
export const around = (text: string, at: number, max: number): string => excerpt(text, Math.max(0, at), max).text;

/** The start of a text, about `max` characters, cut at a word, with an ellipsis when cut. */
export const clip = (text: string, max: number): string => excerpt(text, 0, max).text;

/** A window of the passage around its first marked range, with the ranges moved to match. */
export function passageWindow(passage: string, ranges: readonly [number, number][], max = 220): [string, [number, number][]] {
  const w = excerpt(passage, ranges[0]?.[0] ?? 0, max, 60);
  const shifted = ranges.filter(([a, b]) => a >= w.start && b <= w.end).map(([a, b]) => [a - w.start + w.offset, b - w.start + w.offset] as [number, number]);
  return [w.text, shifted];
}
