import { useEffect, useState } from 'preact/hooks';
import type { CorpusArticle } from '@/src/corpus';
import type { TabState } from '@/src/messaging';
import { send } from '@/src/messaging/send';
import { applyTheme, settings } from '@/src/settings';
import { ReaderView } from '@/src/ui/ReaderView';

/** `?id=` the corpus article; `&tab=` the tab the reader came from, whose matches are highlighted. */
export function App() {
  const params = new URLSearchParams(location.search);
  const id = params.get('id') ?? '';
  const tabId = Number(params.get('tab'));
  const fromTab = params.has('tab') && Number.isInteger(tabId) && tabId >= 0;
  const [state, setState] = useState<{ loading: boolean; article?: CorpusArticle | null; tab?: TabState | null; error?: string }>({ loading: true });
  useEffect(() => {
    void settings.theme.getValue().then((t) => applyTheme(document, t));
    (async () => {
      const article = (await send({ type: 'corpus/article', id })) ?? null;
      const tab = fromTab ? ((await send({ type: 'tab/state', tabId })) ?? null) : null;
      setState({ loading: false, article, tab });
      if (article) document.title = `${article.title} · Backstory`;
    })().catch((e: unknown) => setState({ loading: false, error: String(e) }));
  }, [id]);
  const at = Number(params.get('at'));
  const words = (params.get('words') ?? '').split(/\s+/).filter(Boolean).slice(0, 16);
  return (
    <ReaderView
      {...state}
      at={params.has('at') && Number.isInteger(at) && at >= 0 ? at : undefined}
      words={words}
      readerUrl={(other) => `reader.html?id=${encodeURIComponent(other)}${fromTab ? `&tab=${tabId}` : ''}`}
    />
  );
}
