import { withoutWww } from '../sites/match';
/**
 * URLs as a sweep compares them: one canonical spelling per page, the site a page belongs to, and which
 * links are web pages worth opening (not attachments, images or archives).
 */

/** Extensions of resources that are not HTML pages: opening them in a tab scans nothing. */
const NON_HTML = new Set([
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'et', 'dps', 'ofd', 'txt', 'rtf', 'csv', 'xml', 'json',
  'zip', 'rar', '7z', 'gz', 'tgz', 'tar', 'bz2', 'exe', 'msi', 'apk', 'ipa', 'dmg', 'iso',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'svg', 'ico', 'tif', 'tiff',
  'mp3', 'mp4', 'avi', 'mov', 'wmv', 'flv', 'wav', 'm4a', 'webm', 'swf',
  'css', 'js', 'woff', 'woff2', 'ttf', 'eot',
]);

/**
 * The canonical form of a page URL: absolute, http(s) only, no fragment, host lower-case, default port and
 * an empty query dropped. Null for anything that is not a web page address (mailto:, javascript:, malformed).
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  // An empty query (`page?`) is the page itself; URL.search reads '' for it but href keeps the '?'.
  return u.search === '' && u.href.endsWith('?') ? u.href.slice(0, -1) : u.href;
}

/** Host without a leading `www.`: the registry and links mix both spellings of one site. */
function bareHost(u: URL): string {
  return withoutWww(u.hostname);
}

/**
 * Whether `url` is on the site whose home page is `home`: the same host (with or without `www.`) and the
 * same port. Subdomains are other sites (a city portal links to its departments, which are swept on their own).
 */
export function sameSite(url: string, home: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(home);
    return bareHost(a) === bareHost(b) && a.port === b.port;
  } catch {
    return false;
  }
}

/** The extension of the URL's last path segment, lower-case, or '' when it has none. */
export function extensionOf(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').pop() ?? '';
    const dot = last.lastIndexOf('.');
    return dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
  } catch {
    return '';
  }
}

/** A link worth opening as a page: not a document, image, archive or other download by its extension. */
export function looksLikePage(url: string): boolean {
  return !NON_HTML.has(extensionOf(url));
}

/** The politeness key of a URL: its host with the port, so two servers on one machine are kept apart. */
export function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
