/**
 * The articles of an index: those added whole, and those loaded from a serialized index, whose head
 * (id, title, outlet) is read at once and whose body (text, quotes, names, date) is parsed on first use,
 * or supplied later when the index was loaded without bodies (a snapshot).
 */
import type { CorpusArticle, PublicationDate } from '../corpus';
import { ENTITIES, type Quotation } from '../text';
import type { CorpusIndex } from './corpus-index';

/**
 * Every doc's title in UTF-8, one after another (title n ends at byte `ends[n]`), decoded when one is
 * read: a start reads the titles of the few docs it shows, not of every doc (and UTF-8 keeps a title
 * with one curly quote at a byte a character, where a string would take two for every character).
 */
export class TitleColumn {
  private static readonly decoder = new TextDecoder();
  constructor(
    readonly bytes: Uint8Array,
    readonly ends: ArrayLike<number>,
  ) {}
  title(n: number): string {
    return TitleColumn.decoder.decode(this.bytes.subarray(n === 0 ? 0 : this.ends[n - 1]!, this.ends[n]!));
  }
}
/**
 * Each doc's body as stored: names as [entity id, count], quotes as [text, paragraph, speaker]. The
 * archive keeps its bodies without what its records hold (the text, the date: each is kept once), and
 * a quote as where it stands in its paragraph: [paragraph, start, end, speaker].
 */
export interface StoredBody {
  paragraphs?: string[];
  quotes: ([text: string, paragraphIndex: number, speaker?: string] | [paragraphIndex: number, start: number, end: number, speaker?: string])[];
  entities: [id: string, count: number][];
  date?: PublicationDate;
}

/** What a body kept without them is read with: its record's text and date. */
export interface BodyText {
  paragraphs: string[];
  date?: PublicationDate;
}

/**
 * What matching finds in an article's text (its names, and where its quotes stand), kept with the
 * archive's record: read once, when the record is written, and never again from the text.
 */
export type Findings = Omit<StoredBody, 'paragraphs' | 'date'>;

/** The names and quotes of an article, as its record keeps them. */
export const findingsOf = (d: CorpusArticle): Findings => ({
  quotes: d.quotes.map((q) => keptQuote(q, d.paragraphs)),
  entities: d.entities.map((e) => [e.id, e.count]),
});

/** The names and quotes a record keeps, as matching reads them. */
export function readFindings(found: Findings, paragraphs: readonly string[]): Pick<CorpusArticle, 'quotes' | 'entities'> {
  return {
    quotes: found.quotes.map((q) => readQuote(q, paragraphs)),
    entities: found.entities.flatMap(([id, count]) => {
      const e = ENTITY_BY_ID.get(id);
      return e ? [{ id, name: e.name, kind: e.kind, count }] : [];
    }),
  };
}

/** What a list shows of a corpus article: which it is, its title, outlet and date, and where it comes from. */
export type ArticleHead = Pick<CorpusArticle, 'id' | 'title' | 'outlet' | 'date' | 'source' | 'pack'>;

export const ENTITY_BY_ID = new Map(ENTITIES.map((e) => [e.id, e]));
/** A loaded doc: the head is read at once, the body (text, quotes, names, date) on first use. */
export class StoredArticle implements CorpusArticle {
  readonly outlet?: string;
  readonly byline?: string;
  readonly pack?: string;
  private body?: Omit<CorpusArticle, 'id' | 'title' | 'source' | 'outlet' | 'byline' | 'pack'>;
  /** The title, or the loaded index's title column to read it from (at `at`, this doc's number there). */
  private titleOf: string | TitleColumn;
  constructor(
    readonly id: string,
    title: string | TitleColumn,
    readonly source: CorpusArticle['source'],
    outlet: string | null,
    byline: string | null,
    /** The body as stored (as JSON, or read already); undefined until supplied (see {@link supplyBodies}). */
    public raw: string | StoredBody | undefined,
    pack?: string | null,
    private readonly at = 0,
    /** The text and date, supplied with a body kept without them (the archive's record holds them). */
    public text?: BodyText,
  ) {
    this.titleOf = title;
    if (outlet !== null) this.outlet = outlet;
    if (byline !== null) this.byline = byline;
    if (pack) this.pack = pack;
  }
  get title(): string {
    if (typeof this.titleOf !== 'string') this.titleOf = this.titleOf.title(this.at);
    return this.titleOf;
  }
  private read() {
    if (this.body) return this.body;
    if (this.raw === undefined) throw new Error(`the text of ${this.id} was not read yet`);
    const b = typeof this.raw === 'string' ? (JSON.parse(this.raw) as StoredBody) : this.raw;
    const paragraphs = b.paragraphs ?? this.text?.paragraphs;
    if (!paragraphs) throw new Error(`the text of ${this.id} was not read yet`);
    const date = b.date ?? this.text?.date;
    return (this.body = { paragraphs, ...readFindings(b, paragraphs), ...(date ? { date } : {}) });
  }
  get paragraphs() {
    return this.read().paragraphs;
  }
  get quotes() {
    return this.read().quotes;
  }
  get entities() {
    return this.read().entities;
  }
  get date() {
    return this.read().date;
  }
  /** A plain object (for messages and JSON): the getters above are not own properties. */
  toJSON(): CorpusArticle {
    return plainArticle(this);
  }
}

