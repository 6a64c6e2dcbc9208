/**
 * Corpus packs: `npm run pack` over real saved pages, feeds and our own export, and the pack file as the
 * options page's import reads it (the same validation: a malformed, truncated or future pack changes
 * nothing and says what is wrong).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFile, ImportReader, packFile, parseImport, PACK_VERSION } from '../../src/archive/files';
import { runToEnd } from '../../src/text/steps';
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
    const pack = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!);
    expect(pack).toMatchObject({ format: 'backstory-pack', version: PACK_VERSION, name: 'wire', counts: { read: 4, kept: 1, offTopic: 1, duplicates: 1, errors: 1 } });
    expect(parseImport(readFileSync(out, 'utf8'))[0]).toMatchObject({ title: 'Putin & Obama talk', published: '2014-07-04', pack: 'wire' });
  });

  const wire = (n: number) => Array.from({ length: n }, (_, i) => makeRecord({ url: `https://wire.example/${i}`, title: `T${i}`, paragraphs: [`text ${i} ünïcödé`] }));
  const counted = (n: number) => ({ read: n, kept: n, offTopic: 0, duplicates: 0, errors: 0 });

  it('a malformed, truncated, nameless or future pack is refused with what is wrong', () => {
    const good = packFile('Wire', wire(2), counted(2));
    expect(parseImport(good)).toHaveLength(2);
    const [header, ...records] = good.trimEnd().split('\n');
    const data = JSON.parse(header!);
    const withHeader = (h: object) => [JSON.stringify(h), ...records].join('\n');
    // Cut inside a record, or after a whole record: either way named, and nothing taken.
    expect(() => parseImport(good.slice(0, good.length - 20))).toThrow(/Line 3 is not JSON/);
    expect(() => parseImport([header, records[0]].join('\n'))).toThrow(/cut short: its header lists 2 articles and the file holds 1/);
    expect(() => parseImport(`${good}${records[0]}\n`)).toThrow(/more records than its header lists \(2\), from line 4/);
    expect(() => parseImport(withHeader({ ...data, version: PACK_VERSION + 1 }))).toThrow(new RegExp(`version ${PACK_VERSION + 1}, made by a newer Backstory`));
    expect(() => parseImport(withHeader({ ...data, name: ' ' }))).toThrow(/name is empty/);
    expect(() => parseImport(withHeader({ ...data, created: 'yesterday' }))).toThrow(/created is not a time/);
    expect(() => parseImport(withHeader({ ...data, counts: { read: -1 } }))).toThrow(/header/);
    expect(() => parseImport(withHeader({ ...data, articles: 100_001 }))).toThrow(/articles is more than 100000/);
    expect(() => parseImport([header, JSON.stringify({ ...JSON.parse(records[0]!), url: 'javascript:alert(1)' }), records[1]].join('\n'))).toThrow(/Record 1: url/);
    // Blank lines and a last line without its newline are fine.
    expect(parseImport([header, '', records[0], '  ', records[1]].join('\n'))).toHaveLength(2);
    // A pack of format 1 (one JSON object) is still read, and refused the same way.
    const v1 = { ...data, version: 1, articles: records.map((r) => JSON.parse(r)) };
    expect(parseImport(JSON.stringify(v1)).map((r) => r.pack)).toEqual(['Wire', 'Wire']);
    expect(() => parseImport(JSON.stringify(v1).slice(0, -10))).toThrow(/not JSON/);
    expect(() => parseImport(JSON.stringify({ ...v1, name: '' }))).toThrow(/name is empty/);
  });

  it('reads a pack in parts cut anywhere, as the options page sends it, to the same records as in one piece', () => {
    const file = packFile('Wire', wire(250), counted(250));
    const whole = parseImport(file);
    for (const parts of [2, 3, 7, 50, 997]) {
      const size = Math.ceil(file.length / parts);
      const progress: number[] = [];
      const reader = new ImportReader((done) => progress.push(done), whole[0]!.savedAt);
      for (let at = 0; at < file.length; at += size) runToEnd(reader.add(file.slice(at, at + size)));
      expect(runToEnd(reader.finish())).toEqual(whole);
      expect(progress.at(-1)).toBe(250);
    }
    // Our export, in parts, is read whole at the end.
    const exported = exportFile(whole);
    const reader = new ImportReader(undefined, whole[0]!.savedAt);
    for (let at = 0; at < exported.length; at += 1000) runToEnd(reader.add(exported.slice(at, at + 1000)));
    expect(runToEnd(reader.finish()).map((r) => r.id)).toEqual(whole.map((r) => r.id));
  });

  it('reads its command line, and says how to use it', () => {
    expect(packArgs(['a.html', 'feeds', '-o', 'out/Wire 2016.backstory.json'])).toEqual({ files: ['a.html', 'feeds'], out: 'out/Wire 2016.backstory.json', name: 'Wire 2016' });
    expect(packArgs(['a.html', '-o', 'x.json', '--name', 'Newsroom'])).toMatchObject({ name: 'Newsroom' });
    expect(() => packArgs(['a.html'])).toThrow(/usage/);
    expect(() => packArgs(['-x'])).toThrow(/unknown option/);
  });
});
