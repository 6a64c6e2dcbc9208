import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passageWindow } from '../../src/text/snippets';
import { segments } from '../../src/ui/Search';
import { formatDate, reasonLabels, verdictText } from '../../src/ui/format';

describe('search result passages', () => {
  it('splits text into marked and plain segments that join back to the text', () => {
    expect(
      segments('Putin and Obama spoke', [
        [10, 15],
        [0, 5],
      ]),
    ).toEqual([
      { text: 'Putin', marked: true },
      { text: ' and ', marked: false },
      { text: 'Obama', marked: true },
      { text: ' spoke', marked: false },
    ]);
    fc.assert(
      fc.property(fc.string(), fc.array(fc.tuple(fc.nat(60), fc.nat(60))), (text, ranges) => {
        expect(
          segments(text, ranges)
            .map((s) => s.text)
            .join(''),
        ).toBe(text);
      }),
    );
  });

  it('cuts a long passage around its first match and keeps the marks on the same words', () => {
    const passage = `${'filler words here '.repeat(30)}the Gorchakov line ${'and more text '.repeat(30)}`;
    const at = passage.indexOf('Gorchakov');
    const [text, ranges] = passageWindow(passage, [[at, at + 9]], 120);
    expect(text.length).toBeLessThanOrEqual(122);
    expect(text.slice(ranges[0]![0], ranges[0]![1])).toBe('Gorchakov');
  });
});

describe('formatting', () => {
  it('shows dates as precisely as they are known', () => {
    const d = (iso: string, precision: 'day' | 'month' | 'year') => formatDate({ iso, precision, evidence: [], reasoning: '' });
    expect(d('2014-07-04', 'day')).toBe('4 Jul 2014');
    expect(d('2024-12', 'month')).toBe('Dec 2024');
    expect(d('2019', 'year')).toBe('2019');
    expect(formatDate(undefined)).toBe('date unknown');
  });

  it('labels each reason as the reader sees it, shared words only when nothing better', () => {
    const quote = { kind: 'quote' as const, match: { quote: 'a', passage: '"We want relations based on equality and mutual respect for each other"', similarity: 0.9 } };
    expect(reasonLabels([quote, { kind: 'occasion', name: 'the July 4 message' }, { kind: 'topic', terms: ['x'] }])).toEqual([
      'Shared quote: “We want relations based on equality and mutual…”',
      'Same occasion: the July 4 message',
    ]);
    expect(
      reasonLabels([
        { kind: 'issue', names: ['election interference'] },
        { kind: 'entities', names: ['Rex Tillerson', 'ExxonMobil'] },
        { kind: 'period', president: 'Donald Trump', term: 'Trump’s first term' },
        { kind: 'period', president: 'Barack Obama' },
      ]),
    ).toEqual(['Same issue: election interference', 'Also about: Rex Tillerson, ExxonMobil', 'Same period: Trump’s first term', 'Same US president: Barack Obama']);
    expect(reasonLabels([{ kind: 'topic', terms: ['sanctions', 'summit'] }])).toEqual(['Shared words: sanctions, summit']);
    expect(reasonLabels([{ kind: 'entities', names: [] }])).toEqual([]);
  });
});

describe('the verdict in the UI language', () => {
  it('says each case of a verdict with the UI’s messages, the same sentence as the analyzer’s English reason', async () => {
    const { detectTopic, NO_HEADLINE } = await import('../../src/detect');
    const { labelledArticle, labelledPages } = await import('../fixtures/labelled');
    const kinds = new Set<string>();
    for (const page of labelledPages()) {
      const v = detectTopic(labelledArticle(page));
      kinds.add(v.why!.kind);
      expect(verdictText(v)).toBe(v.reason);
    }
    expect(verdictText(NO_HEADLINE)).toBe(NO_HEADLINE.reason);
    expect(verdictText({ reason: 'plain', partlyRead: false })).toBe('plain');
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });
});

