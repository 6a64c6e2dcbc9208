/**
 * The worker's side of the protocol: validates each message, runs matching, keeps per-tab state and
 * the toolbar badge. Browser APIs come in as `deps` so the same handler runs under WXT's fakeBrowser.
 */
import type { ArticleQuery, CorpusIndex } from '../match';
import { clip, docsToRead, findRelated, plainArticle, prepareRelated, prepareSearch, searchCorpus } from '../match';
import type { SaveResult } from '../archive';
import { SAME_TEXT, signature, similarity } from '../archive/records';
import type { RelatedArticle } from '../match';
import { marksFor } from '../match/marks';
import { parsePageMessage, parseUiMessage, type PageArticle, type PagePart, type TabState } from '.';

/** The personal archive as the worker uses it (absent: nothing is kept). */
export interface WorkerArchive {
  /** The archived record already standing for an address (its own or a syndicated copy), if any. */
  idForUrl(url: string): Promise<string | undefined>;
  /** Keeps an on-topic page, if the reader's settings allow it for this site; null when not kept. */
  save(url: string, article: PageArticle): Promise<SaveResult | null>;
  /** The archive changed elsewhere (options page): bring the index up to date. */
  changed(): void;
}

export interface WorkerDeps {
  index: () => CorpusIndex | Promise<CorpusIndex>;
  /** Makes these docs' bodies readable (an index loaded from a snapshot reads them on demand); absent: all are. */
  readBodies?: (index: CorpusIndex, docs: number[]) => Promise<void>;
  archive?: WorkerArchive;
  saveTab: (tabId: number, state: TabState) => Promise<void>;
  loadTab: (tabId: number) => Promise<TabState | null>;
  setBadge: (tabId: number, text: string) => Promise<void>;
  /** Opens the reader page for a corpus article in a new tab. */
  openReader: (id: string, fromTab: number) => Promise<void>;
  /** Loads a part of the page's analysis (the full analysis, or Readability for it) into a tab's frame. */
  loadPart?: (tabId: number, frameId: number, part: PagePart) => Promise<void>;
  /** Runs the content script once in a tab the reader asked about (activeTab). */
  analyzeTab?: (tabId: number) => Promise<void>;
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
  /** Messages dropped as invalid or from an unexpected sender, for diagnostics and tests. */
  dropped(): number;
}

export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  let dropped = 0;
  const drop = () => {
    dropped++;
    return undefined;
  };
  const read = (index: CorpusIndex, docs: number[]) => deps.readBodies?.(index, docs) ?? Promise.resolve();
  const related = async (index: CorpusIndex, query: ArticleQuery, limit?: number) => {
    const prepared = prepareRelated(index, query);
    await read(index, docsToRead(index, prepared));
    return findRelated(index, query, limit, prepared);
  };
  return {
    dropped: () => dropped,
    handle(message, sender) {
      if (sender.id !== deps.extensionId) return drop();
      const fromOurPage = sender.url?.startsWith(deps.extensionUrl) ?? false;
      const tabId = sender.tab?.id;
      if (tabId !== undefined && !fromOurPage) {
        // From a content script: only page messages, about the tab that sent them.
        const parsed = parsePageMessage(message);
        if (!parsed.success) return drop();
        const msg = parsed.output;
        if (msg.type === 'page/load') {
          if (!deps.loadPart) return drop();
          // The page's article is on its way: the index starts loading now (a restarted worker's cold
          // start then overlaps the page's own extraction and detection), not when the article arrives.
          void Promise.resolve()
            .then(() => deps.index())
            .catch(() => undefined);
          return deps.loadPart(tabId, sender.frameId ?? 0, msg.part ?? 'article').then(
            () => undefined,
            () => void drop(),
          );
        }
        if (msg.type === 'reader/open') {
          return Promise.resolve(deps.index()).then((index) => (index.position.has(msg.id) ? deps.openReader(msg.id, tabId) : void drop()));
        }
        return (async () => {
          const index = await deps.index();
          const onTopic = msg.verdict.onTopic && msg.article;
          const address = msg.article?.canonicalUrl ?? msg.url;
          // The page itself, if an earlier visit archived it, is not its own backstory.
          const self = onTopic ? await deps.archive?.idForUrl(address).catch(() => undefined) : undefined;
          const found = onTopic ? await related(index, { ...msg.article!, excludeId: self }, 6) : [];
          // The page may be an article Backstory already has (a seed, or an archived copy at another
          // address): it is then not its own backstory, and is said so once, apart from the list.
          const checked = onTopic ? withoutItself(index, msg.article!.paragraphs, found) : { related: found };
          const itself = checked.itself;
          // Scored again without it: its own near-perfect score would squeeze every other one.
          const list = itself ? await related(index, { ...msg.article!, excludeIds: [itself.id, ...(self ? [self] : [])] }) : checked.related.slice(0, 5);
          const marks = msg.article && list.length ? marksFor(index, msg.article, list) : { entities: [], quotes: [] };
          const state: TabState = { url: msg.url, title: msg.article?.title ?? '', published: msg.article?.published, verdict: msg.verdict, related: list, analyzedAt: Date.now() };
          if (itself) state.itself = itself;
          // A seed is in the corpus already: only articles that are not get archived.
          if (onTopic && deps.archive && itself?.source !== 'seed') {
            try {
              const saved = await deps.archive.save(address, msg.article!);
              if (saved) state.archived = saved.status;
            } catch (error) {
              state.archiveError = error instanceof Error ? error.message : String(error);
            }
          }
          await deps.saveTab(tabId, state);
          await deps.setBadge(tabId, msg.verdict.onTopic && list.length > 0 ? String(list.length) : '');
          return { related: list, marks };
        })();
      }
      const parsed = parseUiMessage(message);
      if (!parsed.success) return drop();
      const msg = parsed.output;
      switch (msg.type) {
        case 'tab/state':
          return deps.loadTab(msg.tabId);
        case 'corpus/search':
          return Promise.resolve(deps.index()).then(async (index) => {
            const prepared = prepareSearch(index, msg.query);
            await read(index, prepared.hits);
            return searchCorpus(index, msg.query, undefined, prepared);
          });
        case 'archive/changed':
          if (!fromOurPage) return drop();
          deps.archive?.changed();
          return Promise.resolve();
        case 'tab/analyze':
          if (!deps.analyzeTab) return drop();
          return deps.analyzeTab(msg.tabId).then(
            () => ({ ok: true }),
            (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
          );
        case 'corpus/article':
          return Promise.resolve(deps.index()).then(async (index) => {
            const n = index.position.get(msg.id);
            if (n === undefined) return null;
            await read(index, [n]);
            return plainArticle(index.docs[n]!);
          });
      }
    },
  };
}

/**
 * Takes out of the related list the article whose text is the page's own (a related item, or a report
 * inside one), and names it; the list otherwise unchanged.
 */
function withoutItself(index: CorpusIndex, paragraphs: readonly string[], related: readonly RelatedArticle[]): { related: RelatedArticle[]; itself?: TabState['itself'] } {
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
      return { related: [...related.slice(0, k), ...rest, ...related.slice(k + 1)], itself: { id: item.id, title: item.title, source: item.source } };
    }
    const inner = item.sameStory.find((s) => isPage(s.id));
    if (inner) {
      const doc = index.docs[index.position.get(inner.id)!]!;
      return {
        related: related.map((r) => (r === item ? { ...item, sameStory: item.sameStory.filter((s) => s !== inner) } : r)),
        itself: { id: inner.id, title: inner.title, source: doc.source },
      };
    }
  }
  return { related: [...related] };
}
