import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromHtml } from '../../src/cli/analyze';
import { analyzePage, type Send } from '../../src/annotate/pipeline';
import { extractArticle, jsonLdArticles, needsFallback } from '../../src/extract';
import { readabilityParagraphs } from '../../src/extract/readability';
import type { PageMessage } from '../../src/messaging';
import { tokenF1 } from '../fixtures/metrics';
import { PAGES } from '../fixtures/positives';

describe('article extraction', () => {
  it('reaches a mean token F1 of at least 0.95 against the human-extracted texts of the dev pages', () => {
    const scores = readdirSync(PAGES)
      .filter((n) => n.endsWith('.expected.txt'))
      .map((n) => {
        const doc = documentFromHtml(readFileSync(join(PAGES, n.replace('.expected.txt', '.html')), 'utf8'));
        return tokenF1(extractArticle(doc, `https://example.com/${n}`, readabilityParagraphs).paragraphs.join('\n'), readFileSync(join(PAGES, n), 'utf8'));
      });
    expect(scores.length).toBeGreaterThanOrEqual(10);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThanOrEqual(0.95);
  });

  it('prefers JSON-LD metadata, then Open Graph, and survives broken JSON-LD', () => {
    const html = `<html lang="en"><head><title>Doc title</title>
      <meta property="og:title" content="OG title"><meta property="og:site_name" content="OG Site">
      <script type="application/ld+json">{ broken json</script>
      <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"LD headline","datePublished":"2019-01-01","author":[{"name":"A. Writer"}],"publisher":{"name":"LD Site"}}]}</script>
      <link rel="canonical" href="https://example.com/canonical"></head><body><article>${'<p>Some article prose that is long enough to count as a paragraph of the body text here.</p>'.repeat(8)}</article></body></html>`;
    const doc = documentFromHtml(html);
    expect(jsonLdArticles(doc)).toHaveLength(1);
    const a = extractArticle(doc, 'https://example.com/x', readabilityParagraphs);
    expect(a).toMatchObject({
      title: 'LD headline',
      byline: 'A. Writer',
      published: '2019-01-01',
      siteName: 'LD Site',
      url: 'https://example.com/canonical',
      lang: 'en',
      isArticle: true,
    });
    expect(a.paragraphs).toHaveLength(8);
  });

  it('keeps navigation, comments and captions out of the body', () => {
    const html = `<html><head><title>T</title></head><body><article>
      <p>First real paragraph of the article, with enough words in it to be prose rather than a label.</p>
      <figure><figcaption>A photo caption that must not be body text at all.</figcaption></figure>
      <div class="comments"><p>A reader comment that is not part of the article text whatsoever.</p></div>
      <nav><p>Navigation links that are not part of the article text whatsoever.</p></nav>
      <p>Second real paragraph of the article, again with enough words in it to count as prose.</p></article></body></html>`;
    const a = extractArticle(documentFromHtml(html), 'https://example.com/story', readabilityParagraphs);
    expect(a.paragraphs.join(' ')).not.toMatch(/caption|comment|Navigation/);
    expect(a.paragraphs).toHaveLength(2);
  });

  it('does not throw on empty or body-less documents', () => {
    for (const html of ['', '<html></html>', '<html><head><title></title></head></html>', '<body><p>x</p></body>']) {
      const a = extractArticle(documentFromHtml(html), 'https://example.com/', readabilityParagraphs);
      expect(a.isArticle).toBe(false);
    }
  });
});

describe('Readability as the last resort, loaded into the page only when needed', () => {
  const prose = [
    'Russian President Vladimir Putin told U.S. President Donald Trump in a letter that Moscow was ready for dialogue, the Kremlin said on Friday.',
    'The White House said Washington would answer the letter after talks on sanctions and arms control, while the Kremlin said Putin hoped for a summit.',
    'Relations between Moscow and Washington have soured since Russia annexed Crimea, and the United States imposed sanctions on Russia.',
    'Officials in Washington said the United States would keep the sanctions in place until Moscow fulfilled its commitments.',
  ];
  const page = (body: string) =>
    `<html><head><title>Putin writes to Trump on US-Russia relations</title><meta property="og:type" content="article"></head><body>${body}</body></html>`;
  // The body in the page's own article container; and the same text in bare divs, which only Readability reads.
  const inContainer = page(`<article>${prose.map((p) => `<p>${p}</p>`).join('')}</article>`);
  const inDivs = page(`<div class="x"><div class="y">${prose.map((p) => `<div>${p}</div>`).join('')}</div></div><div class="menu"><a href="/a">Home</a></div>`);
  const FALLBACK = '__backstoryReadability';
  const run = async (html: string, loads: boolean) => {
    const sent: PageMessage[] = [];
    delete (globalThis as Record<string, unknown>)[FALLBACK];
    // A fake worker: it answers every message the same way (the cast: one answer for every type).
    const send = (async (msg: PageMessage) => {
      sent.push(msg);
      // The worker's answer to page/load: the script runs in the page's (here: this) world.
      if (msg.type === 'page/load' && loads) (globalThis as Record<string, unknown>)[FALLBACK] = readabilityParagraphs;
      return { verdict: { onTopic: true, score: 1, reason: '', evidence: [] }, related: [], marks: { entities: [], quotes: [] } };
    }) as Send;
    await analyzePage(documentFromHtml(html), 'https://www.reuters.com/world/a', send);
    delete (globalThis as Record<string, unknown>)[FALLBACK];
    const read = sent.find((m) => m.type === 'page/article');
    return { loads: sent.filter((m) => m.type === 'page/load'), paragraphs: read?.type === 'page/article' ? read.article.paragraphs : [] };
  };

  it('is not asked for when the article container holds the body', async () => {
    const r = await run(inContainer, true);
    expect(r.loads).toEqual([]);
    expect(r.paragraphs).toEqual(prose);
  });

  it('is asked for when nothing else finds the body, and its paragraphs are the article sent', async () => {
    const without = extractArticle(documentFromHtml(inDivs), 'https://www.reuters.com/world/a');
    expect(needsFallback(without)).toBe(true);
    const r = await run(inDivs, true);
    expect(r.loads).toEqual([{ type: 'page/load', part: 'readability' }]);
    expect(r.paragraphs).toEqual(prose);
  });

  it('leaves the page as the other ways read it when it cannot be loaded (the worker refused)', async () => {
    const r = await run(inDivs, false);
    expect(r.loads).toHaveLength(1);
    expect(r.paragraphs).toEqual([]);
  });
});

describe('a page whose <title> is only the site’s name', () => {
  it('is read by its first heading, and an on-topic article there is still on topic', async () => {
    const { labelledPages, labelledHtml, labelledUrl } = await import('../fixtures/labelled');
    const { detectTopic } = await import('../../src/detect');
    for (const page of labelledPages().filter((p) => p.label === 'on-topic' && p.lang === 'en')) {
      const doc = documentFromHtml(labelledHtml(page));
      for (const el of Array.from(
        doc.querySelectorAll('meta[property="og:title"], meta[name="og:title"], meta[name="twitter:title"], meta[property="twitter:title"], script[type="application/ld+json"]'),
      ))
        el.remove();
      const h1 = doc.querySelector('h1')?.textContent?.trim();
      if (!h1 || h1.length < 20) continue;
      doc.title = page.host;
      const a = extractArticle(doc, labelledUrl(page), readabilityParagraphs);
      expect(a.title).toBe(h1.replace(/\s+/g, ' '));
      expect(detectTopic(a).onTopic, page.title).toBe(true);
    }
  });
});
