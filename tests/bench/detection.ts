/**
 * Topic detection quality: precision and recall of Backstory's detector and of a plain keyword
 * baseline (any "Putin" in the extracted text), in one run, on the shared dev pages (all negatives)
 * and on our own labelled set (see ../fixtures/topic-set.ts).
 * Usage: npm run bench:detection [-- --json] [-- --errors]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFromHtml } from '../../src/cli/analyze';
import { detectTopic } from '../../src/detect';
import { keywordBaseline } from '../fixtures/baseline';
import { extractArticle } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';
import { devPages, PAGES } from '../fixtures/positives';
import { ownSet, type LabelledPage } from '../fixtures/topic-set';
import { seedCorpus } from '../unit/helpers';
import { benchOutput } from './results';
import { LANGUAGES, MULTILINGUAL, multilingualSet } from '../fixtures/multilingual';
import { pageLanguage } from '../../src/detect/language';
import { expectedDate, labelledArticle, labelledHtml, labelledPages } from '../fixtures/labelled';
import { mightBeOnTopic } from '../../src/detect';
import { readHeadlines, textNearTop } from '../../src/extract';

const out = benchOutput('detection', 'Detection: precision and recall against the keyword baseline', 'npm run bench:detection');

const json = process.argv.includes('--json');
const showErrors = process.argv.includes('--errors');

const dev: LabelledPage[] = devPages().map((n) => ({ name: n, html: readFileSync(join(PAGES, n), 'utf8'), onTopic: false, kind: 'dev page' as const }));
const own = ownSet(seedCorpus());

function score(pages: LabelledPage[], judge: (html: string, name: string) => boolean) {
  let [tp, fp, fn, tn] = [0, 0, 0, 0];
  const errors: string[] = [];
  for (const p of pages) {
    const got = judge(p.html, p.name);
    if (got && p.onTopic) tp++;
    else if (got) {
      fp++;
      errors.push(`FP ${p.name}`);
    } else if (p.onTopic) {
      fn++;
      errors.push(`FN ${p.name}`);
    } else tn++;
  }
  return { tp, fp, fn, tn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, errors };
}

const article = (html: string, name: string) => extractArticle(documentFromHtml(html), `https://www.example.com/${encodeURIComponent(name)}`, readabilityParagraphs);
const ours = (html: string, name: string) => detectTopic(article(html, name)).onTopic;
const baseline = (html: string, name: string) => keywordBaseline(article(html, name));

const sets: [string, LabelledPage[]][] = [
  ['shared dev pages', dev],
  ['own: articles+neg', own.filter((p) => p.kind !== 'brief')],
  ['own: short briefs', own.filter((p) => p.kind === 'brief')],
  ['own set', own],
  ['all', [...dev, ...own]],
];
const fmt = (x: number) => x.toFixed(3);
/** Precision, recall and false positives as the tables print them. */
const prf = (x: { precision: number; recall: number; fp: number }) => `  ${fmt(x.precision)} / ${fmt(x.recall)} / ${x.fp}`;
if (!json) out.log('set'.padEnd(18), 'pages'.padStart(5), 'pos'.padStart(4), '  ours P / R / FP', '      keyword P / R / FP');
for (const [name, pages] of sets) {
  const a = score(pages, ours);
  const b = score(pages, baseline);
  const positives = pages.filter((p) => p.onTopic).length;
  const row = {
    name,
    pages: pages.length,
    positives,
    precision: a.precision,
    recall: a.recall,
    false_positives: a.fp,
    baseline_precision: b.precision,
    baseline_recall: b.recall,
    baseline_false_positives: b.fp,
  };
  if (json) out.log(JSON.stringify(row));
  else out.log(name.padEnd(18), String(pages.length).padStart(5), String(positives).padStart(4), prf(a).padEnd(20), prf(b));
  if (showErrors && name.startsWith('own:')) for (const e of a.errors) out.log(`    ours: ${e}`);
}

// The real pages (../../../shared/labelled-pages), as their sites served them, read under their own
// address: per language, the detector and the keyword baseline on the pages labelled on or off the
// topic ("either" pages are shown, not scored), and the first look's recall on its own (the headline
// check that decides, in the browser, which pages are read at all).
// Each page is read once, as the extractor reads it under its own host.
const real = labelledPages().map((l) => ({ ...l, html: labelledHtml(l), article: labelledArticle(l) }));
/** The first look on a page's HTML: its headlines, and at most the top of its article. */
const firstLook = (html: string) => {
  const doc = documentFromHtml(html);
  return mightBeOnTopic(readHeadlines(doc), () => textNearTop(doc));
};
const langs = [...new Set(real.map((p) => p.lang))];
if (!json)
  out.log(
    '\nreal pages (labelled-pages)'.padEnd(19),
    'pages'.padStart(5),
    'pos'.padStart(4),
    '  ours P / R / FP',
    '      keyword P / R / FP',
    '   first look: recall / passes off-topic',
  );
