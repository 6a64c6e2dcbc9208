/**
 * Hand-written pages for bad input: broken, huge and hostile. Each payload, if it ever ran, would set
 * window.__pwned; page text that mentions Putin and the US sits in places our UI shows.
 */
export interface BadPage {
  label: string;
  html: string;
  onTopic: boolean;
  /** The page never finishes loading: navigate until DOMContentLoaded only. */
  neverLoads?: boolean;
  /** The page takes our card away (hides or removes its host, or owns its tag name): no card to count. */
  cardBlocked?: boolean;
  /** Only Readability finds the body: the full analysis must have it loaded (the third script). */
  readability?: boolean;
}

const PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;

/** Article paragraphs about the topic, written for these tests. */
const ON_TOPIC_PARAGRAPHS = [
  'Russian President Vladimir Putin told U.S. President Donald Trump in a letter that Moscow was ready for dialogue, the Kremlin said, as relations between Russia and the United States remain strained.',
  'The White House said Washington would answer the letter after talks on sanctions and arms control, while the Kremlin said Putin hoped for a summit.',
  '"Russian-American relations remain the most important factor of international stability and security," Putin said in the message, according to the Kremlin.',
  'Relations between Moscow and Washington have soured since Russia annexed Crimea, and the United States imposed sanctions on Russia that Putin called a mistake.',
  'Officials in Washington said the United States would keep the sanctions on Russia in place until Moscow fulfilled its commitments under the Minsk agreements.',
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function badInputPages(): Map<string, BadPage> {
  const hostileTitle = `Putin writes to Trump on US-Russia relations ${PAYLOAD}`;
  const hostile = `<!doctype html><html><head><title>${esc(hostileTitle)}</title>
<meta property="og:title" content="${esc(hostileTitle).replace(/"/g, '&quot;')}">
<meta property="og:type" content="article">
<meta name="description" content="${esc(PAYLOAD).replace(/"/g, '&quot;')} Putin and the United States">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Putin writes to Trump <\\/script><img src=x onerror=window.__pwned=1>","author":{"name":"<svg onload=window.__pwned=1>"}}</script>
</head><body><article><h1>${esc(hostileTitle)}</h1>
${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${esc(p)} ${esc(PAYLOAD)}</p>`).join('\n')}
<p><a href="javascript:window.__pwned=1">Putin</a> ${esc('"<b>Russia is not angry</b>", Putin said.')}</p>
<figure><img src="/x.png" alt="${esc(PAYLOAD).replace(/"/g, '&quot;')}"><figcaption>${esc(PAYLOAD)} Putin and Trump</figcaption></figure>
<p>${esc('"Russian-American relations remain the most important factor <img src=x onerror=window.__pwned=1> of international stability," Putin said.')}</p>
</article></body></html>`;

  // 10 MB of page furniture (a giant link list and many small nodes) around a short on-topic article.
  const furniture = `<li><a href="/x">Link to another story about nothing in particular</a> <span>tag</span></li>\n`;
  const huge = `<!doctype html><html><head><title>Putin, Trump and the state of US-Russia relations</title><meta property="og:type" content="article"></head><body>
