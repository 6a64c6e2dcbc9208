import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanSeedText, evidenceMissing, type CuratedSeedFacts } from '../../src/corpus';
import { PAGES } from '../fixtures/positives';
import { rawSeeds, seedCorpus, seedMetadata, SEEDS_DIR } from './helpers';

const byId = () => new Map(seedCorpus().map((a) => [a.id, a]));
const body = (id: string) => byId().get(id)!.paragraphs.join('\n');

describe('seed corpus', () => {
  it('is a byte-for-byte copy of ../shared/seeds', () => {
    for (const name of Object.keys(rawSeeds())) {
      expect(readFileSync(join(SEEDS_DIR, name)).equals(readFileSync(join(PAGES, '../seeds', name))), name).toBe(true);
    }
  });

  it('gives every seed curated facts whose evidence stands verbatim in its text', () => {
    const meta = seedMetadata();
    for (const [name, raw] of Object.entries(rawSeeds())) {
      const facts = meta[name.replace('.txt', '')] as CuratedSeedFacts;
      expect(facts, name).toBeTypeOf('object');
      expect(facts.date.evidence.length).toBeGreaterThan(0);
      expect(evidenceMissing(raw, facts), name).toEqual([]);
      expect(facts.date.iso).toMatch(facts.date.precision === 'day' ? /^\d{4}-\d\d-\d\d$/ : facts.date.precision === 'month' ? /^\d{4}-\d\d$/ : /^\d{4}$/);
    }
  });

  it('has stable ids from file stems, a title and body paragraphs for each seed', () => {
    const docs = seedCorpus();
    expect(docs.map((d) => d.id)).toEqual(
      Object.keys(rawSeeds())
        .map((n) => n.replace('.txt', ''))
        .sort(),
    );
    for (const d of docs) {
      expect(d.title.length).toBeGreaterThan(20);
      expect(d.paragraphs.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('removes the comment thread from 004, with commenter names and dates', () => {
    const text = body('004_ce081450231abc4d');
    for (const junk of ['Shaun Ramewe', 'Olivia Kroth', 'Doug Brown', 'James Capone', 'December 31, 2018', 'Notify of', 'What do you think']) expect(text).not.toContain(junk);
    expect(text).toContain('2019 looks like it will be a very turbulent');
  });

  it('removes the repeated column disclaimer from 004 and the reply form from 003', () => {
    expect(body('004_ce081450231abc4d')).not.toMatch(/statements, views and opinions/);
    expect(body('003_c8b0e3bdb851b69b')).not.toMatch(/LEAVE A REPLY|Akismet|enter your comment/i);
    expect(body('003_c8b0e3bdb851b69b')).toContain('remains to be seen');
  });

  it('removes photo credits and captions from 001 and 002, and the comment prompt from 001', () => {
    expect(body('001_cf9c39e2eb94d519')).not.toMatch(/AFP PHOTO|Pete Souza|COMMENTS|issues with commenting/);
    expect(body('002_d64f5373ac28c482')).not.toMatch(/^FILE:|Los Cabos|\(REUTERS\)/);
  });

  it('reads a stated byline and keeps it out of the body', () => {
    const a = byId().get('000_e36755c45d3d9d1f')!;
    expect(a.byline).toBe('Gabriela Baczynska');
    expect(a.paragraphs[0]).toMatch(/^MOSCOW/);
  });

  it('makes a stand-in title from the lead when the text has no headline', () => {
    const c = cleanSeedText(
      '\nRussian President Vladimir Putin has sent a message to President Obama and expressed confidence in many things, according to agencies.\nSecond paragraph here with words.',
    );
    expect(c.titleFromLead).toBe(true);
    expect(c.title.startsWith('Russian President Vladimir Putin')).toBe(true);
    expect(c.paragraphs).toHaveLength(2);
  });

  it('extracts the names matching works on, events and agreements included', () => {
    const ids = (id: string) =>
      byId()
        .get(id)!
        .entities.map((e) => e.id);
    expect(ids('000_e36755c45d3d9d1f')).toEqual(expect.arrayContaining(['putin', 'obama', 'crimea-annexation', 'sanctions', 'independence-day', 'ryabkov']));
    expect(ids('001_cf9c39e2eb94d519')).toEqual(expect.arrayContaining(['minsk-agreements', 'sechin', 'rosneft', 'independence-day']));
    expect(ids('002_d64f5373ac28c482')).toEqual(expect.arrayContaining(['p5-plus-1', 'minsk-agreements', 'crimea-annexation', 'independence-day']));
    expect(ids('003_c8b0e3bdb851b69b')).toEqual(expect.arrayContaining(['gorchakov', 'zakharova', 'crimean-war', 'trump', 'inauguration']));
    expect(ids('004_ce081450231abc4d')).toEqual(expect.arrayContaining(['trump', 'new-year-letter', 'skripal', 'kerch-strait']));
  });

  it('extracts quotations with their speaker where the text names one', () => {
    const quotes = byId().get('003_c8b0e3bdb851b69b')!.quotes;
    expect(quotes.find((q) => q.text.startsWith('Russia is not angry'))?.speaker).toBe('Alexander Gorchakov');
    expect(quotes.find((q) => q.text.startsWith('It is possible to do everything'))?.speaker).toMatch(/Putin/);
    // A one-word scare quote ("hunted") is not a quotation and does not swallow the text after it.
    expect(quotes.some((q) => q.text.includes('by authorities'))).toBe(false);
    expect(
      byId()
        .get('002_d64f5373ac28c482')!
        .quotes.some((q) => q.speaker === 'the Kremlin' && /most important factor/.test(q.text)),
    ).toBe(true);
  });
});
