import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devPages, PAGES, placeInTemplate, readTemplate, TEMPLATES } from '../fixtures/positives';
import { normalize } from '../../src/text';
import { seedCorpus } from './helpers';
import { expectedDate, labelledHtml, labelledPages } from '../fixtures/labelled';

const ROOT = join(import.meta.dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/analyze.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('command-line analyzer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backstory-cli-'));
  const seed = seedCorpus().find((s) => s.id.startsWith('002'))!;
  const onTopic = join(dir, 'on-topic.html');
  writeFileSync(onTopic, placeInTemplate(readTemplate(TEMPLATES[0]!), seed));
  const offTopic = join(PAGES, devPages()[0]!);
  const empty = join(dir, 'empty.html');
  writeFileSync(empty, '');
  const binary = join(dir, 'binary.html');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));

  it('prints one JSON object per file, with the related seeds and their reasons', () => {
    const out = run('--json', onTopic, offTopic);
    expect(out.status).toBe(0);
    const [on, off] = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(on)).toEqual(expect.arrayContaining(['file', 'isArticle', 'onTopic', 'score', 'title', 'evidence', 'related']));
    expect(on).toMatchObject({ file: onTopic, isArticle: true, onTopic: true, title: normalize(seed.title) });
    const ids = on.related.flatMap((r: { seed: string; sameStory: string[] }) => [r.seed, ...r.sameStory]);
    expect(ids).toContain(seed.id);
    expect(on.related[0]).toMatchObject({ seed: expect.stringMatching(/^\d{3}_[0-9a-f]{16}$/), date: expect.any(String), reasons: expect.any(Array) });
    expect(off).toMatchObject({ onTopic: false, related: [] });
  });

  it('carries on a real page what the popup shows: language, date and its source, and for each related item when and labelled reasons', () => {
    const page = labelledPages().find((p) => p.label === 'on-topic' && p.lang === 'en')!;
    const file = join(dir, 'real.html');
    writeFileSync(file, labelledHtml(page));
    const out = run('--json', file);
    expect(out.status).toBe(0);
    const r = JSON.parse(out.stdout.trim());
    const expected = expectedDate(page.file)!;
    expect(r).toMatchObject({ onTopic: true, lang: expect.stringMatching(/^en/), dateSource: expect.any(String) });
    expect([expected.iso, expected.orDay]).toContain(r.date.slice(0, 10));
    expect(r.related.length).toBeGreaterThan(0);
    for (const item of r.related) {
      expect(['earlier', 'later', 'same time']).toContain(item.when);
      expect(item.reasons.some((x: { label: string | null }) => typeof x.label === 'string' && x.label.length > 0)).toBe(true);
      for (const x of item.reasons) expect(x).toHaveProperty('kind');
    }
  });

  it('gives each bad file a one-line error, runs the others, and exits 1', () => {
    const out = run('--json', join(dir, 'missing.html'), empty, binary, onTopic);
    expect(out.status).toBe(1);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].error).toMatch(/ENOENT|no such file/);
    expect(lines[1].error).toMatch(/empty/);
    expect(lines[2].error).toMatch(/binary/);
    expect(lines[3].onTopic).toBe(true);
  });

  it('prints a readable summary without --json', () => {
    const out = run(onTopic);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/ON TOPIC/);
    expect(out.stdout).toContain(normalize(seed.title));
  });
});
