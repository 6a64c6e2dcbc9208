import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromHtml } from '../../src/cli/analyze';
import { detectTopic, mightBeOnTopic } from '../../src/detect';
import { keywordBaseline } from '../fixtures/baseline';
import { extractArticle, readHeadlines, textNearTop } from '../../src/extract';
import { labelledArticle, labelledHtml, labelledPages } from '../fixtures/labelled';
import { LANGUAGES, MULTILINGUAL, multilingualSet } from '../fixtures/multilingual';
import { pageLanguage } from '../../src/detect/language';
import { readabilityParagraphs } from '../../src/extract/readability';
import { devPages, PAGES, placeInTemplate, readTemplate, TEMPLATES } from '../fixtures/positives';
import { ownSet } from '../fixtures/topic-set';
import { seedCorpus } from './helpers';

const page = (html: string, url = 'https://www.example.com/world/2024/story') => extractArticle(documentFromHtml(html), url, readabilityParagraphs);
const articleHtml = (title: string, paragraphs: string[], extra = '') =>
  `<html><head><title>${title}</title><meta property="og:type" content="article"></head><body><nav>${extra}</nav><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
const filler = (topic: string) =>
  Array.from({ length: 6 }, (_, i) => `${topic} paragraph ${i} carries enough ordinary prose about the subject at hand to count as body text of an article for the extractor.`);

describe('topic detection', () => {
  it('finds no on-topic page among the shared dev pages (all negatives, several hard)', () => {
    for (const name of devPages()) {
      const v = detectTopic(page(readFileSync(join(PAGES, name), 'utf8'), `https://www.example.com/dev/${name}`));
      expect(v.onTopic, `${name}: ${v.reason}`).toBe(false);
    }
  });

  it('finds every seed article placed into every real page template', () => {
    for (const seed of seedCorpus()) {
      for (const t of TEMPLATES) {
        const v = detectTopic(page(placeInTemplate(readTemplate(t), seed)));
        expect(v.onTopic, `${seed.id} in ${t}: ${v.reason}`).toBe(true);
        expect(v.evidence.some((e) => e.side === 'ru' && e.where !== 'body')).toBe(true);
      }
    }
  });

  it('rejects a US–Israel relations story', () => {
    const a = page(
      articleHtml('Biden and Netanyahu discuss US-Israel relations', [
        'President Joe Biden spoke with Israeli Prime Minister Benjamin Netanyahu on Tuesday about relations between the United States and Israel, the White House said.',
        ...filler('Washington and Jerusalem'),
      ]),
    );
    expect(detectTopic(a).onTopic).toBe(false);
  });

  it('rejects a sports story that mentions Russia', () => {
    const a = page(
      articleHtml('Russia beat Scotland in Euro qualifier', [
        'Russia beat Scotland 4-0 in Moscow on Sunday to move closer to qualifying for the European Championship.',
        ...filler('Football match report'),
      ]),
    );
    expect(detectTopic(a).onTopic).toBe(false);
  });

  it('rejects a story that mentions Putin in passing', () => {
    const a = page(
      articleHtml('US inflation eases as fuel prices fall', [
        'Consumer prices in the United States rose less than expected in June, the Labor Department said on Wednesday in Washington.',
        'Economists noted that energy markets have calmed since the early months of the war that Putin started.',
        ...filler('Inflation and the Federal Reserve'),
      ]),
    );
    const v = detectTopic(a);
    expect(v.onTopic).toBe(false);
    expect(keywordBaseline(a)).toBe(true); // the keyword baseline is fooled
  });

  it('rejects a site front page whatever its headlines say', () => {
    const home = `<html><head><title>News front page</title><meta property="og:type" content="website"></head><body><main>${Array.from({ length: 8 }, () => `<h2><a href="/a">Putin tells Trump Russia is ready for dialogue on US relations</a></h2><p>Putin and Trump discussed sanctions and relations between Russia and the United States in a call, the Kremlin and the White House said on Friday.</p>`).join('')}</main></body></html>`;
    const v = detectTopic(extractArticle(documentFromHtml(home), 'https://www.example.com/', readabilityParagraphs));
    expect(v.onTopic).toBe(false);
    expect(v.reason).toMatch(/Not a single news article/);
  });

  it('tells home pages from articles on the dev pages, also when a home page claims og:type article', () => {
    // INDEX.md notes which dev pages are home pages; the pages with a human-extracted text are articles.
    const index = readFileSync(join(PAGES, 'INDEX.md'), 'utf8');
    const homes = devPages().filter((n) => new RegExp(`^\\| ${n.replace(/\./g, '\\.')} \\|.*home page`, 'm').test(index));
    const articles = devPages().filter((n) => existsSync(join(PAGES, n.replace(/\.html$/, '.expected.txt'))));
    expect(homes.length).toBeGreaterThanOrEqual(2);
    // Served at an article-like address: the page's own canonical / og:url must give it away.
    const kind = (n: string) => extractArticle(documentFromHtml(readFileSync(join(PAGES, n), 'utf8')), `https://www.example.com/world/2024/${n}`, readabilityParagraphs);
    for (const n of homes) expect(kind(n).isArticle, `${n}: ${kind(n).pageKind}`).toBe(false);
    for (const n of articles) expect(kind(n).isArticle, `${n}: ${kind(n).pageKind}`).toBe(true);
  });

  it('recognises Russian-language coverage', () => {
    const ru = page(
      articleHtml('Путин направил Трампу послание о диалоге с США', [
        'Президент России Владимир Путин направил президенту США Дональду Трампу послание, в котором заявил о готовности Москвы к диалогу, сообщил Кремль.',
        'В Вашингтоне заявили, что отношения между Россией и США остаются сложными, а санкции против Москвы сохраняются.',
        'Путин отметил, что российско-американские отношения важны для международной стабильности, а Белый дом ответил на послание.',
        'Кремль сообщил, что переговоры Путина и Трампа могут пройти в следующем году, несмотря на санкции США против России.',
        ...filler('Москва и Вашингтон'),
      ]),
    );
    const v = detectTopic(ru);
    expect(v.onTopic, v.reason).toBe(true);
  });

  it('lets the cheap headline check pass on-topic pages and stop most others', () => {
    const on = documentFromHtml(articleHtml('Putin writes to Trump', ['x']));
    expect(mightBeOnTopic(readHeadlines(on))).toBe(true);
    const off = documentFromHtml(articleHtml('Home Depot sales miss, shares plunge', ['x']));
    expect(mightBeOnTopic(readHeadlines(off))).toBe(false);
  });
});

