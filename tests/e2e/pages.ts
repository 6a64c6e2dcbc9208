/**
 * Hand-written pages for bad input: broken, huge and hostile. Each payload, if it ever ran, would set
 * window.__pwned; page text that mentions Putin and the US sits in places our UI shows.
 */
export interface BadPage {
  label: string;
  html: string;
  onTopic: boolean;
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
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Putin writes to Trump <\\/script><img src=x onerror=window.__pwned=1>","author":{"name":"<svg onload=window.__pwned=1>"}}</script>
</head><body><article><h1>${esc(hostileTitle)}</h1>
${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${esc(p)} ${esc(PAYLOAD)}</p>`).join('\n')}
<p><a href="javascript:window.__pwned=1">Putin</a> ${esc('"<b>Russia is not angry</b>", Putin said.')}</p>
</article></body></html>`;

  // 10 MB of page furniture (a giant link list and many small nodes) around a short on-topic article.
  const furniture = `<li><a href="/x">Link to another story about nothing in particular</a> <span>tag</span></li>\n`;
  const huge = `<!doctype html><html><head><title>Putin, Trump and the state of US-Russia relations</title><meta property="og:type" content="article"></head><body>
<nav><ul>${furniture.repeat(Math.ceil((10 * 1024 * 1024) / furniture.length))}</ul></nav>
<article>${ON_TOPIC_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`;

  const frames = `<!doctype html><html><head><title>Putin and Biden: a page of frames</title></head><body>
${Array.from({ length: 10 }, (_, k) => `<iframe srcdoc="<p>Putin frame ${k}</p>"></iframe>`).join('')}
</body></html>`;

  return new Map<string, BadPage>([
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
  const offTopic = ['The forecast calls for rain across the region through the weekend, with temperatures near the seasonal average.', 'Forecasters said the heaviest showers would arrive on Saturday afternoon before clearing on Sunday.'];
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
