/**
 * The one protocol between the page (content scripts), our pages (popup, reader, options) and the
 * background worker: for each message type, the schema of its request and the type of its reply, by
 * direction. Everything arriving at the worker is validated with valibot and bounded in size, because a
 * content script speaks for a page we do not trust. A caller's reply type follows from its request
 * (./send.ts); the worker's handlers are a table keyed by the same types (./worker.ts).
 *
 * A small map of our own over `runtime.sendMessage` rather than `@webext-core/messaging`: that library
 * types calls the same way but validates nothing, wraps each message in an envelope of its own, and
 * would be loaded by the first look on every news page; the validation and the sender checks are the
 * part that matters here, and they need the schemas anyway.
 */
import * as v from 'valibot';
import type { CorpusArticle } from '../corpus';
import { WHY, type TopicVerdict } from '../detect';
import type { RelatedArticle, SearchHit } from '../match';
import type { ArticleHead } from '../match/articles';
import type { PageMarks } from '../match/prior-mentions';
import { MESSAGE_LIMITS } from './limits';

const Evidence = v.object({
  name: v.pipe(v.string(), v.maxLength(200)),
  side: v.picklist(['ru', 'us', 'link']),
  where: v.picklist(['title', 'lead', 'body']),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const Verdict = v.object({
  onTopic: v.boolean(),
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  reason: v.pipe(v.string(), v.maxLength(500)),
  evidence: v.pipe(v.array(Evidence), v.maxLength(MESSAGE_LIMITS.evidence)),
  partlyRead: v.optional(v.boolean()),
  why: v.optional(
    v.object({
      kind: v.picklist(WHY),
      ru: v.optional(v.pipe(v.string(), v.maxLength(500))),
      us: v.optional(v.pipe(v.string(), v.maxLength(500))),
      kindOfPage: v.optional(v.pipe(v.string(), v.maxLength(200))),
      country: v.optional(v.pipe(v.string(), v.maxLength(200))),
      countryCode: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
    }),
  ),
});

const PageArticle = v.object({
  title: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.title)),
  paragraphs: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.paragraph))), v.maxLength(MESSAGE_LIMITS.paragraphs)),
  siteName: v.optional(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.title))),
  published: v.optional(v.pipe(v.string(), v.maxLength(100))),
  /** Where the page stated its date, and what it said. */
  dateSource: v.optional(v.picklist(['json-ld', 'meta', 'time', 'byline', 'address'])),
  dateEvidence: v.optional(v.pipe(v.string(), v.maxLength(300))),
  lang: v.optional(v.pipe(v.string(), v.maxLength(35))),
  byline: v.optional(v.pipe(v.string(), v.maxLength(300))),
  /** The page's canonical address, when it states one (else the address it was read at). */
  canonicalUrl: v.optional(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.url))),
  /** What kind of page the extractor found it to be (one article, or not, and why). */
  isArticle: v.boolean(),
  pageKind: v.pipe(v.string(), v.maxLength(200)),
  /** The body went on past the reading budget. */
  truncated: v.optional(v.boolean()),
});

/** The scripts the worker loads into a page on its request: the full analysis, and its extractor's last resort. */
export const PAGE_PARTS = ['article', 'readability'] as const;
export type PagePart = (typeof PAGE_PARTS)[number];

const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const articleId = v.pipe(v.string(), v.maxLength(200));
/** The options page's name for a file it sends in parts. */
const uploadId = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/));

/** Page -> worker: what a content script may ask. */
export const PAGE_REQUESTS = {
  /** A page the first look already judged (nothing on the Russian side in its headlines): its verdict. */
  'page/verdict': v.object({
    type: v.literal('page/verdict'),
    url: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.url)),
    verdict: Verdict,
  }),
  /** The reader turned Backstory off on the page's site: no result, an empty badge, the popup says so. */
  'page/off': v.object({
    type: v.literal('page/off'),
    url: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.url)),
    /** Paused everywhere rather than off on the site. */
    paused: v.optional(v.boolean()),
  }),
  /** The page's article as read: the worker judges it, and answers with the verdict, related coverage and marks. */
  'page/article': v.object({
    type: v.literal('page/article'),
    url: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.url)),
    article: PageArticle,
  }),
  /**
   * The first look found a Russia-side name in the headlines: the worker loads the full analysis into the
   * page; or the full analysis found no body by JSON-LD or the article container: it loads Readability.
   */
  'page/load': v.object({ type: v.literal('page/load'), part: v.optional(v.picklist(PAGE_PARTS)) }),
  /** A hover card's "open" link: the worker opens the reader page in a new tab. */
  'reader/open': v.object({ type: v.literal('reader/open'), id: articleId }),
} as const;

