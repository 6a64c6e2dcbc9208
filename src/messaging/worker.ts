/**
 * The worker's side of the protocol: each message is validated, checked for where it came from (a
 * page's messages only from our content scripts, about their own tab; our pages' only from our pages),
 * and answered by the handler of its type. Browser APIs come in as `deps`, so the same handler runs
 * under WXT's fakeBrowser.
 */
import type { SaveResult } from '../archive';
import { SAME_TEXT, signature, similarity } from '../archive/signature';
import type { ArticleQuery, CorpusIndex, RelatedArticle } from '../match';
import { clip, docsToRead, findRelated, plainArticle, prepareRelated, prepareSearch, searchCorpus } from '../match';
import { detectTopic } from '../detect';
import { marksFor } from '../match/prior-mentions';
import { pageLanguage } from '../detect/language';
import { NO_HEADLINE } from '../detect/first-look';
import { t, tn } from '../ui/i18n';
import { MESSAGE_LIMITS } from './limits';
import {
  parsePageMessage,
  parseUiMessage,
  type ArchiveListItem,
  type ImportProgress,
  type PageArticle,
  type PagePart,
  type PageType,
  type Replies,
  type RequestOf,
  type TabState,
  type UiType,
} from './protocol';

/** The personal archive as the worker uses it (absent: nothing is kept). The worker is its database's one owner. */
export interface WorkerArchive {
  /** The archived record already standing for an address (its own or a syndicated copy), if any. */
  idForUrl(url: string): Promise<string | undefined>;
  /** Keeps an on-topic page, if the reader's settings allow it for this site; null when not kept. */
  save(url: string, article: PageArticle): Promise<SaveResult | null>;
  list(): Promise<ArchiveListItem[]>;
  /**
   * Takes part `seq` (from 0) of a file the options page sends a part at a time (a pack may be hundreds
   * of MB: more than one message carries); checked as it comes, nothing written yet.
   */
  importPart(upload: string, seq: number, text: string): Promise<void>;
  /** Imports an archive file, or the one whose parts were sent (validated first: all of it, or nothing). */
  importFile(file: string | { upload: string }): Promise<{ saved: number; updated: number; merged: number; seedCopies: number }>;
  /** Where the import under way stands; null when none is. */
  importStatus(): ImportProgress | null;
  exportFile(): Promise<string>;
  delete(id: string): Promise<void>;
  /** Removes a pack's records; how many there were. */
  deletePack(name: string): Promise<number>;
  clear(): Promise<void>;
}

export interface WorkerDeps {
  index: () => CorpusIndex | Promise<CorpusIndex>;
  /** Makes these docs' bodies readable (an index loaded from a snapshot reads them on demand); absent: all are. */
  readBodies?: (index: CorpusIndex, docs: number[]) => Promise<void>;
  archive?: WorkerArchive;
  saveTab: (tabId: number, state: TabState) => Promise<void>;
  loadTab: (tabId: number) => Promise<TabState | null>;
  /** The toolbar badge of a tab (a count, or empty) and its tooltip, which says what the count is. */
  setBadge: (tabId: number, text: string, title: string) => Promise<void>;
  /** The in-page card's keyboard shortcut as the browser has it ("" when none). */
  shortcut?: () => Promise<string>;
  /** Opens the reader page for a corpus article in a new tab. */
  openReader: (id: string, fromTab: number) => Promise<void>;
  /** Loads a part of the page's analysis (the full analysis, or Readability for it) into a tab's frame. */
  loadPart?: (tabId: number, frameId: number, part: PagePart) => Promise<void>;
  /** Runs the content script once in a tab the reader asked about (activeTab). */
  analyzeTab?: (tabId: number) => Promise<void>;
  /** The detection threshold the reader's sensitivity setting gives (absent: the default). */
  threshold?: () => number | Promise<number>;
  /** Our own extension id: messages from anyone else are dropped. */
  extensionId: string;
  /** Our pages' URL prefix (runtime.getURL('')): tells our popup, opened in a tab, from a content script. */
  extensionUrl: string;
}

export interface Sender {
  id?: string;
  tab?: { id?: number };
  frameId?: number;
  url?: string;
}

export interface WorkerHandler {
  handle(message: unknown, sender: Sender): Promise<unknown> | undefined;
  /** Messages dropped as invalid, from an unexpected sender, or failed, for diagnostics and tests. */
  dropped(): number;
  /** Why the last few were dropped (newest last). */
  problems(): readonly string[];
}

/** Where a page's message came from: the tab and frame of the content script that sent it. */
interface FromPage {
  tabId: number;
  frameId: number;
}

type PageHandlers = { [T in PageType]: (msg: RequestOf<T>, from: FromPage) => Promise<Replies[T]> };
type UiHandlers = { [T in UiType]: (msg: RequestOf<T>) => Promise<Replies[T]> };

/** A handler that could not do what was asked says why; the change it was asked for did not happen. */
const failure = (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) });