/** The doc's head alone, its body to be supplied again (see {@link supplyBodies}) when next needed. */
export const headOnly = (d: CorpusArticle): CorpusArticle => new StoredArticle(d.id, d.title, d.source, d.outlet ?? null, d.byline ?? null, undefined, d.pack);

/** Whether a doc came from a loaded index (rather than being added since). */
export const isStoredArticle = (d: CorpusArticle): boolean => d instanceof StoredArticle;

/** What a list shows of a doc (its pack only where it has one). */
export const articleHead = (d: CorpusArticle): ArticleHead => ({ id: d.id, title: d.title, outlet: d.outlet, date: d.date, source: d.source, ...(d.pack ? { pack: d.pack } : {}) });

/** A doc as a plain object, whatever its kind (a loaded doc's fields are getters). */
export function plainArticle(d: CorpusArticle): CorpusArticle {
  const out: CorpusArticle = { id: d.id, title: d.title, source: d.source, paragraphs: d.paragraphs, quotes: d.quotes, entities: d.entities };
  if (d.outlet !== undefined) out.outlet = d.outlet;
  if (d.byline !== undefined) out.byline = d.byline;
  if (d.pack !== undefined) out.pack = d.pack;
  if (d.date !== undefined) out.date = d.date;
  return out;
}

/**
 * A doc's body as stored (its text, quotes, names and date, as JSON); when `withText` is false (the
 * archive's bodies), without what the record holds: the text and date, and each quote as where it
 * stands in its paragraph.
 */
export const bodyOf = (d: CorpusArticle, withText = true): string =>
  d instanceof StoredArticle && typeof d.raw === 'string' && (!withText || d.text === undefined)
    ? d.raw
    : JSON.stringify(
        withText
          ? ({
              paragraphs: d.paragraphs,
              quotes: d.quotes.map((q) => keptQuote(q)),
              entities: d.entities.map((e) => [e.id, e.count]),
              ...(d.date ? { date: d.date } : {}),
            } satisfies StoredBody)
          : findingsOf(d),
      );

type KeptQuote = StoredBody['quotes'][number];
/** A quote as a body keeps it: its text, or, given the paragraphs, where it stands in its own (if it does). */
function keptQuote(q: Quotation, paragraphs?: readonly string[]): KeptQuote {
  const at = paragraphs?.[q.paragraphIndex]?.indexOf(q.text) ?? -1;
  if (at < 0) return q.speaker ? [q.text, q.paragraphIndex, q.speaker] : [q.text, q.paragraphIndex];
  const end = at + q.text.length;
  return q.speaker ? [q.paragraphIndex, at, end, q.speaker] : [q.paragraphIndex, at, end];
}
function readQuote(q: KeptQuote, paragraphs: readonly string[]): Quotation {
  const [text, paragraphIndex, speaker] =
    typeof q[0] === 'number' ? [paragraphs[q[0]]?.slice(q[1] as number, q[2] as number) ?? '', q[0], q[3]] : [q[0], q[1] as number, q[2] as string | undefined];
  return speaker ? { text, paragraphIndex, speaker } : { text, paragraphIndex };
}

/** Whether doc n's body is at hand (an index loaded without bodies has them supplied on demand). */
export const hasBody = (index: CorpusIndex, n: number): boolean => {
  const d = index.docs[n];
  return !!d && (!(d instanceof StoredArticle) || d.raw !== undefined);
};

/**
 * Supplies bodies (as {@link bodyOf} wrote them) of docs loaded without theirs, by id; with the text
 * and date where the body was kept without them.
 */
export function supplyBodies(index: CorpusIndex, bodies: Iterable<[id: string, body: string | StoredBody, text?: BodyText]>): void {
  for (const [id, body, text] of bodies) {
    const d = index.docs[index.position.get(id) ?? -1];
    if (d instanceof StoredArticle && d.raw === undefined) {
      d.raw = body;
      d.text = text;
    }
  }
}
