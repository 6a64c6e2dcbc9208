/**
 * Turns a seed text file into the article it carries: title, byline and body paragraphs, without
 * what the saved page wrapped around it (comment threads, reply forms, photo credits, disclaimers).
 * Rules are line-based because the seeds are plain text saved from web pages, one block per line.
 */
import { normalize } from '../text';

export interface CleanedText {
  title: string;
  /** True when the text has no headline and the title was made from its first sentence. */
  titleFromLead: boolean;
  byline?: string;
  paragraphs: string[];
  /** Lines removed, with the rule that removed them: the evidence a reviewer can read. */
  removed: { line: string; rule: string }[];
}

// Everything from one of these lines on is page furniture: comment threads and reply forms.
const TAIL_MARKERS: [RegExp, string][] = [
  [/^comments$/i, 'comment section'],
  [/^leave a reply$/i, 'reply form'],
  [/^what do you think\??$/i, 'comment section'],
  [/^notify of$/i, 'comment section'],
  [/^\d+\s+comments?$/i, 'comment section'],
];

const DROP_RULES: [RegExp, string][] = [
  [/\b(?:AFP|AP|REUTERS|GETTY)\s+(?:PHOTO|IMAGES)\b|^(?:photo|image|picture)(?:\s+credit)?\s*:/i, 'photo credit'],
  [/^FILE(?:\s+PHOTO)?:/, 'photo caption'],
  [/\((?:REUTERS|AP|AFP|Getty Images|EPA)\)\s*$/, 'photo caption'],
  [/statements, views and opinions expressed in this column|does not give financial, investment/i, 'disclaimer'],
  [/^(?:share|tweet|email|print|share this(?: article)?|follow us)(?:\s+on\s+\w+)?$/i, 'share prompt'],
  [/^please (?:let us know|enter your)/i, 'comment widget'],
];

/** A line too short to be prose or a heading: counters ("0", "19") and widget scraps ("in ,"). */
function isScrap(line: string): boolean {
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  return letters < 4 || line.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length < 2;
}

export function cleanSeedText(raw: string): CleanedText {
  const removed: CleanedText['removed'] = [];
  const kept: string[] = [];
  const lines = raw.split(/\r?\n/).map((l) => normalize(l));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const tail = TAIL_MARKERS.find(([re]) => re.test(line));
    if (tail) {
      for (const rest of lines.slice(i)) if (rest) removed.push({ line: rest, rule: tail[1] });
      break;
    }
    const drop = DROP_RULES.find(([re]) => re.test(line));
    if (drop) {
      removed.push({ line, rule: drop[1] });
      continue;
    }
    if (isScrap(line)) {
      removed.push({ line, rule: 'scrap' });
      continue;
    }
    kept.push(line);
  }
  // A headline is short and does not end like a sentence; some seeds start straight with the lead.
  const first = kept[0] ?? '';
  const isHeadline = first.split(/\s+/).length <= 20 && !/[.:]$/.test(first);
  const title = isHeadline ? (kept.shift() ?? '') : headlineFromLead(first);
  let byline: string | undefined;
  const paragraphs: string[] = [];
  for (const line of kept) {
    const by = /^By\s+(\p{Lu}[\p{L}.'-]+(?:\s+\p{Lu}[\p{L}.'-]+){0,3})$/u.exec(line);
    if (by && byline === undefined && paragraphs.length === 0) {
      byline = by[1];
      continue;
    }
    if (line === title) {
      removed.push({ line, rule: 'repeated title' });
      continue;
    }
    paragraphs.push(line);
  }
  return { title, titleFromLead: !isHeadline, byline, paragraphs, removed };
}

/** The lead's first clause, cut at a word boundary: a stand-in headline for a text that has none. */
function headlineFromLead(lead: string): string {
  const clause = lead.split(/(?<=[.;:])\s|,\s(?:and|but|according)\s/)[0] ?? lead;
  const w = clause.split(/\s+/);
  return w.length <= 14 ? clause.replace(/[.;:]$/, '') : `${w.slice(0, 12).join(' ')}…`;
}