export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  let dropped = 0;
  const problems: string[] = [];
  /** Counts a message not answered, with why: a page's mistakes and attacks are expected, and never thrown back. */
  const drop = (why: string, error?: unknown) => {
    dropped++;
    problems.push(error === undefined ? why : `${why}: ${error instanceof Error ? error.message : String(error)}`);
    if (problems.length > 20) problems.shift();
    return undefined;
  };
  const read = (index: CorpusIndex, docs: number[]) => deps.readBodies?.(index, docs) ?? Promise.resolve();
  const related = async (index: CorpusIndex, query: ArticleQuery, limit?: number) => {
    const prepared = prepareRelated(index, query);
    await read(index, docsToRead(index, prepared));
    return findRelated(index, query, limit, prepared);
  };
  const archive = () => {
    if (!deps.archive) throw new Error('the archive is not available');
    return deps.archive;
  };

  const page: PageHandlers = {
    'page/load': async (msg, from) => {
      if (!deps.loadPart) throw new Error('cannot load scripts here');
      // The page's article is on its way: the index starts loading now (a restarted worker's cold start
      // then overlaps the page's own extraction and detection), not when the article arrives.
      void Promise.resolve()
        .then(() => deps.index())
        .catch(() => undefined); // a failure to load shows again, and is reported, when the article arrives
      await deps.loadPart(from.tabId, from.frameId, msg.part ?? 'article');
    },
    'reader/open': async (msg, from) => {
      const index = await deps.index();
      if (!index.position.has(msg.id)) throw new Error('no such article');
      await deps.openReader(msg.id, from.tabId);
    },
    'page/verdict': async (msg, from) => {
      const state: TabState = { url: msg.url, title: '', verdict: msg.verdict, related: [], analyzedAt: Date.now() };
      await deps.saveTab(from.tabId, state);
      await deps.setBadge(from.tabId, '', t('badgeTitleNone'));
    },
    'page/off': async (msg, from) => {
      const state: TabState = { url: msg.url, title: '', verdict: NO_HEADLINE, related: [], analyzedAt: Date.now(), off: true, ...(msg.paused ? { paused: true } : {}) };
      await deps.saveTab(from.tabId, state);
      await deps.setBadge(from.tabId, '', t(msg.paused ? 'badgeTitlePaused' : 'badgeTitleOff'));
    },
    'page/article': async (msg, from) => {
      const { article } = msg;
      const judged = detectTopic({ ...article, paragraphs: [...article.paragraphs], bodySource: 'none' }, await deps.threshold?.());
      const verdict = { ...judged, evidence: judged.evidence.slice(0, MESSAGE_LIMITS.evidence) };
      const index = await deps.index();
      let list: RelatedArticle[] = [];
      let corpusCopy: TabState['corpusCopy'];
      const address = article.canonicalUrl ?? msg.url;
      if (verdict.onTopic) {
        // The page itself, if an earlier visit archived it, is not its own backstory.
        const archivedCopy = await deps.archive?.idForUrl(address).catch(() => undefined);
        const found = await related(index, { ...article, excludeId: archivedCopy }, 6);
        // The page may be an article Backstory already has (a seed, or an archived copy at another
        // address): it is then not its own backstory, and is said so once, apart from the list.
        const checked = withoutThePage(index, article.paragraphs, found);
        corpusCopy = checked.corpusCopy;
        // Scored again without it: its own near-perfect score would squeeze every other one.
        list = corpusCopy ? await related(index, { ...article, excludeIds: [corpusCopy.id, ...(archivedCopy ? [archivedCopy] : [])] }) : checked.related.slice(0, 5);
      }
      const marks = verdict.onTopic && list.length ? marksFor(index, article, list) : { entities: [], quotes: [] };
      const state: TabState = { url: msg.url, title: article.title, verdict, related: list, analyzedAt: Date.now() };
      const lang = pageLanguage(article);
      if (lang) state.lang = lang;
      if (article.published) Object.assign(state, { published: article.published, publishedSource: article.dateSource, publishedEvidence: article.dateEvidence });
      if (corpusCopy) state.corpusCopy = corpusCopy;
      // A seed is in the corpus already: only articles that are not get archived.
      if (verdict.onTopic && deps.archive && corpusCopy?.source !== 'seed') {
        try {
          const saved = await deps.archive.save(address, article);
          if (saved) state.archived = saved.status;
        } catch (error) {
          state.archiveError = error instanceof Error ? error.message : String(error);
        }
      }
      await deps.saveTab(from.tabId, state);
      const shown = verdict.onTopic ? list.length : 0;
      await deps.setBadge(from.tabId, shown ? String(shown) : '', shown ? tn('badgeTitle', shown) : t('badgeTitleNone'));
      const shortcut = list.length ? await deps.shortcut?.().catch(() => '') : undefined;
      return { verdict, related: list, marks, ...(shortcut ? { shortcut } : {}) };
    },
  };

  const ui: UiHandlers = {
    'tab/state': (msg) => deps.loadTab(msg.tabId),
    'corpus/search': async (msg) => {
      const index = await deps.index();
      const prepared = prepareSearch(index, msg.query);
      await read(index, prepared.hits);
      return searchCorpus(index, msg.query, undefined, prepared);
    },
    'corpus/seeds': async () => {
      const index = await deps.index();
      const seeds = index.docs.flatMap((d, n) => (d.source === 'seed' && !index.removed.has(n) ? [n] : []));
      await read(index, seeds);
      return seeds.map((n) => {
        const d = index.docs[n]!;
        return { id: d.id, title: d.title, outlet: d.outlet, date: d.date, source: d.source };
      });
    },
    'corpus/article': async (msg) => {
      const index = await deps.index();
      const n = index.position.get(msg.id);
      if (n === undefined) return null;
      await read(index, [n]);
      return plainArticle(index.docs[n]!);
    },
    'tab/analyze': async (msg) => {
      if (!deps.analyzeTab) return { ok: false, error: 'cannot run here' };
      return deps.analyzeTab(msg.tabId).then(() => ({ ok: true }), failure);
    },
    'archive/list': async () => ({ items: deps.archive ? await deps.archive.list() : [] }),
    'archive/import': (msg) =>
      Promise.resolve()
        .then(() => archive().importFile(msg.file ?? { upload: msg.upload! }))
        .then((counts) => ({ ok: true as const, ...counts }), failure),
    'archive/import-part': (msg) =>
      Promise.resolve()
        .then(() => archive().importPart(msg.upload, msg.seq, msg.text))
        .then(() => ({ ok: true as const }), failure),
    'archive/import-status': async () => deps.archive?.importStatus() ?? null,
    'archive/export': () =>
      Promise.resolve()
        .then(() => archive().exportFile())
        .then((file) => ({ ok: true as const, file }), failure),
    'archive/delete': (msg) =>
      Promise.resolve()
        .then(() => archive().delete(msg.id))
        .then(() => ({ ok: true as const }), failure),
    'archive/delete-pack': (msg) =>
      Promise.resolve()
        .then(() => archive().deletePack(msg.name))
        .then((removed) => ({ ok: true as const, removed }), failure),
    'archive/clear': () =>
      Promise.resolve()
        .then(() => archive().clear())
        .then(() => ({ ok: true as const }), failure),
  };

  return {
    dropped: () => dropped,
    problems: () => problems,
    handle(message, sender) {
      if (sender.id !== deps.extensionId) return drop('not from this extension');
      const fromOurPage = sender.url?.startsWith(deps.extensionUrl) ?? false;
      const tabId = sender.tab?.id;
      if (tabId !== undefined && !fromOurPage) {
        // From a content script: only page messages, about the tab that sent them.
        const msg = parsePageMessage(message);
        if (!msg) return drop('not a page message');
        // The table is keyed by the same types as the requests: this message's handler takes this message.
        const handler = page[msg.type] as (m: typeof msg, from: FromPage) => Promise<unknown>;
        return handler(msg, { tabId, frameId: sender.frameId ?? 0 }).catch((error: unknown) => drop(msg.type, error));
      }
      if (!fromOurPage) return drop('a page message from outside a tab');
      const msg = parseUiMessage(message);
      if (!msg) return drop('not a message of our pages');
      // As above: the handler of this message's type.
      const handler = ui[msg.type] as (m: typeof msg) => Promise<unknown>;
      return handler(msg).catch((error: unknown) => drop(msg.type, error));
    },
  };
}