describe('own labelled set (texts in real page templates)', () => {
  const pages = ownSet(seedCorpus());
  const judged = pages.map((p) => ({ ...p, got: detectTopic(page(p.html)).onTopic }));

  it('never calls a hard negative on topic (one country only, US–Israel, US–China, sport, passing mention)', () => {
    const fps = judged.filter((p) => !p.onTopic && p.got).map((p) => p.name);
    expect(fps).toEqual([]);
  });

  it('keeps recall on two-paragraph briefs at the level reached (0.59 when written)', () => {
    const briefs = judged.filter((p) => p.kind === 'brief');
    expect(briefs.filter((p) => p.got).length / briefs.length).toBeGreaterThanOrEqual(0.55);
  });
});

describe('the labelled real pages (labelled-pages/labels.json)', () => {
  const pages = labelledPages().map((p) => ({ ...p, article: labelledArticle(p) }));

  it('calls every page labelled on topic on topic, and every page labelled off topic off', () => {
    const wrong = pages
      .filter((p) => p.label !== 'either')
      .map((p) => ({ p, v: detectTopic(p.article) }))
      .filter(({ p, v }) => v.onTopic !== (p.label === 'on-topic'))
      .map(({ p, v }) => `${p.label} ${p.lang} “${p.title}”: ${v.reason}`);
    expect(pages.filter((p) => p.label === 'on-topic').length).toBeGreaterThanOrEqual(8);
    expect(wrong).toEqual([]);
  });

  it('lets every on-topic page past the first look, which reads the headlines and at most the top of the article', () => {
    for (const p of pages.filter((p) => p.label === 'on-topic')) {
      const doc = documentFromHtml(labelledHtml(p));
      expect(
        mightBeOnTopic(readHeadlines(doc), () => textNearTop(doc)),
        p.title,
      ).toBe(true);
    }
  });

  it('says why an off-topic page about Russia is not the topic', () => {
    for (const p of pages.filter((p) => p.label === 'off-topic')) {
      const v = detectTopic(p.article);
      expect(v.reason.length).toBeGreaterThan(10);
      expect(v.reason).not.toMatch(/^About Russia \(.*\) and the United States/);
    }
  });
});

