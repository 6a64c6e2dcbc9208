/** Where a page is. */

/** The site of an address: its host without "www."; empty when it is not an address. */
export const siteOf = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return ''; // not an address
  }
};
