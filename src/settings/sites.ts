/**
 * Where Backstory runs by default: the major news outlets (agencies, national papers, broadcasters) of
 * the languages it reads, plus a few covering Russia closely. The content script is registered for
 * these only (no <all_urls>); a reader adds more in the options, each granted as an optional host
 * permission. Also what a site is, and whether the reader turned Backstory off on one, without the
 * storage library (the first look, on every news page, loads this). Portals are listed by their news
 * host only (news.yahoo.com, not yahoo.com's mail).
 */
import { browser } from 'wxt/browser';
import { siteOf } from '../text/urls';

/** By language; each an outlet a reader knows as news, with what it is. */
export const NEWS_SITES_BY_LANGUAGE = {
  en: [
    'reuters.com', // Reuters, agency
    'apnews.com', // Associated Press, agency
    'nytimes.com',
    'washingtonpost.com',
    'wsj.com',
    'usatoday.com',
    'latimes.com',
    'foxnews.com',
    'cnn.com',
    'nbcnews.com',
    'cbsnews.com',
    'abcnews.go.com',
    'npr.org',
    'politico.com',
    'axios.com',
    'thehill.com',
    'bloomberg.com',
    'newsweek.com',
    'theatlantic.com',
    'businessinsider.com',
    'news.yahoo.com', // Yahoo News (the portal's news host only)
    'bbc.com', // BBC, broadcaster (also its Russian, Ukrainian and other services)
    'bbc.co.uk',
    'theguardian.com',
    'ft.com',
    'economist.com',
    'aljazeera.com',
    'rferl.org', // Radio Free Europe / Radio Liberty
    'themoscowtimes.com',
    'kyivindependent.com',
  ],
  ru: [
    'tass.ru', // TASS, agency
    'ria.ru', // RIA Novosti, agency
    'interfax.ru', // Interfax, agency
    'kommersant.ru',
    'vedomosti.ru',
    'rbc.ru', // RBC, business daily and broadcaster
    'rg.ru', // Rossiyskaya Gazeta
    'iz.ru', // Izvestia
    'lenta.ru',
    'gazeta.ru',
    'novayagazeta.eu', // Novaya Gazeta Europe
    'meduza.io',
    'svoboda.org', // Radio Liberty's Russian service
  ],
  uk: [
    'ukrinform.ua', // Ukrinform, state agency
    'unian.ua', // UNIAN, agency
    'pravda.com.ua', // Ukrainska Pravda
    'suspilne.media', // Suspilne, public broadcaster
    'nv.ua', // Novoye Vremya
    'zn.ua', // Dzerkalo Tyzhnia
    'radiosvoboda.org', // Radio Liberty's Ukrainian service
  ],
  de: [
    'tagesschau.de', // ARD, public broadcaster
    'zdf.de', // ZDF, public broadcaster
    'dw.com', // Deutsche Welle, broadcaster (also in Russian, Ukrainian, Polish...)
    'spiegel.de',
    'zeit.de',
    'faz.net',
    'sueddeutsche.de',
    'welt.de',
    'handelsblatt.com',
    'n-tv.de',
    'derstandard.at',
    'nzz.ch',
  ],
  fr: [
    'afp.com', // Agence France-Presse, agency
    'lemonde.fr',
    'lefigaro.fr',
    'liberation.fr',
    'lesechos.fr',
    'leparisien.fr',
    'ouest-france.fr',
    'francetvinfo.fr', // France Télévisions, public broadcaster
    'rfi.fr', // Radio France Internationale
    'france24.com',
    'lesoir.be',
    'rts.ch',
  ],
  es: [
    'efe.com', // EFE, agency
    'elpais.com',
    'elmundo.es',
    'abc.es',
    'lavanguardia.com',
    'elconfidencial.com',
    'rtve.es', // RTVE, public broadcaster
    'infobae.com',
    'clarin.com',
    'lanacion.com.ar',
    'eltiempo.com',
    'eluniversal.com.mx',
  ],
  it: [
    'ansa.it', // ANSA, agency
    'corriere.it',
    'repubblica.it',
    'lastampa.it',
    'ilsole24ore.com',
    'ilfattoquotidiano.it',
    'ilgiornale.it',
    'rainews.it', // RAI, public broadcaster
    'tgcom24.mediaset.it',
  ],
  pt: [
    'lusa.pt', // Lusa, agency
    'agenciabrasil.ebc.com.br', // Agência Brasil, public agency
    'folha.uol.com.br', // Folha de S.Paulo
    'estadao.com.br',
    'oglobo.globo.com',
    'g1.globo.com', // Globo's news
    'cnnbrasil.com.br',
    'publico.pt',
    'observador.pt',
    'expresso.pt',
    'dn.pt',
    'rtp.pt', // RTP, public broadcaster
  ],
  pl: [
    'pap.pl', // Polish Press Agency
    'rp.pl', // Rzeczpospolita
    'wyborcza.pl', // Gazeta Wyborcza
    'tvn24.pl',
    'polsatnews.pl',
    'tvp.info', // TVP, public broadcaster
    'polskieradio.pl', // Polish Radio
    'wiadomosci.onet.pl', // Onet's news
    'dziennik.pl',
    'money.pl',
  ],
} as const;

export const DEFAULT_NEWS_SITES: readonly string[] = Object.values(NEWS_SITES_BY_LANGUAGE).flat();

/** Match patterns for a site and its subdomains (www., edition., ...), both schemes. */
export const matchPatterns = (sites: readonly string[]) => sites.flatMap((s) => [`*://${s}/*`, `*://*.${s}/*`]);

/** Where the settings keep the sites the reader turned Backstory off on (`settings.turnedOffSites`; the key is older than the name). */
export const TURNED_OFF_SITES_KEY = 'disabledSites';

/**
 * Whether the reader turned Backstory off on this address's site, read straight from extension storage:
 * the first look runs on every page of the news sites, and loading the storage library there for this
 * one read made up a third of its script.
 */
export async function isTurnedOff(url: string): Promise<boolean> {
  return (await offReason(url)) !== null;
}

/** Where the settings keep the global pause (`settings.paused`). */
export const PAUSED_KEY = 'paused';

/** Why Backstory does not run on this address: paused everywhere, off on its site, or null (it runs). */
export type OffReason = 'paused' | 'site' | null;

const reasonFrom = (values: Record<string, unknown>, url: string): OffReason => {
  const sites = values[TURNED_OFF_SITES_KEY];
  return values[PAUSED_KEY] === true ? 'paused' : Array.isArray(sites) && sites.includes(siteOf(url)) ? 'site' : null;
};

export async function offReason(url: string): Promise<OffReason> {
  return reasonFrom(await browser.storage.local.get([TURNED_OFF_SITES_KEY, PAUSED_KEY]), url);
}

/** Resolves true once the reader turns Backstory on again for this address (resumed, and on for its site), false if `signal` ends first. */
export function turnedOn(url: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local' || !(TURNED_OFF_SITES_KEY in changes || PAUSED_KEY in changes)) return;
      void offReason(url).then((reason) => {
        if (reason !== null) return;
        browser.storage.onChanged.removeListener(listener);
        resolve(true);
      });
    };
    browser.storage.onChanged.addListener(listener);
    signal.addEventListener('abort', () => (browser.storage.onChanged.removeListener(listener), resolve(false)), { once: true });
  });
}