/** Our pages (popup, reader, options) -> worker. */
export const UI_REQUESTS = {
  'tab/state': v.object({ type: v.literal('tab/state'), tabId }),
  'corpus/search': v.object({ type: v.literal('corpus/search'), query: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.query)) }),
  'corpus/article': v.object({ type: v.literal('corpus/article'), id: articleId }),
  /** The articles Backstory ships with (the seed corpus), for the welcome page: title, outlet, date. */
  'corpus/seeds': v.object({ type: v.literal('corpus/seeds') }),
  /** "Analyze this page": run the page pipeline once in this tab (activeTab, granted by opening the popup). */
  'tab/analyze': v.object({ type: v.literal('tab/analyze'), tabId }),
  /** The options page's archive: the worker is the one owner of the database. */
  'archive/list': v.object({ type: v.literal('archive/list') }),
  /** A file in one message, or the end of one sent in parts (`upload`): imported, all or nothing. */
  'archive/import': v.pipe(
    v.object({ type: v.literal('archive/import'), file: v.optional(v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.importFile))), upload: v.optional(uploadId) }),
    v.check((m) => (m.file === undefined) !== (m.upload === undefined), 'a file or an upload, not both'),
  ),
  /** Part `seq` (from 0) of a file too large for one message; the parts come in order, each answered before the next. */
  'archive/import-part': v.object({
    type: v.literal('archive/import-part'),
    upload: uploadId,
    seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
    text: v.pipe(v.string(), v.maxLength(MESSAGE_LIMITS.importPart)),
  }),
  /** Where the import under way stands, for the options page's progress bar (asked while it waits). */
  'archive/import-status': v.object({ type: v.literal('archive/import-status') }),
  'archive/export': v.object({ type: v.literal('archive/export') }),
  'archive/delete': v.object({ type: v.literal('archive/delete'), id: articleId }),
  /** A corpus pack, removed as a whole: every record that came with it. */
  'archive/delete-pack': v.object({ type: v.literal('archive/delete-pack'), name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)) }),
  'archive/clear': v.object({ type: v.literal('archive/clear') }),
} as const;

export type PageType = keyof typeof PAGE_REQUESTS;
export type UiType = keyof typeof UI_REQUESTS;
export type MessageType = PageType | UiType;

/** The request of a message type, as its schema gives it. */
export type RequestOf<T extends MessageType> = T extends PageType ? v.InferOutput<(typeof PAGE_REQUESTS)[T]> : T extends UiType ? v.InferOutput<(typeof UI_REQUESTS)[T]> : never;
export type PageMessage = RequestOf<PageType>;
export type UiMessage = RequestOf<UiType>;
export type PageArticle = v.InferOutput<typeof PageArticle>;

/** What the worker keeps for a tab (in session storage, so a stopped worker loses nothing). */
export interface TabState {
  url: string;
  title: string;
  /** When the page says it was published (ISO), if it says; where it said it, and what it said. */
  published?: string;
  publishedSource?: PageArticle['dateSource'];
  publishedEvidence?: string;
  /** The page's language (ISO 639-1), as it declares it or as its text reads. */
  lang?: string;
  /** The corpus's own copy of this page (a seed, or an archived copy at another address), if it has one. */
  corpusCopy?: { id: string; title: string; source: 'seed' | 'archive' };
  /** What the archive did with this page: kept it, updated it, folded it into another outlet's copy. */
  archived?: 'saved' | 'updated' | 'merged';
  /** Why it was not kept, when the archive could not write (a full quota). */
  archiveError?: string;
  verdict: TopicVerdict;
  related: RelatedArticle[];
  analyzedAt: number;
  /** Backstory is off on this page's site (or paused everywhere: `paused`): nothing was read. */
  off?: boolean;
  paused?: boolean;
}

/** An archived article as the options page lists it. */
export interface ArchiveListItem {
  id: string;
  title: string;
  site: string;
  url: string;
  savedAt: number;
  published?: string;
  /** The corpus pack it came with, if any. */
  pack?: string;
}

/** An import under way: checking the file's records, saving them (one transaction), or adding them to the index. */
export interface ImportProgress {
  stage: 'checking' | 'saving' | 'indexing';
  done: number;
  total: number;
}

/** The outcome of an archive change asked for by the options page: done, or why not (nothing changed then). */
export type ArchiveOutcome<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** The reply to each message type. */
export interface Replies {
  'page/verdict': void;
  'page/off': void;
  'page/article': { verdict: TopicVerdict; related: RelatedArticle[]; marks: PageMarks; shortcut?: string };
  'page/load': void;
  'reader/open': void;
  'tab/state': TabState | null;
  'corpus/search': SearchHit[];
  'corpus/article': CorpusArticle | null;
  'corpus/seeds': ArticleHead[];
  'tab/analyze': { ok: boolean; error?: string };
  'archive/list': { items: ArchiveListItem[] };
  'archive/import': ArchiveOutcome<{ saved: number; updated: number; merged: number; seedCopies: number }>;
  'archive/import-part': ArchiveOutcome;
  'archive/import-status': ImportProgress | null;
  'archive/export': ArchiveOutcome<{ file: string }>;
  'archive/delete': ArchiveOutcome;
  'archive/delete-pack': ArchiveOutcome<{ removed: number }>;
  'archive/clear': ArchiveOutcome;
}

const PageToWorker = v.variant('type', Object.values(PAGE_REQUESTS));
const UiToWorker = v.variant('type', Object.values(UI_REQUESTS));

/** A message from a content script, validated: its request, or null when it is not one of ours. */
export const parsePageMessage = (msg: unknown): PageMessage | null => {
  const r = v.safeParse(PageToWorker, msg);
  return r.success ? (r.output as PageMessage) : null;
};

/** A message from one of our pages, validated: its request, or null when it is not one of ours. */
export const parseUiMessage = (msg: unknown): UiMessage | null => {
  const r = v.safeParse(UiToWorker, msg);
  return r.success ? (r.output as UiMessage) : null;
};
