/**
 * The page's own date: read from JSON-LD, meta tags, `<time>`, the byline or the address, in the page's
 * language; unknown stays unknown. Checked on dates written in each language we read, and on every
 * labelled real page against the date a person read from it.
 */
import { describe, expect, it } from 'vitest';
import { documentFromHtml } from '../../src/cli/analyze';
import { extractArticle } from '../../src/extract';
import { structuredDate, urlDate, writtenDate } from '../../src/text/dates';
import { expectedDate, labelledArticle, labelledHtml, labelledPages, labelledUrl } from '../fixtures/labelled';

describe('dates as pages write them', () => {
  it('reads a day written out in each language we read, and numbers the way the language orders them', () => {
    const cases: [string, string, string][] = [
      ['Published: December 21, 2010', 'en', '2010-12-21'],
      ['Jun 19, 2018 WASHINGTON', 'en', '2018-06-19'],
      ['Sept. 3, 2019', 'en', '2019-09-03'],
      ['Tue 8 Jan 2008, 13:59 GMT', 'en', '2008-01-08'],
      ['07/18/2013 04:14 EDT', 'en', '2013-07-18'],
      ['Опубликовано 4 марта 2012 года', 'ru', '2012-03-04'],
      ['04.01.12 15:59', 'ru', '2012-01-04'],
      ['Опубліковано 12 червня 2020', 'uk', '2020-06-12'],
      ['Veröffentlicht am 3. März 2022', 'de', '2022-03-03'],
      ['5 avril 2017 à 19:26', 'fr', '2017-04-05'],
      ['18/07/2013', 'fr', '2013-07-18'],
      ['12 de marzo de 2022', 'es', '2022-03-12'],
      ['Pubblicato il 9 febbraio 2021', 'it', '2021-02-09'],
      ['Publicado em 21 de junho de 2019', 'pt', '2019-06-21'],
      ['Opublikowano: 14 listopada 2018', 'pl', '2018-11-14'],
    ];
    for (const [text, lang, iso] of cases) expect(writtenDate(text, lang)?.iso, `${text} (${lang})`).toBe(iso);
  });

  it('reads a page that does not say its language by the month names of every language we read', () => {
    expect(writtenDate('04 января 2012 г.')?.iso).toBe('2012-01-04');
    expect(writtenDate('20 grudnia 2017')?.iso).toBe('2017-12-20');
  });

  it('refuses what is not a day: no day 30 of February, no far future, no month inside a word, no number inside a number', () => {
    for (const text of ['February 30, 2019', 'March 3, 2999', 'Mayor 5, 2019', '123 May 2019x', 'Room 12 of 2019', '']) expect(writtenDate(text), text).toBeUndefined();
  });

  it('reads structured values and addresses', () => {
    expect(structuredDate('2019-07-24T12:14:18-04:00')?.iso).toBe('2019-07-24'); // the day as the page states it, not UTC's
    expect(structuredDate('2013/06/07 09:31:31')?.iso).toBe('2013-06-07');
    expect(structuredDate('20101221')?.iso).toBe('2010-12-21');
    expect(structuredDate('Fri Jul 19 10:34:19 UTC 2013')?.iso).toBe('2013-07-19');
    expect(structuredDate('2024-12')).toEqual({ iso: '2024-12', precision: 'month' });
    expect(structuredDate('not a date')).toBeUndefined();
    expect(urlDate('http://www.nytimes.com/2013/07/19/world/europe/x.html')?.iso).toBe('2013-07-19');
    expect(urlDate('https://example.com/news/2019-05-14/story')?.iso).toBe('2019-05-14');
    expect(urlDate('http://www.wired.com/dangerroom/2012/11/putin_minister/')).toEqual({ iso: '2012-11', precision: 'month' });
    expect(urlDate('https://example.com/story/12345')).toBeUndefined();
  });

  it('leaves a page that states no date without one (never today)', () => {
    const a = extractArticle(
      documentFromHtml(
        '<html><head><title>Putin and Trump</title></head><body><article><h1>Putin and Trump</h1><p>Putin spoke with Trump about relations.</p></article></body></html>',
      ),
      'https://example.com/a',
    );
    expect(a.published).toBeUndefined();
    expect(a.date).toBeUndefined();
  });
});

describe('the labelled real pages', () => {
  it('reads the date each page states, as a person read it, and says where the page stated it', () => {
    const wrong: string[] = [];
    let read = 0;
    for (const page of labelledPages()) {
      const expected = expectedDate(page.file);
      if (!expected) continue;
      // Read both ways the product reads a page: by its own containers, and with Readability at hand.
      const plain = extractArticle(documentFromHtml(labelledHtml(page)), labelledUrl(page));
      const a = labelledArticle(page);
      if (plain.date?.iso !== a.date?.iso) wrong.push(`${page.file}: read ${plain.date?.iso} without Readability, ${a.date?.iso} with it`);
      if (a.date?.iso === expected.iso || (expected.orDay && a.date?.iso === expected.orDay)) read++;
      else wrong.push(`${page.file}: read ${a.date?.iso ?? 'none'} (${a.date?.source ?? '-'}: ${a.date?.evidence ?? ''}), stated ${expected.iso} (${expected.stated})`);
      if (a.date) expect(a.date.evidence.length).toBeGreaterThan(0);
    }
    expect(read).toBeGreaterThanOrEqual(25);
    expect(wrong).toEqual([]);
  });
});
