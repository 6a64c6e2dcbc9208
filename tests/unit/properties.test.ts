/**
 * Arbitrary input through the pure stages (fast-check): the tokenizer, quote finder and matcher,
 * topic detector and the worker's message handling never throw and keep their invariants.
 */
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detectTopic } from '../../src/detect';
import { buildIndex, findRelated, quoteSimilarity, searchCorpus } from '../../src/match';
import { packLists, packPostings, unpackList, unpackPostings } from '../../src/match/terms-index';
import { DuplicateIndex } from '../../src/archive/duplicates';
import { contentWordHashes, SAME_TEXT, similarity } from '../../src/archive/signature';
import { createWorkerHandler } from '../../src/messaging/worker';
import {
  aliasPattern,
  ENTITIES,
  findEntities,
  findEntitySteps,
  hash,
  isStopword,
  findQuotes,
  normalize,
  normalizeFully,
  normalizeWithMap,
  sentences,
  termCounts,
  terms,
  WORD,
  words,
} from '../../src/text';
import { literalStarts } from '../../src/text/entities';
import { runToEnd } from '../../src/text/steps';
import { seedCorpus } from './helpers';

// Text with the characters that matter here: quotes of every kind, dashes, odd spaces, other scripts, surrogates.
const messy = fc.string({ unit: fc.constantFrom(...'aZ 9."\'“”‘’«»—–-\u00a0\u200b\n\tПутинПутин😀é́ﬁ<>&/'.split('')), maxLength: 300 });
const text = fc.oneof(fc.string({ maxLength: 300 }), messy, fc.string({ unit: 'grapheme', maxLength: 200 }));
const index = buildIndex(seedCorpus());

