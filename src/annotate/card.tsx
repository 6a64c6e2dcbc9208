/**
 * The in-page card: a small panel in a shadow root with the count and the top related articles.
 * Everything from the page or the corpus is rendered as Preact text children, never as markup.
 */
import { useState } from 'preact/hooks';
import type { RelatedArticle } from '../match';
import { RelatedItem } from '../ui/RelatedItem';

export const CARD_CSS = `
:host { all: initial; }
.card { position: fixed; right: 16px; bottom: 16px; width: min(360px, calc(100vw - 32px)); max-height: 60vh; overflow: auto;
  box-sizing: border-box; padding: 12px 14px; border-radius: 10px; font: 14px/1.4 system-ui, sans-serif;
  background: #fffdf8; color: #1d1b16; border: 1px solid #d8cfbf; box-shadow: 0 6px 24px rgba(0,0,0,.18); z-index: 2147483000; }
.card.collapsed { width: auto; }
header { display: flex; align-items: center; gap: 8px; }
h2 { font-size: 14px; margin: 0; flex: 1; }
button { font: inherit; cursor: pointer; border: 1px solid #b9ad98; background: transparent; color: inherit; border-radius: 6px; padding: 2px 8px; }
ul { list-style: none; margin: 0; padding: 0; }
.related { padding: 8px 0; border-top: 1px solid #e8e0d2; }
.related:first-child { border-top: 0; }
.related-title { font-weight: 600; }
.related-meta { color: #6b6355; font-size: 12px; }
.same-story { font-size: 12px; margin-top: 2px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.chip { font-size: 11px; padding: 1px 6px; border-radius: 999px; background: #f1e6d2; color: #5a4526; }
.quote { margin: 6px 0 0; padding-left: 8px; border-left: 3px solid #c79a52; font-style: italic; font-size: 12px; }
.snippet { margin: 4px 0 0; font-size: 12px; color: #4a4438; }
@media (prefers-color-scheme: dark) {
  .card { background: #1f1d1a; color: #eee6d8; border-color: #4a4438; }
  .related { border-top-color: #3a362f; } .related-meta, .snippet { color: #b8ae9c; }
  .chip { background: #3a3024; color: #f1dcb8; } button { border-color: #6b6355; }
}
@media (prefers-reduced-motion: no-preference) { .card { transition: width .15s ease; } }
`;

export function InPageCard({ title, related }: { title: string; related: RelatedArticle[] }) {
  const [open, setOpen] = useState(true);
  return (
    <section class={open ? 'card' : 'card collapsed'} aria-label="Backstory: related past coverage" data-testid="backstory-card">
      <header>
        <h2>
          Backstory · <span data-testid="backstory-count">{related.length}</span> related
        </h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {open ? (
        <ul aria-label={`Past coverage related to ${title}`}>
          {related.slice(0, 3).map((item) => (
            <RelatedItem item={item} showSnippet={false} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
