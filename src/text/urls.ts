/** Where a page is. */

/** An address only when it is a web address (http or https): what the archive keeps and links to. */
export const webAddress = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** The site of an address: its host without "www."; empty when it is not an address. */
export const siteOf = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return ''; // not an address
  }
};