<nav><ul>${furniture.repeat(Math.ceil((10 * 1024 * 1024) / furniture.length))}</ul></nav>
<article>${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`;

  const frames = `<!doctype html><html><head><title>Putin and Biden: a page of frames</title></head><body>
${Array.from({ length: 50 }, (_, k) => `<iframe srcdoc="<p>Putin frame ${k}</p>"></iframe>`).join('')}
</body></html>`;

  const articlePage = (
    title: string,
    head = '',
    body = '',
  ) => `<!doctype html><html><head><title>${esc(title)}</title><meta property="og:type" content="article">${head}</head><body>
<article><h1>${esc(title)}</h1>${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article>${body}</body></html>`;
  const title = 'Putin writes to Trump on US-Russia relations';
  const deep = `<!doctype html><html><head><title>${title}</title><meta property="og:type" content="article"></head><body>${'<div>'.repeat(5000)}<article><h1>${title}</h1>${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${esc(p)}</p>`).join('')}</article>${'</div>'.repeat(5000)}</body></html>`;
  // Page scripts that fight us, run before our content script (document_idle): they must not break us,
  // and nothing of theirs may run through us.
  const removesHost = articlePage(
    title,
    '<style>backstory-card { display: none !important; }</style>',
    `<script>
    new MutationObserver(() => document.querySelectorAll('backstory-card').forEach((el) => el.remove())).observe(document.body, { childList: true });
  </script>`,
  );
  const ourNames = articlePage(
    title,
    '',
    `<script>
    customElements.define('backstory-card', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'closed' }); window.__constructed = 1; } });
    customElements.define('backstory-mark', class extends HTMLElement {});
    if (window.CSS && CSS.highlights) { CSS.highlights.set('backstory-name', new Highlight()); CSS.highlights.set('backstory-quote', new Highlight()); }
  </script>`,
  );
  const prototypes = articlePage(
    title,
    '',
    `<script>
    const pwn = () => { window.__pwned = 1; return []; };
    Element.prototype.querySelectorAll = pwn; Document.prototype.querySelectorAll = pwn; Element.prototype.closest = pwn;
    Document.prototype.createTreeWalker = pwn; Document.prototype.createRange = pwn; Node.prototype.contains = pwn;
    Object.defineProperty(Node.prototype, 'textContent', { get: pwn });
    JSON.parse = pwn; Array.prototype.map = function () { window.__pwned = 1; return []; };
    window.MutationObserver = function () { window.__pwned = 1; };
  </script>`,
  );
  const neverLoads = articlePage(title, '', '<img src="/slow/never" alt="">');
  // No JSON-LD, no article container: the text sits in bare blocks among a menu and a footer.
  const bareBlocks = `<!doctype html><html><head><title>${title}</title></head><body><div class="menu"><a href="/">Home</a> <a href="/world">World</a></div>
<div class="c"><div class="h">${title}</div>${ON_TOPIC_PARAGRAPHS.map((p) => `<div class="t">${esc(p)}</div>`).join('\n')}</div><div class="f">© Example</div></body></html>`;

  return new Map<string, BadPage>([
    ['/bad/deep.html', { label: '5 000 levels of nesting around the article', html: deep, onTopic: true }],
    ['/bad/removes-host.html', { label: 'a page that hides and removes our host element', html: removesHost, onTopic: true, cardBlocked: true }],
    [
      '/bad/our-names.html',
      { label: 'a page that defines custom elements and CSS highlights with our names (ours is a plain element: the card shows)', html: ourNames, onTopic: true },
    ],
    ['/bad/prototypes.html', { label: 'a page that overrides DOM prototypes, JSON and Array in its main world', html: prototypes, onTopic: true }],
    ['/bad/never-loads.html', { label: 'a page that never finishes loading', html: neverLoads, onTopic: true, neverLoads: true }],
    [
      '/bad/bare-blocks.html',
      { label: 'an article in bare blocks (no JSON-LD, no article container): read by Readability, loaded for it', html: bareBlocks, onTopic: true, readability: true },
    ],
    ['/spa/article.html', { label: 'a single-page app', html: spaPage(), onTopic: true }],
    ['/bad/hostile.html', { label: 'script payloads in title, JSON-LD, text and links stay text', html: hostile, onTopic: true }],
    ['/bad/huge.html', { label: 'a 10 MB article page is analysed without a crash', html: huge, onTopic: true }],
    ['/bad/no-body.html', { label: 'a page with no body and no title', html: '<!doctype html><html><head></head></html>', onTopic: false }],
    ['/bad/empty-title.html', { label: 'an empty title and an empty body', html: '<!doctype html><html><head><title></title></head><body></body></html>', onTopic: false }],
    ['/bad/frames.html', { label: 'a page made of frames', html: frames, onTopic: false }],
  ]);
}

/**
 * A small single-page app: an on-topic article that can re-render itself (same text, new nodes) and
 * navigate with the History API to an off-topic view, as news sites built on React or Vue do.
 */
function spaPage(): string {
  const offTopic = [
    'The forecast calls for rain across the region through the weekend, with temperatures near the seasonal average.',
    'Forecasters said the heaviest showers would arrive on Saturday afternoon before clearing on Sunday.',
  ];
  const article = (title: string, ps: string[]) => `<h1>${esc(title)}</h1>${ps.map((p) => `<p>${esc(p)}</p>`).join('')}`;
  return `<!doctype html><html><head><title>Putin writes to Trump as US-Russia relations stall</title><meta property="og:type" content="article"></head>
<body><nav><a href="/">Home</a> · Putin, Trump and other names in the menu</nav>
<article id="story">${article('Putin writes to Trump as US-Russia relations stall', ON_TOPIC_PARAGRAPHS)}</article>
<script>
  window.__rerender = () => { const a = document.getElementById('story'); a.innerHTML = a.innerHTML; };
  window.__goOffTopic = () => {
    document.title = 'Weekend weather: rain, then sun';
    document.getElementById('story').innerHTML = ${JSON.stringify(article('Weekend weather: rain, then sun', offTopic))};
    history.pushState({}, '', '/spa/weather.html');
  };
</script></body></html>`;
}

/**
 * Two on-topic articles written for the archive test: the second follows up on the first (the same
 * summit and quote), so once the first is archived it is the second's backstory.
 */
export function archivePages(): Map<string, string> {
  const page = (title: string, ps: string[]) =>
    `<!doctype html><html><head><title>${esc(title)}</title><meta property="og:type" content="article"><meta property="article:published_time" content="2018-07-16T12:00:00Z"></head><body><article><h1>${esc(title)}</h1>${ps.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article></body></html>`;
  const a = page('Putin and Trump meet in Helsinki for their first summit', [
    'Russian President Vladimir Putin and U.S. President Donald Trump met in Helsinki on Monday for their first formal summit, the Kremlin and the White House said.',
    '"We had a direct, open, deeply productive dialogue," Trump told reporters after the talks, standing beside Putin at the Finnish presidential palace.',
    'Putin said relations between Russia and the United States had been going through a difficult period, but that the meeting in Helsinki was a first step.',
    'The leaders discussed arms control, the war in Syria and Ukraine, and accusations of Russian interference in the 2016 U.S. election, which Moscow denies.',
    'Critics in Washington said Trump had been too soft on the Kremlin, while Russian officials called the Helsinki summit a success for dialogue.',
  ]);
  const b = page('A year after Helsinki, Trump and Putin trade letters on arms control', [
    'A year after their summit in Helsinki, Donald Trump and Vladimir Putin exchanged letters on arms control, the Kremlin said on Tuesday.',
    'Trump has repeatedly defended the Helsinki meeting, saying he and Putin had "a direct, open, deeply productive dialogue" about relations between Russia and the United States.',
    'The White House said Washington wanted a new agreement on nuclear weapons that would include China, while Moscow said it was ready for talks.',
    'Relations between Moscow and Washington have worsened since Helsinki over sanctions, Ukraine and Russian interference in American elections.',
    'Putin told reporters in Moscow that Russia would not be the first to leave the remaining treaties, the Kremlin said.',
  ]);
  return new Map([
    ['/archive/helsinki-summit.html', a],
    ['/archive/helsinki-anniversary.html', b],
  ]);
}

/**
 * Pages that try to read, steer or wear Backstory out (issue: no page can freeze, read or steer us).
 * Each is an on-topic article; its script writes what it found into `window.__found` as JSON.
 */
export function watchingPages(): Map<string, string> {
  const article = (
    title: string,
    script: string,
    head = '',
  ) => `<!doctype html><html lang="en"><head><title>${esc(title)}</title><meta property="og:type" content="article">${head}</head><body>
<article><h1>${esc(title)}</h1>${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article><div id="ticker">Markets</div>
<script>${script}</script></body></html>`;
  const title = 'Putin writes to Trump on US-Russia relations';

  // Reads every shadow root it can reach, CSS.highlights, adopted style sheets and the extension's
  // messages, over and over; its own open root and highlight are the positive control.
  const reader = article(
    title,
    `
    const control = document.createElement('div');
    control.attachShadow({ mode: 'open' }).textContent = 'CONTROL-TEXT';
    document.body.append(control);
    if (window.CSS && CSS.highlights) CSS.highlights.set('control-highlight', new Highlight());
    const found = { texts: [], highlights: [], sheets: [], messages: [], wrote: 0 };
    addEventListener('message', (e) => found.messages.push(JSON.stringify(e.data).slice(0, 300)));
    const look = () => {
      for (const el of document.querySelectorAll('*')) {
        const root = el.shadowRoot;
        if (root) {
          found.texts.push(root.textContent.slice(0, 2000));
          try { root.querySelectorAll('*').forEach((n) => { n.textContent = 'REWRITTEN BY THE PAGE'; found.wrote++; }); } catch {}
        }
      }
      if (window.CSS && CSS.highlights) for (const [name] of CSS.highlights) found.highlights.push(name);
      for (const s of document.adoptedStyleSheets || []) found.sheets.push([...s.cssRules].map((r) => r.cssText).join(' ').slice(0, 300));
      document.documentElement.dataset.found = JSON.stringify({ ...found, texts: [...new Set(found.texts)], highlights: [...new Set(found.highlights)] });
    };
    setInterval(look, 250);
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true });
  `,
  );

  // Forges the framework's messages and events (with the extension's id, given in the address, as a page
  // that learnt it would use), and listens for any message from us.
  const forger = article(
    title,
    `
    const id = new URLSearchParams(location.search).get('id') || '';
    const found = { messages: [], dispatched: 0 };
    addEventListener('message', (e) => found.messages.push(JSON.stringify(e.data).slice(0, 300)));
    const forge = () => {
      for (const name of ['content', 'article', 'readability']) {
        document.dispatchEvent(new CustomEvent(id + ':' + name + ':wxt:content-script-started', { detail: { contentScriptName: name, messageId: 'forged' } }));
        window.dispatchEvent(new Event(id + ':' + name + ':wxt:locationchange'));
        window.dispatchEvent(new CustomEvent(id + ':' + name + ':wxt:locationchange', { detail: null }));
        found.dispatched += 3;
      }
      if (window.navigation) for (const type of ['navigate', 'currententrychange', 'navigatesuccess']) { navigation.dispatchEvent(new Event(type)); found.dispatched++; }
      for (const type of ['popstate', 'hashchange']) { window.dispatchEvent(new Event(type)); found.dispatched++; }
      document.documentElement.dataset.found = JSON.stringify(found);
    };
    [1500, 2500, 3500].forEach((t) => setTimeout(forge, t));
  `,
  );

  // The body only in JSON-LD (one string), the page's own blocks holding it differently, page furniture
  // enough that looking through the page costs milliseconds, and a ticker that changes every second (as
  // live pages do): we must stay idle between real changes.
  const body = ON_TOPIC_PARAGRAPHS.join(' ');
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, articleBody: body }).replace(/</g, '\\u003c');
  const ticker = `<!doctype html><html lang="en"><head><title>${esc(title)}</title><meta property="og:type" content="article">
<script type="application/ld+json">${ld}</script></head><body><h1>${esc(title)}</h1>
<div class="story">${ON_TOPIC_PARAGRAPHS.map((p) => `<div class="sentence"><span>${esc(p.slice(0, 40))}</span><span>${esc(p.slice(40))}</span></div>`).join('')}</div>
<div id="ticker">Markets 0</div>
<nav><ul>${Array.from({ length: 3000 }, (_, k) => `<li><a href="/s/${k}">Another story about the markets, number ${k}</a></li>`).join('')}</ul></nav>
<aside>${Array.from({ length: 200 }, (_, k) => `<p>Sidebar item ${k}: weather, sport and the markets in brief, with a line long enough to be read.</p>`).join('')}</aside>
<script>let n = 0; setInterval(() => { document.getElementById('ticker').textContent = 'Markets ' + (++n); }, 1000);</script></body></html>`;

  return new Map([
    ['/watch/reader.html', reader],
    ['/watch/forger.html', forger],
    ['/watch/ticker.html', ticker],
  ]);
}
