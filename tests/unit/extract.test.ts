import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromHtml } from '../../src/cli/analyze';
import { extractArticle, jsonLdArticles } from '../../src/extract';
import { tokenF1 } from '../fixtures/metrics';
import { PAGES } from '../fixtures/positives';

describe('article extraction', () => {
  it('reaches a mean token F1 of at least 0.95 against the human-extracted texts of the dev pages', () => {
    const scores = readdirSync(PAGES)
      .filter((n) => n.endsWith('.expected.txt'))
      .map((n) => {
        const doc = documentFromHtml(readFileSync(join(PAGES, n.replace('.expected.txt', '.html')), 'utf8'));
        return tokenF1(extractArticle(doc, `https://example.com/${n}`).paragraphs.join('\n'), readFileSync(join(PAGES, n), 'utf8'));
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
    const a = extractArticle(doc, 'https://example.com/x');
    expect(a).toMatchObject({ title: 'LD headline', byline: 'A. Writer', published: '2019-01-01', siteName: 'LD Site', url: 'https://example.com/canonical', lang: 'en', isArticle: true });
    expect(a.paragraphs).toHaveLength(8);
  });

  it('keeps navigation, comments and captions out of the body', () => {
    const html = `<html><head><title>T</title></head><body><article>
      <p>First real paragraph of the article, with enough words in it to be prose rather than a label.</p>
      <figure><figcaption>A photo caption that must not be body text at all.</figcaption></figure>
      <div class="comments"><p>A reader comment that is not part of the article text whatsoever.</p></div>
      <nav><p>Navigation links that are not part of the article text whatsoever.</p></nav>
      <p>Second real paragraph of the article, again with enough words in it to count as prose.</p></article></body></html>`;
    const a = extractArticle(documentFromHtml(html), 'https://example.com/story');
    expect(a.paragraphs.join(' ')).not.toMatch(/caption|comment|Navigation/);
    expect(a.paragraphs).toHaveLength(2);
  });

  it('does not throw on empty or body-less documents', () => {
    for (const html of ['', '<html></html>', '<html><head><title></title></head></html>', '<body><p>x</p></body>']) {
      const a = extractArticle(documentFromHtml(html), 'https://example.com/');
      expect(a.isArticle).toBe(false);
    }
  });
});