describe('text on arbitrary input', () => {
  it('normalize leaves plain ASCII as it is only where normalizing it fully would', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'ab Z9.\'" -\t\n\r\u000b\u000c\u007f\u0000~é\u00a0'.split('')), maxLength: 60 });
    // Latin and Cyrillic letters (taken as they are), the few that NFKC changes, and combining marks.
    const letters = fc.string({ unit: fc.constantFrom(...'aé ÀÿĄłŒžПутинЁёЇїҐґ ĳŀŉſªµ²\u0301\u0306\u0308ǅ'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(ascii, letters, text), (t) => {
        expect(normalize(t)).toBe(normalizeFully(t));
      }),
      { numRuns: 3000 },
    );
    // Every character of the Basic Multilingual Plane alone, between letters, and after one it may combine with.
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      for (const t of [`x${ch}y`, `e${ch}`, `И${ch}`, `${ch}`])
        if (normalize(t) !== normalizeFully(t)) expect([c.toString(16), normalize(t)]).toEqual([c.toString(16), normalizeFully(t)]);
    }
  });

  it('normalize is idempotent and normalizeWithMap agrees with it and maps inside the input', () => {
    fc.assert(
      fc.property(text, (t) => {
        const n = normalize(t);
        expect(normalize(n)).toBe(n);
        const m = normalizeWithMap(t);
        expect(m.map).toHaveLength(m.text.length);
        expect(m.map.every((i, k) => i >= 0 && i < t.length && (k === 0 || i >= m.map[k - 1]!))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('words are the matches of WORD, lower case, without a possessive or dots (the scanner agrees with the pattern)', () => {
    const byPattern = (t: string) =>
      [...normalize(t).toLowerCase().matchAll(WORD)].map((m) => {
        const w = m[0].toLowerCase();
        return (w.endsWith("'s") ? w.slice(0, -2) : w).replace(/\./g, '');
      });
    const joined = fc.string({ unit: fc.constantFrom(..."aZ9 .'+-_ПуΩ中é́²½İﬁ𝐀😀\ud800\udc00".split('')), maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(text, joined), (t) => {
        expect(words(t)).toEqual(byPattern(t));
      }),
      { numRuns: 2000 },
    );
    for (const d of seedCorpus()) for (const p of d.paragraphs) expect(words(p)).toEqual(byPattern(p));
  });

  it('term counts are the counts of terms, whatever was counted before (terms kept once across texts)', () => {
    const counted = (t: string) => {
      const counts = new Map<string, number>();
      for (const w of terms(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
      return counts;
    };
    const joined = fc.string({ unit: fc.constantFrom(..."aZ9 .'+-_ПуΩ中é́²½İﬁ𝐀😀\ud800\udc00s".split('')), maxLength: 200 });
    // Two words of one hash (FNV-1a, found by search): the second must not be counted as the first.
    expect(hash('yaczf')).toBe(hash('glbpp'));
    const clash = fc.constantFrom('yaczf glbpp', 'glbpp yaczf', "yaczf's glbpp.", 'u.s. us u.s. the');
    fc.assert(
      fc.property(fc.array(fc.oneof(text, joined, clash), { minLength: 1, maxLength: 4 }), (texts) => {
        for (const t of texts) {
          const { counts, length } = termCounts(t);
          expect([...counts]).toEqual([...counted(t)]);
          expect(length).toBe(terms(t).length);
        }
      }),
      { numRuns: 1000 },
    );
    for (const d of seedCorpus()) expect([...termCounts(d.paragraphs.join(' ')).counts]).toEqual([...counted(d.paragraphs.join(' '))]);
  });

  it('terms kept from a text do not keep the text alive', () => {
    // A collection on demand (the flag is set for this process, the function taken from a fresh context).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    // 300 texts of 100 kB, each with a long word of its own (a slice of 13 characters or more is a view).
    for (let i = 0; i < 300; i++) kept.push(...[...termCounts(`uniquelongword${i}zz ${'lorem ipsum dolor '.repeat(6000)}`).counts.keys()].filter((t) => t.startsWith('unique')));
    gc();
    expect(kept).toHaveLength(300);
    // Views would keep 300 × 100 kB (30 MB and more); the terms alone are a few kB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5_000_000);
  });

  it('words, terms, sentences, quotes and names never throw and stay within the text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const n = normalize(t).toLowerCase();
        for (const w of words(t)) expect(w.length).toBeGreaterThan(0);
        expect(terms(t).every((w) => w.length > 1)).toBe(true);
        for (const s of sentences(t)) expect(normalize(t)).toContain(s);
        for (const q of findQuotes([t])) expect(n).toContain(q.text.toLowerCase());
        for (const e of findEntities(normalize(t))) expect(normalize(t).slice(e.index, e.index + e.length)).toBe(e.text);
      }),
      { numRuns: 400 },
    );
  });
});

describe('names', () => {
  /** The plain way: every entity's pattern over the whole text (what findEntities narrows down). */
  const exhaustive = (text: string, pattern: (aliases: readonly string[]) => RegExp = aliasPattern) => {
    const found = ENTITIES.flatMap((entity) => [...text.matchAll(pattern(entity.aliases))].map((m) => ({ entity, index: m.index, length: m[0].length, text: m[0] })));
    found.sort((a, b) => a.index - b.index || b.length - a.length);
    const out: typeof found = [];
    let end = -1;
    for (const m of found) {
      const last = out[out.length - 1];
      if (m.index < end && last && last.entity.kind === m.entity.kind) continue;
      out.push(m);
      end = Math.max(end, m.index + m.length);
    }
    return out;
  };
  const corpusWords = seedCorpus()
    .flatMap((d) => d.paragraphs.join(' ').split(/\s+/))
    .slice(0, 3000);

  it('finds the same mentions as running every entity over the whole text', () => {
    const piece = fc.oneof(
      fc.constantFrom(...corpusWords),
      fc.constantFrom(...ENTITIES.map((e) => e.name)),
      fc.string({ maxLength: 6 }),
      fc.constantFrom(' ', ', ', '. ', "'s ", '-', '\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), (pieces) => {
        const text = pieces.join(' ');
        expect(findEntities(text)).toEqual(exhaustive(text));
      }),
      { numRuns: 300 },
    );
    for (const d of seedCorpus()) for (const p of d.paragraphs) expect(findEntities(p)).toEqual(exhaustive(p));
  });

  it('finds the same mentions sliced (as the page reads a long text) as at once, names across a slice’s edge too', () => {
    // A slice is 4 000 characters: words and names, some glued to the word before, fall across the cut.
    const filler = corpusWords.join(' ');
    const piece = fc.tuple(fc.oneof(fc.constantFrom(...ENTITIES.map((e) => e.name)), fc.constantFrom(...corpusWords)), fc.constantFrom(' ', '', '-'));
    fc.assert(
      fc.property(fc.nat(80), fc.array(piece, { minLength: 1, maxLength: 30 }), (shift, pieces) => {
        const text = `${filler.slice(0, 3_960 + shift)}${pieces.map(([p, joiner]) => joiner + p).join('')} ${filler.slice(0, 4_100)}`;
        expect(runToEnd(findEntitySteps(text))).toEqual(exhaustive(text));
      }),
      { numRuns: 100 },
    );
  });

  it('every match of an alias starts with one of its literal starts (which the dispatch reads)', () => {
    expect(literalStarts('(?:Marco\\s+)?Rubio')).toEqual(['Ma', 'Ru']);
    expect(literalStarts('U\\.?S\\.?\\s+Congress')).toEqual(['U.', 'US.', 'US']);
    expect(literalStarts('Putin|\\p{L}+ov')).toBeUndefined();
    const aliases = ENTITIES.flatMap((e) => e.aliases);
    const piece = fc.oneof(
      fc.constantFrom(...corpusWords),
      fc.constantFrom(...ENTITIES.map((e) => e.name)),
      fc.constantFrom('J. D. Vance', 'JD Vance', 'U.S. Senate', 'US Congress', 'russische', 'Путина'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join(' ');
        for (const alias of aliases) {
          const starts = literalStarts(alias);
          if (starts) for (const m of text.matchAll(aliasPattern([alias]))) expect(starts.some((s) => text.startsWith(s, m.index))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  /** Word boundaries and "any letter" as Unicode properties: what the spelled-out letter ranges stand for. */
  const byProperty = (aliases: readonly string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${aliases.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const letters = 'aZé9ßøÆПутинжЖΩλאبकกვあ中한'.split('');

  it('reads word boundaries and letters as Unicode does, in the scripts news is written in', () => {
    const piece = fc.oneof(
      fc.constantFrom(...corpusWords),
      fc.constantFrom(...ENTITIES.map((e) => e.name)),
      fc.constantFrom('Путина', 'Путину', 'Трампом', 'Байдена', 'Лавров', 'Зеленский'),
      fc.constantFrom(...letters),
      fc.constantFrom(' ', ', ', '-', '\n'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom('', ' '), (pieces, glue) => {
        const text = pieces.join(glue);
        expect(exhaustive(text)).toEqual(exhaustive(text, byProperty));
      }),
      { numRuns: 300 },
    );
    for (const d of seedCorpus()) for (const p of d.paragraphs) expect(exhaustive(p)).toEqual(exhaustive(p, byProperty));
  });
});

describe('matching on arbitrary input', () => {
  it('quote similarity is within 0..1, symmetric, and 1 for a quote with itself', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = quoteSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(Math.abs(s - quoteSimilarity(b, a))).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Putin', 'relations', 'Obama', 'security', 'stability', 'Kremlin'), { minLength: 3, maxLength: 12 }), (ws) => {
        const q = ws.join(' ');
        if (new Set(ws.map((w) => w.toLowerCase())).size >= 2) expect(quoteSimilarity(q, q)).toBe(1);
      }),
    );
  });

  it('findRelated and searchCorpus never throw, and scores are ordered', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 6 }), (title, paragraphs) => {
        const related = findRelated(index, { title, paragraphs });
        for (let i = 1; i < related.length; i++) expect(related[i - 1]!.score).toBeGreaterThanOrEqual(related[i]!.score);
        for (const hit of searchCorpus(index, title)) {
          for (const [a, b] of hit.highlights) {
            expect(a).toBeLessThan(b);
            expect(b).toBeLessThanOrEqual(hit.passage.length);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('detection never throws and gives a score within 0..1', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 8 }), fc.boolean(), (title, paragraphs, isArticle) => {
        const v = detectTopic({ title, paragraphs, isArticle, pageKind: 'test', bodySource: 'container' });
        expect(v.score).toBeGreaterThanOrEqual(0);
        expect(v.score).toBeLessThanOrEqual(1);
        if (!isArticle) expect(v.onTopic).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the worker on arbitrary messages', () => {
  it('drops anything that is not a valid message from us, and never throws', async () => {
    const handler = createWorkerHandler({
      extensionId: 'ours',
      extensionUrl: 'chrome-extension://ours/',
      index: () => index,
      saveTab: async () => {},
      loadTab: async () => null,
      setBadge: async () => {},
      openReader: async () => {},
    });
    const sender = fc.record({
      id: fc.option(fc.constantFrom('ours', 'theirs'), { nil: undefined }),
      tab: fc.option(fc.record({ id: fc.nat() }), { nil: undefined }),
      url: fc.option(fc.constantFrom('chrome-extension://ours/popup.html', 'https://evil.example/'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.anything(), sender, async (message, from) => {
        const before = handler.dropped();
        const reply = handler.handle(message, from);
        if (reply === undefined) expect(handler.dropped()).toBe(before + 1);
        else await reply;
      }),
      { numRuns: 500 },
    );
  });
});

describe('packed postings', () => {
  it('unpack to the values packed, in any order and at any size, and a cut or padded pack is refused', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff })), (values) => {
        const packed = packPostings(values);
        expect(Array.from(unpackPostings(packed, values.length))).toEqual(values);
        if (values.length) expect(() => unpackPostings(packed.subarray(0, packed.length - 1), values.length)).toThrow();
        expect(() => unpackPostings(new Uint8Array([...packed, 0]), values.length)).toThrow();
      }),
    );
  });

  // A postings list: docs ascending (up to 16 M), each with a term frequency of 1 to 255, mostly 1.
  const list = fc
    .uniqueArray(fc.integer({ min: 0, max: 0xffffff }), { maxLength: 40 })
    .chain((docs) =>
      fc.tuple(fc.constant(docs.sort((a, b) => a - b)), fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 255 })), { minLength: docs.length, maxLength: docs.length })),
    )
    .map(([docs, tfs]) => docs.map((d, i) => d * 256 + tfs[i]!));

  it('packed a list at a time, each list unpacks alone to its postings, and a cut or padded list is refused', () => {
    fc.assert(
      fc.property(fc.array(list, { maxLength: 20 }), (lists) => {
        const counts = [0];
        for (const l of lists) counts.push(counts[counts.length - 1]! + l.length);
        const { bytes, byteOffsets } = packLists(lists.flat(), counts);
        expect(byteOffsets[lists.length]).toBe(bytes.length);
        lists.forEach((l, k) => {
          const packed = bytes.subarray(byteOffsets[k]!, byteOffsets[k + 1]!);
          expect(Array.from(unpackList(packed, l.length))).toEqual(l);
          if (l.length) expect(() => unpackList(packed.subarray(0, packed.length - 1), l.length)).toThrow();
          expect(() => unpackList(new Uint8Array([...packed, 0]), l.length)).toThrow();
        });
      }),
    );
  });

  it('take about a byte a posting for the lists of a real index (two, the way kept before)', () => {
    const index = buildIndex(seedCorpus());
    const terms = [...index.terms.postings.keys()];
    const counts = [0];
    for (const t of terms) counts.push(counts[counts.length - 1]! + index.terms.postings.get(t)!.length);
    const values = terms.flatMap((t) => Array.from(index.terms.postings.get(t)!));
    expect(packLists(values, counts).bytes.length).toBeLessThanOrEqual(values.length * 1.25);
  });

  it('take about two bytes a posting for lists in doc order', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i * 3 * 256 + (i % 7) + 1);
    expect(packPostings(values).length).toBeLessThanOrEqual(values.length * 2);
  });
});