for (const lang of [...langs, 'all']) {
  const pages = real.filter((p) => (lang === 'all' || p.lang === lang) && p.label !== 'either');
  const judged = new Map(pages.map((p) => [p.file, p.article]));
  const asSet = pages.map((p) => ({ name: p.file, html: p.html, onTopic: p.label === 'on-topic', kind: 'article' as const }));
  const a = score(asSet, (_h, name) => detectTopic(judged.get(name)!).onTopic);
  const b = score(asSet, (_h, name) => keywordBaseline(judged.get(name)!));
  const look = (p: { html: string }) => firstLook(p.html);
  const on = pages.filter((p) => p.label === 'on-topic');
  const off = pages.filter((p) => p.label === 'off-topic');
  const lookRecall = on.length ? on.filter(look).length / on.length : 1;
  const lookOff = off.filter(look).length;
  const row = {
    name: `real ${lang}`,
    pages: pages.length,
    positives: on.length,
    precision: a.precision,
    recall: a.recall,
    false_positives: a.fp,
    baseline_precision: b.precision,
    baseline_recall: b.recall,
    baseline_false_positives: b.fp,
    first_look_recall: lookRecall,
    first_look_off_topic_passed: lookOff,
  };
  if (json) out.log(JSON.stringify(row));
  else
    out.log(
      `real ${lang}`.padEnd(18),
      String(pages.length).padStart(5),
      String(on.length).padStart(4),
      prf(a).padEnd(20),
      prf(b).padEnd(26),
      `   ${fmt(lookRecall)} / ${lookOff} of ${off.length}`,
    );
  if (showErrors && lang === 'all') for (const e of a.errors) out.log(`    ours: ${e}`);
}
if (!json) out.log(`(first look on the shared dev pages, none on the topic: ${dev.filter((p) => firstLook(p.html)).length} of ${dev.length} read further)`);
// The multilingual set written for this bench (../fixtures/multilingual.ts): per language, the
// detector on each story as text (what the detector makes of the language), and end to end with the
// story placed in a real page's template (extraction included: these are three- and four-paragraph
// briefs, which the page-kind check may call too little prose for an article), against the keyword
// baseline; and the page's language as its text reads.
{
  const pages = multilingualSet();
  if (!json)
    out.log(
      '\nmultilingual set'.padEnd(19),
      'pages'.padStart(5),
      'pos'.padStart(4),
      '  text P / R / FP',
      '      in template P / R / FP',
      '  keyword P / R / FP',
      '  language read',
    );
  for (const lang of LANGUAGES) {
    const texts = [...MULTILINGUAL[lang].on.map((s) => [s, true] as const), ...MULTILINGUAL[lang].off.map((s) => [s, false] as const)].map(
      ([[title, ...paragraphs], onTopic], i) => ({
        name: `${lang}-${i}`,
        html: '',
        onTopic,
        kind: 'article' as const,
        article: { title, paragraphs, isArticle: true, pageKind: 'text', bodySource: 'container' as const },
      }),
    );
    const byName = new Map(texts.map((t) => [t.name, t.article]));
    const a = score(texts, (_h, name) => detectTopic(byName.get(name)!).onTopic);
    const inPages = pages.filter((p) => p.lang === lang).map((p) => ({ ...p, kind: 'article' as const }));
    const b = score(inPages, ours);
    const k = score(inPages, baseline);
    const langRead = texts.filter((t) => pageLanguage(t.article) === lang).length;
    const row = {
      name: `multilingual ${lang}`,
      pages: texts.length,
      positives: texts.filter((t) => t.onTopic).length,
      precision: a.precision,
      recall: a.recall,
      false_positives: a.fp,
      in_template_precision: b.precision,
      in_template_recall: b.recall,
      baseline_precision: k.precision,
      baseline_recall: k.recall,
      baseline_false_positives: k.fp,
      language_read: langRead / texts.length,
    };
    if (json) out.log(JSON.stringify(row));
    else
      out.log(
        `multilingual ${lang}`.padEnd(18),
        String(texts.length).padStart(5),
        String(row.positives).padStart(4),
        prf(a).padEnd(20),
        prf(b).padEnd(26),
        prf(k).padEnd(20),
        `  ${langRead} of ${texts.length}`,
      );
    if (showErrors) for (const e of [...a.errors, ...b.errors.map((x) => `in template: ${x}`)]) out.log(`    ours: ${e}`);
  }
}

// The page's own date, against the date a person read from each page: ours, and what structured data
// alone gives (JSON-LD and meta tags, the reading before bylines and datelines were read).
{
  let [ours, structured, stated] = [0, 0, 0];
  for (const p of real) {
    const want = expectedDate(p.file);
    if (!want) continue;
    stated++;
    const date = p.article.date;
    const right = !!date && (date.iso === want.iso || date.iso === want.orDay);
    if (right) ours++;
    if (right && (date.source === 'json-ld' || date.source === 'meta')) structured++;
  }
  if (json) out.log(JSON.stringify({ name: 'real dates read', pages: stated, value: ours, baseline_value: structured }));
  else out.log(`dates read correctly on the real pages: ${ours} of ${stated} (structured data alone: ${structured} of ${stated})`);
}
const either = real.filter((p) => p.label === 'either');
if (!json) out.log(`("either" pages, not scored: ${either.filter((p) => detectTopic(p.article).onTopic).length} of ${either.length} called on topic)`);
out.save();
