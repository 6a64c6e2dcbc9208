/**
 * How the text stages' time grows with the text, in Node, on adversarial strings generated with
 * fast-check (runs of names, capitals, apostrophes, quotation marks, sentence ends, text without
 * spaces, and random mixes of such tokens): each function timed on a text and on one 8 times longer.
 * Linear work takes about 8 times as long; a pattern that backtracks or a loop that re-reads what it
 * built takes 64 times or more. A ratio above {@link MAX_RATIO} fails the run (a generous bound: a
 * timer's noise, a garbage collection, a cache warming up).
 */
import fc from 'fast-check';
import { detectTopic } from '../../src/detect';
import type { Article } from '../../src/extract';
import { readText } from '../../src/extract/budget';
import { findEntities, findQuotes, normalize, normalizeWithMap, sentences, words } from '../../src/text';
import { ADVERSARIAL } from '../fixtures/pathological';

export const MAX_RATIO = 24;
const SMALL = 20_000;
const FACTOR = 8;

const TOKENS = [
  'Putin',
  'Vladimir',
  'Trump',
  'Kremlin',
  'U.S.',
  'Mr.',
  "'",
  "'s",
  '"',
  '“',
  '”',
  '«',
  '»',
  '.',
  '...',
  '!',
  '?',
  ',',
  ' ',
  '  ',
  '\n',
  '\t',
  'said',
  'sanctions',
  'annexed',
  'Crimea',
  'Washington',
  'State',
  'of',
  'A.',
  'Б',
  'Путин',
  '—',
  '(',
  ')',
  'x',
];

/** The adversarial texts: the fixtures' hand-made kinds and fast-check's mixes of tokens. */
function families(): [string, (chars: number) => string][] {
  const mixes = fc.sample(fc.array(fc.constantFrom(...TOKENS), { minLength: 20, maxLength: 80 }), { numRuns: 4, seed: 15 });
  return [
    ...Object.entries(ADVERSARIAL),
    ...mixes.map(
      (tokens, k) =>
        [
          `generated mix ${k + 1}`,
          (chars: number) =>
            tokens
              .join('')
              .repeat(Math.ceil(chars / Math.max(1, tokens.join('').length)))
              .slice(0, chars),
        ] as [string, (chars: number) => string],
    ),
  ];
}

const STAGES: [string, (text: string) => unknown][] = [
  ['normalize', normalize],
  ['normalizeWithMap', normalizeWithMap],
  ['words', words],
  ['sentences', sentences],
  ['findQuotes', (t) => findQuotes([t])],
  ['findEntities', (t) => findEntities(normalize(t))],
  ['readText', (t) => readText(t, t.length)],
  [
    'detectTopic',
    (t) => {
      const paragraphs = t.match(/[^]{1,2000}/g) ?? [];
      const article: Article = { title: 'Putin and Trump', paragraphs, isArticle: true, pageKind: 'test', bodySource: 'container' };
      return detectTopic(article);
    },
  ],
];

function time(fn: () => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export interface GrowthRow {
  stage: string;
  family: string;
  small_ms: number;
  large_ms: number;
  ratio: number;
}

export function textGrowth(): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (const [family, make] of families()) {
    const small = make(SMALL);
    const large = make(SMALL * FACTOR);
    for (const [stage, fn] of STAGES) {
      fn(small); // warm
      const a = Math.max(
        0.05,
        time(() => fn(small)),
      );
      const b = time(() => fn(large));
      rows.push({ stage, family, small_ms: Math.round(a * 100) / 100, large_ms: Math.round(b * 100) / 100, ratio: Math.round((b / a) * 10) / 10 });
    }
  }
  return rows;
}

export const GROWTH_SIZES = { small: SMALL, factor: FACTOR };
