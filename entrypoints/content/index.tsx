import { render } from 'preact';
import { matchPatterns, DEFAULT_NEWS_SITES } from '@/src/settings/sites';
import { analyzePage } from '@/src/annotate/pipeline';
import { InPageCard, CARD_CSS } from '@/src/annotate/card';

export default defineContentScript({
  matches: matchPatterns(DEFAULT_NEWS_SITES),
  runAt: 'document_idle',
  async main(ctx) {
    const result = await analyzePage(document, location.href, (msg) => browser.runtime.sendMessage(msg));
    if (!result || ctx.isInvalid || result.related.length === 0) return;
    const ui = await createShadowRootUi(ctx, {
      name: 'backstory-card',
      // Inline host at the end of <body>; the card itself is position:fixed inside the shadow root.
      position: 'inline',
      anchor: 'body',
      css: CARD_CSS,
      onMount: (container) => {
        render(<InPageCard title={result.title} related={result.related} />, container);
        return container;
      },
      onRemove: (container) => container && render(null, container),
    });
    ui.mount();
  },
});