/**
 * Takes out of the related list the article whose text is the page's own (a related item, or a report
 * inside one), and names it; the list otherwise unchanged.
 */
function withoutThePage(index: CorpusIndex, paragraphs: readonly string[], related: readonly RelatedArticle[]): { related: RelatedArticle[]; corpusCopy?: TabState['corpusCopy'] } {
  const page = signature(paragraphs).minhash;
  const isPage = (id: string) => {
    const doc = index.docs[index.position.get(id) ?? -1];
    return doc ? similarity(page, signature(doc.paragraphs).minhash) >= SAME_TEXT : false;
  };
  for (const [k, item] of related.entries()) {
    if (isPage(item.id)) {
      const rest = item.sameStory.length
        ? [
            {
              ...item,
              ...item.sameStory[0]!,
              snippet: clip(index.docs[index.position.get(item.sameStory[0]!.id) ?? -1]?.paragraphs[0] ?? '', 240),
              sameStory: item.sameStory.slice(1),
            },
          ]
        : [];
      return { related: [...related.slice(0, k), ...rest, ...related.slice(k + 1)], corpusCopy: { id: item.id, title: item.title, source: item.source } };
    }
    const inner = item.sameStory.find((s) => isPage(s.id));
    if (inner) {
      const doc = index.docs[index.position.get(inner.id)!]!;
      return {
        related: related.map((r) => (r === item ? { ...item, sameStory: item.sameStory.filter((s) => s !== inner) } : r)),
        corpusCopy: { id: inner.id, title: inner.title, source: doc.source },
      };
    }
  }
  return { related: [...related] };
}
