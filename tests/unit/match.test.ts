import { describe, expect, it } from 'vitest';
import { buildIndex, findRelated, quoteSimilarity, searchCorpus, matchQuotes } from '../../src/match';
import { seedCorpus } from './helpers';

const index = () => buildIndex(seedCorpus());
const KREMLIN = 'despite the differences between the two countries, Russian-American relations remain the most important factor of international stability and security';

describe('quote matching', () => {
  it('matches the same quote trimmed, and scores a light rewording lower but still as a match', () => {
    const trimmed = quoteSimilarity('Russian-American relations remain the most important factor of international stability', KREMLIN);
    const reworded = quoteSimilarity('relations between Russia and America remain the most important factor for international security and stability', KREMLIN);
    const unrelated = quoteSimilarity('Russia is not angry. Russia is concentrating', KREMLIN);
    expect(trimmed).toBeGreaterThan(0.8);
    expect(reworded).toBeGreaterThanOrEqual(0.6);
    expect(reworded).toBeLessThan(trimmed);
    expect(unrelated).toBeLessThan(0.3);
  });

  it('keeps the best match per quote', () => {
    const m = matchQuotes(['Russia is not angry, Russia is concentrating'], ['Russia is not angry. Russia is concentrating', KREMLIN]);
    expect(m).toHaveLength(1);
    expect(m[0]!.passage).toMatch(/^Russia is not angry/);
  });
});

describe('related coverage', () => {
  it('ranks the July 4 coverage together, with shared quote and occasion as reasons', () => {
    const related = findRelated(index(), {
      title: 'Putin sends Obama Independence Day greetings',
      paragraphs: [
        'Russian President Vladimir Putin congratulated President Barack Obama on the Fourth of July, the Kremlin said.',
        `"Russian-American relations remain the most important factor of international stability and security," Putin told Obama in the message.`,
        'Relations have been strained since the annexation of Crimea and the sanctions that followed.',
      ],
    });
    const top = related.slice(0, 3).map((r) => r.id);
    expect(top).toEqual(expect.arrayContaining(['001_cf9c39e2eb94d519', '002_d64f5373ac28c482']));
    const r002 = related.find((r) => r.id === '002_d64f5373ac28c482')!;
    expect(r002.reasons.some((r) => r.kind === 'quote')).toBe(true);
    expect(r002.reasons.some((r) => r.kind === 'occasion')).toBe(true);
    // Trump-era letters are less related to an Obama July 4 story than the July 4 coverage is.
    const pos = (id: string) => related.findIndex((r) => r.id === id);
    if (pos('004_ce081450231abc4d') >= 0) expect(pos('004_ce081450231abc4d')).toBeGreaterThan(pos('002_d64f5373ac28c482'));
  });

  it('shows 001 and 002 as one story from two outlets', () => {
    const related = findRelated(index(), { title: 'July 4 message from Putin to Obama', paragraphs: ['Putin sent Obama a Fourth of July message on Russian-American relations, the Kremlin said.'] });
    const r001 = related.find((r) => r.id === '001_cf9c39e2eb94d519');
    expect(r001?.sameStory.map((s) => s.id)).toEqual(['002_d64f5373ac28c482']);
    const r000 = related.find((r) => r.id === '000_e36755c45d3d9d1f');
    expect(r000?.sameStory ?? []).toEqual([]);
  });

  it('returns nothing for an unrelated article', () => {
    expect(findRelated(index(), { title: 'Home Depot sales miss', paragraphs: ['Shares of the home improvement retailer fell after quarterly sales missed estimates.'] })).toEqual([]);
  });
});

describe('corpus search', () => {
  it('finds a rare name with the matched passage highlighted', () => {
    const [hit] = searchCorpus(index(), 'Gorchakov');
    expect(hit?.id).toBe('003_c8b0e3bdb851b69b');
    const [start, end] = hit!.highlights[0]!;
    expect(hit!.passage.slice(start, end)).toBe('Gorchakov');
  });

  it('reads misspellings against the corpus vocabulary', () => {
    const hits = searchCorpus(index(), 'Putn Obma');
    expect(hits[0]?.readAs).toEqual(['putin', 'obama']);
    expect(hits.length).toBeGreaterThanOrEqual(3);
    expect(hits.every((h) => /obama/i.test(h.passage) || /putin/i.test(h.passage))).toBe(true);
  });

  it('finds "sanctions" in every seed that discusses them, and nothing for gibberish', () => {
    expect(searchCorpus(index(), 'sanctions').length).toBeGreaterThanOrEqual(3);
    expect(searchCorpus(index(), 'qzxv wvkj')).toEqual([]);
    expect(searchCorpus(index(), '')).toEqual([]);
  });
});