describe('archive signatures', () => {
  /** The plain way: split at the separator class, drop short and function words, hash each word. */
  const reference = (text: string) =>
    text
      .split(/[\s!-/:-@[-`{-~\u00a0-\u00bf\u2010-\u205f\u3000-\u303f]+/)
      .filter((w) => w.length > 1 && !isStopword(w))
      .map((w) => hash(w));

  it('hash the same content words as splitting and filtering the text, for any text', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('the', 'of', 'putin', 'путин', 'said', '—', '\u3000', '\u00a0', '\ufeff', '\u1680', '\u2005', '\u0007', '\t', "it's"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.constantFrom('', ' ', ', '), (pieces, glue) => {
        const text = pieces.join(glue).toLowerCase();
        expect(contentWordHashes(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('archive dedupe keys in memory', () => {
  /**
   * The plain way: every kept record in order of keeping, per band (value pairs) the records having it;
   * candidates are those sharing a band, most shared first (first met first among equals), at most 16,
   * and the first of them similar enough is the near-duplicate.
   */
  class Reference {
    kept: { id: string; minhash: number[]; urls: string[] }[] = [];
    perBand: Map<string, string[]>[] = Array.from({ length: 8 }, () => new Map());
    band = (m: number[], i: number) => `${m[2 * i]}.${m[2 * i + 1]}`;
    add(k: { id: string; minhash: number[]; urls: string[] }) {
      this.remove(k.id);
      this.kept.push(k);
      this.perBand.forEach((b, i) => b.set(this.band(k.minhash, i), [...(b.get(this.band(k.minhash, i)) ?? []), k.id]));
    }
    remove(id: string) {
      const k = this.kept.find((x) => x.id === id);
      if (!k) return;
      this.kept = this.kept.filter((x) => x.id !== id);
      this.perBand.forEach((b, i) =>
        b.set(
          this.band(k.minhash, i),
          b.get(this.band(k.minhash, i))!.filter((x) => x !== id),
        ),
      );
    }
    nearDuplicate(m: number[]) {
      const shared = new Map<string, number>();
      this.perBand.forEach((b, i) => {
        for (const id of b.get(this.band(m, i)) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
      });
      const candidates = [...shared].sort((a, b) => b[1] - a[1]).slice(0, 16);
      return candidates.find(([id]) => similarity(this.kept.find((x) => x.id === id)!.minhash, m) >= SAME_TEXT)?.[0];
    }
    sameRecord(id: string, url: string) {
      return this.kept.some((k) => k.id === id) ? id : [...this.kept].reverse().find((k) => k.urls.includes(url))?.id;
    }
  }
  // Signatures over a tiny alphabet, so that bands are shared often and some texts are near-identical.
  const signature = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 });
  const op = fc.record({ add: fc.boolean(), id: fc.integer({ min: 0, max: 30 }), minhash: signature });
  // An address belongs to one record (the store folds a record read at a kept address into that one).
  const url = (id: number) => `https://x.example/${id}`;

  it('find the same record and the same near-duplicate as the plain way, through any adds and removals', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), signature, (ops, probe) => {
        const index = new DuplicateIndex(0);
        const reference = new Reference();
        for (const { add, id, minhash } of ops) {
          const k = { id: `r${id}`, minhash, urls: [url(id)] };
          if (add) {
            index.add(k);
            reference.add(k);
          } else {
            index.remove(k.id);
            reference.remove(k.id);
          }
          expect(index.nearDuplicate({ minhash })).toBe(reference.nearDuplicate(minhash));
        }
        expect(index.nearDuplicate({ minhash: probe })).toBe(reference.nearDuplicate(probe));
        for (let i = 0; i <= 30; i++) {
          expect(index.sameRecord({ id: `r${i}`, url: 'https://elsewhere.example/' })).toBe(reference.sameRecord(`r${i}`, 'https://elsewhere.example/'));
          expect(index.sameRecord({ id: 'other', url: url(i) })).toBe(reference.sameRecord('other', url(i)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