describe('the multilingual set (../fixtures/multilingual.ts)', () => {
  it.each(LANGUAGES)('%s: every story on the topic is found and no hard negative is, and the language is read from the text', (lang) => {
    const wrong: string[] = [];
    for (const [stories, onTopic] of [
      [MULTILINGUAL[lang].on, true],
      [MULTILINGUAL[lang].off, false],
    ] as const) {
      expect(stories.length).toBeGreaterThanOrEqual(8);
      for (const [title, ...paragraphs] of stories) {
        const v = detectTopic({ title, paragraphs, isArticle: true, pageKind: 'text', bodySource: 'container' });
        if (v.onTopic !== onTopic) wrong.push(`${onTopic ? 'missed' : 'called on topic'}: ${title} (${v.reason})`);
        expect(pageLanguage({ title, paragraphs })).toBe(lang);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads stories placed in real page templates end to end, with no false positive', () => {
    const pages = multilingualSet();
    const called = pages.map((p) => ({ p, on: detectTopic(extractArticle(documentFromHtml(p.html), 'https://www.example.com/news/story.html', readabilityParagraphs)).onTopic }));
    expect(called.filter(({ p, on }) => on && !p.onTopic).map(({ p }) => p.name)).toEqual([]);
    // Three- and four-paragraph briefs: the page-kind check calls some of them too little prose for an article.
    expect(called.filter(({ p, on }) => on && p.onTopic).length).toBeGreaterThanOrEqual(pages.filter((p) => p.onTopic).length * 0.5);
  }, 60_000); // every template read with every seed: about 10 s alone, more on a loaded 2-core machine
});

describe('Russia with a third country', () => {
  const judge = (title: string, paragraphs: string[]) => detectTopic({ title, paragraphs, isArticle: true, pageKind: 'text', bodySource: 'container' });
  const paragraphs = [
    'Russian President Vladimir Putin and Chinese leader Xi Jinping signed a gas deal in Beijing on Tuesday, as Russia and China deepen ties despite sanctions from the United States.',
    'The agreement with China gives Russia a new market, the Kremlin said; Washington has warned Beijing against helping Moscow evade American sanctions.',
    'Russia will send 50 billion cubic metres of gas to China a year through the Power of Siberia pipeline, Gazprom said.',
    'Analysts in Moscow said the deal showed China was Russia’s most important partner, while relations with the United States remain frozen.',
    'Chinese state media said Beijing and Moscow would trade more in yuan and roubles, and the White House said it was watching the talks closely.',
  ];

  it('is not the topic when the other country stands beside Russia more than the United States does, and says which', () => {
    const v = judge('Putin and Xi sign gas deal as Russia and China deepen ties', paragraphs);
    expect(v.onTopic).toBe(false);
    expect(v.why).toMatchObject({ kind: 'thirdCountry', countryCode: 'CN' });
    expect(v.reason).toMatch(/China/);
  });

  it('is the topic when the title names the US side', () => {
    expect(judge('Putin and Xi sign gas deal as Russia and China defy Washington', paragraphs).onTopic).toBe(true);
  });

  it('knows countries by their names in the languages read, inflected', async () => {
    const { countriesIn } = await import('../../src/detect/countries');
    expect([...countriesIn('Президент Китая и России'), ...countriesIn('Chinas Präsident'), ...countriesIn('la Francia e la Germania')]).toEqual(['CN', 'CN', 'FR', 'DE']);
    expect([...countriesIn('Russia and the United States of America')]).toEqual([]);
  });
});
