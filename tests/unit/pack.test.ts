/**
 * Corpus packs: `npm run pack` over real saved pages, feeds and our own export, and the pack file as the
 * options page's import reads it (the same validation: a malformed, truncated or future pack changes
 * nothing and says what is wrong).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFile, packFile, parseImport, PACK_VERSION } from '../../src/archive/files';
import { makeRecord } from '../../src/archive/records';
import { buildPack, feedItems, packArgs, runPack } from '../../src/cli/pack';
import { LABELLED, labelledHtml, labelledPages } from '../fixtures/labelled';

const ON_TOPIC_TEXT = [
  'Russian President Vladimir Putin spoke with US President Barack Obama by telephone on Friday about Ukraine and sanctions, the Kremlin said.',
  'The White House said Obama urged Putin to pull Russian forces back from the border with Ukraine, and the two presidents agreed their foreign ministers would meet.',
  'Relations between Moscow and Washington have fallen to their lowest point since the Cold War over the annexation of Crimea.',
];

const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>${items}</channel></rss>`;

describe('corpus packs', () => {
  it('reads RSS and Atom items: title, link, date and the full text where the feed carries it; an item without a date is kept undated', () => {
    const items = feedItems(
      rss(`<item><title>Putin &amp; Obama talk</title><link>https://wire.example/a</link><pubDate>Fri, 04 Jul 2014 10:00:00 GMT</pubDate>
      <description>short</description><content:encoded><![CDATA[${ON_TOPIC_TEXT.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item>
      <item><title>No date</title><link>https://wire.example/b</link><description>&lt;p&gt;One paragraph.&lt;/p&gt;</description></item>`),
    );
    expect(items).toEqual([
      { title: 'Putin & Obama talk', url: 'https://wire.example/a', published: '2014-07-04', paragraphs: ON_TOPIC_TEXT },
      { title: 'No date', url: 'https://wire.example/b', published: undefined, paragraphs: ['One paragraph.'] },
    ]);
    const atom = feedItems(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
      <entry><title type="html">Kremlin</title><link rel="self" href="https://wire.example/self"/><link rel="alternate" href="https://wire.example/c"/>
      <published>2018-07-16T09:00:00Z</published><content type="html">&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content></entry></feed>`);
    expect(atom).toEqual([{ title: 'Kremlin', url: 'https://wire.example/c', published: '2018-07-16', paragraphs: ['First.', 'Second.'] }]);
    expect(() => feedItems('<rss><channel><item></channel>')).toThrow(/not well-formed/);
    expect(() => feedItems('<?xml version="1.0"?><html><body/></html>')).toThrow(/not an RSS or Atom feed/);
  });

  it('packs real saved pages: the on-topic ones kept, the others counted as off topic, a second copy counted as a duplicate', () => {
    const pages = labelledPages().filter((p) => p.label !== 'either');
    const inputs = [...pages, pages.find((p) => p.label === 'on-topic')!].map((p) => ({ file: join(LABELLED, p.file), text: labelledHtml(p) }));
    const done: number[] = [];
    const { records, counts, problems } = buildPack(inputs, (n) => done.push(n));
    expect(done.at(-1)).toBe(inputs.length);
    expect(counts.read).toBe(inputs.length);
    expect(counts.kept + counts.offTopic + counts.duplicates + counts.errors).toBe(counts.read);
    expect(counts.kept).toBe(records.length);
    expect(counts.kept).toBeGreaterThan(0);
    // Every off-topic page the labels name is left out (on-topic ones the detector misses would be too: counted, not kept).
    const offTopic = pages.filter((p) => p.label === 'off-topic').length;
    expect(counts.offTopic).toBeGreaterThanOrEqual(offTopic);
    expect(counts.duplicates + problems.filter((p) => /web address/.test(p.error)).length).toBeGreaterThanOrEqual(1);
    for (const p of problems) expect(p.error.length).toBeGreaterThan(0);
    // What the pack holds is what the import takes, under the pack's name.
    const imported = parseImport(packFile('Labelled', records, counts));
    expect(imported.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(new Set(imported.map((r) => r.pack))).toEqual(new Set(['Labelled']));
  });

  it('takes our own export and a feed in one run, dedupes across them, and reports an unreadable file without stopping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    const exported = exportFile([makeRecord({ url: 'https://wire.example/a', title: 'Putin & Obama talk', published: '2014-07-04', paragraphs: ON_TOPIC_TEXT })]);
    writeFileSync(join(dir, 'archive.json'), exported);
    writeFileSync(
      join(dir, 'feed.xml'),
      rss(
        `<item><title>Putin &amp; Obama talk</title><link>https://wire.example/a</link><content:encoded><![CDATA[${ON_TOPIC_TEXT.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item>` +
          `<item><title>Gardening</title><link>https://wire.example/g</link><description>Roses want sun and water in the spring.</description></item>`,
      ),
    );
    writeFileSync(join(dir, 'broken.xml'), '<rss><channel><item>');
    const out = join(dir, 'wire.backstory.json');
    const lines: string[] = [];
    expect(runPack([dir, '-o', out], (l) => lines.push(l))).toBe(0);
    const summary = lines.join('\n');
    // Every file or item read is kept, off topic, a duplicate or an error.
    expect(summary).toMatch(/read 4, kept 1, off topic 1, duplicates 1, errors 1/);
    expect(summary).toMatch(/broken\.xml: not well-formed/);
    const pack = JSON.parse(readFileSync(out, 'utf8'));
    expect(pack).toMatchObject({ format: 'backstory-pack', version: PACK_VERSION, name: 'wire', counts: { read: 4, kept: 1, offTopic: 1, duplicates: 1, errors: 1 } });
    expect(parseImport(readFileSync(out, 'utf8'))[0]).toMatchObject({ title: 'Putin & Obama talk', published: '2014-07-04', pack: 'wire' });
  });

  it('a malformed, truncated, nameless or future pack is refused with what is wrong', () => {
    const good = packFile('Wire', [makeRecord({ url: 'https://wire.example/a', title: 'T', paragraphs: ['text'] })], { read: 1, kept: 1, offTopic: 0, duplicates: 0, errors: 0 });
    expect(parseImport(good)).toHaveLength(1);
    expect(() => parseImport(good.slice(0, good.length - 20))).toThrow(/not JSON/);
    const data = JSON.parse(good);
    expect(() => parseImport(JSON.stringify({ ...data, version: PACK_VERSION + 1 }))).toThrow(/version 2, made by a newer Backstory/);
    expect(() => parseImport(JSON.stringify({ ...data, name: ' ' }))).toThrow(/name is empty/);
    expect(() => parseImport(JSON.stringify({ ...data, created: 'yesterday' }))).toThrow(/created is not a time/);
    expect(() => parseImport(JSON.stringify({ ...data, counts: { read: -1 } }))).toThrow(/header/);
    expect(() => parseImport(JSON.stringify({ ...data, articles: [{ ...data.articles[0], url: 'javascript:alert(1)' }] }))).toThrow(/Record 1: url/);
  });

  it('reads its command line, and says how to use it', () => {
    expect(packArgs(['a.html', 'feeds', '-o', 'out/Wire 2016.backstory.json'])).toEqual({ files: ['a.html', 'feeds'], out: 'out/Wire 2016.backstory.json', name: 'Wire 2016' });
    expect(packArgs(['a.html', '-o', 'x.json', '--name', 'Newsroom'])).toMatchObject({ name: 'Newsroom' });
    expect(() => packArgs(['a.html'])).toThrow(/usage/);
    expect(() => packArgs(['-x'])).toThrow(/unknown option/);
  });
});
