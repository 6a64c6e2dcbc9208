import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isTurnedOff, parseSite, setTurnedOff, settings, siteOf } from '../../src/settings';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads a site the way a reader types it, and refuses what is not a host', () => {
    expect(parseSite('https://www.Example.com/world/x')).toBe('example.com');
    expect(parseSite('  news.example.co.uk ')).toBe('news.example.co.uk');
    expect(parseSite('example')).toBeNull();
    expect(parseSite('javascript:alert(1)')).toBeNull();
    expect(parseSite('<img src=x>.com')).toBeNull();
    expect(parseSite('')).toBeNull();
    expect(parseSite('a'.repeat(300) + '.com')).toBeNull();
  });

  it('turns a site off and on again, www. or not, and remembers it', async () => {
    expect(await isTurnedOff('https://www.reuters.com/world/a')).toBe(false);
    await setTurnedOff('https://reuters.com/', true);
    expect(await isTurnedOff('https://www.reuters.com/world/a')).toBe(true);
    expect(await settings.turnedOffSites.getValue()).toEqual(['reuters.com']);
    await setTurnedOff('https://www.reuters.com/b', false);
    expect(await isTurnedOff('https://reuters.com/')).toBe(false);
    expect(siteOf('not a url')).toBe('');
  });

  it('is read straight from storage the way the settings item writes it (the first look has no settings library)', async () => {
    for (const [url, off] of [
      ['https://reuters.com/', true],
      ['https://www.apnews.com/a', true],
      ['https://reuters.com/', false],
    ] as const) {
      await setTurnedOff(url, off);
      const sites = await settings.turnedOffSites.getValue();
      for (const page of ['https://www.reuters.com/world/a', 'https://apnews.com/b', 'https://example.com/', 'not a url'])
        expect(await isTurnedOff(page)).toBe(sites.includes(siteOf(page)));
    }
    expect(await isTurnedOff('https://apnews.com/b')).toBe(true);
    await browser.storage.local.set({ disabledSites: 'reuters.com' });
    expect(await isTurnedOff('https://reuters.com/')).toBe(false);
  });

  it('has defaults a new reader expects: marks and card on, normal sensitivity, automatic theme', async () => {
    expect(await settings.marks.getValue()).toBe(true);
    expect(await settings.card.getValue()).toBe(true);
    expect(await settings.sensitivity.getValue()).toBe('normal');
    expect(await settings.theme.getValue()).toBe('auto');
    expect(await settings.extraSites.getValue()).toEqual([]);
  });
});

describe('the default news sites', () => {
  it('list the major outlets of every language read, each a distinct host name, none a portal’s whole domain', async () => {
    const { DEFAULT_NEWS_SITES, NEWS_SITES_BY_LANGUAGE, matchPatterns } = await import('../../src/settings/sites');
    for (const lang of ['en', 'ru', 'uk', 'de', 'fr', 'es', 'it', 'pt', 'pl'] as const) expect(NEWS_SITES_BY_LANGUAGE[lang].length, lang).toBeGreaterThanOrEqual(7);
    expect(new Set(DEFAULT_NEWS_SITES).size).toBe(DEFAULT_NEWS_SITES.length);
    for (const site of DEFAULT_NEWS_SITES) expect(site).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    for (const portal of ['yahoo.com', 'globo.com', 'uol.com.br', 'onet.pl']) expect(DEFAULT_NEWS_SITES).not.toContain(portal);
    expect(matchPatterns(DEFAULT_NEWS_SITES)).toHaveLength(2 * DEFAULT_NEWS_SITES.length);
  });
});

describe('the welcome page', () => {
  beforeEach(() => fakeBrowser.reset());

  it('opens on install only: not on an update of the extension or of the browser', async () => {
    const { welcomeOnInstall } = await import('../../src/settings/welcome');
    const { settings } = await import('../../src/settings');
    let opened = 0;
    const open = async () => void opened++;
    for (const reason of ['update', 'browser_update', 'shared_module_update']) expect(await welcomeOnInstall(reason, open)).toBe(false);
    expect(opened).toBe(0);
    expect(await welcomeOnInstall('install', open)).toBe(true);
    expect(await welcomeOnInstall('update', open)).toBe(false);
    expect(opened).toBe(1);
    expect(await settings.welcomeOpened.getValue()).toBe(1);
  });

  it('remembers per site that the card was hidden, and forgets it when opened again', async () => {
    const { setCardHidden, settings } = await import('../../src/settings');
    await setCardHidden('https://www.reuters.com/world/x', true);
    await setCardHidden('https://apnews.com/y', true);
    expect(await settings.cardHiddenSites.getValue()).toEqual(['reuters.com', 'apnews.com']);
    await setCardHidden('https://reuters.com/z', false);
    expect(await settings.cardHiddenSites.getValue()).toEqual(['apnews.com']);
  });
});