describe('timeline', () => {
  it('places dates by their precision on an axis from the earliest point’s year to the latest’s, clamped at both ends', async () => {
    const { dateValue, timelineSpan, timelineX } = await import('../../src/ui/Timeline');
    const d = (iso: string, precision: 'day' | 'month' | 'year') => dateValue({ iso, precision })!;
    expect(d('2015-07-04', 'day')).toBe(Date.UTC(2015, 6, 4));
    expect(d('2024-12', 'month')).toBe(Date.UTC(2024, 11, 15));
    expect(d('2019', 'year')).toBe(Date.UTC(2019, 6, 1));
    const now = Date.UTC(2026, 0, 1);
    const times = [d('2014-07-04', 'day'), d('2018-12-31', 'day'), d('2024-12', 'month')];
    const span = timelineSpan(times, now);
    expect(span).toEqual([Date.UTC(2014, 0, 1), Date.UTC(2025, 0, 1)]);
    // A page from 2010 widens the axis to its own year.
    expect(timelineSpan([...times, d('2010-12-21', 'day')], now)[0]).toBe(Date.UTC(2010, 0, 1));
    const [a, b, c] = times.map((x) => timelineX(x, span, 372));
    expect(a).toBeLessThan(b!);
    expect(b).toBeLessThan(c!);
    expect(timelineX(Date.UTC(2000, 0, 1), span, 372)).toBe(12);
    expect(timelineX(Date.UTC(2030, 0, 1), span, 372)).toBe(360);
  });

  it('says how long before or after the page an article appeared, as precisely as both dates are known', async () => {
    const { relativeWhen } = await import('../../src/ui/format');
    const date = (iso: string, precision: 'day' | 'month' | 'year' = 'day') => ({ iso, precision, evidence: [], reasoning: '' });
    expect(relativeWhen(date('2015-07-04'), '2018-12-31')).toBe('3 years earlier');
    expect(relativeWhen(date('2019-12-31'), '2018-12-31')).toBe('1 year later');
    expect(relativeWhen(date('2018-10-01'), '2018-12-31')).toBe('2 months earlier');
    expect(relativeWhen(date('2018-12-20'), '2018-12-31')).toBe('earlier than this page');
    expect(relativeWhen(date('2018', 'year'), '2018-12-31')).toBe('same time as this page');
    expect(relativeWhen(date('2017', 'year'), '2018-12-31')).toBe('1 year earlier');
    expect(relativeWhen(date('2018-12-31'), undefined)).toBeUndefined();
    expect(relativeWhen(undefined, '2018-12-31')).toBeUndefined();
  });
});

describe('messages', () => {
  it('every locale has every English key, with the same placeholders, and nothing else', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '../../src/locales/_locales');
    const load = (lang: string) => JSON.parse(readFileSync(join(dir, lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    const en = load('en');
    const holes = (m: string) => [...m.matchAll(/\$\d/g)].map((x) => x[0]).sort();
    const langs = readdirSync(dir);
    expect(langs).toEqual(expect.arrayContaining(['en', 'ru']));
    for (const lang of langs) {
      const other = load(lang);
      // A plural family (`key_one`, `key_other`…) has the forms its language needs, with the English general form's placeholders.
      const family = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '_other');
      expect(new Set(Object.keys(other).map(family))).toEqual(new Set(Object.keys(en).map(family)));
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const key of Object.keys(en).filter((k) => k.endsWith('_other'))) {
        for (const form of forms) expect(other[key.replace(/_other$/, `_${form}`)], `${lang}.${key} has no form "${form}"`).toBeDefined();
      }
      for (const [key, { message }] of Object.entries(other)) {
        const want = holes(en[family(key)]!.message);
        if (family(key) === key && !key.endsWith('_other')) expect(holes(message), `${lang}.${key}`).toEqual(want);
        else
          expect(
            holes(message).every((h) => want.includes(h)),
            `${lang}.${key}`,
          ).toBe(true);
      }
    }
  });

  it('falls back to the bundled English with placeholders filled where browser.i18n is absent', async () => {
    const { t } = await import('../../src/ui/i18n');
    expect(t('relatedHeading', 3)).toBe('Related coverage (3)');
    expect(t('sameStory', 2, '“A”')).toBe('Same story, 2 reports. Also: “A”');
  });

  it('says counts in the plural form the language wants', async () => {
    const { tn } = await import('../../src/ui/i18n');
    expect([0, 1, 2, 21].map((n) => tn('searchCount', n))).toEqual(['0 results', '1 result', '2 results', '21 results']);
    expect(tn('markButton', 1, 'Putin', 1)).toBe('Putin: in 1 related article');
    // Russian, through browser.i18n as the browser gives it: three forms for whole numbers.
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const ru = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/locales/_locales/ru/messages.json'), 'utf8')) as Record<string, { message: string }>;
    const world = globalThis as { browser?: unknown };
    const saved = world.browser;
    world.browser = {
      i18n: {
        getUILanguage: () => 'ru',
        getMessage: (k: string, subs: string[] = []) => ru[k]?.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '') ?? '',
      },
    };
    try {
      expect([1, 2, 5, 11, 21, 22].map((n) => tn('searchCount', n))).toEqual(['1 результат', '2 результата', '5 результатов', '11 результатов', '21 результат', '22 результата']);
    } finally {
      world.browser = saved;
    }
  });
});
